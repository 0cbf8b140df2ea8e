"""The one way FinLens runs long work off the GUI thread: :func:`run_task`.

Modelled on Picard's ``run_task`` and napari's workers. A task is a plain function that receives a
:class:`TaskContext`; it may report progress (``context.progress(value)``) and should poll ``context.cancelled``
between steps. Its result, error or progress reaches the caller as a :class:`Worker` signal **on the GUI thread**,
so callbacks may touch widgets; the task itself must never touch a widget.

Why signals are relayed twice: a signal emitted from a pool thread and connected to a plain Python callable
(a lambda, a function) may run that callable on the emitting thread. The runnable therefore emits private signals
connected with ``Qt.QueuedConnection`` to slots of the :class:`Worker` itself (a ``QObject`` living on the GUI
thread); those slots re-emit the public signals, now on the GUI thread, where any connected callable is safe.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)

#: Threads for background work. Indexing holds one, searches and small library operations share the others.
MAX_THREADS = 3


class TaskCancelled(Exception):
    """Raised by :meth:`TaskContext.raise_if_cancelled`; ends a task quietly (``Worker.cancelled`` is emitted)."""


@dataclass(frozen=True)
class TaskError:
    """An exception raised by a task, delivered to the GUI thread with its formatted traceback."""

    exception: BaseException
    traceback: str

    def __str__(self) -> str:
        return str(self.exception) or type(self.exception).__name__


class TaskContext:
    """What a running task may use: progress reporting and the cancellation flag. Thread-safe."""

    def __init__(self, worker: Worker) -> None:
        self._worker = worker

    @property
    def cancelled(self) -> bool:
        """True once :meth:`Worker.cancel` was called; the task should stop at the next safe point."""
        return self._worker.is_cancelled

    def progress(self, value: object) -> None:
        """Report progress; ``Worker.progressed`` delivers ``value`` on the GUI thread."""
        self._worker._progress_posted.emit(value)

    def raise_if_cancelled(self) -> None:
        """Stop the task here when it was cancelled."""
        if self.cancelled:
            raise TaskCancelled()


class Worker(QObject):
    """Handle of one background task: its signals, and :meth:`cancel`.

    Signals (all on the GUI thread):
        progressed(object): a value the task passed to ``context.progress``.
        finished(object): the task's return value.
        failed(object): a :class:`TaskError`.
        cancelled(): the task raised :class:`TaskCancelled`.
        done(): emitted last, whatever the outcome.
    """

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()

    _progress_posted = Signal(object)
    _result_posted = Signal(object)
    _error_posted = Signal(object)
    _cancel_posted = Signal()
    _exited_posted = Signal()

    def __init__(self, fn: Callable[[TaskContext], Any], name: str = "") -> None:
        super().__init__()
        self.name = name or getattr(fn, "__name__", "task")
        self._fn = fn
        self._cancel_event = threading.Event()
        self._running = True
        self._owner_alive = True
        self._progress_posted.connect(self._on_progress_posted, Qt.ConnectionType.QueuedConnection)
        self._result_posted.connect(self._on_result_posted, Qt.ConnectionType.QueuedConnection)
        self._error_posted.connect(self._on_error_posted, Qt.ConnectionType.QueuedConnection)
        self._cancel_posted.connect(self._on_cancel_posted, Qt.ConnectionType.QueuedConnection)
        self._exited_posted.connect(self._on_exited_posted, Qt.ConnectionType.QueuedConnection)

    @property
    def is_cancelled(self) -> bool:
        """Whether cancellation was requested."""
        return self._cancel_event.is_set()

    @property
    def is_running(self) -> bool:
        """True until ``done`` has been emitted."""
        return self._running

    def cancel(self) -> None:
        """Ask the task to stop; it notices when it next polls ``context.cancelled``."""
        self._cancel_event.set()

    def _run(self) -> None:
        """Body of the pool thread: run the task and post its outcome. Never touches widgets."""
        try:
            result = self._fn(TaskContext(self))
        except TaskCancelled:
            self._cancel_posted.emit()
        except BaseException as error:  # noqa: BLE001 - every failure is reported to the GUI thread
            self._error_posted.emit(TaskError(error, traceback.format_exc()))
        else:
            self._result_posted.emit(result)

    @Slot()
    def _on_owner_destroyed(self) -> None:
        """The widget or model that asked for the work is gone: stop the task and deliver nothing more."""
        self._owner_alive = False
        self.cancel()

    @Slot(object)
    def _on_progress_posted(self, value: object) -> None:
        if self._running and self._owner_alive:
            self.progressed.emit(value)

    @Slot(object)
    def _on_result_posted(self, result: object) -> None:
        if self._owner_alive:
            self.finished.emit(result)
        self._finish()

    @Slot(object)
    def _on_error_posted(self, error: TaskError) -> None:
        log.error("background task %s failed:\n%s", self.name, error.traceback)
        if self._owner_alive:
            self.failed.emit(error)
        self._finish()

    @Slot()
    def _on_cancel_posted(self) -> None:
        if self._owner_alive:
            self.cancelled.emit()
        self._finish()

    def _finish(self) -> None:
        self._running = False
        self.done.emit()

    @Slot()
    def _on_exited_posted(self) -> None:
        # Released on the GUI thread, a moment after the pool thread let go of it: dropping the last reference to
        # a QObject on a pool thread (or inside its own queued slot) can crash Qt.
        QTimer.singleShot(50, lambda: _active.discard(self))


class _Runnable(QRunnable):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker

    def run(self) -> None:
        worker, self._worker = self._worker, None
        try:
            worker._run()
        finally:
            # Queued after the outcome signal, so the GUI thread handles the outcome first, then releases.
            worker._exited_posted.emit()


# Workers stay referenced until they are done, so callers may drop the handle ("fire and forget").
_active: set[Worker] = set()
_pool: QThreadPool | None = None


def thread_pool() -> QThreadPool:
    """The pool every FinLens task runs on (separate from Qt's global pool, so shutdown can wait for it)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(MAX_THREADS)
    return _pool


def run_task(fn: Callable[[TaskContext], Any], *,
             on_result: Callable[[Any], None] | None = None,
             on_error: Callable[[TaskError], None] | None = None,
             on_progress: Callable[[Any], None] | None = None,
             name: str = "", owner: QObject | None = None) -> Worker:
    """Run ``fn(context)`` on the worker pool; callbacks run on the GUI thread.

    Args:
        fn: the task; it receives a :class:`TaskContext` and must not touch widgets.
        on_result: called with the return value.
        on_error: called with a :class:`TaskError`; without one, the error goes to the message bridge.
        on_progress: called with each value the task reports.
        name: for logs.
        owner: the widget or model the callbacks belong to; when it is destroyed first, the task is cancelled and
            its callbacks are not called (like the context object of ``QObject::connect``).

    Returns:
        The :class:`Worker`, for cancellation and extra signal connections.
    """
    if QCoreApplication.instance() is None:
        raise RuntimeError("run_task needs a QApplication")
    worker = Worker(fn, name)
    if owner is not None:
        owner.destroyed.connect(worker._on_owner_destroyed)
    if on_result is not None:
        worker.finished.connect(on_result)
    if on_progress is not None:
        worker.progressed.connect(on_progress)
    if on_error is not None:
        worker.failed.connect(on_error)
    else:
        worker.failed.connect(_report_error)
    _active.add(worker)
    thread_pool().start(_Runnable(worker))
    return worker


def _report_error(error: TaskError) -> None:
    from app.ui import messages

    messages.error("Something went wrong while working in the background.",
                   "Try again; if it keeps happening, send the log file to support.",
                   details=error.traceback)


def active_workers() -> list[Worker]:
    """Workers that have not finished yet."""
    return list(_active)


def shutdown(timeout_ms: int = 5000) -> bool:
    """Cancel every running task and wait for the pool to drain. Returns False on timeout."""
    for worker in list(_active):
        worker.cancel()
    return thread_pool().waitForDone(timeout_ms)
