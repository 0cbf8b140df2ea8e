"""Starting the desktop application: ``run_app`` is what ``finlens`` (no sub-command) and ``finlens demo`` call.

Order matters: onnxruntime is imported before PySide6 (on Windows both ship an MSVC runtime DLL and Qt's older copy
breaks onnxruntime when it loads first); logging and the crash handler come before anything that can fail; the
start-up checks (CPU, writable library folder) run before LanceDB is first imported; problems opening the library
are dialogs with a way forward (re-index, another folder), never a traceback. Which library opens is the
workspace's decision (:func:`app.core.location.resolve_location`), the same one ``finlens`` commands follow.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import onnxruntime  # noqa: F401 - must precede every Qt import (see module docstring)
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app import __version__, seconds_since_start
from app.core import paths
from app.core.library_opening import model_for_location
from app.core.location import resolve_location
from app.core.retrieval.embedding import EmbedderError, OnnxEmbedder
from app.core.settings import Settings, load_settings, save_settings
from app.core.store import Library, LibraryError, LibraryMismatchError
from app.ui import messages, theme
from app.ui.crash import CrashHandler

log = logging.getLogger("finlens.app")

#: What the user chose after a library problem: "reindex", "choose", or "quit".
Choice = str
AskFn = Callable[[str, str, list[str]], Choice]  # (title, message, choices) -> choice


def _ask_with_dialog(title: str, message: str, choices: list[str]) -> Choice:
    labels = {"reindex": "Re-index Library", "choose": "Choose Another Folder…", "quit": "Quit"}
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(message)
    buttons = {box.addButton(labels[c], QMessageBox.ButtonRole.AcceptRole if c != "quit"
                             else QMessageBox.ButtonRole.RejectRole): c for c in choices}
    box.exec()
    return buttons.get(box.clickedButton(), "quit")


def _choose_folder_with_dialog() -> str:
    return QFileDialog.getExistingDirectory(None, "Choose a Library Folder", str(Path.home()))


def open_workspace(settings: Settings, *, ask: AskFn = _ask_with_dialog,
                   choose_folder: Callable[[], str] = _choose_folder_with_dialog,
                   ) -> tuple[Library, OnnxEmbedder, list[str]] | None:
    """Open the library, resolving problems with the user; returns (library, embedder, files to re-index) or None.

    Args:
        settings: the user's settings (``library_dir`` is updated, and a local folder chosen, when the user picks
            another folder).
        ask: asks the user what to do about a problem (replaceable in tests).
        choose_folder: asks for another library folder ("" when cancelled).
    """
    from app.core.library_opening import open_library, prepare_reindex
    from app.startup_checks import startup_problems

    location = resolve_location(settings).location
    while True:
        # A team library keeps nothing on this computer but settings and logs: those must be writable.
        problems = startup_problems(location if isinstance(location, Path) else paths.config_dir())
        if problems:
            if ask("FinLens cannot start", " ".join(problems), ["choose", "quit"]) != "choose":
                return None
        else:
            try:
                library, embedder = open_library(location, model_for_location(location, settings))
                return library, embedder, []
            except LibraryMismatchError as error:
                choices = ["choose", "quit"] if isinstance(location, str) else ["reindex", "choose", "quit"]
                choice = ask("Library built with another model", str(error), choices)
                if choice == "reindex" and isinstance(location, Path):
                    try:
                        plan = prepare_reindex(location, settings.embedding_model or "default")
                    except (LibraryError, EmbedderError) as problem:
                        ask("Re-indexing could not start", str(problem), ["quit"])
                        return None
                    return plan.library, plan.embedder, plan.paths
                if choice != "choose":
                    return None
            except EmbedderError as error:
                ask("The embedding model is missing", str(error), ["quit"])
                return None
            except LibraryError as error:
                if ask("The library cannot be opened", str(error), ["choose", "quit"]) != "choose":
                    return None
        chosen = choose_folder()
        if not chosen:
            return None
        location = Path(chosen)
        settings.library_dir = str(location)
        settings.library_kind = "local"
        save_settings(settings)


def _qt_message_handler(kind: QtMsgType, context: object, message: str) -> None:
    """Qt's own warnings go to the log file, not to a console the user never sees."""
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
             QtMsgType.QtFatalMsg: logging.CRITICAL}.get(kind, logging.WARNING)
    logging.getLogger("finlens.qt").log(level, "%s", message)


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), named and themed; ``--no-err-windows`` is consumed from ``argv``."""
    arguments = list(argv if argv is not None else sys.argv)
    if "--no-err-windows" in arguments:
        arguments.remove("--no-err-windows")
        messages.set_no_err_windows(True)
    QApplication.setApplicationName("FinLens")
    QApplication.setApplicationVersion(__version__)
    QApplication.setOrganizationName("FinLens")
    QApplication.setDesktopFileName("finlens")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(arguments or ["finlens"])
    icon_path = paths.resources_dir() / "icons" / "finlens.png"
    if icon_path.exists():
        app.setWindowIcon(QIcon(str(icon_path)))
    return app


def run_app(load_samples: bool = False, argv: Sequence[str] | None = None) -> int:
    """Run the desktop window until it closes.

    The window is shown before the library is opened: importing LanceDB alone takes seconds, so it is imported on a
    worker while the window is already on screen and responsive; the library is then opened (and any problem with
    it resolved with the user) on the GUI thread, which is quick once the import is done.

    Args:
        load_samples: index the bundled sample filings once the library is open (``finlens demo``).
        argv: Qt arguments (default ``sys.argv``); ``--no-err-windows`` suppresses error dialogs (CI).

    Returns:
        The process exit status.
    """
    app = create_application(argv)
    log_path = messages.init_logging()
    previous_handler = qInstallMessageHandler(_qt_message_handler)
    crash_handler = CrashHandler()
    crash_handler.install()
    log.info("FinLens %s starting (log: %s)", __version__, log_path)
    settings = load_settings()
    theme.apply_theme(app, settings.theme)
    try:
        from app.ui.main_window import MainWindow
        from app.ui.workers import run_task

        window = MainWindow(None, None, settings)
        window.show()
        log.info("window shown after %.2f s", seconds_since_start())

        def open_library() -> None:
            if not window.isVisible():
                return  # closed while the storage engine was loading
            opened = open_workspace(settings)
            if opened is None:
                window.close()
                app.exit(1)
                return
            library, embedder, to_reindex = opened
            window.workspace.adopt(library, embedder)
            log.info("library open after %.2f s", seconds_since_start())
            if to_reindex:
                window.intake.add_paths(to_reindex)
            if load_samples:
                window.intake.load_samples()

        # Errors of the warm-up are not reported here: open_workspace meets them again and explains them.
        run_task(lambda _ctx: _warm_up_storage(resolve_location(settings).location, settings), owner=window,
                 name="load storage engine", on_result=lambda _: open_library(), on_error=lambda _: open_library())
        return int(app.exec())
    finally:
        crash_handler.uninstall()
        qInstallMessageHandler(previous_handler)


def _warm_up_storage(location: Path | str, settings: Settings) -> None:
    """Load the storage engine and the embedding model off the GUI thread (both are cached for open_workspace)."""
    from app.core import store
    from app.core.library_opening import model_for_library

    store.warm_up()
    model_for_library(location, model_for_location(location, settings))  # loads (and caches) the embedders


__all__ = ["create_application", "open_workspace", "run_app"]
