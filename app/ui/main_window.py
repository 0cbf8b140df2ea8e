"""The FinLens main window: library | search results (and Ask, Statements) | document reader.

Which library is open, and every change made to it, belongs to the :class:`~app.core.workspace.Workspace`
(``window.workspace``); the document table and the controllers subscribe to its announcements. State lives in
models (:class:`DocumentTableModel`, :class:`SearchResultsModel`, the indexing controller); the window is a shell
that builds the views, the menus and shortcuts, remembers its layout, and wires three controllers that do its work
through :func:`~app.ui.workers.run_task`, so the event loop keeps serving the user while the library grows:

- :class:`~app.ui.search_controller.SearchController`: searches, the results list, opening hits and citations;
- :class:`~app.ui.workspace_controller.WorkspaceController`: showing the open library and its status line,
  re-indexing, another library, removals, a team library's newer published versions;
- :class:`~app.ui.intake_controller.IntakeController`: files dropped or added, the samples, indexing news.

Its public methods (``search``, ``add_paths``, ``set_workspace``, …) hand the work to them.
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

from PySide6.QtCore import QByteArray, QPoint, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import paths
from app.core.citation_target import CitationTarget
from app.core.embedding import OnnxEmbedder
from app.core.library import Library
from app.core.records import DocumentInfo
from app.core.search import Searcher, SearchFilters
from app.core.settings import LIBRARY_FIELDS, Settings, load_settings, save_settings
from app.core.workspace import Workspace
from app.ui import theme
from app.ui.compare_panel import install_compare_tab
from app.ui.icons import apply_icon, refresh_icons
from app.ui.indexing_panel import IndexingController, IndexingPanel
from app.ui.intake_controller import IntakeController
from app.ui.item_models import DocumentTableModel, SearchResultsModel
from app.ui.library_panel import LibraryPanel
from app.ui.message_display import MessagePresenter
from app.ui.reader import DocumentReader
from app.ui.search_controller import SearchController
from app.ui.search_panel import ResultsView, SearchBar
from app.ui.statements_view import StatementsView
from app.ui.watcher import FolderWatcher
from app.ui.window_widgets import DropOverlay, EmptyState, ReindexNotice, samples_available
from app.ui.workers import shutdown
from app.ui.workspace_controller import WorkspaceController

log = logging.getLogger(__name__)

#: Changes that open another library (or the same team library with another secret, "s3_secret").
LIBRARY_SETTINGS = {*LIBRARY_FIELDS, "s3_secret"}


class MainWindow(QMainWindow):
    """The FinLens window over one library.

    Args:
        library: the open library (None: the window shows "Opening your library…" until :meth:`set_workspace`).
        embedder: its embedding model.
        settings: user settings (loaded from disk when None); layout changes are saved back on close.

    Attributes:
        workspace: the :class:`~app.core.workspace.Workspace` that owns the open library and announces its changes.

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
        self.workspace = Workspace(self.settings)
        self.searcher = Searcher(library, embedder, reranker=self.settings.reranker) \
            if library is not None and embedder is not None else None
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

        self.documents = DocumentTableModel(self.workspace, self)
        self.results = SearchResultsModel(self)
        self.indexer = IndexingController(library, embedder, self)
        self.watcher = FolderWatcher(self)
        # The window's work is done by three controllers; the window builds the views and wires them.
        self.search_controller = SearchController(self)
        self.workspace_controller = WorkspaceController(self)
        self.intake = IntakeController(self)

        self._build()
        self._build_actions()
        self._connect()
        self._restore_layout()
        self.intake.watch_drops(self)
        self.watcher.set_folders(self.settings.watched_folders)
        self.watcher.changed.connect(self.add_paths)
        # Messages sent before the window existed (e.g. a crash report from the last run) arrive once it is shown.
        self.message_presenter = MessagePresenter(self)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_color_scheme_changed)
        # Announced at once: the table reads the first list right away, so a full library never flashes the empty
        # state, and the status line is read from the library.
        if library is not None and embedder is not None:
            self.workspace.adopt(library, embedder)
        self._update_stack()

    @property
    def library(self) -> Library | None:
        """The open library (the workspace's), or None while it opens."""
        return self.workspace.library

    @property
    def embedder(self) -> OnnxEmbedder | None:
        """The open library's embedding model, or None while it opens."""
        return self.workspace.embedder

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
        self.results_hint.linkActivated.connect(self.search_controller.on_example_query)
        self.results_stack.addWidget(self.results_hint)
        self.results_view = ResultsView()
        self.results_view.setModel(self.results)
        self.results_stack.addWidget(self.results_view)
        results_layout.addWidget(self.results_stack, 1)
        self.middle_tabs.addTab(results_page, "Results")
        self.ask_panel = self._create_ask_panel()
        self.statements_view = StatementsView(self.library)
        self.middle_tabs.addTab(self.statements_view, "Statements")
        self.statements_view.cell_activated.connect(self.open_target)
        self.workspace_changed.connect(lambda: self.statements_view.set_library(self.library))
        self.middle_tabs.setMinimumWidth(240)
        self.splitter.addWidget(self.middle_tabs)

        self.reader = DocumentReader(chunk_loader=lambda doc_id: self.library.chunks_of(doc_id))
        self.reader.setMinimumWidth(300)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 1)
        self.reindex_notice = ReindexNotice()
        self.reindex_notice_text = self.reindex_notice.text_label
        self.reindex_now_button = self.reindex_notice.reindex_button
        self.reindex_now_button.clicked.connect(self.workspace_controller.reindex_with_current_model)
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
        self.status_label.setObjectName("libraryStatus")
        self.status_label.setProperty("role", "muted")
        self.statusBar().addPermanentWidget(self.status_label)
        self.refresh_button = QToolButton()
        self.refresh_button.setText("Refresh")
        self.refresh_button.setToolTip("Look for a newer published version of the team library (F5)")
        self.refresh_button.setAutoRaise(True)
        self.refresh_button.hide()  # team libraries only
        self.statusBar().addPermanentWidget(self.refresh_button)
        self.statusBar().setSizeGripEnabled(False)
        self.search_controller.update_hint()

    def _create_ask_panel(self) -> QWidget | None:
        """Add the Ask tab: questions answered from the library, citing passages the reader opens.

        A broken Ask module is a bug to see, not a tab to hide: its import error propagates.
        """
        from app.ui.ask_panel import AskPanel

        panel = AskPanel(searcher=self.searcher, library=self.library, settings=self.settings)
        panel.citation_activated.connect(self.open_target)
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

        self.add_files_action = action("&Add Files…", self.intake.choose_files, ["Ctrl+O"],
                                       "Add filings to the library")
        self.add_folder_action = action("Add &Folder…", self.intake.choose_folder, ["Ctrl+Shift+O"])
        self.samples_action = action("Load &Sample Filings", self.intake.load_samples)
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
        self.refresh_library_action = action("&Refresh Team Library", self.refresh_team_library, ["F5"],
                                             "Look for a newer published version of the team library")
        self.refresh_library_action.setEnabled(False)  # team libraries only
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
        view_menu.addAction(self.refresh_library_action)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.log_folder_action)
        help_menu.addAction(self.about_action)

    def _connect(self) -> None:
        self.search_bar.search_requested.connect(self.search)
        self.settings_button.clicked.connect(self.open_settings)
        self.refresh_button.clicked.connect(self.refresh_team_library)
        self.results_view.selectionModel().currentChanged.connect(self.search_controller.on_current_result_changed)
        self.results_view.activated.connect(
            lambda index: self.search_controller.open_row(index.row(), focus_reader=True))
        self.reader.next_hit_requested.connect(self.next_hit)
        self.reader.previous_hit_requested.connect(self.previous_hit)
        self.reader.document_shown.connect(self.statements_view.show_document)  # the reader's filing drives the tabs
        self.compare_panel = install_compare_tab(self)
        self.library_panel.add_files_requested.connect(self.intake.choose_files)
        self.library_panel.add_folder_requested.connect(self.intake.choose_folder)
        self.library_panel.remove_requested.connect(lambda ids: self.remove_documents(ids, confirm=True))
        self.library_panel.document_opened.connect(self.open_document)
        self.library_panel.external_open_requested.connect(
            lambda document: QDesktopServices.openUrl(QUrl.fromLocalFile(document.path)))
        self.empty_state.add_files_requested.connect(self.intake.choose_files)
        self.empty_state.add_folder_requested.connect(self.intake.choose_folder)
        self.empty_state.samples_requested.connect(self.intake.load_samples)
        self.documents.documents_changed.connect(self._on_documents_changed)
        self.documents.metadata_changed.connect(lambda _doc: self.search_bar.set_documents(self.documents.documents))
        self.indexer.started.connect(self._update_stack)
        self.indexer.started.connect(self.search_controller.update_hint)
        self.indexer.file_finished.connect(self.intake.on_file_indexed)
        self.indexer.finished.connect(self.intake.on_indexing_finished)
        self.indexer.failed.connect(lambda _error: self.workspace.note_indexed())  # some batches may have landed
        self.indexing_panel.dismissed.connect(self._update_stack)

    # --- the controllers' work, under the window's names ------------------------------------------------------------

    def set_workspace(self, library: Library, embedder: OnnxEmbedder) -> None:
        """Show a library: the first one once it is open, or another after a re-index or a new location."""
        self.workspace_controller.set_workspace(library, embedder)

    def reindex(self, model: str) -> None:
        """Rebuild the library with another embedding model; the previous one is kept as ``<folder>.previous``."""
        self.workspace_controller.reindex(model)

    def open_chosen_library(self) -> None:
        """Open the library now chosen in Settings (a folder or a team library)."""
        self.workspace_controller.open_chosen_library()

    def refresh_team_library(self) -> None:
        """Look for a newer published version of the team library now (it is also checked every minute)."""
        self.workspace_controller.check_for_published()

    def remove_documents(self, doc_ids: list[str], *, confirm: bool = True) -> None:
        """Remove documents from the library (the files stay on disk)."""
        self.workspace_controller.remove_documents(doc_ids, confirm=confirm)

    def remove_selected(self) -> None:
        """Remove the documents selected in the library table (after confirmation)."""
        self.remove_documents([d.doc_id for d in self.library_panel.selected_documents()], confirm=True)

    def add_paths(self, paths_to_add: list[str]) -> None:
        """Index files and folders in the background (the same path twice is indexed once)."""
        self.intake.add_paths(paths_to_add)

    def choose_files(self) -> None:
        """Ask for files to add."""
        self.intake.choose_files()

    def choose_folder(self) -> None:
        """Ask for a folder to add."""
        self.intake.choose_folder()

    def load_samples(self) -> None:
        """Index the bundled sample filings."""
        self.intake.load_samples()

    def search(self, query: str, filters: SearchFilters | None = None, open_best: bool = False) -> None:
        """Search the library on a worker (see :meth:`SearchController.search`)."""
        self.search_controller.search(query, filters, open_best)

    def current_hit_row(self) -> int:
        """The selected result row, or -1."""
        return self.search_controller.current_hit_row()

    def open_hit(self, row: int) -> None:
        """Select result ``row`` and open it in the reader."""
        self.search_controller.open_hit(row)

    def next_hit(self) -> None:
        """Open the next result."""
        self.search_controller.next_hit()

    def previous_hit(self) -> None:
        """Open the previous result."""
        self.search_controller.previous_hit()

    def open_document(self, document: DocumentInfo) -> None:
        """Open a document in the reader at its first page."""
        self.open_target(CitationTarget.at(document, 0))

    def open_target(self, target: CitationTarget) -> None:
        """Open a spot in the reader (an answer's citation, a Compare or Statements figure), highlighted."""
        self.reader.show_target(target)
        self.reader.set_hit_position(-1, 0)

    def _on_documents_changed(self) -> None:
        self.search_bar.set_documents(self.documents.documents)
        self._update_stack()
        self.search_controller.update_hint()

    # --- workspace, settings, about -------------------------------------------------------------------------------

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
        if LIBRARY_SETTINGS & set(changes):
            self.open_chosen_library()
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

