"""The one place every user-visible message goes through (qutebrowser's ``utils/message.py`` bridge).

A message is a plain sentence saying what happened, a sentence saying what to do next, and optional technical
details shown only on demand. Every message is logged to ``finlens.log`` in :func:`app.core.paths.log_dir` the moment
it is sent. The bridge itself never builds a widget: it records the message and emits :attr:`MessageBridge.shown`;
the window's presenter (:class:`app.ui.message_display.MessagePresenter`) decides how to show it (a dialog for
errors and warnings, the status bar for information; only the status bar with ``--no-err-windows`` or
``FINLENS_NO_ERR_WINDOWS=1``: tests, CI).

Two things make it safe to call from anywhere:

- **Early cache**: messages sent before a presenter is connected (while the library opens, a crash report from the
  previous run) are kept and delivered, in order, when the window connects its presenter.
- **Thread check**: a message sent from a worker thread is logged at once but delivered on the GUI thread (a queued
  signal), because presenters touch widgets and widgets belong to the GUI thread.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMetaMethod, QObject, Qt, QThread, Signal

from app.core import paths

log = logging.getLogger("finlens")

NO_ERR_WINDOWS_ENV = "FINLENS_NO_ERR_WINDOWS"
LOG_FILE_NAME = "finlens.log"
STATUS_TIMEOUT_MS = 8000
_no_err_windows = False


def set_no_err_windows(value: bool) -> None:
    """Suppress (True) or allow error dialogs for this process (``--no-err-windows``)."""
    global _no_err_windows
    _no_err_windows = value


def no_err_windows() -> bool:
    """True when errors must not open windows (flag or ``FINLENS_NO_ERR_WINDOWS``)."""
    return _no_err_windows or os.environ.get(NO_ERR_WINDOWS_ENV, "").lower() in ("1", "true", "yes")


@dataclass(frozen=True)
class UserMessage:
    """One message for the user."""

    level: str  # "error" | "warning" | "info"
    text: str  # what happened, in plain words
    next_step: str = ""  # what the user can do about it
    details: str = ""  # technical details, shown on demand
    timeout_ms: int = STATUS_TIMEOUT_MS  # how long a status-bar note stays; 0 = until the next one

    @property
    def full_text(self) -> str:
        """The sentence and the next step, as one paragraph."""
        return " ".join(part for part in (self.text, self.next_step) if part)


class MessageBridge(QObject):
    """Receives every message, logs it, keeps a short history and announces it on :attr:`shown`.

    Messages that arrive while nothing presents them are cached and delivered by :meth:`connect_presenter`.
    """

    shown = Signal(object)  # UserMessage, after it was logged and recorded (GUI thread only)
    _posted_from_thread = Signal(object)  # UserMessage sent from a worker thread, queued to the GUI thread

    HISTORY_SIZE = 200

    def __init__(self) -> None:
        super().__init__()
        self.history: list[UserMessage] = []
        self._cache: list[UserMessage] = []
        # Queued explicitly: the bridge lives in the GUI thread, so the slot runs there whoever emits.
        self._posted_from_thread.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, message: UserMessage) -> None:
        """Log ``message`` now and deliver it on the GUI thread (at once when called there)."""
        level = {"error": logging.ERROR, "warning": logging.WARNING}.get(message.level, logging.INFO)
        log.log(level, "%s%s", message.full_text, f"\n{message.details}" if message.details else "")
        if QThread.currentThread() is not self.thread():
            self._posted_from_thread.emit(message)
        else:
            self._deliver(message)

    def connect_presenter(self, slot: Callable[[UserMessage], None]) -> None:
        """Connect something that shows messages, and hand it every message cached while nobody was showing them."""
        self.shown.connect(slot)
        cached, self._cache = self._cache, []
        for message in cached:
            self.shown.emit(message)

    def disconnect_presenter(self, slot: Callable[[UserMessage], None]) -> None:
        """Stop sending messages to ``slot`` (no error when it was not connected)."""
        with warnings.catch_warnings():  # PySide warns (rather than raises) when the slot was not connected
            warnings.simplefilter("ignore", RuntimeWarning)
            try:
                self.shown.disconnect(slot)
            except (RuntimeError, TypeError):  # already gone with its receiver
                pass

    def presented(self) -> bool:
        """Whether something is connected to show messages (receivers that were deleted do not count)."""
        return self.isSignalConnected(QMetaMethod.fromSignal(self.shown))

    def pending(self) -> list[UserMessage]:
        """Messages waiting for a presenter."""
        return list(self._cache)

    def clear(self) -> None:
        """Forget the history and the cache (tests start from a clean bridge)."""
        self.history.clear()
        self._cache.clear()

    def _deliver(self, message: UserMessage) -> None:
        self.history = [*self.history[-(self.HISTORY_SIZE - 1):], message]
        if self.presented():
            self.shown.emit(message)
        else:
            self._cache = [*self._cache[-(self.HISTORY_SIZE - 1):], message]


_bridge: MessageBridge | None = None


def bridge() -> MessageBridge:
    """The process-wide bridge (created on first use; it must be created on the GUI thread)."""
    global _bridge
    if _bridge is None:
        _bridge = MessageBridge()
        app = QCoreApplication.instance()
        if app is not None and _bridge.thread() is not app.thread():
            # First used from a worker: the bridge must still live in the GUI thread, where presenters run.
            _bridge.moveToThread(app.thread())
    return _bridge


def error(text: str, next_step: str = "", *, details: str = "") -> UserMessage:
    """Report an error: ``text`` says what failed, ``next_step`` what to do."""
    message = UserMessage("error", text, next_step, details)
    bridge().post(message)
    return message


def warning(text: str, next_step: str = "", *, details: str = "") -> UserMessage:
    """Report something the user should know about that did not stop the work."""
    message = UserMessage("warning", text, next_step, details)
    bridge().post(message)
    return message


def info(text: str, *, timeout_ms: int = STATUS_TIMEOUT_MS) -> UserMessage:
    """A transient note (status bar) kept for ``timeout_ms`` (0: until the next note replaces it)."""
    message = UserMessage("info", text, timeout_ms=timeout_ms)
    bridge().post(message)
    return message


def log_file() -> Path:
    """Path of the FinLens log file."""
    return paths.log_dir() / LOG_FILE_NAME


def init_logging(level: int = logging.INFO) -> Path | None:
    """Send the ``finlens`` and ``app`` loggers to a rotating log file. Returns its path (None if not writable)."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                                        encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    for name in ("finlens", "app"):
        logger = logging.getLogger(name)
        if not any(getattr(h, "baseFilename", None) == str(path) for h in logger.handlers):
            logger.addHandler(handler)
        logger.setLevel(min(logger.level or level, level))
    return path


def close_logging() -> None:
    """Detach and close file handlers added by :func:`init_logging` (tests switch log folders)."""
    for name in ("finlens", "app"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if isinstance(handler, logging.handlers.RotatingFileHandler):
                logger.removeHandler(handler)
                handler.close()
