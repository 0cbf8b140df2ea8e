"""The window's layout across runs: its geometry and the library | results | reader split, kept in the settings.

A first run (or an unreadable saved layout) gets a window sized to the screen and, once the workspace is first on
screen, a 24 / 29 / 47 split of its real width (:func:`apply_default_sizes`).
"""

from __future__ import annotations

import base64
import json
import logging

from PySide6.QtCore import QByteArray, QPoint
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter

from app.core.settings import Settings, save_settings

log = logging.getLogger(__name__)


def restore_layout(window: QMainWindow, splitter: QSplitter, settings: Settings) -> bool:
    """Put the window and the split back where the user left them.

    Returns:
        True when the split was restored; False when it still needs :func:`apply_default_sizes`.
    """
    restored = False
    if settings.window_geometry:
        restored = window.restoreGeometry(QByteArray(base64.b64decode(settings.window_geometry)))
    if not restored:
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = 1440, 900
        if available is not None and available.width() > 0:
            width = min(width, int(available.width() * 0.92))
            height = min(height, int(available.height() * 0.9))
        window.resize(width, height)
        if available is not None:
            window.move(available.center() - QPoint(width // 2, height // 2))
    if settings.window_state:
        try:
            state = json.loads(settings.window_state)
            window.restoreState(QByteArray(base64.b64decode(state.get("window", ""))))
            return splitter.restoreState(QByteArray(base64.b64decode(state.get("splitter", ""))))
        except (ValueError, TypeError):
            log.info("window layout in settings unreadable; using the default layout")
    return False


def apply_default_sizes(splitter: QSplitter, width: int) -> None:
    """Split ``width`` pixels between the library, the results and the reader."""
    width = max(600, width - 24)
    splitter.setSizes([int(width * 0.24), int(width * 0.29), int(width * 0.47)])


def save_layout(window: QMainWindow, splitter: QSplitter, settings: Settings) -> None:
    """Store the window's geometry and the split in the settings file (a failure is logged, not raised)."""
    def encode(data: QByteArray) -> str:
        return base64.b64encode(bytes(data.data())).decode("ascii")

    settings.window_geometry = encode(window.saveGeometry())
    settings.window_state = json.dumps({"window": encode(window.saveState()), "splitter": encode(splitter.saveState())})
    try:
        save_settings(settings)
    except OSError as error:
        log.warning("could not save the window layout: %s", error)
