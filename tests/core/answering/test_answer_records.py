"""The answer record's number-check line: none when the answer states no figure."""

from __future__ import annotations

from app.core.answering.answer_records import MODE_EXTRACTIVE, Answer
from app.core.answering.numbers import check_numbers


def test_no_number_check_line_when_the_answer_states_no_figure() -> None:
    text = "FinLens read 'net income' but not 'excluding one-time items' for FY2023. Showing the passages instead."
    answer = Answer("q", text, MODE_EXTRACTIVE, [], [], check_numbers(text, []))
    assert answer.number_summary() == ""
    assert "Number check" not in answer.to_markdown()
    stated = "Net income was $1,577 million in FY2023."
    with_figure = Answer("q", stated, MODE_EXTRACTIVE, [], [], check_numbers(stated, []))
    assert "not found: $1,577 million" in with_figure.number_summary()
