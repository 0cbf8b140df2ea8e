"""Answer scoring on hand-made answers: strict (the headline number) against lenient (the number anywhere), by
question type, and computed answers' citations at evidence pages."""

from __future__ import annotations

import pytest

from app.core.answering.answer_evaluation import (
    ALL_NUMERIC,
    AnswerMetrics,
    answer_is_correct,
    headline_is_correct,
    headline_number,
    reference_number,
)
from app.core.answering.answer_records import MODE_EXTRACTIVE, MODE_LLM, Answer, Citation, Passage
from app.core.answering.grounding import COMPUTED_NOTE
from app.core.records import Chunk, DocumentInfo, SearchHit
from app.core.retrieval.retrieval_evaluation import Question

QUOTED_ROWS = ("The passages that best match the question:\n\n"
               "[1] Acme Corporation 10-K FY2023, p. 4 — Consolidated Statements of Operations (in millions)\n"
               "    \u201cRevenue 6,500 6,100\u201d (columns: 2023 2022)\n"
               "    \u201cNet income (loss) 1,577 1,234\u201d (columns: 2023 2022)")


def citation(number: int, doc_name: str, page: int) -> Citation:
    """A citation of page ``page`` (0-based) of ``<doc_name>.pdf``."""
    document = DocumentInfo(doc_id=doc_name.lower(), path=f"/filings/{doc_name}.pdf", title=doc_name)
    chunk = Chunk(chunk_id=f"{doc_name}-{page}", doc_id=document.doc_id, ordinal=0, text="", pages=[page],
                  char_start=0, char_end=0)
    return Citation(number, Passage(number, SearchHit(chunk, document, 1.0, ""), [chunk]), page)


def question(qid: str, answer: str, question_type: str = "metrics-generated",
             evidence: tuple[int, ...] = (3,)) -> Question:
    return Question(qid, f"question {qid}?", "ACME_2023_10K", {("ACME_2023_10K", page) for page in evidence},
                    answer, raw={"question_type": question_type})


@pytest.mark.parametrize("reference, answer, expected", [
    ("$1577.00", "Net income was $1,577 million [1].", True),
    ("$1577.00", "Net income was $1.58 billion [1].", True),
    ("$1577.00", "Net income was $1,234 million [1].", False),
    ("24.26%", "The margin was 24.3% [2].", True),
    ("0.66", "The ratio is 66% [1].", True),
    ("$1.58 billion", "It was 1,577 (in millions) [1].", True),
    ("The company relies on steel suppliers.", "Steel supply [1].", None),
])
def test_lenient_finds_the_number_anywhere(reference: str, answer: str, expected: bool | None) -> None:
    assert answer_is_correct(reference, answer) is expected


@pytest.mark.parametrize("reference, answer, expected", [
    ("$1577.00", "Net income was $1,577 million [1].", True),
    ("$1577.00", "In FY2023, net income was $1,577 million [1].", True),  # the fiscal year is not the headline
    ("$1577.00", "Net income was $1.58 billion [1].", False),  # right to 1%, not to the reference's rounding
    ("$1577.00", "Revenue was $6,500 million and net income $1,577 million [1].", False),  # leads with revenue
    ("24.26%", "The margin was 24.3% [2].", False),
    ("24.26%", "The margin was 24.26% [2].", True),
    ("1.9%", "Capex was 1.88% of revenue [1].", True),  # within the reference's rounding (1.85-1.95)
    ("0.66", "The ratio is 66% [1].", True),  # percent and fraction are the same number
    ("-3.7", "It fell by 3.7 points [1].", True),  # the sign is in the words
    ("$1577.00", "No figure is given [1].", False),
    ("The company relies on steel suppliers.", "Steel supply [1].", None),
])
def test_strict_needs_the_headline_number(reference: str, answer: str, expected: bool | None) -> None:
    assert headline_is_correct(reference, answer) is expected


def test_an_extractive_answer_leads_with_its_first_quoted_line() -> None:
    assert headline_number(QUOTED_ROWS, quoted=True).number == 6500  # type: ignore[union-attr]
    assert headline_is_correct("$1577.00", QUOTED_ROWS, quoted=True) is False
    assert answer_is_correct("$1577.00", QUOTED_ROWS) is True  # the reference is on the second quoted line
    assert headline_number("Nothing quoted here", quoted=True) is None


def test_reference_number() -> None:
    assert reference_number("$1577.00").value == 1577.0  # type: ignore[union-attr]
    assert reference_number("Yes. Its revenue grew because of higher volumes in the Ohio plant this year.") is None


def test_metrics_report_strict_and_lenient_by_type_and_computed_citations() -> None:
    metrics = AnswerMetrics()
    # metrics-generated: a computed answer right on both measures, cited at both evidence pages
    metrics.add(question("m1", "0.37", evidence=(2, 3)),
                Answer("q", "0.37 is quick ratio for FY2023. Inputs: … [1] … [2].", MODE_EXTRACTIVE,
                       citations=[citation(1, "ACME_2023_10K", 2), citation(2, "ACME_2023_10K", 3)],
                       note=COMPUTED_NOTE))
    # metrics-generated: a computed answer with the wrong headline, one citation off the evidence pages
    metrics.add(question("m2", "$1577.00", evidence=(3,)),
                Answer("q", "6,500 is revenue for FY2023; net income 1,577 [1] [2].", MODE_EXTRACTIVE,
                       citations=[citation(1, "ACME_2023_10K", 3), citation(2, "ACME_2023_10K", 9)],
                       note=COMPUTED_NOTE))
    # metrics-generated: quoted lines holding the number below another one
    metrics.add(question("m3", "$1577.00"), Answer("q", QUOTED_ROWS, MODE_EXTRACTIVE,
                                                   citations=[citation(1, "ACME_2023_10K", 3)]))
    # novel-generated: a written answer, right on both
    metrics.add(question("n1", "24.26%", "novel-generated"),
                Answer("q", "The margin was 24.26% [1].", MODE_LLM, citations=[citation(1, "ACME_2023_10K", 5)]))
    # domain-relevant: a prose reference, for review
    metrics.add(question("d1", "Acme relies on a few steel suppliers, so interruptions could delay shipments.",
                         "domain-relevant"), Answer("q", "Steel supply [1].", MODE_LLM))

    summary = metrics.to_dict()
    assert (summary["n"], summary["numeric_n"], summary["review_n"]) == (5, 4, 1)
    assert summary["strict_accuracy"] == 0.5 and summary["lenient_accuracy"] == 1.0
    assert summary["by_type"] == {
        ALL_NUMERIC: {"n": 4, "strict_accuracy": 0.5, "lenient_accuracy": 1.0},
        "metrics-generated": {"n": 3, "strict_accuracy": 0.3333, "lenient_accuracy": 1.0},
        "novel-generated": {"n": 1, "strict_accuracy": 1.0, "lenient_accuracy": 1.0},
    }
    assert summary["computed_n"] == 2 and summary["computed_cited_at_evidence"] == 0.5
    assert summary["citation_precision"] == round(4 / 6, 4)  # over every citation, computed or not
    records = {r["id"]: r for r in metrics.per_question}
    assert records["m3"]["headline"] == "6,500" and records["m3"]["computed"] is False
    assert records["m2"]["cited_at_evidence"] is False and records["m1"]["cited_at_evidence"] is True
    assert (records["d1"]["strict"], records["d1"]["lenient"]) == (None, None)
    assert set(summary["definitions"]) >= {"strict_accuracy", "lenient_accuracy", "computed_cited_at_evidence"}


def test_citations_finlens_inferred_are_reported_apart() -> None:
    metrics = AnswerMetrics()
    inferred = citation(2, "ACME_2023_10K", 9)
    inferred.inferred = True
    metrics.add(question("n1", "24.26%", "novel-generated"),
                Answer("q", "The margin was 24.26% [1]. Revenue was 6,500 [2, inferred].", MODE_LLM,
                       citations=[citation(1, "ACME_2023_10K", 3), inferred]))
    summary = metrics.to_dict()
    assert summary["citation_precision"] == 0.5  # both counted
    assert (summary["inferred_citations_n"], summary["inferred_citation_precision"]) == (1, 0.0)
    assert [c["inferred"] for c in metrics.per_question[0]["citations"]] == [False, True]


def test_no_numeric_questions_gives_no_rates() -> None:
    summary = AnswerMetrics().to_dict()
    assert summary["strict_accuracy"] is None and summary["computed_cited_at_evidence"] is None
