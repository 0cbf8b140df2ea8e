"""The application shell: start-up with library problems, messages and crash logs, settings, about, layout, theme."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import QApplication

from app.core import paths
from app.core.library_opening import open_library
from app.core.location import library_dir, resolve_location
from app.core.settings import Settings, load_settings
from app.core.store import Library
from app.ui import messages, theme
from app.ui.about import AboutDialog, component_versions
from app.ui.application import open_workspace
from app.ui.crash import CrashHandler, write_crash_log
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog


def test_messages_are_logged_and_kept_without_windows(qapp, isolated_folders, expect_errors) -> None:  # noqa: ANN001
    log_path = messages.init_logging()
    try:
        message = messages.error("The library could not be opened.", "Choose another folder.", details="trace")
        assert message.full_text == "The library could not be opened. Choose another folder."
        assert messages.bridge().history[-1] == message
        assert not qapp.topLevelWidgets() or not any(w.isVisible() and w.inherits("QMessageBox")
                                                     for w in qapp.topLevelWidgets())
        for handler in logging.getLogger("finlens").handlers:
            handler.flush()
        assert log_path is not None and log_path.parent == paths.log_dir()
        assert "The library could not be opened." in log_path.read_text()
    finally:
        messages.close_logging()


def test_crash_handler_writes_a_report_and_shows_no_window_in_ci(qapp, isolated_folders,  # noqa: ANN001
                                                                  expect_errors) -> None:
    handler = CrashHandler()
    handler.install()
    try:
        try:
            raise KeyError("missing chunk")
        except KeyError:
            sys.excepthook(*sys.exc_info())
    finally:
        handler.uninstall()
    report = handler.last_report
    assert report is not None and report.parent == paths.log_dir()
    text = report.read_text()
    assert "KeyError: 'missing chunk'" in text and "PyMuPDF" in text and "Qt:" in text
    assert sys.excepthook is not handler.exception_hook
    assert write_crash_log(ValueError, ValueError("x"), None, isolated_folders / "other").exists()


def test_open_workspace_offers_reindex_for_a_library_of_another_model(qapp, tmp_path, filings,  # noqa: ANN001
                                                                     monkeypatch) -> None:
    from app.core.ingest.indexing import index_paths

    folder = tmp_path / "lib"
    library, embedder = open_library(folder, model="base")
    index_paths([filings / "ACME_2022_10K.pdf"], library, embedder)
    meta = json.loads((folder / "library.json").read_text())
    meta["model_id"] = "some-older-model"
    (folder / "library.json").write_text(json.dumps(meta))
    settings = Settings(library_dir=str(folder), embedding_model="base")
    asked: list[tuple[str, list[str]]] = []

    def ask(title: str, message: str, choices: list[str]) -> str:
        asked.append((message, choices))
        return "reindex"

    monkeypatch.delenv(paths.LIBRARY_ENV)  # no --library: the folder chosen in Settings is opened
    assert resolve_location(settings).location == folder
    opened = open_workspace(settings, ask=ask, choose_folder=lambda: "")
    assert opened is not None
    new_library, new_embedder, to_index = opened
    assert "some-older-model" in asked[0][0] and asked[0][1] == ["reindex", "choose", "quit"]
    assert to_index == [str((filings / "ACME_2022_10K.pdf").resolve())]
    assert Library.read_meta(folder)["model_id"] == new_embedder.model_id
    assert (tmp_path / "lib.previous" / "library.json").exists()  # the old library is kept aside
    assert new_library.list_documents() == []


def test_open_workspace_lets_the_user_choose_another_folder(qapp, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("not a folder")
    settings = Settings(library_dir=str(blocked), embedding_model="base")
    asked: list[str] = []
    chosen = tmp_path / "fresh"
    monkeypatch.delenv(paths.LIBRARY_ENV)
    opened = open_workspace(settings, ask=lambda title, message, choices: asked.append(message) or "choose",
                            choose_folder=lambda: str(chosen))
    assert opened is not None and opened[0].folder == chosen
    assert "folder" in asked[0].lower()
    assert load_settings().library_dir == str(chosen)  # remembered for the next start


def test_settings_dialog_saves_choices_and_asks_before_reindexing(qtbot, isolated_folders) -> None:  # noqa: ANN001
    settings = Settings()
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.base_url_field.setText("http://localhost:11434/v1")
    dialog.llm_model_field.setText("llama3.1:8b")
    dialog.timeout_spin.setValue(90)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.model_buttons["finance"].setChecked(True)
    asked: list[bool] = []
    dialog.confirm_reindex = lambda: asked.append(True) or False
    with qtbot.waitSignal(dialog.settings_applied) as blocker:
        changes = dialog.apply()
    assert asked == [True]
    assert "embedding_model" not in changes and settings.embedding_model == "default"  # declined: keep the model
    assert settings.llm_base_url == "http://localhost:11434/v1" and settings.llm_model == "llama3.1:8b"
    assert settings.llm_timeout_s == 90 and settings.theme == "dark" and settings.llm_configured
    assert blocker.args[1] == changes
    dialog.model_buttons["finance"].setChecked(True)
    dialog.confirm_reindex = lambda: True
    assert dialog.apply()["reindex"] is True and settings.embedding_model == "finance"
    earlier = SettingsDialog(Settings(embedding_model="base"))  # today's default by an earlier release's name
    qtbot.addWidget(earlier)
    assert earlier.model_buttons["default"].isChecked() and "embedding_model" not in earlier.apply()


def test_about_lists_versions_and_licenses(qtbot, indexed) -> None:  # noqa: ANN001
    dialog = AboutDialog(indexed[1])
    qtbot.addWidget(dialog)
    text = dialog.details.toPlainText()
    for name in ("Qt", "PySide6", "onnxruntime", "lancedb", "PyMuPDF", "Embedding model"):
        assert name in text
    assert "all-minilm-l6-v2" in text.lower()
    assert "Affero" in text and "Lesser General Public License" in text and "Apache License 2.0" in text
    assert component_versions()["PyMuPDF"] != "not installed"


def test_layout_is_remembered(qtbot, indexed, isolated_folders) -> None:  # noqa: ANN001
    settings = Settings()
    window = MainWindow(*indexed, settings)
    qtbot.addWidget(window)
    window.resize(790, 700)  # the offscreen screen is 800 px wide; restored geometry must fit a screen
    window.show()
    qtbot.waitExposed(window)
    window.splitter.setSizes([210, 250, 300])
    sizes = window.splitter.sizes()
    window.close()
    saved = load_settings()
    assert saved.window_geometry and json.loads(saved.window_state)["splitter"]
    again = MainWindow(*indexed, saved)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == window.size()
    assert again.splitter.sizes() == sizes


def test_dark_theme_applies_a_dark_palette(qtbot, qapp, make_window, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed, width=1200, height=760)
    try:
        window.settings.theme = "dark"
        window.apply_theme()
        colors = theme.colors()
        assert colors.dark and qapp.palette().color(QPalette.ColorRole.Window).lightness() < 60
        assert theme.DARK.window in qapp.styleSheet()
        window.search_bar.set_query("net revenues")
        with qtbot.waitSignal(window.search_finished, timeout=30_000):
            window.search_controller.search("net revenues", None, True)
        qtbot.waitUntil(lambda: window.reader.page_strip.item(3).data(Qt.ItemDataRole.DecorationRole) is not None)
        window.reader.render_now()
        Path(__file__).resolve().parents[1].joinpath("artifacts").mkdir(exist_ok=True)
        window.grab().save(str(Path(__file__).resolve().parents[1] / "artifacts" / "main_window_dark.png"))
    finally:
        window.settings.theme = "light"
        window.apply_theme()
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 200


def test_drops_on_a_text_field_go_to_the_library_not_into_the_field(qtbot, make_window, indexed,  # noqa: ANN001
                                                                   tmp_path, monkeypatch) -> None:
    window = make_window(*indexed)
    added: list[list[str]] = []
    monkeypatch.setattr(window.indexer, "add", added.append)
    field = window.search_bar.query_field
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path))])
    mime.setText(QUrl.fromLocalFile(str(tmp_path)).toString())
    position = QPointF(5, 5)
    enter = QDragEnterEvent(position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(field, enter)
    drop = QDropEvent(position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(field, drop)
    assert added == [[str(tmp_path)]]
    assert field.text() == ""


def test_watched_folder_changes_are_reindexed(qtbot, tmp_path) -> None:  # noqa: ANN001
    from app.ui import watcher as watcher_module

    folder = tmp_path / "watched"
    folder.mkdir()
    watcher = watcher_module.FolderWatcher(settle_ms=100)
    watcher.set_folders([str(folder)])
    assert watcher.folders == [str(folder)]
    with qtbot.waitSignal(watcher.changed, timeout=10_000) as blocker:
        Path(folder / "new.txt").write_text("Quarterly results improved on higher volumes.")
    assert str(folder) in blocker.args[0]


def test_run_app_opens_the_window_and_exits_cleanly(qapp, isolated_folders) -> None:  # noqa: ANN001
    from PySide6.QtCore import QTimer

    from app.ui.application import run_app

    seen: list[MainWindow] = []

    def close_window() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or windows[0].library is None:  # on screen first, the library follows
            QTimer.singleShot(100, close_window)
            return
        seen.extend(windows)
        windows[0].close()

    QTimer.singleShot(100, close_window)
    hook = sys.excepthook
    try:
        status = run_app(argv=["finlens", "--no-err-windows"])
    finally:
        messages.set_no_err_windows(False)
        messages.close_logging()
    assert status == 0
    assert seen and seen[0].library.folder == library_dir()
    assert sys.excepthook is hook  # the crash handler is removed again
    log_text = (paths.log_dir() / "finlens.log").read_text()
    # The window is shown before the (slow) storage engine is loaded and the library opened.
    assert log_text.index("window shown after") < log_text.index("library open after")
    assert load_settings().window_geometry  # the layout was saved on close
