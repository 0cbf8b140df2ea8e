"""Checking the numbers of an answer against the passages it cites.

Every amount, percentage and year in the answer is extracted and normalised:

* scale words: "$1,577 million" == "1.577 billion" == "1,577" in a table labelled "(In millions)";
* accounting negatives "(5,563)" and minus signs; signs are ignored when comparing (answers say "a loss of 5,563");
* rounding: "$1.6 billion" matches 1,577 million (the answer's last digit bounds the error), and "24.3%" in a
  passage matches "24.26%" in the answer (within the passage's rounding and 1%).

A number found in a cited passage is "supported"; one computed from passage numbers by a simple step (sum,
difference, ratio, percentage or change between two numbers) is "derived" only when that step is a named formula
whose meaning matches the claim (:mod:`.meaning`: a change of one line item between two periods, a named metric's
inputs, a share the sentence names), with the formula and its name as evidence; anything else is "unsupported".
With a model, the figures FinLens computed from the statements (:class:`ComputedFact`) are given to it too: a number
matching one is "derived", with the fact's formula as evidence. A number stated in a
sentence that cites nothing gets the passage it was found in as an inferred citation (:func:`uncited_sources` finds
them; the check then says so in ``citation_inferred``). Years are checked literally, never as amounts; dates, list
numbering and small counts are "not_checked". Reading the numbers
(:func:`~app.core.finance.quantities.extract_quantities`) belongs to :mod:`app.core.finance.quantities`; this module
compares them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.core.answering.answer_records import (
    DERIVED,
    NOT_CHECKED,
    SUPPORTED,
    UNSUPPORTED,
    ComputedFact,
    NumberCheck,
    Passage,
)
from app.core.answering.citations import CitationMark, marks_by_sentence, parse_citations, strip_citations
from app.core.answering.meaning import (
    CHANGE_PERCENT,
    DIFFERENCE,
    RATIO,
    SHARE_PERCENT,
    SUM,
    Operand,
    clause_around,
    line_item,
    named_formula,
)
from app.core.finance.quantities import YEAR_NUMBER, Quantity, extract_quantities, scale_name

__all__ = ["Quantity", "check_numbers", "extract_quantities", "uncited_sources"]  # the parser's names too
FACT_EVIDENCE = "computed by FinLens from the statements"
MAX_PAIRS = 40  # close pairs of one formula whose meaning is checked before giving up on it
_PERCENT_OPERATIONS = {"{a} / {b} × 100": SHARE_PERCENT, "({a} − {b}) / {b} × 100": CHANGE_PERCENT}
_AMOUNT_OPERATIONS = {"{a} + {b}": SUM, "{a} − {b}": DIFFERENCE, "{a} / {b}": RATIO}


@dataclass
class _Candidate:
    value: float  # absolute value compared
    passage: int
    quantity: Quantity
    scaled_by_table: bool = False
    label: str | None = None  # the line item it belongs to (read when a derivation needs it)


@dataclass(frozen=True)
class _Claim:
    """Where a figure of the answer stands: its sentence and the clause that states it (what it claims to be)."""

    sentence: str
    clause: str


def _passage_candidates(passage: Passage) -> tuple[list[_Candidate], list[_Candidate], set[int]]:
    """Amount and percent candidates of a passage, and the years it mentions."""
    amounts: list[_Candidate] = []
    percents: list[_Candidate] = []
    years: set[int] = set()
    text = passage.text
    heading = " ".join(c.heading for c in passage.chunks if c.heading)
    for quantity in extract_quantities(text + "\n" + heading):
        if quantity.kind == "year":
            years.add(int(abs(quantity.number)))
            continue
        if quantity.kind == "percent":
            percents.append(_Candidate(abs(quantity.number), passage.number, quantity))
            continue
        if quantity.kind in ("date", "reference"):
            continue
        amounts.append(_Candidate(abs(quantity.value), passage.number, quantity))
        if quantity.scale is None and passage.scale:
            amounts.append(_Candidate(abs(quantity.number) * passage.scale, passage.number, quantity, True))
        if quantity.kind in ("count", "list", "amount") and quantity.scale is None:
            # a plain table number may also be a percentage column ("Gross margin 40.0")
            percents.append(_Candidate(abs(quantity.number), passage.number, quantity))
    document = passage.document
    if document.fiscal_year:
        years.add(int(document.fiscal_year))
    for found in YEAR_NUMBER.findall(f"{document.label} {document.title} {heading}"):
        years.add(int(found))
    return amounts, percents, years


def _close(answer: Quantity, answer_value: float, candidate: _Candidate) -> str:
    """"" when no match; else how it matched ("exact" or "rounded")."""
    difference = abs(answer_value - candidate.value)
    scale = max(abs(answer_value), candidate.value, 1e-12)
    if difference <= 1e-9 * scale:
        return "exact"
    if answer.kind == "percent":
        answer_half = 0.5 * 10.0 ** (-answer.decimals)
    else:
        answer_half = answer.half_unit
    if difference <= answer_half * (1 + 1e-9):
        return "rounded"
    source = candidate.quantity
    source_half = 0.5 * 10.0 ** (-source.decimals) * (
        source.scale or (candidate.value / abs(source.number) if source.number and candidate.scaled_by_table else 1.0))
    if difference <= source_half * (1 + 1e-9) and difference <= 0.01 * candidate.value:
        return "rounded"
    return ""


def _describe(candidate: _Candidate, passage_scales: dict[int, float | None]) -> str:
    quantity = candidate.quantity
    text = quantity.text
    if candidate.scaled_by_table:
        word = scale_name(passage_scales.get(candidate.passage))
        if word:
            text += f" (in {word})"
    return f"{text} in [{candidate.passage}]"


def _derive(answer: Quantity, answer_value: float, pool: list[_Candidate], claim: _Claim,
            label: Callable[[_Candidate], str]) -> str:
    """A named formula over two pool numbers that gives the answer within its rounding and means what the answer
    claims (:func:`~app.core.answering.meaning.named_formula`), as evidence; or ""."""
    if len(pool) < 2:
        return ""
    values = np.asarray([c.value for c in pool], dtype=np.float64)
    tolerance = (0.5 * 10.0 ** (-answer.decimals)) if answer.kind == "percent" else answer.half_unit
    tolerance = max(tolerance * (1 + 1e-9), 1e-12)
    target = abs(answer_value)
    a = values[:, None]
    b = values[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        if answer.kind == "percent":
            grids = {"{a} / {b} × 100": a / b * 100.0, "({a} − {b}) / {b} × 100": (a - b) / b * 100.0}
            operations = _PERCENT_OPERATIONS
        else:
            grids = {"{a} + {b}": a + b, "{a} − {b}": a - b, "{a} / {b}": a / b}
            operations = _AMOUNT_OPERATIONS
    for template, grid in grids.items():
        close = np.abs(np.abs(grid) - target) <= tolerance
        np.fill_diagonal(close, False)
        for i, j in np.argwhere(close)[:MAX_PAIRS]:
            first, second = pool[i], pool[j]
            if operations[template] == DIFFERENCE and first.value < second.value:
                continue  # the same pair the other way round reads as "later − earlier"
            name = named_formula(operations[template], Operand(first.quantity.text, label(first)),
                                 Operand(second.quantity.text, label(second)), claim.sentence, claim.clause)
            if name:
                return template.format(a=first.quantity.text, b=second.quantity.text) + f" = {answer.text} ({name})"
    return ""


def _fact_candidates(facts: list[ComputedFact]) -> list[tuple[ComputedFact, _Candidate]]:
    """The headline figure of each fact as a candidate ("24.26x" reads as 24.26)."""
    found = []
    for fact in facts:
        written = fact.value_text.strip().rstrip("x×").replace("percentage points", "")
        quantities = [q for q in extract_quantities(written) if q.kind in ("amount", "percent", "count")]
        if quantities:
            quantity = quantities[0]
            value = abs(quantity.number) if quantity.kind == "percent" else abs(quantity.value)
            found.append((fact, _Candidate(value, fact.passages[0] if fact.passages else 0, quantity)))
    return found


def _match_fact(quantity: Quantity, answer_value: float,
                facts: list[tuple[ComputedFact, _Candidate]]) -> tuple[ComputedFact, _Candidate] | None:
    for fact, candidate in facts:
        if (quantity.kind == "percent") != (candidate.quantity.kind == "percent"):
            continue
        if _close(quantity, answer_value, candidate):
            return fact, candidate
    return None


_Candidates = dict[int, tuple[list[_Candidate], list[_Candidate], set[int]]]
_Sentences = list[tuple[tuple[int, int], list[CitationMark]]]


def check_numbers(text: str, passages: list[Passage], facts: list[ComputedFact] | None = None) -> list[NumberCheck]:
    """Check every number of an answer against the passages (cited ones first) and the computed facts.

    Args:
        text: the answer, with its ``[n]`` citation marks.
        passages: the numbered passages it was written from.
        facts: figures FinLens computed from the statements and gave the model.

    Returns:
        One :class:`NumberCheck` per number, in text order.
    """
    blanked = strip_citations(text)
    quantities = extract_quantities(blanked)
    if not quantities:
        return []
    by_number = {p.number: p for p in passages}
    candidates = {p.number: _passage_candidates(p) for p in passages}
    scales = {p.number: p.scale for p in passages}
    marks = parse_citations(text)
    cited_anywhere = [n for m in marks for n in m.numbers if n in by_number]
    sentences = marks_by_sentence(text, marks)
    fact_candidates = _fact_candidates(facts or [])
    sources: dict[int, _Candidate] = {}  # start of a supported figure → the passage number that supports it
    checks: list[NumberCheck] = []
    for quantity in quantities:
        sentence_marks = next((ms for (s, e), ms in sentences if s <= quantity.start < e), [])
        sentence_cites = [n for m in sentence_marks for n in m.numbers if n in by_number]
        only_inferred = bool(sentence_cites) and all(m.inferred for m in sentence_marks)
        scopes = [list(dict.fromkeys(sentence_cites)), list(dict.fromkeys(cited_anywhere)), list(by_number)]
        check = NumberCheck(text=quantity.text, start=quantity.start, end=quantity.end, value=quantity.value,
                            kind=quantity.kind if quantity.kind in ("percent", "year") else "amount",
                            status=UNSUPPORTED)
        if quantity.kind in ("date", "list", "count", "reference"):
            check.status = NOT_CHECKED
            checks.append(check)
            continue
        cited = set(scopes[0]) | set(scopes[1])
        if quantity.kind == "year":
            _check_year(check, quantity, scopes, candidates)
            checks.append(check)
            continue
        answer_value = abs(quantity.number) if quantity.kind == "percent" else abs(quantity.value)
        best = _check_in_passages(check, quantity, answer_value, scopes, candidates, scales, cited)
        if best is not None:
            sources[quantity.start] = best
        if check.status == UNSUPPORTED:
            _check_in_facts(check, quantity, answer_value, fact_candidates)
        if only_inferred and check.status in (SUPPORTED, DERIVED):
            check.citation_inferred = True
            check.evidence += "; the answer cited nothing here, FinLens inferred the citation"
        checks.append(check)
    _check_derivations(blanked, quantities, checks, sources, by_number, candidates, sentences, cited_anywhere)
    return checks


def _check_year(check: NumberCheck, quantity: Quantity, scopes: list[list[int]], candidates: _Candidates) -> None:
    """Mark a year supported by the first scope whose passages mention it."""
    year = int(abs(quantity.number))
    for scope in scopes:
        found = [n for n in scope if year in candidates[n][2]]
        if found:
            check.status, check.passages = SUPPORTED, found
            check.evidence = f"{year} in [{found[0]}]"
            break


def _check_in_passages(check: NumberCheck, quantity: Quantity, answer_value: float, scopes: list[list[int]],
                       candidates: _Candidates, scales: dict[int, float | None], cited: set[int]) -> _Candidate | None:
    """Mark a figure supported by the first scope with a matching number; the best match, or None."""
    for scope in scopes:
        hits: list[tuple[str, _Candidate]] = []
        for number in scope:
            amounts, percents, _ = candidates[number]
            for candidate in (percents if quantity.kind == "percent" else amounts):
                how = _close(quantity, answer_value, candidate)
                if how:
                    hits.append((how, candidate))
        if hits:
            hits.sort(key=lambda h: h[0] != "exact")
            how, best = hits[0]
            check.status = SUPPORTED
            check.passages = list(dict.fromkeys(c.passage for _, c in hits))
            check.source_text = best.quantity.numeral
            check.evidence = _describe(best, scales) + (" (rounded)" if how == "rounded" else "")
            if best.passage not in cited:
                check.evidence += ", which the answer does not cite there"
            return best
    return None


def _check_in_facts(check: NumberCheck, quantity: Quantity, answer_value: float,
                    fact_candidates: list[tuple[ComputedFact, _Candidate]]) -> None:
    """Mark a figure derived when it matches a fact FinLens computed."""
    matched = _match_fact(quantity, answer_value, fact_candidates)
    if matched is not None:
        fact, _ = matched
        check.status, check.passages = DERIVED, list(fact.passages)
        check.evidence = f"{fact.formula} = {fact.value_text}, {FACT_EVIDENCE} (inputs in " + \
            ", ".join(f"[{n}]" for n in fact.passages) + ")"


def _check_derivations(blanked: str, quantities: list[Quantity], checks: list[NumberCheck],
                       sources: dict[int, _Candidate], by_number: dict[int, Passage], candidates: _Candidates,
                       sentences: _Sentences, cited_anywhere: list[int]) -> None:
    """Mark still-unsupported figures derived when a cheap derivation from supported inputs yields them."""
    # Derivations come second, so "24.26% (1,577 / 6,500)" can use inputs written after the result. The answer's own
    # figures stand for the passage rows that support them (their line items are read there).
    own = [_Candidate(abs(q.value), 0, q, label=_label(sources[q.start], by_number)) for q, c
           in zip(quantities, checks, strict=True) if c.status == SUPPORTED and q.kind == "amount"]
    for quantity, check in zip(quantities, checks, strict=True):
        if check.status != UNSUPPORTED or check.kind == "year":
            continue
        answer_value = abs(quantity.number) if quantity.kind == "percent" else abs(quantity.value)
        span, sentence_marks = next((((s, e), ms) for (s, e), ms in sentences if s <= quantity.start < e),
                                    ((0, len(blanked)), []))
        sentence_cites = [n for m in sentence_marks for n in m.numbers if n in by_number]
        scope = list(dict.fromkeys(sentence_cites)) or list(dict.fromkeys(cited_anywhere))
        sentence = blanked[span[0]:span[1]]
        claim = _Claim(sentence, clause_around(sentence, quantity.start - span[0], quantity.end - span[0]))
        check.evidence = _derivation(quantity, answer_value, own, scope, candidates, claim,
                                     lambda c: _label(c, by_number))
        if check.evidence:
            check.status = DERIVED
            check.passages = scope


def _label(candidate: _Candidate, by_number: dict[int, Passage]) -> str:
    """The line item of a passage's number (read once, from the passage text before it)."""
    if candidate.label is None:
        passage = by_number.get(candidate.passage)
        if passage is None:
            return ""
        heading = " ".join(c.heading for c in passage.chunks if c.heading)
        candidate.label = line_item(passage.text + "\n" + heading, candidate.quantity.start)
    return candidate.label


def _derivation(quantity: Quantity, answer_value: float, own: list[_Candidate], scope: list[int],
                candidates: dict[int, tuple[list[_Candidate], list[_Candidate], set[int]]], claim: _Claim,
                label: Callable[[_Candidate], str]) -> str:
    """A cheap derivation: first from the answer's own supported amounts, then from the cited passages' numbers.

    Passage numbers are only combined for answers written precisely (to about 1 part in 500): with dozens of numbers
    in a statement, some pair matches a loosely rounded result ("12%") by chance.
    """
    mine = _unique([c for c in own if c.quantity is not quantity])
    formula = _derive(quantity, answer_value, mine, claim, label) if quantity.relative_precision <= 0.05 else ""
    if formula or quantity.relative_precision > 0.002:
        return formula
    pool: list[_Candidate] = []
    for number in scope:
        pool.extend(candidates[number][0])
    return _derive(quantity, answer_value, _unique(pool)[:120], claim, label)


def _unique(pool: list[_Candidate]) -> list[_Candidate]:
    seen: set[float] = set()
    result = []
    for candidate in pool:
        key = round(candidate.value, 6)
        if key in seen or candidate.value == 0 or not math.isfinite(candidate.value):
            continue
        seen.add(key)
        result.append(candidate)
    return result


def uncited_sources(text: str, checks: list[NumberCheck],
                    passages: list[Passage]) -> dict[tuple[int, int], list[int]]:
    """Sentences that state a figure found in a passage (or a computed fact) but cite nothing, with that source.

    Only amounts and percentages count (a year alone says little about where a sentence comes from); a figure found
    in several passages takes the one it matched best.

    Returns:
        sentence span → the passage numbers to cite there, for :func:`~app.core.answering.citations.add_inferred_marks`.
    """
    by_number = {p.number for p in passages}
    sentences = marks_by_sentence(text, parse_citations(text))
    sources: dict[tuple[int, int], list[int]] = {}
    for check in checks:
        if check.kind == "year" or not check.passages:
            continue
        if check.status == SUPPORTED:
            found = check.passages[:1]
        elif check.status == DERIVED and FACT_EVIDENCE in check.evidence:
            found = list(check.passages)
        else:
            continue
        for span, marks in sentences:
            if span[0] <= check.start < span[1]:
                if not any(n in by_number for m in marks for n in m.numbers):
                    chosen = sources.setdefault(span, [])
                    chosen.extend(n for n in found if n in by_number and n not in chosen)
                break
    return {span: numbers for span, numbers in sources.items() if numbers}
