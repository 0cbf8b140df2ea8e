"""The model timeout is one deadline for the whole model call, and the message says it truthfully (issue 27, item 6).

A real TCP server on 127.0.0.1 accepts every connection and never sends a byte: the worst case of a model server
that is stuck loading. The real :class:`ChatClient` (the ``openai`` client over HTTP) and the real engine, with its
probes of the server's context window, must give up when the configured timeout has passed since the question went
to the model, and say "did not answer within N seconds" with that same N. Before the fix the probes (two of up to
5 s each) ran first and the stream then waited the whole timeout again: 3 s configured, about 9 s waited.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.answering.answer_records import MODE_EXTRACTIVE
from app.core.answering.context import clear_context_windows
from app.core.answering.engine import Answerer
from app.core.answering.llm import ChatClient, LLMConfig, LLMError
from app.core.retrieval.embedding import load_embedder
from tests.core.answering.answering_fixtures import IndexedLibrary, index_acme_and_globex

TIMEOUT_S = 3.0
SLACK_S = 1.0  # thread hand-over and the fallback to the extractive answer


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never answers (keeps them open until stopped)."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(32)
        self._socket.settimeout(0.2)
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}/v1"

    @property
    def connections(self) -> int:
        return len(self._held)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except OSError:
                continue
            self._held.append(connection)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self._held:
            connection.close()
        self._socket.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    clear_context_windows()
    server = SilentServer()
    yield server
    server.stop()
    clear_context_windows()


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> IndexedLibrary:
    return index_acme_and_globex(Path(tmp_path_factory.mktemp("deadline")), load_embedder("base"))


def test_the_whole_answer_including_probes_gives_up_at_the_configured_timeout(indexed: IndexedLibrary,
                                                                              silent_server: SilentServer) -> None:
    config = LLMConfig(silent_server.base_url, "some-model", timeout_s=TIMEOUT_S)
    answerer = Answerer(indexed.searcher, indexed.library, config)
    answerer.answer("What was Acme's revenue in 2023?", use_llm=False)  # warm the search path outside the clock

    started = time.monotonic()
    answer = answerer.answer("What was Acme's net income in 2023?")
    waited = time.monotonic() - started

    assert silent_server.connections >= 2  # the probes and the chat request really went to the server
    assert answer.mode == MODE_EXTRACTIVE and answer.passages  # the best passages instead
    assert f"did not answer within {TIMEOUT_S:g} seconds" in answer.error
    assert TIMEOUT_S - 0.5 <= waited <= TIMEOUT_S + SLACK_S, f"waited {waited:.1f} s with a {TIMEOUT_S:g} s timeout"


def test_the_client_alone_keeps_to_its_timeout(silent_server: SilentServer) -> None:
    client = ChatClient(LLMConfig(silent_server.base_url, "some-model", timeout_s=TIMEOUT_S))
    started = time.monotonic()
    with pytest.raises(LLMError) as caught:
        client.complete([{"role": "user", "content": "hello"}])
    waited = time.monotonic() - started
    assert caught.value.kind == "timeout"
    assert f"did not answer within {TIMEOUT_S:g} seconds" in str(caught.value)
    assert waited <= TIMEOUT_S + SLACK_S
