"""The document library: a LanceDB folder with a ``documents`` table, a ``chunks`` table and ``library.json``.

Chunks hold the text, metadata copied from their document (so filters need no join), the highlight rectangles and
the embedding. LanceDB's native full-text index covers ``search_text`` (document label + heading + passage); a
vector index (IVF_HNSW_SQ) is built once the library is big enough for a flat scan to be slow, and refreshed as
it grows.

Crash safety: a document's chunks are written first and its ``documents`` row last; that row is the commit
marker. On open, chunks without a document row (a crash mid-document) are deleted, so a kill -9 never leaves a
half-indexed document and indexing simply resumes.

``library.json`` records what built the library (app and schema version, chunking version, model id, hash and
dimension); opening it with another model raises :class:`LibraryMismatchError` instead of returning meaningless
results. A library whose passages were cut by an older chunker still opens: :meth:`Library.reindex_advice` says why a
re-index would help.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
from dataclasses import fields
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from app import __version__
from app.core.chunking import CHUNKING_VERSION
from app.core.records import Chunk, DocumentInfo, SearchFilters, rects_from_json, rects_to_json

# LanceDB 0.40 prints a warning to stderr at every optimize() of a table with a vector index unless this is set.
# "false" is lance's announced future default: index statistics without the IVF centroids (less memory; FinLens
# only reads their unindexed-row count).
os.environ.setdefault("LANCE_INCLUDE_VECTOR_CENTROIDS", "false")

SCHEMA_VERSION = 1
VECTOR_INDEX_MIN_ROWS = 20_000
VECTOR_INDEX_STALE_FRACTION = 0.2
#: Scalar indexes on the filter columns, built with the vector index: low-cardinality ones as bitmaps.
FILTER_INDEXES = {"company": "bitmap", "form_type": "bitmap", "fiscal_year": "bitmap", "doc_id": "btree"}
META_FILE = "library.json"
#: Columns a search returns: enough to build a :class:`Chunk`, plus the vector for exact re-scoring.
RESULT_COLUMNS = ["chunk_id", "doc_id", "ordinal", "text", "pages", "char_start", "char_end", "rects", "heading",
                  "is_table", "vector"]


class LibraryError(Exception):
    """A library problem with a plain-language message that says what to do."""


class LibraryMismatchError(LibraryError):
    """The library was built by another embedding model or schema version."""

    def __init__(self, message: str, built_with: dict[str, Any]) -> None:
        super().__init__(message)
        self.built_with = built_with


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def filters_where(filters: SearchFilters | None) -> str | None:
    """The SQL filter on the chunks table for ``filters`` (None when nothing is filtered)."""
    if filters is None:
        return None
    clauses = []
    if filters.companies:
        clauses.append("company IN (" + ", ".join(_quote(c) for c in filters.companies) + ")")
    if filters.form_types:
        clauses.append("form_type IN (" + ", ".join(_quote(f) for f in filters.form_types) + ")")
    if filters.fiscal_years:
        clauses.append("fiscal_year IN (" + ", ".join(str(int(y)) for y in filters.fiscal_years) + ")")
    if filters.doc_ids:
        clauses.append("doc_id IN (" + ", ".join(_quote(d) for d in filters.doc_ids) + ")")
    return " AND ".join(clauses) or None


def _documents_schema() -> pa.Schema:
    return pa.schema([
        pa.field("doc_id", pa.string()), pa.field("path", pa.string()), pa.field("title", pa.string()),
        pa.field("company", pa.string()), pa.field("ticker", pa.string()), pa.field("form_type", pa.string()),
        pa.field("fiscal_year", pa.int32()), pa.field("fiscal_period", pa.string()),
        pa.field("page_count", pa.int32()), pa.field("chunk_count", pa.int32()),
        pa.field("content_hash", pa.string()), pa.field("size", pa.int64()), pa.field("mtime", pa.float64()),
        pa.field("indexed_at", pa.float64()), pa.field("status", pa.string()), pa.field("note", pa.string()),
    ])


def _chunks_schema(dimension: int) -> pa.Schema:
    return pa.schema([
        pa.field("chunk_id", pa.string()), pa.field("doc_id", pa.string()), pa.field("ordinal", pa.int32()),
        pa.field("text", pa.string()), pa.field("search_text", pa.string()), pa.field("heading", pa.string()),
        pa.field("page", pa.int32()), pa.field("pages", pa.list_(pa.int32())),
        pa.field("char_start", pa.int64()), pa.field("char_end", pa.int64()), pa.field("rects", pa.string()),
        pa.field("is_table", pa.bool_()), pa.field("company", pa.string()), pa.field("form_type", pa.string()),
        pa.field("fiscal_year", pa.int32()), pa.field("vector", pa.list_(pa.float32(), dimension)),
    ])


def document_from_row(row: dict[str, Any]) -> DocumentInfo:
    """Build a :class:`DocumentInfo` from a ``documents`` table row."""
    names = {f.name for f in fields(DocumentInfo)}
    values = {k: v for k, v in row.items() if k in names}
    if values.get("fiscal_year", -1) in (-1, None):
        values["fiscal_year"] = None
    return DocumentInfo(**values)


def chunk_from_row(row: dict[str, Any]) -> Chunk:
    """Build a :class:`Chunk` from a ``chunks`` table row."""
    return Chunk(chunk_id=row["chunk_id"], doc_id=row["doc_id"], ordinal=int(row["ordinal"]), text=row["text"],
                 pages=list(row["pages"]), char_start=int(row["char_start"]), char_end=int(row["char_end"]),
                 rects=rects_from_json(row["rects"]), heading=row["heading"], is_table=bool(row["is_table"]))


class Library:
    """A FinLens library folder. Thread-safe for one writer and many readers in the same process."""

    def __init__(self, folder: Path, *, model_id: str, model_hash: str, dimension: int) -> None:
        import lancedb

        self.folder = Path(folder)
        self.model_id = model_id
        self.model_hash = model_hash
        self.dimension = dimension
        self._write_lock = threading.RLock()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"The library folder {self.folder} cannot be created ({error.strerror}). "
                               "Choose another folder with --library or in Settings.") from None
        self.meta = self._check_meta()
        # Readers see writes from other threads/processes immediately (the GUI searches while indexing).
        self.db = lancedb.connect(str(self.folder / "lance"), read_consistency_interval=timedelta(0))
        existing = set(self.db.list_tables().tables)
        self.documents = self.db.open_table("documents") if "documents" in existing else \
            self.db.create_table("documents", schema=_documents_schema())
        self.chunks = self.db.open_table("chunks") if "chunks" in existing else \
            self.db.create_table("chunks", schema=_chunks_schema(dimension))
        self._recover()
        if self.chunking_outdated and not self.documents.count_rows():
            with contextlib.suppress(LibraryError):  # read-only media: an empty library needs no re-index anyway
                self.meta = self._write_meta({**self.meta, "chunking_version": CHUNKING_VERSION})

    # --- build metadata -------------------------------------------------------------------------------------------

    @property
    def built_with(self) -> dict[str, Any]:
        """What this process would record as the library's builder."""
        return {"app_version": __version__, "schema_version": SCHEMA_VERSION, "chunking_version": CHUNKING_VERSION,
                "model_id": self.model_id, "model_hash": self.model_hash, "dimension": self.dimension}

    @property
    def chunking_outdated(self) -> bool:
        """Whether the library's passages were cut by an older chunker (libraries before version 2 did not say)."""
        return int(self.meta.get("chunking_version", 1)) < CHUNKING_VERSION

    def reindex_advice(self) -> str | None:
        """A plain sentence when re-indexing would improve search results, else None. The library works either way."""
        if not self.chunking_outdated:
            return None
        return ("This library was indexed by an older FinLens, which cut financial statements into smaller, "
                "less findable passages. Re-index it to improve search results; your documents stay where they are.")

    def _write_meta(self, meta: dict[str, Any]) -> dict[str, Any]:
        """Write ``library.json``; returns ``meta``."""
        try:
            (self.folder / META_FILE).write_text(json.dumps(meta, indent=2))
        except OSError as error:
            raise LibraryError(f"The library folder {self.folder} is not writable ({error.strerror}). "
                               "Choose another folder with --library or in Settings.") from None
        return meta

    def _check_meta(self) -> dict[str, Any]:
        """The folder's ``library.json`` (written now for a new library), checked against this model and schema."""
        meta_path = self.folder / META_FILE
        if not meta_path.exists():
            if (self.folder / "lance").exists():
                raise LibraryError(f"{self.folder} holds index data but no {META_FILE}; it was not made by FinLens or "
                                   "is damaged. Choose an empty folder or delete this one to rebuild it.")
            return self._write_meta({**self.built_with, "created_at": time.time()})
        meta = json.loads(meta_path.read_text())
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise LibraryMismatchError(
                f"This library was built by FinLens {meta.get('app_version')} with storage version "
                f"{meta.get('schema_version')}; this FinLens uses version {SCHEMA_VERSION}. Re-index the library "
                "(finlens reindex) to upgrade it.", meta)
        if meta.get("model_id") != self.model_id or meta.get("model_hash") != self.model_hash \
                or meta.get("dimension") != self.dimension:
            built_with, using = f"'{meta.get('model_id')}'", f"'{self.model_id}'"
            if built_with == using:  # same name, other weights: an updated or retrained model
                built_with += f" (version {str(meta.get('model_hash'))[:12]})"
                using += f" (version {self.model_hash[:12]})"
            raise LibraryMismatchError(
                f"This library was indexed with the embedding model {built_with}, but FinLens is set to use "
                f"{using}. Mixing models would give meaningless results: switch back to the first in Settings "
                "(or --model), or re-index the library with the new model (finlens reindex).", meta)
        return meta

    @staticmethod
    def read_meta(folder: Path) -> dict[str, Any] | None:
        """The ``library.json`` of a folder, or None for a new library."""
        path = Path(folder) / META_FILE
        return json.loads(path.read_text()) if path.exists() else None

    def _recover(self) -> None:
        """Delete chunks of documents that never committed, and older duplicates of re-indexed files."""
        doc_ids = {row["doc_id"] for row in self._document_rows()}
        chunk_doc_ids = set(self.chunks.to_arrow().column("doc_id").to_pylist()) if self.chunks.count_rows() else set()
        orphans = chunk_doc_ids - doc_ids
        if orphans:
            self.chunks.delete("doc_id IN (" + ", ".join(_quote(d) for d in orphans) + ")")
        by_path: dict[str, list[dict[str, Any]]] = {}
        for row in self._document_rows():
            by_path.setdefault(row["path"], []).append(row)
        for rows in by_path.values():
            if len(rows) > 1:
                rows.sort(key=lambda r: r["indexed_at"])
                for stale in rows[:-1]:
                    self._delete_document(stale["doc_id"])

    # --- documents ------------------------------------------------------------------------------------------------

    def _document_rows(self) -> list[dict[str, Any]]:
        if not self.documents.count_rows():
            return []
        return self.documents.to_arrow().to_pylist()

    def documents_version(self) -> int:
        """A number that changes whenever the documents change (cheap; for caches)."""
        return int(self.documents.version)

    def documents_snapshot(self) -> tuple[int, list[DocumentInfo]]:
        """The documents and the version they were read at (read the version first, so a cache errs on re-reading)."""
        version = self.documents_version()
        return version, [document_from_row(r) for r in self._document_rows()]

    def list_documents(self) -> list[DocumentInfo]:
        """All documents, sorted by company, period and title."""
        docs = [document_from_row(r) for r in self._document_rows()]
        return sorted(docs, key=lambda d: (d.company.lower(), -(d.fiscal_year or 0), d.title.lower()))

    def get_document(self, doc_id: str) -> DocumentInfo | None:
        """One document by id."""
        rows = self.documents.search().where(f"doc_id = {_quote(doc_id)}").limit(1).to_list()
        return document_from_row(rows[0]) if rows else None

    def find_by_path(self, path: str) -> DocumentInfo | None:
        """The document indexed from ``path``, if any."""
        rows = self.documents.search().where(f"path = {_quote(path)}").limit(1).to_list()
        return document_from_row(rows[0]) if rows else None

    def find_by_hash(self, content_hash: str) -> DocumentInfo | None:
        """A document with these exact bytes, if any (de-duplication)."""
        rows = self.documents.search().where(f"content_hash = {_quote(content_hash)}").limit(1).to_list()
        return document_from_row(rows[0]) if rows else None

    def add_document(self, document: DocumentInfo, chunks: list[Chunk], vectors: np.ndarray,
                     search_texts: list[str]) -> None:
        """Store a document and its chunks; replaces an earlier version of the same path atomically for readers.

        The chunks go in first and the document row last (the commit marker); the previous version of the file, if
        any, is removed only after the new one is complete.
        """
        if vectors.shape != (len(chunks), self.dimension):
            raise ValueError(f"expected {len(chunks)} vectors of dimension {self.dimension}, got {vectors.shape}")
        with self._write_lock:
            previous = self.find_by_path(document.path)
            if chunks:
                self.chunks.add(self._chunk_table(document, chunks, vectors, search_texts))
            row = document.to_dict()
            row["fiscal_year"] = document.fiscal_year if document.fiscal_year is not None else -1
            row["chunk_count"] = len(chunks)
            self.documents.add(pa.Table.from_pylist([row], schema=_documents_schema()))
            if previous is not None and previous.doc_id != document.doc_id:
                self._delete_document(previous.doc_id)

    def _chunk_table(self, document: DocumentInfo, chunks: list[Chunk], vectors: np.ndarray,
                     search_texts: list[str]) -> pa.Table:
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
        schema = _chunks_schema(self.dimension)
        arrays = [pa.array(columns[f.name], type=f.type) for f in schema if f.name != "vector"]
        flat = pa.array(np.ascontiguousarray(vectors, dtype=np.float32).ravel(), type=pa.float32())
        arrays.append(pa.FixedSizeListArray.from_arrays(flat, self.dimension))
        return pa.Table.from_arrays(arrays, schema=schema)

    def _delete_document(self, doc_id: str) -> None:
        # Row first, then chunks: a crash in between leaves orphan chunks, which _recover removes.
        self.documents.delete(f"doc_id = {_quote(doc_id)}")
        self.chunks.delete(f"doc_id = {_quote(doc_id)}")

    def remove_document(self, doc_id: str) -> bool:
        """Remove a document and its chunks. Returns False when it was not in the library."""
        with self._write_lock:
            if self.get_document(doc_id) is None:
                return False
            self._delete_document(doc_id)
            return True

    def update_metadata(self, doc_id: str, **changes: Any) -> DocumentInfo:
        """Edit a document's company, ticker, form type or fiscal period/year (chunks' filter copies follow)."""
        allowed = {"company", "ticker", "form_type", "fiscal_year", "fiscal_period", "title"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"cannot edit {sorted(unknown)}")
        with self._write_lock:
            if self.get_document(doc_id) is None:
                raise LibraryError("That document is no longer in the library.")
            values = {k: (-1 if k == "fiscal_year" and v is None else v) for k, v in changes.items()}
            self.documents.update(where=f"doc_id = {_quote(doc_id)}", values=values)
            chunk_values = {k: v for k, v in values.items() if k in {"company", "form_type", "fiscal_year"}}
            if chunk_values:
                self.chunks.update(where=f"doc_id = {_quote(doc_id)}", values=chunk_values)
            document = self.get_document(doc_id)
            assert document is not None
            return document

    # --- chunks ---------------------------------------------------------------------------------------------------

    def chunk_count(self) -> int:
        """Number of chunks in the library."""
        return self.chunks.count_rows()

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """All chunks of a document in reading order."""
        rows = self.chunks.search().where(f"doc_id = {_quote(doc_id)}").select(
            ["chunk_id", "doc_id", "ordinal", "text", "pages", "char_start", "char_end", "rects", "heading",
             "is_table"]).limit(1_000_000).to_list()
        return sorted((chunk_from_row(r) for r in rows), key=lambda c: c.ordinal)

    # --- search ---------------------------------------------------------------------------------------------------

    def vector_search(self, vector: np.ndarray, *, filters: SearchFilters | None = None,
                      limit: int = 10) -> list[dict[str, Any]]:
        """The ``limit`` chunks nearest ``vector`` (cosine), filtered before the search.

        Returns:
            Rows with :data:`RESULT_COLUMNS` and ``_distance`` (cosine distance), nearest first.
        """
        search = self.chunks.search(vector, vector_column_name="vector").distance_type("cosine")
        where = filters_where(filters)
        if where:
            search = search.where(where, prefilter=True)
        return search.select([*RESULT_COLUMNS, "_distance"]).limit(limit).to_list()

    def keyword_search(self, text: str, *, filters: SearchFilters | None = None,
                       limit: int = 10) -> list[dict[str, Any]]:
        """The ``limit`` best BM25 matches of ``text`` on the chunks' ``search_text``, filtered before the search.

        Returns:
            Rows with :data:`RESULT_COLUMNS` and ``_score`` (BM25), best first; none when ``text`` has no words.
        """
        # The FTS query parser treats some punctuation as syntax; plain words are all BM25 needs.
        words = " ".join(re.findall(r"[A-Za-z0-9]+", text))
        if not words:
            return []
        search = self.chunks.search(words, query_type="fts", fts_columns="search_text")
        where = filters_where(filters)
        if where:
            search = search.where(where, prefilter=True)
        return search.select([*RESULT_COLUMNS, "_score"]).limit(limit).to_list()

    # --- indexes --------------------------------------------------------------------------------------------------

    def refresh_indexes(self, *, vector_index_min_rows: int = VECTOR_INDEX_MIN_ROWS) -> None:
        """Create the full-text index, fold new rows into the indexes, and (re)build the ANN index when due.

        Called after each indexing batch. The vector index is rebuilt when it does not exist yet (and the library is
        big enough) or when more than a fifth of the rows are not in it; in between, LanceDB searches new rows
        exactly, so results are always complete.
        """
        from lancedb.index import FTS, Bitmap, BTree, IvfHnswSq

        with self._write_lock:
            rows = self.chunks.count_rows()
            if not rows:
                return
            existing = self.chunks.list_indices()
            indices = {i.index_type: i for i in existing}
            if "FTS" not in indices:
                self.chunks.create_index("search_text", config=FTS(), replace=True)
            vector = next((i for t, i in indices.items() if t.upper().startswith("IVF")), None)
            if rows >= vector_index_min_rows:
                stale = vector is not None and self.chunks.index_stats(vector.name).num_unindexed_rows \
                    > VECTOR_INDEX_STALE_FRACTION * rows
                if vector is None or stale:
                    partitions = max(1, int(rows ** 0.5 / 4))
                    self.chunks.create_index("vector", replace=True,
                                             config=IvfHnswSq(distance_type="cosine", num_partitions=partitions))
                # Filters (company, form, year, document) prefilter the vector search; without scalar indexes
                # each filtered query scans the filter columns of every row. optimize() keeps them current.
                indexed_columns = {c for i in existing for c in i.columns}
                for column, kind in FILTER_INDEXES.items():
                    if column not in indexed_columns:
                        self.chunks.create_index(column, replace=True, config=Bitmap() if kind == "bitmap" else BTree())
            self.chunks.optimize(cleanup_older_than=timedelta(minutes=5))
            self.documents.optimize(cleanup_older_than=timedelta(minutes=5))

    def has_vector_index(self) -> bool:
        """Whether an ANN index exists on the vectors."""
        return any(i.index_type.upper().startswith("IVF") for i in self.chunks.list_indices())
