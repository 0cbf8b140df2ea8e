"""The workspace's announcements as a Qt signal on the GUI thread.

:class:`app.core.workspace.Workspace` calls its subscribers on the thread that made a change: a worker, when the window
edits or removes documents. Widgets may only be touched on the GUI thread, so :class:`WorkspaceEvents` relays each
:class:`~app.core.workspace.Changes` through a queued signal (the same relay as :mod:`app.ui.workers`), or delivers it
at once when the change was made on the GUI thread itself (opening a library there, in tests and at start-up).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from app.core.workspace import Changes, Workspace


class WorkspaceEvents(QObject):
    """Subscribes to a workspace and emits :attr:`changed` on the GUI thread; unsubscribes when destroyed.

    Signals:
        changed(object): a :class:`~app.core.workspace.Changes`, always on the GUI thread.
    """

    changed = Signal(object)
    _posted = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._posted.connect(self._on_posted, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = workspace.subscribe(self._relay)
        # A plain function, not a bound method: it must still work while this object is being destroyed.
        unsubscribe = self._unsubscribe
        self.destroyed.connect(lambda *_: unsubscribe())

    def _relay(self, changes: Changes) -> None:
        """Called by the workspace on any thread."""
        try:
            if QThread.currentThread() == self.thread():
                self.changed.emit(changes)
            else:
                self._posted.emit(changes)
        except RuntimeError:  # destroyed while a worker was announcing: nobody is left to tell
            pass

    @Slot(object)
    def _on_posted(self, changes: Changes) -> None:
        self.changed.emit(changes)
