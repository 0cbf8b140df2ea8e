"""Fitting the prompt to the model's context window.

A local model server has a fixed context window (llama.cpp's ``--ctx-size``, Ollama's ``num_ctx``): the prompt and
the answer together must fit in it, or the server refuses the request. FinLens therefore

* asks the server how large its window is (:func:`read_context_window`: llama.cpp's ``/props``, the ``/models`` list
  of llama.cpp, vLLM and LM Studio), once per server and model;
* estimates the prompt's tokens (:func:`estimate_tokens`, deliberately on the high side; a server that can count
  tokens, llama.cpp's ``/tokenize``, calibrates the estimate), and keeps the best-ranked passages that fit next to the
  rules, the question, the computed facts and the answer (:func:`fit_prompt`), shortening the top passage when not
  even it fits whole;
* when the server still refuses the prompt as too long, reads the window and the prompt's real size from its error
  (:func:`context_overflow`), remembers the window, and the engine fits again, once. llama-cpp-python's server
  reports no window and, when streaming, just closes the stream on a prompt too long; the engine then asks once more
  without streaming (one token) to hear the reason.

What was left out is said in one line (:attr:`PromptFit.note`); when not even one passage fits, :class:`ContextTooSmall`
says so in a sentence that tells the user what to change.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from app.core.answering.answer_records import ComputedFact, Passage
from app.core.answering.prompt import build_messages, format_passage

log = logging.getLogger(__name__)
CHARS_PER_TOKEN = 3.2  # for cutting a long line: English prose is ~4 characters a token, tables far fewer
MESSAGE_OVERHEAD = 8  # chat-template tokens around each message
SAFETY = 0.06  # share of the window kept free for estimation error
MIN_ANSWER_TOKENS = 256
MIN_PASSAGE_TOKENS = 64  # a shortened passage smaller than this says too little to be worth sending

_DIGIT = re.compile(r"\d")
_SYMBOL = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s")


def estimate_tokens(text: str) -> int:
    """Tokens ``text`` likely takes in a model's tokenizer, erring high.

    Fitted to SmolLM2's tokenizer (GPT-2 style BPE, one token per digit) over prose, statement rows and prompt
    markup (within 11%, erring high): a word costs about a token, but every digit and punctuation mark one or more.
    Tokenizers that group digits (Llama 3, GPT-4) need fewer, so the estimate errs high for them; a server's own count
    calibrates it.
    """
    digits = len(_DIGIT.findall(text))
    symbols = len(_SYMBOL.findall(text))
    spaces = len(_SPACE.findall(text))
    letters = len(text) - digits - symbols - spaces
    return math.ceil(0.16 * letters + 1.3 * digits + 1.3 * symbols + 0.3 * spaces)


def estimate_message_tokens(messages: list[dict[str, str]]) -> int:
    """Estimated tokens of a chat request's messages, chat template included."""
    return sum(estimate_tokens(m["content"]) + MESSAGE_OVERHEAD for m in messages)


def answer_budget(window: int, max_tokens: int) -> int:
    """Tokens to reserve for the answer: what the settings ask for, but at most a quarter of a small window (or
    :data:`MIN_ANSWER_TOKENS`, when that quarter is less)."""
    return min(max_tokens, max(window // 4, min(MIN_ANSWER_TOKENS, window // 2)))


class ContextTooSmall(Exception):
    """Not even one passage fits the model's context window; ``str(error)`` says what to change."""


@dataclass
class PromptFit:
    """The passages that fit, the shortened text of any cut to fit, and the line saying what was left out."""

    passages: list[Passage]
    texts: dict[int, str] = field(default_factory=dict)  # passage number → shortened text
    note: str = ""
    prompt_tokens: int = 0  # estimated, after calibration
    answer_tokens: int = 0  # the answer's room (0: not fitted, ask for the configured length)
    calibration: float = 1.0  # the server's token count over the estimate, as used

    def messages(self, question: str, facts: list[ComputedFact]) -> list[dict[str, str]]:
        """The chat messages of this fit."""
        return build_messages(question, self.passages, facts, self.texts)


def fit_prompt(question: str, passages: list[Passage], facts: list[ComputedFact], window: int, answer_tokens: int,
               *, calibration: float = 1.0) -> PromptFit:
    """Keep the best passages that fit in ``window`` next to the rules, question, facts and the answer.

    Passages holding a computed fact's inputs come first, then the others in rank order; a passage that does not fit
    is left out (a smaller, lower-ranked one may still fit). When none fits whole, the first is shortened line by
    line to the room left.

    Args:
        question: the analyst's question.
        passages: the retrieved passages, best first.
        facts: the computed facts (they always go in).
        window: the model's context window in tokens.
        answer_tokens: tokens reserved for the answer.
        calibration: the server's real token count over :func:`estimate_tokens`'s, when known.

    Raises:
        ContextTooSmall: when not even a shortened passage fits.
    """
    def cost(text: str) -> int:
        return math.ceil(estimate_tokens(text) * calibration)

    budget = int(window * (1 - SAFETY)) - answer_tokens
    base = math.ceil(estimate_message_tokens(build_messages(question, [], facts)) * calibration)
    fact_pages = {n for fact in facts for n in fact.passages}
    order = sorted(passages, key=lambda p: (p.number not in fact_pages, p.number))
    kept: list[Passage] = []
    texts: dict[int, str] = {}
    used = base
    for passage in order:
        size = cost(format_passage(passage)) + 1
        if used + size <= budget:
            kept.append(passage)
            used += size
        elif not kept:
            shortened = _shorten(passage, budget - used, cost)
            if shortened is not None:
                kept.append(passage)
                texts[passage.number] = shortened
                used += cost(format_passage(passage, shortened)) + 1
    if not kept:
        raise ContextTooSmall(
            f"The model's context window ({window:,} tokens) is too small to hold even one passage next to FinLens's "
            f"instructions, the question and a {answer_tokens:,}-token answer. Start the model server with a larger "
            "context (for llama.cpp, --ctx-size 8192; for Ollama, num_ctx) or choose a model with a longer context "
            "in Settings > Answers, then ask again.")
    kept.sort(key=lambda p: p.number)
    return PromptFit(kept, texts, _fit_note(window, passages, kept, texts), used, answer_tokens, calibration)


def _shorten(passage: Passage, room: int, cost: Any) -> str | None:
    """The passage's first lines that fit in ``room`` tokens (fence included), or None when too little fits."""
    if room - cost(format_passage(passage, "")) < MIN_PASSAGE_TOKENS:
        return None
    lines = passage.text.strip().split("\n")
    kept: list[str] = []
    for line in lines:
        trial = "\n".join([*kept, line])
        if cost(format_passage(passage, trial + "\n[…]")) > room:
            break
        kept.append(line)
    if not kept:  # one very long line: cut it by characters
        fence = cost(format_passage(passage, "[…]"))
        characters = int((room - fence) * CHARS_PER_TOKEN * 0.8)
        kept = [lines[0][:characters]] if characters > 0 else []
    text = "\n".join(kept).strip()
    if not text or cost(text) < MIN_PASSAGE_TOKENS // 2:
        return None
    return text + "\n[…]"


def _fit_note(window: int, passages: list[Passage], kept: list[Passage], texts: dict[int, str]) -> str:
    """One line about what did not fit ("" when everything did)."""
    left_out = len(passages) - len(kept)
    if not left_out and not texts:
        return ""
    parts = []
    if left_out:
        parts.append(f"it holds {len(kept)} of the {len(passages)} passages found, so the {left_out} lowest-ranked "
                     f"{'was' if left_out == 1 else 'were'} left out")
    if texts:
        cut = ", ".join(f"[{n}]" for n in sorted(texts))
        parts.append(f"passage {cut} was shortened")
    return f"The model's context window is {window:,} tokens: " + "; ".join(parts) + "."


# --- what the server says about its window ------------------------------------------------------------------------

_OVERFLOW = [
    # llama-cpp-python (raw): "Requested tokens (4214) exceed context window of 4096"
    re.compile(r"requested tokens \((?P<prompt>\d+)\) exceed context window of (?P<window>\d+)", re.I),
    # llama.cpp server: "request (4476 tokens) exceeds the available context size (4096 tokens)"
    re.compile(r"request \((?P<prompt>\d+) tokens\) exceeds the available context size \((?P<window>\d+) tokens\)",
               re.I),
    # OpenAI, vLLM, llama-cpp-python's server: "This model's maximum context length is 4096 tokens. However, you
    # requested 5238 tokens (4214 in the messages, 1024 in the completion)"
    re.compile(r"maximum context length is (?P<window>\d+) tokens.*?requested \d+ tokens \((?P<prompt>\d+) in the "
               r"(?:messages|prompt)", re.I | re.S),
    re.compile(r"maximum context length is (?P<window>\d+) tokens", re.I),
    # LM Studio and others: "... context length of only 4096 tokens ..." / "context window (4096) exceeded"
    re.compile(r"context (?:length|window|size)(?: of)?(?: only)? \(?(?P<window>\d{3,7})\)? tokens?", re.I),
]


@dataclass(frozen=True)
class Overflow:
    """A server's refusal of a prompt as too long: its window and, when it said so, the prompt's tokens."""

    window: int
    prompt: int | None = None


def context_overflow(message: str) -> Overflow | None:
    """Read a context-window refusal from a server's error message (None when it is not one)."""
    for pattern in _OVERFLOW:
        match = pattern.search(message or "")
        if match:
            prompt = match.groupdict().get("prompt")
            return Overflow(int(match.group("window")), int(prompt) if prompt else None)
    return None


WINDOW_TTL_S = 300.0  # a server may be restarted with another size: ask again after five minutes
_windows: dict[tuple[str, str], tuple[int | None, float]] = {}  # (server, model) → (window, when learned)
_windows_lock = threading.Lock()


def read_context_window(base_url: str, model: str, api_key: str = "", timeout_s: float = 5.0,
                        deadline: float | None = None) -> int | None:
    """The server's context window in tokens, or None when it does not say. Cached per server and model.

    Asks llama.cpp's ``GET /props`` (``n_ctx``), then ``GET /models`` for the model's entry (vLLM's
    ``max_model_len``, LM Studio's ``loaded_context_length``, and the like). llama-cpp-python's server reports none:
    its window is learned from its first refusal (:func:`remember_context_window`). Each request waits at most
    ``timeout_s``, and none runs past ``deadline`` (a ``time.monotonic()`` value): the probes spend the answer's time.
    """
    key = (base_url, model)
    with _windows_lock:
        cached = _windows.get(key)
        if cached is not None and time.monotonic() - cached[1] < WINDOW_TTL_S:
            return cached[0]
    window = _probe_window(base_url, model, api_key, _Budget(timeout_s, deadline))
    if window is None and deadline is not None and time.monotonic() >= deadline:
        return None  # out of time, not a server that does not say: ask again next time
    with _windows_lock:
        _windows[key] = (window, time.monotonic())
    log.info("context window of %s at %s: %s", model, base_url, window)
    return window


def remember_context_window(base_url: str, model: str, window: int) -> None:
    """Cache the window a server reported in a refusal, so the next prompt is fitted before it is sent."""
    with _windows_lock:
        _windows[(base_url, model)] = (window, time.monotonic())


def forget_context_window(base_url: str, model: str) -> None:
    """Drop the cached window: it was too small for any passage, and the user may now restart the server larger."""
    with _windows_lock:
        _windows.pop((base_url, model), None)


def clear_context_windows() -> None:
    """Forget every cached window (tests; a settings change)."""
    with _windows_lock:
        _windows.clear()


@dataclass(frozen=True)
class _Budget:
    """How long one probe request may wait: ``timeout_s``, but never past ``deadline`` (monotonic; None: no end)."""

    timeout_s: float
    deadline: float | None = None

    def seconds(self) -> float:
        if self.deadline is None:
            return self.timeout_s
        return min(self.timeout_s, self.deadline - time.monotonic())


def _probe_window(base_url: str, model: str, api_key: str, budget: _Budget) -> int | None:
    root = re.sub(r"/v1/?$", "", base_url.rstrip("/"))
    props = _request_json(f"{root}/props", api_key, budget)
    window = _find_int(props, ("n_ctx",)) if isinstance(props, dict) else None
    if window:
        return window
    listing = _request_json(f"{base_url.rstrip('/')}/models", api_key, budget)
    entries = listing.get("data", []) if isinstance(listing, dict) else []
    entries = [e for e in entries if isinstance(e, dict)]
    named = [e for e in entries if e.get("id") == model] or (entries if len(entries) == 1 else [])
    for entry in named:
        window = _find_int(entry, ("n_ctx", "max_model_len", "loaded_context_length", "context_length",
                                   "max_context_length", "context_window"))
        if window:
            return window
    return None


def _request_json(url: str, api_key: str, budget: _Budget, body: dict[str, Any] | None = None) -> Any:
    """GET (or POST ``body`` to) ``url`` and return its JSON, or None on any failure (also when the budget is spent):
    these probes are optional."""
    import json
    import urllib.request

    timeout_s = budget.seconds()
    if timeout_s < 0.05:
        return None

    headers = {"Accept": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310 - the user's own server
            if "json" not in response.headers.get("Content-Type", ""):
                return None
            return json.loads(response.read(2_000_000))
    except Exception as error:  # not offered by this server, or unreachable: the caller does without
        log.debug("%s: %s", url, error)
        return None


def _find_int(data: Any, names: tuple[str, ...], depth: int = 0) -> int | None:
    """The first positive integer under one of ``names``, searching nested objects (in the order of ``names``)."""
    if not isinstance(data, dict) or depth > 3:
        return None
    for name in names:
        value = data.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    for value in data.values():
        found = _find_int(value, names, depth + 1)
        if found:
            return found
    return None


def count_prompt_tokens(base_url: str, messages: list[dict[str, str]], api_key: str = "",
                        timeout_s: float = 5.0, deadline: float | None = None) -> int | None:
    """The server's own count of the messages' tokens, or None when it cannot count (or ``deadline`` passed).

    Asks llama.cpp's ``POST /tokenize``, then llama-cpp-python's ``POST /extras/tokenize/count``. Used once per
    answer to calibrate :func:`estimate_tokens` against the model's real tokenizer.
    """
    text = "\n".join(m["content"] for m in messages)
    root = re.sub(r"/v1/?$", "", base_url.rstrip("/"))
    for url, body in ((f"{root}/tokenize", {"content": text}), (f"{root}/extras/tokenize/count", {"input": text})):
        data = _request_json(url, api_key, _Budget(timeout_s, deadline), body)
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("count"), int):
            return int(data["count"]) + MESSAGE_OVERHEAD * len(messages)
        if isinstance(data.get("tokens"), list):
            return len(data["tokens"]) + MESSAGE_OVERHEAD * len(messages)
    return None
