"""Our own held-out question sets stay readable by ``finlens eval-answers`` and true to their filings.

For every set (``tests/benchmarks/own_questions*/``): the file is read as the evaluation reads it, with the counts its
README states; every reference is a number the scorer understands (declines are blank); no two sets share a filing
(sets 12-14 ask other questions about earlier sets' filings); sets 1–5, 7, 10, 12 and 14 use filings of companies in
neither FinanceBench split, sets 6, 8, 9, 11 and 13 other filings of dev-set companies (none of the dev set's own);
and, where the shared filings are present, every input of every reference is found again on its page and the file
equals what the builder writes from its specs.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.answering.answer_evaluation import reference_number
from app.core.retrieval.retrieval_evaluation import Question, load_questions
from tests.benchmarks.own_questions import build_questions

BENCHMARKS = Path(__file__).resolve().parent
DOCUMENTS = build_questions.PDF_DIR.parent / "documents.jsonl"
DEV_PDFS = build_questions.PDF_DIR.parent.parent / "financebench-dev" / "pdfs"


@dataclass(frozen=True)
class QuestionSet:
    folder: str
    kinds: dict[str, int]  # questions by type
    dev_companies: bool = False  # sets 6, 8, 9, 11: other filings of the dev set's companies
    reuses_filings: bool = False  # sets 12-14: other questions about earlier sets' filings (wording is measured)

    @property
    def questions(self) -> list[Question]:
        return load_questions(BENCHMARKS / self.folder / "questions.jsonl")

    @property
    def specs(self) -> str:
        return f"tests.benchmarks.{self.folder}.question_specs"


SETS = [
    QuestionSet("own_questions", {"metrics-generated": 27, "domain-relevant": 9, "should-decline": 4}),
    QuestionSet("own_questions_2", {"metrics-generated": 31, "domain-relevant": 9, "should-decline": 5}),
    QuestionSet("own_questions_3", {"metrics-generated": 28, "domain-relevant": 8, "should-decline": 4}),
    QuestionSet("own_questions_4", {"metrics-generated": 32, "domain-relevant": 8, "should-decline": 4}),
    QuestionSet("own_questions_5", {"metrics-generated": 30, "domain-relevant": 6, "should-decline": 4}),
    QuestionSet("own_questions_6", {"metrics-generated": 30, "domain-relevant": 6, "should-decline": 4},
                dev_companies=True),
    QuestionSet("own_questions_7", {"metrics-generated": 24, "domain-relevant": 8, "should-decline": 4}),
    QuestionSet("own_questions_8", {"metrics-generated": 28, "domain-relevant": 4, "should-decline": 4},
                dev_companies=True),
    QuestionSet("own_questions_9", {"metrics-generated": 28, "domain-relevant": 4, "should-decline": 4},
                dev_companies=True),
    QuestionSet("own_questions_10", {"metrics-generated": 28, "domain-relevant": 6, "should-decline": 4}),
    QuestionSet("own_questions_11", {"metrics-generated": 26, "domain-relevant": 6, "should-decline": 4},
                dev_companies=True),
    QuestionSet("own_questions_12", {"metrics-generated": 26, "domain-relevant": 3, "should-decline": 3},
                reuses_filings=True),
    QuestionSet("own_questions_13", {"metrics-generated": 24, "domain-relevant": 3, "should-decline": 3},
                dev_companies=True, reuses_filings=True),
    QuestionSet("own_questions_14", {"metrics-generated": 24, "domain-relevant": 4, "should-decline": 3},
                reuses_filings=True),
]


def test_every_set_folder_is_listed() -> None:
    assert {path.parent.name for path in BENCHMARKS.glob("own_questions*/questions.jsonl")} == {s.folder for s in SETS}


@pytest.mark.parametrize("question_set", SETS, ids=lambda s: s.folder)
def test_the_set_loads_as_the_evaluation_reads_it(question_set: QuestionSet) -> None:
    questions = question_set.questions
    assert len({q.qid for q in questions}) == len(questions) == sum(question_set.kinds.values())
    assert Counter(q.raw["question_type"] for q in questions) == question_set.kinds
    assert len({q.doc_name for q in questions}) >= 7


@pytest.mark.parametrize("question_set", SETS, ids=lambda s: s.folder)
def test_each_reference_is_a_number_the_scorer_reads_and_declines_are_blank(question_set: QuestionSet) -> None:
    for question in question_set.questions:
        if question.raw["question_type"] == "should-decline":
            assert question.answer == "" and not question.evidence, question.qid
        else:
            assert reference_number(question.answer) is not None, question.qid
            assert question.evidence, question.qid
            assert all(name == question.doc_name for name, _ in question.evidence), question.qid


def test_no_two_sets_share_a_filing() -> None:
    owners: dict[str, str] = {}
    for question_set in (s for s in SETS if not s.reuses_filings):
        for name in {q.doc_name for q in question_set.questions}:
            assert owners.setdefault(name, question_set.folder) == question_set.folder, name


@pytest.mark.skipif(not DOCUMENTS.is_file() or not DEV_PDFS.is_dir(), reason="the shared data is not on this machine")
@pytest.mark.parametrize("question_set", SETS, ids=lambda s: s.folder)
def test_each_set_uses_the_companies_it_says(question_set: QuestionSet) -> None:
    dev = {json.loads(line)["doc_name"]: json.loads(line)["dev_company"]
           for line in DOCUMENTS.read_text().splitlines() if line.strip()}
    dev_filings = {path.stem for path in DEV_PDFS.glob("*.pdf")}
    for question in question_set.questions:
        assert dev.get(question.doc_name) is question_set.dev_companies, question.doc_name
        assert question.doc_name not in dev_filings, question.doc_name


@pytest.mark.skipif(not build_questions.PDF_DIR.is_dir(), reason="the shared filings are not on this machine")
@pytest.mark.parametrize("question_set", SETS, ids=lambda s: s.folder)
def test_every_input_is_on_its_page_and_the_file_is_what_the_builder_writes(
        question_set: QuestionSet, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_questions.main(["--check", "--specs", question_set.specs]) == 0
    assert "questions.jsonl matches" in capsys.readouterr().out
