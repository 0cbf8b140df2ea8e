"""The OpenAI-compatible client against a real local HTTP server: streaming, cancel, timeouts and errors."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from app.core.answering.llm import ChatClient, LLMConfig, LLMError
from app.core.settings import Settings, save_settings
from tests.core.answering.answering_fixtures import FakeLLMServer, Reply
from tests.local_servers import free_port

MESSAGES = [{"role": "system", "content": "rules"}, {"role": "user", "content": "question"}]


def client(server: FakeLLMServer, **changes: float) -> ChatClient:
    return ChatClient(LLMConfig(server.base_url, "fake-model", api_key=str(changes.pop("key", "")),
                                timeout_s=float(changes.pop("timeout_s", 5.0))))


def test_streams_deltas_in_order(llm_server: FakeLLMServer) -> None:
    text = "Net income was $1,577 million in 2023 [1]."
    llm_server.script = lambda request: Reply(text)
    pieces = list(client(llm_server).stream(MESSAGES))
    assert len(pieces) > 2 and "".join(pieces) == text
    request = llm_server.requests[-1]
    assert request["_path"] == "/v1/chat/completions" and request["stream"] is True
    assert request["model"] == "fake-model" and request["messages"] == MESSAGES
    assert request["_auth"] == "Bearer not-needed"  # local servers need no key; none is invented


def test_api_key_is_sent_when_set(llm_server: FakeLLMServer) -> None:
    assert client(llm_server, key="sk-test").complete(MESSAGES) == "OK [1]"
    assert llm_server.requests[-1]["_auth"] == "Bearer sk-test"


def test_connection_refused_is_explained() -> None:
    port = free_port()  # nobody listens on it
    config = LLMConfig(f"http://127.0.0.1:{port}/v1", "m", timeout_s=2)
    with pytest.raises(LLMError) as caught:
        ChatClient(config).complete(MESSAGES)
    assert caught.value.kind == "connection"
    assert str(caught.value).startswith(f"No model server answers at http://127.0.0.1:{port}/v1.")
    assert "Settings > Answers" in str(caught.value) and "Ollama" in str(caught.value)


def test_slow_server_times_out(llm_server: FakeLLMServer) -> None:
    llm_server.script = lambda request: Reply("late", delay_s=3)
    started = time.monotonic()
    with pytest.raises(LLMError) as caught:
        client(llm_server, timeout_s=0.5).complete(MESSAGES)
    assert time.monotonic() - started < 2.5
    assert caught.value.kind == "timeout" and "did not answer within 0.5 seconds" in str(caught.value)


@pytest.mark.parametrize("status, kind, words", [
    (500, "server", "HTTP 500"), (401, "auth", "API key"), (404, "not_found", "does not know the model 'fake-model'"),
    (429, "rate_limit", "limiting requests"), (400, "bad_request", "context window"),
])
def test_http_errors_are_explained(llm_server: FakeLLMServer, status: int, kind: str, words: str) -> None:
    llm_server.script = lambda request: Reply(status=status)
    with pytest.raises(LLMError) as caught:
        client(llm_server).complete(MESSAGES)
    assert caught.value.kind == kind and words in str(caught.value)
    assert caught.value.details  # the technical detail is kept for the log


def test_malformed_stream_is_explained(llm_server: FakeLLMServer) -> None:
    llm_server.script = lambda request: Reply(malformed=True)
    with pytest.raises(LLMError) as caught:
        client(llm_server).complete(MESSAGES)
    assert caught.value.kind == "bad_response" and "OpenAI-compatible" in str(caught.value)


def test_cancel_between_deltas_closes_the_stream(llm_server: FakeLLMServer) -> None:
    llm_server.script = lambda request: Reply("word " * 200, chunk_delay_s=0.02)
    cancel = threading.Event()
    pieces = []
    started = time.monotonic()
    for piece in client(llm_server).stream(MESSAGES, cancel):
        pieces.append(piece)
        if len(pieces) == 3:
            cancel.set()
    assert len(pieces) == 3 and time.monotonic() - started < 2


def test_cancel_while_waiting_for_the_first_byte(llm_server: FakeLLMServer) -> None:
    llm_server.script = lambda request: Reply("late", delay_s=4)
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    assert list(client(llm_server, timeout_s=10).stream(MESSAGES, cancel)) == []
    assert time.monotonic() - started < 2  # did not wait for the server


def test_config_from_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert LLMConfig.from_settings(Settings()) is None  # nothing configured: nothing is ever sent
    settings = Settings(llm_base_url="http://localhost:11434/v1/", llm_model="llama3.1", llm_timeout_s=30,
                        llm_temperature=0.2)
    save_settings(settings, path)
    config = LLMConfig.from_settings(settings, api_key="secret")
    assert config == LLMConfig("http://localhost:11434/v1", "llama3.1", "secret", 30.0, 0.2)
    assert "secret" not in repr(config)


# --- answers cut short and replies that are not OpenAI chat streams ---------------------------------------------------

CUT_TEXT = "Net income was $1,577 million in 2023 [1], up from $1,234 million."


def stream_until_error(chat: ChatClient) -> tuple[list[str], LLMError]:
    """The pieces a stream yields before it raises, and the error."""
    pieces: list[str] = []
    with pytest.raises(LLMError) as caught:
        for piece in chat.stream(MESSAGES):
            pieces.append(piece)
    return pieces, caught.value


@pytest.mark.parametrize("drop", ["close", "chunked", "reset"])
def test_a_stream_cut_before_its_end_is_incomplete(llm_server: FakeLLMServer, drop: str) -> None:
    # The server streams two chunks, then drops the connection: no finish_reason, no [DONE].
    llm_server.script = lambda request: Reply(CUT_TEXT, drop_after=2, drop=drop)
    pieces, error = stream_until_error(client(llm_server))
    assert "".join(pieces) == CUT_TEXT[:24]  # every piece that arrived was handed over first
    assert error.kind == "incomplete"
    assert str(error).startswith("The model stopped before finishing (") and "incomplete" in str(error)
    assert error.details


def test_an_answer_stopped_at_the_length_limit_is_incomplete(llm_server: FakeLLMServer) -> None:
    llm_server.script = lambda request: Reply(CUT_TEXT, finish_reason="length")
    pieces, error = stream_until_error(client(llm_server))
    assert "".join(pieces) == CUT_TEXT
    assert error.kind == "incomplete" and "length" in str(error)


def test_a_stream_closed_before_any_text_says_so(llm_server: FakeLLMServer) -> None:
    llm_server.script = lambda request: Reply(CUT_TEXT, drop_after=0)
    pieces, error = stream_until_error(client(llm_server))
    assert pieces == [] and error.kind == "incomplete"
    assert "closed the connection before answering" in str(error)


@pytest.mark.parametrize("content_type, body", [
    # Ollama's native /api/chat reply: the address lacks /v1.
    ("application/json", b'{"model": "llama3", "message": {"role": "assistant", "content": "Hi"}, "done": true}'),
    ("text/html", b"<html><body><h1>Welcome to nginx!</h1></body></html>"),
])
def test_a_reply_that_is_not_an_openai_stream_says_so(llm_server: FakeLLMServer, content_type: str,
                                                      body: bytes) -> None:
    llm_server.script = lambda request: Reply(raw=(content_type, body))
    with pytest.raises(LLMError) as caught:
        client(llm_server).complete(MESSAGES)
    message = str(caught.value)
    assert caught.value.kind == "bad_response" and "empty" not in message
    assert f"not in the OpenAI chat format (it sent {content_type})" in message and "/v1" in message
