"""The message bridge (early cache, thread check), the window presenting messages, and the native crash log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core import paths
from app.ui import messages
from app.ui.crash import NATIVE_LOG_PREFIX, CrashHandler, NativeCrashLog


def test_messages_sent_before_a_presenter_wait_and_arrive_in_order(qapp: QApplication) -> None:
    bridge = messages.bridge()
    messages.info("Opening the library…")
    messages.warning("Two files are missing.", "Add them again.")
    assert [m.text for m in bridge.pending()] == ["Opening the library…", "Two files are missing."]
    shown: list[messages.UserMessage] = []
    bridge.connect_presenter(shown.append)
    try:
        assert [m.text for m in shown] == ["Opening the library…", "Two files are missing."]
        assert bridge.pending() == []
        messages.info("Ready.")
        assert shown[-1].text == "Ready."
    finally:
        bridge.disconnect_presenter(shown.append)
    messages.info("Nobody is listening.")
    assert [m.text for m in bridge.pending()] == ["Nobody is listening."]


def test_messages_from_a_worker_thread_are_delivered_on_the_gui_thread(qtbot: Any) -> None:
    bridge = messages.bridge()
    threads: list[QThread] = []

    def present(_message: messages.UserMessage) -> None:
        threads.append(QThread.currentThread())

    bridge.connect_presenter(present)
    try:
        worker = threading.Thread(target=lambda: messages.info("Indexed 3 files."))
        worker.start()
        worker.join()
        assert bridge.history == []  # queued, not delivered from the worker
        qtbot.waitUntil(lambda: len(threads) == 1)
    finally:
        bridge.disconnect_presenter(present)
    assert threads[0] is QApplication.instance().thread()
    assert bridge.history[-1].text == "Indexed 3 files."


def test_the_window_shows_notes_in_the_status_bar_and_problems_in_a_dialog(qtbot: Any, make_window: Any,
                                                                        empty_library: Any, monkeypatch: Any,
                                                                        expect_errors: list[logging.LogRecord]) -> None:
    messages.error("Sent before the window existed.")  # e.g. a crash report of the last run
    window = make_window(*empty_library)
    qtbot.waitUntil(window.message_presenter.attached)
    assert window.statusBar().currentMessage() == "Sent before the window existed."  # no dialogs in tests
    messages.info("Indexing finished: 2 added")
    assert window.statusBar().currentMessage() == "Indexing finished: 2 added"

    monkeypatch.setenv(messages.NO_ERR_WINDOWS_ENV, "0")
    messages.error("The change could not be saved.", "Try again.", details="Traceback …")
    dialogs = window.message_presenter.open_dialogs()
    assert len(dialogs) == 1 and dialogs[0].parent() is window and dialogs[0].isVisible()
    assert dialogs[0].text() == "The change could not be saved." and dialogs[0].informativeText() == "Try again."
    assert dialogs[0].icon() == QMessageBox.Icon.Critical
    dialogs[0].accept()
    assert [r.getMessage() for r in expect_errors][-1].startswith("The change could not be saved.")
    window.close()
    messages.info("After the window closed.")
    assert [m.text for m in messages.bridge().pending()] == ["After the window closed."]


def test_a_clean_run_leaves_no_native_crash_log(tmp_path: Path) -> None:
    native = NativeCrashLog(tmp_path)
    assert native.enable()
    assert native.path.exists() and native.path.read_text() == ""
    native.disable()
    assert not native.path.exists()
    assert native.collect_previous() == []


def test_a_native_crash_is_reported_once_on_the_next_start(qapp: QApplication, isolated_folders: Path) -> None:
    folder = paths.log_dir()
    # A real segmentation fault in a child process that logs native crashes the way FinLens does.
    child = subprocess.run([sys.executable, "-c", (
        "from pathlib import Path; import faulthandler; from app.ui.crash import NativeCrashLog; "
        f"NativeCrashLog(Path({str(folder)!r})).enable(); faulthandler._sigsegv()")],
        capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert child.returncode != 0
    leftovers = list(folder.glob(f"{NATIVE_LOG_PREFIX}*.log"))
    assert len(leftovers) == 1 and "Segmentation fault" in leftovers[0].read_text()

    handler = CrashHandler()
    handler.install()
    try:
        warning = messages.bridge().history[-1]
        assert warning.level == "warning" and "closed unexpectedly" in warning.text
        assert "Segmentation fault" in warning.details and "FinLens" in warning.details
        report = next(folder.glob("crash-*-native.log"))
        assert str(report) in warning.next_step
        assert [p.name for p in folder.glob(f"{NATIVE_LOG_PREFIX}*.log")] == [handler.native_log.path.name]
    finally:
        handler.uninstall()
    messages.bridge().clear()
    again = CrashHandler()
    again.install()  # the next start: already reported, nothing to say
    again.uninstall()
    assert messages.bridge().history == []


def test_empty_logs_of_running_instances_are_left_alone(tmp_path: Path) -> None:
    other = tmp_path / f"{NATIVE_LOG_PREFIX}{os.getppid()}.log"  # a live process (the test runner's parent)
    other.write_text("")
    gone = tmp_path / f"{NATIVE_LOG_PREFIX}999999999.log"  # killed, not crashed: nothing to report
    gone.write_text("")
    assert NativeCrashLog(tmp_path).collect_previous() == []
    assert other.exists() and not gone.exists()
