"""Small widgets the reader's bars share: a label that elides instead of clipping, and a flat tool button."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QToolButton, QWidget

from app.ui.icons import apply_icon


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" instead of being cut off when it is narrower than its text."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())
        painter.drawText(self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()


def tool_button(name: str, tooltip: str, parent: QWidget) -> QToolButton:
    """A flat button showing the icon ``name`` (icons follow the theme, see :mod:`app.ui.icons`)."""
    button = QToolButton(parent)
    apply_icon(button, name)
    button.setToolTip(tooltip)
    button.setAutoRaise(True)
    button.setIconSize(QSize(18, 18))
    return button
