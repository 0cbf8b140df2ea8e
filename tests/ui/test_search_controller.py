"""The search controller on its own, with no window: it fills the results model and says what to show by signals."""

from __future__ import annotations

from typing import Any

from app.core.citation_target import CitationTarget
from app.core.retrieval.embedding import OnnxEmbedder
from app.core.retrieval.search import SearchFilters
from app.core.settings import Settings
from app.core.store import Library
from app.core.workspace import Workspace
from app.ui.indexing_panel import IndexingController
from app.ui.item_models import DocumentTableModel, SearchResultsModel
from app.ui.search_controller import SearchController


def make_controller(indexed: tuple[Library, OnnxEmbedder] | None) -> tuple[SearchController, dict[str, list[Any]]]:
    workspace = Workspace(Settings(reranker="none"))
    if indexed is not None:
        workspace.adopt(*indexed)
    results, documents = SearchResultsModel(), DocumentTableModel(workspace)
    indexer = IndexingController(*(indexed or (None, None)))  # type: ignore[arg-type]
    controller = SearchController(workspace, results, documents, indexer, SearchFilters)  # the filters: none
    seen: dict[str, list[Any]] = {"header": [], "hint": [], "shown": [], "opened": []}
    controller.header_changed.connect(seen["header"].append)
    controller.hint_changed.connect(seen["hint"].append)
    controller.results_shown.connect(seen["shown"].append)
    controller.hit_opened.connect(lambda *args: seen["opened"].append(args))
    return controller, seen


def test_a_search_fills_the_results_and_says_what_to_show(qtbot: Any, indexed: tuple[Library, OnnxEmbedder]) -> None:
    controller, seen = make_controller(indexed)
    with qtbot.waitSignal(controller.search_finished, timeout=30_000) as finished:
        controller.search("net revenues", open_best=True)
    response = finished.args[0]
    count = controller.results.rowCount()
    assert count == len(response.hits) > 0
    assert seen["header"][0] == "Searching…" and seen["header"][-1] == f"{count} result{'s' if count != 1 else ''}"
    assert seen["shown"][-1] is True  # Enter was pressed: the best hit is to be selected, and so opened

    controller.open_row(0, focus_reader=True)
    target, row, total, pages, focus = seen["opened"][-1]
    best = response.hits[0]
    assert target == CitationTarget.from_hit(best) and (row, total, focus) == (0, count, True)
    assert pages[best.chunk.page] >= 1  # the reader marks the pages of that filing holding results

    controller.drop_documents([best.document.doc_id])  # removed from the library: its results leave the list
    assert all(hit.document.doc_id != best.document.doc_id for hit in controller.results.hits)


def test_before_the_library_is_open_a_search_says_it_waits(qtbot: Any) -> None:
    controller, seen = make_controller(None)
    controller.search("capital expenditures")
    assert seen["header"] == ["Opening the library… your search runs as soon as it is ready."]
    assert controller.results.rowCount() == 0 and not seen["shown"]
    controller.search("   ")  # an empty query clears the list and says what can be searched
    assert "Search 0 documents by meaning." in seen["hint"][-1]
