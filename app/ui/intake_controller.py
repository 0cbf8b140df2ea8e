"""How documents come into the window's library: drops, Add Files/Folder, the sample filings, and indexing news.

This is the window's indexing controller: it hands paths to the indexer (:class:`app.ui.indexing_panel.
IndexingController`, which runs the work), keeps paths that arrive before the library is open, handles file drops
anywhere on the window, and turns the indexer's progress into announcements of the workspace (which refresh the
library list and the status line) and a status note. A team library opens read-only: files for it are refused with
a sentence that says who adds them, unless this desktop adds documents to it (Settings): then they are indexed into
its appender (:attr:`Workspace.appender <app.core.workspace.Workspace.appender>`) the same way, and the user is told
that they appear in search once the library is next published, or, when the bucket refuses the write, why not.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QWidget

from app.core import paths
from app.core.ingest.discovery import FileOutcome
from app.core.ingest.indexing import IndexReport
from app.core.ingest.parsing import SUPPORTED_SUFFIXES
from app.core.workspace import Workspace
from app.ui import messages
from app.ui.indexing_panel import IndexingController
from app.ui.window_widgets import local_paths, samples_available

DROP_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class IntakeController(QObject):
    """Adds files and folders to the window's library and reports how indexing went.

    Args:
        workspace: the workspace whose library takes the files (announced changes refresh the views).
        indexer: the indexing controller that does the work.
        window: the window it serves (also its parent): the parent of its file dialogs; drops on it and on its
            children are handled here (:meth:`watch_drops`).

    Signals:
        appender_wanted(): files wait for the team library's appender, which is not open (yet, or again).
        documents_added(): indexing added documents that the last search may now find.
        indexing_finished(IndexReport): a batch ended (also after a cancel).
        drop_hovered(bool): files are dragged over the window (True) or left it (False).
    """

    appender_wanted = Signal()
    documents_added = Signal()
    indexing_finished = Signal(object)
    drop_hovered = Signal(bool)

    def __init__(self, workspace: Workspace, indexer: IndexingController, window: QWidget) -> None:
        super().__init__(window)
        self.workspace = workspace
        self._indexer = indexer
        self._window = window
        self._pending_paths: list[str] = []
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(300)
        self._reload_timer.timeout.connect(lambda: workspace.note_indexed())
        indexer.file_finished.connect(self.on_file_indexed)
        indexer.finished.connect(self.on_indexing_finished)
        indexer.failed.connect(lambda _error: workspace.note_indexed())  # some batches may have landed

    # --- adding ---------------------------------------------------------------------------------------------------

    def add_paths(self, paths_to_add: list[str]) -> None:
        """Index files and folders in the background (the same path twice is indexed once)."""
        workspace = self.workspace
        paths_to_add = [p for p in paths_to_add if p]
        if not paths_to_add:
            return
        if workspace.library is None:
            self._pending_paths.extend(paths_to_add)
            messages.info("Your files are indexed as soon as the library is open.", timeout_ms=0)
            return
        if not workspace.takes_documents():
            messages.warning("The team library is open read-only, so files cannot be added from this window.",
                             "Ask whoever indexes the team library to add them (finlens index --library URI); if "
                             "this desktop may write to the bucket, turn on \"This desktop adds documents\" in "
                             "Settings > Library.")
            return
        if workspace.appender is None:  # the team library's appender is (still, or again) opening
            self._pending_paths.extend(paths_to_add)
            self.appender_wanted.emit()
            messages.info("Your files are added as soon as the team library is open for adding.", timeout_ms=0)
            return
        self._indexer.add(paths_to_add)  # the indexer announces the batch it starts

    def add_pending(self) -> None:
        """Index the paths that arrived while the library was opening."""
        pending, self._pending_paths = self._pending_paths, []
        self.add_paths(pending)

    def choose_files(self) -> None:
        """Ask for files to add."""
        patterns = " ".join(f"*{suffix}" for suffix in sorted(SUPPORTED_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(self._window, "Add Filings", str(Path.home()),
                                                f"Filings ({patterns});;All files (*)")
        self.add_paths(files)

    def choose_folder(self) -> None:
        """Ask for a folder to add."""
        folder = QFileDialog.getExistingDirectory(self._window, "Add a Folder of Filings", str(Path.home()))
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

    # --- indexing news --------------------------------------------------------------------------------------------

    def on_file_indexed(self, outcome: FileOutcome) -> None:
        """A file is in the library: announce it soon (one announcement per burst of small files)."""
        if outcome.status == "indexed":
            self._reload_timer.start()

    def on_indexing_finished(self, report: IndexReport) -> None:
        """Indexing ended: announce it, say how it went, and search again if new documents may answer."""
        self._reload_timer.stop()
        self.workspace.note_indexed([o.doc_id for o in report.outcomes if o.status == "indexed" and o.doc_id])
        failed = report.count("failed") + report.count("skipped")
        summary = f"Indexing finished: {report.count('indexed')} added" + (f", {failed} not added" if failed else "")
        if self.workspace.adds_to_team_library:
            self._tell_team_outcome(report, summary)
        else:
            messages.info("Indexing cancelled" if report.cancelled else summary)
            if report.count("indexed"):
                self.documents_added.emit()
        self.indexing_finished.emit(report)

    def _tell_team_outcome(self, report: IndexReport, summary: str) -> None:
        """Say what adding to a team library did: search shows the new documents only once they are published."""
        library = self.workspace.library
        added = report.count("indexed")
        if report.error:  # e.g. the bucket refused the write: the sentence says what to do
            messages.warning(report.error)
        elif added and library is not None:
            noun = "document" if added == 1 else "documents"
            messages.info(f"Added {added} {noun} to the team library. {'It appears' if added == 1 else 'They appear'} "
                          f"in search once the library is next published (finlens maintain --library "
                          f"{library.folder}).", timeout_ms=0)
        else:
            messages.info("Indexing cancelled" if report.cancelled else summary)

    # --- drag and drop --------------------------------------------------------------------------------------------

    def watch_drops(self, root: QWidget) -> None:
        """Handle file drops on ``root`` and on every child that accepts drops (line edits take text drops)."""
        for child in [root, *root.findChildren(QWidget)]:
            if child is root or child.acceptDrops():
                child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind in DROP_EVENTS:
            dropped = local_paths(event.mimeData())  # type: ignore[attr-defined]
            if dropped:
                self._on_drop_event(kind, event, dropped)  # type: ignore[arg-type]
                return True
        elif kind == QEvent.Type.DragLeave:
            self.drop_hovered.emit(False)
        return super().eventFilter(watched, event)

    def _on_drop_event(self, kind: QEvent.Type, event: QDragEnterEvent | QDragMoveEvent | QDropEvent,
                       dropped: list[str]) -> None:
        event.acceptProposedAction()
        if kind == QEvent.Type.DragEnter:
            self.drop_hovered.emit(True)
        elif kind == QEvent.Type.Drop:
            self.drop_hovered.emit(False)
            self.add_paths(dropped)
