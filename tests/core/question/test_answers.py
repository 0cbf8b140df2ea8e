"""Questions answered from a generated 10-K's statements: never a figure for another question; definitions in the
question override the built-in formula; CAGR, averages and the unit asked checked against hand-computed values."""

from __future__ import annotations

import pytest

from app.core.figures.answers import query_from
from app.core.ingest.statements import Statements
from app.core.question import understand
from tests.benchmarks.check_question_metrics import check
from tests.core.question.conftest import ask
from tests.core.question.phrasings import load

M = 1e6




def test_the_phrasing_suite_gets_no_figure_for_a_different_metric(statements: Statements) -> None:
    report = check(statements, load())
    assert report.parsed == report.total and report.unparsed == []
    assert report.different == [] and report.unit_ignored == []
    assert report.right >= 300  # the rest ask for lines the generated filing does not print, or are not understood


def test_capex_as_a_share_of_revenue_asked_every_way_is_the_ratio(statements: Statements) -> None:
    for question in ("What was ACME's capex as percent of sales in FY2023?",
                     "What was the ratio of capex to net sales for ACME in FY2023?",
                     "What % of revenue was spent on capex at ACME in FY2023?",
                     "What was ACME's capital expenditures divided by total revenue in FY2023?"):
        answer = ask(statements, question)
        assert answer.value == pytest.approx(930 / 46298), question
        assert answer.headline() == "2.01%" and answer.formatted() == "2.0%"


def test_a_definition_in_the_question_overrides_the_built_in_formula(statements: Statements) -> None:
    built_in = ask(statements, "What is ACME's FY2023 DPO?")
    purchases = 36386 + (5140 - 5965)
    assert built_in.value == pytest.approx(365 * (5687 + 6803) / 2 / purchases)
    defined = ask(statements, "What is ACME's FY2023 DPO? DPO is defined as: 365 * (average accounts payable) / "
                              "(cost of goods sold).", "ACME")
    assert defined.value == pytest.approx(365 * (5687 + 6803) / 2 / 36386)
    sentence = defined.sentence()
    assert sentence.startswith(f"ACME's FY2023 days payable outstanding was {defined.value:.2f} days")
    assert "computed as the question defines it, 365 * (average accounts payable) / (cost of goods sold)" in sentence
    working = ask(statements, "Define working capital as total current assets less cash. What was ACME's working "
                              "capital in FY2023?")
    assert working.value == (8971 - 1874) * M


def test_cagr_and_averages_by_hand(statements: Statements) -> None:
    cagr = ask(statements, "What was ACME's revenue CAGR from FY2021 to FY2023?")
    assert cagr.value == pytest.approx((46298 / 47262) ** (1 / 2) - 1)
    assert cagr.headline() == "-1.03%" and "CAGR from FY2021 to FY2023 was -1.03%" in cagr.sentence()
    three_year = ask(statements, "What was ACME's 3 year average net profit margin from FY2021 to FY2023?")
    assert three_year.value == pytest.approx((1419 / 46298 + 2454 / 51761 + 1798 / 47262) / 3)
    assert "3-year average net profit margin (FY2021\u2013FY2023) was 3.87%" in three_year.sentence()
    balance = ask(statements, "What was ACME's average inventory in FY2023?")
    assert balance.value == pytest.approx((5140 + 5965) / 2 * M)


def test_the_unit_and_rounding_asked_are_honoured_with_the_exact_figure_beside(statements: Statements) -> None:
    billions = ask(statements, "What was ACME's FY2023 revenue in USD billions, rounded to one decimal place?", "ACME")
    assert billions.formatted() == "$46.3 billion"
    assert billions.sentence().startswith("ACME's FY2023 total revenue was $46.3 billion ($46,298 million exactly)")
    assert ask(statements, "What was ACME's FY2023 revenue in USD billions?").formatted() == "$46.30 billion"
    assert ask(statements, "What was ACME's FY2023 net income (in USD thousands)?").formatted() == \
        "$1,419,000 thousand"
    assert ask(statements, "What was ACME's FY2023 current ratio, rounded to one decimal place?").formatted() == "1.1"
    assert ask(statements, "What was ACME's FY2023 return on assets, in percent?").headline() == \
        f"{1419 / ((15803 + 17504) / 2) * 100:.2f}%"
    assert ask(statements, "What was ACME's FY2023 quick ratio?", "ACME").sentence().startswith(
        f"ACME's FY2023 quick ratio was {(1874 + 1141) / 8062:.2f}, computed as")


def test_a_part_not_understood_gives_the_sentence_and_no_figure(statements: Statements) -> None:
    from app.core.answering.grounding import computed_answer

    answer = ask(statements, "What was ACME's net income excluding one-time items in FY2023?")
    assert answer.value is None and answer.formatted() == ""
    assert answer.error == "FinLens read 'net income' but not 'excluding one-time items'."

    class EmptyLibrary:
        def list_documents(self) -> list:
            return []

    computed = computed_answer(EmptyLibrary(), "What was ACME's adjusted EBITDA in FY2023?", [])
    assert computed.answer is None
    assert computed.note == "FinLens read 'EBITDA' but not 'adjusted'. Showing the passages instead."


def test_a_missing_input_uses_the_stated_standard_fallback(statements: Statements) -> None:
    without = Statements.from_payload(statements.to_payload())
    for table in without.tables:
        table.rows = [row for row in table.rows if row.label != "Gross profit"]
    answer = ask(without, "What was ACME's FY2023 gross margin?")
    assert answer.value == pytest.approx((46298 - 36386) / 46298)
    assert "computed as (total revenue - cost of revenue (cogs)) / total revenue, the standard fallback (the " \
           "statements lack an input of gross profit / revenue)" in answer.sentence()
    liabilities = ask(statements, "What were ACME's total liabilities at the end of FY2023?")
    assert liabilities.value == (15803 - 2795) * M  # the generated balance sheet prints no total liabilities line
    assert "total assets - total shareholders' equity, the standard fallback" in liabilities.sentence()


def test_a_question_about_something_else_that_mentions_a_line_item_is_no_metric_question() -> None:
    question = understand("What was ACME's strategy for growing direct-to-consumer sales through new stores in "
                          "FY2023?")
    assert question.metric is not None and question.metric.read == "sales" and not question.metric.asked
    assert query_from(question) is None and question.describe() == ""


@pytest.mark.parametrize("label", ["Purchases of PP&E", "Capital spending", "Investments in property and equipment",
                                   "Purchases of fixed assets", "Payments for the purchase of property, plant and "
                                   "equipment"])
def test_a_filers_own_name_for_capital_expenditures_is_found(label: str) -> None:
    from app.core.ingest.statements import Cell, Period, StatementRow, Table

    revenue = Table("income", "Consolidated Statements of Operations", 1, "millions", [Period(2023, 12)],
                    [StatementRow("Net sales", cells=[Cell("1,000", 1000.0)])])
    cash_flow = Table("cash_flow", "Consolidated Statements of Cash Flows", 2, "millions", [Period(2023, 12)],
                      [StatementRow(label, cells=[Cell("(50)", -50.0)])])
    answer = ask(Statements([revenue, cash_flow]), "What was ACME's capex as a % of revenue in FY2023?")
    assert answer.value == pytest.approx(0.05) and answer.inputs[0].row.label == label


@pytest.mark.parametrize(("question", "label", "value"), [
    ("What was ACME's net cash used in financing activities in FY2023?",
     "Net cash provided by (used in) financing activities", -1234.0),
    ("How much did ACME spend on share repurchases in FY2023?", "Repurchases of common stock", 500.0),
    ("What were ACME's total operating expenses in FY2023?", "Total operating expenses", 7000.0),
    ("What was ACME's goodwill at the end of FY2023?", "Goodwill", 900.0),
    ("What were ACME's retained earnings at the end of FY2023?", "Retained earnings", 4321.0),
])
def test_more_line_items_are_found_under_their_usual_labels(question: str, label: str, value: float) -> None:
    from app.core.ingest.statements import Cell, Period, StatementRow, Table

    printed = -value if label.startswith("Repurchases") else value  # an outflow, printed in brackets
    tables = [Table(kind, title, page, "millions", [Period(2023, 0 if kind == "balance" else 12)],
                    [StatementRow(label, cells=[Cell(f"{printed:,.0f}", printed)])])
              for kind, title, page in (("income", "Consolidated Statements of Operations", 1),
                                        ("balance", "Consolidated Balance Sheets", 2),
                                        ("cash_flow", "Consolidated Statements of Cash Flows", 3))]
    answer = ask(Statements(tables), question)
    assert answer.value == value * M and answer.inputs[0].row.label == label


def test_a_ratio_times_365_is_in_days_and_names_no_number_before_the_figure(statements: Statements) -> None:
    # "… × 365 was 119.30" led with 365: the scorer (and a reader skimming) took 365 for the answer.
    answer = ask(statements, "ACME DSO for FY2023 — average receivables over total revenue, times 365.")
    assert answer.value == pytest.approx((1141 + 1042) / 2 / 46298 * 365)
    assert answer.unit == "days" and answer.headline().endswith("days")
    head = answer.sentence().split(" was ")[0]
    assert "365" not in head and head.endswith("in days")


def test_the_years_added_up_and_a_range_asked_without_saying_how(statements: Statements) -> None:
    total = ask(statements, "How much did ACME spend on capex from FY2021 through FY2023 in total?")
    assert total.value == (930 + 737 + 713) * M
    assert "3-year total" in total.sentence()
    assert ask(statements, "What was ACME's capex from FY2021 through FY2023?").value is None
