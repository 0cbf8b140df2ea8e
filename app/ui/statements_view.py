"""The Statements tab: a document's financial statements as line items × periods, each cell clickable to its page.

:class:`StatementTableModel` shows one statement (a :class:`~app.core.ingest.statements.Table`): the line items as rows
(indented by their level), the periods as columns, figures as printed. :class:`StatementsView` picks the statement,
loads a document's statements from the library on a worker (the payload is read from LanceDB), and exports them to
CSV or Excel. Activating a cell emits :attr:`StatementsView.cell_activated` with a
:class:`~app.core.citation_target.CitationTarget` (the document, the page and the cell's rectangle); the main window
opens the reader there with the cell highlighted.

It reads like a spreadsheet: the line-item column is frozen (:class:`FrozenLabelTable`) and gives up width to the
period columns, eliding long labels (the full label is its tooltip), so every period shows without scrolling in the
default window; the picker lists the primary statements first and the notes' and MD&A tables apart, under a heading.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.core.citation_target import CitationTarget
from app.core.figures.statement_export import ExportError, table_heading, write_csv, write_xlsx
from app.core.ingest.statements.model import Cell, Statements, Table
from app.core.records import DocumentInfo, Rect
from app.ui import messages
from app.ui.workers import TaskError, run_task

log = logging.getLogger(__name__)
ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
CELL_ROLE = Qt.ItemDataRole.UserRole + 1  # the Cell under an index (None for labels and blanks)
MIN_LABEL_WIDTH = 120  # the line-item column never narrows below this; the periods scroll under it instead


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
            # Two lines ("as of" over the date) keep a period column as narrow as its figures.
            label = self._table.column_label(section - 1)
            head, _, tail = label.rpartition(" ")
            return f"{head}\n{tail}" if len(label) > 10 and head else label
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


class FrozenLabelTable(QTableView):
    """A table whose first column stays put while the others scroll (Qt's "frozen column" overlay).

    A second view over the same model and selection shows only column 0 on top of the main view's first column;
    the two scroll together vertically. The line-item column's width is chosen by :meth:`fit_columns`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenLabels")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setWordWrap(False)
        self.frozen.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.horizontalHeader().sectionResized.connect(self._on_section_resized)

    def setModel(self, model: Any) -> None:  # noqa: N802 - Qt API
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self.fit_columns)
        self.frozen.clicked.connect(self.clicked)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Periods at their contents' width; the line items get what is left (never under MIN_LABEL_WIDTH)."""
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        periods = 0
        for column in range(1, model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, max(self.sizeHintForColumn(column), header.sectionSizeFromContents(column)
                                             .width()) + 12)
            periods += header.sectionSize(column)
        if model.columnCount():
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
            wanted = max(self.sizeHintForColumn(0), header.sectionSizeFromContents(0).width()) + 8
            room = self.viewport().width() - periods
            header.resizeSection(0, max(MIN_LABEL_WIDTH, min(wanted, room)))
        for column in range(model.columnCount()):
            self.frozen.setColumnHidden(column, column != 0)
        self._place_frozen()

    def _on_section_resized(self, section: int, _old: int, size: int) -> None:
        if section == 0:
            self.frozen.setColumnWidth(0, size)
            self._place_frozen()

    def _place_frozen(self) -> None:
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        for row in range(self.model().rowCount() if self.model() is not None else 0):
            self.frozen.setRowHeight(row, self.rowHeight(row))
        self.frozen.setGeometry(self.verticalHeader().width() + self.frameWidth(), self.frameWidth(),
                                self.columnWidth(0), self.viewport().height() + self.horizontalHeader().height())
        self.frozen.setVisible(self.model() is not None and self.model().columnCount() > 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit_columns()

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # noqa: N802 - Qt API
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        current = super().moveCursor(action, modifiers)
        # Keyboard moves to a period column hidden under the frozen labels scroll it into view.
        if action == QAbstractItemView.CursorAction.MoveLeft and current.column() > 0 \
                and self.visualRect(current).left() < self.columnWidth(0):
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + self.visualRect(current).left() - self.columnWidth(0))
        return current

    def scrollTo(self, index: ModelIndex,  # noqa: N802 - Qt API
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if index.column() > 0:
            super().scrollTo(index, hint)


class StatementsView(QWidget):
    """A document's statements with a statement picker, export buttons and a clickable grid.

    Signals:
        cell_activated(CitationTarget): a clicked figure: its document and page, the cell's rectangle highlighted
            (none when the source has no positions).
        loaded(float): statements were shown; the seconds from the request to the grid being filled.
    """

    cell_activated = Signal(object)
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
        self.export_csv_button = QPushButton("CSV…")
        self.export_csv_button.setToolTip("Export every statement to a CSV file")
        self.export_csv_button.clicked.connect(lambda: self._choose_export("csv"))
        self.export_xlsx_button = QPushButton("Excel…")
        self.export_xlsx_button.setToolTip("Export every statement to an Excel workbook, one sheet each")
        self.export_xlsx_button.clicked.connect(lambda: self._choose_export("xlsx"))
        bar.addWidget(self.export_csv_button)
        bar.addWidget(self.export_xlsx_button)
        layout.addLayout(bar)
        self.status = QLabel("Open a document to see its financial statements.")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.grid = FrozenLabelTable()
        self.grid.setObjectName("statementGrid")
        self.grid.verticalHeader().hide()
        self.grid.setModel(self.model)
        self.grid.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QTableView.SelectionMode.SingleSelection)
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
        self._fill_picker(statements)
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

    def _fill_picker(self, statements: Statements) -> None:
        """List the statements by group (:meth:`Statements.grouped`: primary statements, summaries, notes); a group
        after the first gets a separator and its heading."""
        self.picker.blockSignals(True)
        self.picker.clear()
        for number, (title, tables) in enumerate(statements.grouped()):
            if number:
                self.picker.insertSeparator(self.picker.count())
                self.picker.addItem(title, None)
                model = self.picker.model()
                if isinstance(model, QStandardItemModel):
                    model.item(self.picker.count() - 1).setEnabled(False)  # a heading, not a choice
            for table in tables:
                self.picker.addItem(table_heading(table), statements.tables.index(table))
        self.picker.blockSignals(False)
        first = next((i for i in range(self.picker.count()) if self.picker.itemData(i) is not None), -1)
        chosen = statements.default()  # the income statement among the primary statements, where there is one
        if chosen is not None and chosen in statements.tables:
            first = self.picker.findData(statements.tables.index(chosen))
        self.picker.setCurrentIndex(first)
        self.model.set_table(statements.tables[self.picker.itemData(first)] if first >= 0 else None)

    def picker_tables(self) -> list[Table]:
        """The statements in the picker's order (headings and separators left out)."""
        return [self._statements.tables[self.picker.itemData(i)] for i in range(self.picker.count())
                if self.picker.itemData(i) is not None]

    def show_table(self, index: int) -> None:
        """Show the ``index``-th statement of the picker (headings and separators not counted)."""
        positions = [i for i in range(self.picker.count()) if self.picker.itemData(i) is not None]
        if 0 <= index < len(positions):
            self.picker.setCurrentIndex(positions[index])

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
        number = self.picker.itemData(index) if index >= 0 else None
        tables = self._statements.tables
        self.model.set_table(tables[number] if number is not None and 0 <= number < len(tables) else None)

    def _on_cell_clicked(self, index: QModelIndex) -> None:
        cell = self.model.cell(index)
        table = self.model.table
        if cell is None or table is None or self._document is None:
            return
        rect: Rect | None = cell.rect
        page, rects = (rect.page, [rect]) if rect is not None else (table.page, [])
        self.cell_activated.emit(CitationTarget.at(self._document, page, rects))

    def _update_controls(self) -> None:
        has = bool(self._statements.tables)
        self.picker.setEnabled(has)
        self.export_csv_button.setEnabled(has)
        self.export_xlsx_button.setEnabled(has)
