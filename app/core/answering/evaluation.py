"""Scoring answers on FinanceBench-style question files (``finlens eval-answers``).

Three measures:

* **answer accuracy** on questions whose reference answer is a number: the answer is correct when one of its
  numbers equals the reference within 1% (or the reference's rounding), allowing for scale ("$1.577 billion" vs
  "1577.00" in millions) and percent/fraction ("66%" vs "0.66"). Other questions are listed for human review.
  In the extractive mode this measures whether the reference number is among the quoted lines.
* **citation precision**: the share of citations whose highlighted page is one of the question's evidence pages.
* **unsupported-number rate**: the share of checked amounts and percentages not found in, nor computed from, the
  passages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.answering.citations import strip_citations
from app.core.answering.engine import Answerer
from app.core.answering.records import UNSUPPORTED, Answer
from app.core.evaluation import Question
from app.core.finance.quantities import Quantity, extract_quantities
from app.core.search import SearchFilters

RELATIVE_TOLERANCE = 0.01


def reference_number(answer: str) -> Quantity | None:
    """The number a reference answer consists of ("$1577.00", "24.26%", "0.66"), or None for a prose answer."""
    quantities = [q for q in extract_quantities(answer) if q.kind in ("amount", "percent", "count")]
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


def numbers_match(reference: Quantity, candidate: Quantity) -> bool:
    """Whether ``candidate`` states the reference number (1% or rounding tolerance, any scale, % or fraction)."""
    targets = {abs(reference.number), abs(reference.value)}
    for target in targets:
        rounding = 0.5 * 10.0 ** (-reference.decimals) * (target / abs(reference.number) if reference.number else 1.0)
        tolerance = max(RELATIVE_TOLERANCE * target, rounding) * (1 + 1e-9)
        if any(abs(value - target) <= tolerance for value in _candidate_values(candidate, reference)):
            return True
    return False


def answer_is_correct(reference: str, answer_text: str) -> bool | None:
    """True/False for a numeric reference answer; None when the reference is prose (needs human review)."""
    gold = reference_number(reference)
    if gold is None:
        return None
    candidates = [q for q in extract_quantities(strip_citations(answer_text)) if q.kind in ("amount", "percent",
                                                                                           "count")]
    return any(numbers_match(gold, q) for q in candidates)


def citation_hits(answer: Answer, question: Question) -> tuple[int, int]:
    """(citations on an evidence page, citations)."""
    good = 0
    for citation in answer.citations:
        name = Path(citation.path).stem
        if any((name, page) in question.evidence for page in citation.pages):
            good += 1
    return good, len(answer.citations)


@dataclass
class AnswerMetrics:
    """Answer-quality measures over a question set."""

    n: int = 0
    numeric_n: int = 0
    correct: int = 0
    citations: int = 0
    precise_citations: int = 0
    checked_numbers: int = 0
    unsupported_numbers: int = 0
    fallbacks: int = 0
    incomplete: int = 0  # answers the model stopped before finishing (kept, not fallbacks)
    seconds: float = 0.0
    modes: dict[str, int] = field(default_factory=dict)
    per_question: list[dict[str, Any]] = field(default_factory=list)

    def add(self, question: Question, answer: Answer) -> dict[str, Any]:
        """Score one answer and add it to the totals; returns its per-question record."""
        correct = answer_is_correct(question.answer, answer.text)
        good, total = citation_hits(answer, question)
        checked = [n for n in answer.checked_numbers if n.kind != "year"]
        unsupported = [n for n in checked if n.status == UNSUPPORTED]
        self.n += 1
        self.numeric_n += correct is not None
        self.correct += bool(correct)
        self.citations += total
        self.precise_citations += good
        self.checked_numbers += len(checked)
        self.unsupported_numbers += len(unsupported)
        self.fallbacks += bool(answer.error) and not answer.incomplete
        self.incomplete += answer.incomplete
        self.seconds += answer.seconds
        self.modes[answer.mode] = self.modes.get(answer.mode, 0) + 1
        record = {"id": question.qid, "question": question.question, "reference": question.answer,
                  "answer": answer.text, "mode": answer.mode, "error": answer.error,
                  "incomplete": answer.incomplete, "correct": correct,
                  "citations": [{"document": Path(c.path).stem, "pages": c.pages, "on_evidence": any(
                      (Path(c.path).stem, p) in question.evidence for p in c.pages)} for c in answer.citations],
                  "unsupported": [n.text for n in unsupported], "seconds": round(answer.seconds, 2)}
        self.per_question.append(record)
        return record

    def to_dict(self) -> dict[str, Any]:
        """Summary for ``--json``: rates rounded to 4 places, None when undefined."""
        def rate(part: int, whole: int) -> float | None:
            return round(part / whole, 4) if whole else None

        return {"n": self.n, "numeric_n": self.numeric_n, "review_n": self.n - self.numeric_n,
                "answer_accuracy": rate(self.correct, self.numeric_n),
                "citation_precision": rate(self.precise_citations, self.citations),
                "citations_per_answer": rate(self.citations, self.n),
                "unsupported_number_rate": rate(self.unsupported_numbers, self.checked_numbers),
                "fallbacks": self.fallbacks, "incomplete": self.incomplete, "modes": self.modes,
                "mean_seconds": round(self.seconds / self.n, 2) if self.n else None}


def evaluate_answers(answerer: Answerer, questions: list[Question], doc_ids_by_name: dict[str, str], *,
                     mode: str = "shared", use_llm: bool = True,
                     on_question: Callable[[int, dict[str, Any]], None] | None = None) -> AnswerMetrics:
    """Answer every question and score the answers.

    Args:
        answerer: an answerer over a library holding the questions' filings.
        questions: the questions (with reference answers and evidence pages).
        doc_ids_by_name: library doc_id of each filing name (file stem).
        mode: "shared" (whole library) or "single" (only the question's filing).
        use_llm: False scores the extractive mode.
        on_question: called after each question with its index and record.
    """
    metrics = AnswerMetrics()
    for index, question in enumerate(questions):
        filters = None
        if mode == "single":
            doc_id = doc_ids_by_name.get(question.doc_name)
            filters = SearchFilters(doc_ids=[doc_id] if doc_id else ["-missing-"])
        answer = answerer.answer(question.question, filters, use_llm=use_llm)
        record = metrics.add(question, answer)
        if on_question is not None:
            on_question(index, record)
    return metrics
