"""Counts answers whose metric differs from the one asked, on the phrasing suite over a generated 10-K.

Every question of ``tests/core/question/phrasings.tsv`` is read by :func:`app.core.question.understand` and answered
from the statements of the generated filing (``tests/core/ingest/statements/factory.py``) the way ``finlens metric``
and the no-model answer engine do (:func:`app.core.figures.answers.query_from`, :func:`answer_metric`). Each figure is
compared with the value of the *expected* expression, computed here independently (the expected key's formula
evaluated per year and combined by the expected mode). Printed:

* parsed as expected — expression, mode, years, unit and rounding, definition, words not understood;
* answered with the right figure; **answered for a different metric** (a figure that is not the value asked, or any
  figure for a question with a part FinLens did not understand) — the number that must be zero;
* refused, with the reason (an input the generated filing does not hold, e.g. a FY2021 balance);
* unit not honoured — a figure asked "in USD billions" not shown in billions;
* the time to understand a question (mean over the suite; the aim is under 5 ms).

Run: ``python -m tests.benchmarks.check_question_metrics`` (exit status 1 when a question is parsed otherwise than
expected or answered for a different metric).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.core.figures.answers import answer_metric, query_from
from app.core.figures.concepts import FactError
from app.core.figures.formulas import evaluate
from app.core.finance.metrics import BY_NAME, CONCEPT_FALLBACKS, METRIC_BY_NAME, METRICS
from app.core.ingest.parsing import parse_file
from app.core.ingest.statements import Statements, extract_statements
from app.core.question import understand
from tests.core.ingest.statements.factory import make_annual_report
from tests.core.question.phrasings import COMPANIES, Phrasing, load

_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
_SCALE_WORDS = {"thousands": "thousand", "millions": "million", "billions": "billion"}


@dataclass
class Report:
    """The checker's counts, with the questions behind each miss."""

    total: int = 0
    parsed: int = 0
    right: int = 0
    different: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    unit_ignored: list[str] = field(default_factory=list)
    seconds_per_question: float = 0.0

    def lines(self) -> list[str]:
        return [f"phrasings: {self.total}",
                f"parsed as expected: {self.parsed}/{self.total} ({self.parsed / self.total:.1%})",
                f"answered with the figure asked: {self.right}",
                f"answered for a different metric: {len(self.different)}",
                f"refused (the reason said, no figure): {len(self.refused)}",
                f"unit or scale asked not honoured: {len(self.unit_ignored)}",
                f"understanding a question: {self.seconds_per_question * 1000:.2f} ms (mean)"]


def expected_formula(key: str) -> str:
    """The expected key ("free cash flow / revenue", "avg(inventory)") as a formula over concepts."""
    def operand(text: str) -> str:
        name = text.strip()
        metric = METRIC_BY_NAME.get(name.lower())
        if metric is not None and metric in METRICS:
            return f"({metric.expression})"
        concept = name.rpartition(".")[2]  # "cash_flow.depreciation": read from that statement
        if concept in BY_NAME:
            return f"size({name})" if BY_NAME[concept].outflow else name
        return name

    pieces = re.split(r"(\s[-+*/]\s|[()]|avg\(|change\()", key)
    return "".join(piece if re.fullmatch(r"\s[-+*/]\s|[()]|avg\(|change\(", piece or "") else
                   (operand(piece) if piece.strip() else piece) for piece in pieces)


def expected_value(statements: Statements, row: Phrasing) -> float | None:
    """The value of the row's expected expression and mode, computed independently of the parser (None: an input
    the statements do not hold)."""
    named = METRIC_BY_NAME.get(row.expression.lower()) or (
        METRIC_BY_NAME[BY_NAME[row.expression].title.lower()] if row.expression in BY_NAME else None)
    # A named metric or line item may use its stated standard fallback when the filing lacks an input.
    expected = expected_formula(row.expression)
    # A line's stated fallback inside an expression ("total liabilities" as total assets - equity) counts too.
    with_fallbacks = tuple(re.sub(rf"\b{concept}\b", f"({fallback})", expected)
                           for concept, fallbacks in CONCEPT_FALLBACKS.items() for fallback in fallbacks
                           if re.search(rf"\b{concept}\b", expected))
    formulas = (expected, *(named.alternatives if named is not None else ()), *with_fallbacks)
    values: list[float] = []
    for formula in formulas:
        try:
            values = [evaluate(formula, statements, year).value for year in row.years]
            break
        except FactError:
            continue
    if not values:
        return None
    if row.mode == "value":
        return values[0]
    if row.mode == "average":
        return sum(values) / len(values)
    if row.mode == "sum":
        return sum(values)
    if row.mode == "change":
        return values[-1] - values[0]
    if row.mode == "growth":
        return values[-1] / values[0] - 1
    return (values[-1] / values[0]) ** (1 / (row.years[-1] - row.years[0])) - 1


def parsed_as_expected(row: Phrasing) -> bool:
    question = understand(row.question, COMPANIES)
    metric = question.metric
    return metric is not None and (metric.key, metric.mode, metric.years) == (row.expression, row.mode, row.years) \
        and question.unit.scale == _SCALES.get(row.extra.get("scale", "")) \
        and question.unit.decimals == (int(row.extra["decimals"]) if "decimals" in row.extra else None) \
        and question.unit.percent == ("percent" in row.extra) \
        and (metric.definition is not None) == ("defined" in row.extra) \
        and _words(metric.unknown) == _words(row.extra.get("unknown", ""))


def _words(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text.lower()).strip()


def check(statements: Statements, rows: list[Phrasing]) -> Report:
    """Parse and answer every row; count what the module docstring lists."""
    report = Report(total=len(rows))
    understand(rows[0].question, COMPANIES)  # the lexicon is built once, on first use
    started = time.perf_counter()
    for row in rows:
        understand(row.question, COMPANIES)
    report.seconds_per_question = (time.perf_counter() - started) / max(1, len(rows))
    for row in rows:
        if parsed_as_expected(row):
            report.parsed += 1
        else:
            report.unparsed.append(row.question)
        query = query_from(understand(row.question, COMPANIES))
        answer = answer_metric(statements, query) if query is not None else None
        value = answer.value if answer is not None else None
        if value is None:
            report.refused.append(f"{row.question} -> {answer.error if answer is not None else 'no metric'}")
            continue
        expected = expected_value(statements, row) if row.computable else None
        if expected is None or abs(value - expected) > 1e-9 * max(1.0, abs(expected)):
            report.different.append(f"{row.question} -> {answer.formatted()} (expected {expected})")
            continue
        report.right += 1
        scale = row.extra.get("scale")
        if scale and not answer.formatted().endswith(_SCALE_WORDS[scale]):
            report.unit_ignored.append(f"{row.question} -> {answer.formatted()}")
    return report


def generated_statements(folder: Path) -> Statements:
    """The statements of the generated 10-K (FY2023, FY2022, FY2021 columns; balances at two year-ends)."""
    return extract_statements(parse_file(make_annual_report(folder / "ACME_2023_10K.pdf")))


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = check(generated_statements(Path(folder)), load())
    print("\n".join(report.lines()))
    for title, items in (("Parsed otherwise than expected", report.unparsed),
                         ("Answered for a different metric", report.different),
                         ("Unit not honoured", report.unit_ignored), ("Refused", report.refused)):
        if items:
            print(f"\n{title}:")
            print("\n".join(f"  {item}" for item in items))
    return 1 if report.unparsed or report.different else 0


if __name__ == "__main__":
    sys.exit(main())
