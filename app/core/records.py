"""Plain data records shared by every layer: documents, chunks, highlight rectangles and search hits.

They hold no behaviour beyond (de)serialisation so the store, the search, the answer engine and the UI can pass them
around freely. :class:`SearchFilters` lives here (not in ``search``) because the store translates it into its own query
language and the search only passes it through.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

#: Bumped whenever a change to the chunker (:mod:`app.core.ingest.chunking`) alters the passages a document is cut
#: into. A library records the version that built it and offers a re-index when it is older (passages of two
#: versions search fine side by side, so it never has to).
#: 1: first release. 2: statement titles in any case start a section; label lines stay with the rows they introduce.
CHUNKING_VERSION = 2

FORM_TYPES = ("10-K", "10-Q", "8-K", "earnings release", "transcript", "other")
#: The document fields a user may correct (the workspace cleans the values, the store's write session stores them).
EDITABLE_FIELDS = ("company", "ticker", "form_type", "fiscal_period", "fiscal_year")


@dataclass(frozen=True)
class Rect:
    """A rectangle on one page, in PDF points with the origin at the top left (PyMuPDF's convention)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, other: Rect, tolerance: float = 0.5) -> bool:
        """True when ``other`` lies inside this rectangle on the same page."""
        return (self.page == other.page and other.x0 >= self.x0 - tolerance and other.y0 >= self.y0 - tolerance
                and other.x1 <= self.x1 + tolerance and other.y1 <= self.y1 + tolerance)


def rects_to_json(rects: list[Rect]) -> str:
    """Serialise rectangles compactly (one list per rectangle, coordinates rounded to 0.1 pt)."""
    return json.dumps([[r.page, round(r.x0, 1), round(r.y0, 1), round(r.x1, 1), round(r.y1, 1)] for r in rects],
                      separators=(",", ":"))


def rects_from_json(text: str) -> list[Rect]:
    """Inverse of :func:`rects_to_json`."""
    return [Rect(int(p), x0, y0, x1, y1) for p, x0, y0, x1, y1 in json.loads(text or "[]")]


@dataclass
class DocumentInfo:
    """One indexed file and what FinLens knows about it.

    ``doc_id`` is derived from the content hash, so the same bytes under two names are one document.
    """

    doc_id: str
    path: str
    title: str
    company: str = ""
    ticker: str = ""
    form_type: str = "other"
    fiscal_year: int | None = None
    fiscal_period: str = ""
    page_count: int = 0
    chunk_count: int = 0
    content_hash: str = ""
    size: int = 0
    mtime: float = 0.0
    indexed_at: float = 0.0
    status: str = "indexed"
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, for JSON output and storage."""
        return asdict(self)

    @property
    def label(self) -> str:
        """Short human label: "Nike 10-K FY2021"."""
        parts = [self.company or self.title, self.form_type if self.form_type != "other" else "", self.fiscal_period]
        return " ".join(p for p in parts if p)


@dataclass
class Chunk:
    """A passage of a document: the unit that is embedded, searched, cited and highlighted.

    ``pages`` lists every 0-based page the chunk covers (most chunks cover one); ``char_start``/``char_end`` are
    offsets into the document's full extracted text; ``rects`` are the line boxes to highlight.
    """

    chunk_id: str
    doc_id: str
    ordinal: int
    text: str
    pages: list[int]
    char_start: int
    char_end: int
    rects: list[Rect] = field(default_factory=list)
    heading: str = ""
    is_table: bool = False

    @property
    def page(self) -> int:
        """The first page the chunk covers."""
        return self.pages[0] if self.pages else 0


@dataclass
class SearchHit:
    """One search result: a chunk, its document, a score and a snippet with the matched query terms."""

    chunk: Chunk
    document: DocumentInfo
    score: float
    snippet: str
    matched_terms: list[str] = field(default_factory=list)
    dense_score: float = 0.0
    keyword_score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form used by ``--json`` outputs."""
        return {
            "doc_id": self.document.doc_id,
            "document": self.document.label,
            "path": self.document.path,
            "page": self.chunk.page,
            "pages": self.chunk.pages,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "matched_terms": self.matched_terms,
            "text": self.chunk.text,
            "rects": [[r.page, r.x0, r.y0, r.x1, r.y1] for r in self.chunk.rects],
        }


@dataclass
class SearchFilters:
    """Restrict a search; empty lists mean "any"."""

    companies: list[str] = field(default_factory=list)
    form_types: list[str] = field(default_factory=list)
    fiscal_years: list[int] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not (self.companies or self.form_types or self.fiscal_years or self.doc_ids)
