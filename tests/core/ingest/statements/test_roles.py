"""Primary statements told apart from notes' tables and MD&A summaries: roles, picker order, default, payload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.ingest.parsing import Row, parse_file
from app.core.ingest.statements import StatementRow, Statements, Table, extract_statements
from app.core.ingest.statements.roles import NOTE, PRIMARY, SUMMARY, classify_tables, document_sections
from tests.core.ingest.statements.factory import (
    BALANCE,
    CASH_FLOW,
    INCOME,
    make_continued_balance_sheet,
    make_filing_with_notes,
)


@pytest.fixture(scope="module")
def filing(tmp_path_factory: pytest.TempPathFactory) -> Statements:
    return extract_statements(parse_file(make_filing_with_notes(tmp_path_factory.mktemp("notes") / "ACME_10K.pdf")))


def _roles(statements: Statements) -> list[tuple[int, str, str]]:
    return [(t.page, t.kind, t.role) for t in statements.tables]


def test_statements_notes_and_mdna_tables_get_their_roles(filing: Statements) -> None:
    assert _roles(filing) == [
        (2, "balance", SUMMARY),  # "Key Balance Sheet Data" in the MD&A
        (3, "cash_flow", SUMMARY),  # titled as the statement, but inside the MD&A
        (5, "income", PRIMARY), (6, "balance", PRIMARY), (7, "cash_flow", PRIMARY),
        (8, "balance", NOTE),  # "Fair Value of Derivatives by Balance Sheet Location"
        (9, "balance", NOTE)]  # the parent company's balance sheet (Schedule I)


def test_the_picker_lists_primary_statements_first_and_opens_the_income_statement(filing: Statements) -> None:
    assert [(title, [t.page for t in tables]) for title, tables in filing.grouped()] == [
        ("Financial statements", [5, 6, 7]), ("Summaries (MD&A, selected data)", [2, 3]),
        ("Notes and other tables", [8, 9])]
    assert [t.page for t in filing.ordered()] == [5, 6, 7, 2, 3, 8, 9]
    default = filing.default()
    assert default is not None and default.kind == "income" and default.page == 5
    assert Statements().default() is None and Statements().ordered() == []


def test_roles_survive_the_payload_and_an_older_payload_is_classified_when_read(filing: Statements) -> None:
    again = Statements.from_payload(filing.to_payload())
    assert _roles(again) == _roles(filing)
    data = json.loads(filing.to_payload())
    for table in data["tables"]:
        del table["role"]  # a payload stored before tables had roles
    old = Statements.from_payload(json.dumps(data))
    roles = dict(((page, kind), role) for page, kind, role in _roles(old))
    # Titles and lines alone (the sections of the pages are not stored): statements, summary and notes still apart.
    assert [roles[(5, "income")], roles[(6, "balance")], roles[(7, "cash_flow")]] == [PRIMARY] * 3
    assert roles[(2, "balance")] == SUMMARY and roles[(8, "balance")] == roles[(9, "balance")] == NOTE
    assert old.default() is not None and old.default().page == 5


def test_a_balance_sheet_printed_over_two_pages_is_one_primary_statement(tmp_path: Path) -> None:
    statements = extract_statements(parse_file(make_continued_balance_sheet(tmp_path / "b.pdf")))
    # Total assets on the first page, total liabilities and equity on the second: neither page alone is complete.
    assert [(t.page, t.role) for t in statements.tables] == [(0, PRIMARY), (1, PRIMARY)]


def test_a_statement_page_printed_without_a_title_continues_the_page_before(tmp_path: Path) -> None:
    path = make_continued_balance_sheet(tmp_path / "b.pdf", continued_title="", note_after=True)
    statements = extract_statements(parse_file(path))
    first, second, note = statements.tables
    assert [(t.page, t.kind, t.role) for t in (first, second)] == [(0, "balance", PRIMARY), (1, "balance", PRIMARY)]
    # The page after it names a note at its top: not the statement continued (a short document reads it as a table).
    assert note.page == 2 and note.title == "Notes to Consolidated Financial Statements" and note.role == NOTE
    assert second.columns == first.columns and second.title == first.title and second.scale == "thousands"
    assert any(r.label == "Total liabilities and equity" and r.cells[0].value == 15803 for r in second.rows)


def _table(kind: str, title: str, labels: list[str], page: int = 50, titled: bool = True) -> Table:
    return Table(kind, title, page, rows=[StatementRow(label) for label in labels], titled=titled)


BALANCE_LINES = [label for label, _, _ in BALANCE]
INCOME_LINES = [label for label, _, _ in INCOME]
CASH_LINES = [label for label, _, _ in CASH_FLOW]


@pytest.mark.parametrize(("kind", "title", "labels", "role"), [
    ("balance", "CONSOLIDATED BALANCE SHEETS", BALANCE_LINES, PRIMARY),
    ("balance", "Condensed Consolidated Balance Sheets (Unaudited)", BALANCE_LINES, PRIMARY),
    ("income", "Consolidated Statements of Earnings", INCOME_LINES, PRIMARY),
    ("cash_flow", "Consolidated Statements of Cash Flows", CASH_LINES, PRIMARY),
    # A balance sheet needs total assets and total liabilities and equity; assets alone is a note's table.
    ("balance", "Consolidated Balance Sheets", BALANCE_LINES[:9], NOTE),
    ("balance", "Consolidated Balance Sheets:", BALANCE_LINES, NOTE),
    ("balance", "Gross Amounts Not Offset in the Balance Sheet", BALANCE_LINES, NOTE),
    ("balance", "Balance Sheet Location 2022 2021", BALANCE_LINES, NOTE),
    ("balance", "Key Balance Sheet Data", BALANCE_LINES, SUMMARY),
    ("balance", "Balance Sheet Data at December 31:", ["Cash", "Total assets", "Total debt", "Total equity"],
     SUMMARY),
    ("income", "Statement of Operations Data for the Years Ended December 31: (in millions, exce", INCOME_LINES,
     SUMMARY),
    ("income", "Selected Financial Data", INCOME_LINES, SUMMARY),
    ("income", "AOCI Income Statement", ["Net unrealized gains", "Reclassifications to net income", "Income taxes",
                                         "Other comprehensive income, net", "Foreign currency", "Total"], NOTE),
    ("income", "Note 10 – Segment Information and Geographic Data", INCOME_LINES, NOTE),
    ("income", "Parent company only: STATEMENTS OF OPERATIONS", INCOME_LINES, NOTE),
    ("cash_flow", "Consolidated Statements of Cash Flows", CASH_LINES[:3], NOTE),
    ("equity", "Consolidated Statements of Shareholders' Equity",
     ["Beginning balances", "Net income", "Dividends", "Stock-based compensation", "Ending balances"], PRIMARY),
    ("equity", "Consolidated Statements of Shareholders' Equity", ["Net income", "Dividends", "Repurchases",
                                                                   "Stock-based compensation", "Other"], NOTE),
    ("comprehensive", "Consolidated Statements of Comprehensive Income",
     ["Net income", "Foreign currency translation", "Comprehensive income"], PRIMARY),
])
def test_a_table_is_primary_by_its_title_and_lines(kind: str, title: str, labels: list[str], role: str) -> None:
    table = _table(kind, title, labels)
    classify_tables([table])
    assert table.role == role


def test_an_untitled_table_named_by_its_lines_is_not_a_statement() -> None:
    table = _table("income", "COMPARABLE SALES", INCOME_LINES, titled=False)
    classify_tables([table])
    assert table.role == NOTE


def test_a_small_table_under_a_statement_on_its_page_is_a_note() -> None:
    statement = _table("income", "Consolidated Statements of Operations", INCOME_LINES, page=61)
    footnote = _table("income", "Consolidated Statements of Operations", ["Cost of revenues", "Marketing and sales",
                                                                          "Research and development"], page=61)
    continued = _table("balance", "Consolidated Balance Sheets (continued)", BALANCE_LINES[9:], page=63)
    first = _table("balance", "Consolidated Balance Sheets", BALANCE_LINES[:9], page=62)
    classify_tables([statement, footnote, first, continued])
    assert [statement.role, footnote.role, first.role, continued.role] == [PRIMARY, NOTE, PRIMARY, PRIMARY]


def test_the_sections_of_a_filing_come_from_its_item_headings() -> None:
    contents = [Row(1, text, None) for text in ["Item 1. Business", "Item 7. Management's Discussion and Analysis",
                                                "Item 7A. Market Risk", "Item 8. Financial Statements", "Item 9."]]
    rows = contents + [Row(20, "ITEM 7. MANAGEMENT’S DISCUSSION AND ANALYSIS OF FINANCIAL CONDITION", None),
                       Row(29, "Item 7A. Quantitative and Qualitative Disclosures About Market Risk", None),
                       Row(30, "Item 8.", None), Row(30, "Financial Statements and Supplementary Data", None),
                       Row(70, "Item 9. Changes in and Disagreements with Accountants", None),
                       Row(71, "see Item 8 for the statements", None)]
    sections = document_sections(rows)
    assert [sections.of(page) for page in (0, 1, 20, 25, 29, 30, 60, 70, 80)] == [
        "", "", "mdna", "mdna", "other", "statements", "statements", "other", "other"]
    assert sections.has_statements
    quarterly = document_sections([Row(3, "Item 1. Financial Statements (Unaudited)", None),
                                   Row(18, "Item 2. Management's Discussion and Analysis", None)])
    assert [quarterly.of(page) for page in (4, 18)] == ["statements", "mdna"]
