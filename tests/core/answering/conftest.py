"""Shared fixtures of the answer-engine tests: fixture filings indexed once per session, and the fake model server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.embedding import OnnxEmbedder
from app.core.library import Library
from app.core.search import Searcher
from tests.core.answering.answering_fixtures import FakeLLMServer, IndexedLibrary, write_10k, write_injected_10k


@pytest.fixture(scope="session")
def indexed(tmp_path_factory: pytest.TempPathFactory, embedder: OnnxEmbedder) -> IndexedLibrary:
    """The Acme and Globex fixture 10-Ks in a library built with the base model (the session's embedder)."""
    from app.core.indexing import index_paths

    root = tmp_path_factory.mktemp("answering")
    pdfs = root / "pdfs"
    pdfs.mkdir()
    write_10k(pdfs / "ACME_2023_10K.pdf")
    write_injected_10k(pdfs / "GLOBEX_2023_10K.pdf")
    library = Library(root / "lib", model_id=embedder.model_id, model_hash=embedder.model_hash,
                      dimension=embedder.dimension)
    report = index_paths([pdfs], library, embedder)
    assert report.count("indexed") == 2, report.summary_lines()
    documents = {d.title: d for d in library.list_documents()}
    return IndexedLibrary(library, embedder, Searcher(library, embedder), documents["ACME_2023_10K"],
                          documents["GLOBEX_2023_10K"], root)


@pytest.fixture
def llm_server() -> Iterator[FakeLLMServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1, stopped after the test."""
    from app.core.answering.context import clear_context_windows

    clear_context_windows()  # a port may be reused: never fit to the window a previous test's server reported
    server = FakeLLMServer().start()
    yield server
    server.stop()
    clear_context_windows()
