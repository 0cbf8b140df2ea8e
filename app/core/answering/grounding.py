"""A computed metric as an answer the Ask panel and ``finlens ask`` show: number first, each input cited to its cell.

:func:`computed_answer` is the answer engine's first step without a model: when the question asks for a metric of a
company and period and every input is in the statements, the answer is that sentence, with one ``[n]`` per input
page; clicking it opens the page with the input cells highlighted (not the whole table). When an input is missing or
ambiguous there is no computed answer, and :attr:`Computed.note` says why, so the engine can say it above the
passages it falls back to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.answering.answer_records import DERIVED, MODE_EXTRACTIVE, SUPPORTED, Answer, Passage
from app.core.answering.citations import finish_citation, resolve_citations
from app.core.answering.numbers import check_numbers
from app.core.figures.answers import asks_for_a_figure
from app.core.figures.concepts import Fact
from app.core.figures.lookup import compute, compute_asked
from app.core.question import Question
from app.core.records import Chunk, DocumentInfo, Rect, SearchHit

COMPUTED_NOTE = ("Computed from the financial statements FinLens read from the filing; each input is cited to its "
                 "cell. Connect a model in Settings > Answers for written answers to other questions.")


@dataclass
class Computed:
    """The computed answer (None when there is none) and, without one, the reason to show (or "")."""

    answer: Answer | None
    note: str = ""


def computed_answer(library: Any, question: str, passages: list[Passage], *,
                    company: str | None = None, doc_ids: list[str] | None = None,
                    record: Question | None = None) -> Computed:
    """Answer a metric question from the statements, citing each input's cell.

    Args:
        library: the library (documents, statements and chunks).
        question: the analyst's question.
        passages: the passages retrieved for it; a cited input reuses the one that holds its page.
        company: the company the search filter names, if any.
        doc_ids: compute from these documents only (a search restricted to documents), in this order.
        record: the question as the search read it (:func:`app.core.question.understand`), else read here.
    Returns:
        A :class:`Computed`: the answer, or None with the reason when a metric was asked but not computable, or
        None and no reason when the question is not a metric question.
    """
    if not (record.asks_figure if record is not None else asks_for_a_figure(question)):
        return Computed(None)
    documents = None
    if doc_ids:
        documents = [d for d in (library.get_document(doc_id) for doc_id in doc_ids) if d is not None]
    computed = compute_asked(library, record, company=company, documents=documents) if record is not None else \
        compute(library, question, company=company, documents=documents)
    if computed is None:
        return Computed(None)
    answer = computed.answer
    document = computed.document
    if answer.value is None or document is None:  # no figure (no filing is read for a question not understood)
        return Computed(None, f"{answer.error} Showing the passages instead.")
    cited = list(passages)
    numbers: dict[tuple[str, int], int] = {}  # (doc_id, page) -> passage number
    pieces = []
    for fact in answer.inputs:
        key = (document.doc_id, fact.page)
        if key not in numbers:
            passage = _passage_for(library, document, fact, cited)
            if passage is None:
                return Computed(None)  # the document's chunks are gone (removed meanwhile)
            numbers[key] = passage.number
        pieces.append(f"{fact.row.label}, {fact.period.label()}: {printed(fact)} [{numbers[key]}]")
    if len(answer.inputs) == 1 and answer.query.mode == "value":
        text = f"{answer.sentence()[:-1]} [{next(iter(numbers.values()))}]."  # one line item: cite it, no list
    else:
        text = f"{answer.sentence()} Inputs: {'; '.join(pieces)}."
    citations = resolve_citations(text, cited, None).citations
    for citation in citations:
        cells = [f.cell.rect for f in answer.inputs if f.cell.rect is not None
                 and (document.doc_id, f.page) in numbers and numbers[(document.doc_id, f.page)]
                 == citation.number]
        citation.quote_rects = [rect for rect in cells if isinstance(rect, Rect)]
        citation.quote = "; ".join(f"{f.row.label} {f.cell.text}" for f in answer.inputs
                                   if numbers.get((document.doc_id, f.page)) == citation.number)
        finish_citation(citation)
    checks = check_numbers(text, cited)
    # The headline (and the exact figure and per-year values beside it) is the formula evaluated on the cited cells.
    head_end = min((i for i in (text.find(", computed as"), text.find(": \u201c")) if i >= 0), default=len(text))
    for check in checks:
        if headline_start(text) <= check.start < head_end and check.status != SUPPORTED:
            # Derived, with the formula as evidence.
            check.status = DERIVED
            check.evidence = f"{answer.formula()} = {answer.headline()}, from the cited statement cells"
            check.passages = sorted({c.number for c in citations})
    return Computed(Answer(question, text, MODE_EXTRACTIVE, cited, citations, checks, note=COMPUTED_NOTE))


def headline_start(text: str) -> int:
    """Where a computed answer's headline figure starts ("Acme's FY2023 quick ratio was 0.37, …" → at "0.37")."""
    at = text.find(" was ")
    return at + 5 if at >= 0 else 0


def printed(fact: Fact) -> str:
    """An input as an analyst writes it: "$1,874 million" (a money cell of a table in millions), "6.29" per share."""
    scale = fact.table.scale if not fact.row.per_share else ""
    text = fact.cell.text.replace("$", "").strip()
    if not scale:
        return text
    singular = scale[:-1] if scale.endswith("s") else scale
    return f"${text} {singular}" if not text.endswith("%") else text


def _passage_for(library: Any, document: DocumentInfo, fact: Fact, passages: list[Passage]) -> Passage | None:
    """The retrieved passage holding the fact's page, else a new one made of the chunk that holds its cell."""
    for passage in passages:
        if passage.document.doc_id == document.doc_id and fact.page in passage.pages:
            return passage
    chunks = [c for c in library.chunks_of(document.doc_id) if fact.page in c.pages]
    if not chunks:
        return None
    chunk = next((c for c in chunks if fact.cell.rect is not None and _holds(c, fact.cell.rect)), chunks[0])
    hit = SearchHit(chunk=chunk, document=document, score=1.0, snippet=chunk.text[:200])
    passage = Passage(number=max((p.number for p in passages), default=0) + 1, hit=hit, chunks=[chunk],
                      scale=fact.table.multiplier if not fact.row.per_share else None)
    passages.append(passage)
    return passage


def _holds(chunk: Chunk, rect: Rect) -> bool:
    """Whether one of the chunk's line boxes holds the cell (same page, vertically overlapping)."""
    return any(r.page == rect.page and r.y0 - 1 <= (rect.y0 + rect.y1) / 2 <= r.y1 + 1 for r in chunk.rects)
