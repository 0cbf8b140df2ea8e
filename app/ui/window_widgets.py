"""The window's own widgets: the empty state a new user sees, the sheet shown while files are dragged over it, and
the bar that offers a re-index."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core import paths
from app.core.ingestion import SUPPORTED_SUFFIXES
from app.ui import theme
from app.ui.icons import apply_icon


def local_paths(mime: QMimeData | None) -> list[str]:
    """Local files and folders carried by a drag (file URLs only)."""
    if mime is None or not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def samples_available() -> bool:
    """True when the bundled sample filings folder holds something to index."""
    folder = paths.samples_dir()
    return folder.is_dir() and any(p.suffix.lower() in SUPPORTED_SUFFIXES for p in folder.rglob("*") if p.is_file())


class DropOverlay(QWidget):
    """A translucent sheet shown while files are dragged over the window."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        c = theme.colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        veil = QColor(c.window)
        veil.setAlpha(215)
        painter.fillRect(self.rect(), veil)
        frame = QRectF(self.rect()).adjusted(24, 24, -24, -24)
        pen = QPen(QColor(c.accent), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(frame, 16, 16)
        font = painter.font()
        font.setPointSizeF(16)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(c.text))
        painter.drawText(frame.adjusted(0, -20, 0, -20), Qt.AlignmentFlag.AlignCenter, "Drop to add to your library")
        font.setPointSizeF(10)
        font.setBold(False)
        painter.setFont(font)
        painter.setPen(QColor(c.muted))
        painter.drawText(frame.adjusted(0, 30, 0, 30), Qt.AlignmentFlag.AlignCenter,
                         "PDF, HTML and text filings — folders are searched for them")
        painter.end()


class EmptyState(QWidget):
    """What a new user sees: how to add filings, and the sample filings when they are bundled."""

    add_files_requested = Signal()
    add_folder_requested = Signal()
    samples_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QFrame()
        card.setObjectName("emptyCard")
        card.setProperty("role", "card")
        card.setMaximumWidth(620)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(40, 36, 40, 36)
        layout.setSpacing(12)
        title = QLabel("Start your library")
        title.setProperty("role", "title")
        layout.addWidget(title)
        text = QLabel("Drop annual and quarterly reports, earnings releases or call transcripts (PDF, HTML or text) "
                      "anywhere in this window, or add them below. FinLens reads them on this computer and lets "
                      "you search every page by meaning, not just by keyword.")
        text.setWordWrap(True)
        text.setProperty("role", "muted")
        layout.addWidget(text)
        layout.addSpacing(8)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.add_files_button = QPushButton("Add Files…")
        self.add_files_button.setProperty("primary", True)
        apply_icon(self.add_files_button, "file", "accent_text")
        self.add_files_button.clicked.connect(self.add_files_requested)
        self.add_folder_button = QPushButton("Add Folder…")
        apply_icon(self.add_folder_button, "folder")
        self.add_folder_button.clicked.connect(self.add_folder_requested)
        self.samples_button = QPushButton("Load Sample Filings")
        self.samples_button.setToolTip("Index a few small public filings to try FinLens")
        apply_icon(self.samples_button, "library")
        self.samples_button.clicked.connect(self.samples_requested)
        for button in (self.add_files_button, self.add_folder_button, self.samples_button):
            button.setIconSize(QSize(16, 16))
            button.setMinimumHeight(34)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addSpacing(4)
        privacy = QLabel("Your documents never leave this computer. Search works offline.")
        privacy.setProperty("role", "muted")
        layout.addWidget(privacy)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)

    def set_samples_available(self, available: bool) -> None:
        """Show the sample button only when sample filings are bundled."""
        self.samples_button.setVisible(available)


class ReindexNotice(QFrame):
    """A dismissible bar offering a re-index when the library's passages were cut by an older FinLens.

    Attributes:
        text_label: the sentence that explains why.
        reindex_button: "Re-index Now" (the window connects it); "Not Now" hides the bar.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reindexNotice")
        self.setProperty("role", "card")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        layout.addWidget(self.text_label, 1)
        self.reindex_button = QPushButton("Re-index Now")
        layout.addWidget(self.reindex_button)
        later = QPushButton("Not Now")
        later.clicked.connect(self.hide)
        layout.addWidget(later)
        self.hide()
