"""The crash handler: an uncaught exception writes a crash log and shows a dialog instead of vanishing.

Installed by :func:`app.ui.application.run_app` as ``sys.excepthook`` (and ``threading.excepthook``). The crash log
(``crash-YYYYmmdd-HHMMSS.log`` in :func:`app.core.paths.log_dir`) holds the traceback and the versions of every
native part. With ``--no-err-windows`` / ``FINLENS_NO_ERR_WINDOWS=1`` no dialog opens (CI, tests).
"""

from __future__ import annotations

import datetime
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.core import paths
from app.ui.messages import no_err_windows

log = logging.getLogger("finlens.crash")


def version_lines() -> list[str]:
    """FinLens, Python, Qt and native-library versions, for crash logs and the About dialog."""
    from app.ui.about import component_versions

    return [f"{name}: {version}" for name, version in component_versions().items()]


def write_crash_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                    folder: Path | None = None) -> Path | None:
    """Write a crash report; returns its path, or None when the log folder is not writable."""
    folder = folder or paths.log_dir()
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = "\n".join([
        f"FinLens {__version__} crash report, {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"Platform: {platform.platform()}",
        *version_lines(),
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)),
    ])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{stamp}.log"
        counter = 1
        while path.exists():
            path = folder / f"crash-{stamp}-{counter}.log"
            counter += 1
        path.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return path


class CrashHandler:
    """Replaces ``sys.excepthook``: log, write a crash report, tell the user, keep running if possible."""

    def __init__(self, on_quit: Callable[[], None] | None = None) -> None:
        self._on_quit = on_quit
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._handling = False
        self.last_report: Path | None = None

    def install(self) -> None:
        """Become the process's exception hook."""
        sys.excepthook = self.exception_hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        """Restore the previous hooks."""
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

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
