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
])
def test_a_look_alike_is_not_read_as_the_concept(concept: str, label: str) -> None:
    assert concept_matches(BY_NAME[concept], label) is None
