"""Look and feel: Fusion, a restrained palette, light or dark following the OS (Qt 6.5+ colour scheme).

One accent colour (a calm blue), neutral greys, and a small style sheet for spacing and rounded inputs. The palette
is rebuilt when the OS switches between light and dark (``styleHints().colorSchemeChanged``), unless Settings pin a
theme.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colors:
    """The colours of one theme; widgets that paint themselves read them from :func:`colors`."""

    dark: bool
    window: str
    base: str
    alternate: str
    panel: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    selection: str
    highlight: QColor  # search-hit passage in the reader
    find: QColor  # find-in-document matches
    page_background: str
    success: str
    danger: str
    warning: str


LIGHT = Colors(dark=False, window="#f3f4f6", base="#ffffff", alternate="#f8f9fb", panel="#ffffff", text="#1f2328",
               muted="#656d76", border="#d6dae0", accent="#2563eb", accent_text="#ffffff", selection="#dbe7fd",
               highlight=QColor(255, 214, 0, 95), find=QColor(255, 140, 0, 80), page_background="#e4e7eb",
               success="#1a7f37", danger="#cf222e", warning="#9a6700")
DARK = Colors(dark=True, window="#1c1d20", base="#242529", alternate="#2a2b30", panel="#242529", text="#e6e7ea",
              muted="#9aa0a8", border="#3a3c42", accent="#4c8dff", accent_text="#ffffff", selection="#23395f",
              highlight=QColor(255, 214, 0, 110), find=QColor(255, 140, 0, 100), page_background="#141518",
              success="#3fb950", danger="#f85149", warning="#d29922")

_current: Colors = LIGHT
_applied = False


def colors() -> Colors:
    """The active theme's colours."""
    return _current


def is_applied() -> bool:
    """Whether :func:`apply_theme` has styled the application yet."""
    return _applied


def system_is_dark() -> bool:
    """True when the OS asks for a dark colour scheme (Qt 6.5+); unknown counts as light."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def _palette(c: Colors) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    for r, value in ((role.Window, c.window), (role.WindowText, c.text), (role.Base, c.base),
                     (role.AlternateBase, c.alternate), (role.ToolTipBase, c.panel), (role.ToolTipText, c.text),
                     (role.Text, c.text), (role.Button, c.panel), (role.ButtonText, c.text),
                     (role.BrightText, c.danger), (role.Highlight, c.accent), (role.HighlightedText, c.accent_text),
                     (role.Link, c.accent), (role.PlaceholderText, c.muted), (role.Mid, c.border),
                     (role.Midlight, c.alternate), (role.Dark, c.border), (role.Light, c.base)):
        palette.setColor(r, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.ButtonText, role.WindowText):
        palette.setColor(disabled, r, QColor(c.muted))
    return palette


def _arrow_file(c: Colors) -> str:
    """A PNG of the combo-box arrow in the theme's muted colour (style sheets take images only from files)."""
    from app.ui.icons import icon

    folder = Path(tempfile.gettempdir()) / "finlens-theme"
    path = folder / f"down-{c.muted.lstrip('#')}.png"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        icon("down", c.muted, 12).pixmap(QSize(24, 24)).save(str(path))
    return path.as_posix()


def _style_sheet(c: Colors) -> str:
    return f"""
QMainWindow, QDialog {{ background: {c.window}; }}
QToolTip {{ color: {c.text}; background: {c.panel}; border: 1px solid {c.border}; padding: 4px 6px; }}
QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox {{
    background: {c.base}; border: 1px solid {c.border}; border-radius: 6px; padding: 4px 8px; min-height: 20px;
    selection-background-color: {c.accent}; selection-color: {c.accent_text};
}}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus {{ border: 1px solid {c.accent}; }}
QLineEdit#searchField {{ font-size: 11pt; padding: 6px 10px; border-radius: 8px; }}
QComboBox::drop-down {{ border: none; width: 22px; subcontrol-origin: padding; subcontrol-position: center right; }}
QComboBox::down-arrow {{ image: url("{_arrow_file(c)}"); width: 12px; height: 12px; }}
QPushButton {{
    background: {c.base}; border: 1px solid {c.border}; border-radius: 6px; padding: 5px 12px; min-height: 18px;
}}
QPushButton:hover {{ border-color: {c.accent}; }}
QPushButton:pressed {{ background: {c.selection}; }}
QPushButton:disabled {{ color: {c.muted}; }}
QPushButton[primary="true"] {{ background: {c.accent}; color: {c.accent_text}; border: 1px solid {c.accent}; }}
QPushButton[primary="true"]:hover {{ background: {QColor(c.accent).lighter(112).name()}; }}
QToolButton {{ border: 1px solid transparent; border-radius: 5px; padding: 3px; }}
QToolButton:hover {{ background: {c.alternate}; border-color: {c.border}; }}
QToolButton:checked {{ background: {c.selection}; }}
QTableView, QListView, QTreeView, QTextBrowser {{
    background: {c.base}; border: 1px solid {c.border}; border-radius: 8px;
    selection-background-color: {c.selection}; selection-color: {c.text}; alternate-background-color: {c.alternate};
}}
QTableView {{ gridline-color: transparent; }}
QTableView::item {{ padding: 0 6px; border: none; }}
QTableView::item:selected {{ background: {c.selection}; color: {c.text}; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px 1px; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 1px 2px; }}
QScrollBar::handle {{ background: {c.border}; border-radius: 4px; }}
QScrollBar::handle:hover {{ background: {c.muted}; }}
QScrollBar::handle:vertical {{ min-height: 28px; }}
QScrollBar::handle:horizontal {{ min-width: 28px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; background: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QHeaderView::section {{
    background: {c.base}; color: {c.muted}; border: none; border-bottom: 1px solid {c.border};
    padding: 5px 6px; font-weight: 600;
}}
QScrollArea#pageArea {{ background: {c.page_background}; border: 1px solid {c.border}; border-radius: 8px; }}
QSplitter::handle {{ background: transparent; }}
QSplitter::handle:horizontal {{ width: 8px; }}
QSplitter::handle:vertical {{ height: 8px; }}
QProgressBar {{
    background: {c.alternate}; border: 1px solid {c.border}; border-radius: 4px; height: 8px; text-align: center;
    max-height: 8px;
}}
QProgressBar::chunk {{ background: {c.accent}; border-radius: 3px; }}
QStatusBar {{ background: {c.window}; color: {c.muted}; }}
QStatusBar::item {{ border: none; }}
QTabWidget::pane {{ border: none; }}
QTabBar::tab {{
    background: transparent; color: {c.muted}; padding: 6px 14px; border: none; border-bottom: 2px solid transparent;
    font-weight: 600;
}}
QTabBar::tab:selected {{ color: {c.text}; border-bottom: 2px solid {c.accent}; }}
QLabel[role="heading"] {{ font-size: 10.5pt; font-weight: 600; color: {c.text}; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="title"] {{ font-size: 17pt; font-weight: 600; color: {c.text}; }}
QFrame[role="card"] {{ background: {c.panel}; border: 1px solid {c.border}; border-radius: 10px; }}
QFrame#header {{ background: {c.panel}; border-bottom: 1px solid {c.border}; }}
QMenuBar {{ background: {c.window}; }}
"""


def apply_theme(app: QApplication, preference: str = "system") -> Colors:
    """Apply Fusion with the light or dark palette.

    Args:
        app: the application.
        preference: "system" (follow the OS), "light" or "dark".

    Returns:
        The colours now in use.
    """
    global _current, _applied
    dark = system_is_dark() if preference == "system" else preference == "dark"
    _current = DARK if dark else LIGHT
    app.setStyle("Fusion")
    app.setPalette(_palette(_current))
    font = app.font()
    if font.pointSizeF() < 9.5:
        font.setPointSizeF(9.5)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setStyleSheet(_style_sheet(_current))
    _applied = True
    return _current
