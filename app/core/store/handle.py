"""The open LanceDB tables of one library: the handle readers and the write session both go through.

:class:`TableHandle` owns the connection (with its bounded metadata cache), the open tables, the retry of a read that
raced the deletion of old versions, and, for a team library's reader, the pin on the published version
(:mod:`.remote`). :class:`~app.core.store.library.Library` reads through it and hands it to each
:class:`~app.core.store.session.WriteSession`, so the session never reaches into the library's private members and
the two modules do not import each other.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from app.core.store import remote

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Lance's metadata cache per library (manifests, file footers). Lance's default, 1 GiB, keeps the manifest of
#: every table version a process has read, each listing all of the table's fragments: an indexing run commits every
#: few seconds, so the cache grew with the square of the run's length (73 MB after 10,000 notes, 172 commits).
#: What a writer or a search reads again (the latest manifests, the footers of the files it scans) is a few MB.
METADATA_CACHE_BYTES = 16 * 1024 * 1024


class TableHandle:
    """The connection and open tables of one library (a folder or a team library URI).

    Attributes:
        folder: the library folder, or its URI.
        remote: whether the library is on object storage.
        dimension: the embedding dimension of its vectors.
        maintenance: whether this process is a team library's maintenance writer.
        pinned: whether reads stay on the published version (a team library's reader).
        on_stale: called when a pinned read failed because its version was cleaned up (the library re-reads what
            was published).
        cache: the connection's ``lancedb.Session`` (its caches), None before the first read.
    """

    def __init__(self, folder: Path | str, *, remote: bool, dimension: int, maintenance: bool, pinned: bool) -> None:
        self.folder = folder
        self.remote = remote
        self.dimension = dimension
        self.maintenance = maintenance
        self.pinned = pinned
        self.on_stale: Callable[[], object] | None = None
        self.cache: Any = None
        self._db: Any = None
        self._connected_to: tuple[int, int] | None = None  # the folder (device, inode) the connection opened
        self._tables: dict[str, Any] = {}
        self._guard = threading.Lock()

    @property
    def lance_uri(self) -> str:
        """Where the LanceDB database lives (a folder path or a URI)."""
        return f"{self.folder}/lance" if self.remote else str(Path(self.folder) / "lance")

    def has_data(self) -> bool:
        """Whether the library's database exists (it may hold data without a ``library.json``)."""
        return remote.exists(self.lance_uri) if self.remote else (Path(self.folder) / "lance").exists()

    def connect(self) -> Any:
        """The LanceDB connection, opened on first use."""
        import lancedb

        if self._db is None:
            # Readers see writes from other threads/processes immediately (the GUI searches while indexing); a
            # team library's readers then pin the published version (pin). Credentials stay in memory.
            options = remote.storage_options(self.lance_uri) if self.remote else None
            self.cache = lancedb.Session(metadata_cache_size_bytes=METADATA_CACHE_BYTES)
            self._connected_to = None if self.remote else folder_identity(Path(self.folder))
            self._db = lancedb.connect(self.lance_uri, read_consistency_interval=timedelta(0),
                                       storage_options=options, session=self.cache)
        return self._db

    def table(self, name: str) -> Any:
        """An open table, or None when it does not exist (yet): a new library, or one from an older FinLens."""
        table = self._tables.get(name)
        if table is not None:
            return table
        if not self.remote and not (Path(self.folder) / "lance").is_dir():
            return None
        with self._guard:
            db = self.connect()
            if name not in self._tables and name in db.list_tables().tables:
                table = db.open_table(name)
                if self.pinned:
                    pin(table)
                self._tables[name] = table
        return self._tables.get(name)

    def create_missing(self, schemas: dict[str, Any]) -> None:
        """Create the tables that do not exist yet, with these schemas. Only under the writer lock."""
        db = self.connect()
        existing = set(db.list_tables().tables)
        with self._guard:
            for name, schema in schemas.items():
                if name not in existing:
                    # exist_ok: two appenders of a new team library may create the same table at once.
                    self._tables[name] = db.create_table(name, schema=schema, exist_ok=self.remote)

    def read(self, read: Callable[[], T]) -> T:
        """Run a read, once more after a short pause when it raced the deletion of the version it began on."""
        # The writer drops old versions right after compacting; a read that began on the version just dropped
        # fails once and succeeds on the next one.
        try:
            return read()
        except (OSError, RuntimeError, ValueError) as error:
            log.debug("read retried after %s", error)
            time.sleep(0.05)
            if self.pinned and self.on_stale is not None:
                self.on_stale()  # the published version we read was cleaned up after a newer one was published
            return read()

    def rows(self, name: str, *, where: str | None = None, columns: list[str] | None = None,
             limit: int | None = None) -> list[dict[str, Any]]:
        """Rows of a table (all of them by default)."""
        table = self.table(name)
        if table is None:
            return []

        def read() -> list[dict[str, Any]]:
            query = table.search()
            if where:
                query = query.where(where)
            if columns:
                query = query.select(columns)
            rows: list[dict[str, Any]] = query.limit(limit).to_arrow().to_pylist()
            return rows

        return self.read(read)

    def has_index(self, kind: str) -> bool:
        """Whether the chunks table has an index of this kind (``FTS``, ``IVF``...)."""
        table = self.table("chunks")
        return table is not None and any(i.index_type.upper().startswith(kind) for i in table.list_indices())

    def repin(self) -> bool:
        """Move every open table to the newest published version; True when one of them changed."""
        changed = False
        with self._guard:
            for table in self._tables.values():
                before = table.version
                pin(table)
                changed |= table.version != before
        # Tables not opened yet are opened on the published version when first read.
        return changed

    def forget_if_replaced(self) -> None:
        """Drop the connection and open tables when the folder was replaced since they were opened (a re-index by
        another process while this writer waited): they belong to the library now in ``<folder>.previous``."""
        if self.remote or self._db is None or folder_identity(Path(self.folder)) == self._connected_to:
            return
        log.info("%s was replaced (re-indexed) since it was opened; reopening its tables", self.folder)
        with self._guard:
            self._db, self.cache, self._connected_to = None, None, None
            self._tables.clear()


def pin(table: Any) -> None:
    """Move a reader's table to the published version (stay on the latest when nothing was published yet)."""
    try:
        if remote.PUBLISHED_TAG in table.tags.list():
            table.checkout(remote.PUBLISHED_TAG)
    except (OSError, RuntimeError, ValueError) as error:
        log.warning("cannot open the published version of %s: %s", table.name, error)


def folder_identity(folder: Path) -> tuple[int, int] | None:
    """The (device, inode) of a folder, which a re-index changes (None when it is missing)."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino
