"""Shared fixtures of the answer-engine tests: fixture filings indexed once per session, and the fake model server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.retrieval.embedding import OnnxEmbedder
from tests.core.answering.answering_fixtures import FakeLLMServer, IndexedLibrary, index_acme_and_globex


@pytest.fixture(scope="session")
def indexed(tmp_path_factory: pytest.TempPathFactory, embedder: OnnxEmbedder) -> IndexedLibrary:
    """The Acme and Globex fixture 10-Ks in a library built with the base model (the session's embedder)."""
    return index_acme_and_globex(tmp_path_factory.mktemp("answering"), embedder)


@pytest.fixture
def llm_server() -> Iterator[FakeLLMServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1, stopped after the test."""
    from app.core.answering.context import clear_context_windows

    clear_context_windows()  # a port may be reused: never fit to the window a previous test's server reported
    server = FakeLLMServer().start()
    yield server
    server.stop()
    clear_context_windows()
