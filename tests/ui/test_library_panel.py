"""The library table as a new user meets it: double-click or Enter opens a filing in the reader, F2 edits a cell,
the Form editor is wide enough to read, and the status bar names the open library."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel

from app.ui.item_models import DocumentRole


def _row_of(window, ticker: str) -> int:  # noqa: ANN001
    proxy = window.library_panel.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(DocumentRole).ticker == ticker)


def test_double_click_opens_the_document_in_the_reader(make_window, qtbot, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    table = window.library_panel.table
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 3)
    index = window.library_panel.proxy.index(_row_of(window, "GBX"), 0)
    position = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=position)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=position)
    document = index.data(DocumentRole)
    assert window.reader.current_path() == document.path
    assert window.reader.title_label.text() == document.label
    assert table.state() != QAbstractItemView.State.EditingState  # opening, not editing the company's name
    # The Statements tab follows the filing the reader shows.
    qtbot.waitUntil(lambda: window.statements_view.document is not None
                    and window.statements_view.document.doc_id == document.doc_id)


def test_enter_opens_and_f2_edits(make_window, qtbot, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    table = window.library_panel.table
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 3)
    index = window.library_panel.proxy.index(_row_of(window, "ACME"), 0)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.reader.current_path() == index.data(DocumentRole).path

    form_column = next(c for c in range(table.model().columnCount())
                       if table.model().headerData(c, Qt.Orientation.Horizontal) == "Form")
    table.setCurrentIndex(index.siblingAtColumn(form_column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == QAbstractItemView.State.EditingState
    editor = table.findChild(QComboBox)
    assert editor is not None and editor.isVisible()
    # The drop-down shows its choice whole ("10-K", "earnings release"), wider than the narrow column.
    assert editor.width() >= editor.sizeHint().width() > table.columnWidth(form_column) - 1
    qtbot.keyClick(editor, Qt.Key.Key_Escape)


def test_the_status_bar_names_the_open_library(make_window, qtbot, indexed) -> None:  # noqa: ANN001
    library, _ = indexed
    window = make_window(*indexed)
    label = window.statusBar().findChild(QLabel, "libraryName")
    assert label is not None and label.isVisible()
    assert label.text() == f"Library: {library.folder.name}" and label.toolTip() == str(library.folder)
