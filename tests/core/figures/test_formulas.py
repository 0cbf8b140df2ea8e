"""Every named metric, checked against the figures of the generated filing; questions parsed; missing facts said."""

from __future__ import annotations

import pytest

from app.core.figures import answer_metric, parse_metric_question
from app.core.figures.concepts import CONCEPTS, FactError, find_fact
from app.core.figures.formulas import METRIC_BY_NAME, METRICS, evaluate_metric
from app.core.ingest.parsing import parse_file
from app.core.ingest.statements import Statements, extract_statements
from tests.core.ingest.statements.factory import FIGURES, make_annual_report

M = 1e6


def f(name: str, year: int) -> float:
    """A figure of the generated filing, in dollars (FY2023 is index 0)."""
    return FIGURES[name][2023 - year] * M


def avg(name: str) -> float:
    return (f(name, 2023) + f(name, 2022)) / 2


EXPECTED = {
    "gross margin": f("gross_profit", 2023) / f("revenue", 2023),
    "operating margin": f("operating_income", 2023) / f("revenue", 2023),
    "net profit margin": f("net_income", 2023) / f("revenue", 2023),
    "EBITDA": f("operating_income", 2023) + f("d_and_a", 2023),
    "EBITDA margin": (f("operating_income", 2023) + f("d_and_a", 2023)) / f("revenue", 2023),
    "current ratio": 8971 / 8062,
    "quick ratio": (1874 + 1141) / 8062,  # no short-term investments line: taken as zero, and said
    "working capital": (8971 - 8062) * M,
    "operating cash flow ratio": 1824 / 8062,
    "capex to revenue": 930 / 46298,
    "free cash flow": (1824 - 930) * M,
    "FCF conversion": (1824 - 930) / 1419,
    "effective tax rate": 370 / 1788,
    "dividend payout ratio": 789 / 1419,
    "retention ratio": 1 - 789 / 1419,
    "interest coverage": 1795 / 35,  # printed "(35)": an expense shown as a deduction
    "debt to equity": (1160 + 16) / 2795,
    "total debt": (1160 + 16) * M,
    "net debt": (1160 + 16 - 1874) * M,
    "return on assets": f("net_income", 2023) / avg("total_assets"),
    "return on equity": f("net_income", 2023) / avg("equity"),
    "fixed asset turnover": f("revenue", 2023) / avg("ppe"),
    "asset turnover": f("revenue", 2023) / avg("total_assets"),
    "inventory turnover": f("cost_of_revenue", 2023) / avg("inventory"),
    "days inventory outstanding": 365 * avg("inventory") / f("cost_of_revenue", 2023),
    "days sales outstanding": 365 * avg("receivables") / f("revenue", 2023),
    "days payable outstanding": 365 * avg("accounts_payable") / (f("cost_of_revenue", 2023) + (5140 - 5965) * M),
    "cost of revenue to revenue": 36386 / 46298,
    "total capital": (1160 + 16 + 2795) * M,
    "debt to capital": (1160 + 16) / (1160 + 16 + 2795),
    "debt to assets": (1160 + 16) * M / f("total_assets", 2023),
    "cash ratio": 1874 / 8062,  # no short-term investments line: taken as zero, and said
    "receivables turnover": f("revenue", 2023) / avg("receivables"),
    "payables turnover": f("cost_of_revenue", 2023) / avg("accounts_payable"),
}
EXPECTED["cash conversion cycle"] = (EXPECTED["days inventory outstanding"] + EXPECTED["days sales outstanding"]
                                     - EXPECTED["days payable outstanding"])


@pytest.fixture(scope="module")
def statements(tmp_path_factory: pytest.TempPathFactory) -> Statements:
    return extract_statements(parse_file(make_annual_report(tmp_path_factory.mktemp("f") / "ACME_2023_10K.pdf")))


def test_every_metric_has_a_checked_formula() -> None:
    assert {m.name for m in METRICS} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metric_value(statements: Statements, name: str) -> None:
    evaluation = evaluate_metric(METRIC_BY_NAME[name.lower()], statements, 2023)
    assert evaluation.value == pytest.approx(EXPECTED[name], rel=1e-9)
    assert evaluation.inputs and all(fact.cell.rect is not None for fact in evaluation.inputs)


@pytest.mark.parametrize("concept", [c.name for c in CONCEPTS if c.name in FIGURES])
def test_every_concept_is_found_for_each_year(statements: Statements, concept: str) -> None:
    for index, value in enumerate(FIGURES[concept]):
        fact = find_fact(statements, concept, 2023 - index)
        assert fact.value == value * M


def test_quick_ratio_says_which_input_was_taken_as_zero(statements: Statements) -> None:
    answer = answer_metric(statements, parse_metric_question("What is Acme's FY2023 quick ratio?"))
    assert answer.formatted() == f"{(1874 + 1141) / 8062:.2f}"
    assert "Short-term investments not reported, taken as 0" in answer.sentence()


@pytest.mark.parametrize(("question", "metric", "years", "mode"), [
    ("What is the FY2019 fixed asset turnover ratio for Activision Blizzard? Fixed asset turnover ratio is defined "
     "as: FY2019 revenue / (average PP&E between FY2018 and FY2019).", "fixed asset turnover", [2019], "value"),
    ("What is the FY2017 - FY2019 3 year average of capex as a % of revenue?", "capex to revenue",
     [2017, 2018, 2019], "average"),
    ("What is Adobe's year-over-year change in unadjusted operating income from FY2015 to FY2016?",
     "Operating income", [2015, 2016], "growth"),
    ("What is the FY2019 - FY2020 total revenue growth rate for Block?", "Total revenue", [2019, 2020], "growth"),
    ("what is the FY2015 operating cash flow ratio for Adobe?", "operating cash flow ratio", [2015], "value"),
    ("Define working capital ratio as total current assets divided by total current liabilities. FY2016",
     "current ratio", [2016], "value"),
    ("What is the FY2018 - FY2020 3 year average unadjusted EBITDA % margin for Walmart?", "EBITDA margin",
     [2018, 2019, 2020], "average"),
    ("What is the year end FY2019 total amount of inventories for Best Buy?", "Inventories", [2019], "value"),
])
def test_questions_are_parsed(question: str, metric: str, years: list[int], mode: str) -> None:
    query = parse_metric_question(question)
    assert query is not None
    assert (query.metric.name, query.years, query.mode) == (metric, years, mode)


def test_answers_average_and_growth(statements: Statements) -> None:
    average = answer_metric(statements, parse_metric_question("FY2021 - FY2023 3 year average gross margin"))
    margins = [FIGURES["gross_profit"][i] / FIGURES["revenue"][i] for i in range(3)]
    assert average.value == pytest.approx(sum(margins) / 3)
    growth = answer_metric(statements, parse_metric_question("year-over-year revenue growth FY2022 to FY2023"))
    assert growth.value == pytest.approx(46298 / 51761 - 1) and growth.formatted() == "-10.6%"
    assert growth.headline() == "-10.55%"  # the answer's lead keeps two decimals when no rounding is asked
    inputs = growth.to_dict()["inputs"]
    assert {(i["concept"], i["fiscal_year"], i["page"]) for i in inputs} == {("revenue", 2023, 2), ("revenue", 2022, 2)}


def test_missing_facts_are_said_not_guessed(statements: Statements) -> None:
    answer = answer_metric(statements, parse_metric_question("What is the FY2021 return on assets?"))
    assert answer.value is None  # the balance sheet holds the ends of FY2023 and FY2022 only
    assert answer.error.startswith("Total assets for FY2021 is not in the statements (they cover FY2022, FY2023).")
    with pytest.raises(FactError, match="No total debt|No long-term debt|not in the statements"):
        find_fact(statements, "long_term_debt", 2019)
    empty = answer_metric(Statements(), parse_metric_question("FY2023 revenue"))
    assert empty.value is None and "No financial statements" in empty.error
    assert parse_metric_question("What does the company sell?") is None


def test_library_lookup_and_evidence_pages(statements: Statements) -> None:
    from app.core.figures.lookup import candidate_documents, compute, evidence_pages
    from app.core.records import DocumentInfo

    class FakeLibrary:
        def __init__(self) -> None:
            self.documents = [DocumentInfo("old", "/a/ACME_2022.pdf", "a", company="Acme Stores, Inc.",
                                           form_type="10-K", fiscal_year=2022),
                              DocumentInfo("new", "/a/ACME_2023.pdf", "b", company="Acme Stores, Inc.",
                                           form_type="10-K", fiscal_year=2023),
                              DocumentInfo("gbx", "/a/GBX_2023.pdf", "c", company="Globex Corporation",
                                           form_type="10-K", fiscal_year=2023)]

        def list_documents(self) -> list[DocumentInfo]:
            return self.documents

        def statements(self, doc_id: str) -> str | None:
            return statements.to_payload() if doc_id == "new" else None

    library = FakeLibrary()
    ordered = candidate_documents(library.documents, 2023, company="ACME STORES")
    assert [d.doc_id for d in ordered] == ["new", "old"]
    assert candidate_documents(library.documents, 2023) == []  # two companies, none named
    computed = compute(library, "What was Acme Stores' FY2023 current ratio?")
    assert computed is not None and computed.document.doc_id == "new"
    assert computed.answer.formatted() == f"{8971 / 8062:.2f}"
    missing = compute(library, "Globex FY2023 current ratio")
    assert missing is not None and missing.answer.value is None and "No financial statements" in missing.answer.error
    assert compute(library, "Who is Acme's CEO?") is None
    query = parse_metric_question("FY2023 inventory turnover")
    assert evidence_pages(statements, query) == {1: 1.0, 2: 1.0}  # cost of sales p2, inventories p3 (0-based)


def test_quarter_questions_read_the_quarter_column(tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.core.ingest.statements.factory import make_quarterly_report

    quarterly = extract_statements(parse_file(make_quarterly_report(tmp_path_factory.mktemp("q") / "q.pdf")))
    query = parse_metric_question("What was Apple's net sales in Q3 FY2023?")
    assert query is not None and query.quarter == 3 and query.years == [2023]
    answer = answer_metric(quarterly, query)
    assert answer.value == 81797 * M
    assert answer.sentence() == ("The Q3 FY2023 total revenue was $81,797 million: \u201cNet sales\u201d, "
                                 "3M to 2023-07-01, page 1.")
    growth = answer_metric(quarterly, parse_metric_question("third quarter FY2023 revenue growth year over year"))
    assert growth.value == pytest.approx(81797 / 82959 - 1)
    assert growth.formula() == "Total revenue Q3 FY2023 / Total revenue Q3 FY2022 - 1"
    assert answer_metric(quarterly, parse_metric_question("Q3 FY2023 gross margin")).value == pytest.approx(
        36413 / 81797)


def test_interim_periods_read_the_column_of_that_many_months(tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.core.ingest.statements.factory import make_quarterly_report

    quarterly = extract_statements(parse_file(make_quarterly_report(tmp_path_factory.mktemp("q") / "q.pdf")))
    nine = parse_metric_question("What was the net income for the nine months ended July 1, 2023?")
    assert nine is not None and (nine.months, nine.end, nine.quarter) == (9, "2023-07-01", None)
    answer = answer_metric(quarterly, nine)
    assert answer.value == 74039 * M
    assert answer.sentence().startswith("The net income for the nine months ended "
                                        "July 1, 2023 was $74,039 million")
    # A date picks the column ending on it; without one, "the first nine months of 2022" is the nine months ending
    # in 2022; compared with the same period a year before, it is a growth.
    assert answer_metric(quarterly, parse_metric_question(
        "Net sales for the three months ended June 25, 2022")).value == 82959 * M
    assert answer_metric(quarterly, parse_metric_question(
        "Net sales over the first nine months of 2022")).value == 304182 * M
    growth = answer_metric(quarterly, parse_metric_question(
        "What is the year-over-year change in net sales for the three months ended July 1, 2023 compared with the "
        "three months ended June 25, 2022, in percent?"))
    assert growth.value == pytest.approx(81797 / 82959 - 1)
    margin = answer_metric(quarterly, parse_metric_question("Gross margin % for the fiscal quarter ended July 1, 2023"))
    assert margin.value == pytest.approx(36413 / 81797)
    # A period the filing does not report is said, never answered with another one.
    half = answer_metric(quarterly, parse_metric_question("Net sales for the six months ended July 1, 2023"))
    assert half.value is None and half.error == ("This document's statements report no column for 6 months ending "
                                                 "2023-07-01.")
    year = answer_metric(quarterly, parse_metric_question("FY2023 net sales"))
    assert year.value is None
    # A date the filing reports nothing for is said (another filing of the library reports it), a week's gap aside.
    later = answer_metric(quarterly, parse_metric_question("What was net income as of December 31, 2023?"))
    assert later.value is None and later.error == "This document's statements report nothing for December 31, 2023."
    assert answer_metric(quarterly, parse_metric_question(
        "Net sales for the three months ended June 30, 2023")).value == 81797 * M  # the quarter ended July 1


def test_the_questions_own_words_pick_the_line_a_filer_prints_under_them(tmp_path_factory: pytest.TempPathFactory) \
        -> None:
    from tests.core.ingest.statements.factory import make_retailer_income

    retailer = extract_statements(parse_file(make_retailer_income(tmp_path_factory.mktemp("r") / "r.pdf")))
    assert answer_metric(retailer, parse_metric_question("FY2023 net sales")).value == 600 * M
    assert answer_metric(retailer, parse_metric_question("FY2023 total revenues")).value == 610 * M
    assert answer_metric(retailer, parse_metric_question("FY2023 revenue")).value == 610 * M
    defined = parse_metric_question("What is the FY2023 gross margin? Gross margin is defined as: (net sales - cost "
                                    "of sales) / net sales.")
    assert answer_metric(retailer, defined).value == pytest.approx(150 / 600)
    assert answer_metric(retailer, parse_metric_question("FY2023 gross margin")).value == pytest.approx(160 / 610)
    assert answer_metric(retailer, parse_metric_question("FY2023 operating income as a % of net sales")).value == \
        pytest.approx(25 / 600)


def test_ratios_change_by_points_and_judgement_questions_are_left_to_passages(statements: Statements) -> None:
    from app.core.figures.answers import asks_for_a_figure

    query = parse_metric_question("How much has the effective tax rate changed between FY2022 and FY2023?")
    assert query is not None and query.mode == "change" and query.years == [2022, 2023]
    answer = answer_metric(statements, query)
    assert answer.value == pytest.approx(370 / 1788 - 574 / 3024)
    assert answer.headline() == f"{(370 / 1788 - 574 / 3024) * 100:+.2f} percentage points"
    assert "from 19.0% in FY2022 to 20.7% in FY2023" in answer.sentence()
    # A definition that speaks of "change in inventory" does not turn DPO into a change.
    dpo = parse_metric_question("What is FY2023 DPO? DPO is defined as: 365 * (average accounts payable between "
                                "FY2022 and FY2023) / (FY2023 COGS + change in inventory between FY2022 and FY2023).")
    assert dpo is not None and (dpo.mode, dpo.years) == ("value", [2023])
    assert asks_for_a_figure("What is the FY2019 fixed asset turnover ratio for Activision Blizzard?")
    assert not asks_for_a_figure("What drove gross margin change as of FY2022 for JnJ?")
    assert not asks_for_a_figure("Does Adobe have an improving operating margin profile as of FY2022?")
    assert not asks_for_a_figure("Which Best Buy product category performed the best in Q2 of FY2024?")


def test_a_titled_statement_is_preferred_to_an_untitled_table_and_losses_read_as_negative() -> None:
    from app.core.figures.answers import format_value
    from app.core.ingest.statements import Cell, Period, StatementRow, Table

    def table(title: str, value: float, titled: bool) -> Table:
        return Table("income", title, 0, "millions", [Period(2023, 12)],
                     [StatementRow("Net income", cells=[Cell(f"{value:,.0f}", value)])], titled=titled)

    # A summary table before the statement (an earnings release's highlights, named by the lines it holds).
    statements = Statements([table("Highlights", 79, False), table("Consolidated Statements of Income", 2310, True)])
    assert find_fact(statements, "net_income", 2023).value == 2310e6
    assert format_value(-2758e6, "money") == "-$2,758 million"


def test_a_line_item_written_as_shorthand_is_the_same_metric() -> None:
    from app.core.figures.answers import find_metric

    assert find_metric("Does Acme have an improving free cashflow conversion as of FY2022?").name == "FCF conversion"
    assert find_metric("What was Acme's FY2022 free cashflow?").name == "free cash flow"
    for written in ("PPNE", "PP&E", "PPE", "property, plant and equipment"):
        assert find_metric(f"What was Acme's net {written} in FY2022?").expression == "ppe"


def test_a_question_whether_a_figure_grew_asks_for_growth_between_its_years() -> None:
    query = parse_metric_question("Did Acme grow its PPNE between FY20 and FY21?")
    assert (query.metric.expression, query.years, query.mode) == ("ppe", [2020, 2021], "growth")
    assert parse_metric_question("How much did Acme's revenue grow in FY2022?").years == [2021, 2022]
    assert parse_metric_question("What was Acme's FY2022 revenue?").mode == "value"


def test_a_page_that_states_the_metric_itself_is_evidence_too(statements: Statements) -> None:
    from app.core.figures.lookup import evidence_pages
    from app.core.ingest.statements import Cell, Period, StatementRow, Table

    def summary(label: str, year: int) -> Table:  # an MD&A summary table on page 40 (0-based)
        return Table("income", "Summary of Financial Performance", 40, "", [Period(year, 12)],
                     [StatementRow(label, cells=[Cell("24.6 %", 24.6)])])

    query = parse_metric_question("How much did Acme's effective tax rate change between FY2022 and FY2023?")
    from_inputs = evidence_pages(statements, query)
    stated = Statements([*statements.tables, summary("Effective tax rate", 2023)])
    assert evidence_pages(stated, query) == {**from_inputs, 40: 1.0}
    for other in (summary("Effective tax rate", 2019), summary("Income tax provision", 2023)):  # other year, no ratio
        assert evidence_pages(Statements([*statements.tables, other]), query) == from_inputs
    revenue = parse_metric_question("What was Acme's FY2023 revenue?")  # a line item: its statement row says it
    assert 40 not in evidence_pages(Statements([*statements.tables, summary("Revenue", 2023)]), revenue)
