"""The PDF page canvas: every page of one document stacked vertically, rendered lazily, highlights drawn on top.

PyMuPDF is not thread-safe per document, so the reader's ``pymupdf.Document`` objects (:class:`PdfDocuments`) are
used only on the GUI thread: visible pages are rendered one per event-loop turn, so scrolling stays fluid, and
cached. Highlights are the chunk's line boxes (:class:`app.core.records.Rect`, PDF points, top-left origin) scaled by
the zoom, so what is drawn is exactly what was retrieved.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from app.core.records import Rect
from app.ui.theme import colors

log = logging.getLogger(__name__)

PAGE_GAP = 14  # px between pages
PAGE_MARGIN = 18  # px around the page column
MIN_SCALE, MAX_SCALE = 0.25, 6.0
HIGHLIGHT_PAD = 1.0  # points added around each line box, so descenders are covered
RENDER_CACHE_PAGES = 24
MAX_OPEN_DOCUMENTS = 3


def is_pdf(path: str) -> bool:
    """True when the file's bytes are a PDF (the extension is not trusted, as in ingestion)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False
    return head.startswith(b"%PDF") or b"%pdf-" in head.lower()


def render_page(document: Any, page_number: int, scale: float) -> QImage:
    """Render one page at ``scale`` pixels per point (GUI thread only: see module docstring)."""
    import pymupdf

    page = document[page_number]
    pixmap = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
    image = QImage(pixmap.samples, pixmap.width, pixmap.height, pixmap.stride, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: pixmap.samples is freed with the pixmap


class PdfDocuments:
    """The PDFs the reader has open (GUI thread only): the few most recent stay open, so going back is instant.

    Args:
        keep: how many documents stay open.
    """

    def __init__(self, keep: int = MAX_OPEN_DOCUMENTS) -> None:
        self._keep = keep
        self._documents: OrderedDict[str, Any] = OrderedDict()  # path -> pymupdf.Document

    def open(self, path: str, *, in_use: Any = None) -> Any:
        """The document of ``path``, opened now or reused; raises what PyMuPDF raises for a damaged file.

        Args:
            path: the PDF file.
            in_use: a document still on screen, which must not be closed when older ones are.
        """
        document = self._documents.get(path)
        if document is not None:
            self._documents.move_to_end(path)
            return document
        import pymupdf

        document = pymupdf.open(path)
        self._documents[path] = document
        while len(self._documents) > self._keep:
            _, oldest = self._documents.popitem(last=False)
            if oldest is not in_use:
                oldest.close()
        return document

    def close_all(self) -> None:
        """Close every open document (before the window closes)."""
        for document in self._documents.values():
            document.close()
        self._documents.clear()


class PageCanvas(QWidget):
    """All pages of one PDF stacked vertically, painted lazily, with highlight and find rectangles on top.

    ``highlights`` (page → line boxes), ``find_matches`` and ``find_current`` are what is drawn; their owners set
    them and call ``update()``.
    """

    rendered = Signal(int)  # a page image became available

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._document: Any = None
        self._sizes: list[tuple[float, float]] = []  # page sizes in points
        self._tops: list[float] = []
        self._scale = 1.0
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._queue: list[int] = []
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render_next)
        self.highlights: dict[int, list[Rect]] = {}
        self.find_matches: list[Rect] = []
        self.find_current = -1

    @property
    def document(self) -> Any:
        """The ``pymupdf.Document`` shown (None when nothing is); use it on the GUI thread only."""
        return self._document

    @property
    def scale(self) -> float:
        """Pixels per PDF point."""
        return self._scale

    @property
    def page_count(self) -> int:
        """Pages of the document shown."""
        return len(self._sizes)

    def page_sizes(self) -> list[tuple[float, float]]:
        """Sizes of all pages in points."""
        return list(self._sizes)

    def set_document(self, document: Any) -> None:
        """Show a ``pymupdf.Document`` (or None)."""
        self._document = document
        self._cache.clear()
        self._queue.clear()
        self.highlights = {}
        self.find_matches = []
        self.find_current = -1
        self._sizes = []
        if document is not None:
            for number in range(document.page_count):
                rect = document[number].rect
                self._sizes.append((rect.width, rect.height))
        self._relayout()

    def set_scale(self, scale: float) -> None:
        """Zoom to ``scale`` pixels per point."""
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        if abs(scale - self._scale) < 1e-4:
            return
        self._scale = scale
        self._queue.clear()
        self._relayout()

    def _relayout(self) -> None:
        self._tops = []
        y = float(PAGE_MARGIN)
        width = 0.0
        for w, h in self._sizes:
            self._tops.append(y)
            y += h * self._scale + PAGE_GAP
            width = max(width, w * self._scale)
        height = y - PAGE_GAP + PAGE_MARGIN if self._sizes else 0
        self.resize(max(int(width + 2 * PAGE_MARGIN), self.minimumWidth(), self._viewport_width()), int(height))
        self.update()

    def _viewport_width(self) -> int:
        parent = self.parentWidget()
        return parent.width() if parent is not None else 0

    def page_rect(self, page: int) -> QRectF:
        """Where a page is drawn, in widget pixels."""
        w, h = self._sizes[page]
        x = max(PAGE_MARGIN, (self.width() - w * self._scale) / 2)
        return QRectF(x, self._tops[page], w * self._scale, h * self._scale)

    def map_rect(self, rect: Rect, pad: float = 0.0) -> QRectF:
        """A rectangle in PDF points on its page, in widget pixels."""
        origin = self.page_rect(rect.page).topLeft()
        s = self._scale
        return QRectF(origin.x() + (rect.x0 - pad) * s, origin.y() + (rect.y0 - pad) * s,
                      (rect.x1 - rect.x0 + 2 * pad) * s, (rect.y1 - rect.y0 + 2 * pad) * s)

    def page_at(self, y: float) -> int:
        """The page at a vertical position (the nearest one in a gap)."""
        if not self._tops:
            return 0
        for number in range(len(self._tops) - 1, -1, -1):
            if y >= self._tops[number] - PAGE_GAP / 2:
                return number
        return 0

    def _image(self, page: int) -> QImage | None:
        key = (page, round(self._scale * self.devicePixelRatioF() * 1000))
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
        elif page not in self._queue:
            self._queue.append(page)
            self._render_timer.start()
        return image

    def _render_next(self) -> None:
        """Render one queued page if it is still visible, then yield to the event loop."""
        if not self._queue or self._document is None:
            return
        page = self._queue.pop(0)
        visible = self.visibleRegion().boundingRect()
        target = self.page_rect(page)
        if visible.isEmpty() or target.intersects(QRectF(visible).adjusted(0, -400, 0, 400)):
            ratio = self.devicePixelRatioF()
            try:
                image = render_page(self._document, page, self._scale * ratio)
            except Exception as error:  # a damaged page must not break the reader
                log.warning("page %d could not be rendered: %s", page + 1, error)
                image = QImage(1, 1, QImage.Format.Format_RGB888)
                image.fill(QColor("white"))
            image.setDevicePixelRatio(ratio)
            self._cache[(page, round(self._scale * ratio * 1000))] = image
            while len(self._cache) > RENDER_CACHE_PAGES:
                self._cache.popitem(last=False)
            self.update(target.toAlignedRect().adjusted(-4, -4, 4, 4))
            self.rendered.emit(page)
        if self._queue:
            self._render_timer.start()

    def render_visible_now(self) -> None:
        """Render every queued page at once (tests, screenshots)."""
        while self._queue:
            self._render_next()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        c = colors()
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(c.page_background))
        if not self._sizes:
            return
        area = QRectF(event.rect())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for page in range(len(self._sizes)):
            target = self.page_rect(page)
            if target.bottom() < area.top() - 2:
                continue
            if target.top() > area.bottom() + 2:
                break
            painter.fillRect(target.translated(0, 2).adjusted(-1, -1, 1, 1), QColor(0, 0, 0, 40))
            painter.fillRect(target, QColor("white"))
            image = self._image(page)
            if image is not None:
                painter.drawImage(target, image)
            painter.setPen(Qt.PenStyle.NoPen)
            for rect in self.highlights.get(page, []):
                painter.setBrush(c.highlight)
                painter.drawRoundedRect(self.map_rect(rect, HIGHLIGHT_PAD), 2, 2)
            for number, rect in enumerate(self.find_matches):
                if rect.page == page:
                    color = QColor(c.find)
                    if number == self.find_current:
                        color.setAlpha(min(255, color.alpha() * 2))
                    painter.setBrush(color)
                    painter.drawRect(self.map_rect(rect, 0.5))
        painter.end()
