"""The crash handler: an uncaught exception writes a crash log and shows a dialog instead of vanishing.

Installed by :func:`app.ui.application.run_app` as ``sys.excepthook`` (and ``threading.excepthook``). The crash log
(``crash-YYYYmmdd-HHMMSS.log`` in :func:`app.core.paths.log_dir`) holds the traceback and the versions of every
native part. With ``--no-err-windows`` / ``FINLENS_NO_ERR_WINDOWS=1`` no dialog opens (CI, tests).

A crash inside native code (PyMuPDF, onnxruntime, Arrow/LanceDB, Qt) kills the process before any Python hook runs.
For those, :class:`NativeCrashLog` points :mod:`faulthandler` at a file in the log folder while FinLens runs
(qutebrowser's ``misc/crashsignal.py``): a clean exit removes it, so a file with content at the next start means the
last run died in native code. That start turns it into a crash report and tells the user once, through the message
bridge (the window shows it when it opens).
"""

from __future__ import annotations

import contextlib
import datetime
import faulthandler
import logging
import os
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TextIO

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.core import paths
from app.ui import messages
from app.ui.messages import no_err_windows

log = logging.getLogger("finlens.crash")


def version_lines() -> list[str]:
    """FinLens, Python, Qt and native-library versions, for crash logs and the About dialog."""
    from app.ui.about import component_versions

    return [f"{name}: {version}" for name, version in component_versions().items()]


def _report_text(title: str, body: str) -> str:
    return "\n".join([
        f"FinLens {__version__} {title}, {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"Platform: {platform.platform()}",
        *version_lines(),
        "",
        body,
    ])


def _write_report(folder: Path, text: str, suffix: str = "") -> Path:
    """Write ``crash-<stamp><suffix>.log`` (numbered when that name is taken); raises OSError."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{stamp}{suffix}.log"
    counter = 1
    while path.exists():
        path = folder / f"crash-{stamp}{suffix}-{counter}.log"
        counter += 1
    path.write_text(text, encoding="utf-8")
    return path


def write_crash_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                    folder: Path | None = None) -> Path | None:
    """Write a crash report; returns its path, or None when the log folder is not writable."""
    text = _report_text("crash report", "".join(traceback.format_exception(exc_type, exc, tb)))
    try:
        return _write_report(folder or paths.log_dir(), text)
    except OSError:
        return None


NATIVE_LOG_PREFIX = "native-crash-"


def _pid_alive(pid: int) -> bool:
    """Whether a process with this id is running (True when unknown: never delete another instance's file)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else
        return True
    return True


class NativeCrashLog:
    """The :mod:`faulthandler` file of this process, and the reports left by earlier processes that crashed.

    Each running FinLens writes to its own ``native-crash-<pid>.log`` (several windows may run at once); the file
    stays empty unless the process dies of a fatal signal, and a clean exit removes it.

    Args:
        folder: where the files go (default: :func:`app.core.paths.log_dir`).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or paths.log_dir()
        self.path = self.folder / f"{NATIVE_LOG_PREFIX}{os.getpid()}.log"
        self._file: TextIO | None = None
        self._was_enabled = False

    def collect_previous(self) -> list[Path]:
        """Turn the faulthandler files of crashed earlier runs into crash reports; returns the new reports.

        Each file is reported once: it is replaced by a ``crash-<stamp>-native.log`` report. Empty files of
        processes that are gone (killed, not crashed) are removed; those of running processes are left alone.
        """
        reports: list[Path] = []
        for leftover in sorted(self.folder.glob(f"{NATIVE_LOG_PREFIX}*.log")):
            if leftover == self.path:
                continue
            try:
                text = leftover.read_text(encoding="utf-8", errors="replace")
                if text.strip():
                    reports.append(_write_report(self.folder, _report_text(
                        "crash in native code (the versions are those of the start that found it)", text),
                        "-native"))
                    leftover.unlink()
                elif not _pid_alive(int(leftover.stem.removeprefix(NATIVE_LOG_PREFIX) or 0)):
                    leftover.unlink()
            except (OSError, ValueError) as error:
                log.warning("could not read the native crash log %s: %s", leftover, error)
        return reports

    def enable(self) -> bool:
        """Send fatal-signal tracebacks of every thread to :attr:`path`; False when the folder is not writable."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - must stay open while running
        except OSError as error:
            log.warning("native crashes cannot be logged (%s)", error)
            return False
        self._was_enabled = faulthandler.is_enabled()
        faulthandler.enable(file=self._file, all_threads=True)
        return True

    def disable(self) -> None:
        """Stop logging to the file and remove it (a clean exit leaves nothing to report)."""
        if self._file is None:
            return
        faulthandler.disable()
        if self._was_enabled and sys.__stderr__ is not None:
            faulthandler.enable(file=sys.__stderr__, all_threads=True)  # whoever had it before (pytest) keeps it
        self._file.close()
        self._file = None
        with contextlib.suppress(OSError):
            self.path.unlink()


def report_previous_crashes(reports: list[Path]) -> None:
    """Tell the user, once, that the last run crashed in native code (the window shows it when it opens)."""
    if not reports:
        return
    latest = reports[-1]
    messages.warning("FinLens closed unexpectedly the last time it ran: a crash in one of its native parts (PDF "
                     "rendering, the embedding model or the search engine).",
                     f"A report was saved to {latest}. If it happens again, please send it with a note of what you "
                     "were doing.", details=latest.read_text(encoding="utf-8", errors="replace"))


class CrashHandler:
    """Replaces ``sys.excepthook``: log, write a crash report, tell the user, keep running if possible."""

    def __init__(self, on_quit: Callable[[], None] | None = None, *, native_log: NativeCrashLog | None = None) -> None:
        self._on_quit = on_quit
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._handling = False
        self.last_report: Path | None = None
        self.native_log = native_log or NativeCrashLog()

    def install(self) -> None:
        """Become the process's exception hook, log native crashes, and report those of the previous run."""
        sys.excepthook = self.exception_hook
        threading.excepthook = self._thread_hook
        report_previous_crashes(self.native_log.collect_previous())
        self.native_log.enable()

    def uninstall(self) -> None:
        """Restore the previous hooks; a clean exit leaves no native crash log behind."""
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        self.native_log.disable()

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.exception_hook(args.exc_type, args.exc_value, args.exc_traceback)

    def exception_hook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """Handle an uncaught exception."""
        if issubclass(exc_type, KeyboardInterrupt):
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        if self._handling:  # an error while reporting an error: do not loop
            self._previous_hook(exc_type, exc, tb)
            return
        self._handling = True
        try:
            details = "".join(traceback.format_exception(exc_type, exc, tb))
            log.critical("uncaught exception:\n%s", details)
            self.last_report = write_crash_log(exc_type, exc, tb)
            if not no_err_windows() and QApplication.instance() is not None \
                    and threading.current_thread() is threading.main_thread():
                self._show_dialog(exc, details)
        finally:
            self._handling = False

    def _show_dialog(self, exc: BaseException, details: str) -> None:
        # Not through the message bridge: this is a question (keep working, open the folder, or quit) whose answer
        # is needed here and now, and the window that presents messages may be what just broke.
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("FinLens ran into a problem")
        box.setText("FinLens hit an unexpected error. Your library is safe: indexed documents are kept.")
        where = f"A report was saved to {self.last_report}." if self.last_report else ""
        box.setInformativeText(f"{where} You can keep working, or quit and restart FinLens. Please send the "
                               "report with a note of what you were doing.")
        box.setDetailedText(details)
        keep = box.addButton("Keep Working", QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton("Open Report Folder", QMessageBox.ButtonRole.ActionRole)
        quit_button = box.addButton("Quit", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is open_folder and self.last_report:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_report.parent)))
        elif box.clickedButton() is quit_button:
            if self._on_quit is not None:
                self._on_quit()
            else:
                QApplication.exit(1)
