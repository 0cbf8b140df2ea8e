"""Fitting the prompt to the model's context window: the estimate, the fit, the server's size and its refusals."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.core.answering import MODE_EXTRACTIVE, MODE_LLM, Answerer, LLMConfig
from app.core.answering.answer_records import ComputedFact
from app.core.answering.context import (
    ContextTooSmall,
    answer_budget,
    context_overflow,
    count_prompt_tokens,
    estimate_message_tokens,
    estimate_tokens,
    fit_prompt,
    read_context_window,
)
from app.core.answering.prompt import build_messages
from tests.core.answering.answering_fixtures import FakeLLMServer, IndexedLibrary, Reply
from tests.core.answering.test_numbers import make_passage

PROSE = ("Revenues increased 10.2% to $6.5 billion in 2023, driven by higher widget volumes and pricing. Net income "
         "was $1,577 million, compared with $1,234 million a year earlier. ")


def passages(count: int, repeat: int = 6) -> list[Any]:
    return [make_passage((PROSE * repeat).strip(), number=n) for n in range(1, count + 1)]


def test_the_estimate_errs_high_on_numbers() -> None:
    assert estimate_tokens("") == 0
    prose = "the company sells widgets to builders across the country " * 10  # SmolLM2: 91 tokens
    assert 91 <= estimate_tokens(prose) <= 110
    numbers = "1,577 1,234 (5,563) 6,500 5,900 " * 10  # SmolLM2: 310 tokens, one per digit and mark
    assert 310 <= estimate_tokens(numbers) <= 380


def test_everything_fits_in_a_large_window() -> None:
    found = passages(4)
    fit = fit_prompt("What was net income?", found, [], window=32768, answer_tokens=1024)
    assert fit.passages == found and not fit.texts and fit.note == "" and fit.answer_tokens == 1024


def test_the_lowest_ranked_passages_are_left_out_and_the_note_says_so() -> None:
    found = passages(6)
    window = 2048
    fit = fit_prompt("What was net income?", found, [], window=window, answer_tokens=answer_budget(window, 1024))
    assert 0 < len(fit.passages) < 6
    assert [p.number for p in fit.passages] == list(range(1, len(fit.passages) + 1))  # best first, in rank order
    assert fit.note == (f"The model's context window is 2,048 tokens: it holds {len(fit.passages)} of the 6 passages "
                        f"found, so the {6 - len(fit.passages)} lowest-ranked were left out.")
    assert estimate_message_tokens(fit.messages("What was net income?", [])) + fit.answer_tokens <= window


def test_a_passage_too_long_for_the_window_is_shortened() -> None:
    (huge,) = [make_passage("\n".join([PROSE] * 60), number=1)]
    fit = fit_prompt("What was net income?", [huge], [], window=2048, answer_tokens=512)
    assert fit.passages == [huge] and fit.texts[1].endswith("[…]") and len(fit.texts[1]) < len(huge.text)
    assert "passage [1] was shortened" in fit.note
    user = fit.messages("What was net income?", [])[1]["content"]
    assert fit.texts[1] in user and huge.text not in user


def test_a_window_too_small_for_one_passage_says_what_to_do() -> None:
    with pytest.raises(ContextTooSmall) as raised:
        fit_prompt("What was net income?", passages(2), [], window=600, answer_tokens=256)
    message = str(raised.value)
    assert message.startswith("The model's context window (600 tokens) is too small to hold even one passage")
    assert "--ctx-size" in message and "Settings > Answers" in message


def test_passages_holding_a_fact_come_first() -> None:
    found = passages(6)
    fact = ComputedFact("24.26% is the net margin for FY2023, computed as Net income / Revenue. Inputs: … [5].",
                        "24.26%", "Net income / Revenue", [5])
    fit = fit_prompt("What was the net margin?", found, [fact], window=1800, answer_tokens=256)
    assert 5 in [p.number for p in fit.passages] and 6 not in [p.number for p in fit.passages]
    assert "<facts>" in fit.messages("What was the net margin?", [fact])[1]["content"]


@pytest.mark.parametrize("message, window, prompt", [
    ("Requested tokens (4214) exceed context window of 4096", 4096, 4214),
    ("request (4476 tokens) exceeds the available context size (4096 tokens)", 4096, 4476),
    ("This model's maximum context length is 8192 tokens. However, you requested 9000 tokens (8000 in the messages, "
     "1000 in the completion).", 8192, 8000),
    ("This model's maximum context length is 8192 tokens. Please reduce the length of the messages.", 8192, None),
    ("Trying to keep the first 5000 tokens when context the overflows. However, the model is loaded with context "
     "length of only 4096 tokens", 4096, None),
])
def test_a_servers_context_refusal_is_read(message: str, window: int, prompt: int | None) -> None:
    overflow = context_overflow(message)
    assert overflow is not None and overflow.window == window and overflow.prompt == prompt


def test_other_errors_are_not_context_refusals() -> None:
    assert context_overflow("model 'x' not found") is None
    assert context_overflow("") is None


def test_the_window_is_read_from_props_or_models(llm_server: FakeLLMServer) -> None:
    assert read_context_window(llm_server.base_url, "fake-model", timeout_s=2) is None  # neither offered
    llm_server.pages = {"/props": {"default_generation_settings": {"n_ctx": 2048}}}
    assert read_context_window(llm_server.base_url, "fake-model", timeout_s=2) is None  # cached per server
    assert read_context_window(llm_server.base_url, "other-model", timeout_s=2) == 2048
    llm_server.pages = {"/v1/models": {"data": [{"id": "a", "max_model_len": 1}, {"id": "b", "max_model_len": 8192}]}}
    assert read_context_window(llm_server.base_url, "b", timeout_s=2) == 8192


def test_tokens_are_counted_by_the_server_when_it_can(llm_server: FakeLLMServer) -> None:
    messages = build_messages("What was net income?", passages(1))
    assert count_prompt_tokens(llm_server.base_url, messages, timeout_s=2) is None
    llm_server.tokenizer = lambda text: len(text) // 4
    counted = count_prompt_tokens(llm_server.base_url, messages, timeout_s=2)
    assert counted == len("\n".join(m["content"] for m in messages)) // 4 + 16


def answerer(indexed: IndexedLibrary, server: FakeLLMServer) -> Answerer:
    return Answerer(indexed.searcher, indexed.library, LLMConfig(server.base_url, "fake-model", timeout_s=5))


def test_the_prompt_is_fitted_to_the_window_the_server_reports(indexed: IndexedLibrary,
                                                               llm_server: FakeLLMServer) -> None:
    llm_server.pages = {"/props": {"default_generation_settings": {"n_ctx": 1500}}}
    llm_server.script = lambda request: Reply("Net income was $1,577 million [1].")
    statuses: list[str] = []
    answer = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?", on_status=statuses.append)
    assert answer.mode == MODE_LLM and not answer.error
    request = llm_server.requests[-1]
    assert request["max_tokens"] == answer_budget(1500, 1024)
    assert estimate_message_tokens(request["messages"]) + request["max_tokens"] <= 1500
    assert answer.note.startswith("The model's context window is 1,500 tokens:") and answer.note in statuses
    sent = request["messages"][1]["content"]
    assert [p.number for p in answer.passages] == sorted(int(n) for n in re.findall(r'<passage id="(\d+)"', sent))


def test_a_refusal_as_too_long_is_fitted_and_asked_again(indexed: IndexedLibrary, llm_server: FakeLLMServer) -> None:
    def small_server(request: dict[str, Any]) -> Reply:  # its tokenizer counts 10% more than FinLens estimates
        prompt = int(estimate_message_tokens(request["messages"]) * 1.1)
        if prompt >= 1100:
            return Reply(status=400, body=f'{{"error": {{"message": "Requested tokens ({prompt}) exceed context '
                                          f'window of 1100", "type": "invalid_request_error"}}}}')
        return Reply("Net income was $1,577 million [1].")

    llm_server.script = small_server
    answer = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?")
    assert answer.mode == MODE_LLM and not answer.error, answer.error
    assert len(llm_server.requests) == 2 and "1,100 tokens" in answer.note


def test_a_stream_closed_on_a_long_prompt_is_diagnosed_and_fitted(indexed: IndexedLibrary,
                                                                   llm_server: FakeLLMServer) -> None:
    # llama-cpp-python's server: a streamed request with a prompt over the window ends without a word; the same
    # request without streaming is refused with the window and the prompt's size.
    window: dict[str, int] = {}

    def llama_cpp_python(request: dict[str, Any]) -> Reply:
        prompt = int(estimate_message_tokens(request["messages"]) * 1.2)
        window.setdefault("tokens", int(prompt * 0.9))  # the first, unfitted prompt is a little over the window
        if prompt < window["tokens"]:
            return Reply("Net income was $1,577 million [1].")
        if request.get("stream"):
            return Reply("", drop_after=0)
        return Reply(status=400, body='{"error": {"message": "This model\'s maximum context length is '
                                      f'{window["tokens"]} tokens. However, you requested {prompt + 1} tokens '
                                      f'({prompt} in the messages, 1 in the completion).", '
                                      '"code": "context_length_exceeded"}}')

    llm_server.script = llama_cpp_python
    first = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?")
    assert first.mode == MODE_LLM and not first.error, first.error
    assert [r.get("stream") for r in llm_server.requests] == [True, False, True]
    assert llm_server.requests[1]["max_tokens"] == 1 and f"{window['tokens']:,} tokens" in first.note
    # The window is remembered: the next question is fitted before it is sent.
    llm_server.requests.clear()
    second = answerer(indexed, llm_server).answer("What was Acme's revenue in 2023?")
    assert second.mode == MODE_LLM and [r.get("stream") for r in llm_server.requests] == [True]


def test_a_window_too_small_falls_back_with_a_sentence(indexed: IndexedLibrary, llm_server: FakeLLMServer) -> None:
    llm_server.pages = {"/props": {"n_ctx": 512}}
    answer = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?")
    assert answer.mode == MODE_EXTRACTIVE and not llm_server.requests
    assert answer.error.startswith("The model's context window (512 tokens) is too small to hold even one passage")
    assert answer.error.endswith("Showing the best passages instead.")
    # The user restarts the server with a larger context: the next question asks it again and is answered.
    llm_server.pages = {"/props": {"n_ctx": 8192}}
    again = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?")
    assert again.mode == MODE_LLM and len(llm_server.requests) == 1 and not again.note


def test_a_refusal_that_persists_says_so(indexed: IndexedLibrary, llm_server: FakeLLMServer) -> None:
    # The server counts far more tokens than FinLens estimates, and keeps refusing whatever it is sent.
    llm_server.script = lambda request: Reply(status=400, body='{"error": {"message": "request (2500 tokens) exceeds '
                                                               'the available context size (2048 tokens)"}}')
    answer = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?")
    assert answer.mode == MODE_EXTRACTIVE and 2 <= len(llm_server.requests) <= 3  # fitted again, at most twice
    assert answer.error.startswith(("The question and passages are longer than the model's context window (2,048 "
                                    "tokens). Start the model server with a larger context",
                                    "The model's context window (2,048 tokens) is too small to hold even one passage"))


def test_a_refusal_far_over_the_window_says_it_is_too_small(indexed: IndexedLibrary,
                                                             llm_server: FakeLLMServer) -> None:
    llm_server.script = lambda request: Reply(status=400, body='{"error": {"message": "request (90000 tokens) exceeds '
                                                               'the available context size (1024 tokens)"}}')
    answer = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?")
    assert answer.mode == MODE_EXTRACTIVE and len(llm_server.requests) == 1
    assert answer.error.startswith("The model's context window (1,024 tokens) is too small to hold even one passage")


def test_a_stream_closed_for_another_reason_keeps_its_own_sentence(indexed: IndexedLibrary,
                                                                   llm_server: FakeLLMServer) -> None:
    # Streams are cut (a proxy), but the same request without streaming is answered: not a context problem.
    llm_server.script = lambda request: Reply("", drop_after=0) if request.get("stream") else Reply("OK")
    answer = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?")
    assert answer.mode == MODE_EXTRACTIVE and [r.get("stream") for r in llm_server.requests] == [True, False]
    assert "closed the connection before answering" in answer.error
