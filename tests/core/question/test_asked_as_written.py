"""Questions as analysts write them, answered from statements with hand-computed values: definitions given inline
override the built-in formula and say where each input is read; shares, growth asked in percent, a ratio shown as a
percentage, averages of balances; possessives; and the questions that must get no figure (forecasts, non-GAAP)."""

from __future__ import annotations

import pytest

from app.core.figures.answers import answer_metric, query_from
from app.core.finance.company_names import short_company
from app.core.ingest.statements import Cell, Period, StatementRow, Statements, Table
from app.core.question import understand
from tests.core.question.conftest import ask

M = 1e6




def _table(kind: str, title: str, rows: dict[str, float]) -> Table:
    return Table(kind, title, 0, "millions", [Period(2023, 0 if kind == "balance" else 12)],
                 [StatementRow(label, cells=[Cell(f"{value:,.0f}", value)]) for label, value in rows.items()])


@pytest.fixture(scope="module")
def apart() -> Statements:
    """A filing printing depreciation and amortization apart, with different figures in the two statements."""
    return Statements([
        _table("income", "Consolidated Statements of Operations", {
            "Net sales": 77867, "Cost of sales": 34255, "Gross margin": 43612, "Depreciation": 100,
            "Amortization of intangible assets": 40, "Operating income": 1000, "Net income": 790}),
        _table("cash_flow", "Consolidated Statements of Cash Flows", {
            "Net income": 800, "Depreciation": 110, "Amortization of intangible assets": 45,
            "Net cash provided by operating activities": 1500})])


def test_an_inline_definition_overrides_the_formula_and_is_echoed(statements: Statements) -> None:
    net_debt = ask(statements, "What was ACME's net debt at the end of FY2023, i.e. long-term debt less cash?")
    assert net_debt.value == (1160 - 1874) * M  # built in: long-term + current debt - cash = -698
    assert "FY2023 net debt was -$714 million, computed as the question defines it, long-term debt less cash" \
        in net_debt.sentence()
    bracketed = ask(statements, "What was ACME's FY2023 cash ratio (cash and cash equivalents divided by current "
                                "liabilities)?")
    assert bracketed.value == pytest.approx(1874 / 8062)
    using = ask(statements, "What was ACME's FY2023 payout ratio using dividends paid over cash from operations?")
    assert using.value == pytest.approx(789 / 1824)
    money = ask(statements, "What was ACME's FY2023 operating margin, i.e. operating income minus interest expense?")
    assert money.value == (1795 - 35) * M and money.headline() == "$1,760 million"  # the definition's unit, not %
    operand = ask(statements, "What was ACME's ratio of total debt (long-term debt plus current debt) to equity in "
                              "FY2023?")  # the brackets define the term before them, not the whole ratio
    assert operand.value == pytest.approx((1160 + 16) / 2795)
    margin = ask(statements, "What was ACME's FY2023 EBITDA (operating income plus D&A) as a percentage of revenue?")
    assert margin.value == pytest.approx((1795 + 918) / 46298)  # the ratio asked, not the EBITDA defined


def test_a_definition_says_whether_a_balance_is_averaged(statements: Statements) -> None:
    year_end = 365 * 1141 / 46298
    for question in ("What was ACME's DSO in FY2023, defined as year-end accounts receivable divided by revenue "
                     "times 365?", "What was ACME's FY2023 DSO, where receivables is the year-end balance?"):
        assert ask(statements, question).value == pytest.approx(year_end), question
    assert ask(statements, "What was ACME's FY2023 DSO?").value == pytest.approx(365 * (1141 + 1042) / 2 / 46298)
    named = ask(statements, "What was ACME's FY2023 DSO, where receivables is the year-end balance?", "ACME")
    assert named.sentence().startswith("ACME's FY2023 days sales outstanding was 9.00 days, computed as the question "
                                       "defines it, 365 * accounts receivable, net / total revenue, with receivables "
                                       "at year end")
    for question in ("What was ACME's inventory turnover in FY2023, calculated as cost of goods sold divided by the "
                     "two-year average of inventory?", "What was ACME's FY2023 inventory turnover, computed as COGS "
                     "over the average of beginning and ending inventory?"):
        assert ask(statements, question).value == pytest.approx(36386 / ((5140 + 5965) / 2)), question
    ending = ask(statements, "What was ACME's FY2023 inventory turnover, taken as cost of goods sold divided by "
                             "year-end inventory?")
    assert ending.value == pytest.approx(36386 / 5140)
    dpo = ask(statements, "Calculate ACME's FY2023 days payable outstanding using year-end accounts payable and "
                          "cost of goods sold.")  # built in: average payables over purchases
    assert dpo.value == pytest.approx(365 * 5687 / 36386)
    assert ask(statements, "What was ACME's FY2023 inventory turnover with closing inventory?").value == \
        pytest.approx(36386 / 5140)
    roe = ask(statements, "What was ACME's FY2023 ROE, with equity taken as the year-end balance?")
    assert roe.value == pytest.approx(1419 / 2795)  # built in: over the average of the two year ends
    bracket = ask(statements, "What was ACME's average inventory for FY2023 (the average of the FY2022 and FY2023 "
                              "year-end balances)?")
    assert bracket.value == (5140 + 5965) / 2 * M


def test_each_input_is_read_from_the_statement_the_question_names(apart: Statements) -> None:
    cash_flow = ask(apart, "What was the FY2023 EBITDA, taken as operating income plus depreciation plus "
                           "amortization of intangible assets (the latter two as reported in the cash flow statement)?")
    assert cash_flow.value == (1000 + 110 + 45) * M
    assert {(f.concept, f.table.kind) for f in cash_flow.inputs} == {
        ("operating_income", "income"), ("depreciation", "cash_flow"), ("amortization", "cash_flow")}
    income = ask(apart, "What was the FY2023 EBITDA, defined as operating income plus depreciation plus amortization "
                        "of intangible assets (the latter two as reported in the income statement)?")
    assert income.value == (1000 + 100 + 40) * M
    margin = ask(apart, "What was the FY2023 EBITDA margin, with EBITDA taken as operating income plus depreciation "
                        "(as reported in the cash flow statement)?")
    assert margin.value == pytest.approx((1000 + 110) / 77867)
    assert ask(apart, "What was FY2023 depreciation? Use the income statement.").value == 100 * M
    assert ask(apart, "What was FY2023 depreciation? Use the cash flow statement.").value == 110 * M
    # One statement named: every input is read there first; two named: each where it usually is.
    assert ask(apart, "Using the cash flow statement, what was FY2023 net income?").value == 800 * M
    assert ask(apart, "Using the cash flow statement and the income statement, what was FY2023 net income?").value \
        == 790 * M


def test_a_margin_over_its_own_denominator_is_its_money_line(statements: Statements, apart: Statements) -> None:
    printed = ask(apart, "What was the FY2023 gross margin as a percentage of net revenue?")
    assert printed.value == pytest.approx(43612 / 77867)
    assert printed.headline() == "56.01%"  # never "0.0%": the money line over revenue, not the margin over revenue
    assert ask(statements, "What was ACME's FY2023 gross margin, in percent?").headline() == "21.41%"
    # A summary table printing the margin as a percentage under the same label is no money line.
    percent_row = Table("income", "Consolidated Statements of Operations", 0, "millions", [Period(2023, 12)], [
        StatementRow("Net sales", cells=[Cell("77,867", 77867)]),
        StatementRow("Gross margin", cells=[Cell("56.0%", 56.0)]),
        StatementRow("Gross margin", cells=[Cell("43,612", 43612)])])
    shown = ask(Statements([percent_row]), "What was the FY2023 gross margin as a percentage of net revenue?")
    assert shown.value == pytest.approx(43612 / 77867)


def test_share_phrasings_are_the_part_over_the_whole(statements: Statements) -> None:
    for question in ("What share of ACME's FY2023 revenue went to SG&A?",
                     "What proportion of ACME's FY2023 revenue was selling, general and administrative expenses?",
                     "What percentage of ACME's FY2023 revenue was spent on SG&A?",
                     "How much of ACME's FY2023 revenue was SG&A, in percent?",
                     "ACME's SG&A as a share of revenue in FY2023"):
        answer = ask(statements, question)
        assert answer.value == pytest.approx(7970 / 46298), question
        assert answer.headline() == "17.21%", question


def test_growth_asked_in_percent_and_a_change_in_money(statements: Statements) -> None:
    growth = ask(statements, "How much did ACME's revenue grow from FY2022 to FY2023? Percent, one decimal place.")
    assert growth.value == pytest.approx(46298 / 51761 - 1) and growth.headline() == "-10.6%"
    change = ask(statements, "By how much did ACME's revenue decrease from FY2022 to FY2023?")
    assert change.value == (46298 - 51761) * M and change.formatted() == "-$5,463 million"


def test_a_ratio_asked_as_a_percentage_is_shown_as_one(statements: Statements) -> None:
    plain = ask(statements, "What was ACME's FY2023 current ratio? Express it as a percentage.")
    assert plain.headline() == f"{8971 / 8062 * 100:.2f}%"
    assert plain.exact() == f"{8971 / 8062 * 100:.3f}%"  # beside it, still a percentage (not "1.11")
    rounded = ask(statements, "What was ACME's FY2023 current ratio, as a percent rounded to one decimal?")
    assert rounded.headline() == f"{8971 / 8062 * 100:.1f}%"


def test_an_average_balance_uses_both_year_ends(statements: Statements) -> None:
    for question in ("What was ACME's average total assets between the 2022 and 2023 year ends?",
                     "What is the mean of ACME's FY2022 and FY2023 total assets?",
                     "What was ACME's two-year average total assets in FY2023?"):
        answer = ask(statements, question)
        assert answer.value == (15803 + 17504) / 2 * M, question
        assert sorted(f.period.fiscal_year for f in answer.inputs) == [2022, 2023], question


def test_trailing_instructions_are_no_part_of_the_metric(statements: Statements) -> None:
    answer = ask(statements, "What was ACME's FY2023 capex as a percent of revenue? Use capital expenditures from the "
                             "cash flow statement and total revenues from the income statement. Two decimals.")
    assert answer.value == pytest.approx(930 / 46298) and answer.headline() == "2.01%"
    billions = ask(statements, "What was ACME's free cash flow in FY2023? Answer in USD billions.")
    assert billions.headline() == "$0.89 billion"


def test_a_company_is_named_as_an_analyst_writes_it(statements: Statements) -> None:
    assert ask(statements, "What was FY2023 revenue?", "Acme Widgets").sentence().startswith("Acme Widgets' FY2023")
    named = ask(statements, "What was FY2023 revenue?", short_company("McDONALD'S CORPORATION"))
    assert named.sentence().startswith("McDonald's FY2023 total revenue was")


@pytest.mark.parametrize("question", [
    "What will ACME's revenue be in fiscal 2025?",
    "What free cash flow does ACME forecast for FY2024?",
    "What was ACME's non-GAAP operating income in FY2023?",
    "What was ACME's net income as defined by management in FY2023?",
    "What was ACME's adjusted EBITDA in FY2023?",
    "What was ACME's return on equity in FY2023, defined as net income over equity excluding goodwill?",
])
def test_a_question_it_cannot_compute_gets_no_figure(statements: Statements, question: str) -> None:
    record = understand(question)
    assert record.metric is not None and not record.metric.understood
    for year in (None, 2023):  # a command's --year never turns a forecast into last year's figure
        query = query_from(record, year=year)
        assert query is not None and query.not_understood.startswith("FinLens read")
        answer = answer_metric(statements, query)
        assert answer.value is None and answer.error == query.not_understood
    if " will " in question or " forecast " in question:
        assert "a forecast" in record.metric.not_understood()


@pytest.mark.parametrize("question", [
    "How quickly did Initech move its stock in FY2023? Calculate the inventory turnover ratio for FY2023.",
    "How patient were Initech's suppliers in FY2023? Calculate days payable outstanding for FY2023.",
])
def test_a_metric_named_in_full_in_another_sentence_is_the_one_meant(question: str) -> None:
    # "Calculate …" says which figure to give: it is computed, not only a hint for the search.
    record = understand(question)
    assert record.metric is not None and record.metric.understood and not record.metric.implied
    assert record.asks_figure
    assert record.metric.read in question.lower()


def test_a_metric_named_in_another_sentence_without_asking_for_it_only_guides_the_search() -> None:
    record = understand("How quickly did Initech move its stock in FY2023? Analysts watch the inventory turnover.")
    assert record.metric is not None and record.metric.implied and not record.metric.understood


def test_a_metric_word_inside_another_phrase_is_not_named_in_full() -> None:
    # "debt" alone reads as total debt inside a metric phrase, but it names no metric in full in another sentence.
    assert understand("Which debt securities are listed on an exchange? Name them.").implied == ()


def test_a_using_clause_that_averages_an_input_is_honoured(statements: Statements) -> None:
    averaged = ask(statements, "How many dollars of cost of goods sold did ACME book per dollar of inventory in "
                               "FY2023, using the two-year average of inventory?")
    assert averaged.value == pytest.approx(36386 / ((5140 + 5965) / 2))
    assert ask(statements, "How many dollars of cost of goods sold did ACME book per dollar of inventory in "
                           "FY2023?").value == pytest.approx(36386 / 5140)


def test_a_line_item_restated_in_brackets_is_one_input_not_a_ratio_of_itself() -> None:
    from app.core.question import grammar

    record = understand("What proportion of its FY2023 net income did Initech pay out as dividends to stockholders "
                        "(dividends paid)? As a percentage.")
    assert record.metric is not None and record.metric.expression is not None
    assert grammar.concepts(record.metric.expression).count("dividends_paid") <= 1
    assert "net_income" in grammar.concepts(grammar.expand(record.metric.expression))
    same = grammar.Binary("/", grammar.Term("revenue", "sales"), grammar.Term("revenue", "net sales"))
    assert grammar.canonical(same) == grammar.Term("revenue", "sales")


def test_an_amount_keeps_the_decimals_the_filing_prints_in_millions() -> None:
    def balance_sheet(print_as: str) -> Statements:
        rows = {"Total current assets": 5424.2, "Total current liabilities": 3802.1}
        return Statements([Table("balance", "Consolidated Balance Sheet", 0, "millions", [Period(2023, 0)],
                                 [StatementRow(label, cells=[Cell(print_as.format(value), value)])
                                  for label, value in rows.items()])])

    question = "What was Initech's working capital at the end of FY2023?"
    assert ask(balance_sheet("{:,.1f}"), question).headline() == "$1,622.1 million"
    assert ask(balance_sheet("{:,.0f}"), question).headline() == "$1,622 million"  # printed whole: whole
    assert ask(balance_sheet("{:,.1f}"), question + " In USD billions.").headline() == "$1.62 billion"


@pytest.fixture(scope="module")
def tech_filer() -> Statements:
    """A filer printing sales and marketing and G&A (no SG&A line), product development, acquisitions and debt."""
    return Statements([
        _table("income", "Consolidated Statements of Income", {
            "Net revenues": 10000, "Sales and marketing": 2000, "Product development": 1200,
            "General and administrative": 900, "Operating income": 2500, "Net income": 1800}),
        _table("balance", "Consolidated Balance Sheets", {
            "Total current assets": 6000, "Total assets": 20000, "Short-term debt": 500,
            "Total current liabilities": 4000, "Long-term debt": 7500, "Total stockholders' equity": 6000}),
        _table("cash_flow", "Consolidated Statements of Cash Flows", {
            "Net cash provided by operating activities": 3000, "Purchases of property and equipment": -400,
            "Acquisitions, net of cash acquired": -250})])


def test_sga_is_sales_and_marketing_plus_g_and_a_where_no_sga_line_is_printed(tech_filer: Statements) -> None:
    answer = ask(tech_filer, "What was Acme's SG&A as a % of revenue in FY2023?")
    assert answer.value == pytest.approx((2000 + 900) / 10000)
    defined = ask(tech_filer, "What was Acme's SG&A in FY2023? Define SG&A as sales and marketing plus general and "
                              "administrative expenses.")
    assert defined.value == (2000 + 900) * M


def test_a_line_named_by_the_filer_is_read_and_still_asks_for_a_figure(tech_filer: Statements) -> None:
    question = "What was Acme's product development expense as a % of net revenues in FY2023?"
    assert understand(question).asks_figure
    assert ask(tech_filer, question).value == pytest.approx(1200 / 10000)
    assert ask(tech_filer, "How much cash did Acme spend on acquisitions in FY2023?").value == 250 * M
    assert not understand("Which segment grew fastest in FY2023?").asks_figure


def test_a_definition_of_an_input_reaches_inside_a_named_metric(tech_filer: Statements) -> None:
    # debt to assets is total debt / total assets: the question's total debt goes in.
    answer = ask(tech_filer, "What is Acme's FY2023 debt to assets ratio? Total debt here is defined as: long-term "
                             "debt only.")
    assert answer.value is None  # "long-term debt only" is no formula FinLens reads: no figure, and it says so
    assert "Total debt as long-term debt only" in answer.error
    capital = ask(tech_filer, "What was Acme's total debt to total capitalization in FY2023? Define total debt as "
                              "long-term debt plus short-term debt, and total capitalization as total debt plus total "
                              "stockholders' equity.")
    assert capital.value == pytest.approx((7500 + 500) / (7500 + 500 + 6000))
    long_term = ask(tech_filer, "What is Acme's FY2023 debt to assets? Define total debt as long-term debt.")
    assert long_term.value == pytest.approx(7500 / 20000)


def test_a_defined_formula_takes_a_lines_stated_fallback_and_says_so() -> None:
    no_gross_line = Statements([_table("income", "Consolidated Statements of Income",
                                       {"Net sales": 1000, "Cost of sales": 600, "Net income": 90})])
    answer = ask(no_gross_line, "What was Acme's FY2023 gross margin? Gross margin is defined as gross profit / net "
                                "sales.")
    assert answer.value == pytest.approx((1000 - 600) / 1000)
    assert "standard fallback" in answer.sentence()


def test_a_yes_no_ask_that_says_which_figure_to_give_asks_for_that_figure(statements: Statements) -> None:
    question = ("Was Acme investing faster than its assets wore out in FY2023? Give the ratio of capital expenditures "
                "to depreciation and amortization, both from the cash flow statement.")
    assert understand(question).asks_figure
    assert ask(statements, question).value == pytest.approx(930 / 918)  # capex (930) over D&A (918), FY2023
    assert not understand("Was Acme investing faster than its assets wore out in FY2023?").asks_figure


def test_a_year_compared_with_another_still_asks_for_a_figure() -> None:
    assert understand("By how much did Acme's net sales change in FY2023 compared with FY2022?").asks_figure
    assert not understand("How does Acme's margin compare with its peers'?").asks_figure


def test_ebitda_takes_depreciation_plus_amortization_where_they_are_printed_apart(apart: Statements) -> None:
    # No combined D&A line: the stated fallback adds depreciation and amortization, read where the question says.
    answer = ask(apart, "What was Acme's FY2023 EBITDA (using operating income and D&A from the cash flow statement)?")
    assert answer.value == (1000 + 110 + 45) * M
    assert "standard fallback" in answer.sentence()


def test_total_debt_adds_short_term_borrowings_and_the_current_portion_once_each() -> None:
    balance = Statements([_table("balance", "Consolidated Balance Sheets", {
        "Loans and notes payable": 2000, "Current maturities of long-term debt": 500, "Long-term debt": 9000,
        "Total equity": 5000})])
    assert ask(balance, "What was Acme's total debt at the end of FY2023?").value == (2000 + 500 + 9000) * M
    defined = ask(balance, "What is Acme's FY2023 total debt to equity ratio? Total debt is defined as loans and notes "
                           "payable + current maturities of long-term debt + long-term debt.")
    assert defined.value == pytest.approx((2000 + 500 + 9000) / 5000)


def test_total_equity_is_the_line_of_that_name_where_one_is_printed() -> None:
    balance = Statements([_table("balance", "Consolidated Balance Sheets", {
        "Total Acme stockholders' equity": 21785, "Noncontrolling interests": 400, "Total equity": 22185,
        "Long-term debt": 50000})])
    assert ask(balance, "What was Acme's total equity at the end of FY2023?").value == 22185 * M
    assert ask(balance, "What was Acme's stockholders' equity at the end of FY2023?").value == 21785 * M
