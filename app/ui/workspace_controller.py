"""The window's side of the workspace: showing the open library, the status line, re-indexing, removals, refreshes.

The :class:`~app.core.workspace.Workspace` (``window.workspace``) owns which library is open and every change made
to it. This controller subscribes to its announcements (:class:`~app.ui.workspace_events.WorkspaceEvents`) and
re-announces each as a Qt signal the window's views and other controllers subscribe to: a new library (the window
then announces ``workspace_changed``), removed documents (taken out of the results), and, after every change, the
status line re-read from the library — so its counts never drift from the list. It touches no widget. A team
library is polled for a newer published version (:data:`POLL_INTERVAL_MS`, on a worker) and refreshed on the
Refresh action; the announcement of a newer version reloads the views. When this desktop adds documents to the team
library (Settings), its appender is opened on a worker after the library is shown, and the indexer writes through it
while the window keeps showing the published version.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app import __version__
from app.core import paths
from app.core.store import Library
from app.core.workspace import Changes, Workspace, WorkspaceSummary
from app.ui import messages
from app.ui.item_models import DocumentTableModel
from app.ui.workers import TaskError, run_task
from app.ui.workspace_events import WorkspaceEvents

log = logging.getLogger(__name__)

#: How often the window looks for a newer published version of a team library.
POLL_INTERVAL_MS = 60_000


def status_text(summary: WorkspaceSummary) -> str:
    """The status line: "Team library · published <local time> · N documents" (and "· this desktop adds documents"
    when it does), or a local library's counts."""
    documents = f"{summary.documents:,} document{'s' if summary.documents != 1 else ''}"
    if summary.remote:
        when = "not published yet" if summary.published_at is None \
            else f"published {datetime.fromtimestamp(summary.published_at):%Y-%m-%d %H:%M}"
        adds = " · this desktop adds documents" if summary.adds_documents else ""
        return f"Team library · {when} · {documents}{adds}"
    return f"{documents} · {summary.passages:,} passages · model {summary.model_id} · FinLens {__version__}"


class WorkspaceController(QObject):
    """Follows the workspace's library for the window and acts on the user's library commands.

    It touches no widget: it announces what changed and the window connects the views (status bar, reindex notice,
    team-library controls) and the other controllers to those signals.

    Args:
        workspace: the workspace whose announcements it follows.
        documents: the library's document table (whether its documents may be removed here).
        dialog_parent: the window, as the parent of the question asked before a removal (and this object's parent).

    Signals:
        library_shown(bool): another library is open (True: the first); views showing the previous one clear.
        writer_changed(object, object): documents added in the window go into this library with this embedder (the
            library itself, or a team library's appender once open).
        adding_ready(): files that waited for the library (or its appender) can be added now.
        documents_removed(list): documents removed from the library (their doc ids).
        published_refreshed(): a newer published version of the team library is shown.
        status_changed(str): the status line's counts.
        location_changed(str, str): the open library's name for the status bar, and its full location.
        team_library_shown(bool): whether the open library is a team library (its Refresh controls show).
        reindex_advice_changed(str): the re-index offer to show ("" hides it).
        reindex_started(): a re-index is being prepared (the window's indexing stops).
        reindex_paths(list): the files of the re-indexed library, to index again.
    """

    library_shown = Signal(bool)
    writer_changed = Signal(object, object)
    adding_ready = Signal()
    documents_removed = Signal(list)
    published_refreshed = Signal()
    status_changed = Signal(str)
    location_changed = Signal(str, str)
    team_library_shown = Signal(bool)
    reindex_advice_changed = Signal(str)
    reindex_started = Signal()
    reindex_paths = Signal(list)

    def __init__(self, workspace: Workspace, documents: DocumentTableModel, dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.workspace = workspace
        self._documents = documents
        self._dialog_parent = dialog_parent
        self._shown: Library | None = None
        self._checking = False
        self._user_asked = False  # the Refresh action asked while a check ran
        self._appender_opening: Library | None = None  # the team library whose appender a worker is opening
        self.events = WorkspaceEvents(workspace, self)
        self.events.changed.connect(self._on_workspace_changed)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_INTERVAL_MS)
        self.poll_timer.timeout.connect(lambda: self.check_for_published(quiet=True))

    # --- following the workspace ----------------------------------------------------------------------------------

    def _on_workspace_changed(self, changes: Changes) -> None:
        if changes.library is None or changes.library is not self.workspace.library:
            return  # news of a library the window no longer shows
        if changes.library_switched:
            self._show_library(changes.library)
        if changes.removed:
            self.documents_removed.emit(list(changes.removed))
        if changes.published_refreshed:
            messages.info("A newer version of the team library was published; the window shows it now.")
            self.published_refreshed.emit()
        self.update_status()

    def _show_library(self, library: Library) -> None:
        """Announce a newly opened library to every part of the window (the table follows on its own)."""
        first = self._shown is None
        self._shown = library
        embedder = self.workspace.embedder
        assert embedder is not None
        self.writer_changed.emit(self.workspace.appender or library, embedder)
        self.show_reindex_advice(library)
        location = str(library.folder)
        self.location_changed.emit(f"Team library: {location}" if library.remote else f"Library: {Path(location).name}",
                                   location)
        self.team_library_shown.emit(library.pinned)
        if library.pinned:
            self.poll_timer.start()
        else:
            self.poll_timer.stop()
        self.library_shown.emit(first)
        if not self.open_appender_if_due():
            self.adding_ready.emit()

    def open_appender_if_due(self) -> bool:
        """Open the appender through which this desktop adds documents to the team library, on a worker.

        Returns:
            True while it opens (files added meanwhile wait for it, then go in); False when there is nothing to open.
        """
        workspace = self.workspace
        library, embedder = workspace.library, workspace.embedder
        if library is None or embedder is None or workspace.appender is not None \
                or not workspace.adds_to_team_library:
            return False
        if self._appender_opening is library:
            return True
        self._appender_opening = library

        def opened(appender: Library | None) -> None:
            if self._appender_opening is library:
                self._appender_opening = None
            if appender is not None and library is workspace.library:
                self.writer_changed.emit(appender, embedder)
                self.adding_ready.emit()

        def failed(error: TaskError) -> None:
            if self._appender_opening is library:
                self._appender_opening = None
            # The files asked for wait: adding files again tries again and takes them along.
            messages.error(f"The team library could not be opened for adding documents: {error}",
                           "Check the network connection and add the files again.", details=error.traceback)

        run_task(lambda _ctx: workspace.open_appender(library), owner=self, name="open the team library for adding",
                 on_result=opened, on_error=failed)
        return True

    # --- the status line ------------------------------------------------------------------------------------------

    def update_status(self) -> None:
        """Re-read the status line's counts from the library, on a worker."""
        workspace = self.workspace
        library = workspace.library
        if library is None:
            return
        run_task(lambda _ctx: workspace.summary(), owner=self, name="count documents and passages",
                 on_result=lambda summary: self._show_status(library, summary),
                 on_error=lambda error: log.warning("reading the library's counts failed: %s", error))

    def _show_status(self, library: Library, summary: WorkspaceSummary | None) -> None:
        if summary is not None and library is self.workspace.library:
            self.status_changed.emit(status_text(summary))

    # --- team libraries: newer published versions -----------------------------------------------------------------

    def check_for_published(self, *, quiet: bool = False) -> None:
        """Look for a newer published version of the team library on a worker; the workspace announces one.

        Args:
            quiet: say nothing when there is none (the timer); the Refresh action says the library is up to date.
        """
        workspace = self.workspace
        if workspace.library is None or not workspace.library.pinned:
            return
        if self._checking:  # the timer's check is under way: the user hears its outcome instead of nothing
            self._user_asked = self._user_asked or not quiet
            return
        self._checking, self._user_asked = True, not quiet

        def checked(newer: bool) -> None:
            self._checking = False
            if not newer and self._user_asked:
                messages.info("The team library is up to date.")

        def failed(error: TaskError) -> None:
            self._checking = False
            if not self._user_asked:  # the network may come back by the next check
                log.warning("checking the team library for a newer version failed: %s", error)
            else:
                messages.error(f"The team library could not be refreshed: {error}",
                               "Check the network connection and try again.", details=error.traceback)

        run_task(lambda _ctx: workspace.refresh(), owner=self, name="check for a newer published version",
                 on_result=checked, on_error=failed)

    # --- re-indexing ----------------------------------------------------------------------------------------------

    def show_reindex_advice(self, library: Library) -> None:
        """Offer a re-index when the library's passages were cut by an older FinLens (else hide the offer)."""
        advice = library.reindex_advice() if library.writable else None
        self.reindex_advice_changed.emit(advice or "")

    def reindex_with_current_model(self) -> None:
        """The user accepted the re-index offer: rebuild with the model the library already uses."""
        self.reindex_advice_changed.emit("")
        if self.workspace.embedder is not None:
            self.reindex(str(self.workspace.embedder.folder))

    def reindex(self, model: str) -> None:
        """Rebuild the library with another embedding model; the previous one is kept as ``<folder>.previous``."""
        from app.core.library_opening import prepare_reindex

        library = self.workspace.library
        if library is None:
            messages.warning("The library is still opening.", "Try again in a moment.")
            return
        if library.remote:
            messages.warning("A team library is re-indexed by its maintainer, not from this window.",
                             "Ask whoever runs finlens maintain for the team library.")
            return
        folder = library.folder
        self.reindex_started.emit()  # the window's indexer stops: the re-index takes the library's lock
        messages.info("Preparing to re-index…", timeout_ms=0)

        def done(plan: Any) -> None:
            self.workspace.adopt(plan.library, plan.embedder)
            if plan.missing:
                messages.warning(f"{len(plan.missing)} files of the library no longer exist and were left out.",
                                 "Add them again from their new location.", details="\n".join(plan.missing))
            self.reindex_paths.emit(list(plan.paths))

        run_task(lambda _ctx: prepare_reindex(folder, model), owner=self, name="prepare re-index", on_result=done,
                 on_error=lambda error: messages.error(f"Re-indexing could not start: {error}",
                                                       "Check the model in Settings and try again.",
                                                       details=error.traceback))

    # --- another library, removals -------------------------------------------------------------------------------

    def open_chosen_library(self) -> None:
        """Open the library Settings now name (a folder or a team library), on a worker."""
        from app.core.store import LibraryMismatchError

        workspace = self.workspace
        if paths.library_overridden():
            messages.info(f"FinLens was started with --library or {paths.LIBRARY_ENV}, so it keeps that library "
                          "open; the library chosen in Settings opens when FinLens starts without it.")
            return

        def failed(error: TaskError) -> None:
            hint = "Re-index it from Settings, or choose another folder." \
                if isinstance(error.exception, LibraryMismatchError) \
                else "Check the library in Settings (folder, or team library address and credentials)."
            messages.error(str(error), hint, details=error.traceback)

        messages.info("Opening the library…", timeout_ms=0)
        # workspace.open announces the new library; _on_workspace_changed shows it.
        run_task(lambda _ctx: workspace.open(), owner=self, name="open library",
                 on_result=lambda _pair: messages.info(f"Library open: {workspace.library.folder}")
                 if workspace.library is not None else None, on_error=failed)

    def remove_documents(self, doc_ids: list[str], *, confirm: bool = True) -> None:
        """Remove documents from the library (the files stay on disk); the workspace announces the removal."""
        if not doc_ids:
            return
        if not self._documents.editable:
            messages.warning("Documents of the team library are removed by its maintenance writer, not from this "
                             "window.", "Ask whoever runs finlens maintain to remove them (finlens remove --library "
                             "URI, run from one place).")
            return
        if confirm and not messages.no_err_windows():
            # A question, not a message: the answer is needed here, so it stays a synchronous dialog.
            noun = "this document" if len(doc_ids) == 1 else f"these {len(doc_ids)} documents"
            answer = QMessageBox.question(self._dialog_parent, "Remove from Library",
                                          f"Remove {noun} from the library? The files stay where they are; you can "
                                          "add them again later.")
            if answer != QMessageBox.StandardButton.Yes:
                return
        workspace = self.workspace
        run_task(lambda _ctx: workspace.remove_documents(list(doc_ids)), owner=self, name="remove documents",
                 on_error=lambda error: messages.error(f"Removing failed: {error}", "Try again.",
                                                       details=error.traceback))
