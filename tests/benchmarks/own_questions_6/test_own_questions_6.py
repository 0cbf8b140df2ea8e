"""The sixth held-out question set stays readable by ``finlens eval-answers`` and true to its filings.

The same checks as the earlier sets', adapted: the file is read as the evaluation reads it; every reference is a
number the scorer understands (declines are blank); its filings belong to companies of the FinanceBench dev set but
are none of the dev set's own filings and none of the first five sets' filings; and, where the shared filings are
present, every input of every reference is found again on its page and the file equals what the builder writes.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from app.core.answering.answer_evaluation import reference_number
from app.core.retrieval.retrieval_evaluation import load_questions
from tests.benchmarks.own_questions import build_questions

QUESTIONS = Path(__file__).resolve().parent / "questions.jsonl"
EARLIER_SETS = [Path(build_questions.__file__).resolve().parent.parent / name / "questions.jsonl"
                for name in ("own_questions", "own_questions_2", "own_questions_3", "own_questions_4",
                             "own_questions_5")]
DOCUMENTS = build_questions.PDF_DIR.parent / "documents.jsonl"
DEV_PDFS = build_questions.PDF_DIR.parent.parent / "financebench-dev" / "pdfs"
SPECS = "tests.benchmarks.own_questions_6.question_specs"


def test_the_set_loads_as_the_evaluation_reads_it() -> None:
    questions = load_questions(QUESTIONS)
    assert len(questions) == 40
    assert len({q.qid for q in questions}) == 40
    assert len({q.doc_name for q in questions}) == 8
    assert len({q.raw["company"] for q in questions}) == 8
    kinds = Counter(q.raw["question_type"] for q in questions)
    assert kinds == {"metrics-generated": 30, "domain-relevant": 6, "should-decline": 4}


def test_each_reference_is_a_number_the_scorer_reads_and_declines_are_blank() -> None:
    for question in load_questions(QUESTIONS):
        if question.raw["question_type"] == "should-decline":
            assert question.answer == "" and not question.evidence, question.qid
        else:
            assert reference_number(question.answer) is not None, question.qid
            assert question.evidence, question.qid
            assert all(name == question.doc_name for name, _ in question.evidence), question.qid


def test_no_filing_of_the_earlier_sets_is_reused() -> None:
    earlier = {json.loads(line)["doc_name"] for path in EARLIER_SETS for line in path.read_text().splitlines()
               if line.strip()}
    assert len(earlier) >= 39
    assert not earlier & {q.doc_name for q in load_questions(QUESTIONS)}


@pytest.mark.skipif(not DEV_PDFS.is_dir(), reason="the FinanceBench dev filings are not on this machine")
def test_no_question_uses_a_filing_of_the_dev_set() -> None:
    dev_filings = {path.stem for path in DEV_PDFS.glob("*.pdf")}
    assert dev_filings
    assert not dev_filings & {q.doc_name for q in load_questions(QUESTIONS)}


@pytest.mark.skipif(not DOCUMENTS.is_file(), reason="the shared filings list is not on this machine")
def test_every_filing_is_listed_and_belongs_to_a_dev_company() -> None:
    dev = {json.loads(line)["doc_name"]: json.loads(line)["dev_company"]
           for line in DOCUMENTS.read_text().splitlines() if line.strip()}
    for question in load_questions(QUESTIONS):
        assert dev.get(question.doc_name) is True, question.doc_name


@pytest.mark.skipif(not build_questions.PDF_DIR.is_dir(), reason="the shared filings are not on this machine")
def test_every_input_is_on_its_page_and_the_file_is_what_the_builder_writes(capsys: pytest.CaptureFixture[str]) -> None:
    assert build_questions.main(["--check", "--specs", SPECS]) == 0
    assert "40 questions checked against their pages; questions.jsonl matches" in capsys.readouterr().out
