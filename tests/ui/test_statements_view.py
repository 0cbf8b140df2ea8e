"""The Statements tab: a document's statements by period; clicking a figure opens its page with the cell highlighted."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.core.citation_target import CitationTarget
from app.core.ingest.indexing import index_paths
from app.core.library_opening import open_library
from app.core.retrieval.embedding import OnnxEmbedder
from app.core.store import Library
from app.ui.main_window import MainWindow
from tests.core.ingest.statements.factory import make_annual_report


@pytest.fixture(scope="module")
def statements_library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, OnnxEmbedder, Path]:
    folder = tmp_path_factory.mktemp("statements-ui")
    path = make_annual_report(folder / "ACME_2023_10K.pdf")
    library, embedder = open_library(folder / "lib", model="base")
    assert index_paths([path], library, embedder).count("indexed") == 1
    return library, embedder, path


def _window_with_statements(make_window: Callable[..., MainWindow], qtbot, statements_library) -> MainWindow:  # noqa: ANN001
    library, embedder, _ = statements_library
    window = make_window(library, embedder)
    (document,) = library.list_documents()
    view = window.statements_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.workspace_page.open_target(CitationTarget.at(document, 0))  # opened from the library
    window.middle_tabs.setCurrentWidget(view)
    return window


def test_clicking_a_figure_highlights_its_cell_on_the_page(make_window, qtbot, statements_library) -> None:  # noqa: ANN001
    window = _window_with_statements(make_window, qtbot, statements_library)
    view = window.statements_view
    assert view.picker.count() == 3
    view.show_table(1)  # the balance sheet
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal).replace("\n", " ") for c in range(model.columnCount())]
    assert headers == ["Line item (millions)", "as of 2023-01-28", "as of 2022-01-29"]
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data().strip() == "Merchandise inventories")
    index = model.index(row, 1)
    assert index.data() == "5,140"

    view.grid.scrollTo(index)
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=view.grid.visualRect(index).center())

    highlights = window.reader.highlight_rects()
    assert list(highlights) == [2]  # the balance sheet's page (0-based), and only the cell
    (rect,) = highlights[2]
    qtbot.waitUntil(lambda: window.reader.current_page() == 2)
    _, _, path = statements_library
    with pymupdf.open(path) as document:
        assert document[2].get_textbox(pymupdf.Rect(rect.x0, rect.y0, rect.x1, rect.y1)).strip() == "5,140"


def test_export_from_the_view_reads_back_the_same_numbers(make_window, qtbot, statements_library,  # noqa: ANN001
                                                          tmp_path: Path) -> None:
    window = _window_with_statements(make_window, qtbot, statements_library)
    view = window.statements_view
    assert view.export(tmp_path / "acme.csv") and view.export(tmp_path / "acme.xlsx")
    with open(tmp_path / "acme.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    revenue = next(r for r in rows if r and r[0].strip() == "Revenue")
    assert [float(v) for v in revenue[1:]] == [46298, 51761, 47262]
    sheet = load_workbook(tmp_path / "acme.xlsx")["Cash flow statement p4"]
    capex = next(r for r in sheet.iter_rows(values_only=True) if r[0] and "Additions to property" in r[0])
    assert list(capex[1:]) == [-930, -737, -713]


def test_a_document_without_statements_says_so(make_window, qtbot, statements_library, tmp_path: Path) -> None:  # noqa: ANN001
    library, embedder, _ = statements_library
    window = make_window(library, embedder)
    view = window.statements_view
    (document,) = library.list_documents()
    from dataclasses import replace

    from app.core.ingest.statements import Statements

    view.set_statements(replace(document, doc_id="other"), Statements())
    assert "No financial statements were found" in view.status.text()
    assert not view.export_csv_button.isEnabled()


def test_a_10k_sized_set_of_statements_shows_every_statement(qtbot) -> None:  # noqa: ANN001
    # Its speed is measured by tests/benchmarks/bench_statements_view.py, not timed here (a loaded CI machine).
    from app.core.ingest.statements import Cell, Period, StatementRow, Statements, Table
    from app.core.records import DocumentInfo, Rect
    from app.ui.statements_view import StatementsView

    # Six statements of 60 lines by three years, as a 10-K's payload holds (about 50 KB of JSON).
    tables = [Table("income", f"Statement {n}", n, "millions", [Period(2023 - y, 12) for y in range(3)],
                    [StatementRow(f"Line item {r}", r % 3, "", [Cell(f"{r * 7 + y:,}", r * 7 + y,
                                                                      Rect(n, 400 + 60 * y, 100 + r, 430 + 60 * y,
                                                                           108 + r)) for y in range(3)])
                     for r in range(60)]) for n in range(6)]
    payload = Statements(tables).to_payload()
    view = StatementsView(None)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.set_statements(DocumentInfo("d", "/tmp/ACME_2023_10K.pdf", "ACME_2023_10K"), Statements.from_payload(payload))
    view.grid.viewport().repaint()
    assert view.model.rowCount() == 60 and view.picker.count() == 6


def test_every_period_shows_a_figure_without_scrolling_at_the_default_size(make_window, qtbot,  # noqa: ANN001
                                                                           statements_library) -> None:
    window = _window_with_statements(make_window, qtbot, statements_library)  # 1440 × 900, the default layout
    view = window.statements_view
    grid = view.grid
    for number in range(len(view.picker_tables())):
        view.show_table(number)
        qtbot.waitUntil(lambda: grid.frozen.isVisible())
        model = view.model
        assert grid.horizontalScrollBar().value() == 0
        for column in range(1, model.columnCount()):
            row = next(r for r in range(model.rowCount()) if model.index(r, column).data())
            rect = grid.visualRect(model.index(row, column))
            # Whole, right of the frozen labels and inside the visible area: the user reads it without scrolling.
            assert grid.columnWidth(0) <= rect.left() and rect.right() <= grid.viewport().width(), \
                (model.table.title, model.headerData(column, Qt.Orientation.Horizontal))
        # The line items stay on screen, elided where long, the whole label on hover.
        long_row = max(range(model.rowCount()), key=lambda r: len(model.index(r, 0).data()))
        label = model.index(long_row, 0)
        assert abs(grid.frozen.visualRect(label).width() - grid.columnWidth(0)) <= 1 and grid.columnWidth(0) > 0
        assert label.data(Qt.ItemDataRole.ToolTipRole) == label.data().strip()


def test_the_picker_lists_primary_statements_first_and_notes_apart(qtbot) -> None:  # noqa: ANN001
    from app.core.ingest.statements import Cell, Period, StatementRow, Statements, Table
    from app.core.records import DocumentInfo
    from app.ui.statements_view import StatementsView

    def table(kind: str, title: str, page: int, role: str) -> Table:
        return Table(kind, title, page, "millions", [Period(2023, 12)],
                     [StatementRow("Revenue", 0, "", [Cell("1,874", 1874.0)])], role=role)

    # Roles as the statements' classifier gives them (app.core.ingest.statements.roles); the view presents them.
    note = table("balance", "BALANCE SHEET LOCATION", 81, "note")
    statements = Statements([note, table("balance", "Consolidated Balance Sheets", 54, "primary"),
                             table("income", "Consolidated Statements of Income", 52, "primary")])
    view = StatementsView(None)
    qtbot.addWidget(view)
    view.set_statements(DocumentInfo("d", "/tmp/NKE_2023_10K.pdf", "NKE_2023_10K"), statements)
    titles = [t.title for t in view.picker_tables()]
    assert titles[-1] == "BALANCE SHEET LOCATION" and set(titles[:2]) == {"Consolidated Balance Sheets",
                                                                         "Consolidated Statements of Income"}
    assert view.model.table.title == "Consolidated Statements of Income"  # the income statement opens first
    texts = [view.picker.itemText(i) for i in range(view.picker.count())]
    assert texts.index(next(t for t in texts if "BALANCE SHEET LOCATION" in t)) > texts.index("") + 1  # under a heading
