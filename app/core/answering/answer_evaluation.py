"""Scoring answers on FinanceBench-style question files (``finlens eval-answers``).

Questions whose reference answer is a number are scored twice, because "the number is somewhere in the answer" and
"the answer states the number" differ a lot for extractive answers, which quote several lines of a table:

* **strict accuracy**: the answer's *headline number* equals the reference within the reference's rounding
  ("24.26" accepts 24.255-24.265). The headline is the first amount, percentage or count the answer states: the
  first number of a written or computed answer, or of the first quoted line of an extractive one (its source labels
  are not statements). Scale words and percent/fraction are read ("$1,577 million" and "1,577" both state
  "$1577.00"; "66%" states "0.66"); signs are ignored ("a loss of $5 million" states "-5").
* **lenient accuracy**: the reference number appears *anywhere* in the answer, within 1% or its rounding. For an
  extractive answer this measures whether the reference number is among the quoted lines.

Other questions (prose references) are listed for human review. Both are reported over all numeric questions and per
question type (FinanceBench's ``question_type``: metrics-generated, domain-relevant, novel-generated).

Citations:

* **citation precision**: the share of all citations whose highlighted page is one of the question's evidence pages;
* **computed answers cited at evidence pages**: the share of answers computed from the statements (no model) whose
  every citation points at an evidence page.

And the **unsupported-number rate**: the share of checked amounts and percentages not found in, nor computed from,
the passages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.answering.answer_records import MODE_EXTRACTIVE, UNSUPPORTED, Answer
from app.core.answering.citations import strip_citations
from app.core.answering.engine import Answerer
from app.core.answering.grounding import COMPUTED_NOTE
from app.core.finance.quantities import Quantity, extract_quantities
from app.core.retrieval.retrieval_evaluation import Question, question_filters

RELATIVE_TOLERANCE = 0.01  # the lenient measure's slack beyond the reference's rounding
NUMBER_KINDS = ("amount", "percent", "count")  # not years, dates, page references or list numbering
ALL_NUMERIC = "all numeric"

#: What each reported measure means, printed beside it and included in ``--json``.
DEFINITIONS = {
    "strict_accuracy": "the answer's headline (first) number equals the reference within the reference's rounding",
    "lenient_accuracy": "the reference number appears anywhere in the answer (within 1% or its rounding)",
    "computed_cited_at_evidence": "answers computed from the statements whose every citation is on an evidence page",
    "citation_precision": "citations whose highlighted page is an evidence page, over all citations",
    "inferred_citation_precision": "the same over the citations FinLens attached to figures the model stated "
                                   "without citing them (also counted in citation_precision)",
    "unsupported_number_rate": "checked amounts and percentages found neither in nor computed from the passages",
}

_QUOTED_LINE = re.compile("\u201c([^\u201d]*)\u201d")


def reference_number(answer: str) -> Quantity | None:
    """The number a reference answer consists of ("$1577.00", "24.26%", "0.66"), or None for a prose answer."""
    quantities = [q for q in extract_quantities(answer) if q.kind in NUMBER_KINDS]
    if not quantities:
        return None
    rest = answer
    for quantity in quantities:
        rest = rest.replace(quantity.text, " ")
    words = re.findall(r"[A-Za-z]+", rest)
    return quantities[0] if len(words) <= 6 else None


def _candidate_values(candidate: Quantity, reference: Quantity) -> set[float]:
    """Readings of a number in the answer comparable to the reference: as written, rescaled when it carries a scale
    word ("$1.577 billion" → 1,577 in millions), and converted between percent and fraction."""
    values = {abs(candidate.number)}
    if candidate.scale:
        values |= {abs(candidate.value) / step for step in (1.0, 1e3, 1e6, 1e9)}
    elif reference.scale:  # "$1.58 billion" against a table figure "1,577" (in millions)
        values |= {abs(candidate.number) * step for step in (1e3, 1e6, 1e9)}
    if reference.kind == "percent" and candidate.kind != "percent":
        values |= {v * 100.0 for v in values}
    elif reference.kind != "percent" and candidate.kind == "percent":
        values |= {v / 100.0 for v in values}
    return values


def numbers_match(reference: Quantity, candidate: Quantity, *, relative_tolerance: float = RELATIVE_TOLERANCE) -> bool:
    """Whether ``candidate`` states the reference number, at any scale and as percent or fraction.

    Args:
        reference: the reference answer's number.
        candidate: a number of the answer.
        relative_tolerance: slack beyond the reference's rounding (0 for the strict measure: half the reference's
            last written digit only).
    """
    targets = {abs(reference.number), abs(reference.value)}
    for target in targets:
        rounding = 0.5 * 10.0 ** (-reference.decimals) * (target / abs(reference.number) if reference.number else 1.0)
        tolerance = max(relative_tolerance * target, rounding) * (1 + 1e-9)
        if any(abs(value - target) <= tolerance for value in _candidate_values(candidate, reference)):
            return True
    return False


_MULTIPLE = re.compile(r"(\d)[x\u00d7](?![\w])")


def answer_numbers(answer_text: str) -> list[Quantity]:
    """The amounts, percentages and counts an answer states, in order (citation marks are not numbers; a multiple
    written "7.08x" is the number 7.08)."""
    text = _MULTIPLE.sub(r"\1", strip_citations(answer_text))
    return [q for q in extract_quantities(text) if q.kind in NUMBER_KINDS]


def headline_number(answer_text: str, *, quoted: bool = False) -> Quantity | None:
    """The number an answer leads with: its first amount, percentage or count.

    Args:
        answer_text: the answer.
        quoted: the answer is extractive (source labels, then quoted lines): the headline is the first number of
            the first quoted line that has one, not a page or form number of a label.
    """
    if quoted:
        for line in _QUOTED_LINE.findall(strip_citations(answer_text)):
            numbers = answer_numbers(line)
            if numbers:
                return numbers[0]
        return None
    numbers = answer_numbers(answer_text)
    return numbers[0] if numbers else None


def answer_is_correct(reference: str, answer_text: str) -> bool | None:
    """Lenient: True when the reference number appears anywhere in the answer; None when the reference is prose."""
    gold = reference_number(reference)
    if gold is None:
        return None
    return any(numbers_match(gold, q) for q in answer_numbers(answer_text))


def headline_is_correct(reference: str, answer_text: str, *, quoted: bool = False) -> bool | None:
    """Strict: True when the answer's headline number equals the reference within the reference's rounding; None
    when the reference is prose (see :func:`headline_number` for ``quoted``)."""
    gold = reference_number(reference)
    if gold is None:
        return None
    headline = headline_number(answer_text, quoted=quoted)
    return headline is not None and numbers_match(gold, headline, relative_tolerance=0.0)


def is_computed(answer: Answer) -> bool:
    """Whether the answer was computed from the statements (a metric with each input cited), not quoted."""
    return answer.note == COMPUTED_NOTE


def citation_hits(answer: Answer, question: Question, *, inferred: bool | None = None) -> tuple[int, int]:
    """(citations on an evidence page, citations); only those FinLens inferred (True) or not (False) when given."""
    chosen = [c for c in answer.citations if inferred is None or c.inferred == inferred]
    good = 0
    for citation in chosen:
        name = Path(citation.path).stem
        if any((name, page) in question.evidence for page in citation.pages):
            good += 1
    return good, len(chosen)


@dataclass
class Tally:
    """Strict and lenient counts over one group of numeric questions."""

    n: int = 0
    strict: int = 0
    lenient: int = 0

    def to_dict(self) -> dict[str, Any]:
        """``{"n", "strict_accuracy", "lenient_accuracy"}``, rates rounded to 4 places (None without questions)."""
        return {"n": self.n, "strict_accuracy": _rate(self.strict, self.n),
                "lenient_accuracy": _rate(self.lenient, self.n)}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class AnswerMetrics:
    """Answer-quality measures over a question set (see the module docstring for what each one means)."""

    n: int = 0
    by_type: dict[str, Tally] = field(default_factory=lambda: {ALL_NUMERIC: Tally()})
    computed: int = 0
    computed_at_evidence: int = 0
    citations: int = 0
    precise_citations: int = 0
    inferred_citations: int = 0  # attached by FinLens to a figure the model stated without citing (included above)
    precise_inferred: int = 0
    checked_numbers: int = 0
    unsupported_numbers: int = 0
    fallbacks: int = 0
    incomplete: int = 0  # answers the model stopped before finishing (kept, not fallbacks)
    seconds: float = 0.0
    modes: dict[str, int] = field(default_factory=dict)
    per_question: list[dict[str, Any]] = field(default_factory=list)

    @property
    def numeric(self) -> Tally:
        """The tally over every question with a numeric reference."""
        return self.by_type[ALL_NUMERIC]

    def add(self, question: Question, answer: Answer) -> dict[str, Any]:
        """Score one answer and add it to the totals; returns its per-question record."""
        computed = is_computed(answer)
        quoted = answer.mode == MODE_EXTRACTIVE and not computed
        lenient = answer_is_correct(question.answer, answer.text)
        strict = headline_is_correct(question.answer, answer.text, quoted=quoted)
        headline = headline_number(answer.text, quoted=quoted)
        question_type = str(question.raw.get("question_type") or "unknown")
        if lenient is not None:
            for group in (ALL_NUMERIC, question_type):
                tally = self.by_type.setdefault(group, Tally())
                tally.n += 1
                tally.strict += bool(strict)
                tally.lenient += bool(lenient)
        good, total = citation_hits(answer, question)
        good_inferred, total_inferred = citation_hits(answer, question, inferred=True)
        at_evidence = total > 0 and good == total
        if computed:
            self.computed += 1
            self.computed_at_evidence += at_evidence
        checked = [n for n in answer.checked_numbers if n.kind != "year"]
        unsupported = [n for n in checked if n.status == UNSUPPORTED]
        self.n += 1
        self.citations += total
        self.precise_citations += good
        self.inferred_citations += total_inferred
        self.precise_inferred += good_inferred
        self.checked_numbers += len(checked)
        self.unsupported_numbers += len(unsupported)
        self.fallbacks += bool(answer.error) and not answer.incomplete
        self.incomplete += answer.incomplete
        self.seconds += answer.seconds
        self.modes[answer.mode] = self.modes.get(answer.mode, 0) + 1
        record = {"id": question.qid, "question_type": question_type, "question": question.question,
                  "reference": question.answer, "answer": answer.text, "mode": answer.mode, "computed": computed,
                  "error": answer.error, "incomplete": answer.incomplete,
                  "headline": headline.text if headline else None, "strict": strict, "lenient": lenient,
                  "cited_at_evidence": at_evidence,
                  "citations": [{"document": Path(c.path).stem, "pages": c.pages, "on_evidence": any(
                      (Path(c.path).stem, p) in question.evidence for p in c.pages), "inferred": c.inferred}
                      for c in answer.citations],
                  "unsupported": [n.text for n in unsupported], "seconds": round(answer.seconds, 2)}
        self.per_question.append(record)
        return record

    def to_dict(self) -> dict[str, Any]:
        """Summary for ``--json``: rates rounded to 4 places, None when undefined; ``definitions`` says what each
        rate measures."""
        numeric = self.numeric
        return {"n": self.n, "numeric_n": numeric.n, "review_n": self.n - numeric.n,
                "strict_accuracy": _rate(numeric.strict, numeric.n),
                "lenient_accuracy": _rate(numeric.lenient, numeric.n),
                "by_type": {name: tally.to_dict() for name, tally in self.by_type.items()},
                "computed_n": self.computed,
                "computed_cited_at_evidence": _rate(self.computed_at_evidence, self.computed),
                "citation_precision": _rate(self.precise_citations, self.citations),
                "inferred_citations_n": self.inferred_citations,
                "inferred_citation_precision": _rate(self.precise_inferred, self.inferred_citations),
                "citations_per_answer": _rate(self.citations, self.n),
                "unsupported_number_rate": _rate(self.unsupported_numbers, self.checked_numbers),
                "fallbacks": self.fallbacks, "incomplete": self.incomplete, "modes": self.modes,
                "mean_seconds": round(self.seconds / self.n, 2) if self.n else None,
                "definitions": DEFINITIONS}


def evaluate_answers(answerer: Answerer, questions: list[Question], doc_ids_by_name: dict[str, str], *,
                     mode: str = "shared", use_llm: bool = True,
                     on_question: Callable[[int, dict[str, Any]], None] | None = None) -> AnswerMetrics:
    """Answer every question and score the answers.

    Args:
        answerer: an answerer over a library holding the questions' filings.
        questions: the questions (with reference answers and evidence pages).
        doc_ids_by_name: library doc_id of each filing name (file stem).
        mode: "shared" (whole library) or "single" (only the question's filing).
        use_llm: False scores the answers without a model (computed from the statements, else extractive).
        on_question: called after each question with its index and record.
    """
    metrics = AnswerMetrics()
    for index, question in enumerate(questions):
        answer = answerer.answer(question.question, question_filters(question, doc_ids_by_name, mode),
                                 use_llm=use_llm)
        record = metrics.add(question, answer)
        if on_question is not None:
            on_question(index, record)
    return metrics
