"""The evaluation's one rule for which filings to index and search, and the question file reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.retrieval.retrieval_evaluation import (
    Question,
    filings_to_index,
    load_questions,
    needed_filings,
    question_filters,
)


def questions() -> list[Question]:
    return [Question("q1", "Acme revenue?", "ACME_2023_10K", {("ACME_2023_10K", 3), ("ACME_2022_10K", 40)}),
            Question("q2", "Globex capex?", "GLOBEX_2023_10K", {("GLOBEX_2023_10K", 7)})]


@pytest.fixture
def pdf_dir(tmp_path: Path) -> Path:
    for name in ("ACME_2023_10K", "ACME_2022_10K", "INITECH_2023_10K", "UMBRELLA_2021_10Q"):
        (tmp_path / f"{name}.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "notes.txt").write_text("not a filing")
    return tmp_path


def test_needed_filings_include_evidence_documents() -> None:
    assert needed_filings(questions()) == ["ACME_2022_10K", "ACME_2023_10K", "GLOBEX_2023_10K"]


def test_shared_mode_indexes_the_whole_folder(pdf_dir: Path) -> None:
    filings = filings_to_index(questions(), pdf_dir, "shared")
    assert [p.name for p in filings.paths] == ["ACME_2022_10K.pdf", "ACME_2023_10K.pdf", "INITECH_2023_10K.pdf",
                                               "UMBRELLA_2021_10Q.pdf"]
    assert filings.missing == ["GLOBEX_2023_10K"]


def test_single_mode_indexes_only_the_questions_filings(pdf_dir: Path) -> None:
    filings = filings_to_index(questions(), pdf_dir, "single")
    assert [p.name for p in filings.paths] == ["ACME_2022_10K.pdf", "ACME_2023_10K.pdf"]
    assert filings.missing == ["GLOBEX_2023_10K"]


def test_an_unknown_mode_is_refused(pdf_dir: Path) -> None:
    with pytest.raises(ValueError, match="shared, single"):
        filings_to_index(questions(), pdf_dir, "everything")


def test_question_filters_restrict_only_single_mode() -> None:
    acme, globex = questions()
    ids = {"ACME_2023_10K": "doc-acme"}
    assert question_filters(acme, ids, "shared") is None
    assert question_filters(acme, ids, "single").doc_ids == ["doc-acme"]  # type: ignore[union-attr]
    # A question whose filing is not in the library finds nothing rather than searching everything.
    assert question_filters(globex, ids, "single").doc_ids == ["-missing-"]  # type: ignore[union-attr]


def test_load_questions_reads_evidence_pages(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"financebench_id": "fb1", "doc_name": "ACME_2023_10K", "question": "Revenue?",
                                "answer": "$6500.00", "question_type": "metrics-generated",
                                "evidence": [{"doc_name": "ACME_2023_10K", "page": 3}]}) + "\n\n")
    [loaded] = load_questions(path)
    assert (loaded.qid, loaded.answer, loaded.evidence) == ("fb1", "$6500.00", {("ACME_2023_10K", 3)})
    assert loaded.raw["question_type"] == "metrics-generated"
