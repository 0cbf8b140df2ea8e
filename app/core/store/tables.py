"""The library's tables (Arrow schemas), row conversions, and the translation of search filters into SQL.

Tables:
    documents: one row per distinct content (``doc_id`` = first 16 hex digits of its SHA-256) at its path.
    chunks: the passages, with filter columns copied from their document (no join at search time) and the vector.
    copies: further paths holding the same bytes as a document (a duplicate is a second path, not a document).
    statements: one JSON payload per document for the financial-statements engine.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np
import pyarrow as pa

from app.core.records import Chunk, DocumentInfo, SearchFilters, rects_from_json, rects_to_json

#: Columns a search returns: enough to build a :class:`Chunk`, plus the vector for exact re-scoring.
RESULT_COLUMNS = ["chunk_id", "doc_id", "ordinal", "text", "pages", "char_start", "char_end", "rects", "heading",
                  "is_table", "vector"]
CHUNK_COLUMNS = [c for c in RESULT_COLUMNS if c != "vector"]
#: The largest |year| a filter passes to the int32 column; anything else matches nothing (no overflow error).
_YEAR_LIMIT = 100_000


def quote(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def in_list(column: str, values: list[str] | set[str]) -> str:
    """``column IN ('a', 'b')``."""
    return f"{column} IN (" + ", ".join(quote(v) for v in sorted(values)) + ")"


def filters_where(filters: SearchFilters | None) -> str | None:
    """The SQL filter on the chunks table for ``filters`` (None when nothing is filtered)."""
    if filters is None:
        return None
    clauses = []
    if filters.companies:
        clauses.append(in_list("company", filters.companies))
    if filters.form_types:
        clauses.append(in_list("form_type", filters.form_types))
    if filters.fiscal_years:
        years = [int(y) for y in filters.fiscal_years if abs(int(y)) < _YEAR_LIMIT]
        clauses.append("fiscal_year IN (" + ", ".join(str(y) for y in years) + ")" if years else "false")
    if filters.doc_ids:
        clauses.append(in_list("doc_id", filters.doc_ids))
    return " AND ".join(clauses) or None


def documents_schema() -> pa.Schema:
    """Schema of the ``documents`` table."""
    return pa.schema([
        pa.field("doc_id", pa.string()), pa.field("path", pa.string()), pa.field("title", pa.string()),
        pa.field("company", pa.string()), pa.field("ticker", pa.string()), pa.field("form_type", pa.string()),
        pa.field("fiscal_year", pa.int32()), pa.field("fiscal_period", pa.string()),
        pa.field("page_count", pa.int32()), pa.field("chunk_count", pa.int32()),
        pa.field("content_hash", pa.string()), pa.field("size", pa.int64()), pa.field("mtime", pa.float64()),
        pa.field("indexed_at", pa.float64()), pa.field("status", pa.string()), pa.field("note", pa.string()),
    ])


def chunks_schema(dimension: int) -> pa.Schema:
    """Schema of the ``chunks`` table for vectors of ``dimension``."""
    return pa.schema([
        pa.field("chunk_id", pa.string()), pa.field("doc_id", pa.string()), pa.field("ordinal", pa.int32()),
        pa.field("text", pa.string()), pa.field("search_text", pa.string()), pa.field("heading", pa.string()),
        pa.field("page", pa.int32()), pa.field("pages", pa.list_(pa.int32())),
        pa.field("char_start", pa.int64()), pa.field("char_end", pa.int64()), pa.field("rects", pa.string()),
        pa.field("is_table", pa.bool_()), pa.field("company", pa.string()), pa.field("form_type", pa.string()),
        pa.field("fiscal_year", pa.int32()), pa.field("vector", pa.list_(pa.float32(), dimension)),
    ])


def copies_schema() -> pa.Schema:
    """Schema of the ``copies`` table: a second path of a document's bytes, with its size and mtime."""
    return pa.schema([pa.field("path", pa.string()), pa.field("doc_id", pa.string()),
                      pa.field("size", pa.int64()), pa.field("mtime", pa.float64())])


def statements_schema() -> pa.Schema:
    """Schema of the ``statements`` table: one JSON text per document."""
    return pa.schema([pa.field("doc_id", pa.string()), pa.field("payload", pa.string())])


def document_from_row(row: dict[str, Any]) -> DocumentInfo:
    """Build a :class:`DocumentInfo` from a ``documents`` table row."""
    names = {f.name for f in fields(DocumentInfo)}
    values = {k: v for k, v in row.items() if k in names}
    if values.get("fiscal_year", -1) in (-1, None):
        values["fiscal_year"] = None
    return DocumentInfo(**values)


def document_row(document: DocumentInfo) -> dict[str, Any]:
    """The ``documents`` row of a document (a missing fiscal year is stored as -1)."""
    row = document.to_dict()
    row["fiscal_year"] = document.fiscal_year if document.fiscal_year is not None else -1
    return row


def chunk_from_row(row: dict[str, Any]) -> Chunk:
    """Build a :class:`Chunk` from a ``chunks`` table row."""
    return Chunk(chunk_id=row["chunk_id"], doc_id=row["doc_id"], ordinal=int(row["ordinal"]), text=row["text"],
                 pages=list(row["pages"]), char_start=int(row["char_start"]), char_end=int(row["char_end"]),
                 rects=rects_from_json(row["rects"]), heading=row["heading"], is_table=bool(row["is_table"]))


#: How a search scored a chunk: the cosine distance to the query vector (smaller is nearer) or BM25 (larger is better).
ScoreKind = Literal["cosine_distance", "bm25"]


@dataclass(frozen=True)
class ScoredChunk:
    """A chunk a search found, with the score it found it by (the store's read interface: no storage row leaves it).

    Attributes:
        chunk: the passage.
        kind: what ``score`` measures (:data:`ScoreKind`).
        score: the cosine distance or the BM25 score.
        vector: the chunk's embedding (normalised), when the search was asked for it.
    """

    chunk: Chunk
    kind: ScoreKind
    score: float
    vector: np.ndarray[Any, np.dtype[np.float32]] | None = None


def scored_from_row(row: dict[str, Any], kind: ScoreKind, *, with_vector: bool) -> ScoredChunk:
    """A :class:`ScoredChunk` from a search's row (Lance's ``_distance`` or ``_score`` column, by ``kind``)."""
    score = row["_distance"] if kind == "cosine_distance" else row["_score"]
    vector = np.asarray(row["vector"], dtype=np.float32) if with_vector else None
    return ScoredChunk(chunk_from_row(row), kind, float(score), vector)


def chunk_table(document: DocumentInfo, chunks: list[Chunk], vectors: np.ndarray, search_texts: list[str],
                dimension: int) -> pa.Table:
    """The ``chunks`` rows of one document."""
    year = document.fiscal_year if document.fiscal_year is not None else -1
    columns = {
        "chunk_id": [c.chunk_id for c in chunks], "doc_id": [c.doc_id for c in chunks],
        "ordinal": [c.ordinal for c in chunks], "text": [c.text for c in chunks], "search_text": search_texts,
        "heading": [c.heading for c in chunks], "page": [c.page for c in chunks],
        "pages": [c.pages for c in chunks], "char_start": [c.char_start for c in chunks],
        "char_end": [c.char_end for c in chunks], "rects": [rects_to_json(c.rects) for c in chunks],
        "is_table": [c.is_table for c in chunks], "company": [document.company] * len(chunks),
        "form_type": [document.form_type] * len(chunks), "fiscal_year": [year] * len(chunks),
    }
    schema = chunks_schema(dimension)
    arrays = [pa.array(columns[f.name], type=f.type) for f in schema if f.name != "vector"]
    flat = pa.array(np.ascontiguousarray(vectors, dtype=np.float32).ravel(), type=pa.float32())
    arrays.append(pa.FixedSizeListArray.from_arrays(flat, dimension))
    return pa.Table.from_arrays(arrays, schema=schema)
