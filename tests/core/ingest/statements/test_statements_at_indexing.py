"""Statements are extracted when a document is indexed, stored beside it, and never make indexing fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.ingest.indexing import index_paths
from app.core.ingest.statements import Statements
from app.core.store import Library
from tests.core.ingest.statements.factory import make_annual_report


def test_indexing_stores_the_statements_and_removal_drops_them(library: Library, embedder, tmp_path: Path) -> None:  # noqa: ANN001
    path = make_annual_report(tmp_path / "ACME_2023_10K.pdf")
    report = index_paths([path], library, embedder)
    (outcome,) = report.outcomes
    assert outcome.status == "indexed"
    statements = Statements.from_payload(library.statements(outcome.doc_id))
    assert [t.kind for t in statements.tables] == ["income", "balance", "cash_flow"]
    library.remove_document(outcome.doc_id)
    assert library.statements(outcome.doc_id) is None


def test_an_extraction_failure_does_not_fail_the_document(library: Library, embedder, tmp_path: Path,  # noqa: ANN001
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    def broken(parsed: object) -> Statements:
        raise RuntimeError("a layout nobody expected")

    monkeypatch.setattr("app.core.ingest.statements.extract_statements", broken)
    path = make_annual_report(tmp_path / "ACME_2023_10K.pdf")
    (outcome,) = index_paths([path], library, embedder).outcomes
    assert outcome.status == "indexed"
    assert library.statements(outcome.doc_id) is None
    assert "statement extraction failed" in caplog.text


def test_a_computed_answer_cites_each_input_cell(library: Library, embedder, tmp_path: Path) -> None:  # noqa: ANN001
    from app.core.answering.grounding import computed_answer

    path = make_annual_report(tmp_path / "ACME_2023_10K.pdf")
    index_paths([path], library, embedder)
    computed = computed_answer(library, "What is Acme Stores' FY2023 inventory turnover?", [])
    answer = computed.answer
    assert answer is not None
    assert answer.text.startswith(f"Acme's FY2023 inventory turnover was {36386 / ((5140 + 5965) / 2):.2f}, computed")
    assert "Cost of sales, FY2023: $36,386 million [1]" in answer.text
    assert "Merchandise inventories, as of 2023-01-28: $5,140 million [2]" in answer.text
    by_number = {c.number: c for c in answer.citations}
    assert by_number[1].page == 1 and len(by_number[1].rects) == 1  # the cost-of-sales cell, not the table
    assert by_number[2].page == 2 and len(by_number[2].rects) == 2  # both inventory cells
    headline = next(n for n in answer.numbers if n.start > answer.text.find(" was "))
    assert answer.text[headline.start:].startswith(f"{36386 / ((5140 + 5965) / 2):.2f}")
    assert headline.status == "derived" and "average inventory" in headline.evidence
    assert not [n for n in answer.numbers if n.status == "unsupported"]

    missing = computed_answer(library, "What is Acme Stores' FY2021 return on assets?", [])
    assert missing.answer is None and "Total assets for FY2021 is not in the statements" in missing.note
    assert computed_answer(library, "Who founded Acme?", []).answer is None
