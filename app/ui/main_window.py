"""The FinLens main window: library | search results (and Ask) | document reader.

State lives in models (:class:`DocumentTableModel`, :class:`SearchResultsModel`, the indexing controller); the
window wires them to views and runs core work (searches, indexing, metadata edits) through :func:`run_task`, so the
event loop keeps serving the user while the library grows. Files and folders dropped anywhere on the window are
indexed in the background.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QObject, QPoint, QRectF, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core import paths
from app.core.embedding import OnnxEmbedder
from app.core.indexing import FileOutcome, IndexReport
from app.core.ingestion import SUPPORTED_SUFFIXES
from app.core.library import Library
from app.core.query import distinct_companies
from app.core.records import DocumentInfo, Rect, SearchHit
from app.core.search import Searcher, SearchFilters, SearchResponse
from app.core.settings import Settings, load_settings, save_settings
from app.ui import messages, theme
from app.ui.icons import apply_icon, refresh_icons
from app.ui.indexing_panel import IndexingController, IndexingPanel
from app.ui.library_panel import LibraryPanel
from app.ui.message_display import MessagePresenter
from app.ui.models import DocumentTableModel, SearchResultsModel
from app.ui.reader import DocumentReader
from app.ui.search_panel import ResultsView, SearchBar
from app.ui.statements_view import StatementsView
from app.ui.watcher import FolderWatcher
from app.ui.workers import TaskContext, TaskError, run_task, shutdown

log = logging.getLogger(__name__)

EXAMPLE_QUERIES = ("total revenue and net income", "capital expenditures", "main risk factors")


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


class MainWindow(QMainWindow):
    """The FinLens window over one library.

    Args:
        library: the open library.
        embedder: its embedding model.
        settings: user settings (loaded from disk when None); layout changes are saved back on close.

    Signals:
        search_finished(object): a :class:`SearchResponse` was shown.
        indexing_finished(object): an :class:`IndexReport` (also after a cancel).
    """

    search_finished = Signal(object)
    indexing_finished = Signal(object)
    workspace_changed = Signal()

    def __init__(self, library: Library | None = None, embedder: OnnxEmbedder | None = None,
                 settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else load_settings()
        # Without a library the window opens at once in an "opening" state and is usable while run_app loads the
        # storage engine (importing LanceDB takes seconds); set_workspace then fills it in. Files dropped and
        # searches typed meanwhile wait for it.
        self.library = library
        self.embedder = embedder
        self.searcher = Searcher(library, embedder, reranker=self.settings.reranker) \
            if library is not None and embedder is not None else None
        self._pending_paths: list[str] = []
        self._search_serial = 0
        self._last_search: tuple[str, SearchFilters] | None = None
        self._open_hit_on_result = False
        self.setWindowTitle("FinLens")
        self.setObjectName("mainWindow")
        self._default_sizes_pending = True
        app = QApplication.instance()
        if isinstance(app, QApplication) and not theme.is_applied():
            theme.apply_theme(app, self.settings.theme)  # run_app did not theme us (tests, embedding)
        self.setAcceptDrops(True)
        icon_path = paths.resources_dir() / "icons" / "finlens.png"
        if icon_path.exists():
            self.setWindowIcon(QIcon(str(icon_path)))

        self.documents = DocumentTableModel(library, self)
        self.results = SearchResultsModel(self)
        self.indexer = IndexingController(library, embedder, self)
        self.watcher = FolderWatcher(self)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(300)
        self._reload_timer.timeout.connect(self.reload_documents)

        self._build()
        self._build_actions()
        self._connect()
        self._restore_layout()
        self._install_drop_filter(self)
        self.watcher.set_folders(self.settings.watched_folders)
        self.watcher.changed.connect(self.add_paths)
        # Messages sent before the window existed (e.g. a crash report from the last run) arrive now.
        self.message_presenter = MessagePresenter(self)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_color_scheme_changed)
        # The first list is read right away, so a full library never flashes the empty state.
        if library is not None:
            self.documents.set_documents(library.list_documents())
            self._show_reindex_advice(library)
        self.reload_documents()
        self._update_stack()

    # --- construction ---------------------------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget()
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)

        header = QFrame()
        header.setObjectName("header")
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(16, 10, 12, 10)
        header_layout.setSpacing(12)
        logo_path = paths.resources_dir() / "icons" / "finlens.png"
        if logo_path.exists():
            logo = QLabel()
            logo.setPixmap(QIcon(str(logo_path)).pixmap(QSize(24, 24)))
            header_layout.addWidget(logo)
        brand = QLabel("FinLens")
        brand.setObjectName("brand")
        font = brand.font()
        font.setPointSizeF(13)
        font.setBold(True)
        brand.setFont(font)
        header_layout.addWidget(brand)
        header_layout.addSpacing(8)
        self.search_bar = SearchBar()
        header_layout.addWidget(self.search_bar, 1)
        self.settings_button = QToolButton()
        apply_icon(self.settings_button, "settings")
        self.settings_button.setIconSize(QSize(20, 20))
        self.settings_button.setToolTip("Settings (Ctrl+,)")
        self.settings_button.setAutoRaise(True)
        header_layout.addWidget(self.settings_button)
        root.addWidget(header)

        self.stack = QStackedWidget()
        self.empty_state = EmptyState()
        self.empty_state.set_samples_available(samples_available())
        self.stack.addWidget(self.empty_state)

        workspace = QWidget()
        workspace_layout = QVBoxLayout(workspace)
        workspace_layout.setContentsMargins(12, 12, 12, 6)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)

        self.indexing_panel = IndexingPanel(self.indexer)
        self.library_panel = LibraryPanel(self.documents, self.indexing_panel)
        self.library_panel.setMinimumWidth(200)
        self.splitter.addWidget(self.library_panel)

        self.middle_tabs = QTabWidget()
        self.middle_tabs.setObjectName("middleTabs")
        self.middle_tabs.setDocumentMode(True)
        self.middle_tabs.setTabBarAutoHide(True)  # the tab bar appears when the Ask tab exists
        results_page = QWidget()
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 8, 0, 0)
        results_layout.setSpacing(6)
        self.results_header = QLabel("")
        self.results_header.setProperty("role", "muted")
        self.results_header.setWordWrap(True)
        results_layout.addWidget(self.results_header)
        self.results_stack = QStackedWidget()
        self.results_hint = QLabel()
        self.results_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.results_hint.setWordWrap(True)
        self.results_hint.setProperty("role", "muted")
        self.results_hint.setTextFormat(Qt.TextFormat.RichText)
        self.results_hint.linkActivated.connect(self._on_example_query)
        self.results_stack.addWidget(self.results_hint)
        self.results_view = ResultsView()
        self.results_view.setModel(self.results)
        self.results_stack.addWidget(self.results_view)
        results_layout.addWidget(self.results_stack, 1)
        self.middle_tabs.addTab(results_page, "Results")
        self.ask_panel = self._create_ask_panel()
        self.statements_view = StatementsView(self.library)
        self.middle_tabs.addTab(self.statements_view, "Statements")
        self.statements_view.cell_activated.connect(self.show_statement_cell)
        self.workspace_changed.connect(lambda: self.statements_view.set_library(self.library))
        self.middle_tabs.setMinimumWidth(240)
        self.splitter.addWidget(self.middle_tabs)

        self.reader = DocumentReader(chunk_loader=lambda doc_id: self.library.chunks_of(doc_id))
        self.reader.setMinimumWidth(300)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 1)
        self.reindex_notice = self._build_reindex_notice()
        workspace_layout.addWidget(self.reindex_notice)
        workspace_layout.addWidget(self.splitter)
        self.stack.addWidget(workspace)
        self.opening_page = QLabel("Opening your library…")
        self.opening_page.setObjectName("openingPage")
        self.opening_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening_page.setProperty("role", "muted")
        self.stack.addWidget(self.opening_page)
        root.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.drop_overlay = DropOverlay(central)

        self.status_label = QLabel("")
        self.status_label.setProperty("role", "muted")
        self.statusBar().addPermanentWidget(self.status_label)
        self.statusBar().setSizeGripEnabled(False)
        self._update_results_hint()

    def _build_reindex_notice(self) -> QFrame:
        """A dismissible bar offering a re-index when the library's passages were cut by an older FinLens."""
        notice = QFrame()
        notice.setObjectName("reindexNotice")
        notice.setProperty("role", "card")
        layout = QHBoxLayout(notice)
        layout.setContentsMargins(12, 8, 8, 8)
        self.reindex_notice_text = QLabel()
        self.reindex_notice_text.setWordWrap(True)
        layout.addWidget(self.reindex_notice_text, 1)
        self.reindex_now_button = QPushButton("Re-index Now")
        self.reindex_now_button.clicked.connect(self._reindex_with_current_model)
        layout.addWidget(self.reindex_now_button)
        later = QPushButton("Not Now")
        later.clicked.connect(notice.hide)
        layout.addWidget(later)
        notice.hide()
        return notice

    def _show_reindex_advice(self, library: Library) -> None:
        advice = library.reindex_advice()
        self.reindex_notice_text.setText(advice or "")
        self.reindex_notice.setVisible(bool(advice))

    def _reindex_with_current_model(self) -> None:
        self.reindex_notice.hide()
        if self.embedder is not None:
            self.reindex(str(self.embedder.folder))

    def _create_ask_panel(self) -> QWidget | None:
        """Add the Ask tab: questions answered from the library, citing passages the reader opens.

        A broken Ask module is a bug to see, not a tab to hide: its import error propagates.
        """
        from app.ui.ask_panel import AskPanel

        panel = AskPanel(searcher=self.searcher, library=self.library, settings=self.settings)
        panel.citation_activated.connect(self.show_citation)
        self.workspace_changed.connect(lambda: panel.set_workspace(self.searcher, self.library))
        index = self.middle_tabs.addTab(panel, "Ask")
        self.middle_tabs.setTabToolTip(index, "Ask a question; the answer cites the passages it is based on")
        return panel

    def _build_actions(self) -> None:
        def action(text: str, slot: Any, shortcuts: list[str] | None = None, tip: str = "") -> QAction:
            act = QAction(text, self)
            if shortcuts:
                act.setShortcuts([QKeySequence(s) for s in shortcuts])
            if tip:
                act.setStatusTip(tip)
            act.triggered.connect(slot)
            self.addAction(act)  # shortcuts work even where the menu bar is hidden
            return act

        self.add_files_action = action("&Add Files…", self.choose_files, ["Ctrl+O"], "Add filings to the library")
        self.add_folder_action = action("Add &Folder…", self.choose_folder, ["Ctrl+Shift+O"])
        self.samples_action = action("Load &Sample Filings", self.load_samples)
        self.samples_action.setVisible(samples_available())
        self.settings_action = action("&Settings…", self.open_settings, ["Ctrl+,"])
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = action("&Quit", self.close, ["Ctrl+Q"])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.focus_search_action = action("&Search", self.search_bar.focus_query, ["Ctrl+F", "Ctrl+L"],
                                          "Type a search")
        self.find_in_document_action = action("&Find in Document", self._focus_find, ["Ctrl+Shift+F"])
        self.filter_library_action = action("Filter &Library", self._focus_library_filter, ["Ctrl+Shift+L"])
        self.next_hit_action = action("&Next Result", self.next_hit, ["F3", "Ctrl+Down"])
        self.previous_hit_action = action("&Previous Result", self.previous_hit, ["Shift+F3", "Ctrl+Up"])
        self.zoom_in_action = action("Zoom &In", self.reader.zoom_in, ["Ctrl++", "Ctrl+="])
        self.zoom_out_action = action("Zoom &Out", self.reader.zoom_out, ["Ctrl+-"])
        self.fit_width_action = action("&Fit Width", self.reader.fit_width, ["Ctrl+0"])
        self.open_external_action = action("Open in System &Viewer", self.reader.open_externally, ["Ctrl+Shift+E"])
        self.remove_action = action("&Remove from Library", self.remove_selected, ["Delete"])
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.removeAction(self.remove_action)
        self.library_panel.table.addAction(self.remove_action)
        self.about_action = action("&About FinLens", self.open_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.log_folder_action = action("Open &Log Folder", self._open_log_folder)

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for act in (self.add_files_action, self.add_folder_action, self.samples_action):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu("&Edit")
        for act in (self.focus_search_action, self.find_in_document_action, self.filter_library_action):
            edit_menu.addAction(act)
        edit_menu.addSeparator()
        edit_menu.addAction(self.remove_action)
        go_menu = menu.addMenu("&Go")
        go_menu.addAction(self.next_hit_action)
        go_menu.addAction(self.previous_hit_action)
        view_menu = menu.addMenu("&View")
        for act in (self.zoom_in_action, self.zoom_out_action, self.fit_width_action):
            view_menu.addAction(act)
        view_menu.addSeparator()
        view_menu.addAction(self.open_external_action)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.log_folder_action)
        help_menu.addAction(self.about_action)

    def _connect(self) -> None:
        self.search_bar.search_requested.connect(self.search)
        self.settings_button.clicked.connect(self.open_settings)
        self.results_view.selectionModel().currentChanged.connect(self._on_current_result_changed)
        self.results_view.activated.connect(lambda index: self._open_row(index.row(), focus_reader=True))
        self.reader.next_hit_requested.connect(self.next_hit)
        self.reader.previous_hit_requested.connect(self.previous_hit)
        self.library_panel.add_files_requested.connect(self.choose_files)
        self.library_panel.add_folder_requested.connect(self.choose_folder)
        self.library_panel.remove_requested.connect(lambda ids: self.remove_documents(ids, confirm=True))
        self.library_panel.document_opened.connect(self.open_document)
        self.library_panel.external_open_requested.connect(
            lambda document: QDesktopServices.openUrl(QUrl.fromLocalFile(document.path)))
        self.empty_state.add_files_requested.connect(self.choose_files)
        self.empty_state.add_folder_requested.connect(self.choose_folder)
        self.empty_state.samples_requested.connect(self.load_samples)
        self.documents.documents_changed.connect(self._on_documents_changed)
        self.documents.metadata_changed.connect(lambda _doc: self.search_bar.set_documents(self.documents.documents))
        self.indexer.started.connect(self._update_stack)
        self.indexer.started.connect(self._update_results_hint)
        self.indexer.file_finished.connect(self._on_file_indexed)
        self.indexer.finished.connect(self._on_indexing_finished)
        self.indexer.failed.connect(lambda _error: self.reload_documents())
        self.indexing_panel.dismissed.connect(self._update_stack)

    def _install_drop_filter(self, root: QWidget) -> None:
        """Route file drops on any child (line edits accept text drops themselves) to the window."""
        for child in [root, *root.findChildren(QWidget)]:
            if child is not self and child.acceptDrops():
                child.installEventFilter(self)

    # --- library --------------------------------------------------------------------------------------------------

    def reload_documents(self) -> None:
        """Re-read the document list (and the status bar counts) on a worker."""
        library = self.library
        if library is None:
            return
        self.documents.reload()
        run_task(lambda _ctx: library.chunk_count(), owner=self, name="count passages",
                 on_result=lambda count: self._update_status(count) if library is self.library else None,
                 on_error=lambda error: log.warning("counting passages failed: %s", error))

    def add_paths(self, paths_to_add: list[str]) -> None:
        """Index files and folders in the background (the same path twice is indexed once)."""
        paths_to_add = [p for p in paths_to_add if p]
        if not paths_to_add:
            return
        if self.library is None:
            self._pending_paths.extend(paths_to_add)
            messages.info("Your files are indexed as soon as the library is open.", timeout_ms=0)
            return
        self.indexer.add(paths_to_add)
        self._update_stack()

    def choose_files(self) -> None:
        """Ask for files to add."""
        patterns = " ".join(f"*{suffix}" for suffix in sorted(SUPPORTED_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(self, "Add Filings", str(Path.home()),
                                                f"Filings ({patterns});;All files (*)")
        self.add_paths(files)

    def choose_folder(self) -> None:
        """Ask for a folder to add."""
        folder = QFileDialog.getExistingDirectory(self, "Add a Folder of Filings", str(Path.home()))
        if folder:
            self.add_paths([folder])

    def load_samples(self) -> None:
        """Index the bundled sample filings."""
        folder = paths.samples_dir()
        if samples_available():
            self.add_paths([str(folder)])
        else:
            messages.warning("The sample filings are not installed with this copy of FinLens.",
                             "Add your own filings with Add Files or by dropping them on the window.")

    def remove_selected(self) -> None:
        """Remove the documents selected in the library table (after confirmation)."""
        ids = [d.doc_id for d in self.library_panel.selected_documents()]
        self.remove_documents(ids, confirm=True)

    def remove_documents(self, doc_ids: list[str], *, confirm: bool = True) -> None:
        """Remove documents from the library (the files stay on disk)."""
        if not doc_ids:
            return
        if confirm and not messages.no_err_windows():
            noun = "this document" if len(doc_ids) == 1 else f"these {len(doc_ids)} documents"
            answer = QMessageBox.question(self, "Remove from Library",
                                          f"Remove {noun} from the library? The files stay where they are; you can "
                                          "add them again later.")
            if answer != QMessageBox.StandardButton.Yes:
                return
        removed = set(doc_ids)
        hits = [h for h in self.results.hits if h.document.doc_id not in removed]
        if len(hits) != len(self.results.hits):
            self.results.set_hits(hits, self.results.query)
        self.documents.remove_documents(doc_ids)

    def open_document(self, document: DocumentInfo) -> None:
        """Open a document in the reader at its first page."""
        self.reader.open_document(document)
        self.reader.set_hit_position(-1, 0)
        self.statements_view.show_document(document)

    def show_statement_cell(self, document: DocumentInfo, page: int, rect: Rect | None) -> None:
        """Open a figure of the Statements tab in the reader, the cell highlighted."""
        self.reader.show_passage(document, [page], [rect] if rect is not None else [])
        self.reader.set_hit_position(-1, 0)

    def _on_documents_changed(self) -> None:
        self.search_bar.set_documents(self.documents.documents)
        self._update_stack()
        self._update_results_hint()

    def _on_file_indexed(self, outcome: FileOutcome) -> None:
        if outcome.status == "indexed":
            self._reload_timer.start()  # coalesce: one reload per burst of small files

    def _on_indexing_finished(self, report: IndexReport) -> None:
        self._reload_timer.stop()
        self.reload_documents()
        failed = report.count("failed") + report.count("skipped")
        summary = f"Indexing finished: {report.count('indexed')} added" + (f", {failed} not added" if failed else "")
        messages.info("Indexing cancelled" if report.cancelled else summary)
        if self._last_search and self._last_search[0] and report.count("indexed"):
            self.search(*self._last_search, False)  # new documents may answer the current search
        self.indexing_finished.emit(report)

    # --- search ---------------------------------------------------------------------------------------------------

    def search(self, query: str, filters: SearchFilters | None = None, open_best: bool = False) -> None:
        """Search the library on a worker; the results replace the list when they arrive (stale ones are dropped).

        Args:
            query: words or a question.
            filters: company/form/year filters (default: the search bar's).
            open_best: open the best hit in the reader (the user pressed Enter).
        """
        filters = filters if filters is not None else self.search_bar.filters()
        self._search_serial += 1
        serial = self._search_serial
        self._last_search = (query, filters)
        if not query.strip():
            self.results.clear()
            self._update_results_hint()
            return
        searcher = self.searcher
        if searcher is None:
            self.results_header.setText("Opening the library… your search runs as soon as it is ready.")
            return
        self.results_header.setText("Searching…")
        k = max(5, int(self.settings.results_per_page))
        method = self.settings.search_method if self.settings.search_method in ("hybrid", "dense", "keyword") \
            else "hybrid"
        self._open_hit_on_result = open_best

        def stages(context: TaskContext) -> SearchResponse:
            # The first-stage results show at once; the reranked order replaces them when it is ready.
            *first, final = searcher.search_stages(query, k=k, filters=filters, method=method)
            for response in first:
                context.progress(response)
                context.raise_if_cancelled()
            return final

        run_task(stages, owner=self, name="search",
                 on_progress=lambda response: self._on_search_result(serial, query, response, settled=False),
                 on_result=lambda response: self._on_search_result(serial, query, response),
                 on_error=lambda error: self._on_search_error(serial, error))

    def _on_search_result(self, serial: int, query: str, response: SearchResponse, settled: bool = True) -> None:
        if serial != self._search_serial:
            return  # a newer search is on its way
        if settled and self.searcher is not None and self.searcher.ranker.note:
            messages.info(self.searcher.ranker.note, timeout_ms=10_000)
        self.results.set_hits(response.hits, query)
        count = len(response.hits)
        header = f"{count} result{'s' if count != 1 else ''}" if count else "No results"
        scope = []
        if response.auto_company_filter and response.filters.companies:
            scope.append(f"limited to {', '.join(distinct_companies(response.filters.companies))} "
                         "(named in your search)")
        elif not response.filters.is_empty():
            chosen = distinct_companies(response.filters.companies) + response.filters.form_types + \
                [f"FY{y}" for y in response.filters.fiscal_years]
            scope.append("filtered to " + ", ".join(chosen))
        if not settled:
            scope.append("refining the order…")
        self.results_header.setText(header + (" · " + "; ".join(scope) if scope else ""))
        if count:
            self.results_stack.setCurrentWidget(self.results_view)
            self.middle_tabs.setCurrentIndex(0)
            if self._open_hit_on_result and settled:
                self.results_view.setCurrentIndex(self.results.index(0))
        else:
            self.results_hint.setText("<p>Nothing matches. Try fewer or different words, or clear the filters.</p>")
            self.results_stack.setCurrentWidget(self.results_hint)
        if settled:
            self._open_hit_on_result = False
            self.search_finished.emit(response)

    def _on_search_error(self, serial: int, error: TaskError) -> None:
        if serial != self._search_serial:
            return
        self.results_header.setText("")
        messages.error(f"The search failed: {error}", "Try again; if it keeps failing, re-open the library.",
                       details=error.traceback)

    def _on_example_query(self, query: str) -> None:
        self.search_bar.set_query(query)
        self.search(query, None, True)

    def _update_results_hint(self) -> None:
        if self.results.rowCount():
            return
        self.results_header.setText("")
        total = self.documents.rowCount()
        if total == 0 and self.indexer.is_running:
            self.results_hint.setText("<p style='font-size:11pt'>Reading your documents…</p><p>Each one appears in "
                                      "the library as soon as it is indexed, and you can search it right away.</p>")
            self.results_stack.setCurrentWidget(self.results_hint)
            return
        examples = " · ".join(f"<a href='{q}'>{q}</a>" for q in EXAMPLE_QUERIES)
        self.results_hint.setText(
            f"<p style='font-size:11pt'>Search {total} document{'s' if total != 1 else ''} by meaning.</p>"
            f"<p>Type keywords or a full question above; narrow it with the company, form and year filters.</p>"
            f"<p>Try: {examples}</p>")
        self.results_stack.setCurrentWidget(self.results_hint)

    # --- results and reader ---------------------------------------------------------------------------------------

    def current_hit_row(self) -> int:
        """The selected result row, or -1."""
        index = self.results_view.currentIndex()
        return index.row() if index.isValid() else -1

    def open_hit(self, row: int) -> None:
        """Select result ``row`` and open it in the reader."""
        if not 0 <= row < self.results.rowCount():
            return
        if self.current_hit_row() == row:
            self._open_row(row)
        else:
            self.results_view.setCurrentIndex(self.results.index(row))  # opens it via currentChanged

    def next_hit(self) -> None:
        """Open the next result."""
        if self.results.rowCount():
            self.open_hit(min(self.current_hit_row() + 1, self.results.rowCount() - 1))

    def previous_hit(self) -> None:
        """Open the previous result."""
        if self.results.rowCount():
            self.open_hit(max(self.current_hit_row() - 1, 0))

    def _on_current_result_changed(self, current: Any, _previous: Any) -> None:
        self._open_row(current.row())

    def _open_row(self, row: int, *, focus_reader: bool = False) -> None:
        if not 0 <= row < self.results.rowCount():
            return
        hit: SearchHit = self.results.hit_at(row)
        self.reader.show_hit(hit)
        self.reader.set_hit_position(row, self.results.rowCount())
        counts: dict[int, int] = {}
        for other in self.results.hits:
            if other.document.doc_id == hit.document.doc_id:
                counts[other.chunk.page] = counts.get(other.chunk.page, 0) + 1
        self.reader.set_hit_pages(counts)
        if focus_reader:
            self.reader.scroll_area.setFocus()

    def show_citation(self, citation: Any) -> None:
        """Open an answer's citation (from the Ask panel) in the reader, highlighting the cited lines."""
        passage = getattr(citation, "passage", None)
        document = getattr(citation, "document", None) or getattr(passage, "document", None)
        path = getattr(citation, "path", "") or (document.path if document is not None else "")
        rects: list[Rect] = list(getattr(citation, "rects", None) or getattr(citation, "quote_rects", None) or [])
        page = getattr(citation, "page", None)
        pages = [page] if isinstance(page, int) else list(getattr(passage, "pages", []) or [])
        text = getattr(passage, "text", "") or getattr(citation, "quote", "") or getattr(citation, "text", "")
        if not path:
            log.warning("citation without a document path: %r", citation)
            return
        self.reader.show_passage(document, pages, rects, path=path, text=text)
        self.reader.set_hit_position(-1, 0)

    # --- drag and drop --------------------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
            self._show_overlay(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt API
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 - Qt API
        self._show_overlay(False)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        self._show_overlay(False)
        dropped = local_paths(event.mimeData())
        if not dropped:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_paths(dropped)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop) \
                and local_paths(event.mimeData()):  # type: ignore[attr-defined]
            {QEvent.Type.DragEnter: self.dragEnterEvent, QEvent.Type.DragMove: self.dragMoveEvent,
             QEvent.Type.Drop: self.dropEvent}[kind](event)  # type: ignore[operator]
            return True
        if kind == QEvent.Type.DragLeave:
            self._show_overlay(False)
        return super().eventFilter(watched, event)

    def _show_overlay(self, visible: bool) -> None:
        central = self.centralWidget()
        self.drop_overlay.setGeometry(central.rect())
        self.drop_overlay.setVisible(visible)
        if visible:
            self.drop_overlay.raise_()

    # --- workspace, settings, about -------------------------------------------------------------------------------

    def set_workspace(self, library: Library, embedder: OnnxEmbedder) -> None:
        """Show a library: the first one once it is open, or another after a re-index or a new location."""
        first = self.library is None
        self.indexer.set_workspace(library, embedder)
        self.library = library
        self.embedder = embedder
        self.searcher = Searcher(library, embedder, reranker=self.settings.reranker)
        self.results.clear()
        self.reader.clear()
        self.documents.set_library(library)
        self._show_reindex_advice(library)
        if first:
            self.documents.set_documents(library.list_documents())  # no flash of the empty state
        self.reload_documents()
        self._update_results_hint()
        self._update_stack()
        self.workspace_changed.emit()
        pending, self._pending_paths = self._pending_paths, []
        self.add_paths(pending)
        if first and self._last_search and self._last_search[0].strip():
            self.search(*self._last_search)

    def reindex(self, model: str) -> None:
        """Rebuild the library with another embedding model; the previous one is kept as ``<folder>.previous``."""
        from app.core.workspace import prepare_reindex

        if self.library is None:
            messages.warning("The library is still opening.", "Try again in a moment.")
            return
        folder = self.library.folder
        self.indexer.cancel()
        messages.info("Preparing to re-index…", timeout_ms=0)

        def done(plan: Any) -> None:
            self.set_workspace(plan.library, plan.embedder)
            if plan.missing:
                messages.warning(f"{len(plan.missing)} files of the library no longer exist and were left out.",
                                 "Add them again from their new location.", details="\n".join(plan.missing))
            self.add_paths(plan.paths)

        run_task(lambda _ctx: prepare_reindex(folder, model), owner=self, name="prepare re-index", on_result=done,
                 on_error=lambda error: messages.error(f"Re-indexing could not start: {error}",
                                                       "Check the model in Settings and try again.",
                                                       details=error.traceback))

    def switch_library(self, folder: str) -> None:
        """Open the library in ``folder`` (a new location chosen in Settings)."""
        from app.core.library import LibraryMismatchError
        from app.core.workspace import open_library

        target = Path(folder).expanduser() if folder else paths.library_dir()

        def failed(error: TaskError) -> None:
            hint = "Re-index it from Settings, or choose another folder." \
                if isinstance(error.exception, LibraryMismatchError) else "Choose another folder in Settings."
            messages.error(str(error), hint, details=error.traceback)

        model = None if Library.read_meta(target) is not None else (self.settings.embedding_model or "default")
        run_task(lambda _ctx: open_library(target, model), owner=self, name="open library",
                 on_result=lambda pair: self.set_workspace(*pair), on_error=failed)

    def open_settings(self) -> None:
        """Show the Settings dialog and apply what changed."""
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.settings_applied.connect(self._on_settings_applied)
        dialog.open()

    def _on_settings_applied(self, previous: Settings, changes: dict[str, Any]) -> None:
        save_settings(self.settings)
        if "theme" in changes:
            self.apply_theme()
        refresh_note = getattr(self.ask_panel, "refresh_model_note", None)
        if refresh_note is not None and {"llm_base_url", "llm_model", "api_key"} & set(changes):
            refresh_note()
        if "watched_folders" in changes:
            self.watcher.set_folders(self.settings.watched_folders)
            self.add_paths(self.settings.watched_folders)
        if "reranker" in changes and self.library is not None and self.embedder is not None:
            self.searcher = Searcher(self.library, self.embedder, reranker=self.settings.reranker)
        if "library_dir" in changes:
            self.switch_library(self.settings.library_dir)
        elif changes.get("reindex"):
            self.reindex(self.settings.embedding_model)

    def open_about(self) -> None:
        """Show the About dialog."""
        from app.ui.about import AboutDialog

        AboutDialog(self.embedder, self).open()

    def apply_theme(self) -> None:
        """Re-apply the palette (the OS switched light/dark, or Settings changed) and redraw icons."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, self.settings.theme)
        refresh_icons(self)
        self.update()

    def _on_color_scheme_changed(self, _scheme: object) -> None:
        if self.settings.theme == "system":
            self.apply_theme()

    def _open_log_folder(self) -> None:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _focus_find(self) -> None:
        self.reader.find_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.reader.find_field.selectAll()

    def _focus_library_filter(self) -> None:
        self.library_panel.filter_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library_panel.filter_field.selectAll()

    # --- state display --------------------------------------------------------------------------------------------

    def _update_stack(self) -> None:
        if self.library is None:
            self.stack.setCurrentWidget(self.opening_page)
            return
        # The workspace stays up while indexing and while the outcome card is shown (it may explain failures).
        empty = self.documents.rowCount() == 0 and not self.indexer.is_running \
            and not self.indexing_panel.isVisibleTo(self.library_panel)
        self.stack.setCurrentIndex(0 if empty else 1)
        self._apply_default_sizes()
        self.empty_state.set_samples_available(samples_available())

    def _update_status(self, chunk_count: int) -> None:
        documents = self.documents.rowCount()
        self.status_label.setText(f"{documents} document{'s' if documents != 1 else ''} · {chunk_count:,} passages · "
                                  f"model {self.embedder.model_id} · FinLens {__version__}")

    # --- layout persistence ---------------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        restored = False
        if self.settings.window_geometry:
            restored = self.restoreGeometry(QByteArray(base64.b64decode(self.settings.window_geometry)))
        if not restored:
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen is not None else None
            width, height = 1440, 900
            if available is not None and available.width() > 0:
                width = min(width, int(available.width() * 0.92))
                height = min(height, int(available.height() * 0.9))
            self.resize(width, height)
            if available is not None:
                self.move(available.center() - QPoint(width // 2, height // 2))
        sizes_set = False
        if self.settings.window_state:
            try:
                state = json.loads(self.settings.window_state)
                self.restoreState(QByteArray(base64.b64decode(state.get("window", ""))))
                sizes_set = self.splitter.restoreState(QByteArray(base64.b64decode(state.get("splitter", ""))))
            except (ValueError, TypeError):
                log.info("window layout in settings unreadable; using the default layout")
        self._default_sizes_pending = not sizes_set

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._apply_default_sizes()

    def _apply_default_sizes(self) -> None:
        """Split the workspace the first time it is on screen, when no layout was saved (it needs the real width)."""
        if not self._default_sizes_pending or not self.isVisible() or self.stack.currentIndex() != 1:
            return
        self._default_sizes_pending = False
        width = max(600, self.stack.width() - 24)
        self.splitter.setSizes([int(width * 0.24), int(width * 0.29), int(width * 0.47)])

    def save_layout(self) -> None:
        """Store window geometry and splitter positions in the settings file."""
        def encode(data: QByteArray) -> str:
            return base64.b64encode(bytes(data.data())).decode("ascii")

        self.settings.window_geometry = encode(self.saveGeometry())
        self.settings.window_state = json.dumps({"window": encode(self.saveState()),
                                                 "splitter": encode(self.splitter.saveState())})
        try:
            save_settings(self.settings)
        except OSError as error:
            log.warning("could not save the window layout: %s", error)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.save_layout()
        self.indexer.cancel()
        shutdown_panel = getattr(self.ask_panel, "shutdown", None)
        if shutdown_panel is not None:
            shutdown_panel()
        if not shutdown(5000):
            log.warning("background tasks still running at exit")
        self.reader.close_documents()
        self.message_presenter.detach()
        super().closeEvent(event)

