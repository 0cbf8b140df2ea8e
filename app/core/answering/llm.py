"""A client for any OpenAI-compatible chat endpoint: Ollama, LM Studio, llama.cpp, vLLM, OpenAI, Azure (via base URL).

Nothing is sent anywhere unless the user configured an endpoint and a model (Settings > Answers); without one,
:meth:`LLMConfig.from_settings` returns None and FinLens answers extractively.

Answers stream: :meth:`ChatClient.stream` yields text deltas as they arrive. Cancelling (a ``threading.Event``)
is checked between deltas and while waiting for them, so it takes effect at once even when a slow server has not
sent its first token; the connection is then closed. Every failure becomes an :class:`LLMError` whose message is a plain
sentence saying what happened and what to do next; the technical detail is kept in ``details`` for the log.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)
SETTINGS_HINT = "Settings > Answers"


class LLMError(Exception):
    """The model could not answer. ``str(error)`` is the user-facing sentence; ``kind`` names the failure.

    Kinds: "connection", "timeout", "auth", "not_found", "rate_limit", "bad_request", "server", "bad_response",
    "empty", "not_configured".
    """

    def __init__(self, message: str, kind: str, details: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.details = details


@dataclass(frozen=True)
class LLMConfig:
    """Where and how to ask a model.

    Args:
        base_url: the OpenAI-compatible endpoint, e.g. ``http://localhost:11434/v1`` (Ollama).
        model: the model name the server knows, e.g. ``llama3.1:8b``.
        api_key: the key (from the OS keyring); local servers need none.
        timeout_s: seconds to wait for the server to connect and for each piece of the answer.
        temperature: sampling temperature; 0 gives the most repeatable answers.
        max_tokens: longest answer to ask for.
    """

    base_url: str
    model: str
    api_key: str = ""
    timeout_s: float = 60.0
    temperature: float = 0.0
    max_tokens: int = 1024

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

        Raises:
            LLMError: with a plain-language message.
        """
        if cancel is not None and cancel.is_set():
            return
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        threading.Thread(target=self._pump, args=(messages, pieces, stop), name="llm-stream", daemon=True).start()
        try:
            while True:
                try:
                    kind, value = pieces.get(timeout=0.1)
                except queue.Empty:
                    if cancel is not None and cancel.is_set():
                        return
                    continue
                if cancel is not None and cancel.is_set():
                    return
                if kind == "text":
                    yield value
                elif kind == "done":
                    return
                else:
                    raise self.explain(value) from value
        finally:
            stop.set()

    def _pump(self, messages: list[dict[str, str]], pieces: queue.Queue[tuple[str, Any]],
              stop: threading.Event) -> None:
        """Run the streaming request, putting ("text", piece), then ("done", None) or ("error", exception)."""
        client: Any = None
        stream: Any = None
        try:
            client = self._client()
            stream = client.chat.completions.create(
                model=self.config.model, messages=messages, temperature=self.config.temperature,
                max_tokens=self.config.max_tokens, stream=True)
            for event in stream:
                if stop.is_set():
                    break
                for choice in getattr(event, "choices", None) or []:
                    delta = getattr(choice, "delta", None)
                    text = getattr(delta, "content", None) if delta is not None else None
                    if text:
                        pieces.put(("text", text))
            pieces.put(("done", None))
        except Exception as error:
            pieces.put(("error", error))
        finally:
            for closable in (stream, client):
                try:
                    if closable is not None:
                        closable.close()
                except Exception:  # already closed
                    pass

    def complete(self, messages: list[dict[str, str]], cancel: threading.Event | None = None) -> str:
        """The whole answer at once (streamed underneath, so cancel and timeouts behave the same)."""
        return "".join(self.stream(messages, cancel))

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
        if isinstance(error, openai.APITimeoutError):
            return LLMError(f"The model server at {url} did not answer within {self.config.timeout_s:g} seconds. It "
                            f"may still be loading the model: try again, or raise the timeout in {SETTINGS_HINT}.",
                            "timeout", details)
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


def _server_message(error: Any) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return str(message)[:200]
    return str(getattr(error, "message", "") or error)[:200]
