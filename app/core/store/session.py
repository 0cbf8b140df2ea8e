"""A write session: the one writer's view of a library, its pending changes, batched commits, repair and upkeep.

Changes wait in memory and are committed in batches (:data:`BATCH_FILES` files, :data:`BATCH_CHUNKS` chunks or
:data:`BATCH_SECONDS` seconds, whichever comes first), so indexing 3,000 notes writes a few dozen table versions
instead of thousands. A batch commits in this order, each step one LanceDB commit:

1. the new chunks (invisible to search until step 2: a hit whose document is unknown is dropped);
2. the ``documents`` rows: new documents inserted, moved/touched ones updated and removed ones deleted, all in one
   ``merge_insert`` (the commit marker: readers see the old set or the new one);
3. the chunks, copies and statements of removed documents;
4. copies and statements.

A crash between the steps leaves rows that :meth:`WriteSession.repair` removes before the next writer writes.
A metadata edit (:meth:`WriteSession.update_metadata`) commits at once, after the pending batch.

The session reaches the tables through the library's :class:`~app.core.store.handle.TableHandle`, never through the
library object itself.

On a team library (:mod:`.remote`) an appender's session only adds: its ``documents`` rows are a plain append (no
merge, which would conflict with other appenders' commits), and removals, updates, index upkeep and compaction are
left to the maintenance writer, which repairs before it publishes.
"""

from __future__ import annotations

import errno
import logging
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import numpy as np
import pyarrow as pa

from app.core.records import EDITABLE_FIELDS, Chunk, DocumentInfo
from app.core.store.errors import LibraryError, LibraryWriteError, WriteRefusedError
from app.core.store.handle import TableHandle
from app.core.store.lock import WriterLock
from app.core.store.remote import APPEND_ONLY, RemoteLock
from app.core.store.tables import (
    chunk_table,
    copies_schema,
    document_from_row,
    document_row,
    documents_schema,
    in_list,
    quote,
    statements_schema,
)

log = logging.getLogger(__name__)

BATCH_FILES = 500
BATCH_CHUNKS = 4000
BATCH_SECONDS = 3.0
VECTOR_INDEX_MIN_ROWS = 20_000
VECTOR_INDEX_STALE_FRACTION = 0.2
#: Scalar indexes on the filter columns, built with the vector index: low-cardinality ones as bitmaps.
FILTER_INDEXES = {"company": "bitmap", "form_type": "bitmap", "fiscal_year": "bitmap", "doc_id": "btree"}


@dataclass
class _View:
    """The committed documents and copies, as the writer last read them."""

    documents: dict[str, DocumentInfo] = field(default_factory=dict)
    by_path: dict[str, str] = field(default_factory=dict)
    by_hash: dict[str, str] = field(default_factory=dict)
    copies: dict[str, dict[str, Any]] = field(default_factory=dict)


#: How object stores word a refused write (S3's AccessDenied, Lance's object_store, a 403 answer).
REFUSED_WRITE_SIGNS = ("accessdenied", "access denied", "access_denied", "lacked the necessary privileges",
                       "403 forbidden")


def write_refused(error: BaseException) -> bool:
    """Whether ``error`` is an object store refusing a write (credentials that may read but not write)."""
    text = str(error).lower()
    return any(sign in text for sign in REFUSED_WRITE_SIGNS)


def write_error(error: BaseException, lost: list[str]) -> LibraryWriteError | None:
    """The sentence for a write that failed because of the disk, the folder or the object store's permissions, or
    None for anything else."""
    text = str(error).lower()
    code = getattr(error, "errno", None)
    pending = f"; the last {len(lost)} files were not stored and will be indexed next time" if lost else ""
    if write_refused(error):
        return WriteRefusedError("The library could not be saved: the object store refused the write (these "
                                 "credentials may read it but not write to it). Ask the bucket's owner for write "
                                 "permission, or use credentials that may write, and run the same command again. "
                                 f"Everything stored before is intact{pending}.", lost)
    if code in (errno.ENOSPC, errno.EDQUOT) or "no space left" in text or "quota exceeded" in text:
        reason, advice = "the disk is full", "Free some space and run the same command again"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM) or "read-only file system" in text \
            or "permission denied" in text:
        reason, advice = "the library folder is read-only", \
            "Make it writable (or choose another library with --library or in Settings) and try again"
    else:
        return None
    return LibraryWriteError(f"The library could not be saved: {reason}. {advice}. Everything stored before is "
                             f"intact{pending}.", lost)


class WriteSession:
    """Pending changes of this process's writer, with lookups that see them (see module docstring).

    Obtain one with :meth:`Library.writing`; it holds the writer lock until the ``with`` block ends.
    """

    def __init__(self, tables: TableHandle, lock: WriterLock | RemoteLock) -> None:
        self.tables = tables
        self._lock = lock
        self._pending: dict[str, tuple[DocumentInfo, pa.Table | None]] = {}
        self._updated: dict[str, DocumentInfo] = {}
        self._removed: set[str] = set()
        self._paths: dict[str, str | None] = {}   # overlay on the view: path -> doc_id (None: no document there)
        self._hashes: dict[str, str | None] = {}
        self._copies_put: dict[str, dict[str, Any]] = {}
        self._copies_drop: set[str] = set()
        self._statements: dict[str, str] = {}
        self._pending_chunks = 0
        self._last_commit = time.monotonic()
        self._view: _View | None = None
        self._view_generation = -1
        self.changed = False
        self.failed = False
        #: Paths of documents the repair removed because they were incomplete (index their folders again).
        self.repaired: list[str] = []

    # --- the writer's view --------------------------------------------------------------------------------------

    def _committed(self) -> _View:
        if self._view is None or self._view_generation != self._lock.generation:
            view = _View()
            for row in self.tables.rows("documents"):
                document = document_from_row(row)
                view.documents[document.doc_id] = document
                view.by_path[document.path] = document.doc_id
                view.by_hash[document.content_hash] = document.doc_id
            view.copies = {row["path"]: row for row in self.tables.rows("copies")}
            self._view, self._view_generation = view, self._lock.generation
        return self._view

    def get_document(self, doc_id: str) -> DocumentInfo | None:
        """A document as it will be after the pending changes."""
        if doc_id in self._removed:
            return None
        if doc_id in self._pending:
            return self._pending[doc_id][0]
        return self._updated.get(doc_id) or self._committed().documents.get(doc_id)

    def find_by_path(self, path: str) -> DocumentInfo | None:
        """The document whose (primary) path is ``path``."""
        doc_id = self._paths[path] if path in self._paths else self._committed().by_path.get(path)
        document = self.get_document(doc_id) if doc_id else None
        return document if document is not None and document.path == path else None

    def find_by_hash(self, content_hash: str) -> DocumentInfo | None:
        """The document with these bytes."""
        doc_id = self._hashes[content_hash] if content_hash in self._hashes \
            else self._committed().by_hash.get(content_hash)
        return self.get_document(doc_id) if doc_id else None

    def copy_at(self, path: str) -> dict[str, Any] | None:
        """The copy record (path, doc_id, size, mtime) of a second path, if ``path`` is one."""
        if path in self._copies_put:
            return self._copies_put[path]
        if path in self._copies_drop:
            return None
        row = self._committed().copies.get(path)
        return row if row is not None and self.get_document(row["doc_id"]) is not None else None

    def copies_of(self, doc_id: str) -> list[dict[str, Any]]:
        """The copy records of a document."""
        paths = {p for p, r in self._committed().copies.items() if r["doc_id"] == doc_id} | \
            {p for p, r in self._copies_put.items() if r["doc_id"] == doc_id}
        return [row for row in (self.copy_at(p) for p in sorted(paths)) if row and row["doc_id"] == doc_id]

    def paths_under(self, folder: str) -> list[str]:
        """Every path (documents and copies) inside ``folder`` (a resolved path ending in a separator)."""
        view = self._committed()
        candidates = set(view.by_path) | set(self._paths) | set(view.copies) | set(self._copies_put)
        return sorted(p for p in candidates if p.startswith(folder)
                      and (self.find_by_path(p) is not None or self.copy_at(p) is not None))

    # --- changes ---------------------------------------------------------------------------------------------------

    def add_document(self, document: DocumentInfo, chunks: list[Chunk], vectors: np.ndarray,
                     search_texts: list[str]) -> None:
        """Store a new content at its path. The path's previous document must have been released first."""
        dimension = self.tables.dimension
        if vectors.shape != (len(chunks), dimension):
            raise ValueError(f"expected {len(chunks)} vectors of dimension {dimension}, got {vectors.shape}")
        if self.get_document(document.doc_id) is not None:
            raise ValueError(f"document {document.doc_id} is already stored")
        if document.doc_id in self._removed:
            # These bytes were removed under another path in this batch (files swapped): commit the removal first,
            # so the old chunks go before the new ones come (the same ids, other metadata).
            self.flush()
        document = replace(document, chunk_count=len(chunks))
        table = chunk_table(document, chunks, vectors, search_texts, dimension) if chunks else None
        self._pending[document.doc_id] = (document, table)
        self._paths[document.path] = document.doc_id
        self._hashes[document.content_hash] = document.doc_id
        self._pending_chunks += len(chunks)
        if len(self._pending) >= BATCH_FILES or self._pending_chunks >= BATCH_CHUNKS:
            self.flush()

    @property
    def append_only(self) -> bool:
        """Whether this session may only add documents (a team library's appender, see :mod:`.remote`)."""
        return self.tables.remote and not self.tables.maintenance

    def _check_may_change(self) -> None:
        if self.append_only:
            raise LibraryError(APPEND_ONLY)

    def update_document(self, document: DocumentInfo) -> None:
        """Record a stored document's new path, size or mtime (a moved or touched file)."""
        self._check_may_change()
        before = self.get_document(document.doc_id)
        if before is None:
            raise ValueError(f"document {document.doc_id} is not stored")
        if before.path != document.path:
            self._paths[before.path] = None
            self._paths[document.path] = document.doc_id
        if document.doc_id in self._pending:
            self._pending[document.doc_id] = (document, self._pending[document.doc_id][1])
        else:
            self._updated[document.doc_id] = document

    def update_metadata(self, doc_id: str, changes: dict[str, Any]) -> None:
        """Correct a stored document's fields (:data:`~app.core.records.EDITABLE_FIELDS`), committed at once; the
        chunks' filter copies (company, form, year) follow.

        Raises:
            ValueError: a field that cannot be edited.
            LibraryError: the document is gone, or this session only appends (a team library's appender).
        """
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"cannot edit {sorted(unknown)}")
        self._check_may_change()
        self.flush()
        if self.get_document(doc_id) is None:
            raise LibraryError("That document is no longer in the library.")
        values = {k: (-1 if k == "fiscal_year" and v is None else v) for k, v in changes.items()}
        with self._lock.mutex:
            self.tables.table("documents").update(where=f"doc_id = {quote(doc_id)}", values=values)
            chunk_values = {k: v for k, v in values.items() if k in {"company", "form_type", "fiscal_year"}}
            if chunk_values:
                self.tables.table("chunks").update(where=f"doc_id = {quote(doc_id)}", values=chunk_values)
            self._lock.generation += 1

    def remove_document(self, doc_id: str) -> None:
        """Remove a document with its chunks, copies and statements."""
        document = self.get_document(doc_id)
        if document is None:
            return
        self._check_may_change()
        for copy in self.copies_of(doc_id):
            self.drop_copy(copy["path"])
        self._paths[document.path] = None
        self._hashes[document.content_hash] = None
        self._statements.pop(doc_id, None)
        self._updated.pop(doc_id, None)
        if doc_id in self._pending:
            self._pending_chunks -= self._pending.pop(doc_id)[0].chunk_count
            if doc_id not in self._committed().documents:
                return
        self._removed.add(doc_id)

    def put_copy(self, path: str, doc_id: str, size: int, mtime: float) -> None:
        """Record ``path`` as a second path of ``doc_id``'s bytes."""
        self._copies_put[path] = {"path": path, "doc_id": doc_id, "size": int(size), "mtime": float(mtime)}
        self._copies_drop.discard(path)

    def drop_copy(self, path: str) -> None:
        """Forget a second path."""
        self._copies_put.pop(path, None)
        self._copies_drop.add(path)

    def set_statements(self, doc_id: str, payload: str) -> None:
        """Store the statements payload (JSON text) of a document, committed with the next batch."""
        self._statements[doc_id] = payload

    def flush_if_due(self) -> None:
        """Commit when the pending changes are older than :data:`BATCH_SECONDS` (readers see progress)."""
        if self.has_pending and time.monotonic() - self._last_commit >= BATCH_SECONDS:
            self.flush()

    @property
    def has_pending(self) -> bool:
        """Whether changes wait for a commit."""
        return bool(self._pending or self._updated or self._removed or self._copies_put or self._copies_drop
                    or self._statements)

    def flush(self) -> None:
        """Commit the pending changes (module docstring: order and crash safety).

        Raises:
            LibraryWriteError: the disk is full or the folder read-only; the pending changes are dropped and the
                library keeps what was committed before.
        """
        if not self.has_pending:
            self._last_commit = time.monotonic()
            return
        tables = self.tables
        new = list(self._pending.values())
        with self._lock.mutex:
            try:
                self._commit(new)
            except Exception as error:
                self.failed = True
                friendly = write_error(error, [d.path for d, _ in new])
                self._clear()
                if friendly is not None:
                    log.warning("commit failed: %s", error)
                    raise friendly from error
                raise
            finally:
                self._lock.generation += 1
        self._clear()
        self.changed = True
        if any(table is not None for _, table in new) and not self.append_only and not tables.has_index("FTS"):
            # Keyword search needs the index from the first batch on (the window searches while indexing).
            self.maintain(optimize=False)

    def _commit(self, new: list[tuple[DocumentInfo, pa.Table | None]]) -> None:
        tables = self.tables
        chunks, documents = tables.table("chunks"), tables.table("documents")
        copies, statements = tables.table("copies"), tables.table("statements")
        new_chunks = [table for _, table in new if table is not None]
        if new_chunks:
            chunks.add(pa.concat_tables(new_chunks))
        rows = [document_row(d) for d, _ in new]
        if self._updated:
            # A document removed by another thread of this process since we read it stays removed.
            still = {r["doc_id"] for r in tables.rows("documents", where=in_list("doc_id", set(self._updated)),
                                                      columns=["doc_id"])}
            rows += [document_row(d) for doc_id, d in self._updated.items() if doc_id in still]
        removed = in_list("doc_id", self._removed) if self._removed else None
        if rows and self.append_only:
            documents.add(pa.Table.from_pylist(rows, schema=documents_schema()))
        elif rows:
            merge = documents.merge_insert("doc_id").when_matched_update_all().when_not_matched_insert_all()
            if removed:
                merge = merge.when_not_matched_by_source_delete(removed)
            merge.execute(pa.Table.from_pylist(rows, schema=documents_schema()))
        elif removed:
            documents.delete(removed)
        if removed:
            chunks.delete(removed)
            copies.delete(removed)
            statements.delete(removed)
        dropped = self._copies_drop - set(self._copies_put)
        if dropped:
            copies.delete(in_list("path", dropped))
        if self._copies_put:
            copies.merge_insert("path").when_matched_update_all().when_not_matched_insert_all().execute(
                pa.Table.from_pylist(list(self._copies_put.values()), schema=copies_schema()))
        if self._statements:
            statements.merge_insert("doc_id").when_matched_update_all().when_not_matched_insert_all().execute(
                pa.Table.from_pylist([{"doc_id": k, "payload": v} for k, v in self._statements.items()],
                                     schema=statements_schema()))

    def _clear(self) -> None:
        self._pending.clear()
        self._updated.clear()
        self._removed.clear()
        self._paths.clear()
        self._hashes.clear()
        self._copies_put.clear()
        self._copies_drop.clear()
        self._statements.clear()
        self._pending_chunks = 0
        self._last_commit = time.monotonic()
        self._view = None

    # --- repair and upkeep -----------------------------------------------------------------------------------------

    def repair(self) -> None:
        """Undo what a writer that died mid-commit left behind. Runs only under the writer lock (see lock.py).

        Removes chunks without a document row, documents whose passages are incomplete (they are indexed again
        the next time their folder is), older rows of a re-indexed path, duplicate rows and chunk ids (left by
        two writers at once before the lock existed), and copies and statements of missing documents.
        """
        tables = self.tables
        documents = tables.rows("documents", columns=["doc_id", "path", "indexed_at", "chunk_count"])
        chunk_rows = tables.rows("chunks", columns=["doc_id", "chunk_id"])
        drop: set[str] = set()
        by_id: dict[str, list[dict[str, Any]]] = {}
        for row in documents:
            by_id.setdefault(row["doc_id"], []).append(row)
        twice = {doc_id for doc_id, rows in by_id.items() if len(rows) > 1}
        if twice:  # keep the newest row of each
            full = tables.rows("documents", where=in_list("doc_id", twice))
            latest = {r["doc_id"]: r for r in sorted(full, key=lambda r: r["indexed_at"])}
            tables.table("documents").delete(in_list("doc_id", twice))
            tables.table("documents").add(pa.Table.from_pylist(list(latest.values()), schema=documents_schema()))
        newest = {doc_id: max(rows, key=lambda r: r["indexed_at"]) for doc_id, rows in by_id.items()}
        by_path: dict[str, list[dict[str, Any]]] = {}
        for row in newest.values():
            by_path.setdefault(row["path"], []).append(row)
        for rows in by_path.values():
            rows.sort(key=lambda r: r["indexed_at"])
            drop |= {r["doc_id"] for r in rows[:-1]}
        seen_ids = Counter(r["chunk_id"] for r in chunk_rows)
        doubled = {r["doc_id"] for r in chunk_rows if seen_ids[r["chunk_id"]] > 1} - drop
        if doubled:
            self._deduplicate_chunks(doubled)
        distinct = Counter(doc_id for doc_id, _ in {(r["doc_id"], r["chunk_id"]) for r in chunk_rows})
        for doc_id, row in newest.items():
            if doc_id not in drop and distinct.get(doc_id, 0) != (row["chunk_count"] or 0):
                drop.add(doc_id)
                self.repaired.append(row["path"])
        if drop:
            tables.table("documents").delete(in_list("doc_id", drop))
        kept = set(by_id) - drop
        orphans = ({r["doc_id"] for r in chunk_rows} - kept) | drop
        if orphans:
            tables.table("chunks").delete(in_list("doc_id", orphans))
        for name in ("copies", "statements"):
            stale = {r["doc_id"] for r in tables.rows(name, columns=["doc_id"])} - kept
            if stale:
                tables.table(name).delete(in_list("doc_id", stale))
        if drop or orphans:
            log.warning("repaired %s: %d incomplete or stale documents and chunks of %d uncommitted ones removed",
                        tables.folder, len(drop), len(orphans - drop))
        self._lock.generation += 1

    def _deduplicate_chunks(self, doc_ids: set[str]) -> None:
        chunks = self.tables.table("chunks")
        table = chunks.search().where(in_list("doc_id", doc_ids)).limit(None).to_arrow()
        seen: set[str] = set()
        keep = []
        for index, chunk_id in enumerate(table.column("chunk_id").to_pylist()):
            if chunk_id not in seen:
                seen.add(chunk_id)
                keep.append(index)
        chunks.delete(in_list("doc_id", doc_ids))
        chunks.add(table.take(keep).select(chunks.schema.names).cast(chunks.schema))

    def maintain(self, *, vector_index_min_rows: int = VECTOR_INDEX_MIN_ROWS, optimize: bool = True) -> None:
        """Create the full-text index, build the ANN and filter indexes when due, compact and drop old versions.

        The vector index is built once the library is big enough for a flat scan to be slow, and rebuilt when more
        than a fifth of the rows are not in it; in between LanceDB searches new rows exactly. Old versions are
        removed at once (we hold the writer lock, and readers always read the latest version and retry a read
        that raced the clean-up), so the folder holds the data once, not once per commit.
        """
        self.flush()
        if self.append_only:  # upkeep would race other appenders: the maintenance writer does it
            return
        with self._lock.mutex:
            try:
                self._maintain(vector_index_min_rows, optimize)
            except (OSError, RuntimeError) as error:  # a full disk while compacting: the data is intact
                friendly = write_error(error, [])
                if friendly is None:
                    raise
                raise friendly from error
            finally:
                self._lock.generation += 1

    def _maintain(self, vector_index_min_rows: int, optimize: bool) -> None:
        from lancedb.index import FTS, Bitmap, BTree, IvfHnswSq

        tables = self.tables
        chunks = tables.table("chunks")
        rows = chunks.count_rows()
        if rows:
            existing = chunks.list_indices()
            indices = {i.index_type: i for i in existing}
            if "FTS" not in indices:
                chunks.create_index("search_text", config=FTS(), replace=True)
            vector = next((i for t, i in indices.items() if t.upper().startswith("IVF")), None)
            if rows >= vector_index_min_rows:
                stale = vector is not None and chunks.index_stats(vector.name).num_unindexed_rows \
                    > VECTOR_INDEX_STALE_FRACTION * rows
                if vector is None or stale:
                    partitions = max(1, int(rows ** 0.5 / 4))
                    chunks.create_index("vector", replace=True,
                                        config=IvfHnswSq(distance_type="cosine", num_partitions=partitions))
                # Filters (company, form, year, document) prefilter the vector search; without scalar indexes
                # each filtered query scans the filter columns of every row. optimize() keeps them current.
                indexed_columns = {c for i in existing for c in i.columns}
                for column, kind in FILTER_INDEXES.items():
                    if column not in indexed_columns:
                        chunks.create_index(column, replace=True,
                                            config=Bitmap() if kind == "bitmap" else BTree())
        if optimize and tables.remote:
            # Compact only: Library.maintain moves the published tag first, then deletes old versions (Lance
            # refuses to delete a tagged one), and never unverified files (an appender may be mid-commit).
            for name in ("chunks", "documents", "copies", "statements"):
                tables.table(name).optimize(cleanup_older_than=timedelta(days=36500))
        elif optimize:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=r"optimize\(cleanup_older_than=0\)")
                for name in ("chunks", "documents", "copies", "statements"):
                    tables.table(name).optimize(cleanup_older_than=timedelta(0), delete_unverified=True)
