"""TAT-QA records become (question, table + relevant paragraphs) pairs."""

from __future__ import annotations

import json
from pathlib import Path

from app.train.tatqa import load_tatqa, record_pairs, table_text

RECORD = {
    "table": {"uid": "t1", "table": [["", "2019", "2018"], ["Fixed Price", "$  1,452.4", "$  1,146.2"],
                                     ["Total sales", "$1,496.5", "$1,202.9"]]},
    "paragraphs": [{"uid": "p1", "order": 1, "text": "Sales by Contract Type: substantially all are fixed-price."},
                   {"uid": "p2", "order": 2, "text": "On a cost-plus type contract, we are paid our costs."}],
    "questions": [
        {"uid": "q1", "order": 1, "question": "What is the company paid on a cost-plus type contract?",
         "answer_from": "text", "rel_paragraphs": ["2"]},
        {"uid": "q2", "order": 2, "question": "What is the amount of total sales in 2019?",
         "answer_from": "table-text", "rel_paragraphs": ["2"]},
        {"uid": "q3", "order": 3, "question": "What was the change in total sales?", "answer_from": "table",
         "rel_paragraphs": []},
    ],
}


def test_table_text_joins_cells_per_row() -> None:
    expected = "2019 2018\nFixed Price $ 1,452.4 $ 1,146.2\nTotal sales $1,496.5 $1,202.9"
    assert table_text(RECORD["table"]["table"]) == expected


def test_record_pairs_hold_the_table_and_only_the_relevant_paragraphs() -> None:
    pairs = record_pairs(RECORD)
    assert [p.query for p in pairs] == [q["question"] for q in RECORD["questions"]]
    text_answer, table_text_answer, table_answer = pairs
    assert text_answer.passage.startswith("On a cost-plus")  # evidence first: it survives truncation
    assert table_text_answer.passage.startswith("2019 2018")
    assert "cost-plus" in table_text_answer.passage and "Sales by Contract Type" not in table_text_answer.passage
    assert "Total sales $1,496.5" in table_answer.passage and "cost-plus" not in table_answer.passage
    assert {p.passage_id for p in pairs} == {"tatqa:t1"} and {p.source for p in pairs} == {"tatqa"}


def test_load_tatqa_reads_the_files_present(tmp_path: Path) -> None:
    (tmp_path / "tatqa_dataset_dev.json").write_text(json.dumps([RECORD]))
    assert len(load_tatqa(tmp_path)) == 3
    assert load_tatqa(tmp_path / "missing") == []
