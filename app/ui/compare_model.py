"""The Qt item model of a comparison grid: one row per company and year, one column per metric or question.

It shows the cells computed so far (the rest read "…"), so the grid is readable and clickable while a worker fills
it; :meth:`CompareTableModel.set_cell` adds one as it arrives. A figure shows as an analyst writes it, right-aligned;
its tooltip gives the formula and each input with its page; a missing figure shows "—" and its tooltip says why.
"""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.core.compare.grid import CompareCell, CompareColumn, CompareGrid, CompareRow
from app.ui.theme import colors

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
CELL_ROLE = Qt.ItemDataRole.UserRole + 1  # the CompareCell under an index (None while it is computed)
PENDING_TEXT = "…"
PENDING_TIP = "Being computed…"
HEADER_LINE = 14  # characters per line of a column's heading (it wraps onto three lines at most)


class CompareTableModel(QAbstractTableModel):
    """Rows × columns of a :class:`CompareGrid`; the rows' labels ("NKE FY2022") are the vertical header."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._grid = CompareGrid([], [])

    @property
    def grid(self) -> CompareGrid:
        """The grid shown, with the cells computed so far."""
        return self._grid

    def set_grid(self, rows: list[CompareRow], columns: list[CompareColumn]) -> None:
        """Show a new, empty grid."""
        self.beginResetModel()
        self._grid = CompareGrid(list(rows), list(columns))
        self.endResetModel()

    def set_cell(self, row: int, column: int, cell: CompareCell) -> None:
        """A computed cell arrived."""
        if not (0 <= row < len(self._grid.rows) and 0 <= column < len(self._grid.columns)):
            return
        self._grid.cells[(row, column)] = cell
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    def cell(self, index: ModelIndex) -> CompareCell | None:
        """The computed cell under ``index`` (None while pending)."""
        return self._grid.cell(index.row(), index.column()) if index.isValid() else None

    def filled(self) -> int:
        """How many cells are computed."""
        return len(self._grid.cells)

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._grid.rows)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._grid.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._grid.columns):
            column = self._grid.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                # Wrapped, so a narrow column still shows its whole metric ("capex as a % / of revenue").
                return "\n".join(textwrap.wrap(column.text, HEADER_LINE, max_lines=3, placeholder=" …"))
            if role == Qt.ItemDataRole.ToolTipRole:
                return column.text + (" (a question: the best passage of each filing)" if column.kind == "text"
                                      else " (computed from each filing's statements)")
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._grid.rows):
            row = self._grid.rows[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return row.label
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{row.company}, fiscal year {row.fiscal_year}"
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.cell(index)
        if role == CELL_ROLE:
            return cell
        if cell is None:
            return {Qt.ItemDataRole.DisplayRole: PENDING_TEXT, Qt.ItemDataRole.ToolTipRole: PENDING_TIP}.get(
                Qt.ItemDataRole(role))
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text()
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tooltip()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignLeft if cell.kind == "text" else Qt.AlignmentFlag.AlignRight
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and cell.missing:
            return QColor(colors().muted)
        return None
