"""Test-wide isolation: every test gets its own settings and library folders, and Qt runs offscreen.

No test may touch a real user library or settings file: ``FINLENS_CONFIG_DIR`` (settings, logs) and
``FINLENS_LIBRARY`` point into the test's temporary folder, and any ``--library`` override is cleared afterwards.
Error dialogs are suppressed (``FINLENS_NO_ERR_WINDOWS``) so a failing GUI test reports instead of blocking.

GUI tests are strict like qutebrowser's: any Qt warning logged during a test under ``tests/ui`` fails it
(pytest-qt's ``qt_log_level_fail``), except for the few platform notices listed in :data:`QT_LOG_IGNORE`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any QApplication exists (pytest-qt creates it lazily on first use of qtbot/qapp).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FINLENS_NO_ERR_WINDOWS"] = "1"

import app  # noqa: E402, F401, I001 - switches onnxruntime telemetry off before it loads (see app/__init__.py)
import onnxruntime  # noqa: E402, F401 - before PySide6, as in the app (Windows DLL clash)

# Harmless notices of the offscreen platform, not problems of FinLens.
QT_LOG_IGNORE = (
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
    r"This plugin does not support grabbing the keyboard",
    r"QFont::fromString",
)


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point settings, logs and the default library at fresh temporary folders for this test."""
    from app.core import paths

    root = tmp_path_factory.mktemp("finlens-home")
    monkeypatch.setenv(paths.CONFIG_ENV, str(root / "config"))
    monkeypatch.setenv(paths.LIBRARY_ENV, str(root / "library"))
    monkeypatch.setenv("FINLENS_NO_ERR_WINDOWS", "1")
    yield root
    paths.set_library_override(None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make Qt warnings fail GUI tests (unless a test sets its own ``qt_log_level_fail``)."""
    ui_root = Path(__file__).parent / "ui"
    for item in items:
        if ui_root in Path(str(item.fspath)).parents and item.get_closest_marker("qt_log_level_fail") is None:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True))
