"""Searching from the window: queries run on a worker, results fill the list, the chosen hit opens in the reader.

The controller owns what a search needs between keystrokes (the last query, which search is the newest, whether
the best hit should open) and the :class:`~app.ui.item_models.SearchResultsModel`. It touches no widget: it announces
what the user should see — the header line, the hint shown when there are no results, the results ready, a hit to
open in the reader — and the window connects the views to those signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.core.citation_target import CitationTarget
from app.core.question import distinct_companies
from app.core.retrieval.search import SearchFilters, SearchResponse
from app.core.settings import Settings
from app.core.workspace import Workspace
from app.ui import messages
from app.ui.indexing_panel import IndexingController
from app.ui.item_models import DocumentTableModel, SearchResultsModel
from app.ui.workers import TaskContext, TaskError, run_task

log = logging.getLogger(__name__)

EXAMPLE_QUERIES = ("total revenue and net income", "capital expenditures", "main risk factors")


class SearchController(QObject):
    """Runs the window's searches and announces their results (stale results of an older search are dropped).

    Args:
        workspace: the open library's workspace (its :attr:`~app.core.workspace.Workspace.searcher` searches).
        results: the results model it fills.
        documents: the library's documents (the hint counts them).
        indexer: the indexing controller (the hint says documents are still being read).
        current_filters: the filters to use when a search names none (the search bar's).
        parent: the owner.

    Signals:
        header_changed(str): the line above the results ("3 results · filtered to …", "Searching…").
        hint_changed(str): no results to show: the hint (rich text) to show instead.
        results_shown(bool): results arrived; True when the best one should be selected (and so opened).
        hit_opened(CitationTarget, int, int, dict, bool): open a result in the reader: where, its row, the number
            of results, the pages of its document that hold results (page → count), and whether the reader takes
            the focus.
        search_finished(SearchResponse): a search's final (reranked) results were shown.
    """

    header_changed = Signal(str)
    hint_changed = Signal(str)
    results_shown = Signal(bool)
    hit_opened = Signal(object, int, int, object, bool)
    search_finished = Signal(object)

    def __init__(self, workspace: Workspace, results: SearchResultsModel, documents: DocumentTableModel,
                 indexer: IndexingController, current_filters: Callable[[], SearchFilters],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.results = results
        self._documents = documents
        self._indexer = indexer
        self._current_filters = current_filters
        self._serial = 0
        self.last_search: tuple[str, SearchFilters] | None = None
        self._open_hit_on_result = False

    @property
    def settings(self) -> Settings:
        """The user's settings (results per page, search method)."""
        return self.workspace.settings

    # --- searching ------------------------------------------------------------------------------------------------

    def search(self, query: str, filters: SearchFilters | None = None, open_best: bool = False) -> None:
        """Search the library on a worker; the results replace the list when they arrive (stale ones are dropped).

        Args:
            query: words or a question.
            filters: company/form/year filters (default: the search bar's).
            open_best: open the best hit in the reader (the user pressed Enter).
        """
        filters = filters if filters is not None else self._current_filters()
        self._serial += 1
        serial = self._serial
        self.last_search = (query, filters)
        if not query.strip():
            self.results.clear()
            self.update_hint()
            return
        searcher = self.workspace.searcher
        if searcher is None:
            self.header_changed.emit("Opening the library… your search runs as soon as it is ready.")
            return
        self.header_changed.emit("Searching…")
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
                 on_progress=lambda response: self._on_result(serial, query, response, settled=False),
                 on_result=lambda response: self._on_result(serial, query, response),
                 on_error=lambda error: self._on_error(serial, error))

    def rerun(self) -> None:
        """Run the last search again (new documents, or the library just opened), if there was one."""
        if self.last_search and self.last_search[0].strip():
            self.search(*self.last_search, False)

    def _on_result(self, serial: int, query: str, response: SearchResponse, settled: bool = True) -> None:
        if serial != self._serial:
            return  # a newer search is on its way
        searcher = self.workspace.searcher
        if settled and searcher is not None and searcher.ranker.note:
            messages.info(searcher.ranker.note, timeout_ms=10_000)
        self.results.set_hits(response.hits, query)
        count = len(response.hits)
        self.header_changed.emit(results_header(response, count, settled))
        if count:
            self.results_shown.emit(self._open_hit_on_result and settled)
        else:
            self.hint_changed.emit("<p>Nothing matches. Try fewer or different words, or clear the filters.</p>")
        if settled:
            self._open_hit_on_result = False
            self.search_finished.emit(response)

    def _on_error(self, serial: int, error: TaskError) -> None:
        if serial != self._serial:
            return
        self.header_changed.emit("")
        messages.error(f"The search failed: {error}", "Try again; if it keeps failing, re-open the library.",
                       details=error.traceback)

    def update_hint(self) -> None:
        """With no results on screen, say what can be searched (or that documents are still being read)."""
        if self.results.rowCount():
            return
        self.header_changed.emit("")
        total = self._documents.rowCount()
        if total == 0 and self._indexer.is_running:
            self.hint_changed.emit("<p style='font-size:11pt'>Reading your documents…</p><p>Each one appears in "
                                   "the library as soon as it is indexed, and you can search it right away.</p>")
            return
        examples = " · ".join(f"<a href='{q}'>{q}</a>" for q in EXAMPLE_QUERIES)
        self.hint_changed.emit(
            f"<p style='font-size:11pt'>Search {total} document{'s' if total != 1 else ''} by meaning.</p>"
            f"<p>Type keywords or a full question above; narrow it with the company, form and year filters.</p>"
            f"<p>Try: {examples}</p>")

    def clear(self) -> None:
        """Forget the results shown (another library opened) and say what can be searched."""
        self.results.clear()
        self.update_hint()

    def drop_documents(self, doc_ids: list[str]) -> None:
        """Take the results of removed documents off the list."""
        removed = set(doc_ids)
        hits = [h for h in self.results.hits if h.document.doc_id not in removed]
        if len(hits) != len(self.results.hits):
            self.results.set_hits(hits, self.results.query)

    # --- results and the reader -----------------------------------------------------------------------------------

    def open_row(self, row: int, focus_reader: bool = False) -> None:
        """Open result ``row`` in the reader, with the pages of its document that hold other results marked."""
        if not 0 <= row < self.results.rowCount():
            return
        hit = self.results.hit_at(row)
        counts: dict[int, int] = {}
        for other in self.results.hits:
            if other.document.doc_id == hit.document.doc_id:
                counts[other.chunk.page] = counts.get(other.chunk.page, 0) + 1
        self.hit_opened.emit(CitationTarget.from_hit(hit), row, self.results.rowCount(), counts, focus_reader)


def results_header(response: SearchResponse, count: int, settled: bool) -> str:
    """The line above the results: how many, and what limited them ("3 results · filtered to Acme, FY2023")."""
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
    return header + (" · " + "; ".join(scope) if scope else "")
