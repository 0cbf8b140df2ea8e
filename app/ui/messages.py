"""The one place every user-visible message goes through (qutebrowser's ``message`` bridge).

A message is a plain sentence saying what happened, a sentence saying what to do next, and optional technical
details shown only on demand ("Show Details..." in the dialog). Every message is logged to ``finlens.log`` in
:func:`app.core.paths.log_dir`. Errors and warnings open a dialog unless error windows are suppressed
(``--no-err-windows`` or ``FINLENS_NO_ERR_WINDOWS=1``: tests, CI); information goes to the status bar of whoever
listens to :attr:`MessageBridge.shown`.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.core import paths

log = logging.getLogger("finlens")

NO_ERR_WINDOWS_ENV = "FINLENS_NO_ERR_WINDOWS"
LOG_FILE_NAME = "finlens.log"
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

    @property
    def full_text(self) -> str:
        """The sentence and the next step, as one paragraph."""
        return " ".join(part for part in (self.text, self.next_step) if part)


class MessageBridge(QObject):
    """Receives every message, logs it, keeps a short history and announces it on :attr:`shown`."""

    shown = Signal(object)  # UserMessage, after it was logged and recorded

    HISTORY_SIZE = 200

    def __init__(self) -> None:
        super().__init__()
        self.history: list[UserMessage] = []
        self.dialog_parent: QWidget | None = None
        self._open_dialogs: list[QMessageBox] = []

    def post(self, message: UserMessage) -> None:
        """Log, record and show ``message``."""
        level = {"error": logging.ERROR, "warning": logging.WARNING}.get(message.level, logging.INFO)
        log.log(level, "%s%s", message.full_text, f"\n{message.details}" if message.details else "")
        self.history = [*self.history[-(self.HISTORY_SIZE - 1):], message]
        self.shown.emit(message)
        if message.level in ("error", "warning") and not no_err_windows():
            self._show_dialog(message)

    def _show_dialog(self, message: UserMessage) -> None:
        parent = self.dialog_parent or QApplication.activeWindow()
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical if message.level == "error" else QMessageBox.Icon.Warning)
        box.setWindowTitle("FinLens")
        box.setText(message.text)
        if message.next_step:
            box.setInformativeText(message.next_step)
        if message.details:
            box.setDetailedText(message.details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        # Window-modal and non-blocking: a message never stalls indexing callbacks queued behind it.
        self._open_dialogs.append(box)
        box.finished.connect(lambda _result, b=box: self._forget(b))
        box.open()

    def _forget(self, box: QMessageBox) -> None:
        if box in self._open_dialogs:
            self._open_dialogs.remove(box)
        box.deleteLater()


_bridge: MessageBridge | None = None


def bridge() -> MessageBridge:
    """The process-wide bridge (created on first use, after the QApplication)."""
    global _bridge
    if _bridge is None:
        _bridge = MessageBridge()
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


def info(text: str) -> UserMessage:
    """A transient note (status bar)."""
    message = UserMessage("info", text)
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
