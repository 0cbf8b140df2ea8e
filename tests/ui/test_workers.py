"""The worker API: results, progress and errors arrive on the GUI thread; cancellation is cooperative."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from app.ui import messages
from app.ui.workers import TaskContext, TaskError, run_task


def test_result_and_progress_arrive_on_the_gui_thread(qtbot) -> None:  # noqa: ANN001
    seen_threads: list[bool] = []
    progress: list[int] = []
    worker_thread: list[int] = []

    def task(context: TaskContext) -> str:
        worker_thread.append(threading.get_ident())
        for step in range(3):
            context.progress(step)
        return "done"

    def on_progress(value: int) -> None:
        seen_threads.append(QThread.currentThread() is QApplication.instance().thread())
        progress.append(value)

    results: list[str] = []
    worker = run_task(task, on_result=results.append, on_progress=on_progress)
    with qtbot.waitSignal(worker.done, timeout=10_000):
        pass
    assert results == ["done"]
    assert progress == [0, 1, 2]
    assert seen_threads and all(seen_threads)
    assert worker_thread[0] != threading.get_ident()  # the task itself ran elsewhere
    assert not worker.is_running


def test_errors_are_delivered_with_traceback(qtbot, expect_errors) -> None:  # noqa: ANN001
    errors: list[TaskError] = []

    def task(_context: TaskContext) -> None:
        raise ValueError("the library folder vanished")

    worker = run_task(task, on_error=errors.append)
    with qtbot.waitSignal(worker.done, timeout=10_000):
        pass
    assert str(errors[0]) == "the library folder vanished"
    assert "ValueError" in errors[0].traceback


def test_unhandled_errors_go_to_the_message_bridge(qtbot, expect_errors) -> None:  # noqa: ANN001
    def task(_context: TaskContext) -> None:
        raise RuntimeError("boom")

    worker = run_task(task)
    with qtbot.waitSignal(worker.done, timeout=10_000):
        pass
    last = messages.bridge().history[-1]
    assert last.level == "error" and "RuntimeError: boom" in last.details


def test_cancel_is_seen_by_the_task(qtbot) -> None:  # noqa: ANN001
    started = threading.Event()

    def task(context: TaskContext) -> int:
        started.set()
        steps = 0
        while steps < 500:
            context.raise_if_cancelled()
            time.sleep(0.01)
            steps += 1
        return steps

    results: list[int] = []
    worker = run_task(task, on_result=results.append)
    assert started.wait(5)
    with qtbot.waitSignal(worker.cancelled, timeout=10_000):
        worker.cancel()
    assert worker.is_cancelled and not results
