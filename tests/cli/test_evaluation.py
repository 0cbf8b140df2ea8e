"""``finlens eval-retrieval`` and ``finlens eval-answers`` end to end: the same filings indexed for the same mode, and
``--library`` accepted after the command by both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.pdf_factory import make_10k, make_two_company_filings


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Acme's and Globex's 10-Ks, and Initech's, which no question names."""
    folder = make_two_company_filings(tmp_path_factory.mktemp("eval-corpus"))
    make_10k(folder / "INITECH_2022_10K.pdf", company="Initech LLC", ticker="INTK", year=2022,
             revenue=("2,210", "2,077"), capex=("402", "311"))
    return folder


def write_questions(path: Path) -> Path:
    items = [
        {"financebench_id": "q1", "doc_name": "GLOBEX_2022_10K", "question_type": "metrics-generated",
         "question": "What were Globex's FY2022 capital expenditures? Round your answer to the nearest million.",
         "answer": "3402", "evidence": [{"doc_name": "GLOBEX_2022_10K", "page": 3, "text": ""}]},
        {"financebench_id": "q2", "doc_name": "ACME_2022_10K", "question": "What is Acme's FY2022 diluted EPS?",
         "answer": "4.12", "evidence": [{"doc_name": "ACME_2022_10K", "page": 2, "text": ""}]},
    ]
    path.write_text("\n".join(json.dumps(i) for i in items))
    return path


def indexed_tickers(library: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["--library", str(library), "docs", "--json"]) == 0
    return sorted(d["ticker"] for d in json.loads(capsys.readouterr().out))


def test_eval_retrieval_json(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = write_questions(tmp_path / "questions.jsonl")
    for mode in ("shared", "single"):
        details = tmp_path / f"details-{mode}.jsonl"
        assert main(["eval-retrieval", "--questions", str(questions), "--pdf-dir", str(corpus), "--mode", mode,
                     "--model", "base", "--json", "--details", str(details)]) == 0
        result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert {"hit@1", "hit@3", "hit@5", "hit@10", "mrr", "n", "by_type", "pool_recall@30"} <= set(result)
        assert result["n"] == 2 and result["hit@5"] == 1.0 and result["pool_recall@30"] == 1.0
        rows = [json.loads(line) for line in details.read_text().splitlines()]
        assert [r["id"] for r in rows] == ["q1", "q2"] and all(r["rank"] and r["first_stage_rank"] for r in rows)
        assert rows[0]["evidence"] == [["GLOBEX_2022_10K", 3]] and rows[0]["question_type"] == "metrics-generated"


@pytest.mark.parametrize("command", ["eval-retrieval", "eval-answers"])
@pytest.mark.parametrize("mode, tickers", [("shared", ["ACME", "GBX", "INTK"]), ("single", ["ACME", "GBX"])])
def test_both_evaluations_index_the_same_filings_into_the_library_named_after_the_command(
        tmp_path: Path, corpus: Path, command: str, mode: str, tickers: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    questions = write_questions(tmp_path / "questions.jsonl")
    library = tmp_path / "kept"
    extra = ["--no-llm"] if command == "eval-answers" else []
    assert main([command, "--questions", str(questions), "--pdf-dir", str(corpus), "--mode", mode, "--model", "base",
                 "--json", "--library", str(library), *extra]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["n"] == 2
    assert indexed_tickers(library, capsys) == tickers


def test_eval_answers_prints_each_measure_with_its_meaning(tmp_path: Path, corpus: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    questions = write_questions(tmp_path / "questions.jsonl")
    assert main(["eval-answers", "--questions", str(questions), "--pdf-dir", str(corpus), "--mode", "single",
                 "--model", "base", "--no-llm", "--limit", "1"]) == 0
    captured = capsys.readouterr()
    assert "1/1" in captured.err  # the progress line of the one question
    lines = captured.out.splitlines()
    assert lines[0] == "1 questions: 1 with a numeric reference, 0 to review by hand."
    assert any(line.split()[:3] == ["all", "numeric", "1"] for line in lines)
    assert any(line.split()[:2] == ["metrics-generated", "1"] for line in lines)
    assert any(line.startswith("  strict:  the answer's headline (first) number equals") for line in lines)
    assert any(line.startswith("  lenient: the reference number appears anywhere") for line in lines)
    assert any(line.startswith("computed answers cited at evidence pages:") for line in lines)
