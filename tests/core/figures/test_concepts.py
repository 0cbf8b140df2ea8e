"""Filers' own labels for the standard lines: each is read as its concept, and a look-alike is not."""

from __future__ import annotations

import pytest

from app.core.figures.concepts import BY_NAME, concept_matches


@pytest.mark.parametrize(("concept", "label"), [
    ("ppe", "Net property, plant, and equipment"),  # a comma after "plant"
    ("ppe", "Property and equipment, net of accumulated depreciation of $51,351 and $43,197"),
    ("ppe", "Land, buildings, and equipment"),
    ("accounts_payable", "Accounts payable and accrued expenses"),  # the only payables line some filers print
    ("rnd", "Product development"),
    ("rnd", "Technology and development"),
    ("sales_marketing", "Sales and marketing"),
    ("g_and_a", "General and administrative"),
    ("acquisitions", "Acquisitions, net of cash acquired"),
    ("d_and_a", "Depreciation, depletion and amortization"),
    ("depreciation", "Depreciation"),
    ("sga", "Operating, selling, general and administrative expenses"),
    ("long_term_debt", "Debt"),  # Intel: printed after the total of current liabilities
    ("long_term_debt", "Debt, noncurrent"),
    ("current_debt", "Debt, current"),
    ("current_debt", "Long-term debt, classified as current"),
    ("current_debt", "Long-term debt due within one year"),
    ("receivables", "Trade accounts receivable, net of doubtful accounts"),
    ("interest_expense", "Interest expense-net of capitalized interest of $9.5, $6.8 and $6.0"),
    ("interest_expense", "Interest, net"),
])
def test_a_filers_label_is_read_as_its_concept(concept: str, label: str) -> None:
    assert concept_matches(BY_NAME[concept], label) is not None


@pytest.mark.parametrize(("concept", "label"), [
    ("ppe", "Total property, plant, and equipment"),  # gross
    ("ppe", "Accumulated depreciation"),
    ("accounts_payable", "Accrued expenses"),
    ("accounts_payable", "Accounts payable, accrued expenses and other liabilities"),
    ("revenue", "Sales and marketing"),  # an expense, not sales
    ("d_and_a", "Depreciation"),  # depreciation alone: D&A is its sum with amortization (the stated fallback)
    ("acquisitions", "Purchases of property and equipment"),
    ("long_term_debt", "Debt, current"),
    ("long_term_debt", "Long-term debt, classified as current"),
    ("interest_expense", "Capitalized interest"),
])
def test_a_look_alike_is_not_read_as_the_concept(concept: str, label: str) -> None:
    assert concept_matches(BY_NAME[concept], label) is None


def test_a_notes_sub_heading_is_no_primary_statement() -> None:
    from app.core.figures.concepts import is_primary
    from app.core.ingest.statements.model import Table

    # An equity affiliate's summarized figures under "Statement of operations:" are no income statement of the filer.
    assert not is_primary(Table(kind="income", title="Statement of operations:", page=100, titled=True))
    assert is_primary(Table(kind="income", title="Consolidated Statements of Income", page=79, titled=True))
