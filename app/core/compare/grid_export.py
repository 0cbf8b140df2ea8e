"""A comparison grid to CSV and Excel.

CSV: one line per row, one column per grid column; numbers as numbers (a percent as its fraction, money in units,
``1874`` not ``1874.0``), a passage with its citation, a missing figure left empty.

Excel: an **Inputs** sheet lists every printed figure a metric used (row, column, label, period, value in units,
printed text, scale, page as printed, document), and the **Grid** sheet computes each metric with an Excel formula
over those input cells ("=ABS(Inputs!F5)/Inputs!F6"), so an analyst can audit a figure and extend the grid in Excel.
A missing figure is an empty cell with the reason as its comment. Header rows are frozen; numbers use thousands
separators without a trailing dot (``#,##0``, ``0.0%``, ``#,##0.00``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.core.compare.grid import CompareCell, CompareGrid
from app.core.figures.statement_export import plain_number

#: Number formats by unit; negative money in parentheses as statements print it.
NUMBER_FORMATS = {"percent": "0.0%", "money": "#,##0;(#,##0)", "ratio": "#,##0.00", "days": "#,##0.00",
                  "times": "#,##0.00"}
INPUT_HEADER = ["Row", "Column", "Line item", "Period", "Value", "Printed", "Scale", "Page", "Document"]
VALUE_COLUMN = "E"  # the Inputs sheet's value column, which the Grid's formulas reference


class CompareExportError(Exception):
    """An export could not be written; ``str(error)`` says why and what to do."""


def csv_value(cell: CompareCell | None) -> object:
    """A cell's CSV field."""
    if cell is None or cell.missing:
        return ""
    if cell.passage is not None:
        return cell.text()
    assert cell.value is not None
    return plain_number(cell.value)


def to_csv(grid: CompareGrid) -> str:
    """The grid as CSV text: a header (company, ticker, fiscal year, each column), then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Company", "Ticker", "Fiscal year", *(c.text for c in grid.columns)])
    for number, row in enumerate(grid.rows):
        writer.writerow([row.company, row.ticker, row.fiscal_year,
                         *(csv_value(grid.cell(number, c)) for c in range(len(grid.columns)))])
    return buffer.getvalue()


def write_csv(grid: CompareGrid, path: str | Path) -> None:
    """Write :func:`to_csv` to a file (UTF-8 with a byte-order mark, so Excel reads the names)."""
    try:
        Path(path).write_text(to_csv(grid), encoding="utf-8-sig")
    except OSError as error:
        raise CompareExportError(f"The CSV file could not be written ({error.strerror or error}); choose another "
                                 "folder.") from None


def write_xlsx(grid: CompareGrid, path: str | Path) -> None:
    """Write the Grid and Inputs sheets; each metric cell is a formula over its input cells."""
    try:
        from openpyxl import Workbook
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font
    except ImportError:
        raise CompareExportError("Excel export needs the openpyxl package: install it (pip install openpyxl) or "
                                 "export to CSV.") from None
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Grid"
    inputs = workbook.create_sheet("Inputs")
    inputs.append(INPUT_HEADER)
    sheet.append(["Company", "Ticker", "Fiscal year", *(c.text for c in grid.columns)])
    for header in (sheet[1], inputs[1]):
        for item in header:
            item.font = Font(bold=True)
    for number, row in enumerate(grid.rows):
        sheet.append([row.company, row.ticker, row.fiscal_year])
        for column in range(len(grid.columns)):
            target = sheet.cell(row=number + 2, column=column + 4)
            cell = grid.cell(number, column)
            if cell is None or cell.missing:
                target.comment = Comment(cell.reason if cell is not None else "Not computed.", "FinLens")
                continue
            if cell.passage is not None:
                target.value = cell.text()
                target.alignment = Alignment(wrap_text=False)
                continue
            first = inputs.max_row + 1
            for item in cell.inputs:
                inputs.append([row.label, grid.columns[column].text, item.label, item.period,
                               plain_number(item.value), item.printed, item.scale, item.page,
                               cell.document.label if cell.document is not None else ""])
                inputs.cell(row=inputs.max_row, column=5).number_format = \
                    "#,##0;-#,##0" if float(item.value).is_integer() else "#,##0.00;-#,##0.00"
            references = [f"Inputs!${VALUE_COLUMN}${first + i}" for i in range(len(cell.inputs))]
            assert cell.value is not None
            target.value = "=" + cell.excel.format(*references) if cell.excel else plain_number(cell.value)
            target.number_format = NUMBER_FORMATS.get(cell.unit, "#,##0.00")
    sheet.freeze_panes = "D2"
    inputs.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 28
    for column in range(len(grid.columns)):
        sheet.column_dimensions[sheet.cell(row=1, column=column + 4).column_letter].width = 22
    for letter, width in zip("ABCDEFGHI", (14, 26, 44, 18, 18, 12, 10, 6, 28), strict=True):
        inputs.column_dimensions[letter].width = width
    try:
        workbook.save(str(path))
    except OSError as error:
        raise CompareExportError(f"The Excel file could not be written ({error.strerror or error}); choose another "
                                 "folder.") from None
