"""The reranker in the window: first results at once, then the reranked order; the Reranking setting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.retrieval.search import SearchResponse
from app.ui.item_models import HitRole
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog


def test_results_show_at_once_then_settle_on_the_reranked_order(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window: MainWindow = make_window(*indexed)
    headers: list[str] = []
    window.results.modelReset.connect(lambda: headers.append(window.results_panel.header.text()))
    field = window.search_bar.query_field
    with qtbot.waitSignal(window.search_finished, timeout=30_000) as blocker:
        qtbot.keyClicks(field, "Is Globex a capital-intensive business?")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    response: SearchResponse = blocker.args[0]
    assert any("refining the order" in h for h in headers)  # the first-stage list was shown while reranking
    assert "refining" not in window.results_panel.header.text()  # and the final header replaced it
    assert window.searcher is not None and window.searcher.ranker.reranker is not None
    assert response.hits
    assert window.results.index(0, 0).data(HitRole).chunk.chunk_id == response.hits[0].chunk.chunk_id


def test_reranking_setting_switches_the_searcher(qtbot, make_window, indexed) -> None:  # noqa: ANN001
    window: MainWindow = make_window(*indexed)
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.settings_applied.connect(window.apply_settings)
    assert dialog.reranker_combo.currentData() == "default"
    dialog.reranker_combo.setCurrentIndex(dialog.reranker_combo.findData("none"))
    dialog.apply()
    assert window.settings.reranker == "none"
    assert window.searcher is not None and window.searcher.ranker.reranker is None
