"""The document reader on its own: citations by path, long documents, moved files, zoom keeps highlights exact."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from app.core.citation_target import CitationTarget
from app.core.records import Rect
from app.ui.reader import FIND_BATCH_PAGES, DocumentReader


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 30-page PDF with "segment margin" once per page."""
    path = tmp_path_factory.mktemp("reader") / "long.pdf"
    document = pymupdf.open()
    for number in range(30):
        page = document.new_page(width=612, height=792)
        page.insert_text((72, 100), f"Page {number + 1} discussion of results.", fontsize=11)
        page.insert_text((72, 400), "The segment margin improved on lower freight costs.", fontsize=11)
    document.save(path)
    document.close()
    return path


@pytest.fixture
def reader(qtbot) -> DocumentReader:  # noqa: ANN001 - pytest-qt fixture
    widget = DocumentReader()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_citation_by_path_opens_its_page_with_the_highlight(reader: DocumentReader, long_pdf: Path) -> None:
    with pymupdf.open(long_pdf) as document:
        box = document[17].search_for("segment margin")[0]
    rect = Rect(17, box.x0, box.y0, box.x1, box.y1)
    reader.show_target(CitationTarget(str(long_pdf), 17, (rect,), "The segment margin improved"))
    assert reader.current_page() == 17
    assert reader.highlight_rects() == {17: [rect]}
    assert reader.page_count() == 30
    drawn = reader.canvas.map_rect(rect)
    viewport_top = reader.scroll_area.verticalScrollBar().value()
    assert viewport_top <= drawn.top() <= viewport_top + reader.scroll_area.viewport().height()  # scrolled into view
    reader.zoom_in()
    reader.zoom_in()
    assert reader.highlight_rects() == {17: [rect]}  # PDF coordinates do not change with the zoom
    assert reader.canvas.map_rect(rect).width() == pytest.approx((rect.x1 - rect.x0) * reader.canvas.scale)


def test_find_in_a_long_document_runs_in_steps(qtbot, reader: DocumentReader, long_pdf: Path) -> None:  # noqa: ANN001
    reader.show_target(CitationTarget(str(long_pdf)))
    with qtbot.waitSignal(reader.find_finished, timeout=10_000) as blocker:
        first = reader.find("segment margin")
        assert first == FIND_BATCH_PAGES  # only the first pages are searched before the event loop runs again
    assert blocker.args[0] == 30
    assert reader.find_label.text() == "1 of 30"
    reader.find_step(-1)
    assert reader.find_label.text() == "30 of 30" and reader.current_page() == 29


def test_a_moved_file_is_explained_with_the_passage(reader: DocumentReader, tmp_path: Path) -> None:
    missing = tmp_path / "gone.pdf"
    reader.show_target(CitationTarget(str(missing), 2, text="Net income was 2,480 million."))
    assert reader.stack.currentIndex() == 2
    text = reader.placeholder.text()
    assert "no longer at" in text and "2,480" in text
    assert not reader.external_button.isEnabled()


def _pdf(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    document = pymupdf.open()
    page = document.new_page(width=612, height=792)
    page.insert_text((72, 100), text, fontsize=11)
    document.save(path)
    document.close()
    return path


def test_find_follows_the_document_shown(qtbot, reader: DocumentReader, long_pdf: Path, tmp_path: Path) -> None:  # noqa: ANN001
    reader.show_target(CitationTarget(str(long_pdf)))
    with qtbot.waitSignal(reader.find_finished, timeout=10_000) as finished:
        reader.find("segment margin")
    assert finished.args == [30] and len(reader.canvas.find_matches) == 30

    notes = tmp_path / "notes.txt"
    notes.write_text("Management expects the segment margin to widen.")
    reader.show_target(CitationTarget(str(notes), text="Management expects the segment margin to widen."))
    assert reader.find_matches() == [] and reader.canvas.find_matches == [] and reader.find_label.text() == ""
    assert reader.find("segment margin") == 1  # found in the text view
    assert reader.text_view.textCursor().selectedText() == "segment margin"
    assert reader.find("capital expenditures") == 0 and reader.find_label.text() == "Not found"

    reader.show_target(CitationTarget(str(long_pdf)))  # back to the PDF: find searches its pages again
    reader.find_field.setText("segment margin")
    reader.find_step(1)
    qtbot.waitUntil(lambda: reader.find_label.text() == "1 of 30", timeout=10_000)
    reader.find_step(-1)
    assert reader.find_label.text() == "30 of 30" and reader.canvas.find_current == 29
    assert reader.current_page() == 29


def test_the_document_on_screen_stays_open_while_older_ones_are_closed(tmp_path: Path) -> None:
    from app.ui.reader import PdfDocuments

    documents = PdfDocuments(keep=2)
    on_screen = documents.open(str(_pdf(tmp_path, "first.pdf", "Revenue grew.")))
    others = [documents.open(str(_pdf(tmp_path, f"other{n}.pdf", "Other.")), in_use=on_screen) for n in range(3)]
    assert not on_screen.is_closed  # evicted from the cache, but still on screen
    assert others[0].is_closed and not others[1].is_closed and not others[2].is_closed
    assert documents.open(str(tmp_path / "other2.pdf")) is others[2]  # reused, not reopened
    documents.close_all()
    assert others[2].is_closed
    on_screen.close()


def test_passages_loaded_for_an_earlier_document_are_dropped(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    import threading

    from app.core.records import Chunk
    from app.ui.reader import PassageView
    from app.ui.workers import active_workers

    release = threading.Event()

    def slow_loader(doc_id: str) -> list[Chunk]:
        release.wait(10)  # still loading when the reader moves on
        return [Chunk(chunk_id="c1", doc_id=doc_id, ordinal=0, text="Loaded too late.", pages=[0], char_start=0,
                      char_end=16)]

    view = PassageView(slow_loader)
    qtbot.addWidget(view)
    document = type("Doc", (), {"doc_id": "d1", "path": str(tmp_path / "a.txt")})()
    view.show_passage(document, "The cited passage.", [], "c0")  # type: ignore[arg-type]
    (loading,) = [worker for worker in active_workers() if worker.name == "load passages" and worker.is_running]
    view.cancel_loading()  # the reader moved on to another document
    with qtbot.waitSignal(loading.finished, timeout=10_000) as delivered:
        release.set()
    assert [chunk.text for chunk in delivered.args[0]] == ["Loaded too late."]  # the late passages did arrive...
    assert "The cited passage." in view.toPlainText() and "Loaded too late." not in view.toPlainText()  # ...unshown
