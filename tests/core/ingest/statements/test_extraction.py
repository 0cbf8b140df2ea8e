"""Statement extraction on generated filings: periods, scale, negatives, dashes, cell rectangles, payload round trip."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from app.core.ingest.parsing import ParsedDocument, Row, parse_file
from app.core.ingest.statements import Period, Statements, extract_statements
from app.core.ingest.statements.extraction import parse_number, statement_kind
from app.core.ingest.statements.statement_periods import HeaderWord, column_periods, fiscal_year_of
from tests.core.ingest.statements.factory import make_annual_report, make_quarterly_report
from tests.pdf_factory import make_10k


@pytest.fixture(scope="module")
def annual(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Statements]:
    path = make_annual_report(tmp_path_factory.mktemp("annual") / "ACME_2023_10K.pdf")
    return path, extract_statements(parse_file(path))


def _row(statements: Statements, kind: str, label: str):  # noqa: ANN202 - a test helper
    table = statements.of_kind(kind)[0]
    return table, next(r for r in table.rows if r.label == label)


def test_the_primary_statements_are_found_with_their_periods_and_scale(annual) -> None:  # noqa: ANN001
    _, statements = annual
    kinds = [t.kind for t in statements.tables]
    assert kinds == ["income", "balance", "cash_flow"]
    income, balance, cash = statements.tables
    # A 52/53-week year ending late January is named by the calendar year it ends in.
    assert income.columns == [Period(2023, 12, "2023-01-28"), Period(2022, 12, "2022-01-29"),
                              Period(2021, 12, "2021-01-30")]
    assert balance.columns == [Period(2023, 0, "2023-01-28"), Period(2022, 0, "2022-01-29")]
    assert [c.fiscal_year for c in cash.columns if c] == [2023, 2022, 2021]
    assert income.scale == balance.scale == "millions" and income.multiplier == 1e6
    assert [t.page for t in statements.tables] == [1, 2, 3]


def test_values_parentheses_dashes_and_per_share_rows(annual) -> None:  # noqa: ANN001
    _, statements = annual
    _, revenue = _row(statements, "income", "Revenue")
    assert [c.value for c in revenue.cells] == [46298, 51761, 47262]
    _, interest = _row(statements, "income", "Interest expense")
    assert [c.value for c in interest.cells] == [-35, -25, -52]
    _, gain = _row(statements, "income", "Gain on sale of investments")
    assert [c.value for c in gain.cells] == [0, 0, 6]
    _, eps = _row(statements, "income", "Diluted earnings per share")
    assert eps.per_share and eps.cells[0].value == 6.29
    _, capex = _row(statements, "cash_flow", "Additions to property and equipment")
    assert capex.cells[0].text == "(930)" and capex.cells[0].value == -930


def test_hierarchy_levels_and_sections(annual) -> None:  # noqa: ANN001
    _, statements = annual
    _, interest = _row(statements, "income", "Interest expense")
    _, operating = _row(statements, "income", "Operating income")
    assert interest.level > operating.level
    assert interest.section == "Other income (expense)"
    _, payable = _row(statements, "balance", "Accounts payable")
    assert payable.section == "Current liabilities"


def test_each_cell_rectangle_holds_its_printed_figure(annual) -> None:  # noqa: ANN001
    path, statements = annual
    with pymupdf.open(path) as document:
        for table in statements.tables:
            for row in table.rows:
                for cell in row.cells:
                    if cell is None:
                        continue
                    assert cell.rect is not None and cell.rect.page == table.page
                    shown = document[cell.rect.page].get_textbox(pymupdf.Rect(cell.rect.x0, cell.rect.y0,
                                                                              cell.rect.x1, cell.rect.y1))
                    assert shown.strip().replace("$", "").strip() == cell.text.replace("$", "")


def test_quarterly_columns_under_spanning_headers(tmp_path: Path) -> None:
    statements = extract_statements(parse_file(make_quarterly_report(tmp_path / "q.pdf")))
    (table,) = statements.tables
    assert table.kind == "income"
    assert table.columns == [Period(2023, 3, "2023-07-01"), Period(2022, 3, "2022-06-25"),
                             Period(2023, 9, "2023-07-01"), Period(2022, 9, "2022-06-25")]
    assert [c.value for c in table.rows[0].cells] == [81797, 82959, 293787, 304182]
    assert table.columns[2].label() == "9M to 2023-07-01"


def test_a_footnote_table_under_a_quarter_statement_keeps_its_interim_periods(tmp_path: Path) -> None:
    # Its header repeats the dates alone: read as fiscal years, a quarter's stock-based compensation was a year's.
    statements = extract_statements(parse_file(make_quarterly_report(tmp_path / "q.pdf", footnote=True)))
    periods = [p for t in statements.tables for p in t.columns if p is not None]
    assert periods and all(p.months in (3, 9) for p in periods)


@pytest.mark.parametrize(("title", "kind"), [("Consolidated Statem ents of Income (Loss)", "income"),
                                           ("CONSOLIDATED BALANCE SHE ETS", "balance"),
                                           ("Consolidated Statements of Cash Flo ws", "cash_flow")])
def test_a_title_whose_pdf_split_a_word_is_still_a_statement_title(title: str, kind: str) -> None:
    from app.core.ingest.statements.extraction import statement_kind

    assert statement_kind(title) == kind


def test_left_aligned_tables_of_the_plain_generated_10k(tmp_path: Path) -> None:
    statements = extract_statements(parse_file(make_10k(tmp_path / "ACME_2022_10K.pdf")))
    income = statements.of_kind("income")[0]
    assert [c.fiscal_year for c in income.columns if c] == [2022, 2021]
    revenue = next(r for r in income.rows if r.label == "Net revenues")
    assert [c.value for c in revenue.cells] == [12345, 11002]


def test_payload_round_trip(annual) -> None:  # noqa: ANN001
    _, statements = annual
    again = Statements.from_payload(statements.to_payload())
    assert [t.to_json() for t in again.tables] == [t.to_json() for t in statements.tables]
    assert Statements.from_payload(None).tables == [] and Statements.from_payload("{not json").tables == []


def test_rows_without_boxes_are_read_from_the_right(tmp_path: Path) -> None:
    rows = [Row(0, "CONSOLIDATED BALANCE SHEETS", None), Row(0, "(In thousands)", None),
            Row(0, "December 31, 2022 December 31, 2021", None)]
    rows += [Row(0, f"{label} {a} {b}", None) for label, a, b in [
        ("Cash and cash equivalents", "$ 1,200", "$ 900"), ("Inventories", "300", "280"),
        ("Total current assets", "1,500", "1,180"), ("Total assets", "4,000", "3,600"),
        ("Total current liabilities", "(700)", "650")]]
    parsed = ParsedDocument(path=tmp_path / "x.htm", kind="html", content_hash="0", size=1, mtime=0, page_count=1,
                            rows=rows)
    (table,) = extract_statements(parsed).tables
    assert table.kind == "balance" and table.scale == "thousands"
    assert [c.fiscal_year for c in table.columns if c] == [2022, 2021]
    cash = table.rows[0]
    assert [c.value for c in cash.cells] == [1200, 900] and cash.cells[0].rect is None
    assert table.rows[-1].cells[0].value == -700


@pytest.mark.parametrize(("text", "value"), [("1,234", 1234), ("(1,234)", -1234), ("$(5.5)", -5.5), ("—", 0),
                                             ("-", 0), ("12.5%", 12.5), ("1,2,3", None), ("(12", None),
                                             ("abc", None)])
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(("title", "kind"), [
    ("CONSOLIDATED BALANCE SHEETS", "balance"), ("Consolidated Statements of Operations", "income"),
    ("CONSOLIDATED STATEMENTS OF COMPREHENSIVE INCOME", "comprehensive"),
    ("Condensed Consolidated Statements of Cash Flows (Unaudited)", "cash_flow"),
    ("CONSOLIDATED STATEMENTS OF SHAREHOLDERS' EQUITY", "equity"),
    ("Consolidated Statements of Financial Position", "balance"),
    ("CONSOLIDATED STATEMENTS OF STOCKHOLDERS’ (DEFICIT) EQUITY", "equity"),
    ("the Consolidated Statements of Income for fiscal 2019.", None),
    ("See accompanying notes to consolidated financial statements.", None)])
def test_statement_titles(title: str, kind: str | None) -> None:
    assert statement_kind(title) == kind


def test_a_year_ending_in_the_first_days_of_january_belongs_to_the_year_before() -> None:
    assert fiscal_year_of(2021, 1, 2) == 2020
    assert fiscal_year_of(2017, 1, 28) == 2017
    words = [HeaderWord(t, x0, x1, 0) for t, x0, x1 in [("January", 100, 130), ("2,", 131, 140),
                                                        ("2021", 142, 160)]]
    assert column_periods(words, [(120, 160)], instant=False) == [Period(2020, 12, "2021-01-02")]


def test_a_statement_continued_on_the_next_page_keeps_its_periods(tmp_path: Path) -> None:
    from app.core.figures.concepts import find_fact
    from tests.core.ingest.statements.factory import make_continued_balance_sheet

    statements = extract_statements(parse_file(make_continued_balance_sheet(tmp_path / "b.pdf")))
    assert [(t.kind, t.page) for t in statements.tables] == [("balance", 0), ("balance", 1)]
    assert statements.tables[1].columns == statements.tables[0].columns == [Period(2022, 0, "2022-12-31"),
                                                                             Period(2021, 0, "2021-12-31")]
    assert statements.tables[1].scale == "thousands"
    payable = find_fact(statements, "accounts_payable", 2022)
    assert payable.value == 5687e3 and payable.page == 1


def test_a_header_date_wrapped_onto_the_next_line() -> None:
    words = [HeaderWord(t, x0, x1, line) for t, x0, x1, line in [
        ("Three", 420, 440, 0), ("Months", 442, 470, 0), ("Ended", 472, 495, 0), ("April", 497, 520, 0),
        ("30,", 500, 510, 1), ("2023", 440, 460, 2), ("2022", 500, 520, 2)]]
    assert column_periods(words, [(440, 460), (500, 520)], instant=False) == [Period(2023, 3, "2023-04-30"),
                                                                             Period(2022, 3, "2022-04-30")]


@pytest.fixture(scope="module")
def slips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, float | None] | None]]:
    from tests.core.ingest.statements.factory import make_slips_table

    (table,) = extract_statements(parse_file(make_slips_table(tmp_path_factory.mktemp("slips") / "s.pdf"))).tables
    assert table.columns == [Period(2023, 12, "2023-12-31"), Period(2022, 12, "2022-12-31")]
    return {row.label: [(c.text, c.value) if c else None for c in row.cells] for row in table.rows}


def test_a_one_digit_negative_in_a_value_column_is_a_figure_not_a_footnote_mark(slips) -> None:  # noqa: ANN001
    # "(2)" printed after the last column is a footnote mark; "(9)" and "(1)" in the columns are figures.
    assert slips["Foreign currency effects"] == [("12", 12), ("(9)", -9)]
    assert slips["Other, net"] == [("(1)", -1), ("(1)", -1)]
    assert slips["Loss on disposal"] == [None, ("(9)", -9)]
    assert slips["Restructuring"] == [("(3)", -3), ("5", 5)]
    # A mark attached to a label stays in the label, not in a column.
    assert slips["Revenue (1)"] == [("5,120", 5120), ("4,870", 4870)]


def test_a_note_reference_stays_whole_in_its_label(slips) -> None:  # noqa: ANN001
    from app.core.figures.concepts import BY_NAME, concept_matches

    assert slips["Accounts receivable, net (Note 4)"] == [("812", 812), ("790", 790)]
    assert slips["Other assets (Notes 5 and 6)"] == [("64", 64), ("71", 71)]
    assert concept_matches(BY_NAME["receivables"], "Accounts receivable, net (Note 4)") is not None


def test_a_ratio_printed_with_a_colon_is_read_with_its_unit(slips) -> None:  # noqa: ANN001
    from app.core.ingest.statements.model import Cell

    assert slips["Current ratio"] == [("1.4:1", 1.4), ("1.2:1", 1.2)]
    assert parse_number("1.4:1") == 1.4 and parse_number("2.5x") == 2.5 and parse_number("1.4:2") is None
    assert [Cell(t, 0).unit for t in ("1.4:1", "2.5x", "12.5%", "(3.1)%", "1,234")] == \
        ["ratio", "ratio", "percent", "percent", ""]


def test_the_same_slips_in_rows_without_boxes(tmp_path: Path) -> None:
    # Without boxes a bracketed digit among the figures is a figure: only columns on a page can tell a mark apart.
    rows = [Row(0, "CONSOLIDATED STATEMENTS OF OPERATIONS", None), Row(0, "(In millions)", None),
            Row(0, "Year Ended December 31, 2023 2022", None)]
    rows += [Row(0, text, None) for text in [
        "Revenue $ 5,120 $ 4,870", "Cost of revenue 3,010 2,950", "Accounts receivable, net (Note 4) 812 790",
        "Other assets (Notes 5 and 6) 64 71", "Foreign currency effects 12 (9)", "Other, net (1) (1)",
        "Current ratio 1.4:1 1.2:1", "Net income $ 1,005 $ 960"]]
    parsed = ParsedDocument(path=tmp_path / "x.htm", kind="html", content_hash="0", size=1, mtime=0, page_count=1,
                            rows=rows)
    (table,) = extract_statements(parsed).tables
    read = {r.label: [c.value if c else None for c in r.cells] for r in table.rows}
    assert read["Accounts receivable, net (Note 4)"] == [812, 790]
    assert read["Other assets (Notes 5 and 6)"] == [64, 71]
    assert read["Foreign currency effects"] == [12, -9]
    assert read["Other, net"] == [-1, -1]
    assert read["Current ratio"] == [1.4, 1.2]
