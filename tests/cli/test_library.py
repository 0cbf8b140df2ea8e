"""The library commands (``index``, ``search``, ``docs``, ``remove``, ``reindex``, ``demo``) end to end on generated
filings, in a temporary library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core import paths
from tests.pdf_factory import make_two_company_filings


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_two_company_filings(folder)
    (folder / "empty.pdf").write_bytes(b"")
    return folder


@pytest.fixture(autouse=True)
def _reset_override():  # noqa: ANN202
    yield
    paths.set_library_override(None)


def test_index_search_docs_remove(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = str(tmp_path / "lib")
    assert main(["--library", library, "index", str(corpus), "--model", "base"]) == 0
    out = capsys.readouterr().out
    assert "empty.pdf: The file is empty" in out and out.strip().splitlines()[-1].startswith("2 indexed")

    assert main(["docs", "--json", "--library", library]) == 0  # global options after the command too
    documents = json.loads(capsys.readouterr().out)
    assert {d["ticker"] for d in documents} == {"ACME", "GBX"}

    assert main(["--library", library, "search", "capex", "--company", "GBX", "-k", "3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["companies"] == ["Globex Corporation"]
    assert result["hits"][0]["page"] == 3 and "(3,402)" in result["hits"][0]["text"]
    assert result["hits"][0]["rects"]

    acme = next(d for d in documents if d["ticker"] == "ACME")
    assert main(["--library", library, "remove", acme["doc_id"]]) == 0
    capsys.readouterr()
    assert main(["--library", library, "docs", "--json"]) == 0
    assert [d["ticker"] for d in json.loads(capsys.readouterr().out)] == ["GBX"]


def test_model_mismatch_is_a_plain_message(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "lib"
    main(["--library", str(library), "index", str(corpus / "ACME_2022_10K.pdf"), "--model", "base"])
    meta = json.loads((library / "library.json").read_text())
    meta["model_id"] = "another-model"
    (library / "library.json").write_text(json.dumps(meta))
    capsys.readouterr()
    assert main(["--library", str(library), "search", "revenue"]) == 2
    assert "re-index" in capsys.readouterr().err


def test_demo_headless(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--library", str(tmp_path / "demo"), "demo", "--headless"]) == 0
    out = capsys.readouterr().out
    assert "3 indexed" in out and "> capital expenditures" in out


def test_a_library_cut_by_an_older_chunker_gets_a_note_until_reindexed(tmp_path: Path, corpus: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from tests.core.store.test_library import mark_cut_by_first_chunker

    library = tmp_path / "lib"
    main(["--library", str(library), "index", str(corpus / "ACME_2022_10K.pdf"), "--model", "base"])
    mark_cut_by_first_chunker(library)
    capsys.readouterr()
    assert main(["--library", str(library), "search", "revenue", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["hits"]  # the old library still answers
    assert "Re-index" in captured.err and "finlens reindex --model base" in captured.err
    assert main(["--library", str(library), "ask", "What was revenue?", "--no-llm", "--json"]) == 0
    assert "finlens reindex --model base" in capsys.readouterr().err
    assert main(["--library", str(library), "reindex", "--model", "base"]) == 0
    assert "1 indexed" in capsys.readouterr().out
    assert main(["--library", str(library), "search", "revenue"]) == 0
    assert "Re-index" not in capsys.readouterr().err


@pytest.mark.parametrize("content", ["", '{"model_id": "x", "schema'])
def test_a_damaged_library_json_is_explained_and_reindex_recovers(tmp_path: Path, corpus: Path, content: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "lib"
    assert main(["--library", str(library), "index", str(corpus / "ACME_2022_10K.pdf"), "--model", "base"]) == 0
    (library / "library.json").write_text(content)
    capsys.readouterr()
    assert main(["--library", str(library), "docs"]) == 2
    err = capsys.readouterr().err
    assert "library.json" in err and "finlens reindex" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert main(["--library", str(library), "reindex", "--model", "base"]) == 0
    assert "1 indexed" in capsys.readouterr().out
    assert main(["--library", str(library), "docs", "--json"]) == 0
    assert [d["ticker"] for d in json.loads(capsys.readouterr().out)] == ["ACME"]


@pytest.mark.parametrize("arguments", [["--year", "99999999999999999999"], ["--year", "20x1"], ["-k", "-5"],
                                       ["-k", "0"], ["-k", "100000"]])
def test_bad_search_values_are_usage_errors(tmp_path: Path, arguments: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--library", str(tmp_path / "lib"), "search", "revenue", *arguments])
    assert stop.value.code == 2 and "Traceback" not in capsys.readouterr().err


def test_remove_says_nothing_before_it_is_stored(tmp_path: Path, corpus: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    library = str(tmp_path / "lib")
    assert main(["--library", library, "index", str(corpus), "--model", "base"]) == 0
    capsys.readouterr()
    assert main(["--library", library, "remove", "nope", str(corpus / "ACME_2022_10K.pdf")]) == 1
    out = capsys.readouterr().out
    assert "Not in the library: nope" in out and "Removed" in out
    assert main(["--library", library, "docs", "--json"]) == 0
    assert [d["ticker"] for d in json.loads(capsys.readouterr().out)] == ["GBX"]
