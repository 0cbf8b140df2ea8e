"""Answers from a real model: SmolLM2-135M-Instruct behind llama.cpp's OpenAI-compatible server.

A 135M-parameter model writes poor answers; these tests assert what must hold for *any* model output: the stream
arrives in pieces and stops when cancelled, a prompt larger than the context window is fitted (and the answer says
so), no prompt markup reaches the reader, and every figure is verified, flagged or visibly attributed by FinLens.
"""

from __future__ import annotations

import json
import logging
import threading
import time

import pytest

from app.core.answering import DERIVED, MODE_EXTRACTIVE, MODE_LLM, SUPPORTED, UNSUPPORTED, Answer, Answerer
from app.core.answering.citations import marks_by_sentence, parse_citations
from app.core.answering.context import clear_context_windows
from app.core.answering.llm import ChatClient
from app.core.answering.passages import RetrievalOptions
from app.core.answering.prompt import strip_markup
from tests.core.answering.answering_fixtures import IndexedLibrary
from tests.llm.conftest import LlamaServer, RecordingClient, start_server

log = logging.getLogger(__name__)
SHORT = [{"role": "system", "content": "You are a helpful assistant. Answer in one sentence."},
         {"role": "user", "content": "What is a balance sheet?"}]
LONG = [{"role": "user", "content": "Write a long, detailed essay about the history of double-entry bookkeeping, "
                                    "with many paragraphs."}]
MARKUP = ("<passage", "</passage", "<passages", "<question", "</question", "<facts", "<|im_")


@pytest.fixture(autouse=True)
def fresh_windows() -> None:
    """Each test learns the server's window itself (the cache is per process)."""
    clear_context_windows()
    RecordingClient.reset()


def answerer(indexed: IndexedLibrary, server: LlamaServer, **options: int) -> Answerer:
    return Answerer(indexed.searcher, indexed.library, server.config(),
                    options=RetrievalOptions(**options) if options else None, client_factory=RecordingClient)


def assert_every_figure_is_accounted_for(answer: Answer) -> None:
    """Each checked number is verified (found or computed), flagged, or cited by FinLens and marked so."""
    text = answer.text
    sentences = marks_by_sentence(text, parse_citations(text))
    numbers = {p.number for p in answer.passages}
    summary = answer.number_summary()
    for check in answer.checked_numbers:
        assert check.status in (SUPPORTED, DERIVED, UNSUPPORTED), check
        if check.status == UNSUPPORTED:
            assert check.text in summary.split("not found: ", 1)[1], (check, summary)
            continue
        if check.kind == "year":
            continue
        marks = next((m for (s, e), m in sentences if s <= check.start < e), [])
        cited = [m for m in marks if any(n in numbers for n in m.numbers)]
        assert cited, f"{check.text!r} is backed by a passage but its sentence cites none: {text!r}"
        if check.citation_inferred:
            assert all(m.inferred for m in cited) and "citation inferred" in summary
    for citation in answer.citations:
        assert citation.number in numbers
        assert citation.inferred == all(parse_citations(text[s:e])[0].inferred for s, e in citation.spans)
    assert not set(answer.invalid_citations) & numbers


def test_the_answer_streams_in_pieces(llama_server: LlamaServer) -> None:
    started = time.perf_counter()
    pieces: list[str] = []
    first = 0.0
    for piece in ChatClient(llama_server.config(max_tokens=48)).stream(SHORT):
        first = first or time.perf_counter() - started
        pieces.append(piece)
    total = time.perf_counter() - started
    log.warning("streaming: first piece after %.2f s, %d pieces in %.2f s", first, len(pieces), total)
    assert len(pieces) >= 3 and "".join(pieces).strip()
    assert first < total  # pieces came one after another, not all at the end


def test_cancel_stops_the_stream_and_frees_the_server(llama_server: LlamaServer) -> None:
    cancel = threading.Event()
    client = ChatClient(llama_server.config(max_tokens=600))
    received: list[str] = []
    stopped_after = 0.0
    cancelled_at = 0.0
    for piece in client.stream(LONG, cancel):
        received.append(piece)
        if len(received) == 3:
            cancel.set()
            cancelled_at = time.perf_counter()
    stopped_after = time.perf_counter() - cancelled_at
    assert len(received) == 3 and stopped_after < 0.5
    # The server stopped generating the other ~600 tokens: a new question starts being answered at once.
    started = time.perf_counter()
    first = next(iter(ChatClient(llama_server.config(max_tokens=16)).stream(SHORT)))
    waited = time.perf_counter() - started
    log.warning("cancel: stream ended %.3f s after cancel; the next answer began %.2f s later", stopped_after, waited)
    assert first and waited < 10


def test_a_prompt_over_the_context_window_is_fitted_and_says_so(indexed: IndexedLibrary,
                                                                llama_server: LlamaServer) -> None:
    question = "What were Acme's revenues, operating cash flow and capital expenditures in 2023?"
    engine = answerer(indexed, llama_server, k=8, token_budget=8000)
    statuses: list[str] = []
    answer = engine.answer(question, on_status=statuses.append)
    log.warning("over-long prompt: %.2f s, calls %s, note %r", answer.seconds, RecordingClient.calls, answer.note)
    assert answer.mode == MODE_LLM and (not answer.error or answer.incomplete), answer.error
    # llama-cpp-python's server reports no window and closes a stream whose prompt is too long without a word:
    # FinLens asked why (one token, not streamed), read the window from the refusal and fitted the passages.
    assert RecordingClient.calls == ["stream", "diagnose", "stream"]
    assert answer.note.startswith(f"The model's context window is {llama_server.context_tokens:,} tokens:")
    assert answer.note in statuses and 0 < len(answer.passages) < 8
    # The window is remembered: the next question is fitted before it is sent.
    RecordingClient.reset()
    again = engine.answer(question)
    assert RecordingClient.calls == ["stream"] and again.mode == MODE_LLM and again.note


def test_real_output_is_cleaned_cited_and_checked(indexed: IndexedLibrary, llama_server: LlamaServer) -> None:
    deltas: list[str] = []
    answer = answerer(indexed, llama_server).answer("What was Acme's net income in 2023?", on_delta=deltas.append)
    log.warning("answer in %.2f s: %r; %s", answer.seconds, answer.text, answer.number_summary())
    assert answer.mode == MODE_LLM and answer.model == "smollm2" and (not answer.error or answer.incomplete)
    assert len(deltas) > 1 and answer.text.strip()
    for markup in MARKUP:
        assert markup not in answer.text and markup not in "".join(deltas)
    assert strip_markup(answer.text) == answer.text  # no tag of any kind is left
    # How FinLens read the question, then the computed fact (the statements answer the metric) went into the prompt.
    reading, fact = answer.facts
    assert reading.text == "FinLens read the question as: net income, FY2023." and not reading.value_text
    assert fact.value_text == "$1,577 million"
    assert "<facts>" in RecordingClient.sent[-1][1]["content"] and fact.text in RecordingClient.sent[-1][1]["content"]
    assert_every_figure_is_accounted_for(answer)
    json.dumps(answer.to_dict())  # the record is complete and serialisable
    assert answer.to_markdown().strip()


@pytest.mark.parametrize("question", [
    "How did Acme's operating expenses and free cash flow change in 2023?",
    "What is Globex's revenue outlook and guidance?",
])
def test_more_real_answers_account_for_every_figure(indexed: IndexedLibrary, llama_server: LlamaServer,
                                                    question: str) -> None:
    answer = answerer(indexed, llama_server).answer(question)
    log.warning("answer in %.2f s: %r; %s", answer.seconds, answer.text, answer.number_summary())
    assert answer.mode == MODE_LLM and (not answer.error or answer.incomplete), answer.error
    for markup in MARKUP:
        assert markup not in answer.text
    assert strip_markup(answer.text) == answer.text
    assert_every_figure_is_accounted_for(answer)


def test_a_window_too_small_and_a_stopped_server_each_say_a_sentence(indexed: IndexedLibrary,
                                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    tiny = start_server(tmp_path_factory.mktemp("tiny"), context_tokens=512)  # llama.cpp's smallest
    try:
        answer = answerer(indexed, tiny).answer("What was Acme's net income in 2023?")
        assert answer.mode == MODE_EXTRACTIVE and answer.text  # the passages are still shown
        assert answer.error.startswith("The model's context window (512 tokens) is too small to hold even one "
                                       "passage"), answer.error
        assert "--ctx-size" in answer.error and answer.error.endswith("Showing the best passages instead.")
    finally:
        tiny.stop()
    stopped = answerer(indexed, tiny).answer("What was Acme's net income in 2023?")
    assert stopped.mode == MODE_EXTRACTIVE
    assert stopped.error.startswith(f"No model server answers at {tiny.base_url}."), stopped.error
