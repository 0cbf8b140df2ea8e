"""Qt models over core data: consistency (pytest-qt's model tester), filtering, sorting and metadata edits."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.records import DocumentInfo
from app.core.retrieval.search import Searcher
from app.core.settings import Settings
from app.core.workspace import Workspace
from app.ui import messages
from app.ui.item_models import (
    DocumentFilterProxyModel,
    DocumentRole,
    DocumentTableModel,
    SearchResultsModel,
    SnippetHtmlRole,
    pages_label,
    snippet_html,
)


def documents() -> list[DocumentInfo]:
    return [
        DocumentInfo("a1", "/x/acme_2022.pdf", "acme_2022", "Acme Widgets", "ACME", "10-K", 2022, "FY2022", 80),
        DocumentInfo("g1", "/x/globex_q1.pdf", "globex_q1", "Globex Corporation", "GBX", "10-Q", 2023, "Q1 FY2023",
                     40),
        DocumentInfo("n1", "/x/notes.txt", "notes", "", "", "other", None, "", 1),
    ]


def column(field: str) -> int:
    return next(i for i, c in enumerate(DocumentTableModel.COLUMNS) if c.field == field)


def test_document_model_passes_the_model_tester(qtmodeltester) -> None:  # noqa: ANN001
    model = DocumentTableModel()
    model.set_documents(documents())
    qtmodeltester.check(model)
    proxy = DocumentFilterProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_cells_show_what_the_user_reads(qapp) -> None:  # noqa: ANN001
    model = DocumentTableModel()
    model.set_documents(documents())
    assert model.index(0, column("company")).data() == "Acme Widgets"
    assert model.index(1, column("fiscal_period")).data() == "Q1 FY2023"
    assert model.index(2, column("company")).data() == "notes"  # unknown company: the file name, in italics
    assert model.index(2, column("company")).data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(2, column("company")).data(Qt.ItemDataRole.EditRole) == ""
    assert model.index(2, column("fiscal_year")).data() == ""
    assert model.index(0, column("status")).data() == "Indexed"
    assert "/x/acme_2022.pdf" in model.index(0, column("ticker")).data(Qt.ItemDataRole.ToolTipRole)


def test_filter_box_words_must_all_match_and_sorting_is_numeric(qapp) -> None:  # noqa: ANN001
    model = DocumentTableModel()
    model.set_documents(documents())
    proxy = DocumentFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_filter_text("globex 10-q")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(DocumentRole).doc_id == "g1"
    proxy.set_filter_text("acme 2023")
    assert proxy.rowCount() == 0
    proxy.set_filter_text("")
    proxy.sort(column("page_count"), Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data(DocumentRole).page_count for r in range(3)] == [80, 40, 1]


def test_editing_metadata_stores_it_in_the_library_then_signals(qtbot, indexed) -> None:  # noqa: ANN001
    library, embedder = indexed
    workspace = Workspace(Settings())
    model = DocumentTableModel(workspace)
    workspace.adopt(library, embedder)  # announced: the model shows the library's documents
    assert model.rowCount() == 3
    row = next(r for r in range(model.rowCount()) if model.document_at(r).title == "ACME_2022_10K")
    doc_id = model.document_at(row).doc_id
    ticker = model.index(row, column("ticker"))
    assert model.flags(ticker) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.metadata_changed, timeout=20_000) as blocker:
        assert model.setData(ticker, "acmw")
        assert ticker.data() == "ACMW"  # shown at once, in italics until stored
        assert ticker.data(Qt.ItemDataRole.FontRole).italic()
    assert blocker.args[0].ticker == "ACMW"
    assert library.get_document(doc_id).ticker == "ACMW"
    assert ticker.data(Qt.ItemDataRole.FontRole) is None
    period = model.index(row, column("fiscal_period"))
    with qtbot.waitSignal(model.metadata_changed, timeout=20_000):
        model.setData(period, "FY2021")
    assert library.get_document(doc_id).fiscal_year == 2021  # the year filter follows the period
    # Invalid values are refused with a sentence, and nothing is stored.
    assert not model.setData(model.index(row, column("fiscal_year")), "next year")
    assert "four digits" in messages.bridge().history[-1].text
    assert not model.setData(model.index(row, column("form_type")), "annual report")
    assert library.get_document(doc_id).fiscal_year == 2021
    # Put the shared library back as it was.
    for field, value in (("fiscal_period", "FY2022"), ("ticker", "ACME")):
        with qtbot.waitSignal(model.metadata_changed, timeout=20_000):
            model.setData(model.index(row, column(field)), value)
    assert library.get_document(doc_id).fiscal_year == 2022


def test_results_model_bolds_matched_terms(qtmodeltester, indexed) -> None:  # noqa: ANN001
    response = Searcher(*indexed).search("net revenues", k=5)
    model = SearchResultsModel()
    model.set_hits(response.hits, "net revenues")
    qtmodeltester.check(model)
    assert model.rowCount() == len(response.hits)
    html = model.index(0, 0).data(SnippetHtmlRole)
    assert "<b>" in html and "revenues" in html.lower()
    assert snippet_html("Revenues & <costs>", ["revenue"]) == "<b>Revenues</b> &amp; &lt;costs&gt;"
    assert pages_label([3]) == "p. 4" and pages_label([3, 4]) == "pp. 4–5"
