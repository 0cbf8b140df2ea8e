"""The window follows the workspace: the status line, the table and the Settings' library choice stay in step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app import __version__
from app.core import paths
from app.core.settings import Settings, get_s3_secret, load_settings, save_settings
from app.core.store import Library
from app.ui.item_models import DocumentTableModel
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog
from tests.memory_keyring import memory_keyring
from tests.ui.conftest import press_ok


def status_from_library(library: Library, model_id: str) -> str:
    """What the status line must say, counted from the library itself."""
    documents = len(library.list_documents())
    return (f"{documents} document{'s' if documents != 1 else ''} · {library.chunk_count():,} passages · "
            f"model {model_id} · FinLens {__version__}")


def cell(window: MainWindow, row: int, field: str) -> str:
    """A cell of the library table as shown."""
    column = next(i for i, c in enumerate(DocumentTableModel.COLUMNS) if c.field == field)
    return str(window.library_panel.proxy.index(row, column).data())


def test_status_line_counts_follow_indexing_removal_and_edits(qtbot, make_window, empty_library,  # noqa: ANN001
                                                              filings: Path) -> None:
    library, embedder = empty_library
    window = make_window(library, embedder)
    with qtbot.waitSignal(window.indexing_finished, timeout=120_000):
        window.intake.add_paths([str(filings)])
    qtbot.waitUntil(lambda: window.library_status.status_label.text().startswith("3 documents"), timeout=20_000)
    assert window.library_status.status_label.text() == status_from_library(library, embedder.model_id)
    # The list reloads on its own worker, beside the status line's: the user sees both settle.
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 3, timeout=20_000)

    globex = next(d for d in library.list_documents() if d.company.startswith("Globex") and d.page_count > 1)
    window.workspace_controller.remove_documents([globex.doc_id], confirm=False)
    qtbot.waitUntil(lambda: window.library_status.status_label.text().startswith("2 documents"), timeout=30_000)
    assert window.library_status.status_label.text() == status_from_library(library, embedder.model_id)
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 2, timeout=20_000)

    # Edit a cell the way the table's editor does; the table and the status line follow the stored value.
    window.library_panel.filter_field.setText("acme")
    proxy = window.library_panel.proxy
    ticker_column = next(i for i, c in enumerate(DocumentTableModel.COLUMNS) if c.field == "ticker")
    with qtbot.waitSignal(window.documents.metadata_changed, timeout=30_000):
        assert proxy.setData(proxy.index(0, ticker_column), "acmw", Qt.ItemDataRole.EditRole)
    assert cell(window, 0, "ticker") == "ACMW"
    assert any(d.ticker == "ACMW" for d in library.list_documents())
    status = window.library_status.status_label
    qtbot.waitUntil(lambda: status.text() == status_from_library(library, embedder.model_id),
                    timeout=20_000)
    assert window.library_status.status_label.text().startswith("2 documents")


def test_settings_library_page_offers_a_team_library_with_the_secret_in_the_keyring(  # noqa: ANN001
        qtbot, isolated_folders: Path) -> None:
    settings = Settings()
    with memory_keyring() as backend:
        dialog = SettingsDialog(settings)
        qtbot.addWidget(dialog)
        dialog.show()
        assert not dialog.team_library_box.isVisible() and dialog.local_library_box.isVisible()
        qtbot.mouseClick(dialog.team_library_button, Qt.MouseButton.LeftButton)
        assert dialog.team_library_box.isVisible() and not dialog.local_library_box.isVisible()
        dialog.team_uri_field.setText("research-bucket/finlens")
        press_ok(qtbot, dialog)  # OK with a bad address: the dialog stays and says what to enter
        assert dialog.isVisible() and "s3://" in dialog.library_problem.text()
        dialog.team_uri_field.setText("s3://research-bucket/finlens/")
        dialog.s3_endpoint_field.setText("http://127.0.0.1:9000")
        dialog.s3_region_field.setText("eu-west-1")
        dialog.s3_key_id_field.setText("AKIDDIALOG")
        dialog.s3_secret_field.setText("dialog-secret-9")
        with qtbot.waitSignal(dialog.settings_applied) as applied:
            press_ok(qtbot, dialog)
        assert not dialog.isVisible()
        changes = applied.args[1]
        assert {"library_kind", "team_library_uri", "s3_secret"} <= set(changes)
        assert settings.library_kind == "team" and settings.team_library_uri == "s3://research-bucket/finlens"
        assert get_s3_secret() == "dialog-secret-9" and "dialog-secret-9" in backend.secrets.values()
        save_settings(settings)
        assert load_settings().s3_access_key_id == "AKIDDIALOG"
    saved = (isolated_folders / "config" / "settings.json").read_text()
    assert "dialog-secret-9" not in saved


def test_a_folder_chosen_in_settings_opens_in_the_window(qtbot, make_window, empty_library, tmp_path: Path,  # noqa: ANN001
                                                         monkeypatch, indexed) -> None:
    window = make_window(*empty_library)
    monkeypatch.delenv(paths.LIBRARY_ENV)  # started without --library: Settings decide
    library, _ = indexed
    window.settings.library_dir = str(library.folder)
    with qtbot.waitSignal(window.workspace_changed, timeout=30_000):
        window.apply_settings(Settings(), {"library_dir": str(library.folder)})
    assert Path(window.library.folder) == Path(library.folder)
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.library_status.status_label.text().startswith("3 documents"), timeout=10_000)


def test_settings_say_which_library_is_open_when_library_named_it(qtbot, isolated_folders: Path,  # noqa: ANN001
                                                                  monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(paths.LIBRARY_ENV, str(isolated_folders / "desk-library"))
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    note = dialog.open_library_note
    assert note.isVisible() and str(isolated_folders / "desk-library") in note.text()
    assert paths.LIBRARY_ENV in note.text() and "applies when FinLens starts without it" in note.text()
    monkeypatch.delenv(paths.LIBRARY_ENV)
    plain = SettingsDialog(Settings())
    qtbot.addWidget(plain)
    plain.show()
    assert not plain.open_library_note.isVisible()
