"""The window's working page: library | Results, Ask, Statements, Compare | document reader, and the re-index offer.

The page holds the views over one open library and keeps them in step with each other: the reader's filing drives
the Statements and Compare tabs, and every "open this at that spot" — a result, an answer's citation, a Compare or
Statements figure, a document of the library — arrives as a :class:`~app.core.citation_target.CitationTarget` and
opens in the reader the same way (:meth:`WorkspacePage.open_target`). The controllers that search and index live
outside it; the window connects them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.core.citation_target import CitationTarget
from app.core.records import DocumentInfo
from app.core.settings import Settings
from app.core.store import Library
from app.core.workspace import Workspace
from app.ui.ask_panel import AskPanel
from app.ui.compare_panel import ComparePanel
from app.ui.indexing_panel import IndexingController, IndexingPanel
from app.ui.item_models import DocumentTableModel, SearchResultsModel
from app.ui.library_panel import LibraryPanel
from app.ui.reader import DocumentReader
from app.ui.search_panel import ResultsPanel
from app.ui.statements_view import StatementsView
from app.ui.window_widgets import ReindexNotice


class WorkspacePage(QWidget):
    """The library table, the middle tabs and the reader, side by side in a splitter.

    Args:
        workspace: the open library's workspace (the reader loads a text document's passages from its library).
        documents: the library's documents (the table).
        results: the search results (the Results tab).
        indexer: the indexing controller (its progress card sits under the table).
        settings: the user's settings (the Ask panel says whether a model is connected).

    Attributes:
        library_panel, indexing_panel, middle_tabs, results_panel, ask_panel, statements_view, compare_panel, reader,
        reindex_notice, splitter: its views.
    """

    def __init__(self, workspace: Workspace, documents: DocumentTableModel, results: SearchResultsModel,
                 indexer: IndexingController, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 6)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.indexing_panel = IndexingPanel(indexer)
        self.library_panel = LibraryPanel(documents, self.indexing_panel)
        self.library_panel.setMinimumWidth(200)
        self.splitter.addWidget(self.library_panel)
        self.middle_tabs = QTabWidget()
        self.middle_tabs.setObjectName("middleTabs")
        self.middle_tabs.setDocumentMode(True)
        self.middle_tabs.setMinimumWidth(240)
        self.results_panel = ResultsPanel(results)
        self.ask_panel = AskPanel(settings=settings)
        self.statements_view = StatementsView(workspace.library)
        self.compare_panel = ComparePanel(workspace.library, workspace.searcher)
        for page, title, tip in (
                (self.results_panel, "Results", ""),
                (self.ask_panel, "Ask", "Ask a question; the answer cites the passages it is based on"),
                (self.statements_view, "Statements", ""),
                (self.compare_panel, "Compare", "Compare companies and years on metrics; every figure opens its page")):
            self.middle_tabs.setTabToolTip(self.middle_tabs.addTab(page, title), tip)
        self.splitter.addWidget(self.middle_tabs)
        self.reader = DocumentReader(chunk_loader=lambda doc_id: _open(workspace.library).chunks_of(doc_id))
        self.reader.setMinimumWidth(300)
        self.splitter.addWidget(self.reader)
        for index, stretch in enumerate((0, 0, 1)):
            self.splitter.setStretchFactor(index, stretch)
        self.reindex_notice = ReindexNotice()
        layout.addWidget(self.reindex_notice)
        layout.addWidget(self.splitter)

        self.reader.next_hit_requested.connect(self.results_panel.next_hit)
        self.reader.previous_hit_requested.connect(self.results_panel.previous_hit)
        self.reader.document_shown.connect(self.statements_view.show_document)  # the reader's filing drives the tabs
        self.reader.document_shown.connect(self.compare_panel.follow_document)
        for opens_a_spot in (self.ask_panel.citation_activated, self.statements_view.cell_activated,
                             self.compare_panel.cell_activated):
            opens_a_spot.connect(self.open_target)
        self.library_panel.document_opened.connect(lambda document: self.open_target(CitationTarget.at(document, 0)))
        documents.documents_changed.connect(lambda: self.compare_panel.set_documents(documents.documents))

    def open_target(self, target: CitationTarget) -> None:
        """Open a spot in the reader (a document, an answer's citation, a Compare or Statements figure), highlighted."""
        self.reader.show_target(target)
        self.reader.set_hit_position(-1, 0)

    def show_hit(self, target: CitationTarget, row: int, total: int, pages: dict[int, int], focus: bool) -> None:
        """Open search result ``row`` of ``total`` in the reader, the pages holding other results marked (``focus``:
        the reader takes the keyboard, the user activated the result)."""
        self.reader.show_target(target)
        self.reader.set_hit_position(row, total)
        self.reader.set_hit_pages(pages)
        if focus:
            self.reader.scroll_area.setFocus()

    def show_results(self, select_first: bool) -> None:
        """Bring the Results tab forward with the results (``select_first``: the best one opens)."""
        self.middle_tabs.setCurrentWidget(self.results_panel)
        self.results_panel.show_results(select_first)

    def follow_workspace(self, workspace: Workspace, documents: list[DocumentInfo]) -> None:
        """Another library is open: the reader empties and the tabs read from it (the Ask tab answers from it)."""
        self.reader.clear()
        self.statements_view.set_library(workspace.library)
        self.compare_panel.set_workspace(workspace.library, workspace.searcher)
        self.compare_panel.set_documents(documents)
        self.ask_panel.set_answerer(workspace.answerer)

    def focus_find(self) -> None:
        """Put the keyboard in the reader's find field (Ctrl+Shift+F)."""
        _focus(self.reader.find_field)

    def focus_library_filter(self) -> None:
        """Put the keyboard in the library's filter field (Ctrl+Shift+L)."""
        _focus(self.library_panel.filter_field)


def _focus(field: QLineEdit) -> None:
    field.setFocus(Qt.FocusReason.ShortcutFocusReason)
    field.selectAll()


def _open(library: Library | None) -> Library:
    if library is None:  # the reader opens documents of the library only once one is open
        raise RuntimeError("no library is open")
    return library
