"""The document library on disk: the only part of FinLens that knows LanceDB (an import-linter contract says so).

A library is a folder holding ``library.json`` (what built it: app, schema and chunking versions, model id, hash and
dimension; see :mod:`.meta`), ``write.lock`` (see :mod:`.lock`) and a LanceDB database ``lance/`` with four tables
(see :mod:`.tables`): ``documents``, ``chunks`` (text, filter columns, highlight rectangles, vector; native
full-text index on ``search_text``, an IVF_HNSW_SQ vector index once the library is big), ``copies`` (second paths
of a document's bytes) and ``statements`` (one JSON payload per document for the statements engine: write it with
:meth:`Library.set_statements`, read it with :meth:`Library.statements`; it is deleted with its document).

What leaves the store are records, never storage rows: documents (:class:`~app.core.records.DocumentInfo`), chunks,
and the :class:`ScoredChunk` a search returns (the chunk, what its score measures, the score, its vector when asked).
Every write, metadata edits included, goes through one :class:`WriteSession`; the library and its sessions reach the
tables through one handle (:mod:`.handle`).

Concurrency model:

* **One writer per library at a time**, across processes: OS locks on the library folder and its ``write.lock``
  (``flock``; ``msvcrt.locking`` on the file alone on Windows) taken by :meth:`Library.writing` (see :mod:`.lock`).
  A second writer waits, telling its user "Another FinLens is indexing this library; waiting…" through a callback
  (the CLI prints it, the window's indexer shows it), and gives up after a timeout with :class:`LibraryBusyError`;
  it never writes meanwhile. Threads of one process share the lock and
  serialise their commits. Everything that writes takes it: creating a new library (``library.json`` and the
  tables), indexing, removals, metadata edits, statements, index upkeep and compaction.
* **Readers never write or delete**, and take no lock: search, ``finlens docs``, the window. Opening a library
  reads ``library.json`` and nothing else; a missing library reads as empty.
* **Repair runs only under the writer lock**, and only when the previous writer did not finish cleanly (the lock
  file says so): chunks of documents that never committed, incomplete documents (indexed again with their folder),
  duplicates left by writers from before the lock.
* **Commits are batched** and ordered so that the ``documents`` row is the commit marker (see :mod:`.session`); a
  kill -9 at any moment loses at most the files of the current batch, which the next run indexes again. At the end
  of a run the tables are compacted and old versions deleted, so the folder holds its data about once.
* Readers see each batch as soon as it commits (``read_consistency_interval=0``); a read that races the deletion of
  old versions is retried once.

A **team library** lives under an object-store URI (``s3://bucket/prefix``) with the same layout, and has no OS lock:
appenders add documents concurrently (Lance's conditional commits), one maintenance writer repairs, compacts,
cleans and moves a ``published`` tag, and readers open read-only on that tag and :meth:`Library.refresh` to a newer
one. See :mod:`.remote`.

A path owns its content: :mod:`app.core.ingest.indexing` replaces a changed file's document even when the new bytes
equal another document's (the path then becomes a copy of that document), and drops files deleted from disk when
their folder is indexed again.
"""

from app.core.store.errors import (
    LibraryBusyError,
    LibraryError,
    LibraryMismatchError,
    LibraryWriteError,
    WaitCancelled,
    WriteRefusedError,
)
from app.core.store.library import WAIT_TIMEOUT_S, Library, read_indexed_paths
from app.core.store.lock import WAIT_MESSAGE
from app.core.store.meta import META_FILE, SCHEMA_VERSION, write_atomically
from app.core.store.session import FILTER_INDEXES, VECTOR_INDEX_MIN_ROWS, WriteSession, write_refused
from app.core.store.tables import ScoredChunk, ScoreKind


def warm_up() -> None:
    """Load the storage engine (LanceDB's first import takes seconds); a window calls this off its GUI thread."""
    import lancedb  # noqa: F401 - the slow import is the point: later opens find it cached


__all__ = [
    "FILTER_INDEXES", "META_FILE", "SCHEMA_VERSION", "VECTOR_INDEX_MIN_ROWS", "WAIT_MESSAGE",
    "WAIT_TIMEOUT_S", "Library", "LibraryBusyError", "LibraryError", "LibraryMismatchError", "LibraryWriteError",
    "ScoreKind", "ScoredChunk", "WaitCancelled", "WriteRefusedError", "WriteSession", "read_indexed_paths", "warm_up",
    "write_atomically", "write_refused",
]
