"""Adding documents from the window: real drops, progress, cancel, plain-language failures, a responsive UI."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from app.core import paths
from app.core.ingest.indexing import IndexProgress
from app.ui.item_models import OutcomeRole
from app.ui.main_window import MainWindow
from tests.pdf_factory import make_encrypted_pdf
from tests.ui.conftest import drop_paths, make_filings

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def activity_lines(window: MainWindow) -> list[str]:
    """What the indexing card lists, one line per file, as the user reads it."""
    model = window.indexing_panel.activity
    return [model.index(row).data() for row in range(model.rowCount())]


def table_companies(window: MainWindow) -> list[str]:
    """The Company column of the library table, as shown."""
    proxy = window.library_panel.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def test_dropping_a_folder_indexes_it_and_documents_appear(qtbot, make_window, empty_library, filings) -> None:  # noqa: ANN001
    window = make_window(*empty_library)
    assert window.stack.currentWidget() is window.empty_state
    progress: list[IndexProgress] = []
    window.indexer.progressed.connect(progress.append)
    with qtbot.waitSignal(window.indexing_finished, timeout=120_000) as blocker:
        drop_paths(window, [filings])
        assert window.stack.currentIndex() == 1  # the workspace (with the progress card) replaces the empty state
        assert window.indexing_panel.isVisible()
    report = blocker.args[0]
    assert report.count("indexed") == 3 and not report.cancelled
    assert progress and progress[-1].files_done == progress[-1].files_total == 3
    assert any(p.last_outcome is None for p in progress)  # progress within a file, not only after each
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 3, timeout=10_000)
    assert {"Acme Widgets, Inc", "Globex Corporation"} <= set(table_companies(window))
    assert window.indexing_panel.title_label.text() == "Added 3 files"
    assert "pages/s" in window.indexing_panel.detail_label.text()
    companies = [window.search_bar.company_combo.itemText(i) for i in range(window.search_bar.company_combo.count())]
    assert "Acme Widgets, Inc" in companies


def test_window_is_usable_while_the_library_opens(qtbot, empty_library, filings) -> None:  # noqa: ANN001
    # run_app shows the window before LanceDB is loaded; what the user does meanwhile is kept, not lost.
    from app.core.settings import Settings

    window = MainWindow(None, None, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.stack.currentWidget() is window.opening_page
    assert window.opening_page.text() == "Opening your library…"
    drop_paths(window, [filings])
    window.search_controller.search("Acme revenue")
    assert "as soon as it is ready" in window.results_panel.header.text()
    with qtbot.waitSignal(window.indexing_finished, timeout=120_000) as blocker:
        window.workspace.adopt(*empty_library)
    assert blocker.args[0].count("indexed") == 3  # the files dropped while opening
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.results.rowCount() > 0, timeout=30_000)  # the search typed while opening
    assert window.stack.currentIndex() == 1


def test_progress_arrives_and_cancel_stops_cleanly(qtbot, make_window, empty_library, tmp_path) -> None:  # noqa: ANN001
    folder = make_filings(tmp_path / "many", 6)
    window = make_window(*empty_library)
    panel = window.indexing_panel
    with qtbot.waitSignal(window.indexer.file_finished, timeout=120_000):
        drop_paths(window, [folder])
    assert panel.cancel_button.isVisible() and panel.cancel_button.isEnabled()
    ARTIFACTS.mkdir(exist_ok=True)
    window.grab().save(str(ARTIFACTS / "indexing.png"))
    assert panel.progress_bar.value() > 0
    assert panel.title_label.text().startswith("Adding file")
    with qtbot.waitSignal(window.indexing_finished, timeout=120_000) as blocker:
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report.cancelled
    indexed = report.count("indexed")
    assert 1 <= indexed < 6
    assert panel.title_label.text().startswith("Cancelled")
    assert not panel.cancel_button.isVisible()
    # Nothing half-indexed: the library holds exactly the files reported as indexed, and they all show.
    library = window.library
    assert len(library.list_documents()) == indexed
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == indexed, timeout=10_000)
    assert not window.indexer.is_running


def test_bad_files_show_their_reason(qtbot, make_window, empty_library, tmp_path) -> None:  # noqa: ANN001
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog" + bytes(range(256)) * 8)
    make_encrypted_pdf(folder / "locked.pdf")
    (folder / "spreadsheet.xlsx").write_bytes(b"PK\x03\x04 not a filing")
    window = make_window(*empty_library)
    with qtbot.waitSignal(window.indexing_finished, timeout=60_000) as blocker:
        drop_paths(window, [folder])
    report = blocker.args[0]
    by_name = {Path(o.path).name: o for o in report.outcomes}
    assert by_name["empty.pdf"].status in ("failed", "skipped")
    assert "empty" in by_name["empty.pdf"].reason.lower()
    assert "password" in by_name["locked.pdf"].reason.lower()
    lines = activity_lines(window)
    for name in ("empty.pdf", "corrupt.pdf", "locked.pdf"):
        outcome = by_name[name]
        assert outcome.status in ("failed", "skipped") and outcome.reason
        assert any(line.startswith(name) and outcome.reason in line for line in lines), (name, lines)
    assert any("unsupported" in line.lower() for line in lines)  # the .xlsx, summarised
    entries = [window.indexing_panel.activity.index(r).data(OutcomeRole) for r in range(len(lines))]
    assert not any(e.status == "indexing" for e in entries)
    assert "could not be added" in window.indexing_panel.title_label.text()
    # The outcome card stays (it explains the failures) although the library is still empty.
    assert window.stack.currentIndex() == 1


def test_event_loop_keeps_serving_while_indexing(qtbot, make_window, empty_library, tmp_path) -> None:  # noqa: ANN001
    folder = make_filings(tmp_path / "stall", 5)
    window = make_window(*empty_library)
    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    searches: list[object] = []
    window.search_finished.connect(searches.append)
    with qtbot.waitSignal(window.indexing_finished, timeout=120_000):
        clock.start()
        timer.start()
        drop_paths(window, [folder])
        # Search while indexing: the window answers from what is already indexed.
        qtbot.waitUntil(lambda: window.library.chunk_count() > 0, timeout=60_000)
        window.search_bar.set_query("net revenues")
        window.search_controller.search("net revenues")
    timer.stop()
    longest = max(gaps[1:]) if len(gaps) > 1 else 0
    print(f"\nlongest event-loop stall while indexing 5 filings: {longest} ms over {len(gaps)} ticks "
          f"({clock.elapsed()} ms)")
    assert len(gaps) > 20
    assert longest < 500
    qtbot.waitUntil(lambda: bool(searches), timeout=30_000)


def test_empty_library_offers_samples_only_when_bundled(qtbot, make_window, empty_library, tmp_path,  # noqa: ANN001
                                                        monkeypatch, filings) -> None:
    monkeypatch.setattr(paths, "samples_dir", lambda: tmp_path / "no-samples")
    window = make_window(*empty_library)
    assert window.stack.currentWidget() is window.empty_state
    assert not window.empty_state.samples_button.isVisible()
    ARTIFACTS.mkdir(exist_ok=True)
    window.grab().save(str(ARTIFACTS / "empty_state.png"))
    assert window.empty_state.add_files_button.isVisible()

    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "notes.txt").write_text((filings / "globex_investor_day_notes.txt").read_text())
    monkeypatch.setattr(paths, "samples_dir", lambda: samples)
    window.update_page()
    assert window.empty_state.samples_button.isVisible()
    with qtbot.waitSignal(window.indexing_finished, timeout=60_000) as blocker:
        qtbot.mouseClick(window.empty_state.samples_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].count("indexed") == 1
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 1, timeout=10_000)


def test_removing_a_document_updates_table_and_results(qtbot, make_window, empty_library, filings) -> None:  # noqa: ANN001
    window = make_window(*empty_library)
    with qtbot.waitSignal(window.indexing_finished, timeout=120_000):
        window.intake.add_paths([str(filings / "ACME_2022_10K.pdf"), str(filings / "GLOBEX_2022_10K.pdf")])
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 2, timeout=10_000)
    window.library_panel.filter_field.setText("globex")
    assert window.library_panel.proxy.rowCount() == 1
    window.library_panel.table.selectRow(0)
    assert window.library_panel.remove_button.isEnabled()
    doc_id = window.library_panel.selected_documents()[0].doc_id
    with qtbot.waitSignal(window.documents.documents_changed, timeout=30_000):
        window.workspace_controller.remove_documents([doc_id], confirm=False)
    assert window.library_panel.proxy.rowCount() == 0
    window.library_panel.filter_field.clear()
    assert table_companies(window) == ["Acme Widgets, Inc"]
    assert window.library.get_document(doc_id) is None



def test_a_library_cut_by_an_older_chunker_offers_a_reindex(qtbot, make_window, empty_library, filings) -> None:  # noqa: ANN001
    from app.core.ingest.indexing import index_paths
    from app.core.store import Library
    from tests.core.store.test_library import mark_cut_by_first_chunker

    library, embedder = empty_library
    index_paths([filings / "ACME_2022_10K.pdf"], library, embedder)
    mark_cut_by_first_chunker(library.folder)
    old = Library(library.folder, model_id=embedder.model_id, model_hash=embedder.model_hash,
                  dimension=embedder.dimension)
    window = make_window(old, embedder)
    assert window.reindex_notice.isVisible() and "older FinLens" in window.reindex_notice.text_label.text()
    assert window.library_panel.proxy.rowCount() == 1  # the library is usable meanwhile
    with qtbot.waitSignal(window.indexing_finished, timeout=120_000) as blocker:
        qtbot.mouseClick(window.reindex_notice.reindex_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].count("indexed") == 1
    assert not window.reindex_notice.isVisible() and window.library.reindex_advice() is None
    assert window.workspace.embedder.model_id == embedder.model_id  # re-indexed with the same model
    qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 1, timeout=10_000)
