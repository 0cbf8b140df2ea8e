"""Where "open this at that spot" leads: one record for every place the reader is sent to.

A search result, an answer's citation, a Compare cell and a Statements cell all end the same way: the reader opens
a document at a page and highlights some rectangles. Each producer says so with a :class:`CitationTarget`, so the
window has one way to open them instead of guessing at the shape of whatever was clicked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.records import DocumentInfo, Rect, SearchHit


@dataclass(frozen=True)
class CitationTarget:
    """A spot in a document to open and highlight.

    Attributes:
        path: the document's file (the reader opens it even when the library no longer knows the document).
        page: the 0-based page to open at.
        rects: what to highlight, in PDF points; empty to highlight nothing.
        text: the cited passage or quote (shown for HTML/text documents, and when the file is missing).
        document: the library's record of the document, when known (its label titles the reader).
        terms: query words to emphasise in a text document.
        chunk_id: the passage's id, to find it among the document's passages in a text view.
    """

    path: str
    page: int = 0
    rects: tuple[Rect, ...] = ()
    text: str = ""
    document: DocumentInfo | None = None
    terms: tuple[str, ...] = ()
    chunk_id: str = ""

    @property
    def doc_id(self) -> str:
        """The library's id of the document ("" when only its path is known)."""
        return self.document.doc_id if self.document is not None else ""

    @classmethod
    def at(cls, document: DocumentInfo, page: int, rects: Iterable[Rect] = (), text: str = "") -> CitationTarget:
        """A page of a library document, with ``rects`` highlighted (a figure's cell, a cited quote)."""
        return cls(document.path, page, tuple(rects), text, document)

    @classmethod
    def from_hit(cls, hit: SearchHit) -> CitationTarget:
        """A search result: its passage's first page, its line boxes, and the query words it matched."""
        chunk = hit.chunk
        page = chunk.pages[0] if chunk.pages else (chunk.rects[0].page if chunk.rects else 0)
        return cls(hit.document.path, page, tuple(chunk.rects), chunk.text, hit.document, tuple(hit.matched_terms),
                   chunk.chunk_id)
