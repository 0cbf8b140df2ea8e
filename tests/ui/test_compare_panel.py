"""The Compare tab: a grid of companies × years fills in the background; a figure opens its inputs on the page; a
missing figure says why; the Excel export recomputes every figure from its formula."""

from __future__ import annotations

import math
from pathlib import Path

import formulas
import pymupdf
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.core import paths
from app.core.citation_target import CitationTarget
from app.ui.compare_panel import ComparePanel
from app.ui.main_window import MainWindow
from app.ui.workers import active_workers

COLUMNS = "revenue growth, operating margin, capex as a % of revenue, quick ratio"


def _filled_window(make_window, qtbot, indexed, monkeypatch, tmp_path: Path) -> MainWindow:  # noqa: ANN001
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))  # saved grids go to this test's folder
    window = make_window(*indexed)
    panel = window.compare_panel
    window.middle_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.company_list.count() == 2)
    panel.choose(["ACME", "GBX"], "2022", COLUMNS)
    with qtbot.waitSignal(panel.filled, timeout=20_000):
        qtbot.mouseClick(panel.fill_button, Qt.MouseButton.LeftButton)
    return window


def _index(panel: ComparePanel, row_label: str, column_text: str):  # noqa: ANN202
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.headerData(r, Qt.Orientation.Vertical) == row_label)
    headings = [model.headerData(c, Qt.Orientation.Horizontal).replace("\n", " ") for c in range(model.columnCount())]
    column = headings.index(column_text)
    return model.index(row, column)


def test_clicking_a_figure_highlights_its_input_cells(make_window, qtbot, indexed, monkeypatch,  # noqa: ANN001
                                                     tmp_path: Path) -> None:
    window = _filled_window(make_window, qtbot, indexed, monkeypatch, tmp_path)
    panel = window.compare_panel
    model = panel.model
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())] == \
        ["ACME FY2022", "GBX FY2022"]
    assert _index(panel, "ACME FY2022", "operating margin").data() == "26.2%"  # 3,235 / 12,345
    assert _index(panel, "GBX FY2022", "revenue growth").data() == "4.9%"  # 48,210 / 45,977 - 1
    index = _index(panel, "ACME FY2022", "capex as a % of revenue")
    assert index.data() == "12.8%"  # 1,577 / 12,345

    panel.grid.scrollTo(index)
    qtbot.mouseClick(panel.grid.viewport(), Qt.MouseButton.LeftButton, pos=panel.grid.visualRect(index).center())

    highlights = window.reader.highlight_rects()
    assert sorted(highlights) == [2, 3]  # revenue on the income statement, capex on the cash flow statement
    acme = next(d for d in window.documents.documents if d.ticker == "ACME")
    assert window.reader.current_path() == acme.path
    with pymupdf.open(acme.path) as document:
        shown = {document[page].get_textbox(pymupdf.Rect(r.x0, r.y0, r.x1, r.y1)).strip()
                 for page, rects in highlights.items() for r in rects}
    assert shown == {"12,345", "(1,577)"}


def test_a_missing_figure_says_why_in_its_tooltip(make_window, qtbot, indexed, monkeypatch,  # noqa: ANN001
                                                  tmp_path: Path) -> None:
    window = _filled_window(make_window, qtbot, indexed, monkeypatch, tmp_path)
    index = _index(window.compare_panel, "ACME FY2022", "quick ratio")  # the filing has no balance sheet
    assert index.data() == "—"
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "cash and cash equivalents" in tip.lower() and "quick ratio" in tip.lower()
    assert "missing" not in window.compare_panel.status.text() and "could not be filled" in \
        window.compare_panel.status.text()
    window.reader.clear()
    qtbot.mouseClick(window.compare_panel.grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.compare_panel.grid.visualRect(index).center())
    assert window.reader.highlight_rects() == {}  # nothing to show: no page opens


def test_the_excel_export_recomputes_each_figure_from_its_formula(make_window, qtbot, indexed,  # noqa: ANN001
                                                                  monkeypatch, tmp_path: Path) -> None:
    window = _filled_window(make_window, qtbot, indexed, monkeypatch, tmp_path)
    panel = window.compare_panel
    path = tmp_path / "comparison.xlsx"
    assert panel.export(path)
    sheet = load_workbook(path)["Grid"]
    assert sheet.freeze_panes == "D2"
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {key.split("!")[1]: value.value[0][0] for key, value in solution.items() if "GRID" in key.upper()
              and "!" in key and ":" not in key.split("!")[1]}
    checked = 0
    for row in range(panel.model.rowCount()):
        for column in range(panel.model.columnCount()):
            cell = panel.model.grid.cell(row, column)
            target = sheet.cell(row=row + 2, column=column + 4)
            if cell.value is None:
                assert target.value is None and cell.reason in target.comment.text
                continue
            assert str(target.value).startswith("=Inputs!") or str(target.value).startswith("=(")
            assert "#,##0.##" not in target.number_format
            assert math.isclose(float(values[target.coordinate]), cell.value, rel_tol=1e-12)
            checked += 1
    assert checked == 6  # three metrics × two filings; the quick ratios are missing


def test_a_saved_grid_reopens_its_columns(make_window, qtbot, indexed, monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    window = _filled_window(make_window, qtbot, indexed, monkeypatch, tmp_path)
    panel = window.compare_panel
    assert panel.save("margins")
    panel.columns_field.setText("gross margin")
    assert [panel.saved_picker.itemText(i) for i in range(panel.saved_picker.count())][1:] == ["margins"]
    with qtbot.waitSignal(panel.filled, timeout=20_000):
        panel.open_saved("margins")
    assert panel.columns_field.text() == COLUMNS
    assert panel.model.columnCount() == 4 and panel.chosen_companies() == ["Acme Widgets, Inc", "Globex Corporation"]


def test_opening_a_filing_in_the_reader_chooses_its_company(make_window, qtbot, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    panel = window.compare_panel
    qtbot.waitUntil(lambda: panel.company_list.count() == 2)
    globex = next(d for d in window.documents.documents if d.ticker == "GBX")
    window.workspace_page.open_target(CitationTarget.at(globex, 0))  # opened from the library
    assert panel.chosen_companies() == [globex.company]
    assert panel.years_field.text() == "2020-2022"
    assert panel.fill_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_cancel_stops_the_fill_and_keeps_what_is_filled(make_window, qtbot, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    panel = window.compare_panel
    qtbot.waitUntil(lambda: panel.company_list.count() == 2)
    window.middle_tabs.setCurrentWidget(panel)
    panel.choose(["ACME", "GBX"], "2018-2022", COLUMNS + ", What are the main risk factors?")
    panel.fill()
    assert panel.is_filling and panel.cancel_button.isEnabled() and panel.progress.isVisible()
    assert panel.model.rowCount() == 10 and _index(panel, "ACME FY2018", "quick ratio").data() == "…"
    (filling,) = [worker for worker in active_workers() if worker.name == "compare" and worker.is_running]
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    filled = panel.model.filled()
    assert panel.status.text() == f"Stopped: {filled} of 50 cells filled."
    assert not panel.cancel_button.isEnabled() and not panel.progress.isVisible()
    if filling.is_running:  # the worker stops at its next cell: everything it still sends has arrived by then
        with qtbot.waitSignal(filling.done, timeout=30_000):
            pass
    assert panel.model.filled() == filled  # nothing arrives after Cancel
    with qtbot.waitSignal(panel.filled, timeout=30_000):
        panel.fill()  # and the same grid fills again in full
    assert panel.model.filled() == 50
