"""The document reader: PDF pages rendered with PyMuPDF, the cited passage highlighted exactly where it is.

PyMuPDF is not thread-safe per document, so the reader owns its ``pymupdf.Document`` objects and uses them only on
the GUI thread: visible pages are rendered lazily (one page per event-loop turn, so scrolling stays fluid) and
cached. Highlights are the chunk's line boxes (:class:`app.core.records.Rect`, PDF points, top-left origin) scaled
by the zoom, so what is drawn is exactly what was retrieved.

HTML and text documents have no page geometry: the reader shows their passages as text with the cited one
highlighted.
"""

from __future__ import annotations

import html
import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.records import Chunk, DocumentInfo, Rect, SearchHit
from app.ui.icons import apply_icon, icon
from app.ui.models import pages_label, snippet_html
from app.ui.theme import colors
from app.ui.workers import run_task

log = logging.getLogger(__name__)

PAGE_GAP = 14  # px between pages
PAGE_MARGIN = 18  # px around the page column
MIN_SCALE, MAX_SCALE = 0.25, 6.0
ZOOM_STEP = 1.2
HIGHLIGHT_PAD = 1.0  # points added around each line box, so descenders are covered
RENDER_CACHE_PAGES = 24
THUMB_WIDTH = 84
FIND_BATCH_PAGES = 8  # pages searched per event-loop turn (dense pages take ~7 ms each)
MAX_OPEN_DOCUMENTS = 3
ChunkLoader = Callable[[str], list[Chunk]]
ModelIndex = QModelIndex | QPersistentModelIndex


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


class PageCanvas(QWidget):
    """All pages of one PDF stacked vertically, painted lazily, with highlight and find rectangles on top."""

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
    def scale(self) -> float:
        """Pixels per PDF point."""
        return self._scale

    @property
    def page_count(self) -> int:
        """Pages of the document shown."""
        return len(self._sizes)

    def page_size(self, page: int) -> tuple[float, float]:
        """Size of a page in points."""
        return self._sizes[page]

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


class _ThumbnailDelegate(QStyledItemDelegate):
    """Paints a page thumbnail, its number, and a marker with the number of results on that page."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802 - Qt API
        size = index.data(Qt.ItemDataRole.SizeHintRole)
        return size if isinstance(size, QSize) else QSize(THUMB_WIDTH + 16, 130)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        c = colors()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        thumb_h = rect.height() - 26
        thumb = QRectF(rect.x() + (rect.width() - THUMB_WIDTH) / 2, rect.y() + 6, THUMB_WIDTH, thumb_h)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            thumb.setHeight(pixmap.height() / pixmap.devicePixelRatio())
            painter.fillRect(thumb.translated(0, 1.5), QColor(0, 0, 0, 35))
            painter.drawPixmap(thumb.toRect(), pixmap)
        else:
            painter.fillRect(thumb, QColor("white"))
        pen = QPen(QColor(c.accent if selected else c.border), 2 if selected else 1)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(thumb)
        hits = int(index.data(_HIT_COUNT_ROLE) or 0)
        if hits:
            badge = QRectF(thumb.right() - 20, thumb.top() - 4, 24, 17)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.accent))
            painter.drawRoundedRect(badge, 8, 8)
            painter.setPen(QColor(c.accent_text))
            font = painter.font()
            font.setPointSizeF(7.5)
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(hits))
        painter.setPen(QColor(c.text if selected else c.muted))
        font = option.font  # type: ignore[attr-defined]
        font.setPointSizeF(8)
        font.setBold(selected)
        painter.setFont(font)
        label = QRectF(rect.x(), thumb.bottom() + 3, rect.width(), 16)
        painter.drawText(label, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(index.row() + 1))
        painter.restore()


_HIT_COUNT_ROLE = Qt.ItemDataRole.UserRole + 40


class PageStrip(QListWidget):
    """Page thumbnails, rendered a few at a time while idle, with markers on pages that have results."""

    page_clicked = Signal(int)
    MAX_THUMBNAILS = 400

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageStrip")
        self.setItemDelegate(_ThumbnailDelegate(self))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(False)
        self.setSpacing(2)
        self.setFixedWidth(THUMB_WIDTH + 34)
        self._document: Any = None
        self._next_thumbnail = 0
        self._timer = QTimer(self)
        self._timer.setInterval(15)
        self._timer.timeout.connect(self._render_some)
        self.itemClicked.connect(lambda item: self.page_clicked.emit(self.row(item)))

    def set_document(self, document: Any, sizes: list[tuple[float, float]]) -> None:
        """Build one item per page (placeholders until thumbnails are rendered)."""
        self.clear()
        self._document = document
        self._next_thumbnail = 0
        for width, height in sizes:
            item = QListWidgetItem()
            thumb_height = int(THUMB_WIDTH * height / max(1.0, width))
            item.setSizeHint(QSize(THUMB_WIDTH + 16, thumb_height + 30))
            self.addItem(item)
        if document is not None and sizes:
            self._timer.start()

    def set_hit_counts(self, counts: dict[int, int]) -> None:
        """Mark pages that hold results (page → number of results)."""
        for row in range(self.count()):
            self.item(row).setData(_HIT_COUNT_ROLE, counts.get(row, 0))

    def hit_counts(self) -> dict[int, int]:
        """Pages marked as holding results."""
        return {row: int(self.item(row).data(_HIT_COUNT_ROLE) or 0) for row in range(self.count())
                if self.item(row).data(_HIT_COUNT_ROLE)}

    def set_current_page(self, page: int) -> None:
        """Select a page's thumbnail without emitting ``page_clicked``."""
        if 0 <= page < self.count():
            self.blockSignals(True)
            self.setCurrentRow(page)
            self.blockSignals(False)
            self.scrollToItem(self.item(page), QAbstractItemView.ScrollHint.EnsureVisible)

    def _render_some(self) -> None:
        if self._document is None or self._next_thumbnail >= min(self.count(), self.MAX_THUMBNAILS):
            self._timer.stop()
            return
        page = self._next_thumbnail
        self._next_thumbnail += 1
        try:
            width = self._document[page].rect.width
            ratio = self.devicePixelRatioF()
            image = render_page(self._document, page, THUMB_WIDTH / max(1.0, width) * ratio)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            self.item(page).setData(Qt.ItemDataRole.DecorationRole, pixmap)
        except Exception as error:  # thumbnails are a convenience; never fail the reader for one
            log.debug("thumbnail of page %d failed: %s", page + 1, error)


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" instead of being cut off when it is narrower than its text."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())
        painter.drawText(self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()


def _tool_button(name: str, tooltip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    apply_icon(button, name)
    button.setToolTip(tooltip)
    button.setAutoRaise(True)
    button.setIconSize(QSize(18, 18))
    return button


class DocumentReader(QWidget):
    """Shows a document at a search hit: the page, the passage highlighted, thumbnails, zoom and find.

    Signals:
        next_hit_requested(), previous_hit_requested(): the user asked for the next/previous search result.
        page_changed(int): the page in view changed (0-based).
    """

    next_hit_requested = Signal()
    previous_hit_requested = Signal()
    page_changed = Signal(int)
    find_finished = Signal(int)  # the whole document was searched; the number of matches

    def __init__(self, chunk_loader: ChunkLoader | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentReader")
        self._chunk_loader = chunk_loader
        self._documents: OrderedDict[str, Any] = OrderedDict()  # path -> open pymupdf.Document (GUI thread only)
        self._path = ""
        self._info: DocumentInfo | None = None
        self._fit_width = True
        self._current_page = 0
        self._text_highlight = ""
        self._find_text = ""
        self._find_pages_done = 0
        self._find_start_page = 0
        self._find_timer = QTimer(self)
        self._find_timer.setSingleShot(True)
        self._find_timer.setInterval(0)
        self._find_timer.timeout.connect(self._find_batch)
        self._anchor: Rect | None = None  # the passage jumped to; its page is "current" while it is in view
        self._build()

    # --- construction ---------------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)

        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.title_label = ElidedLabel("No document open")
        self.title_label.setProperty("role", "heading")
        # The title gives way first when the reader is narrow; the controls keep their size.
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.title_label, 1)
        self.previous_hit_button = _tool_button("previous", "Previous result (Shift+F3)", self)
        self.previous_hit_button.clicked.connect(self.previous_hit_requested)
        self.hit_label = QLabel("")
        self.hit_label.setProperty("role", "muted")
        self.next_hit_button = _tool_button("next", "Next result (F3)", self)
        self.next_hit_button.clicked.connect(self.next_hit_requested)
        self.hit_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        for widget in (self.previous_hit_button, self.hit_label, self.next_hit_button):
            bar.addWidget(widget)
        bar.addSpacing(10)
        self.zoom_out_button = _tool_button("zoom-out", "Zoom out (Ctrl+-)", self)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_label = QLabel("100%")
        self.zoom_label.setProperty("role", "muted")
        self.zoom_label.setMinimumWidth(38)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = _tool_button("zoom-in", "Zoom in (Ctrl++)", self)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button = _tool_button("fit-width", "Fit width (Ctrl+0)", self)
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.fit_button.clicked.connect(self.fit_width)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(widget)
        bar.addSpacing(10)
        self.external_button = _tool_button("external", "Open in system viewer", self)
        self.external_button.clicked.connect(self.open_externally)
        bar.addWidget(self.external_button)
        layout.addLayout(bar)

        find_bar = QHBoxLayout()
        find_bar.setSpacing(4)
        self.page_label = QLabel("")
        self.page_label.setProperty("role", "muted")
        self.page_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        find_bar.addWidget(self.page_label)
        find_bar.addStretch(1)
        self.find_field = QLineEdit()
        self.find_field.setPlaceholderText("Find in document")
        self.find_field.setClearButtonEnabled(True)
        search_action = self.find_field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        apply_icon(search_action, "search", "muted")
        self.find_field.setMaximumWidth(240)
        self.find_field.setMinimumWidth(120)
        self.find_field.returnPressed.connect(self._on_find_return)
        self.find_field.textChanged.connect(self._on_find_text_changed)
        self.find_label = QLabel("")
        self.find_label.setProperty("role", "muted")
        self.find_previous_button = _tool_button("up", "Previous match (Shift+Enter)", self)
        self.find_previous_button.clicked.connect(lambda: self.find_step(-1))
        self.find_next_button = _tool_button("down", "Next match (Enter)", self)
        self.find_next_button.clicked.connect(lambda: self.find_step(1))
        for widget in (self.find_field, self.find_label, self.find_previous_button, self.find_next_button):
            find_bar.addWidget(widget)
        layout.addLayout(find_bar)
        QShortcut(QKeySequence("Shift+Return"), self.find_field, lambda: self.find_step(-1))

        self.stack = QStackedWidget()
        # PDF view: thumbnails | pages
        self.pdf_view = QWidget()
        pdf_layout = QHBoxLayout(self.pdf_view)
        pdf_layout.setContentsMargins(0, 0, 0, 0)
        pdf_layout.setSpacing(8)
        self.page_strip = PageStrip()
        self.page_strip.page_clicked.connect(self.go_to_page)
        self.canvas = PageCanvas()
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("pageArea")
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._update_current_page)
        self.scroll_area.viewport().installEventFilter(self)
        pdf_layout.addWidget(self.page_strip)
        pdf_layout.addWidget(self.scroll_area, 1)
        self.stack.addWidget(self.pdf_view)
        # Text view (HTML and text documents)
        self.text_view = QTextBrowser()
        self.text_view.setOpenLinks(False)
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
        self._show_placeholder("Select a search result to read the passage in its document.")
        self._update_controls()

    # --- public API -----------------------------------------------------------------------------------------------

    def show_hit(self, hit: SearchHit) -> None:
        """Open the hit's document at its passage and highlight it."""
        self.show_passage(hit.document, hit.chunk.pages, hit.chunk.rects, text=hit.chunk.text,
                          terms=hit.matched_terms, chunk_id=hit.chunk.chunk_id)

    def show_passage(self, document: DocumentInfo | None, pages: list[int], rects: list[Rect], *, path: str = "",
                     text: str = "", terms: list[str] | None = None, chunk_id: str = "") -> None:
        """Open a document at a passage (a search hit or an answer's citation).

        Args:
            document: the library's record (None for a citation that only knows the path).
            pages: 0-based pages the passage covers; the reader opens at the first.
            rects: line boxes to highlight, in PDF points.
            path: the file, when ``document`` is None.
            text: the passage text (shown for HTML/text documents, and when the file is missing).
            terms: query terms to emphasise in text views.
            chunk_id: the passage's id, to find it among the document's chunks in text views.
        """
        path = document.path if document is not None else path
        self._info = document
        self._path = path
        self._text_highlight = text
        name = document.label if document is not None and document.label else Path(path).name
        self.title_label.setText(name)
        self.title_label.setToolTip(path)
        if not Path(path).exists():
            self._show_missing(path, text)
            return
        if is_pdf(path):
            if not self._open_pdf(path):
                return
            page = pages[0] if pages else (rects[0].page if rects else 0)
            self.set_highlights(rects)
            self._scroll_to(rects[0] if rects else Rect(page, 0, 0, 0, 0))
        else:
            self._show_text(document, text, terms or [], chunk_id)
        self._update_controls()

    def open_document(self, document: DocumentInfo, page: int = 0) -> None:
        """Open a document at a page without highlighting anything."""
        self.show_passage(document, [page], [])

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
        """Find ``text`` in the open PDF (``page.search_for``) and show the first match.

        Returns the number of matches found so far: all of them for documents of up to :data:`FIND_BATCH_PAGES`
        pages; longer documents are searched in the background and ``find_finished`` gives the total.
        """
        self.find_field.blockSignals(True)
        self.find_field.setText(text)
        self.find_field.blockSignals(False)
        return self._run_find(text)

    def find_step(self, step: int) -> None:
        """Go to the next (+1) or previous (-1) find match."""
        matches = self.canvas.find_matches
        if not matches:
            if self.find_field.text().strip():
                self._run_find(self.find_field.text())
            return
        self.canvas.find_current = (self.canvas.find_current + step) % len(matches)
        self._show_find_current()

    def find_matches(self) -> list[Rect]:
        """Rectangles of the current find matches, in PDF points."""
        return list(self.canvas.find_matches)

    def open_externally(self) -> bool:
        """Open the document in the system's viewer."""
        if not self._path:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(self._path))

    def clear(self) -> None:
        """Show nothing."""
        self._path = ""
        self._info = None
        self.canvas.set_document(None)
        self.page_strip.set_document(None, [])
        self.title_label.setText("No document open")
        self._show_placeholder("Select a search result to read the passage in its document.")
        self._update_controls()

    def close_documents(self) -> None:
        """Close every open PDF (before the window closes)."""
        self.canvas.set_document(None)
        self.page_strip.set_document(None, [])
        for document in self._documents.values():
            document.close()
        self._documents.clear()

    def render_now(self) -> None:
        """Finish rendering the visible pages immediately (tests, screenshots)."""
        self.canvas.repaint()
        self.canvas.render_visible_now()
        self.canvas.repaint()

    # --- PDF ------------------------------------------------------------------------------------------------------

    def _open_pdf(self, path: str) -> bool:
        import pymupdf

        document = self._documents.get(path)
        if document is None:
            try:
                document = pymupdf.open(path)
            except Exception as error:
                self._show_placeholder(f"<b>{html.escape(Path(path).name)}</b> could not be opened "
                                       f"({html.escape(str(error))}).<br>It may have been replaced by a damaged copy; "
                                       "add it again or open it in your PDF viewer.")
                return False
            self._documents[path] = document
            while len(self._documents) > MAX_OPEN_DOCUMENTS:
                _, oldest = self._documents.popitem(last=False)
                if oldest is not self.canvas._document:
                    oldest.close()
        else:
            self._documents.move_to_end(path)
        if self.canvas._document is not document:
            self.canvas.set_document(document)
            self.page_strip.set_document(document, [self.canvas.page_size(i) for i in range(self.canvas.page_count)])
            self._clear_find()
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
        widest = max(self.canvas.page_size(i)[0] for i in range(self.canvas.page_count))
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

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt API
        if watched is self.scroll_area.viewport() and event.type() == event.Type.Resize:
            if self._fit_width and self.stack.currentWidget() is self.pdf_view:
                QTimer.singleShot(0, self._apply_fit)
        return super().eventFilter(watched, event)

    # --- find -----------------------------------------------------------------------------------------------------

    def _on_find_text_changed(self, text: str) -> None:
        if not text.strip():
            self._clear_find()

    def _on_find_return(self) -> None:
        text = self.find_field.text()
        if text.strip() and text == self._find_text and self.canvas.find_matches:
            self.find_step(1)
        else:
            self._run_find(text)

    def _run_find(self, text: str) -> int:
        """Start finding ``text``; returns the matches found so far (all of them for short documents)."""
        self._clear_find()
        self._find_text = text
        if self.stack.currentWidget() is self.text_view:
            found = self.text_view.find(text)
            self.find_label.setText("" if found else "Not found")
            return int(found)
        if self.canvas._document is None or not text.strip():
            return 0
        self._find_start_page = self._current_page
        self._find_batch()
        return len(self.canvas.find_matches)

    def _find_batch(self) -> None:
        """Search the next few pages; long documents are searched a few pages per event-loop turn."""
        document = self.canvas._document
        if document is None or not self._find_text.strip():
            return
        end = min(document.page_count, self._find_pages_done + FIND_BATCH_PAGES)
        for number in range(self._find_pages_done, end):
            for quad in document[number].search_for(self._find_text):
                self.canvas.find_matches.append(Rect(number, quad.x0, quad.y0, quad.x1, quad.y1))
        self._find_pages_done = end
        matches = self.canvas.find_matches
        done = end >= document.page_count
        if self.canvas.find_current < 0:
            # Show the first match at or after the page in view (or the first of all, once everything is searched).
            after = next((i for i, r in enumerate(matches) if r.page >= self._find_start_page), None)
            if after is None and done and matches:
                after = 0
            if after is not None:
                self.canvas.find_current = after
                self._show_find_current()
        if done:
            if not matches:
                self.find_label.setText("Not found")
            else:
                self.find_label.setText(f"{self.canvas.find_current + 1} of {len(matches)}")
            self.find_finished.emit(len(matches))
        else:
            self.find_label.setText(f"Searching page {end + 1} of {document.page_count}…")
            self._find_timer.start()
        self.canvas.update()

    def _show_find_current(self) -> None:
        matches = self.canvas.find_matches
        current = matches[self.canvas.find_current]
        self.find_label.setText(f"{self.canvas.find_current + 1} of {len(matches)}")
        self._scroll_to(current)

    def _clear_find(self) -> None:
        self._find_timer.stop()
        self._find_pages_done = 0
        self._find_text = ""
        self.canvas.find_matches = []
        self.canvas.find_current = -1
        self.find_label.setText("")
        self.canvas.update()

    # --- text documents and problems ------------------------------------------------------------------------------

    def _show_text(self, document: DocumentInfo | None, text: str, terms: list[str], chunk_id: str) -> None:
        self.canvas.set_document(None)
        self.page_strip.set_document(None, [])
        self._render_text([], text, terms, chunk_id)
        self.stack.setCurrentWidget(self.text_view)
        self._current_page = 0
        if document is not None and self._chunk_loader is not None:
            loader = self._chunk_loader
            doc_id = document.doc_id
            run_task(lambda _ctx: loader(doc_id), owner=self, name="load passages",
                     on_result=lambda chunks: self._on_chunks_loaded(document.path, chunks, text, terms, chunk_id))

    def _on_chunks_loaded(self, path: str, chunks: list[Chunk], text: str, terms: list[str], chunk_id: str) -> None:
        if path == self._path and self.stack.currentWidget() is self.text_view:
            self._render_text(chunks, text, terms, chunk_id)

    def _render_text(self, chunks: list[Chunk], text: str, terms: list[str], chunk_id: str) -> None:
        """Show the document's passages (or just the cited one) with the cited passage highlighted."""
        c = colors()
        mark = QColor(c.highlight)
        mark.setAlpha(255 if c.dark else 120)
        background = f"rgba({mark.red()},{mark.green()},{mark.blue()},{mark.alpha()})"
        parts = [f"<div style='color:{c.text}; line-height:135%'>"]
        target_found = False
        for chunk in chunks or [None]:
            body = chunk.text if chunk is not None else text
            emphasised = snippet_html(body, terms).replace("\n", "<br>")
            is_target = chunk is None or chunk.chunk_id == chunk_id or (not chunk_id and chunk.text == text)
            if is_target and not target_found:
                target_found = True
                label = pages_label(chunk.pages) if chunk is not None else ""
                parts.append(f"<a name='hit'></a><p style='background-color:{background}; padding:6px'>"
                             f"{emphasised}</p>" + (f"<p style='color:{c.muted}'>{label}</p>" if label else ""))
            else:
                parts.append(f"<p>{emphasised}</p>")
        parts.append("</div>")
        self.text_view.setHtml("".join(parts))
        QTimer.singleShot(0, lambda: self.text_view.scrollToAnchor("hit"))

    def _show_missing(self, path: str, text: str) -> None:
        self.canvas.set_document(None)
        self.page_strip.set_document(None, [])
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
