"""The FinLens main window: library | search results (and Ask, Statements, Compare) | document reader.

Which library is open, and every change made to it, belongs to the :class:`~app.core.workspace.Workspace`
(``window.workspace``), which also builds the search and the answerer for it. State lives in models; three
controllers do the work on workers (:func:`~app.ui.workers.run_task`) and announce what changed with signals. They
know nothing of the window: the window builds the views, connects them to the controllers (it is the one place
that knows both), and keeps the menus and the layout:

- :class:`~app.ui.search_controller.SearchController`: searches, the results list, opening hits;
- :class:`~app.ui.workspace_controller.WorkspaceController`: following the open library and its status line,
  re-indexing, another library, removals, a team library's newer published versions;
- :class:`~app.ui.intake_controller.IntakeController`: files dropped or added, the samples, indexing news.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QVBoxLayout, QWidget

from app.core import paths
from app.core.retrieval.embedding import OnnxEmbedder
from app.core.retrieval.search import Searcher
from app.core.settings import LIBRARY_FIELDS, Settings, load_settings, save_settings
from app.core.store import Library
from app.core.workspace import Workspace
from app.ui import theme, window_layout
from app.ui.icons import refresh_icons
from app.ui.indexing_panel import IndexingController
from app.ui.intake_controller import IntakeController
from app.ui.item_models import DocumentTableModel, SearchResultsModel
from app.ui.message_display import MessagePresenter
from app.ui.search_controller import SearchController
from app.ui.watcher import FolderWatcher
from app.ui.window_actions import WindowActions, open_log_folder
from app.ui.window_widgets import DropOverlay, HeaderBar, LibraryStatus, WindowPages
from app.ui.workers import shutdown
from app.ui.workspace_controller import WorkspaceController
from app.ui.workspace_page import WorkspacePage

log = logging.getLogger(__name__)

#: Changes that open another library (or the same team library with another secret, "s3_secret").
LIBRARY_SETTINGS = {*LIBRARY_FIELDS, "s3_secret"}
#: Changes after which the Ask panel says again whether a model is connected.
MODEL_SETTINGS = {"llm_base_url", "llm_model", "api_key"}


class MainWindow(QMainWindow):
    """The FinLens window over one library.

    Args:
        library: the open library (None: the window shows "Opening your library…" until the workspace adopts one).
        embedder: its embedding model.
        settings: user settings (loaded from disk when None); layout changes are saved back on close.

    Attributes:
        workspace: the :class:`~app.core.workspace.Workspace` that owns the open library and announces its changes.

    Signals:
        search_finished(object): a :class:`SearchResponse` was shown.
        indexing_finished(object): an :class:`IndexReport` (also after a cancel).
        workspace_changed(): another library is shown.
    """

    search_finished = Signal(object)
    indexing_finished = Signal(object)
    workspace_changed = Signal()

    def __init__(self, library: Library | None = None, embedder: OnnxEmbedder | None = None,
                 settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else load_settings()
        # Without a library the window opens at once in an "opening" state and is usable while run_app loads the
        # storage engine (importing LanceDB takes seconds); the workspace then adopts it. Files dropped and searches
        # typed meanwhile wait for it.
        self.workspace = Workspace(self.settings)
        self.setWindowTitle("FinLens")
        self.setObjectName("mainWindow")
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
        self._build()
        self.commands = WindowActions(self, self.library_panel.table)
        self.search_controller = SearchController(self.workspace, self.results, self.documents, self.indexer,
                                                  self.search_bar.filters, self)
        self.workspace_controller = WorkspaceController(self.workspace, self.documents, self)
        self.intake = IntakeController(self.workspace, self.indexer, self)
        self._connect_controllers()
        self._connect_views()
        self._connect_actions()
        self.stack.split_pending = not window_layout.restore_layout(self, self.splitter, self.settings)
        self.intake.watch_drops(self)
        self.watcher.set_folders(self.settings.watched_folders)
        # Messages sent before the window existed (e.g. a crash report from the last run) arrive once it is shown.
        self.message_presenter = MessagePresenter(self)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_color_scheme_changed)
        # Announced at once: the table reads the first list right away, so a full library never flashes the empty
        # state, and the status line is read from the library.
        if library is not None and embedder is not None:
            self.workspace.adopt(library, embedder)
        self.search_controller.update_hint()
        self.update_page()

    @property
    def library(self) -> Library | None:
        """The open library (the workspace's), or None while it opens."""
        return self.workspace.library

    @property
    def searcher(self) -> Searcher | None:
        """The search over the open library (the workspace's), or None while it opens."""
        return self.workspace.searcher

    # --- construction ---------------------------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget()
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.header = HeaderBar()
        self.search_bar = self.header.search_bar
        root.addWidget(self.header)
        self.workspace_page = WorkspacePage(self.workspace, self.documents, self.results, self.indexer, self.settings)
        self.stack = WindowPages(self.workspace_page, self.workspace_page.splitter)
        self.empty_state, self.opening_page = self.stack.empty_state, self.stack.opening_page
        root.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.drop_overlay = DropOverlay(central)
        self.library_status = LibraryStatus(self.statusBar())
        page = self.workspace_page  # its views, under the names the window has always offered
        self.library_panel, self.indexing_panel, self.middle_tabs = page.library_panel, page.indexing_panel, \
            page.middle_tabs
        self.results_panel, self.ask_panel, self.statements_view, self.compare_panel = page.results_panel, \
            page.ask_panel, page.statements_view, page.compare_panel
        self.reader, self.reindex_notice, self.splitter = page.reader, page.reindex_notice, page.splitter

    def _connect_controllers(self) -> None:
        """The controllers' announcements, to the views and to each other."""
        search, shell, intake = self.search_controller, self.workspace_controller, self.intake
        search.header_changed.connect(self.results_panel.set_header)
        search.hint_changed.connect(self.results_panel.show_hint)
        search.results_shown.connect(self.workspace_page.show_results)
        search.hit_opened.connect(self.workspace_page.show_hit)
        search.search_finished.connect(self.search_finished)
        shell.library_shown.connect(self._on_library_shown)
        shell.writer_changed.connect(self.indexer.set_workspace)
        shell.adding_ready.connect(intake.add_pending)
        shell.documents_removed.connect(search.drop_documents)
        shell.published_refreshed.connect(search.rerun)
        shell.status_changed.connect(self.library_status.status_label.setText)
        shell.location_changed.connect(self.library_status.show_location)
        shell.team_library_shown.connect(self.library_status.refresh_button.setVisible)
        shell.team_library_shown.connect(self.commands.refresh_library.setEnabled)
        shell.reindex_advice_changed.connect(self.reindex_notice.show_advice)
        shell.reindex_started.connect(self.indexer.cancel)
        shell.reindex_paths.connect(intake.add_paths)
        intake.appender_wanted.connect(shell.open_appender_if_due)
        intake.documents_added.connect(search.rerun)
        intake.indexing_finished.connect(self.indexing_finished)
        intake.drop_hovered.connect(self.drop_overlay.set_shown)
        self.indexer.started.connect(self.update_page)
        self.indexer.started.connect(search.update_hint)
        self.watcher.changed.connect(intake.add_paths)

    def _connect_views(self) -> None:
        """What the user does in the views, to the controllers; what one view shows, to the views that follow it."""
        self.search_bar.search_requested.connect(self.search_controller.search)
        self.header.settings_button.clicked.connect(self.open_settings)
        self.library_status.refresh_button.clicked.connect(lambda: self.workspace_controller.check_for_published())
        self.results_panel.row_chosen.connect(self.search_controller.open_row)
        self.results_panel.example_chosen.connect(self._search_example)
        self.library_panel.add_files_requested.connect(self.intake.choose_files)
        self.library_panel.add_folder_requested.connect(self.intake.choose_folder)
        self.library_panel.remove_requested.connect(self.workspace_controller.remove_documents)
        self.library_panel.external_open_requested.connect(
            lambda document: QDesktopServices.openUrl(QUrl.fromLocalFile(document.path)))
        self.empty_state.add_files_requested.connect(self.intake.choose_files)
        self.empty_state.add_folder_requested.connect(self.intake.choose_folder)
        self.empty_state.samples_requested.connect(self.intake.load_samples)
        self.reindex_notice.reindex_button.clicked.connect(self.workspace_controller.reindex_with_current_model)
        self.documents.documents_changed.connect(self._on_documents_changed)
        self.documents.metadata_changed.connect(lambda _doc: self.search_bar.set_documents(self.documents.documents))
        self.indexing_panel.dismissed.connect(self.update_page)

    def _connect_actions(self) -> None:
        c, reader, page = self.commands, self.reader, self.workspace_page
        for action, slot in (
                (c.add_files, self.intake.choose_files), (c.add_folder, self.intake.choose_folder),
                (c.samples, self.intake.load_samples), (c.settings, self.open_settings), (c.quit, self.close),
                (c.focus_search, self.search_bar.focus_query), (c.find_in_document, page.focus_find),
                (c.filter_library, page.focus_library_filter),
                (c.next_hit, self.results_panel.next_hit), (c.previous_hit, self.results_panel.previous_hit),
                (c.zoom_in, reader.zoom_in), (c.zoom_out, reader.zoom_out), (c.fit_width, reader.fit_width),
                (c.open_external, reader.open_externally),
                (c.refresh_library, lambda: self.workspace_controller.check_for_published()),
                (c.remove, lambda: self.workspace_controller.remove_documents(
                    [d.doc_id for d in page.library_panel.selected_documents()])),
                (c.about, self.open_about), (c.log_folder, open_log_folder)):
            action.triggered.connect(slot)

    # --- what the controllers announced ---------------------------------------------------------------------------

    def _search_example(self, query: str) -> None:
        self.search_bar.set_query(query)
        self.search_controller.search(query, None, True)

    def _on_library_shown(self, first: bool) -> None:
        self.search_controller.clear()
        self.workspace_page.follow_workspace(self.workspace, self.documents.documents)
        self.update_page()
        self.workspace_changed.emit()
        if first:
            self.search_controller.rerun()

    def _on_documents_changed(self) -> None:
        self.search_bar.set_documents(self.documents.documents)
        self.update_page()
        self.search_controller.update_hint()

    def update_page(self) -> None:
        """Show the page that fits: "Opening your library…", the empty state, or the workspace."""
        # The workspace stays up while indexing and while the outcome card is shown (it may explain failures).
        empty = self.documents.rowCount() == 0 and not self.indexer.is_running \
            and not self.indexing_panel.isVisibleTo(self.library_panel)
        self.stack.show_fitting(opening=self.library is None, empty=empty)

    # --- settings, about, theme -----------------------------------------------------------------------------------

    def open_settings(self) -> None:
        """Show the Settings dialog and apply what changed."""
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.settings_applied.connect(self.apply_settings)
        dialog.open()

    def apply_settings(self, previous: Settings, changes: dict[str, Any]) -> None:
        """Save the settings Settings changed and act on them (the reranker is the workspace's to follow)."""
        save_settings(self.settings)
        if "theme" in changes:
            self.apply_theme()
        if MODEL_SETTINGS & set(changes):
            self.ask_panel.refresh_model_note()
        if "watched_folders" in changes:
            self.watcher.set_folders(self.settings.watched_folders)
            self.intake.add_paths(self.settings.watched_folders)
        if LIBRARY_SETTINGS & set(changes):
            self.workspace_controller.open_chosen_library()
        elif changes.get("reindex"):
            self.workspace_controller.reindex(self.settings.embedding_model)

    def open_about(self) -> None:
        """Show the About dialog."""
        from app.ui.about import AboutDialog

        AboutDialog(self.workspace.embedder, self).open()

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

    # --- closing --------------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        window_layout.save_layout(self, self.splitter, self.settings)
        self.indexer.cancel()
        self.ask_panel.shutdown()
        if not shutdown(5000):
            log.warning("background tasks still running at exit")
        self.reader.close_documents()
        self.message_presenter.detach()
        super().closeEvent(event)

