"""A client for any OpenAI-compatible chat endpoint: Ollama, LM Studio, llama.cpp, vLLM, OpenAI, Azure (via base URL).

Nothing is sent anywhere unless the user configured an endpoint and a model (Settings > Answers); without one,
:meth:`LLMConfig.from_settings` returns None and FinLens answers extractively.

Answers stream: :meth:`ChatClient.stream` yields text deltas as they arrive. Cancelling (a ``threading.Event``)
is checked between deltas and while waiting for them, so it takes effect at once even when a slow server has not
sent its first token; the connection is then closed. Every failure becomes an :class:`LLMError` whose message is a plain
sentence saying what happened and what to do next; the technical detail is kept in ``details`` for the log.

A stream is complete only when the model says it finished (a ``finish_reason`` of "stop"). One that ends without it
(the server or a proxy closed the connection before ``[DONE]``), or that the model ended at the length limit, raises
an :class:`LLMError` of kind "incomplete" *after* yielding every piece that arrived, so the caller can keep the text
and mark it incomplete. A reply that is not an OpenAI chat stream at all (an HTML page, Ollama's native JSON) is a
"bad_response", never an empty answer.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from app.core.answering.context import Overflow, context_overflow

log = logging.getLogger(__name__)
SETTINGS_HINT = "Settings > Answers"
INCOMPLETE = "incomplete"
CONTEXT = "context"
# Finish reasons that end an answer before the model meant to; any other reported reason ("stop") is a proper end.
_CUT_SHORT = {"length": "the answer reached the longest length FinLens asks for",
              "content_filter": "the provider's content filter stopped it"}


class LLMError(Exception):
    """The model could not answer. ``str(error)`` is the user-facing sentence; ``kind`` names the failure.

    Kinds: "connection", "timeout", "auth", "not_found", "rate_limit", "bad_request", "server", "bad_response",
    "empty", "not_configured", "incomplete" (the stream ended before the model finished; the text so far was
    yielded), "context" (the prompt is longer than the model's context window; ``window`` and ``prompt_tokens`` say
    by how much when the server said so).
    """

    def __init__(self, message: str, kind: str, details: str = "", *, window: int | None = None,
                 prompt_tokens: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.details = details
        self.window = window
        self.prompt_tokens = prompt_tokens


@dataclass(frozen=True)
class LLMConfig:
    """Where and how to ask a model.

    Args:
        base_url: the OpenAI-compatible endpoint, e.g. ``http://localhost:11434/v1`` (Ollama).
        model: the model name the server knows, e.g. ``llama3.1:8b``.
        api_key: the key (from the OS keyring); local servers need none.
        timeout_s: the longest the user waits for the answer to start: one deadline for the whole model call up to
            its first piece (the engine's probes of the server, connecting, retries, the server reading the prompt);
            once the answer streams, also the longest silence between two pieces.
        temperature: sampling temperature; 0 gives the most repeatable answers.
        max_tokens: longest answer to ask for.
        start_by: the ``time.monotonic()`` by which the answer must start, set by the engine at the start of a model
            call so every step shares one deadline; None: ``timeout_s`` from each request.
    """

    base_url: str
    model: str
    api_key: str = ""
    timeout_s: float = 60.0
    temperature: float = 0.0
    max_tokens: int = 1024
    start_by: float | None = None

    @classmethod
    def from_settings(cls, settings: Any | None = None, api_key: str | None = None) -> LLMConfig | None:
        """The configured model, or None when the user has not set one up (then nothing is ever sent).

        Args:
            settings: a :class:`app.core.settings.Settings`; default: the saved settings.
            api_key: the key; default: the one in the OS keyring.
        """
        from app.core import settings as settings_module

        settings = settings if settings is not None else settings_module.load_settings()
        if not settings.llm_configured:
            return None
        key = api_key if api_key is not None else settings_module.get_api_key()
        return cls(base_url=settings.llm_base_url.strip().rstrip("/"), model=settings.llm_model.strip(), api_key=key,
                   timeout_s=float(settings.llm_timeout_s), temperature=float(settings.llm_temperature))

    def __repr__(self) -> str:  # never print the key into logs
        return f"LLMConfig(base_url={self.base_url!r}, model={self.model!r}, timeout_s={self.timeout_s})"


class ChatClient:
    """Sends chat messages to the configured endpoint and streams the reply. One instance per answer is fine."""

    def __init__(self, config: LLMConfig) -> None:
        self.config = config

    def _client(self) -> Any:
        import openai

        return openai.OpenAI(base_url=self.config.base_url, api_key=self.config.api_key or "not-needed",
                             timeout=self.config.timeout_s, max_retries=0)

    def stream(self, messages: list[dict[str, str]], cancel: threading.Event | None = None) -> Iterator[str]:
        """Ask the model and yield the answer's text pieces as they arrive.

        The request runs on a helper thread that hands pieces over through a queue, so the caller notices ``cancel``
        within a tenth of a second even while the server is silent (loading a model, thinking); the helper then
        closes the connection as soon as the server sends anything or times out. Stops quietly when cancelled.
        The first piece must arrive by the call's deadline (:meth:`start_deadline`); the wait ends there even while
        the HTTP client would wait longer (its own timeout only bounds the silence between pieces).

        Raises:
            LLMError: with a plain-language message.
        """
        if cancel is not None and cancel.is_set():
            return
        deadline = self.start_deadline()
        if time.monotonic() >= deadline:
            raise self.timed_out("the deadline passed before the request was sent")
        started = False
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        pump = threading.Thread(target=self._pump, args=(messages, pieces, stop), name="llm-stream", daemon=True)
        pump.start()
        try:
            while True:
                try:
                    kind, value = pieces.get(timeout=0.1)
                except queue.Empty:
                    if cancel is not None and cancel.is_set():
                        return
                    if not started and time.monotonic() >= deadline:
                        raise self.timed_out("no piece of the answer arrived by the deadline") from None
                    if not pump.is_alive() and pieces.empty():  # it died without a word: never wait forever
                        raise LLMError("Asking the model failed unexpectedly. Try again; the details are in the "
                                       "log.", "server", "the streaming thread ended without a result") from None
                    continue
                if cancel is not None and cancel.is_set():
                    return
                if kind == "text":
                    started = True
                    yield value
                elif kind == "done":
                    return
                else:
                    raise self.explain(value) from value
        finally:
            stop.set()

    def _pump(self, messages: list[dict[str, str]], pieces: queue.Queue[tuple[str, Any]],
              stop: threading.Event) -> None:
        """Run the streaming request, putting ("text", piece), then ("done", None) or ("error", exception).

        The error is an :class:`LLMError` of kind "incomplete" when the stream ended before the model finished.
        """
        client: Any = None
        stream: Any = None
        received = False  # any text arrived
        shaped = False  # any event had the chat-completion-chunk shape (a "choices" list)
        finish: str | None = None
        try:
            client = self._client()
            stream = client.chat.completions.create(
                model=self.config.model, messages=messages, temperature=self.config.temperature,
                max_tokens=self.config.max_tokens, stream=True)
            for event in stream:
                if stop.is_set():
                    return
                choices = getattr(event, "choices", None)
                shaped = shaped or isinstance(choices, list)
                for choice in choices or []:
                    delta = getattr(choice, "delta", None)
                    text = getattr(delta, "content", None) if delta is not None else None
                    if text:
                        received = True
                        pieces.put(("text", text))
                    finish = getattr(choice, "finish_reason", None) or finish
            if stop.is_set():
                return
            ending = self._ending(stream, shaped, received, finish)
            pieces.put(("done", None) if ending is None else ("error", ending))
        except Exception as error:
            # A connection dropped mid-answer (httpx raises it while iterating) leaves a partial answer, not a failure.
            if received and _is_transport_error(error):
                reason = (f"the server sent nothing more for {self.config.timeout_s:g} seconds"
                          if _is_timeout(error) else "the connection to the server broke before the end of the answer")
                pieces.put(("error", self._incomplete(reason, f"{type(error).__name__}: {error}")))
            else:
                pieces.put(("error", error))
        finally:
            for closable in (stream, client):
                try:
                    if closable is not None:
                        closable.close()
                except Exception:  # already closed
                    pass

    def _ending(self, stream: Any, shaped: bool, received: bool, finish: str | None) -> LLMError | None:
        """None when a finished stream ended properly, else the :class:`LLMError` that says how it ended."""
        content_type = str(getattr(getattr(stream, "response", None), "headers", {}).get("content-type", ""))
        details = f"finish_reason={finish!r}, content-type={content_type!r}, text received: {received}"
        url = self.config.base_url
        if not shaped and "event-stream" not in content_type:
            return LLMError(f"The server at {url} answered, but not in the OpenAI chat format (it sent "
                            f"{content_type.split(';')[0] or 'a reply of unknown type'}): it does not look like an "
                            f"OpenAI-compatible chat endpoint. Check the address in {SETTINGS_HINT} (it usually ends "
                            "in /v1, e.g. http://localhost:11434/v1 for Ollama).", "bad_response", details)
        if not shaped:
            return LLMError(f"The model server at {url} closed the connection before answering. Try again; if it "
                            "keeps happening, check the server's log.", INCOMPLETE, details)
        if finish is None:
            return self._incomplete("the server closed the connection before the end of the answer", details)
        if finish in _CUT_SHORT:
            return self._incomplete(_CUT_SHORT[finish], details)
        return None

    def _incomplete(self, reason: str, details: str) -> LLMError:
        return LLMError(f"The model stopped before finishing ({reason}), so this answer is incomplete. Ask again; if "
                        "it keeps happening, check the model server's log or ask a narrower question.", INCOMPLETE,
                        details)

    def complete(self, messages: list[dict[str, str]], cancel: threading.Event | None = None) -> str:
        """The whole answer at once (streamed underneath, so cancel and timeouts behave the same).

        Raises:
            LLMError: also of kind "incomplete" when the answer was cut short (its text is then lost).
        """
        return "".join(self.stream(messages, cancel))

    def start_deadline(self) -> float:
        """The ``time.monotonic()`` by which the answer must start: the engine's shared deadline, else timeout_s on."""
        if self.config.start_by is not None:
            return self.config.start_by
        return time.monotonic() + self.config.timeout_s

    def timed_out(self, details: str) -> LLMError:
        """The sentence for a model call that ran out of time: the whole call, probes included, took timeout_s."""
        return LLMError(f"The model server at {self.config.base_url} did not answer within "
                        f"{self.config.timeout_s:g} seconds. It may still be loading the model: try again, or raise "
                        f"the timeout in {SETTINGS_HINT}.", "timeout", details)

    def diagnose(self, messages: list[dict[str, str]]) -> LLMError | None:
        """Why a stream closed before answering: the same request without streaming, for one token.

        Some servers (llama-cpp-python's) fail a streamed request by closing the stream without a word, but refuse
        the same request with a readable error when it is not streamed (a prompt longer than the context window).
        It waits no longer than the call's deadline.

        Returns:
            The server's refusal as an :class:`LLMError`, or None when it answers this time (or time is up).
        """
        remaining = self.start_deadline() - time.monotonic()
        if remaining < 0.05:
            return None
        try:
            client = self._client().with_options(timeout=min(remaining, self.config.timeout_s))
            try:
                client.chat.completions.create(model=self.config.model, messages=messages, max_tokens=1,
                                               temperature=self.config.temperature, stream=False)
            finally:
                client.close()
        except Exception as error:
            return self.explain(error)
        return None

    def explain(self, error: BaseException) -> LLMError:
        """Map a client exception to an :class:`LLMError` a user can act on."""
        import openai

        url = self.config.base_url
        model = self.config.model
        details = f"{type(error).__name__}: {error}"
        cause = error.__cause__ or error.__context__
        if cause is not None:
            details += f" (cause: {type(cause).__name__}: {cause})"
        log.warning("LLM request to %s failed: %s", url, details)
        if isinstance(error, LLMError):
            return error
        if isinstance(error, openai.APIError):
            overflow = _overflow(error)
            if overflow is not None:
                return LLMError(f"The question and passages are longer than the model's context window "
                                f"({overflow.window:,} tokens). Start the model server with a larger context, or "
                                "narrow the question to one company or filing.", CONTEXT, details,
                                window=overflow.window, prompt_tokens=overflow.prompt)
        if isinstance(error, openai.APITimeoutError):
            return self.timed_out(details)
        if isinstance(error, openai.APIConnectionError):
            return LLMError(f"No model server answers at {url}. Start Ollama or LM Studio (or your model server), "
                            f"or check the address in {SETTINGS_HINT}.", "connection", details)
        if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
            return LLMError(f"The model server at {url} refused the API key. Enter a valid key in {SETTINGS_HINT}.",
                            "auth", details)
        if isinstance(error, openai.NotFoundError):
            return LLMError(f"The model server at {url} does not know the model '{model}', or the address is not an "
                            f"OpenAI-compatible endpoint (it usually ends in /v1). Check both in {SETTINGS_HINT}; "
                            f"for Ollama, download the model first (ollama pull {model}).", "not_found", details)
        if isinstance(error, openai.RateLimitError):
            return LLMError("The model service is limiting requests (rate limit or quota). Wait a minute and ask "
                            "again, or check your plan with the provider.", "rate_limit", details)
        if isinstance(error, openai.BadRequestError | openai.UnprocessableEntityError):
            return LLMError(f"The model server refused the request ({_server_message(error)}). The passages may be "
                            "too long for the model's context window: choose a model with a larger context, or "
                            "narrow the question to one company or filing.", "bad_request", details)
        if isinstance(error, openai.APIStatusError):
            return LLMError(f"The model server at {url} failed while answering (HTTP {error.status_code}). Try "
                            "again; if it keeps failing, check the server's log.", "server", details)
        if isinstance(error, json.JSONDecodeError | openai.APIResponseValidationError | ValueError | KeyError
                      | TypeError | AttributeError):
            return LLMError(f"The server at {url} sent a reply FinLens cannot read: it does not look like an "
                            f"OpenAI-compatible chat endpoint. Check the address in {SETTINGS_HINT} (it usually "
                            "ends in /v1).", "bad_response", details)
        if isinstance(error, openai.APIError):
            return LLMError(f"The model server reported an error while answering ({_server_message(error)}). Try "
                            "again.", "server", details)
        return LLMError(f"Asking the model failed unexpectedly ({type(error).__name__}). Try again; the details are "
                        "in the log.", "server", details)


def _is_transport_error(error: BaseException) -> bool:
    """Whether ``error`` is a network failure (connection reset or closed mid-body, read timeout).

    The ``openai`` client wraps its HTTP library's errors, also those raised while iterating a stream.
    """
    import openai

    return isinstance(error, openai.APIConnectionError | ConnectionError | TimeoutError)


def _is_timeout(error: BaseException) -> bool:
    import openai

    return isinstance(error, openai.APITimeoutError | TimeoutError)


def _overflow(error: Any) -> Overflow | None:
    """The context-window refusal in a server error, or None."""
    return context_overflow(f"{_server_message(error, limit=2000)} {error}")


def _server_message(error: Any, limit: int = 200) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return str(message)[:limit]
    return str(getattr(error, "message", "") or error)[:limit]
