"""The window's commands: one :class:`QAction` each, with its shortcuts, and the menu bar that lists them.

Actions are added to the window itself so their shortcuts work where the menu bar is hidden; "Remove from Library"
(Delete) belongs to the library table only, so Delete in a text field still deletes text. The window connects each
action to the controller or view that does the work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from app.core import paths
from app.ui.window_widgets import samples_available

#: name → (text, shortcuts, status tip)
ACTIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "add_files": ("&Add Files…", ("Ctrl+O",), "Add filings to the library"),
    "add_folder": ("Add &Folder…", ("Ctrl+Shift+O",), ""),
    "samples": ("Load &Sample Filings", (), ""),
    "settings": ("&Settings…", ("Ctrl+,",), ""),
    "quit": ("&Quit", ("Ctrl+Q",), ""),
    "focus_search": ("&Search", ("Ctrl+F", "Ctrl+L"), "Type a search"),
    "find_in_document": ("&Find in Document", ("Ctrl+Shift+F",), ""),
    "filter_library": ("Filter &Library", ("Ctrl+Shift+L",), ""),
    "next_hit": ("&Next Result", ("F3", "Ctrl+Down"), ""),
    "previous_hit": ("&Previous Result", ("Shift+F3", "Ctrl+Up"), ""),
    "zoom_in": ("Zoom &In", ("Ctrl++", "Ctrl+="), ""),
    "zoom_out": ("Zoom &Out", ("Ctrl+-",), ""),
    "fit_width": ("&Fit Width", ("Ctrl+0",), ""),
    "open_external": ("Open in System &Viewer", ("Ctrl+Shift+E",), ""),
    "refresh_library": ("&Refresh Team Library", ("F5",),
                        "Look for a newer published version of the team library"),
    "remove": ("&Remove from Library", ("Delete",), ""),
    "about": ("&About FinLens", (), ""),
    "log_folder": ("Open &Log Folder", (), ""),
}

#: menu title → action names (None: a separator)
MENUS: dict[str, tuple[str | None, ...]] = {
    "&File": ("add_files", "add_folder", "samples", None, "settings", None, "quit"),
    "&Edit": ("focus_search", "find_in_document", "filter_library", None, "remove"),
    "&Go": ("next_hit", "previous_hit"),
    "&View": ("zoom_in", "zoom_out", "fit_width", None, "open_external", "refresh_library"),
    "&Help": ("log_folder", "about"),
}


class WindowActions:
    """The window's actions by name (``actions.add_files``, ``actions.focus_search``, …) and its menu bar.

    Args:
        window: the window that holds the actions and the menu bar.
        library_table: the widget whose Delete key removes documents.
    """

    add_files: QAction
    add_folder: QAction
    samples: QAction
    settings: QAction
    quit: QAction
    focus_search: QAction
    find_in_document: QAction
    filter_library: QAction
    next_hit: QAction
    previous_hit: QAction
    zoom_in: QAction
    zoom_out: QAction
    fit_width: QAction
    open_external: QAction
    refresh_library: QAction
    remove: QAction
    about: QAction
    log_folder: QAction

    def __init__(self, window: QMainWindow, library_table: QWidget) -> None:
        for name, (text, shortcuts, tip) in ACTIONS.items():
            action = QAction(text, window)
            if shortcuts:
                action.setShortcuts([QKeySequence(s) for s in shortcuts])
            if tip:
                action.setStatusTip(tip)
            window.addAction(action)  # shortcuts work even where the menu bar is hidden
            setattr(self, name, action)
        self.samples.setVisible(samples_available())
        self.settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.refresh_library.setEnabled(False)  # team libraries only
        self.remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.removeAction(self.remove)
        library_table.addAction(self.remove)
        bar = window.menuBar()
        for title, names in MENUS.items():
            menu = bar.addMenu(title)
            for entry in names:
                if entry is None:
                    menu.addSeparator()
                else:
                    menu.addAction(getattr(self, entry))


def open_log_folder() -> None:
    """Show the folder of FinLens's log files in the system's file manager (Help > Open Log Folder)."""
    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
