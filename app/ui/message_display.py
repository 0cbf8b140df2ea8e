"""How the window shows the messages of :mod:`app.ui.messages`: dialogs for problems, the status bar for notes.

The bridge decides nothing about presentation (qutebrowser's split between ``utils/message.py`` and its message
view); this presenter is what a window connects to it. Errors and warnings open a window-modal, non-blocking dialog
with the technical details behind "Show Details..."; with ``--no-err-windows`` they go to the status bar instead,
like information.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox

from app.ui import messages
from app.ui.messages import UserMessage


class MessagePresenter(QObject):
    """Shows the bridge's messages on one main window, from when it is first on screen until :meth:`detach`.

    Messages sent earlier wait in the bridge's cache: shown on a window that is not yet visible, a status-bar note
    would be wiped when the window appears and a dialog would have no window to sit on.

    Args:
        window: the window whose status bar and dialogs show the messages (also the presenter's parent, so the
            presenter goes away with it).
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._open_dialogs: list[QMessageBox] = []
        self._attached = False
        if window.isVisible():
            self._attach()
        else:
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._window and event.type() == QEvent.Type.Show:
            self._window.removeEventFilter(self)
            # After the show has been painted and activated, so that nothing replaces the first note at once.
            QTimer.singleShot(0, self._attach)
        return super().eventFilter(watched, event)

    def _attach(self) -> None:
        if not self._attached and self._window.isVisible():
            self._attached = True
            messages.bridge().connect_presenter(self.present)

    def attached(self) -> bool:
        """Whether messages are shown on the window now."""
        return self._attached

    def detach(self) -> None:
        """Stop presenting (the window is closing); later messages wait in the bridge's cache."""
        self._window.removeEventFilter(self)
        if self._attached:
            self._attached = False
            messages.bridge().disconnect_presenter(self.present)

    def present(self, message: UserMessage) -> None:
        """Show one message: a dialog for errors and warnings (unless suppressed), else the status bar."""
        if message.level in ("error", "warning") and not messages.no_err_windows():
            self._show_dialog(message)
        else:
            timeout = message.timeout_ms if message.level == "info" else messages.STATUS_TIMEOUT_MS
            self._window.statusBar().showMessage(message.full_text, timeout)

    def open_dialogs(self) -> list[QMessageBox]:
        """Dialogs shown and not yet dismissed."""
        return list(self._open_dialogs)

    def _show_dialog(self, message: UserMessage) -> None:
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Critical if message.level == "error" else QMessageBox.Icon.Warning)
        box.setWindowTitle("FinLens")
        box.setText(message.text)
        if message.next_step:
            box.setInformativeText(message.next_step)
        if message.details:
            box.setDetailedText(message.details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        # Window-modal and non-blocking: a message never stalls indexing callbacks queued behind it.
        self._open_dialogs.append(box)
        box.finished.connect(lambda _result, b=box: self._forget(b))
        box.open()

    def _forget(self, box: QMessageBox) -> None:
        if box in self._open_dialogs:
            self._open_dialogs.remove(box)
        box.deleteLater()
