"""The Compare tab: companies × fiscal years against metrics and questions, filled in the background.

The analyst ticks companies of the library, writes the fiscal years ("2021-2023") and the columns ("revenue growth,
operating margin, capex as a % of revenue", or a question), and presses Fill. A worker
(:func:`~app.ui.workers.run_task`) computes the cells one by one and streams them into the
:class:`~app.ui.compare_model.CompareTableModel`, so the grid reads, scrolls and clicks while it fills; Cancel
stops it between two cells. Clicking a figure emits :attr:`ComparePanel.cell_activated` with a
:class:`~app.core.citation_target.CitationTarget`: its filing, page and the input cells' rectangles; the window
opens the reader there with them highlighted. A missing figure says why in its tooltip. Grids export to CSV or
Excel (formulas over an Inputs sheet) and save under a name.

The window adds the tab and wires it: it follows the library, the reader's document, and opens clicked cells.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.citation_target import CitationTarget
from app.core.compare.grid import (
    CompareCell,
    CompareError,
    CompareGrid,
    GridFiller,
    parse_columns,
    parse_years,
    plan_rows,
)
from app.core.compare.grid_export import CompareExportError, write_csv, write_xlsx
from app.core.compare.saved import SavedGrid, SavedGridError, load_grids, save_grid
from app.core.records import FORM_TYPES, DocumentInfo
from app.ui import messages
from app.ui.compare_model import CompareTableModel
from app.ui.workers import TaskContext, TaskError, Worker, run_task

log = logging.getLogger(__name__)
COMPANY_ROLE = Qt.ItemDataRole.UserRole + 1  # the company name a list item stands for
ANY_FORM = "Any form"
EXAMPLE_COLUMNS = "revenue growth, operating margin, capex as a % of revenue"
CHOOSE_SAVED = "Saved grids…"
MIN_COLUMN, MAX_COLUMN = 80, 220  # a column's width in pixels, from its heading


class ComparePanel(QWidget):
    """Choose companies, years and columns; the grid fills in the background and every figure opens its page.

    Signals:
        cell_activated(CitationTarget): a clicked cell's filing, 0-based page and the rectangles to highlight.
        filled(float): every cell of the grid is computed; the seconds it took.
    """

    cell_activated = Signal(object)
    filled = Signal(float)

    def __init__(self, library: Any = None, searcher: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._searcher = searcher
        self._worker: Worker | None = None
        self._serial = 0
        self._started = 0.0
        self._documents: list[DocumentInfo] = []
        self.model = CompareTableModel(self)
        self._build()
        self._refresh_saved()
        self._update_controls()

    # --- construction ---------------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        self.company_list = QListWidget()
        self.company_list.setObjectName("compareCompanies")
        self.company_list.setToolTip("Tick the companies to compare")
        self.company_list.setMaximumHeight(96)
        self.company_list.itemChanged.connect(lambda _item: self._update_controls())
        layout.addWidget(self.company_list)
        choose = QHBoxLayout()
        self.years_field = QLineEdit()
        self.years_field.setObjectName("compareYears")
        self.years_field.setPlaceholderText("Fiscal years, e.g. 2021-2023")
        self.form_picker = QComboBox()
        self.form_picker.addItems([ANY_FORM, *FORM_TYPES])
        self.form_picker.setCurrentText("10-K")
        choose.addWidget(self.years_field, 1)
        choose.addWidget(self.form_picker)
        layout.addLayout(choose)
        columns = QHBoxLayout()
        self.columns_field = QLineEdit()
        self.columns_field.setObjectName("compareColumns")
        self.columns_field.setPlaceholderText(f"Metrics or questions, comma-separated: {EXAMPLE_COLUMNS}")
        self.columns_field.returnPressed.connect(self.fill)
        self.fill_button = QPushButton("Fill")
        self.fill_button.setDefault(True)
        self.fill_button.clicked.connect(self.fill)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        columns.addWidget(self.columns_field, 1)
        columns.addWidget(self.fill_button)
        columns.addWidget(self.cancel_button)
        layout.addLayout(columns)
        saved = QHBoxLayout()
        self.saved_picker = QComboBox()
        self.saved_picker.setObjectName("savedGrids")
        self.saved_picker.activated.connect(self._on_saved_chosen)
        self.save_button = QPushButton("Save Grid…")
        self.save_button.clicked.connect(self._choose_save_name)
        self.export_csv_button = QPushButton("CSV…")
        self.export_csv_button.clicked.connect(lambda: self._choose_export("csv"))
        self.export_xlsx_button = QPushButton("Excel…")
        self.export_xlsx_button.clicked.connect(lambda: self._choose_export("xlsx"))
        saved.addWidget(self.saved_picker, 1)
        for button in (self.save_button, self.export_csv_button, self.export_xlsx_button):
            saved.addWidget(button)
        layout.addLayout(saved)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("%v of %m cells")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel("Tick companies, write the fiscal years and the columns, then Fill.")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.grid = QTableView()
        self.grid.setObjectName("compareGrid")
        self.grid.setModel(self.model)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setWordWrap(False)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.clicked.connect(self._on_cell_clicked)
        self.grid.activated.connect(self._on_cell_clicked)
        self.model.modelReset.connect(self._fit_columns)
        layout.addWidget(self.grid, 1)

    def _fit_columns(self) -> None:
        """Each column as wide as its (wrapped) heading, within bounds: a heading is never cut off at both ends."""
        header = self.grid.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(MAX_COLUMN, max(MIN_COLUMN, header.sectionSizeFromContents(column)
                                                             .width() + 8)))

    # --- the library ----------------------------------------------------------------------------------------------

    def set_workspace(self, library: Any, searcher: Any) -> None:
        """Use another library (the window switched workspaces): the grid empties, the companies are re-read."""
        self.cancel()
        self._library, self._searcher = library, searcher
        self.model.set_grid([], [])

    def set_documents(self, documents: list[DocumentInfo]) -> None:
        """The library's documents changed: list their companies (ticked ones stay ticked)."""
        ticked = set(self.chosen_companies())
        names: dict[str, str] = {}
        for document in documents:
            if document.company:
                names.setdefault(document.company, document.ticker)
        self.company_list.blockSignals(True)
        self.company_list.clear()
        for name in sorted(names, key=str.lower):
            item = QListWidgetItem(f"{name} ({names[name]})" if names[name] else name)
            item.setData(COMPANY_ROLE, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked)
            self.company_list.addItem(item)
        self.company_list.blockSignals(False)
        self._documents = list(documents)
        self._update_controls()

    def chosen_companies(self) -> list[str]:
        """The ticked companies, in list order."""
        items = (self.company_list.item(i) for i in range(self.company_list.count()))
        return [item.data(COMPANY_ROLE) for item in items if item.checkState() == Qt.CheckState.Checked]

    def choose(self, companies: list[str], years: str, columns: str) -> None:
        """Tick these companies (names or tickers) and fill in the years and columns (a saved grid, a test)."""
        wanted = {c.lower() for c in companies}
        for i in range(self.company_list.count()):
            item = self.company_list.item(i)
            name = str(item.data(COMPANY_ROLE))
            match = name.lower() in wanted or item.text().lower().endswith(tuple(f"({w})" for w in wanted))
            item.setCheckState(Qt.CheckState.Checked if match else Qt.CheckState.Unchecked)
        self.years_field.setText(years)
        self.columns_field.setText(columns)

    def follow_document(self, document: DocumentInfo) -> None:
        """The reader opened a filing: tick its company, and offer its last three years when none are written."""
        for i in range(self.company_list.count()):
            item = self.company_list.item(i)
            if item.data(COMPANY_ROLE) == document.company:
                item.setCheckState(Qt.CheckState.Checked)
        if not self.years_field.text().strip() and document.fiscal_year:
            self.years_field.setText(f"{document.fiscal_year - 2}-{document.fiscal_year}")

    # --- filling --------------------------------------------------------------------------------------------------

    def fill(self) -> None:
        """Plan the grid from the choices and fill it on a worker (a fill under way is cancelled first)."""
        if self._library is None:
            return
        try:
            columns = parse_columns(self.columns_field.text())
            years = parse_years(self.years_field.text())
        except CompareError as error:
            self.status.setText(str(error))
            return
        companies = self.chosen_companies()
        if not companies:
            self.status.setText("Tick at least one company to compare.")
            return
        form = self.form_picker.currentText()
        rows, problems = plan_rows(self._documents, companies, years,
                                   form=None if form == ANY_FORM else form)
        self.cancel()
        self.model.set_grid(rows, columns)
        if not rows:
            self.status.setText(" ".join(problems) or "No filing matches these choices.")
            return
        self._serial += 1
        serial, grid = self._serial, CompareGrid(rows, columns)
        filler = GridFiller(self._library, self._searcher)
        self._started = time.perf_counter()
        self.progress.setRange(0, len(rows) * len(columns))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText("Filling… the grid is usable meanwhile; click a figure to see its inputs."
                            + (" " + " ".join(problems) if problems else ""))

        def task(context: TaskContext) -> CompareGrid:
            return filler.fill(grid, on_cell=lambda r, c, cell: context.progress((r, c, cell)),
                               cancelled=lambda: context.cancelled)

        self._worker = run_task(task, owner=self, name="compare",
                                on_progress=lambda item: self._on_cell(serial, *item),
                                on_result=lambda _grid: self._on_filled(serial),
                                on_error=lambda error: self._on_failed(serial, error))
        self._update_controls()

    def cancel(self) -> None:
        """Stop the fill under way (the cells computed so far stay)."""
        if self._worker is not None and self._worker.is_running:
            self._worker.cancel()
            self.status.setText(f"Stopped: {self.model.filled()} of "
                                f"{self.model.rowCount() * self.model.columnCount()} cells filled.")
        self._worker = None
        self._serial += 1  # whatever the stopped worker still delivers is dropped
        self.progress.hide()
        self._update_controls()

    @property
    def is_filling(self) -> bool:
        """Whether a worker is filling the grid."""
        return self._worker is not None and self._worker.is_running

    def _on_cell(self, serial: int, row: int, column: int, cell: CompareCell) -> None:
        if serial == self._serial:
            self.model.set_cell(row, column, cell)
            self.progress.setValue(self.model.filled())

    def _on_filled(self, serial: int) -> None:
        if serial != self._serial:
            return
        elapsed = time.perf_counter() - self._started
        self._worker = None
        self.progress.hide()
        grid = self.model.grid
        missing = sum(1 for cell in grid.cells.values() if cell.missing)
        note = f"; {missing} could not be filled (hover for why)" if missing else ""
        self.status.setText(f"{len(grid.cells)} cells in {elapsed:.1f} s{note}. Click a figure to see its inputs "
                            "on the page.")
        self._update_controls()
        self.filled.emit(elapsed)

    def _on_failed(self, serial: int, error: TaskError) -> None:
        if serial != self._serial:
            return
        self._worker = None
        self.progress.hide()
        log.warning("filling the comparison failed: %s", error)
        self.status.setText("The grid could not be filled from the library; try again, or re-index the filings.")
        self._update_controls()

    # --- cells, export, saved grids -------------------------------------------------------------------------------

    def _on_cell_clicked(self, index: QModelIndex) -> None:
        cell = self.model.cell(index)
        if cell is None or cell.missing:
            return
        document, page, rects = cell.highlight()
        if document is not None:
            self.cell_activated.emit(CitationTarget.at(document, page, rects))

    def export(self, path: str | Path) -> bool:
        """Export the grid to ``path`` (CSV or Excel by its suffix); errors reach the user as a sentence."""
        try:
            (write_xlsx if str(path).lower().endswith(".xlsx") else write_csv)(self.model.grid, path)
        except CompareExportError as error:
            messages.error(str(error))
            return False
        messages.info(f"Exported the grid to {Path(path).name}.")
        return True

    def _choose_export(self, kind: str) -> None:
        suffix, kinds = (".xlsx", "Excel workbook (*.xlsx)") if kind == "xlsx" else (".csv", "CSV (*.csv)")
        path, _ = QFileDialog.getSaveFileName(self, "Export Grid", f"comparison{suffix}", kinds)
        if path:
            self.export(path)

    def save(self, name: str) -> bool:
        """Save the columns, companies and years under ``name``."""
        columns = [part.strip() for part in self.columns_field.text().split(",") if part.strip()]
        form = self.form_picker.currentText()
        try:
            save_grid(SavedGrid(name, columns, self.chosen_companies(), self.years_field.text().strip(),
                                "" if form == ANY_FORM else form))
        except SavedGridError as error:
            messages.error(str(error))
            return False
        self._refresh_saved()
        messages.info(f"Saved the grid as '{name.strip()}'.")
        return True

    def open_saved(self, name: str) -> None:
        """Reopen a saved grid's choices (press Fill, or it fills at once when companies are ticked)."""
        grid = load_grids().get(name)
        if grid is None:
            return
        self.choose(grid.companies, grid.years, ", ".join(grid.columns))
        self.form_picker.setCurrentText(grid.form or ANY_FORM)
        self.fill()

    def _choose_save_name(self) -> None:
        name, accepted = QInputDialog.getText(self, "Save Grid", "Name of this grid:")
        if accepted and name.strip():
            self.save(name)

    def _on_saved_chosen(self, index: int) -> None:
        if index > 0:
            self.open_saved(self.saved_picker.itemText(index))
        self.saved_picker.setCurrentIndex(0)

    def _refresh_saved(self) -> None:
        self.saved_picker.clear()
        self.saved_picker.addItems([CHOOSE_SAVED, *sorted(load_grids(), key=str.lower)])

    def _update_controls(self) -> None:
        filling = self.is_filling
        self.cancel_button.setEnabled(filling)
        self.fill_button.setEnabled(self._library is not None and bool(self.chosen_companies()))
        has_cells = bool(self.model.grid.cells)
        self.export_csv_button.setEnabled(has_cells)
        self.export_xlsx_button.setEnabled(has_cells)
