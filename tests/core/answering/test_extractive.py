"""The no-model mode end to end on generated 10-K PDFs."""

from __future__ import annotations

import pytest

from app.core.answering import MODE_EXTRACTIVE, NOT_CHECKED, UNSUPPORTED, Answerer
from app.core.answering.extractive import EXTRACTIVE_NOTE, select_units
from app.core.answering.grounding import Computed
from app.core.answering.passages import retrieve
from app.core.records import Rect
from tests.core.answering.answering_fixtures import IndexedLibrary, word_boxes


def test_a_metric_question_is_answered_from_the_statements_first(indexed: IndexedLibrary) -> None:
    deltas: list[str] = []
    answer = Answerer(indexed.searcher, indexed.library, None).answer("What was Acme's net income in 2023?",
                                                                      on_delta=deltas.append)
    assert answer.mode == MODE_EXTRACTIVE and not answer.error and "financial statements" in answer.note
    assert answer.text.startswith("Acme's FY2023 net income was $1,577 million: \u201cNet income (loss)\u201d")
    assert deltas == [answer.text]
    (cell,) = answer.citations  # the one figure, highlighted alone on the income statement's page
    assert cell.page == 3 and len(cell.rects) == 1 and cell.quote == "Net income (loss) 1,577"
    (box,) = word_boxes(indexed.acme.path, 3, ["1,577"])
    assert cell.rects[0].contains(Rect(3, *box), tolerance=1.0)
    assert not [n for n in answer.numbers if n.status == UNSUPPORTED]


def test_statement_row_and_sentence_answer_the_question(indexed: IndexedLibrary,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # The passages' answer, as when the statements hold no answer.
    monkeypatch.setattr("app.core.answering.grounding.computed_answer", lambda *args, **kwargs: Computed(None))
    deltas: list[str] = []
    answer = Answerer(indexed.searcher, indexed.library, None).answer("What was Acme's net income in 2023?",
                                                                      on_delta=deltas.append)
    assert answer.mode == MODE_EXTRACTIVE and answer.note == EXTRACTIVE_NOTE and not answer.error
    assert "Settings > Answers" in answer.note and "http://localhost:11434/v1" in answer.note
    assert deltas == [answer.text]
    assert "\u201cNet income (loss) 1,577 1,234 (5,563)\u201d (columns: 2023 2022 2021)" in answer.text
    assert "CONSOLIDATED STATEMENTS OF INCOME (in millions)" in answer.text
    assert "\u201cNet income was $1,577 million in 2023" in answer.text
    row = next(c for c in answer.citations if c.quote.startswith("Net income (loss)"))
    assert row.page == 3 and row.precise and len(row.rects) == 1
    for box in word_boxes(indexed.acme.path, 3, ["Net", "1,577", "1,234"]):
        assert row.rects[0].contains(Rect(3, *box), tolerance=1.0)
    sentence = next(c for c in answer.citations if c.quote.startswith("Net income was"))
    assert sentence.page == 2 and len(sentence.rects) == 2  # the sentence wraps onto a second line
    # the cover page (it only matches the company name) is not offered as an answer
    assert all(c.page != 0 for c in answer.citations)
    assert not [n for n in answer.numbers if n.status == UNSUPPORTED]


def test_rows_are_chosen_by_the_metric_in_the_question(indexed: IndexedLibrary) -> None:
    question = "How much did Acme spend on selling, general and administrative expenses?"
    passages = retrieve(indexed.searcher, indexed.library, question).passages
    best = select_units(question, passages)[0]
    assert best.is_row and best.text.startswith("Selling, general and administrative 610")


def test_prose_question_gets_sentences(indexed: IndexedLibrary) -> None:
    answer = Answerer(indexed.searcher, indexed.library, None).answer(
        "Which supplier risks does Acme describe?", use_llm=False)
    assert "We rely on a small number of suppliers for specialty steel." in answer.text
    checks = [n for n in answer.numbers if n.kind != "year"]
    assert all(n.status == NOT_CHECKED for n in checks)  # page numbers are not amounts
