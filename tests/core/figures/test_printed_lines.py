"""A line named by the filer's own label is read as printed; a name that only resembles a label reads nothing."""

from __future__ import annotations

import pytest

from app.core.figures.answers import answer_metric, query_from
from app.core.ingest.statements import Cell, Period, StatementRow, Statements, Table
from app.core.question import understand
from tests.core.question.phrasings import COMPANIES

M = 1e6


def _income(rows: dict[str, tuple[float, float]]) -> Table:
    return Table("income", "Consolidated Statements of Operations", 3, "millions", [Period(2023, 12), Period(2022, 12)],
                 [StatementRow(label, cells=[Cell(f"{v:,.0f}", v) for v in values]) for label, values in rows.items()])


@pytest.fixture(scope="module")
def filer() -> Statements:
    return Statements([_income({
        "Cloud services and license support": (30000, 28000), "New software licenses": (5000, 6000),
        "Total revenues": (40000, 38000), "Natural gas": (3800, 3200), "Cost of natural gas": (615, 663),
        "Cloud infrastructure": (900, 700), "Cloud applications": (800, 600), "Net income": (9000, 8000)})])


def _answer(statements: Statements, question: str) -> tuple[float | None, str]:
    query = query_from(understand(question, COMPANIES))  # the company named as the library knows it
    assert query is not None, question
    answer = answer_metric(statements, query)
    return answer.value, answer.sentence()


def test_a_line_named_by_its_label_is_read_as_printed(filer: Statements) -> None:
    value, sentence = _answer(filer, "What were Acme's FY2023 revenues from cloud services and license support?")
    assert value == 30000 * M
    assert "\u201cCloud services and license support\u201d" in sentence and "page 4" in sentence
    growth, _ = _answer(filer, "By how much, in percent, did Acme's new software licenses revenue change in FY2023 "
                               "compared with FY2022?")
    assert growth == pytest.approx(5000 / 6000 - 1)


def test_the_label_using_more_of_the_words_wins(filer: Statements) -> None:
    # "Natural gas" (a revenue line) also fits "cost of natural gas"; the cost line fits more of it.
    value, _ = _answer(filer, "What was Acme's cost of natural gas in FY2023?")
    assert value == 615 * M


@pytest.mark.parametrize("question", [
    "What was Acme's cloud revenue in FY2023?",  # no label is just "cloud": several lines, none named
    "What was Acme's adjusted cloud services and license support revenue in FY2023?",  # a qualifier the label lacks
    "What was Acme's happiness index in FY2023?",
])
def test_a_name_that_is_no_printed_label_reads_no_line(filer: Statements, question: str) -> None:
    value, sentence = _answer(filer, question)
    assert value is None and "FinLens" in sentence and "not" in sentence


def test_cash_paid_for_interest_is_its_printed_line_never_the_interest_expense() -> None:
    statements = Statements([
        _income({"Net sales": (1000, 900), "Interest expense": (40, 35), "Restructuring": (12, 30)}),
        Table("cash_flow", "Consolidated Statements of Cash Flows", 5, "millions", [Period(2023, 12), Period(2022, 12)],
              [StatementRow("Cash paid for interest", cells=[Cell("38", 38), Cell("33", 33)])])])
    assert _answer(statements, "How much cash did Acme pay for interest in FY2023?")[0] == 38 * M
    assert _answer(statements, "What restructuring expense did Acme report for FY2023?")[0] == 12 * M
    # A ratio asked: the printed line over what the question names, never the line alone in place of the ratio.
    value, _ = _answer(statements, "What was Acme's restructuring as a % of net sales in FY2023?")
    assert value == pytest.approx(12 / 1000)


def test_a_printed_line_over_a_line_the_question_names(filer: Statements) -> None:
    value, sentence = _answer(filer, "What were Acme's FY2023 cloud services and license support revenues as a % of "
                                     "total revenues?")
    assert value == pytest.approx(30000 / 40000)
    assert "\u201cCloud services and license support\u201d" in sentence
    # A share's change is in percentage points.
    change, _ = _answer(filer, "What was the change in Acme's cost of natural gas as a % of total revenues from "
                               "FY2022 to FY2023?")
    assert change == pytest.approx(615 / 40000 - 663 / 38000)
    nothing, _ = _answer(filer, "What was Acme's happiness index as a % of total revenues in FY2023?")
    assert nothing is None
