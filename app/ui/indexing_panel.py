"""Background indexing: a controller that queues dropped paths and runs the core indexer on a worker, and the panel
that shows its progress (overall bar, pages/s, time left, Cancel) and per-file outcomes in plain words.

The window stays responsive and searchable while indexing: the core indexer runs on the worker pool and the library
lets readers see each document as soon as it is committed.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.ingest.discovery import FileOutcome
from app.core.ingest.indexing import IndexProgress, IndexReport, index_paths
from app.core.retrieval.embedding import Embedder
from app.core.store import Library
from app.ui import messages
from app.ui.icons import apply_icon
from app.ui.item_models import IndexActivityModel
from app.ui.workers import TaskContext, TaskError, Worker, run_task

log = logging.getLogger(__name__)
AUTO_DISMISS_MS = 8000


def format_duration(seconds: float) -> str:
    """"45 s", "3 min 05 s", "1 h 02 min"."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class IndexingController(QObject):
    """Runs one indexing batch at a time; paths added meanwhile wait in a queue.

    Signals (GUI thread):
        started(): a batch began.
        progressed(object): an :class:`IndexProgress`.
        file_finished(object): a :class:`FileOutcome` (indexed, failed with its reason, ...).
        finished(object): the batch's :class:`IndexReport` (``cancelled`` set when the user cancelled).
        failed(object): a :class:`TaskError` when the indexer itself crashed.
        idle(): no batch running and nothing queued.
    """

    started = Signal()
    progressed = Signal(object)
    file_finished = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    idle = Signal()

    def __init__(self, library: Library, embedder: Embedder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._embedder = embedder
        self._queue: list[str] = []
        self._worker: Worker | None = None
        self.last_report: IndexReport | None = None
        self._announced: set[int] = set()  # ids of the running batch's outcomes already sent on file_finished

    @property
    def is_running(self) -> bool:
        """True while a batch runs."""
        return self._worker is not None

    @property
    def queued(self) -> list[str]:
        """Paths waiting for the next batch."""
        return list(self._queue)

    def set_workspace(self, library: Library, embedder: Embedder) -> None:
        """Index into another library from the next batch on (cancels the running one)."""
        self.cancel()
        self._library = library
        self._embedder = embedder

    def add(self, paths: list[str]) -> None:
        """Index files and folders (after the running batch, if any)."""
        fresh = [str(p) for p in paths if str(p) not in self._queue]
        if not fresh:
            return
        self._queue.extend(fresh)
        if self._worker is None:
            self._start_next()

    def cancel(self) -> None:
        """Stop the running batch (the current file is dropped whole) and forget the queue."""
        self._queue.clear()
        if self._worker is not None:
            self._worker.cancel()

    def _start_next(self) -> None:
        if not self._queue:
            self.idle.emit()
            return
        batch, self._queue = self._queue, []
        library, embedder = self._library, self._embedder

        def task(context: TaskContext) -> IndexReport:
            return index_paths(batch, library, embedder, on_progress=context.progress,
                               should_cancel=lambda: context.cancelled)

        self._worker = run_task(task, owner=self, name="index", on_progress=self._on_progress,
                                on_result=self._on_result, on_error=self._on_error)
        self._worker.done.connect(self._on_done)
        self.started.emit()

    def _on_progress(self, progress: IndexProgress) -> None:
        self.progressed.emit(progress)
        if progress.last_outcome is not None and id(progress.last_outcome) not in self._announced:
            self._announce(progress.last_outcome)

    def _on_result(self, report: IndexReport) -> None:
        self.last_report = report
        # Outcomes that came without a progress report (paths not found, unsupported files, the file in progress
        # when cancelled) still get their line.
        for outcome in report.outcomes:
            if id(outcome) not in self._announced:
                self._announce(outcome)
        self._announced.clear()
        self.finished.emit(report)

    def _announce(self, outcome: FileOutcome) -> None:
        self._announced.add(id(outcome))
        self.file_finished.emit(outcome)

    def _on_error(self, error: TaskError) -> None:
        messages.error(f"Indexing stopped because of an unexpected error: {error}",
                       "Files finished before the error are kept. Add the rest again; if the error repeats, "
                       "send the log file to support.", details=error.traceback)
        self.failed.emit(error)

    def _on_done(self) -> None:
        self._worker = None
        self._start_next()


class IndexingPanel(QFrame):
    """Progress of background indexing and the outcome of each file; hidden when there is nothing to show."""

    dismissed = Signal()

    def __init__(self, controller: IndexingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexingPanel")
        self.setProperty("role", "card")
        self.controller = controller
        self.activity = IndexActivityModel(self)
        self._started_at = 0.0
        # A batch without problems tidies itself away; one with problems stays until dismissed (it explains them).
        self._auto_dismiss = QTimer(self)
        self._auto_dismiss.setSingleShot(True)
        self._auto_dismiss.setInterval(AUTO_DISMISS_MS)
        self._auto_dismiss.timeout.connect(self.dismiss)
        self._build()
        controller.started.connect(self._on_started)
        controller.progressed.connect(self._on_progressed)
        controller.file_finished.connect(self._on_file_finished)
        controller.finished.connect(self._on_finished)
        controller.failed.connect(self._on_failed)
        self.setVisible(False)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.title_label = QLabel("Adding files")
        self.title_label.setProperty("role", "heading")
        top.addWidget(self.title_label, 1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop indexing; files already added stay in the library")
        self.cancel_button.clicked.connect(self.cancel)
        top.addWidget(self.cancel_button)
        self.dismiss_button = QToolButton()
        apply_icon(self.dismiss_button, "close", "muted")
        self.dismiss_button.setIconSize(QSize(14, 14))
        self.dismiss_button.setToolTip("Hide")
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.clicked.connect(self.dismiss)
        top.addWidget(self.dismiss_button)
        layout.addLayout(top)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        layout.addWidget(self.progress_bar)
        self.file_label = QLabel("")
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.file_label)
        self.detail_label = QLabel("")
        self.detail_label.setProperty("role", "muted")
        self.detail_label.setWordWrap(True)
        layout.addWidget(self.detail_label)
        self.activity_view = QListView()
        self.activity_view.setObjectName("activityList")
        self.activity_view.setModel(self.activity)
        self.activity_view.setUniformItemSizes(True)
        self.activity_view.setWordWrap(False)
        self.activity_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.activity_view.setIconSize(QSize(8, 8))
        self.activity_view.setMaximumHeight(120)
        self.activity_view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        layout.addWidget(self.activity_view)

    # --- what the user sees ---------------------------------------------------------------------------------------

    def cancel(self) -> None:
        """Cancel the running batch."""
        self.cancel_button.setEnabled(False)
        self.title_label.setText("Cancelling…")
        self.controller.cancel()

    def dismiss(self) -> None:
        """Hide the panel (after a batch) and forget its lines."""
        if self.controller.is_running:
            return
        self.setVisible(False)
        self.activity.clear()
        self.dismissed.emit()

    def _on_started(self) -> None:
        self._auto_dismiss.stop()
        self._started_at = time.monotonic()
        self.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self.dismiss_button.setVisible(False)
        self.progress_bar.setVisible(True)
        self.progress_bar.setValue(0)
        self.title_label.setText("Adding files…")
        self.file_label.setText("")
        self.file_label.setVisible(False)
        self.detail_label.setText("Looking for documents…")

    def _on_progressed(self, progress: IndexProgress) -> None:
        if progress.message:  # e.g. another FinLens holds the library: say so instead of a frozen bar
            self.title_label.setText("Waiting…")
            self.detail_label.setText(progress.message)
            return
        if self.cancel_button.isEnabled():
            self.title_label.setText(f"Adding file {min(progress.files_done + 1, progress.files_total)} of "
                                     f"{progress.files_total}…" if progress.files_done < progress.files_total
                                     else f"Added {progress.files_total} files")
        self.progress_bar.setValue(int(progress.fraction * 1000))
        rate = progress.pages_done / progress.elapsed if progress.elapsed > 0 else 0.0
        name = Path(progress.current_path).name
        self.file_label.setText(self.file_label.fontMetrics().elidedText(
            name, Qt.TextElideMode.ElideMiddle, max(80, self.width() - 30)))
        self.file_label.setToolTip(progress.current_path)
        self.file_label.setVisible(progress.files_done < progress.files_total)
        parts = []
        if progress.pages_done:
            parts.append(f"{rate:.1f} pages/s")
        if 0.02 < progress.fraction < 1.0 and progress.elapsed > 1.0:
            remaining = progress.elapsed * (1 - progress.fraction) / progress.fraction
            parts.append(f"about {format_duration(remaining)} left")
        self.detail_label.setText(" · ".join(parts) or "Reading…")
        if progress.last_outcome is None and progress.files_done < progress.files_total:
            self.activity.set_current(progress.current_path)

    def _on_file_finished(self, outcome: FileOutcome) -> None:
        self.activity.add_outcome(outcome)
        self.activity_view.scrollToBottom()

    def _on_finished(self, report: IndexReport) -> None:
        self.activity.drop_current()
        self.file_label.setVisible(False)
        self.cancel_button.setVisible(False)
        self.dismiss_button.setVisible(True)
        self.progress_bar.setValue(1000)
        self.progress_bar.setVisible(False)
        self.title_label.setText(summary_title(report))
        self.detail_label.setText(summary_detail(report))
        if not report.cancelled and not report.error and not report.count("failed") and not report.count("skipped"):
            self._auto_dismiss.start()

    def _on_failed(self, error: TaskError) -> None:
        self.activity.drop_current()
        self.file_label.setVisible(False)
        self.cancel_button.setVisible(False)
        self.dismiss_button.setVisible(True)
        self.progress_bar.setVisible(False)
        self.title_label.setText("Indexing stopped")
        self.detail_label.setText(f"An unexpected error stopped indexing: {error}. Files finished before it are kept.")


def summary_title(report: IndexReport) -> str:
    """One headline for a finished batch."""
    indexed = report.count("indexed")
    if report.error:
        return f"Indexing stopped — {indexed} file{'s' if indexed != 1 else ''} added"
    if report.cancelled:
        return f"Cancelled — {indexed} file{'s' if indexed != 1 else ''} added"
    problems = report.count("failed") + report.count("skipped")
    if indexed and not problems:
        return f"Added {indexed} file{'s' if indexed != 1 else ''}"
    if indexed:
        return f"Added {indexed} file{'s' if indexed != 1 else ''}, {problems} could not be added"
    if problems:
        return f"{problems} file{'s' if problems != 1 else ''} could not be added"
    return "Nothing new to add"


def summary_detail(report: IndexReport) -> str:
    """The line under the headline: pages, speed, and what else happened."""
    parts = []
    if report.count("indexed"):
        rate = report.pages_indexed / report.seconds if report.seconds > 0 else 0.0
        parts.append(f"{report.pages_indexed} pages in {format_duration(report.seconds)} ({rate:.1f} pages/s)")
    for status, label in (("unchanged", "already up to date"), ("duplicate", "duplicates"),
                          ("removed", "removed (no longer on disk)"), ("failed", "could not be read"),
                          ("skipped", "skipped")):
        count = report.count(status)
        if count:
            parts.append(f"{count} {label}")
    if report.cancelled:
        parts.append("the file in progress was not stored; add the folder again to continue")
    if report.error:
        parts.append(report.error)
    return " · ".join(parts)
