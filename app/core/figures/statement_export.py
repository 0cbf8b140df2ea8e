"""Statements to CSV and Excel: one block (CSV) or one sheet (Excel) per statement, periods as columns.

Numbers are written as numbers in the table's own scale ("in millions" stays millions, as printed), so a spreadsheet
sums them and the figures read back equal to the filing's; the scale is written in each statement's heading line.
A whole number is written whole (``1874``, not ``1874.0``); the workbook shows thousands separators without a trailing
dot (``#,##0``, or ``#,##0.00`` for figures with decimals, negatives in parentheses) and keeps its heading, header row
and line items in view (frozen panes). Each block also records the page the statement is on. Excel export needs
``openpyxl`` (a runtime dependency).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from app.core.ingest.statements.model import STATEMENT_TITLES, Statements, Table

#: Said in every JSON output: one page convention, the one the window, the CLI and the workbook print.
PAGE_NUMBERING = "page is 1-based, as printed everywhere (page 1 is the document's first page)"
WHOLE_FORMAT = "#,##0;(#,##0)"
DECIMAL_FORMAT = "#,##0.00;(#,##0.00)"


class ExportError(Exception):
    """An export could not be written; ``str(error)`` says why and what to do."""


def plain_number(value: float) -> float | int:
    """A figure as a spreadsheet should receive it: a whole number without a fractional part (1874, not 1874.0)."""
    return int(value) if float(value).is_integer() and abs(value) < 2 ** 53 else value


def table_grid(table: Table) -> list[list[object]]:
    """A statement as rows of cells: a header row (label, then one period per column), then one row per line item."""
    header: list[object] = ["Line item", *(table.column_label(i) for i in range(len(table.columns)))]
    grid: list[list[object]] = [header]
    for row in table.rows:
        values: list[object] = []
        for cell in row.cells:
            values.append(plain_number(cell.value) if cell is not None and cell.value is not None else "")
        grid.append(["  " * row.level + row.label, *values])
    return grid


def table_heading(table: Table) -> str:
    """"Balance sheet — CONSOLIDATED BALANCE SHEETS (in millions, page 54)"."""
    scale = f"in {table.scale}, " if table.scale else ""
    return f"{STATEMENT_TITLES.get(table.kind, 'Table')} — {table.title} ({scale}page {table.page + 1})"


def to_csv(statements: Statements) -> str:
    """All statements as CSV text: each a heading line, its grid, then a blank line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for table in statements.tables:
        writer.writerow([table_heading(table)])
        writer.writerows(table_grid(table))
        writer.writerow([])
    return buffer.getvalue()


def write_csv(statements: Statements, path: str | Path) -> None:
    """Write :func:`to_csv` to a file (UTF-8 with a byte-order mark, so Excel reads the dashes and quotes)."""
    try:
        Path(path).write_text(to_csv(statements), encoding="utf-8-sig")
    except OSError as error:
        raise ExportError(f"The CSV file could not be written ({error.strerror or error}); choose another folder."
                          ) from None


def write_xlsx(statements: Statements, path: str | Path) -> None:
    """Write each statement to its own sheet of an Excel workbook, the heading in the first row."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        raise ExportError("Excel export needs the openpyxl package: install it (pip install openpyxl) or export "
                          "to CSV.") from None
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in statements.tables:
        sheet = workbook.create_sheet(_sheet_name(table, used))
        sheet.append([table_heading(table)])
        sheet["A1"].font = Font(bold=True)
        for number, row in enumerate(table_grid(table)):
            sheet.append([None if value == "" else value for value in row])
            if number == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 60
        sheet.freeze_panes = "B3"  # the heading and the periods stay on screen, and so do the line items
        for row in sheet.iter_rows(min_row=3, min_col=2):
            for cell in row:
                if isinstance(cell.value, (int, float)):
                    cell.number_format = WHOLE_FORMAT if float(cell.value).is_integer() else DECIMAL_FORMAT
    if not statements.tables:
        workbook.create_sheet("Statements").append(["No financial statements were found in this document."])
    try:
        workbook.save(str(path))
    except OSError as error:
        raise ExportError(f"The Excel file could not be written ({error.strerror or error}); choose another "
                          "folder.") from None


def _sheet_name(table: Table, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", f"{STATEMENT_TITLES.get(table.kind, 'Table')} p{table.page + 1}")[:31]
    name, number = base, 2
    while name in used:
        name = f"{base[:27]} ({number})"
        number += 1
    used.add(name)
    return name
