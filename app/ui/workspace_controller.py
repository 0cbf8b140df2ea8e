"""The window's library: which one is open, re-indexing and moving it, removing documents, the counts shown.

The library opens after the window is on screen (:func:`app.ui.application.run_app`), may be rebuilt with another
model, or replaced by one in another folder chosen in Settings; each time, :meth:`WorkspaceController.set_workspace`
puts it into every part of the window and the window announces ``workspace_changed``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from app import __version__
from app.core import paths
from app.core.embedding import OnnxEmbedder
from app.core.library import Library
from app.core.search import Searcher
from app.ui import messages
from app.ui.workers import TaskError, run_task

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class WorkspaceController(QObject):
    """Opens, rebuilds and switches the window's library, removes documents, and keeps the status counts.

    Args:
        window: the window it fills in (also its parent); ``window.library``, ``window.embedder`` and
            ``window.searcher`` are set here.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def set_workspace(self, library: Library, embedder: OnnxEmbedder) -> None:
        """Show a library: the first one once it is open, or another after a re-index or a new location."""
        w = self._window
        first = w.library is None
        w.indexer.set_workspace(library, embedder)
        w.library = library
        w.embedder = embedder
        w.searcher = Searcher(library, embedder, reranker=w.settings.reranker)
        w.results.clear()
        w.reader.clear()
        w.documents.set_library(library)
        self.show_reindex_advice(library)
        if first:
            w.documents.set_documents(library.list_documents())  # no flash of the empty state
        self.reload_documents()
        w.search_controller.update_hint()
        w._update_stack()
        w.workspace_changed.emit()
        w.intake.add_pending()
        if first:
            w.search_controller.rerun()

    def reload_documents(self) -> None:
        """Re-read the document list (and the status bar counts) on a worker."""
        w = self._window
        library = w.library
        if library is None:
            return
        w.documents.reload()
        run_task(lambda _ctx: library.chunk_count(), owner=self, name="count passages",
                 on_result=lambda count: self._update_status(count) if library is w.library else None,
                 on_error=lambda error: log.warning("counting passages failed: %s", error))

    def _update_status(self, chunk_count: int) -> None:
        w = self._window
        documents = w.documents.rowCount()
        model = w.embedder.model_id if w.embedder is not None else ""
        w.status_label.setText(f"{documents} document{'s' if documents != 1 else ''} · {chunk_count:,} passages · "
                               f"model {model} · FinLens {__version__}")

    def show_reindex_advice(self, library: Library) -> None:
        """Offer a re-index when the library's passages were cut by an older FinLens (else hide the offer)."""
        advice = library.reindex_advice()
        self._window.reindex_notice_text.setText(advice or "")
        self._window.reindex_notice.setVisible(bool(advice))

    def reindex_with_current_model(self) -> None:
        """The user accepted the re-index offer: rebuild with the model the library already uses."""
        self._window.reindex_notice.hide()
        if self._window.embedder is not None:
            self.reindex(str(self._window.embedder.folder))

    def reindex(self, model: str) -> None:
        """Rebuild the library with another embedding model; the previous one is kept as ``<folder>.previous``."""
        from app.core.workspace import prepare_reindex

        w = self._window
        if w.library is None:
            messages.warning("The library is still opening.", "Try again in a moment.")
            return
        folder = w.library.folder
        w.indexer.cancel()
        messages.info("Preparing to re-index…", timeout_ms=0)

        def done(plan: Any) -> None:
            self.set_workspace(plan.library, plan.embedder)
            if plan.missing:
                messages.warning(f"{len(plan.missing)} files of the library no longer exist and were left out.",
                                 "Add them again from their new location.", details="\n".join(plan.missing))
            w.intake.add_paths(plan.paths)

        run_task(lambda _ctx: prepare_reindex(folder, model), owner=self, name="prepare re-index", on_result=done,
                 on_error=lambda error: messages.error(f"Re-indexing could not start: {error}",
                                                       "Check the model in Settings and try again.",
                                                       details=error.traceback))

    def switch_library(self, folder: str) -> None:
        """Open the library in ``folder`` (a new location chosen in Settings)."""
        from app.core.library import LibraryMismatchError
        from app.core.workspace import open_library

        target = Path(folder).expanduser() if folder else paths.library_dir()

        def failed(error: TaskError) -> None:
            hint = "Re-index it from Settings, or choose another folder." \
                if isinstance(error.exception, LibraryMismatchError) else "Choose another folder in Settings."
            messages.error(str(error), hint, details=error.traceback)

        settings = self._window.settings
        model = None if Library.read_meta(target) is not None else (settings.embedding_model or "default")
        run_task(lambda _ctx: open_library(target, model), owner=self, name="open library",
                 on_result=lambda pair: self.set_workspace(*pair), on_error=failed)

    def remove_documents(self, doc_ids: list[str], *, confirm: bool = True) -> None:
        """Remove documents from the library (the files stay on disk)."""
        w = self._window
        if not doc_ids:
            return
        if confirm and not messages.no_err_windows():
            # A question, not a message: the answer is needed here, so it stays a synchronous dialog.
            noun = "this document" if len(doc_ids) == 1 else f"these {len(doc_ids)} documents"
            answer = QMessageBox.question(w, "Remove from Library",
                                          f"Remove {noun} from the library? The files stay where they are; you can "
                                          "add them again later.")
            if answer != QMessageBox.StandardButton.Yes:
                return
        removed = set(doc_ids)
        hits = [h for h in w.results.hits if h.document.doc_id not in removed]
        if len(hits) != len(w.results.hits):
            w.results.set_hits(hits, w.results.query)
        w.documents.remove_documents(doc_ids)
