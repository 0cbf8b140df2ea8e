"""Fixtures for GUI tests: generated filings, a library indexed once per session, windows, and real drops.

Like qutebrowser's ``tests/helpers/logfail.py``, a GUI test fails when FinLens logs an error during it (an error
message to the user, a worker's unhandled exception, a failed render): the test passing would hide what the user saw.
A test that provokes an error on purpose asks for the :func:`expect_errors` fixture, which also hands it the records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from app.core.ingest.indexing import index_paths
from app.core.library_opening import open_library
from app.core.retrieval.embedding import OnnxEmbedder
from app.core.settings import Settings
from app.core.store import Library
from app.ui import messages, workers
from app.ui.main_window import MainWindow
from tests.pdf_factory import make_10k, make_two_company_filings

NOTES_TEXT = """Globex Corporation investor day notes

Management expects data center demand to grow faster than the overall market through fiscal 2024.
The company plans to open two new fabrication plants and to keep the dividend unchanged.

Questions from analysts focused on gross margin pressure from higher memory prices.
"""


@pytest.fixture(scope="session")
def filings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two small 10-K PDFs (4 pages each) and a text note."""
    folder = tmp_path_factory.mktemp("ui-filings")
    make_two_company_filings(folder)
    (folder / "globex_investor_day_notes.txt").write_text(NOTES_TEXT)
    return folder


@pytest.fixture(scope="session")
def indexed(tmp_path_factory: pytest.TempPathFactory, filings: Path) -> tuple[Library, OnnxEmbedder]:
    """A library with the filings, indexed once per session with the base model."""
    library, embedder = open_library(tmp_path_factory.mktemp("ui-library") / "lib", model="base")
    report = index_paths([filings], library, embedder)
    assert report.count("indexed") == 3, report.summary_lines()
    return library, embedder


@pytest.fixture
def empty_library(tmp_path: Path) -> tuple[Library, OnnxEmbedder]:
    """A new, empty library for this test."""
    return open_library(tmp_path / "lib", model="base")


FINLENS_LOGGERS = ("finlens", "app")  # every FinLens logger is one of these or below them


class ErrorRecords(logging.Handler):
    """Keeps the ERROR (and worse) records of FinLens's loggers while a test runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self.expected = False

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def summary(self) -> str:
        """One line per record: logger, level and message."""
        return "\n".join(f"{r.name} {r.levelname}: {r.getMessage()}" for r in self.records)


@pytest.fixture(autouse=True)
def error_records() -> Iterator[ErrorRecords]:
    """Collect the errors FinLens logs during this test."""
    handler = ErrorRecords()
    loggers = [logging.getLogger(name) for name in FINLENS_LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.fixture
def expect_errors(error_records: ErrorRecords) -> list[logging.LogRecord]:
    """Declare that this test logs errors on purpose; returns the (live) list of the errors logged."""
    error_records.expected = True
    return error_records.records


@pytest.fixture(autouse=True)
def quiet_background(qapp: QApplication, error_records: ErrorRecords) -> Iterator[None]:
    """Start each GUI test with a clean message bridge; finish it with every worker done and delivered.

    Errors logged by FinLens meanwhile fail the test unless it asked for :func:`expect_errors`.
    """
    messages.bridge().clear()
    yield
    workers.shutdown(20_000)
    qapp.processEvents()  # errors reported by the last workers are delivered (and logged) now
    if error_records.records and not error_records.expected:
        pytest.fail("FinLens logged errors during this test (ask for the expect_errors fixture if they are "
                    f"intended):\n{error_records.summary()}", pytrace=False)


@pytest.fixture
def make_window(qtbot) -> Callable[..., MainWindow]:  # noqa: ANN001 - pytest-qt fixture
    """Build a shown main window over a library (fresh default settings, nothing read from disk)."""

    def build(library: Library, embedder: OnnxEmbedder, *, width: int = 1440, height: int = 900) -> MainWindow:
        window = MainWindow(library, embedder, Settings())
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    return build


def drop_paths(window: MainWindow, paths: list[Path]) -> None:
    """Drop files/folders on the window the way a file manager does: DragEnter, then Drop with file URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = window.centralWidget()
    position = QPointF(target.width() / 2, target.height() / 2)
    enter = QDragEnterEvent(position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted(), "the window refused the drag"
    move = QDragMoveEvent(position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, move)
    assert window.drop_overlay.isVisible(), "no drop hint while dragging"
    drop = QDropEvent(position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted(), "the window refused the drop"
    assert not window.drop_overlay.isVisible()


def press_ok(qtbot, dialog: QDialog) -> None:  # noqa: ANN001 - pytest-qt fixture
    """Click a dialog's OK button the way a user does."""
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None, "the dialog has no OK button"
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def make_filings(target: Path, count: int) -> Path:
    """``count`` distinct filings in ``target`` (different years, so different content and no duplicates)."""
    target.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        make_10k(target / f"FIRM{number}_{2010 + number}_10K.pdf", company=f"Firm {number} Holdings, Inc.",
                 ticker=f"F{number}X", year=2010 + number)
    return target

