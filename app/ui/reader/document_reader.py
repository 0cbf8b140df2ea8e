"""The document reader's shell: a title and zoom bar, the find row, and a stack of PDF pages, text, or a notice.

It opens a document at a spot (a :class:`~app.core.citation_target.CitationTarget`: a search hit, an answer's
citation, a figure's cell) and keeps the pieces in step: the page canvas (:mod:`.canvas`), the thumbnails
(:mod:`.thumbnails`), find (:mod:`.find`) and the text view for HTML and text documents (:mod:`.text_view`). It
talks to each through its public methods and signals; the PDF documents themselves are held by
:class:`~app.ui.reader.canvas.PdfDocuments` and used on the GUI thread only.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.citation_target import CitationTarget
from app.core.records import DocumentInfo, Rect
from app.ui.reader.canvas import PAGE_GAP, PAGE_MARGIN, PageCanvas, PdfDocuments, is_pdf
from app.ui.reader.find import FindBar
from app.ui.reader.text_view import ChunkLoader, PassageView
from app.ui.reader.thumbnails import PageStrip
from app.ui.reader.widgets import ElidedLabel, tool_button

ZOOM_STEP = 1.2
NOTHING_OPEN = "Select a search result to read the passage in its document."


class DocumentReader(QWidget):
    """Shows a document at a spot (:meth:`show_target`): the page, the passage highlighted, thumbnails, zoom, find.

    Signals:
        next_hit_requested(), previous_hit_requested(): the user asked for the next/previous search result.
        page_changed(int): the page in view changed (0-based).
        find_finished(int): the whole document was searched; the number of matches.
        document_shown(object): the library's :class:`DocumentInfo` of a document just opened (other tabs follow it).
    """

    next_hit_requested = Signal()
    previous_hit_requested = Signal()
    page_changed = Signal(int)
    find_finished = Signal(int)
    document_shown = Signal(object)

    def __init__(self, chunk_loader: ChunkLoader | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentReader")
        self._chunk_loader = chunk_loader
        self._documents = PdfDocuments()
        self._path = ""
        self._info: DocumentInfo | None = None
        self._fit_width = True
        self._current_page = 0
        self._text_highlight = ""
        self._anchor: Rect | None = None  # the passage jumped to; its page is "current" while it is in view
        self._build()

    # --- construction ---------------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(self._build_title_bar())

        find_row = QHBoxLayout()
        find_row.setSpacing(4)
        self.page_label = QLabel("")
        self.page_label.setProperty("role", "muted")
        self.page_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        find_row.addWidget(self.page_label)
        find_row.addStretch(1)
        self.find_bar = FindBar()
        # The find row's parts, by the names the rest of the window (and the tests) use.
        self.find_field = self.find_bar.field
        self.find_label = self.find_bar.label
        self.find_previous_button = self.find_bar.previous_button
        self.find_next_button = self.find_bar.next_button
        find_row.addWidget(self.find_bar)
        layout.addLayout(find_row)

        self.stack = QStackedWidget()
        # PDF view: thumbnails | pages
        self.pdf_view = QWidget()
        pdf_layout = QHBoxLayout(self.pdf_view)
        pdf_layout.setContentsMargins(0, 0, 0, 0)
        pdf_layout.setSpacing(8)
        self.page_strip = PageStrip()
        self.canvas = PageCanvas()
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("pageArea")
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area.viewport().installEventFilter(self)
        pdf_layout.addWidget(self.page_strip)
        pdf_layout.addWidget(self.scroll_area, 1)
        self.stack.addWidget(self.pdf_view)
        # Text view (HTML and text documents)
        self.text_view = PassageView(self._chunk_loader)
        self.stack.addWidget(self.text_view)
        # Placeholder / problems
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setProperty("role", "muted")
        self.placeholder.setTextFormat(Qt.TextFormat.RichText)
        frame = QFrame()
        frame.setProperty("role", "card")
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(32, 32, 32, 32)
        frame_layout.addWidget(self.placeholder)
        self.stack.addWidget(frame)
        layout.addWidget(self.stack, 1)
        self._connect()
        self._show_placeholder(NOTHING_OPEN)
        self._update_controls()

    def _build_title_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.title_label = ElidedLabel("No document open")
        self.title_label.setProperty("role", "heading")
        # The title gives way first when the reader is narrow; the controls keep their size.
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.title_label, 1)
        self.previous_hit_button = tool_button("previous", "Previous result (Shift+F3)", self)
        self.previous_hit_button.clicked.connect(self.previous_hit_requested)
        self.hit_label = QLabel("")
        self.hit_label.setProperty("role", "muted")
        self.next_hit_button = tool_button("next", "Next result (F3)", self)
        self.next_hit_button.clicked.connect(self.next_hit_requested)
        self.hit_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        for widget in (self.previous_hit_button, self.hit_label, self.next_hit_button):
            bar.addWidget(widget)
        bar.addSpacing(10)
        self.zoom_out_button = tool_button("zoom-out", "Zoom out (Ctrl+-)", self)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_label = QLabel("100%")
        self.zoom_label.setProperty("role", "muted")
        self.zoom_label.setMinimumWidth(38)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = tool_button("zoom-in", "Zoom in (Ctrl++)", self)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button = tool_button("fit-width", "Fit width (Ctrl+0)", self)
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.fit_button.clicked.connect(self.fit_width)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(widget)
        bar.addSpacing(10)
        self.external_button = tool_button("external", "Open in system viewer", self)
        self.external_button.clicked.connect(self.open_externally)
        bar.addWidget(self.external_button)
        return bar

    def _connect(self) -> None:
        self.page_strip.page_clicked.connect(self.go_to_page)
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._update_current_page)
        self.page_changed.connect(self.find_bar.set_page_in_view)
        self.find_bar.matches_changed.connect(self._on_find_matches_changed)
        self.find_bar.match_selected.connect(self._scroll_to)
        self.find_bar.finished.connect(self.find_finished)

    # --- public API -----------------------------------------------------------------------------------------------

    def show_target(self, target: CitationTarget) -> None:
        """Open a document at a spot (a search hit, an answer's citation, a figure's cell) and highlight it.

        The reader opens ``target.path`` at ``target.page`` and highlights ``target.rects``; an HTML or text document
        shows its passages with ``target.text`` marked, and a file no longer there is explained with that text.
        """
        document, path, text, rects = target.document, target.path, target.text, list(target.rects)
        if document is not None and (self._info is None or self._info.doc_id != document.doc_id):
            self.document_shown.emit(document)
        self._info = document
        self._path = path
        self._text_highlight = text
        self.text_view.cancel_loading()  # passages of the previous text document must not replace this one
        name = document.label if document is not None and document.label else Path(path).name
        self.title_label.setText(name)
        self.title_label.setToolTip(path)
        if not Path(path).exists():
            self._show_missing(path, text)
            return
        if is_pdf(path):
            if not self._open_pdf(path):
                return
            self.set_highlights(rects)
            self._scroll_to(rects[0] if rects else Rect(target.page, 0, 0, 0, 0))
        else:
            self._show_text(document, text, list(target.terms), target.chunk_id)
        self._update_controls()

    def set_hit_position(self, index: int, total: int) -> None:
        """Show "Result i of n" (``index`` 0-based; -1 hides it)."""
        self.hit_label.setText(f"Result {index + 1} of {total}" if index >= 0 and total else "")
        self.previous_hit_button.setEnabled(index > 0)
        self.next_hit_button.setEnabled(0 <= index < total - 1)

    def set_hit_pages(self, counts: dict[int, int]) -> None:
        """Mark the pages of the open document that hold search results (page → count)."""
        self.page_strip.set_hit_counts(counts)

    def set_highlights(self, rects: list[Rect]) -> None:
        """Highlight these line boxes (PDF points), replacing the previous highlight."""
        grouped: dict[int, list[Rect]] = {}
        for rect in rects:
            if 0 <= rect.page < self.canvas.page_count:
                grouped.setdefault(rect.page, []).append(rect)
        self.canvas.highlights = grouped
        self.canvas.update()

    def highlight_rects(self) -> dict[int, list[Rect]]:
        """The highlight rectangles drawn now, per 0-based page, in PDF points (top-left origin)."""
        if self.stack.currentWidget() is not self.pdf_view:
            return {}
        return {page: list(rects) for page, rects in self.canvas.highlights.items()}

    def highlighted_text(self) -> str:
        """The passage highlighted in the text view (HTML/text documents), else ""."""
        return self._text_highlight if self.stack.currentWidget() is self.text_view else ""

    def current_page(self) -> int:
        """The page in view (0-based)."""
        return self._current_page

    def page_count(self) -> int:
        """Pages of the open PDF (0 for text documents)."""
        return self.canvas.page_count if self.stack.currentWidget() is self.pdf_view else 0

    def current_path(self) -> str:
        """The file shown."""
        return self._path

    def zoom(self) -> float:
        """Zoom as a fraction of actual size (1.0 = 100%, i.e. 96 px per inch)."""
        return self.canvas.scale * 72 / 96

    def zoom_in(self) -> None:
        """Enlarge by one step."""
        self._set_scale(self.canvas.scale * ZOOM_STEP, fit=False)

    def zoom_out(self) -> None:
        """Shrink by one step."""
        self._set_scale(self.canvas.scale / ZOOM_STEP, fit=False)

    def fit_width(self) -> None:
        """Zoom so the widest page fills the view's width (kept when the view is resized)."""
        self._fit_width = True
        self._apply_fit()
        self._update_controls()

    def go_to_page(self, page: int) -> None:
        """Scroll to the top of a page."""
        if 0 <= page < self.canvas.page_count:
            self._scroll_to(Rect(page, 0, 0, 0, 0), top=True)

    def find(self, text: str) -> int:
        """Find ``text`` in the open document and show the first match.

        Returns the number of matches found so far: all of them for PDFs of up to
        :data:`~app.ui.reader.find.FIND_BATCH_PAGES` pages; longer documents are searched in the background and
        ``find_finished`` gives the total.
        """
        return self.find_bar.find(text)

    def find_step(self, step: int) -> None:
        """Go to the next (+1) or previous (-1) find match."""
        self.find_bar.step(step)

    def find_matches(self) -> list[Rect]:
        """Rectangles of the current find matches, in PDF points."""
        return list(self.find_bar.matches)

    def open_externally(self) -> bool:
        """Open the document in the system's viewer."""
        if not self._path:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(self._path))

    def clear(self) -> None:
        """Show nothing."""
        self._path = ""
        self._info = None
        self.text_view.cancel_loading()
        self._set_pdf(None)
        self.title_label.setText("No document open")
        self._show_placeholder(NOTHING_OPEN)
        self._update_controls()

    def close_documents(self) -> None:
        """Close every open PDF (before the window closes)."""
        self._set_pdf(None)
        self._documents.close_all()

    def render_now(self) -> None:
        """Finish rendering the visible pages immediately (tests, screenshots)."""
        self.canvas.repaint()
        self.canvas.render_visible_now()
        self.canvas.repaint()

    # --- PDF ------------------------------------------------------------------------------------------------------

    def _set_pdf(self, document: Any) -> None:
        """Put ``document`` (a ``pymupdf.Document`` or None) on the canvas, the thumbnails and the find bar."""
        self.canvas.set_document(document)
        self.page_strip.set_document(document, self.canvas.page_sizes())
        self.find_bar.set_target(document=document)

    def _open_pdf(self, path: str) -> bool:
        try:
            document = self._documents.open(path, in_use=self.canvas.document)
        except Exception as error:  # PyMuPDF raises several types for damaged or replaced files
            self._show_placeholder(f"<b>{html.escape(Path(path).name)}</b> could not be opened "
                                   f"({html.escape(str(error))}).<br>It may have been replaced by a damaged copy; "
                                   "add it again or open it in your PDF viewer.")
            return False
        if self.canvas.document is not document:
            self._set_pdf(document)
        else:
            self.find_bar.set_target(document=document)  # back from the text view: find in the PDF again
        self.stack.setCurrentWidget(self.pdf_view)
        if self._fit_width:
            self._apply_fit()
        return True

    def _set_scale(self, scale: float, *, fit: bool) -> None:
        anchor_page = self._current_page
        viewport = self.scroll_area.viewport()
        center = self.scroll_area.verticalScrollBar().value() + viewport.height() / 2
        relative = 0.0
        if self.canvas.page_count:
            rect = self.canvas.page_rect(anchor_page)
            relative = (center - rect.top()) / max(1.0, rect.height())
        self._fit_width = fit
        self.canvas.set_scale(scale)
        if self.canvas.page_count:
            rect = self.canvas.page_rect(anchor_page)
            self.scroll_area.verticalScrollBar().setValue(int(rect.top() + relative * rect.height()
                                                              - viewport.height() / 2))
        self._update_controls()

    def _apply_fit(self) -> None:
        if not self.canvas.page_count or not self._fit_width:
            return
        widest = max(width for width, _height in self.canvas.page_sizes())
        available = self.scroll_area.viewport().width() - 2 * PAGE_MARGIN
        if available > 50:
            self._set_scale(available / widest, fit=True)

    def _scroll_to(self, rect: Rect, *, top: bool = False) -> None:
        """Bring a rectangle into view: a third down the viewport (or at the top for page jumps)."""
        if not self.canvas.page_count:
            return
        self._anchor = rect
        target = self.canvas.map_rect(rect) if rect.x1 > rect.x0 else self.canvas.page_rect(rect.page)
        viewport = self.scroll_area.viewport()
        offset = PAGE_GAP / 2 if top or rect.x1 <= rect.x0 else viewport.height() / 3
        self.scroll_area.verticalScrollBar().setValue(int(target.top() - offset))
        if target.right() > viewport.width():
            self.scroll_area.horizontalScrollBar().setValue(int(target.left() - PAGE_MARGIN))
        else:
            self.scroll_area.horizontalScrollBar().setValue(0)
        self._update_current_page()
        self.canvas.update()

    def _update_current_page(self) -> None:
        if not self.canvas.page_count:
            return
        viewport = self.scroll_area.viewport()
        top = self.scroll_area.verticalScrollBar().value()
        page = self.canvas.page_at(top + viewport.height() / 3)
        if self._anchor is not None and self._anchor.x1 > self._anchor.x0:
            # After a jump, the passage's page is the current one while the passage is in view, even when the view
            # could not scroll far enough to put it a third of the way down (the end of a document).
            anchor = self.canvas.map_rect(self._anchor)
            if anchor.bottom() >= top and anchor.top() <= top + viewport.height():
                page = self._anchor.page
            else:
                self._anchor = None
        if page != self._current_page or self.page_strip.currentRow() != page:
            self._current_page = page
            self.page_strip.set_current_page(page)
            self.page_changed.emit(page)
        self._update_controls()

    def _on_find_matches_changed(self) -> None:
        self.canvas.find_matches = list(self.find_bar.matches)
        self.canvas.find_current = self.find_bar.current
        self.canvas.update()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt API
        if watched is self.scroll_area.viewport() and event.type() == event.Type.Resize:
            if self._fit_width and self.stack.currentWidget() is self.pdf_view:
                QTimer.singleShot(0, self._apply_fit)
        return super().eventFilter(watched, event)

    # --- text documents and problems ------------------------------------------------------------------------------

    def _show_text(self, document: DocumentInfo | None, text: str, terms: list[str], chunk_id: str) -> None:
        self._set_pdf(None)
        self.find_bar.set_target(text_view=self.text_view)
        self.text_view.show_passage(document, text, terms, chunk_id)
        self.stack.setCurrentWidget(self.text_view)
        self._current_page = 0

    def _show_missing(self, path: str, text: str) -> None:
        self._set_pdf(None)
        passage = f"<p style='text-align:left'><i>{html.escape(text[:1500])}</i></p>" if text else ""
        self._show_placeholder(f"<p><b>The file is no longer at</b><br>{html.escape(path)}</p>"
                               "<p>It was moved, renamed or deleted. Add it again from its new place (the library "
                               "keeps its passages until you remove it), or remove it from the library.</p>"
                               + passage)
        self._update_controls()

    def _show_placeholder(self, message: str) -> None:
        self.placeholder.setText(message)
        self.stack.setCurrentIndex(2)

    def _update_controls(self) -> None:
        pdf = self.stack.currentWidget() is self.pdf_view and self.canvas.page_count > 0
        for widget in (self.zoom_in_button, self.zoom_out_button, self.fit_button, self.find_previous_button,
                       self.find_next_button):
            widget.setEnabled(pdf)
        self.find_field.setEnabled(pdf or self.stack.currentWidget() is self.text_view)
        self.external_button.setEnabled(bool(self._path) and Path(self._path).exists())
        self.fit_button.setChecked(self._fit_width)
        self.zoom_label.setText(f"{round(self.zoom() * 100)}%" if pdf else "")
        if pdf:
            self.page_label.setText(f"Page {self._current_page + 1} of {self.canvas.page_count}")
        elif self.stack.currentWidget() is self.text_view:
            self.page_label.setText("Text document — the cited passage is highlighted")
        else:
            self.page_label.setText("")
