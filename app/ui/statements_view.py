"""The Statements tab: a document's financial statements as line items × periods, each cell clickable to its page.

:class:`StatementTableModel` shows one statement (a :class:`~app.core.statements.Table`): the line items as rows
(indented by their level), the periods as columns, figures as printed. :class:`StatementsView` picks the statement,
loads a document's statements from the library on a worker (the payload is read from LanceDB), and exports them to
CSV or Excel. Activating a cell emits :attr:`StatementsView.cell_activated` with the document, page and the cell's
rectangle; the main window opens the reader there with the cell highlighted.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.records import DocumentInfo, Rect
from app.core.statements.export import ExportError, table_heading, write_csv, write_xlsx
from app.core.statements.model import Cell, Statements, Table
from app.ui import messages
from app.ui.workers import TaskError, run_task

log = logging.getLogger(__name__)
ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
CELL_ROLE = Qt.ItemDataRole.UserRole + 1  # the Cell under an index (None for labels and blanks)


class StatementTableModel(QAbstractTableModel):
    """One statement as a grid: column 0 the line item, then one column per period."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table: Table | None = None

    @property
    def table(self) -> Table | None:
        return self._table

    def set_table(self, table: Table | None) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() or self._table is None else len(self._table.rows)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() or self._table is None else 1 + len(self._table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._table is None or orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return f"Line item ({self._table.scale})" if self._table.scale else "Line item"
            return self._table.column_label(section - 1)
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            period = self._table.columns[section - 1]
            if period is None:
                return "The header gives no period for this column."
            span = "balance at" if period.instant else f"{period.months} months ended"
            return f"FY{period.fiscal_year}: {span} {period.end or 'the fiscal year end'}"
        return None

    def cell(self, index: ModelIndex) -> Cell | None:
        """The printed value under ``index`` (None for a label or a blank)."""
        if self._table is None or not index.isValid() or index.column() == 0:
            return None
        return self._table.rows[index.row()].cell(index.column() - 1)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._table is None or not index.isValid():
            return None
        row = self._table.rows[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return "    " * row.level + row.label
            if role == Qt.ItemDataRole.FontRole and all(c is None for c in row.cells):
                font = QFont()
                font.setBold(True)  # a heading row ("Current assets:")
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.label
            return None
        cell = row.cell(index.column() - 1)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text if cell is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and cell is not None:
            page = (cell.rect.page if cell.rect is not None else self._table.page) + 1
            return f"{row.label}: {cell.text} — page {page}; click to open it"
        if role == CELL_ROLE:
            return cell
        return None


class StatementsView(QWidget):
    """A document's statements with a statement picker, export buttons and a clickable grid.

    Signals:
        cell_activated(DocumentInfo, int, object): the document, the 0-based page and the cell's :class:`Rect`
            (None when the source has no positions) of a clicked figure.
        loaded(float): statements were shown; the seconds from the request to the grid being filled.
    """

    cell_activated = Signal(object, int, object)
    loaded = Signal(float)

    def __init__(self, library: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._document: DocumentInfo | None = None
        self._statements = Statements()
        self._requested = 0.0
        self.model = StatementTableModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        bar = QHBoxLayout()
        self.picker = QComboBox()
        self.picker.setObjectName("statementPicker")
        self.picker.currentIndexChanged.connect(self._on_picker_changed)
        bar.addWidget(self.picker, 1)
        self.export_csv_button = QPushButton("Export CSV…")
        self.export_csv_button.clicked.connect(lambda: self._choose_export("csv"))
        self.export_xlsx_button = QPushButton("Export Excel…")
        self.export_xlsx_button.clicked.connect(lambda: self._choose_export("xlsx"))
        bar.addWidget(self.export_csv_button)
        bar.addWidget(self.export_xlsx_button)
        layout.addLayout(bar)
        self.status = QLabel("Open a document to see its financial statements.")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.grid = QTableView()
        self.grid.setObjectName("statementGrid")
        self.grid.setModel(self.model)
        self.grid.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.grid.verticalHeader().hide()
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid.clicked.connect(self._on_cell_clicked)
        self.grid.activated.connect(self._on_cell_clicked)
        layout.addWidget(self.grid, 1)
        self._update_controls()

    @property
    def document(self) -> DocumentInfo | None:
        return self._document

    @property
    def statements(self) -> Statements:
        return self._statements

    def set_library(self, library: Any) -> None:
        """Use another library (the window switched workspaces): the view empties."""
        self._library = library
        self.clear()

    def clear(self) -> None:
        self._document = None
        self.set_statements(None, Statements())
        self.status.setText("Open a document to see its financial statements.")

    def show_document(self, document: DocumentInfo) -> None:
        """Load and show a document's statements (read from the library on a worker)."""
        if self._library is None or (self._document is not None and self._document.doc_id == document.doc_id):
            return
        self._document = document
        self._requested = time.perf_counter()
        self.status.setText(f"Reading the statements of {document.label or Path(document.path).name}…")
        library, doc_id = self._library, document.doc_id

        def load(_context: object) -> tuple[str, str | None]:
            return doc_id, library.statements(doc_id)

        run_task(load, on_result=self._on_loaded, on_error=self._on_load_failed, name="statements", owner=self)

    def set_statements(self, document: DocumentInfo | None, statements: Statements,
                       payload_missing: bool = False) -> None:
        """Show these statements (of ``document``) now."""
        self._document = document
        self._statements = statements
        self.picker.blockSignals(True)
        self.picker.clear()
        for table in statements.tables:
            self.picker.addItem(table_heading(table))
        self.picker.blockSignals(False)
        self.model.set_table(statements.tables[0] if statements.tables else None)
        if document is not None:
            name = document.label or Path(document.path).name
            if payload_missing:
                self.status.setText(f"{name} was indexed before FinLens read statements: re-index it to see them.")
            elif not statements.tables:
                self.status.setText(f"No financial statements were found in {name}.")
            else:
                self.status.setText(f"{name}: {len(statements.tables)} statements. Click a figure to see it on its "
                                    "page.")
        self._update_controls()

    def show_table(self, index: int) -> None:
        """Show the ``index``-th statement."""
        self.picker.setCurrentIndex(index)

    def export(self, path: str | Path) -> bool:
        """Export the statements to ``path`` (CSV or Excel by its suffix); errors reach the user as a sentence."""
        try:
            if str(path).lower().endswith(".xlsx"):
                write_xlsx(self._statements, path)
            else:
                write_csv(self._statements, path)
        except ExportError as error:
            messages.error(str(error))
            return False
        messages.info(f"Exported {len(self._statements.tables)} statements to {Path(path).name}.")
        return True

    def _choose_export(self, kind: str) -> None:
        if not self._statements.tables:
            return
        stem = Path(self._document.path).stem if self._document is not None else "statements"
        if kind == "xlsx":
            path, _ = QFileDialog.getSaveFileName(self, "Export Statements", f"{stem}-statements.xlsx",
                                                  "Excel workbook (*.xlsx)")
        else:
            path, _ = QFileDialog.getSaveFileName(self, "Export Statements", f"{stem}-statements.csv",
                                                  "CSV (*.csv)")
        if path:
            self.export(path)

    def _on_loaded(self, result: tuple[str, str | None]) -> None:
        doc_id, payload = result
        if self._document is None or self._document.doc_id != doc_id:
            return  # another document was asked for meanwhile
        self.set_statements(self._document, Statements.from_payload(payload), payload_missing=payload is None)
        self.loaded.emit(time.perf_counter() - self._requested)

    def _on_load_failed(self, error: TaskError) -> None:
        log.warning("reading statements failed: %s", error)
        self.status.setText("The statements could not be read from the library; try again, or re-index the "
                            "document.")

    def _on_picker_changed(self, index: int) -> None:
        tables = self._statements.tables
        self.model.set_table(tables[index] if 0 <= index < len(tables) else None)

    def _on_cell_clicked(self, index: QModelIndex) -> None:
        cell = self.model.cell(index)
        table = self.model.table
        if cell is None or table is None or self._document is None:
            return
        rect: Rect | None = cell.rect
        self.cell_activated.emit(self._document, rect.page if rect is not None else table.page, rect)

    def _update_controls(self) -> None:
        has = bool(self._statements.tables)
        self.picker.setEnabled(has)
        self.export_csv_button.setEnabled(has)
        self.export_xlsx_button.setEnabled(has)
