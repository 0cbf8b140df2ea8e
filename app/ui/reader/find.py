"""Find in document: the reader's find row and the search behind it.

In a PDF, ``page.search_for`` runs a few pages per event-loop turn (dense pages take ~7 ms each), so a 300-page
filing never freezes the window; the first match at or after the page in view is shown as soon as it is found. In a
text document, the text view's own find is used. The bar knows nothing about the canvas: it announces the matches
(:attr:`FindBar.matches_changed`) and the one to bring into view (:attr:`FindBar.match_selected`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QWidget

from app.core.records import Rect
from app.ui.icons import apply_icon, icon
from app.ui.reader.widgets import tool_button

FIND_BATCH_PAGES = 8  # pages searched per event-loop turn


class FindBar(QWidget):
    """A "Find in document" field, a "3 of 12" label, and previous/next buttons, over a PDF or a text view.

    Signals:
        matches_changed(): :attr:`matches` or :attr:`current` changed (repaint them).
        match_selected(Rect): bring this match into view.
        finished(int): the whole document was searched; the number of matches.
    """

    matches_changed = Signal()
    match_selected = Signal(object)
    finished = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matches: list[Rect] = []
        self.current = -1
        self._document: Any = None  # pymupdf.Document searched (GUI thread only)
        self._text_view: QTextBrowser | None = None
        self._text = ""
        self._pages_done = 0
        self._start_page = 0
        self._page_in_view = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._search_batch)
        self._build()

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in document")
        self.field.setClearButtonEnabled(True)
        search_action = self.field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        apply_icon(search_action, "search", "muted")
        self.field.setMaximumWidth(240)
        self.field.setMinimumWidth(120)
        self.field.returnPressed.connect(self._on_return_pressed)
        self.field.textChanged.connect(self._on_text_changed)
        self.label = QLabel("")
        self.label.setProperty("role", "muted")
        self.previous_button = tool_button("up", "Previous match (Shift+Enter)", self)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = tool_button("down", "Next match (Enter)", self)
        self.next_button.clicked.connect(lambda: self.step(1))
        for widget in (self.field, self.label, self.previous_button, self.next_button):
            layout.addWidget(widget)
        QShortcut(QKeySequence("Shift+Return"), self.field, lambda: self.step(-1))

    # --- what is searched -----------------------------------------------------------------------------------------

    def set_target(self, *, document: Any = None, text_view: QTextBrowser | None = None) -> None:
        """Search this PDF (a ``pymupdf.Document``), or this text view, or nothing; a new target clears the find."""
        if document is self._document and text_view is self._text_view:
            return
        self._document = document
        self._text_view = text_view
        self.clear()

    def set_page_in_view(self, page: int) -> None:
        """The page the user is looking at: a new find shows the first match from there."""
        self._page_in_view = page

    # --- finding --------------------------------------------------------------------------------------------------

    def find(self, text: str) -> int:
        """Put ``text`` in the field and find it; returns the number of matches found so far (see :meth:`run`)."""
        self.field.blockSignals(True)
        self.field.setText(text)
        self.field.blockSignals(False)
        return self.run(text)

    def run(self, text: str) -> int:
        """Start finding ``text``; returns the matches found so far.

        All of them for PDFs of up to :data:`FIND_BATCH_PAGES` pages; longer ones are searched in the background
        and :attr:`finished` gives the total. In a text view: 1 when found, else 0.
        """
        self.clear()
        self._text = text
        if self._text_view is not None:
            found = self._text_view.find(text)
            self.label.setText("" if found else "Not found")
            return int(found)
        if self._document is None or not text.strip():
            return 0
        self._start_page = self._page_in_view
        self._search_batch()
        return len(self.matches)

    def step(self, step: int) -> None:
        """Go to the next (+1) or previous (-1) match (a find starts when there are none yet)."""
        if not self.matches:
            if self.field.text().strip():
                self.run(self.field.text())
            return
        self.current = (self.current + step) % len(self.matches)
        self._select_current()

    def clear(self) -> None:
        """Forget the matches and stop searching."""
        self._timer.stop()
        self._pages_done = 0
        self._text = ""
        self.matches = []
        self.current = -1
        self.label.setText("")
        self.matches_changed.emit()

    def _on_text_changed(self, text: str) -> None:
        if not text.strip():
            self.clear()

    def _on_return_pressed(self) -> None:
        text = self.field.text()
        if text.strip() and text == self._text and self.matches:
            self.step(1)
        else:
            self.run(text)

    def _search_batch(self) -> None:
        """Search the next few pages; long documents are searched a few pages per event-loop turn."""
        document = self._document
        if document is None or not self._text.strip():
            return
        end = min(document.page_count, self._pages_done + FIND_BATCH_PAGES)
        for number in range(self._pages_done, end):
            for quad in document[number].search_for(self._text):
                self.matches.append(Rect(number, quad.x0, quad.y0, quad.x1, quad.y1))
        self._pages_done = end
        done = end >= document.page_count
        if self.current < 0:
            # Show the first match at or after the page in view (or the first of all, once everything is searched).
            after = next((i for i, r in enumerate(self.matches) if r.page >= self._start_page), None)
            if after is None and done and self.matches:
                after = 0
            if after is not None:
                self.current = after
                self._select_current()
        if done:
            self.label.setText(f"{self.current + 1} of {len(self.matches)}" if self.matches else "Not found")
            self.finished.emit(len(self.matches))
        else:
            self.label.setText(f"Searching page {end + 1} of {document.page_count}…")
            self._timer.start()
        self.matches_changed.emit()

    def _select_current(self) -> None:
        self.label.setText(f"{self.current + 1} of {len(self.matches)}")
        self.matches_changed.emit()
        self.match_selected.emit(self.matches[self.current])
