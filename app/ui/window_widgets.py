"""The window's own widgets: the header with the search bar, the empty state a new user sees, the sheet shown while
files are dragged over it, the bar that offers a re-index, the status bar's library name, counts and Refresh, and
the stack of the window's pages."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import paths
from app.core.ingest.parsing import SUPPORTED_SUFFIXES
from app.ui import theme, window_layout
from app.ui.icons import apply_icon
from app.ui.search_panel import SearchBar


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

    def set_shown(self, visible: bool) -> None:
        """Show the sheet over the whole of its parent (files are dragged over it), or hide it."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.setVisible(visible)
        if visible:
            self.raise_()

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
        self.set_samples_available(samples_available())

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

    def show_advice(self, text: str) -> None:
        """Offer a re-index for this reason ("" hides the bar)."""
        self.text_label.setText(text)
        self.setVisible(bool(text))


class HeaderBar(QFrame):
    """The band at the top: the FinLens mark, the search bar and the Settings button.

    Attributes:
        search_bar: the :class:`~app.ui.search_panel.SearchBar`.
        settings_button: opens Settings (the window connects it).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 12, 10)
        layout.setSpacing(12)
        logo_path = paths.resources_dir() / "icons" / "finlens.png"
        if logo_path.exists():
            logo = QLabel()
            logo.setPixmap(QIcon(str(logo_path)).pixmap(QSize(24, 24)))
            layout.addWidget(logo)
        brand = QLabel("FinLens")
        brand.setObjectName("brand")
        font = brand.font()
        font.setPointSizeF(13)
        font.setBold(True)
        brand.setFont(font)
        layout.addWidget(brand)
        layout.addSpacing(8)
        self.search_bar = SearchBar()
        layout.addWidget(self.search_bar, 1)
        self.settings_button = QToolButton()
        apply_icon(self.settings_button, "settings")
        self.settings_button.setIconSize(QSize(20, 20))
        self.settings_button.setToolTip("Settings (Ctrl+,)")
        self.settings_button.setAutoRaise(True)
        layout.addWidget(self.settings_button)


class LibraryStatus(QObject):
    """The status bar's permanent part: the open library's name, its counts, and Refresh for a team library.

    Attributes:
        name_label: "Library: demo-library" (the full location on hover).
        status_label: the counts (or a team library's publication).
        refresh_button: looks for a newer published version (team libraries only; the window connects it).
    """

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.name_label = self._label("libraryName")
        self.status_label = self._label("libraryStatus")
        self.refresh_button = QToolButton()
        self.refresh_button.setText("Refresh")
        self.refresh_button.setToolTip("Look for a newer published version of the team library (F5)")
        self.refresh_button.setAutoRaise(True)
        self.refresh_button.hide()  # team libraries only
        for widget in (self.name_label, self.status_label, self.refresh_button):
            bar.addPermanentWidget(widget)  # beside the messages, never hidden by one
        bar.setSizeGripEnabled(False)

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel("")
        label.setObjectName(name)
        label.setProperty("role", "muted")
        return label

    def show_location(self, text: str, location: str) -> None:
        """Name the open library ("Library: demo-library"), its full location on hover."""
        self.name_label.setText(text)
        self.name_label.setToolTip(location)


class WindowPages(QStackedWidget):
    """The window's body: the empty state, the workspace, or "Opening your library…" (:meth:`show_fitting`).

    Attributes:
        empty_state: what a new user sees (:class:`EmptyState`).
        workspace_page: the library, the tabs and the reader.
        opening_page: shown until the library is open.
    """

    def __init__(self, workspace_page: QWidget, splitter: QSplitter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._splitter = splitter
        #: Split the workspace by default the first time it is on screen (no saved layout restored the split).
        self.split_pending = True
        self.empty_state = EmptyState()
        self.workspace_page = workspace_page
        self.opening_page = QLabel("Opening your library…")
        self.opening_page.setObjectName("openingPage")
        self.opening_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening_page.setProperty("role", "muted")
        for page in (self.empty_state, workspace_page, self.opening_page):
            self.addWidget(page)

    def show_fitting(self, *, opening: bool, empty: bool) -> None:
        """Show the opening page while the library opens, else the empty state for an empty library, else the work."""
        self.setCurrentWidget(self.opening_page if opening else self.empty_state if empty else self.workspace_page)
        self.empty_state.set_samples_available(samples_available())
        self._split_if_due()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._split_if_due()

    def _split_if_due(self) -> None:
        """Split the workspace the first time it is on screen, when no layout was saved (it needs the real width)."""
        if self.split_pending and self.isVisible() and self.currentWidget() is self.workspace_page:
            self.split_pending = False
            window_layout.apply_default_sizes(self._splitter, self.width())
