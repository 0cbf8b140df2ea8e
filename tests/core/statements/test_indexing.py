"""Statements are extracted when a document is indexed, stored beside it, and never make indexing fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.indexing import index_paths
from app.core.library import Library
from app.core.statements import Statements
from tests.core.statements.factory import make_annual_report


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

    monkeypatch.setattr("app.core.statements.extract_statements", broken)
    path = make_annual_report(tmp_path / "ACME_2023_10K.pdf")
    (outcome,) = index_paths([path], library, embedder).outcomes
    assert outcome.status == "indexed"
    assert library.statements(outcome.doc_id) is None
    assert "statement extraction failed" in caplog.text
