"""Searching from the window and reading the hit: result rows, the right page, highlights on the passage's words."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt

from app.core.ingest.indexing import index_paths
from app.core.records import Rect
from app.core.retrieval.search import SearchResponse
from app.ui.item_models import HitRole, SnippetHtmlRole
from app.ui.main_window import MainWindow
from tests.pdf_factory import make_10k

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def type_search(qtbot, window: MainWindow, query: str) -> SearchResponse:  # noqa: ANN001 - pytest-qt fixture
    """Type a query in the search field and press Enter, as a user would; wait for the results."""
    field = window.search_bar.query_field
    field.setFocus()
    field.clear()
    with qtbot.waitSignal(window.search_finished, timeout=30_000) as blocker:
        qtbot.keyClicks(field, query)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    return blocker.args[0]


def words_inside(path: str, page_number: int, rects: list[Rect]) -> list[str]:
    """Words of a PDF page whose box centre lies in one of ``rects`` (PyMuPDF's own word boxes)."""
    with pymupdf.open(path) as document:
        words = document[page_number].get_text("words")
    inside = []
    for x0, y0, x1, y1, text, *_ in words:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if any(r.x0 <= cx <= r.x1 and r.y0 <= cy <= r.y1 for r in rects):
            inside.append(text)
    return inside


def tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text)


def test_search_shows_result_rows_with_emphasised_terms(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    response = type_search(qtbot, window, "purchases of property and equipment")
    assert response.hits
    view = window.results_panel.view
    assert view.model().rowCount() == len(response.hits) > 0
    assert window.results_panel.stack.currentWidget() is view
    first = view.model().index(0, 0)
    hit = first.data(HitRole)
    assert "Purchases of property and equipment" in hit.chunk.text
    assert "<b>" in first.data(SnippetHtmlRole)  # matched terms in bold
    assert window.results_panel.header.text().startswith(f"{len(response.hits)} result")
    assert view.visualRect(first).height() > 40  # drawn as a card, not a bare line


def test_enter_opens_best_hit_on_its_page_with_highlights_on_the_passage(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    response = type_search(qtbot, window, "purchases of property and equipment capital expenditures")
    hit = response.hits[0]
    qtbot.waitUntil(lambda: window.reader.current_path() == hit.document.path)
    reader = window.reader
    assert reader.current_page() == hit.chunk.page
    drawn = reader.highlight_rects()
    assert drawn, "no highlight drawn"
    assert set(drawn) == set(hit.chunk.pages)
    assert [r for page in sorted(drawn) for r in drawn[page]] == hit.chunk.rects
    # The highlight covers exactly the passage: the words PyMuPDF finds inside the boxes are the chunk's words.
    found: list[str] = []
    for page, rects in drawn.items():
        found += words_inside(hit.document.path, page, rects)
    assert tokens(" ".join(found)) == tokens(hit.chunk.text)
    assert window.results_panel.current_hit_row() == 0
    assert reader.hit_label.text() == f"Result 1 of {len(response.hits)}"


def test_passage_across_a_page_break_is_highlighted_on_both_pages(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    response = type_search(qtbot, window, "cyberattack on our ordering systems could interrupt deliveries")
    spanning = next((h for h in response.hits if len(h.chunk.pages) > 1), None)
    if spanning is None:
        pytest.skip("the chunker kept the continued sentence on one page")
    window.results_panel.open_hit(response.hits.index(spanning))
    drawn = window.reader.highlight_rects()
    assert sorted(drawn) == sorted(spanning.chunk.pages)
    assert window.reader.current_page() == spanning.chunk.pages[0]
    last_page = spanning.chunk.pages[-1]
    assert "permanently" in words_inside(spanning.document.path, last_page, drawn[last_page])


def test_next_and_previous_result_shortcuts_move_through_hits(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    response = type_search(qtbot, window, "net revenues gross profit")
    assert len(response.hits) >= 3
    window.results_panel.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.results_panel.current_hit_row() == 1
    assert window.reader.current_page() == response.hits[1].chunk.page
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.results_panel.current_hit_row() == 2
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.results_panel.current_hit_row() == 1
    assert window.reader.hit_label.text() == f"Result 2 of {len(response.hits)}"
    # Enter on a result opens it and moves the keyboard focus to the page.
    window.results_panel.view.setFocus()
    window.results_panel.view.setCurrentIndex(window.results.index(0))
    qtbot.keyClick(window.results_panel.view, Qt.Key.Key_Return)
    assert window.reader.scroll_area.hasFocus()
    assert window.reader.current_page() == response.hits[0].chunk.page


def test_filters_rerun_the_search_and_limit_results(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    type_search(qtbot, window, "net revenues")
    bar = window.search_bar
    companies = [bar.company_combo.itemData(i) for i in range(1, bar.company_combo.count())]
    assert "Globex Corporation" in companies
    started = time.perf_counter()
    with qtbot.waitSignal(window.search_finished, timeout=30_000) as blocker:
        assert bar.select_filter(bar.company_combo, "Globex Corporation")
    print(f"filtered search shown after {1000 * (time.perf_counter() - started):.0f} ms")
    response = blocker.args[0]
    assert response.hits
    assert {h.document.company for h in response.hits} == {"Globex Corporation"}
    assert "Globex Corporation" in window.results_panel.header.text()


def test_ctrl_f_focuses_search_and_ctrl_o_is_bound(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    window.reader.find_field.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_bar.query_field.hasFocus()
    assert window.commands.add_files.shortcut().toString() == "Ctrl+O"
    assert "Ctrl+L" in [s.toString() for s in window.commands.focus_search.shortcuts()]


def test_reader_zoom_find_and_page_strip(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    response = type_search(qtbot, window, "net revenues cost of revenues")
    reader = window.reader
    hit = response.hits[0]
    before = reader.zoom()
    reader.zoom_in()
    assert reader.zoom() > before
    assert reader.highlight_rects() == {p: [r for r in hit.chunk.rects if r.page == p] for p in hit.chunk.pages}
    reader.fit_width()
    assert reader.fit_button.isChecked()
    count = reader.find("Net revenues")
    assert count >= 1
    assert reader.find_label.text().startswith("1 of")
    match = reader.find_matches()[reader.canvas.find_current]
    assert reader.current_page() == match.page
    reader.go_to_page(0)
    assert reader.current_page() == 0
    assert reader.page_count() == 4
    marked = reader.page_strip.hit_counts()
    assert hit.chunk.page in marked


def test_text_document_shows_the_passage_highlighted(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed)
    response = type_search(qtbot, window, "data center demand fabrication plants")
    hit = next(h for h in response.hits if h.document.path.endswith(".txt"))
    window.results_panel.open_hit(response.hits.index(hit))
    reader = window.reader
    assert reader.stack.currentWidget() is reader.text_view
    assert reader.highlight_rects() == {}
    assert reader.highlighted_text() == hit.chunk.text
    qtbot.waitUntil(lambda: "fabrication" in reader.text_view.toPlainText())
    assert "background-color" in reader.text_view.toHtml()


def test_screenshot_of_main_window_with_highlighted_passage(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window = make_window(*indexed, width=1440, height=900)
    response = type_search(qtbot, window, "capital expenditures purchases of property and equipment")
    qtbot.waitUntil(lambda: bool(window.reader.highlight_rects()))
    hit = response.hits[0]
    window.reader.render_now()
    qtbot.waitUntil(lambda: window.reader.page_strip.item(0).data(Qt.ItemDataRole.DecorationRole) is not None)
    qtbot.wait(150)
    window.reader.render_now()
    ARTIFACTS.mkdir(exist_ok=True)
    image = window.grab()
    assert image.save(str(ARTIFACTS / "main_window.png"))
    assert window.reader.current_page() == hit.chunk.page


def test_a_company_named_two_ways_is_one_filter_shown_once(qtbot, make_window, empty_library,  # noqa: ANN001
                                                           tmp_path: Path) -> None:
    # The 10-K's cover says "Acme Widgets, Inc."; the earnings note has no cover, so its company comes from the file
    # name ("Acme Widgets"). Searching for the company must reach both, and say so once.
    library, embedder = empty_library
    make_10k(tmp_path / "ACME_2022_10K.pdf", company="Acme Widgets, Inc.", ticker="ACME", year=2022)
    (tmp_path / "ACME_WIDGETS_2023Q1_EARNINGS.txt").write_text(
        "First quarter 2023 results\n\nNet revenues rose 8% to 3,120 million on stronger widget demand.\n")
    assert index_paths([tmp_path], library, embedder).count("indexed") == 2
    assert len({d.company for d in library.list_documents()}) == 2
    window = make_window(library, embedder)
    response = type_search(qtbot, window, "Acme Widgets net revenues")
    assert response.auto_company_filter
    assert {h.document.path.rsplit("/", 1)[-1] for h in response.hits} == {
        "ACME_2022_10K.pdf", "ACME_WIDGETS_2023Q1_EARNINGS.txt"}
    header = window.results_panel.header.text()
    assert "limited to Acme Widgets" in header and header.count("Acme Widgets") == 1
    # The company filter offers Acme once, and choosing it reaches both filings.
    bar = window.search_bar
    offered = [bar.company_combo.itemText(i) for i in range(1, bar.company_combo.count())]
    assert offered == ["Acme Widgets, Inc"]
    type_search(qtbot, window, "net revenues")
    with qtbot.waitSignal(window.search_finished, timeout=30_000) as blocker:
        assert bar.select_filter(bar.company_combo, "Acme Widgets, Inc")
    assert {h.document.company for h in blocker.args[0].hits} == {"Acme Widgets, Inc", "Acme Widgets"}
    assert window.results_panel.header.text().count("Acme Widgets") == 1
