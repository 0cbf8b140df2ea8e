"""The text view of the reader: HTML and text documents have no page geometry, so their passages are shown as text.

The cited passage is shown at once; the document's other passages are loaded from the library on a worker and
replace it, with the cited one highlighted and scrolled to.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.core.records import Chunk, DocumentInfo
from app.ui.item_models import pages_label, snippet_html
from app.ui.theme import colors
from app.ui.workers import run_task

ChunkLoader = Callable[[str], list[Chunk]]


class PassageView(QTextBrowser):
    """A document's passages as text, the cited one highlighted.

    Args:
        chunk_loader: reads a document's passages from the library (doc_id → chunks); without one only the cited
            passage is shown.
    """

    def __init__(self, chunk_loader: ChunkLoader | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self._chunk_loader = chunk_loader
        self._request = 0  # passages that arrive for an older request are dropped

    def show_passage(self, document: DocumentInfo | None, text: str, terms: list[str], chunk_id: str) -> None:
        """Show the cited passage now, and the whole document around it once its passages are loaded."""
        self._request += 1
        request = self._request
        self.render_passages([], text, terms, chunk_id)
        if document is not None and self._chunk_loader is not None:
            loader = self._chunk_loader
            doc_id = document.doc_id
            run_task(lambda _ctx: loader(doc_id), owner=self, name="load passages",
                     on_result=lambda chunks: self._on_chunks_loaded(request, chunks, text, terms, chunk_id))

    def cancel_loading(self) -> None:
        """Drop passages still being loaded (the reader shows something else now)."""
        self._request += 1

    def _on_chunks_loaded(self, request: int, chunks: list[Chunk], text: str, terms: list[str],
                          chunk_id: str) -> None:
        if request == self._request:
            self.render_passages(chunks, text, terms, chunk_id)

    def render_passages(self, chunks: list[Chunk], text: str, terms: list[str], chunk_id: str) -> None:
        """Show the document's passages (or just the cited one) with the cited passage highlighted."""
        c = colors()
        mark = QColor(c.highlight)
        mark.setAlpha(255 if c.dark else 120)
        background = f"rgba({mark.red()},{mark.green()},{mark.blue()},{mark.alpha()})"
        parts = [f"<div style='color:{c.text}; line-height:135%'>"]
        target_found = False
        for chunk in chunks or [None]:
            body = chunk.text if chunk is not None else text
            emphasised = snippet_html(body, terms).replace("\n", "<br>")
            is_target = chunk is None or chunk.chunk_id == chunk_id or (not chunk_id and chunk.text == text)
            if is_target and not target_found:
                target_found = True
                label = pages_label(chunk.pages) if chunk is not None else ""
                parts.append(f"<a name='hit'></a><p style='background-color:{background}; padding:6px'>"
                             f"{emphasised}</p>" + (f"<p style='color:{c.muted}'>{label}</p>" if label else ""))
            else:
                parts.append(f"<p>{emphasised}</p>")
        parts.append("</div>")
        self.setHtml("".join(parts))
        QTimer.singleShot(0, lambda: self.scrollToAnchor("hit"))
