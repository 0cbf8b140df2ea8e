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
from typing import Any, TypeVar

import numpy as np

from app import __version__
from app.core.records import CHUNKING_VERSION, Chunk, DocumentInfo, SearchFilters
from app.core.store import remote
from app.core.store.errors import LibraryError
from app.core.store.lock import WriterLock, writer_lock
from app.core.store.meta import SCHEMA_VERSION, check_meta, read_meta, write_meta
from app.core.store.session import VECTOR_INDEX_MIN_ROWS, WriteSession, write_error
from app.core.store.tables import (
    CHUNK_COLUMNS,
    RESULT_COLUMNS,
    chunk_from_row,
    chunks_schema,
    copies_schema,
    document_from_row,
    documents_schema,
    filters_where,
    quote,
    statements_schema,
)

# LanceDB 0.40 prints a warning to stderr at every optimize() of a table with a vector index unless this is set.
# "false" is lance's announced future default: index statistics without the IVF centroids (less memory; FinLens
# only reads their unindexed-row count).
os.environ.setdefault("LANCE_INCLUDE_VECTOR_CENTROIDS", "false")

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Lance's metadata cache per library (manifests, file footers). Lance's default, 1 GiB, keeps the manifest of
#: every table version a process has read, each listing all of the table's fragments: an indexing run commits every
#: few seconds, so the cache grew with the square of the run's length (73 MB after 10,000 notes, 172 commits).
#: What a writer or a search reads again (the latest manifests, the footers of the files it scans) is a few MB.
METADATA_CACHE_BYTES = 16 * 1024 * 1024
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
        self._db: Any = None
        self._cache: Any = None  # the connection's lancedb.Session (its caches; lancedb 0.40 does not return it)
        self._connected_to: tuple[int, int] | None = None  # the folder (device, inode) the connection opened
        self._tables: dict[str, Any] = {}
        self._tables_guard = threading.Lock()
        # Readers of a team library read the published version (see .remote); everyone else the latest one.
        self.pinned = self.remote and not self.writable
        if not self.remote and Path(self.folder).exists() and not Path(self.folder).is_dir():
            raise LibraryError(f"The library path {self.folder} is a file, not a folder. "
                               "Choose another folder with --library or in Settings.")
        self.meta = read_meta(self.folder)
        if self.meta is None and self._has_data():
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
        forms = {r["form_type"] for r in self._rows("documents", columns=["form_type"])}
        if not forms & {"10-K", "10-Q"}:
            return False  # notes and transcripts have no statements to extract
        table = self._table("statements")
        return table is None or not self._read(table.count_rows)

    @staticmethod
    def read_meta(folder: Path | str) -> dict[str, Any] | None:
        """The ``library.json`` of a folder or URI, or None for a new library (raises :class:`LibraryError` if
        damaged)."""
        return read_meta(folder if remote.is_uri(folder) else Path(folder))

    # --- location -------------------------------------------------------------------------------------------------

    @property
    def lance_uri(self) -> str:
        """Where the LanceDB database lives (a folder path or a URI)."""
        return f"{self.folder}/lance" if self.remote else str(Path(self.folder) / "lance")

    def _has_data(self) -> bool:
        return remote.exists(self.lance_uri) if self.remote else (Path(self.folder) / "lance").exists()

    # --- tables ---------------------------------------------------------------------------------------------------

    def _connect(self) -> Any:
        import lancedb

        if self._db is None:
            # Readers see writes from other threads/processes immediately (the GUI searches while indexing); a
            # team library's readers then pin the published version (_pin). Credentials stay in memory.
            options = remote.storage_options(self.lance_uri) if self.remote else None
            self._cache = lancedb.Session(metadata_cache_size_bytes=METADATA_CACHE_BYTES)
            self._connected_to = None if self.remote else _identity(Path(self.folder))
            self._db = lancedb.connect(self.lance_uri, read_consistency_interval=timedelta(0),
                                       storage_options=options, session=self._cache)
        return self._db

    def _table(self, name: str) -> Any:
        """An open table, or None when it does not exist (yet): a new library, or one from an older FinLens."""
        table = self._tables.get(name)
        if table is not None:
            return table
        if not self.remote and not (Path(self.folder) / "lance").is_dir():
            return None
        with self._tables_guard:
            db = self._connect()
            if name not in self._tables and name in db.list_tables().tables:
                table = db.open_table(name)
                if self.pinned:
                    self._pin(table)
                self._tables[name] = table
        return self._tables.get(name)

    def _create_tables(self) -> None:
        """Write ``library.json`` and create missing tables. Only under the writer lock."""
        meta = read_meta(self.folder)
        if meta is None:
            if self._has_data():
                raise LibraryError(f"{self.folder} holds index data but no library.json; run 'finlens reindex'.")
            meta = write_meta(self.folder, {**self.built_with, "created_at": time.time()})
        else:
            check_meta(meta, self.built_with)  # another process may have created it with another model meanwhile
        schemas = {"documents": documents_schema(), "chunks": chunks_schema(self.dimension),
                   "copies": copies_schema(), "statements": statements_schema()}
        db = self._connect()
        existing = set(db.list_tables().tables)
        with self._tables_guard:
            for name in TABLES:
                if name not in existing:
                    # exist_ok: two appenders of a new team library may create the same table at once.
                    self._tables[name] = db.create_table(name, schema=schemas[name], exist_ok=self.remote)
        if int(meta.get("chunking_version", 1)) < CHUNKING_VERSION and not self._table("documents").count_rows():
            meta = write_meta(self.folder, {**meta, "chunking_version": CHUNKING_VERSION})
        self.meta = meta

    def _read(self, read: Callable[[], T]) -> T:
        # The writer drops old versions right after compacting; a read that began on the version just dropped
        # fails once and succeeds on the next one.
        try:
            return read()
        except (OSError, RuntimeError, ValueError) as error:
            log.debug("read retried after %s", error)
            time.sleep(0.05)
            if self.pinned:  # the published version we read was cleaned up after a newer one was published
                self.refresh()
            return read()

    def _rows(self, name: str, *, where: str | None = None, columns: list[str] | None = None,
              limit: int | None = None) -> list[dict[str, Any]]:
        """Rows of a table (all of them by default)."""
        table = self._table(name)
        if table is None:
            return []

        def read() -> list[dict[str, Any]]:
            query = table.search()
            if where:
                query = query.where(where)
            if columns:
                query = query.select(columns)
            return query.limit(limit).to_arrow().to_pylist()

        return self._read(read)

    def _has_index(self, kind: str) -> bool:
        table = self._table("chunks")
        return table is not None and any(i.index_type.upper().startswith(kind) for i in table.list_indices())

    # --- reading: documents ---------------------------------------------------------------------------------------

    def documents_version(self) -> int:
        """A number that changes whenever the documents change (cheap; for caches)."""
        table = self._table("documents")
        return int(self._read(lambda: table.version)) if table is not None else 0

    def documents_snapshot(self) -> tuple[int, list[DocumentInfo]]:
        """The documents and the version they were read at (read the version first, so a cache errs on re-reading)."""
        version = self.documents_version()
        return version, [document_from_row(r) for r in self._rows("documents")]

    def list_documents(self) -> list[DocumentInfo]:
        """All documents, sorted by company, period and title."""
        docs = [document_from_row(r) for r in self._rows("documents")]
        return sorted(docs, key=lambda d: (d.company.lower(), -(d.fiscal_year or 0), d.title.lower()))

    def _document(self, column: str, value: str) -> DocumentInfo | None:
        rows = self._rows("documents", where=f"{column} = {quote(value)}", limit=1)
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
        return sorted(r["path"] for r in self._rows("copies", where=f"doc_id = {quote(doc_id)}", columns=["path"]))

    def all_copies(self) -> dict[str, list[str]]:
        """Every document's duplicate paths, by document id."""
        copies: dict[str, list[str]] = {}
        for row in sorted(self._rows("copies", columns=["doc_id", "path"]), key=lambda r: r["path"]):
            copies.setdefault(row["doc_id"], []).append(row["path"])
        return copies

    def indexed_paths(self) -> list[str]:
        """Every file the library holds: documents' paths and their duplicates'."""
        return [r["path"] for r in self._rows("documents", columns=["path"])] + \
            [r["path"] for r in self._rows("copies", columns=["path"])]

    def statements(self, doc_id: str) -> str | None:
        """The statements payload (JSON text) stored for a document, or None."""
        rows = self._rows("statements", where=f"doc_id = {quote(doc_id)}", limit=1)
        return rows[0]["payload"] if rows else None

    # --- reading: chunks and search -------------------------------------------------------------------------------

    def chunk_count(self) -> int:
        """Number of chunks in the library."""
        table = self._table("chunks")
        return int(self._read(table.count_rows)) if table is not None else 0

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """All chunks of a document in reading order."""
        rows = self._rows("chunks", where=f"doc_id = {quote(doc_id)}", columns=CHUNK_COLUMNS)
        return sorted((chunk_from_row(r) for r in rows), key=lambda c: c.ordinal)

    def vector_search(self, vector: np.ndarray, *, filters: SearchFilters | None = None,
                      limit: int = 10) -> list[dict[str, Any]]:
        """The ``limit`` chunks nearest ``vector`` (cosine), filtered before the search.

        Returns:
            Rows with :data:`RESULT_COLUMNS` and ``_distance`` (cosine distance), nearest first.
        """
        table = self._table("chunks")
        if table is None:
            return []

        def read() -> list[dict[str, Any]]:
            search = table.search(vector, vector_column_name="vector").distance_type("cosine")
            where = filters_where(filters)
            if where:
                search = search.where(where, prefilter=True)
            return search.select([*RESULT_COLUMNS, "_distance"]).limit(limit).to_list()

        return self._read(read)

    def keyword_search(self, text: str, *, filters: SearchFilters | None = None,
                       limit: int = 10) -> list[dict[str, Any]]:
        """The ``limit`` best BM25 matches of ``text`` on the chunks' ``search_text``, filtered before the search.

        Returns:
            Rows with :data:`RESULT_COLUMNS` and ``_score`` (BM25), best first; none when ``text`` has no words or
            the library has no full-text index yet.
        """
        # The FTS query parser treats some punctuation as syntax; plain words are all BM25 needs.
        words = " ".join(re.findall(r"[A-Za-z0-9]+", text))
        table = self._table("chunks")
        if not words or table is None or not self._has_index("FTS"):
            return []

        def read() -> list[dict[str, Any]]:
            search = table.search(words, query_type="fts", fts_columns="search_text")
            where = filters_where(filters)
            if where:
                search = search.where(where, prefilter=True)
            return search.select([*RESULT_COLUMNS, "_score"]).limit(limit).to_list()

        return self._read(read)

    def has_vector_index(self) -> bool:
        """Whether an ANN index exists on the vectors."""
        return self._has_index("IVF")

    def index_names(self) -> tuple[set[str], set[str]]:
        """The kinds of index on the chunks (``FTS``, ``IVF_HNSW_SQ``, ...) and the columns they cover."""
        table = self._table("chunks")
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
                self._forget_replaced_folder()
                try:
                    self._create_tables()
                except (OSError, RuntimeError) as error:  # e.g. an older library on read-only media
                    friendly = write_error(error, [])
                    if friendly is None:
                        raise
                    raise friendly from error
                session = WriteSession(self, lock)
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

    def _forget_replaced_folder(self) -> None:
        """Drop the connection and open tables when the folder was replaced since they were opened (a re-index by
        another process while this writer waited): they belong to the library now in ``<folder>.previous``."""
        if self.remote or self._db is None or _identity(Path(self.folder)) == self._connected_to:
            return
        log.info("%s was replaced (re-indexed) since it was opened; reopening its tables", self.folder)
        with self._tables_guard:
            self._db, self._cache, self._connected_to = None, None, None
            self._tables.clear()

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

    def update_metadata(self, doc_id: str, **changes: Any) -> DocumentInfo:
        """Edit a document's company, ticker, form type or fiscal period/year (chunks' filter copies follow)."""
        allowed = {"company", "ticker", "form_type", "fiscal_year", "fiscal_period", "title"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"cannot edit {sorted(unknown)}")
        if self.remote and not self.maintenance:
            raise LibraryError(remote.APPEND_ONLY)
        with self.writing() as session:
            session.flush()
            if self.get_document(doc_id) is None:
                raise LibraryError("That document is no longer in the library.")
            values = {k: (-1 if k == "fiscal_year" and v is None else v) for k, v in changes.items()}
            with self._lock.mutex:
                self._table("documents").update(where=f"doc_id = {quote(doc_id)}", values=values)
                chunk_values = {k: v for k, v in values.items() if k in {"company", "form_type", "fiscal_year"}}
                if chunk_values:
                    self._table("chunks").update(where=f"doc_id = {quote(doc_id)}", values=chunk_values)
                self._lock.generation += 1
        document = self.get_document(doc_id)
        assert document is not None
        return document

    def set_statements(self, doc_id: str, payload: str) -> None:
        """Store the statements payload (JSON text) of a document; it is deleted with the document."""
        with self.writing() as session:
            session.set_statements(doc_id, payload)

    def refresh_indexes(self, *, vector_index_min_rows: int = VECTOR_INDEX_MIN_ROWS) -> None:
        """Bring the indexes up to date, compact the tables and drop old versions (:meth:`WriteSession.maintain`)."""
        with self.writing() as session:
            session.maintain(vector_index_min_rows=vector_index_min_rows)

    # --- team libraries: publishing -------------------------------------------------------------------------------

    def _pin(self, table: Any) -> None:
        """Move a reader's table to the published version (stay on the latest when nothing was published yet)."""
        try:
            if remote.PUBLISHED_TAG in table.tags.list():
                table.checkout(remote.PUBLISHED_TAG)
        except (OSError, RuntimeError, ValueError) as error:
            log.warning("cannot open the published version of %s: %s", table.name, error)

    def refresh(self) -> bool:
        """Move a team library's reader to the newest published version, without reopening anything.

        Returns:
            True when the published version changed (caches keyed on :meth:`documents_version` then re-read).
        """
        if not self.pinned:
            return False
        self.meta = read_meta(self.folder) or self.meta
        changed = False
        with self._tables_guard:
            for table in self._tables.values():
                before = table.version
                self._pin(table)
                changed |= table.version != before
        # Tables not opened yet are opened on the published version when first read.
        return changed

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
                    table = self._table(name)
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
                    self._table(name).optimize(cleanup_older_than=keep)
                meta = read_meta(self.folder) or dict(self.meta or {})
                self.meta = write_meta(self.folder, {**meta, "published": {"at": time.time(), "versions": versions,
                                                                           "documents": self._table("documents")
                                                                           .count_rows(),
                                                                           "chunks": self.chunk_count()}})
                self._lock.generation += 1
        return versions


def builder_record(model_id: str, model_hash: str, dimension: int) -> dict[str, Any]:
    """What ``library.json`` records about the FinLens and the embedding model that build a library."""
    return {"app_version": __version__, "schema_version": SCHEMA_VERSION, "chunking_version": CHUNKING_VERSION,
            "model_id": model_id, "model_hash": model_hash, "dimension": dimension}


def _identity(folder: Path) -> tuple[int, int] | None:
    """The (device, inode) of a folder, which a re-index changes (None when it is missing)."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


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
