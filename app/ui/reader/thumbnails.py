"""Page thumbnails beside the PDF pages: rendered a few at a time while idle, with a marker on pages with results."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.ui.reader.canvas import render_page
from app.ui.theme import colors

log = logging.getLogger(__name__)

THUMB_WIDTH = 84
_HIT_COUNT_ROLE = Qt.ItemDataRole.UserRole + 40  # results on the page (a marker on the thumbnail)
ModelIndex = QModelIndex | QPersistentModelIndex


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
