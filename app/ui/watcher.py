"""Watched folders: files added to or changed in them are re-indexed in the background.

``QFileSystemWatcher`` reports a folder when its entries change (added, removed, renamed files) and a file when its
contents change. Events arrive in bursts while a file is being copied, so they are collected and reported once the
folder has been quiet for :data:`SETTLE_MS`. Re-indexing a folder is cheap for unchanged files (the indexer skips
them by size and modification time), so the watcher simply hands over the folders that changed.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from app.core.ingest.parsing import SUPPORTED_SUFFIXES

SETTLE_MS = 2000
MAX_WATCHED_FILES = 2000


class FolderWatcher(QObject):
    """Watches folders (recursively) and reports changes after they settle.

    Args:
        parent: the owner.
        settle_ms: how long a folder stays quiet before its changes are reported.

    Signals:
        changed(list): folders and files to re-index.
    """

    changed = Signal(list)

    def __init__(self, parent: QObject | None = None, settle_ms: int = SETTLE_MS) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_changed)
        self._watcher.fileChanged.connect(self._on_changed)
        self._pending: set[str] = set()
        self._roots: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(settle_ms)
        self._timer.timeout.connect(self._flush)

    @property
    def folders(self) -> list[str]:
        """The watched root folders."""
        return list(self._roots)

    def set_folders(self, folders: list[str]) -> None:
        """Watch these folders (and their sub-folders and supported files) instead of the previous ones."""
        for group in (self._watcher.directories(), self._watcher.files()):
            if group:
                self._watcher.removePaths(group)
        self._roots = [str(Path(f).expanduser()) for f in folders if Path(f).expanduser().is_dir()]
        self._watch_contents()

    def _watch_contents(self) -> None:
        directories: list[str] = []
        files: list[str] = []
        for root in self._roots:
            for folder, dirnames, filenames in os.walk(root):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                directories.append(folder)
                for name in filenames:
                    if Path(name).suffix.lower() in SUPPORTED_SUFFIXES and len(files) < MAX_WATCHED_FILES:
                        files.append(os.path.join(folder, name))
        watched = set(self._watcher.directories()) | set(self._watcher.files())
        fresh = [p for p in directories + files if p not in watched]
        if fresh:
            self._watcher.addPaths(fresh)

    def _on_changed(self, path: str) -> None:
        self._pending.add(path)
        self._timer.start()

    def _flush(self) -> None:
        paths = sorted(p for p in self._pending if os.path.exists(p))
        self._pending.clear()
        self._watch_contents()  # new sub-folders and files
        if paths:
            self.changed.emit(paths)
