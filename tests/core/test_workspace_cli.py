"""``finlens`` commands open the library chosen in Settings, as the window does (issue 20: one workspace)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core import paths
from app.core.ingest.indexing import index_paths
from app.core.retrieval.embedding import OnnxEmbedder
from app.core.settings import Settings, save_settings
from app.core.store import Library


def test_search_and_docs_open_the_library_moved_in_settings(tmp_path: Path, embedder: OnnxEmbedder, filings: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    moved = tmp_path / "moved-library"
    library = Library(moved, model_id=embedder.model_id, model_hash=embedder.model_hash, dimension=embedder.dimension)
    assert index_paths([filings / "GLOBEX_2022_10K.pdf"], library, embedder).count("indexed") == 1
    monkeypatch.delenv(paths.LIBRARY_ENV)  # no --library, no FINLENS_LIBRARY: Settings decide
    save_settings(Settings(library_dir=str(moved)))

    assert main(["docs", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [d["company"] for d in listed] == ["Globex Corporation"]
    assert main(["search", "capital expenditures", "--json", "--reranker", "none"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and "GLOBEX_2022_10K" in json.dumps(hits)
