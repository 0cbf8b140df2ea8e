"""The :class:`Library` object: read access for anyone, write access through :meth:`Library.writing`.

See the package docstring (:mod:`app.core.store`) for the concurrency model and the tables, and :mod:`.remote` for
team libraries on object storage (appenders, one maintenance writer, readers on the published version).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from app import __version__
from app.core.records import CHUNKING_VERSION, Chunk, DocumentInfo, SearchFilters
from app.core.store import remote
from app.core.store.errors import LibraryError
from app.core.store.handle import TableHandle
from app.core.store.lock import WriterLock, writer_lock
from app.core.store.meta import SCHEMA_VERSION, check_meta, read_meta, write_meta
from app.core.store.session import VECTOR_INDEX_MIN_ROWS, WriteSession, write_error
from app.core.store.tables import (
    CHUNK_COLUMNS,
    RESULT_COLUMNS,
    ScoredChunk,
    chunk_from_row,
    chunks_schema,
    copies_schema,
    document_from_row,
    documents_schema,
    filters_where,
    quote,
    scored_from_row,
    statements_schema,
)

# LanceDB 0.40 prints a warning to stderr at every optimize() of a table with a vector index unless this is set.
# "false" is lance's announced future default: index statistics without the IVF centroids (less memory; FinLens
# only reads their unindexed-row count).
os.environ.setdefault("LANCE_INCLUDE_VECTOR_CENTROIDS", "false")

log = logging.getLogger(__name__)

#: How long a writer waits for another process's writer before giving up with a sentence.
WAIT_TIMEOUT_S = 600.0
TABLES = ("documents", "chunks", "copies", "statements")


class Library:
    """A FinLens library: any number of readers, one writer at a time (see :mod:`app.core.store`).

    ``folder`` is a local folder, or the URI of a team library on object storage (``s3://bucket/prefix``; see
    :mod:`.remote`). A team library opens read-only on its published version unless ``writable``; a writable one
    appends, and removes, compacts and publishes only as the ``maintenance`` writer.

    Attributes:
        on_wait: called with a sentence when a write must wait for another process (the CLI prints it, the
            window's indexer shows it).
        wait_timeout: seconds a write waits for another process before :class:`LibraryBusyError`.
        remote: whether the library is on object storage.
        writable: whether this object may write (always for a local folder).
        maintenance: whether this process is a team library's maintenance writer.
    """

    def __init__(self, folder: Path | str, *, model_id: str, model_hash: str, dimension: int,
                 writable: bool | None = None, maintenance: bool = False) -> None:
        self.remote = remote.is_uri(folder)
        self.folder: Path | str = str(folder).rstrip("/") if self.remote else Path(folder)
        self.model_id = model_id
        self.model_hash = model_hash
        self.dimension = dimension
        self.writable = (not self.remote or maintenance) if writable is None else writable or maintenance
        self.maintenance = maintenance and self.remote
        self.on_wait: Callable[[str], None] | None = None
        self.wait_timeout = WAIT_TIMEOUT_S
        self._lock: WriterLock | remote.RemoteLock = \
            remote.RemoteLock(str(self.folder), maintenance=self.maintenance) if self.remote \
            else writer_lock(Path(self.folder))
        self._local = threading.local()
        # Readers of a team library read the published version (see .remote); everyone else the latest one.
        self.tables = TableHandle(self.folder, remote=self.remote, dimension=dimension, maintenance=self.maintenance,
                                  pinned=self.remote and not self.writable)
        self.tables.on_stale = self.refresh
        if not self.remote and Path(self.folder).exists() and not Path(self.folder).is_dir():
            raise LibraryError(f"The library path {self.folder} is a file, not a folder. "
                               "Choose another folder with --library or in Settings.")
        self.meta = read_meta(self.folder)
        if self.meta is None and self.tables.has_data():
            raise LibraryError(f"{self.folder} holds index data but no library.json; it was not made by FinLens or is "
                               "damaged. Run 'finlens reindex' to rebuild it from its files, or choose an empty "
                               "folder.")
        if self.meta is not None:
            check_meta(self.meta, self.built_with)

    # --- build metadata -------------------------------------------------------------------------------------------

    @property
    def built_with(self) -> dict[str, Any]:
        """What this process would record as the library's builder."""
        return builder_record(self.model_id, self.model_hash, self.dimension)

    @property
    def chunking_outdated(self) -> bool:
        """Whether the library's passages were cut by an older chunker (libraries before version 2 did not say)."""
        return self.meta is not None and int(self.meta.get("chunking_version", 1)) < CHUNKING_VERSION

    def reindex_advice(self) -> str | None:
        """A plain sentence when re-indexing would improve search results, else None. The library works either way."""
        if not self.chunk_count():
            return None
        if self.chunking_outdated:
            return ("This library was indexed by an older FinLens, which cut financial statements into smaller, "
                    "less findable passages. Re-index it to improve search results; your documents stay where they "
                    "are.")
        if self.statements_missing:
            return ("This library was indexed before FinLens read financial statements, so it has no Statements "
                    "view or computed answers. Re-index it to add them; your documents stay where they are.")
        return None

    @property
    def statements_missing(self) -> bool:
        """Whether it holds annual or quarterly reports but no extracted statements (indexed by an older FinLens)."""
        forms = {r["form_type"] for r in self.tables.rows("documents", columns=["form_type"])}
        if not forms & {"10-K", "10-Q"}:
            return False  # notes and transcripts have no statements to extract
        table = self.tables.table("statements")
        return table is None or not self.tables.read(table.count_rows)

    @staticmethod
    def read_meta(folder: Path | str) -> dict[str, Any] | None:
        """The ``library.json`` of a folder or URI, or None for a new library (raises :class:`LibraryError` if
        damaged)."""
        return read_meta(folder if remote.is_uri(folder) else Path(folder))

    @property
    def pinned(self) -> bool:
        """Whether this object reads a team library's published version (a reader), not the latest one."""
        return self.tables.pinned

    @property
    def lance_uri(self) -> str:
        """Where the LanceDB database lives (a folder path or a URI)."""
        return self.tables.lance_uri

    def _create_tables(self) -> None:
        """Write ``library.json`` and create missing tables. Only under the writer lock."""
        meta = read_meta(self.folder)
        if meta is None:
            if self.tables.has_data():
                raise LibraryError(f"{self.folder} holds index data but no library.json; run 'finlens reindex'.")
            meta = write_meta(self.folder, {**self.built_with, "created_at": time.time()})
        else:
            check_meta(meta, self.built_with)  # another process may have created it with another model meanwhile
        self.tables.create_missing({"documents": documents_schema(), "chunks": chunks_schema(self.dimension),
                                    "copies": copies_schema(), "statements": statements_schema()})
        if int(meta.get("chunking_version", 1)) < CHUNKING_VERSION and not self.tables.table("documents").count_rows():
            meta = write_meta(self.folder, {**meta, "chunking_version": CHUNKING_VERSION})
        self.meta = meta

    # --- reading: documents ---------------------------------------------------------------------------------------

    def documents_version(self) -> int:
        """A number that changes whenever the documents change (cheap; for caches)."""
        table = self.tables.table("documents")
        return int(self.tables.read(lambda: table.version)) if table is not None else 0

    def documents_snapshot(self) -> tuple[int, list[DocumentInfo]]:
        """The documents and the version they were read at (read the version first, so a cache errs on re-reading)."""
        version = self.documents_version()
        return version, [document_from_row(r) for r in self.tables.rows("documents")]

    def list_documents(self) -> list[DocumentInfo]:
        """All documents, sorted by company, period and title."""
        docs = [document_from_row(r) for r in self.tables.rows("documents")]
        return sorted(docs, key=lambda d: (d.company.lower(), -(d.fiscal_year or 0), d.title.lower()))

    def _document(self, column: str, value: str) -> DocumentInfo | None:
        rows = self.tables.rows("documents", where=f"{column} = {quote(value)}", limit=1)
        return document_from_row(rows[0]) if rows else None

    def get_document(self, doc_id: str) -> DocumentInfo | None:
        """One document by id."""
        return self._document("doc_id", doc_id)

    def find_by_path(self, path: str) -> DocumentInfo | None:
        """The document indexed from ``path`` (its primary path), if any."""
        return self._document("path", path)

    def find_by_hash(self, content_hash: str) -> DocumentInfo | None:
        """A document with these exact bytes, if any."""
        return self._document("content_hash", content_hash)

    def copies_of(self, doc_id: str) -> list[str]:
        """Other paths holding the same bytes as the document (duplicates), sorted."""
        rows = self.tables.rows("copies", where=f"doc_id = {quote(doc_id)}", columns=["path"])
        return sorted(r["path"] for r in rows)

    def all_copies(self) -> dict[str, list[str]]:
        """Every document's duplicate paths, by document id."""
        copies: dict[str, list[str]] = {}
        for row in sorted(self.tables.rows("copies", columns=["doc_id", "path"]), key=lambda r: r["path"]):
            copies.setdefault(row["doc_id"], []).append(row["path"])
        return copies

    def indexed_paths(self) -> list[str]:
        """Every file the library holds: documents' paths and their duplicates'."""
        return [r["path"] for r in self.tables.rows("documents", columns=["path"])] + \
            [r["path"] for r in self.tables.rows("copies", columns=["path"])]

    def statements(self, doc_id: str) -> str | None:
        """The statements payload (JSON text) stored for a document, or None."""
        rows = self.tables.rows("statements", where=f"doc_id = {quote(doc_id)}", limit=1)
        return rows[0]["payload"] if rows else None

    # --- reading: chunks and search -------------------------------------------------------------------------------

    def chunk_count(self) -> int:
        """Number of chunks in the library."""
        table = self.tables.table("chunks")
        return int(self.tables.read(table.count_rows)) if table is not None else 0

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """All chunks of a document in reading order."""
        rows = self.tables.rows("chunks", where=f"doc_id = {quote(doc_id)}", columns=CHUNK_COLUMNS)
        return sorted((chunk_from_row(r) for r in rows), key=lambda c: c.ordinal)

    def vector_search(self, vector: np.ndarray, *, filters: SearchFilters | None = None, limit: int = 10,
                      with_vectors: bool = False) -> list[ScoredChunk]:
        """The ``limit`` chunks nearest ``vector`` (cosine), filtered before the search.

        Returns:
            The chunks scored by cosine distance, nearest first (with their vectors when ``with_vectors``).
        """
        table = self.tables.table("chunks")
        if table is None:
            return []
        columns = [*(RESULT_COLUMNS if with_vectors else CHUNK_COLUMNS), "_distance"]

        def read() -> list[dict[str, Any]]:
            search = table.search(vector, vector_column_name="vector").distance_type("cosine")
            where = filters_where(filters)
            if where:
                search = search.where(where, prefilter=True)
            rows: list[dict[str, Any]] = search.select(columns).limit(limit).to_list()
            return rows

        return [scored_from_row(row, "cosine_distance", with_vector=with_vectors) for row in self.tables.read(read)]

    def keyword_search(self, text: str, *, filters: SearchFilters | None = None, limit: int = 10,
                       with_vectors: bool = False) -> list[ScoredChunk]:
        """The ``limit`` best BM25 matches of ``text`` on the chunks' ``search_text``, filtered before the search.

        Returns:
            The chunks scored by BM25, best first (with their vectors when ``with_vectors``); none when ``text`` has
            no words or the library has no full-text index yet.
        """
        # The FTS query parser treats some punctuation as syntax; plain words are all BM25 needs.
        words = " ".join(re.findall(r"[A-Za-z0-9]+", text))
        table = self.tables.table("chunks")
        if not words or table is None or not self.tables.has_index("FTS"):
            return []
        columns = [*(RESULT_COLUMNS if with_vectors else CHUNK_COLUMNS), "_score"]

        def read() -> list[dict[str, Any]]:
            search = table.search(words, query_type="fts", fts_columns="search_text")
            where = filters_where(filters)
            if where:
                search = search.where(where, prefilter=True)
            rows: list[dict[str, Any]] = search.select(columns).limit(limit).to_list()
            return rows

        return [scored_from_row(row, "bm25", with_vector=with_vectors) for row in self.tables.read(read)]

    def has_vector_index(self) -> bool:
        """Whether an ANN index exists on the vectors."""
        return self.tables.has_index("IVF")

    def index_names(self) -> tuple[set[str], set[str]]:
        """The kinds of index on the chunks (``FTS``, ``IVF_HNSW_SQ``, ...) and the columns they cover."""
        table = self.tables.table("chunks")
        indices = table.list_indices() if table is not None else []
        return {i.index_type for i in indices}, {c for i in indices for c in i.columns}

    # --- writing --------------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self, *, on_wait: Callable[[str], None] | None = None, timeout: float | None = None,
                should_cancel: Callable[[], bool] | None = None) -> Iterator[WriteSession]:
        """Become the library's writer for the ``with`` block; changes are committed in batches and at the end.

        The first writer of a new library creates it; a writer that finds the last one died mid-write repairs first.
        Nested calls on one thread share the session. Finished work is committed even when the block raises
        (cancel, Ctrl-C), unless the commit itself failed.

        Raises:
            LibraryBusyError: another process kept the lock longer than ``timeout`` (default :attr:`wait_timeout`),
                or (:class:`WaitCancelled`) ``should_cancel`` returned True while waiting.
            LibraryMismatchError: another model built the library while we waited.
            LibraryWriteError: a commit failed (full disk, read-only folder).
        """
        current: WriteSession | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        if not self.writable:
            raise LibraryError(f"The team library {self.folder} is open read-only. Adding documents needs write "
                               "permission on the bucket and a command that writes (finlens index, cluster-index, "
                               "maintain).")
        lock = self._lock
        lock.acquire(timeout=self.wait_timeout if timeout is None else timeout, on_wait=on_wait or self.on_wait,
                     should_cancel=should_cancel)
        session: WriteSession | None = None
        try:
            with lock.mutex:
                self.tables.forget_if_replaced()
                try:
                    self._create_tables()
                except (OSError, RuntimeError) as error:  # e.g. an older library on read-only media
                    friendly = write_error(error, [])
                    if friendly is None:
                        raise
                    raise friendly from error
                session = WriteSession(self.tables, lock)
                if lock.repair_due:
                    session.repair()
                    lock.repair_due = False
            self._local.session = session
            try:
                yield session
            except BaseException:
                if not session.failed:
                    try:
                        session.flush()
                    except Exception as error:  # the original error is the one to report
                        log.warning("could not commit finished work after an error: %s", error)
                raise
            session.flush()
        finally:
            self._local.session = None
            lock.release(clean=session is not None and not session.failed and not session.has_pending)

    def add_document(self, document: DocumentInfo, chunks: list[Chunk], vectors: np.ndarray,
                     search_texts: list[str]) -> None:
        """Store a document and its chunks, replacing the path's previous document (readers see one or the other)."""
        with self.writing() as session:
            previous = session.find_by_path(document.path)
            if previous is not None:
                session.remove_document(previous.doc_id)
            if session.get_document(document.doc_id) is not None:
                session.remove_document(document.doc_id)
                session.flush()
            session.add_document(document, chunks, vectors, search_texts)

    def remove_document(self, doc_id: str) -> bool:
        """Remove a document, its chunks and duplicates. Returns False when it was not in the library."""
        with self.writing() as session:
            if session.get_document(doc_id) is None:
                return False
            session.remove_document(doc_id)
            return True

    def set_statements(self, doc_id: str, payload: str) -> None:
        """Store the statements payload (JSON text) of a document; it is deleted with the document."""
        with self.writing() as session:
            session.set_statements(doc_id, payload)

    def refresh_indexes(self, *, vector_index_min_rows: int = VECTOR_INDEX_MIN_ROWS) -> None:
        """Bring the indexes up to date, compact the tables and drop old versions (:meth:`WriteSession.maintain`)."""
        with self.writing() as session:
            session.maintain(vector_index_min_rows=vector_index_min_rows)

    # --- team libraries: publishing -------------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Move a team library's reader to the newest published version, without reopening anything.

        Returns:
            True when the published version changed (caches keyed on :meth:`documents_version` then re-read).
        """
        if not self.pinned:
            return False
        self.meta = read_meta(self.folder) or self.meta
        return self.tables.repin()

    def published(self) -> dict[str, Any] | None:
        """When and at which version a team library was last published (``library.json``), or None."""
        published = (self.meta or {}).get("published")
        return published if isinstance(published, dict) else None

    def maintain(self, *, keep: timedelta = remote.KEEP_VERSIONS,
                 vector_index_min_rows: int = VECTOR_INDEX_MIN_ROWS) -> dict[str, int]:
        """The maintenance writer's run on a team library (``finlens maintain``).

        Repairs what appenders left (duplicates, chunks of commits that died), refreshes the indexes, compacts,
        moves the ``published`` tag of every table to the result and deletes versions older than ``keep`` (readers
        still on the previous published version have that long to :meth:`refresh`).

        Returns:
            The published version of each table.
        """
        if not self.maintenance:
            raise LibraryError("Only the maintenance writer maintains a team library: finlens maintain --library URI.")
        with self.writing() as session:
            session.repair()
            session.maintain(vector_index_min_rows=vector_index_min_rows)
            with self._lock.mutex:
                versions = {}
                for name in TABLES:
                    table = self.tables.table(name)
                    table.checkout_latest()
                    version = int(table.version)
                    if remote.PUBLISHED_TAG in table.tags.list():
                        table.tags.update(remote.PUBLISHED_TAG, version)
                    else:
                        table.tags.create(remote.PUBLISHED_TAG, version)
                    versions[name] = version
                # Only now may old versions go: the tag no longer holds them, and they are older than `keep`.
                # (optimize is the clean-up LanceDB offers without pylance; the compaction just ran, so it only
                # cleans. Unverified files stay: an appender may be mid-commit.)
                for name in TABLES:
                    self.tables.table(name).optimize(cleanup_older_than=keep)
                meta = read_meta(self.folder) or dict(self.meta or {})
                self.meta = write_meta(self.folder, {**meta, "published": {"at": time.time(), "versions": versions,
                                                                           "documents": self.tables.table("documents")
                                                                           .count_rows(),
                                                                           "chunks": self.chunk_count()}})
                self._lock.generation += 1
        return versions


def builder_record(model_id: str, model_hash: str, dimension: int) -> dict[str, Any]:
    """What ``library.json`` records about the FinLens and the embedding model that build a library."""
    return {"app_version": __version__, "schema_version": SCHEMA_VERSION, "chunking_version": CHUNKING_VERSION,
            "model_id": model_id, "model_hash": model_hash, "dimension": dimension}


def read_indexed_paths(folder: Path) -> list[str] | None:
    """The files a library holds, read without checking which model built it (for re-indexing with another).

    Returns:
        The paths, [] for an empty or missing library, None when the tables cannot be read (damaged).
    """
    import lancedb

    if not (Path(folder) / "lance").exists():
        return []
    try:
        db = lancedb.connect(str(Path(folder) / "lance"))
        names = set(db.list_tables().tables)
        paths: list[str] = []
        for name in ("documents", "copies"):
            if name in names:
                paths += db.open_table(name).search().select(["path"]).limit(None).to_arrow().column("path").to_pylist()
        return paths
    except Exception as error:  # a damaged folder: re-index what can be read, say what could not
        log.warning("cannot list the documents of %s: %s", folder, error)
        return None
