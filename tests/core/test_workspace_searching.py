"""The workspace builds the search and the answerer for the open library, in one place, and follows its changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.retrieval.embedding import OnnxEmbedder
from app.core.settings import Settings
from app.core.store import Library, LibraryError
from app.core.workspace import Workspace
from tests.core.conftest import new_library


def test_no_library_means_no_search_and_a_sentence_for_a_question() -> None:
    workspace = Workspace(Settings(reranker="none"))
    assert workspace.searcher is None
    with pytest.raises(LibraryError, match="no library to answer from"):
        workspace.answerer()


def test_the_search_follows_the_open_library_and_the_reranker_setting(library: Library, embedder: OnnxEmbedder,
                                                                       tmp_path: Path) -> None:
    settings = Settings(reranker="none")
    workspace = Workspace(settings)
    workspace.adopt(library, embedder)
    searcher = workspace.searcher
    assert searcher is not None and searcher.library is library and searcher.embedder is embedder
    assert workspace.searcher is searcher  # built once, not per use
    assert searcher.ranker.reranker is None

    settings.reranker = "default"  # changed in Settings: the next search reranks
    reranking = workspace.searcher
    assert reranking is not None and reranking is not searcher and workspace.searcher is reranking

    other = new_library(tmp_path / "other", embedder)
    workspace.adopt(other, embedder)
    assert workspace.searcher is not None and workspace.searcher.library is other


def test_the_answerer_reads_the_open_library_and_the_model_set_now(library: Library, embedder: OnnxEmbedder) -> None:
    settings = Settings(reranker="none")
    workspace = Workspace(settings)
    workspace.adopt(library, embedder)
    answerer = workspace.answerer()
    assert answerer.searcher is workspace.searcher and answerer.library is library
    assert not answerer.llm_configured  # no model set: best passages, nothing sent anywhere
    settings.llm_base_url, settings.llm_model = "http://localhost:11434/v1", "llama3"
    assert workspace.answerer().llm_configured  # the next question uses the model set meanwhile
