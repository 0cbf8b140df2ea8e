"""``finlens ask`` and ``finlens eval-answers`` through the real CLI entry point (the scoring itself is tested in
``tests/core/answering/test_answer_evaluation.py``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import cli
from app.core import paths
from app.core.settings import Settings, save_settings
from tests.core.answering.answering_fixtures import FakeLLMServer, IndexedLibrary, Reply


@pytest.fixture
def library_override(indexed: IndexedLibrary) -> Iterator[Path]:
    yield indexed.folder / "lib"
    paths.set_library_override(None)


def configure_model(server: FakeLLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(Settings(llm_base_url=server.base_url, llm_model="fake-model", llm_timeout_s=5))
    monkeypatch.setattr("app.core.settings.get_api_key", lambda: "")  # never touch the real keyring


def cite_table(request: dict[str, Any]) -> Reply:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    number = next(chunk.split('"')[1] for chunk in user.split("<passage id=")[1:] if "Net income (loss)" in chunk)
    return Reply(f"Net income was $1,577 million in 2023 [{number}].")


def test_ask_json_without_a_model(library_override: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--library", str(library_override), "ask", "What was Acme's net income in 2023?",
                     "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["mode"] == "extractive" and "Settings > Answers" in result["note"]
    assert any(c["page"] == 3 and c["rects"] for c in result["citations"])
    assert result["passages"][0]["document"] == "Acme Corporation 10-K FY2023"


def test_ask_streams_the_model_answer(library_override: Path, llm_server: FakeLLMServer,
                                      monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    configure_model(llm_server, monkeypatch)
    llm_server.script = cite_table
    assert cli.main(["--library", str(library_override), "ask", "net income 2023", "--company", "acme"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Net income was $1,577 million in 2023 [")
    assert "Sources:" in out and re.search(r"\[\d\] Acme Corporation 10-K FY2023, p\. [34] ", out)
    assert "Number check: 2 of 2 numbers found" in out


def test_ask_prints_the_citation_finlens_inferred(library_override: Path, llm_server: FakeLLMServer,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    configure_model(llm_server, monkeypatch)
    llm_server.script = lambda request: Reply("Net income was $1,577 million in 2023.")  # states it, cites nothing
    assert cli.main(["--library", str(library_override), "ask", "net income 2023", "--company", "acme"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Net income was $1,577 million in 2023.\n")  # the stream: the model's own words
    assert re.search(r"With the citations FinLens inferred:\nNet income was \$1,577 million in 2023 \[\d, inferred\]\.",
                     out)


def test_ask_without_a_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        assert cli.main(["--library", str(tmp_path / "empty"), "ask", "anything"]) == 2
    finally:
        paths.set_library_override(None)
    assert "Add files first" in capsys.readouterr().err


def write_questions(path: Path) -> Path:
    questions = [
        {"financebench_id": "q1", "doc_name": "ACME_2023_10K", "question": "What was Acme's FY2023 net income in USD "
         "millions?", "answer": "$1577.00", "evidence": [{"doc_name": "ACME_2023_10K", "page": 3}]},
        {"financebench_id": "q2", "doc_name": "ACME_2023_10K", "question": "Which supplier risks does Acme describe?",
         "answer": "Acme relies on a small number of suppliers for specialty steel, so interruptions could delay "
                   "shipments.", "evidence": [{"doc_name": "ACME_2023_10K", "page": 1}]},
    ]
    path.write_text("\n".join(json.dumps(q) for q in questions))
    return path


def test_eval_answers_with_the_model(indexed: IndexedLibrary, library_override: Path, llm_server: FakeLLMServer,
                                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    configure_model(llm_server, monkeypatch)
    llm_server.script = cite_table
    questions = write_questions(tmp_path / "q.jsonl")
    assert cli.main(["eval-answers", "--questions", str(questions), "--pdf-dir", str(indexed.folder / "pdfs"),
                     "--library", str(library_override), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 2 and result["numeric_n"] == 1 and result["review_n"] == 1
    assert result["strict_accuracy"] == 1.0 and result["lenient_accuracy"] == 1.0
    assert result["by_type"] == {"all numeric": {"n": 1, "strict_accuracy": 1.0, "lenient_accuracy": 1.0},
                                 "unknown": {"n": 1, "strict_accuracy": 1.0, "lenient_accuracy": 1.0}}
    assert "headline" in result["definitions"]["strict_accuracy"]
    assert result["citation_precision"] == 0.5  # q2's answer cites the statement page, not the risk factors
    assert result["unsupported_number_rate"] == 0.0 and result["modes"] == {"llm": 2}
    assert [(q["strict"], q["lenient"]) for q in result["per_question"]] == [(True, True), (None, None)]


def test_eval_answers_limit_and_extractive(indexed: IndexedLibrary, library_override: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    questions = write_questions(tmp_path / "q.jsonl")
    assert cli.main(["--library", str(library_override), "eval-answers", "--questions", str(questions),
                     "--pdf-dir", str(indexed.folder / "pdfs"), "--limit", "1", "--no-llm"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 questions: 1 with a numeric reference, 0 to review by hand.")
    assert "strict:  the answer's headline (first) number equals the reference" in out
    assert "modes: extractive 1;" in out


def test_ask_exits_non_zero_when_the_answer_is_cut_short(library_override: Path, llm_server: FakeLLMServer,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    configure_model(llm_server, monkeypatch)
    llm_server.script = lambda request: Reply("Net income was $1,577 million in 2023 [1].", drop_after=2)
    assert cli.main(["--library", str(library_override), "ask", "net income 2023"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("Net income was $1,577 mi\n")  # what arrived is shown
    assert "The model stopped before finishing" in captured.err
    assert cli.main(["--library", str(library_override), "ask", "net income 2023", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["incomplete"] is True and result["answer"] == "Net income was $1,577 mi"  # two 12-char chunks
