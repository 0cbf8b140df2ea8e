"""Citations numbered as a reader meets them: [1], [2], [3] in order of first appearance in the answer.

Passages are numbered by retrieval rank when the context is built, and an answer cites some of them in its own order,
so the marks a reader saw were "[6]" or "[1][3][8]". Once an answer is final, its cited passages are renumbered 1, 2,
3 … in the order the text first cites them (the passages it does not cite follow, in their old order), and every
place that names a passage number or a position in the text follows: the marks, the citations, the number checks
(passages and character offsets) and the computed facts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.core.answering.answer_records import Answer
from app.core.answering.citations import INFERRED_WORD, parse_citations


def _rewrite_marks(text: str, mapping: dict[int, int]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every mark renumbered; and the edits as (end of the old mark, change in length)."""
    pieces: list[str] = []
    edits: list[tuple[int, int]] = []
    at = 0
    for mark in parse_citations(text):
        new = "[" + ", ".join(str(mapping.get(n, n)) for n in mark.numbers)
        new += f", {INFERRED_WORD}]" if mark.inferred else "]"
        pieces += [text[at:mark.start], new]
        edits.append((mark.end, len(new) - (mark.end - mark.start)))
        at = mark.end
    pieces.append(text[at:])
    return "".join(pieces), edits


def _shifted(position: int, edits: list[tuple[int, int]]) -> int:
    """Where ``position`` of the old text is in the new one (a mark's own start stays, its end moves with it)."""
    return position + sum(change for end, change in edits if end <= position)


def number_in_citation_order(answer: Answer) -> Answer:
    """Renumber ``answer``'s passages in the order its text first cites them (in place; returns it).

    An answer that cites a number no passage has is left as it is: its marks must keep saying what the model wrote.
    """
    by_number = {p.number: p for p in answer.passages}
    marks = parse_citations(answer.text)
    cited = list(dict.fromkeys(n for mark in marks for n in mark.numbers))
    if not cited or any(n not in by_number for n in cited):
        return answer
    order = cited + [p.number for p in answer.passages if p.number not in cited]
    mapping = {old: new for new, old in enumerate(order, start=1)}
    if all(old == new for old, new in mapping.items()):
        return answer
    answer.text, edits = _rewrite_marks(answer.text, mapping)
    passages = {old: replace(passage, number=mapping[old]) for old, passage in by_number.items()}
    answer.passages = sorted(passages.values(), key=lambda p: p.number)
    for citation in answer.citations:
        citation.passage = passages[citation.number]
        citation.number = mapping[citation.number]
        citation.spans = [(_shifted(start, edits), _shifted(end, edits)) for start, end in citation.spans]
    answer.citations.sort(key=lambda c: c.number)
    for check in answer.numbers:
        check.start, check.end = _shifted(check.start, edits), _shifted(check.end, edits)
        check.passages = [mapping.get(n, n) for n in check.passages]
        check.evidence = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]",
                                check.evidence)
    for fact in answer.facts:
        fact.text = _rewrite_marks(fact.text, mapping)[0]
        fact.passages = [mapping.get(n, n) for n in fact.passages]
    return answer
