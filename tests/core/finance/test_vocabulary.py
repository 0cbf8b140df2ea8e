"""Statement names, company names and abbreviations: the finance vocabulary shared by search and training."""

from __future__ import annotations

import pytest

from app.core.finance.abbreviations import abbreviate, expand_abbreviations
from app.core.finance.company_names import normalize_company, short_company
from app.core.finance.statements import STATEMENT_NAMES, STATEMENT_SYNONYMS, is_statement_title, statement_name


@pytest.mark.parametrize("title, expected", [
    ("Consolidated Balance Sheets", True), ("CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS", True),
    ("Consolidated Statements of Operations", True), ("Balance sheet", True),
    ("Report of Independent Registered Public Accounting Firm", False), ("Notes to the balance sheets", False),
])
def test_statement_titles(title: str, expected: bool) -> None:
    assert is_statement_title(title) is expected


def test_statement_names_and_synonyms() -> None:
    assert statement_name("CONSOLIDATED STATEMENTS OF CASH FLOWS") == "cash flow statement"
    assert statement_name("Consolidated Statements of Financial Condition") == "balance sheet"
    assert statement_name("Statements of Consolidated Earnings") == "income statement"
    assert statement_name("Risk factors") == ""
    assert "P&L statement" in STATEMENT_SYNONYMS["income statement"] and "balance sheet" in STATEMENT_NAMES


@pytest.mark.parametrize("name, key, short", [
    ("NIKE, Inc.", "nike", "NIKE"),
    ("Activision Blizzard, Inc", "activision blizzard", "Activision Blizzard"),
    ("Johnson & Johnson", "johnson johnson", "Johnson & Johnson"),
    ("The Kraft Heinz Company", "the kraft heinz", "The Kraft Heinz"),
    ("Acme Holdings, Ltd.", "acme", "Acme"),
    # The key drops every legal form; the analyst's short name keeps "Group", "AG", "L.P." (see companies.py).
    ("The Goldman Sachs Group, Inc.", "the goldman sachs", "The Goldman Sachs Group"),
    ("Siemens AG", "siemens", "Siemens AG"),
    ("Brookfield Renewable Partners L.P.", "brookfield renewable partners", "Brookfield Renewable Partners L.P"),
])
def test_company_names(name: str, key: str, short: str) -> None:
    assert normalize_company(name) == key
    assert short_company(name) == short


def test_abbreviations_both_ways() -> None:
    assert expand_abbreviations("Nike PP&E and FCF, up 40 bps YoY") == ("property plant and equipment free cash flow "
                                                                       "basis points year over year")
    assert expand_abbreviations("capex capex") == "capital expenditures purchases of property and equipment"
    assert expand_abbreviations("net income") == ""
    assert abbreviate("Property, plant and equipment, net") == "PP&E, net"
    assert abbreviate("up 40 basis points year-over-year") == "up 40 bps year-over-year"  # the first term only
    assert abbreviate("net income") is None


@pytest.mark.parametrize(("label", "normalised"), [
    ("Gross proÞt", "gross profit"),  # the "fi" ligature of some PDF fonts, extracted as "Þ"
    ("Cash ßows from operating activities", "cash flows from operating activities"),  # "fl" as "ß"
    ("Accounts receivable, net (Note 4)", "accounts receivable, net"),
])
def test_labels_are_normalised_with_ligatures_mended(label: str, normalised: str) -> None:
    from app.core.finance.metrics import BY_NAME, normalise_label

    assert normalise_label(label) == normalised
    assert BY_NAME["gross_profit"].rank("Gross proÞt") == BY_NAME["gross_profit"].rank("Gross profit")


@pytest.mark.parametrize("label", ["Selling, general and administrative expenses", "Operating, selling, general and "
                                   "administrative expenses", "Selling, marketing and administrative expenses",
                                   "Marketing, selling and administrative expenses"])
def test_filers_own_spellings_of_sga_are_read_as_sga(label: str) -> None:
    from app.core.finance.metrics import BY_NAME

    assert BY_NAME["sga"].rank(label) is not None
    assert BY_NAME["sales_marketing"].rank(label) is None
