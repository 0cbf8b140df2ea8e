"""Searching from the window: queries run on a worker, results fill the list, the chosen hit opens in the reader.

The controller owns what a search needs between keystrokes (the last query, which search is the newest, whether
the best hit should open) and writes what the user sees: the results list and its header, the hint shown when there
are none, and the reader's "Result i of n". The window keeps its public methods (``search``, ``open_hit``, …) and
hands them here.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from app.core.query import distinct_companies
from app.core.records import SearchHit
from app.core.search import SearchFilters, SearchResponse
from app.ui import messages
from app.ui.workers import TaskContext, TaskError, run_task

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

EXAMPLE_QUERIES = ("total revenue and net income", "capital expenditures", "main risk factors")


class SearchController(QObject):
    """Runs the window's searches and shows their results (stale results of an older search are dropped).

    Args:
        window: the window whose search bar, results list and reader it drives (also its parent).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._serial = 0
        self.last_search: tuple[str, SearchFilters] | None = None
        self._open_hit_on_result = False

    # --- searching ------------------------------------------------------------------------------------------------

    def search(self, query: str, filters: SearchFilters | None = None, open_best: bool = False) -> None:
        """Search the library on a worker; the results replace the list when they arrive (stale ones are dropped).

        Args:
            query: words or a question.
            filters: company/form/year filters (default: the search bar's).
            open_best: open the best hit in the reader (the user pressed Enter).
        """
        w = self._window
        filters = filters if filters is not None else w.search_bar.filters()
        self._serial += 1
        serial = self._serial
        self.last_search = (query, filters)
        if not query.strip():
            w.results.clear()
            self.update_hint()
            return
        searcher = w.searcher
        if searcher is None:
            w.results_header.setText("Opening the library… your search runs as soon as it is ready.")
            return
        w.results_header.setText("Searching…")
        k = max(5, int(w.settings.results_per_page))
        method = w.settings.search_method if w.settings.search_method in ("hybrid", "dense", "keyword") \
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
        w = self._window
        if settled and w.searcher is not None and w.searcher.ranker.note:
            messages.info(w.searcher.ranker.note, timeout_ms=10_000)
        w.results.set_hits(response.hits, query)
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
        w.results_header.setText(header + (" · " + "; ".join(scope) if scope else ""))
        if count:
            w.results_stack.setCurrentWidget(w.results_view)
            w.middle_tabs.setCurrentIndex(0)
            if self._open_hit_on_result and settled:
                w.results_view.setCurrentIndex(w.results.index(0))
        else:
            w.results_hint.setText("<p>Nothing matches. Try fewer or different words, or clear the filters.</p>")
            w.results_stack.setCurrentWidget(w.results_hint)
        if settled:
            self._open_hit_on_result = False
            w.search_finished.emit(response)

    def _on_error(self, serial: int, error: TaskError) -> None:
        if serial != self._serial:
            return
        self._window.results_header.setText("")
        messages.error(f"The search failed: {error}", "Try again; if it keeps failing, re-open the library.",
                       details=error.traceback)

    def on_example_query(self, query: str) -> None:
        """Run an example query the user clicked in the hint."""
        self._window.search_bar.set_query(query)
        self.search(query, None, True)

    def update_hint(self) -> None:
        """With no results on screen, say what can be searched (or that documents are still being read)."""
        w = self._window
        if w.results.rowCount():
            return
        w.results_header.setText("")
        total = w.documents.rowCount()
        if total == 0 and w.indexer.is_running:
            w.results_hint.setText("<p style='font-size:11pt'>Reading your documents…</p><p>Each one appears in "
                                   "the library as soon as it is indexed, and you can search it right away.</p>")
            w.results_stack.setCurrentWidget(w.results_hint)
            return
        examples = " · ".join(f"<a href='{q}'>{q}</a>" for q in EXAMPLE_QUERIES)
        w.results_hint.setText(
            f"<p style='font-size:11pt'>Search {total} document{'s' if total != 1 else ''} by meaning.</p>"
            f"<p>Type keywords or a full question above; narrow it with the company, form and year filters.</p>"
            f"<p>Try: {examples}</p>")
        w.results_stack.setCurrentWidget(w.results_hint)

    # --- results and the reader -----------------------------------------------------------------------------------

    def current_hit_row(self) -> int:
        """The selected result row, or -1."""
        index = self._window.results_view.currentIndex()
        return index.row() if index.isValid() else -1

    def open_hit(self, row: int) -> None:
        """Select result ``row`` and open it in the reader."""
        w = self._window
        if not 0 <= row < w.results.rowCount():
            return
        if self.current_hit_row() == row:
            self.open_row(row)
        else:
            w.results_view.setCurrentIndex(w.results.index(row))  # opens it via currentChanged

    def next_hit(self) -> None:
        """Open the next result."""
        count = self._window.results.rowCount()
        if count:
            self.open_hit(min(self.current_hit_row() + 1, count - 1))

    def previous_hit(self) -> None:
        """Open the previous result."""
        if self._window.results.rowCount():
            self.open_hit(max(self.current_hit_row() - 1, 0))

    def on_current_result_changed(self, current: Any, _previous: Any) -> None:
        """The selection moved in the results list: open the newly selected hit."""
        self.open_row(current.row())

    def open_row(self, row: int, *, focus_reader: bool = False) -> None:
        """Open result ``row`` in the reader, with the pages of its document that hold other results marked."""
        w = self._window
        if not 0 <= row < w.results.rowCount():
            return
        hit: SearchHit = w.results.hit_at(row)
        w.reader.show_hit(hit)
        w.reader.set_hit_position(row, w.results.rowCount())
        counts: dict[int, int] = {}
        for other in w.results.hits:
            if other.document.doc_id == hit.document.doc_id:
                counts[other.chunk.page] = counts.get(other.chunk.page, 0) + 1
        w.reader.set_hit_pages(counts)
        if focus_reader:
            w.reader.scroll_area.setFocus()
