"""Adding files and folders to a library: discovery, parse, chunk, embed, store — with progress and cancel.

One code path serves the CLI, the GUI workers and the evaluation. Every file ends in exactly one outcome
(indexed, unchanged, duplicate, removed, skipped with a reason, failed with a reason); a bad file never stops the
batch. A batch is one write session of the library (:mod:`app.core.store`): it waits for another writer, commits in
batches and compacts at the end; a full disk or a read-only folder ends it with a sentence and the summary.

A path owns its content: a changed file is indexed again even when its new bytes equal another document's (it then
becomes a second path of that document, a duplicate), and the document it held goes, unless a duplicate of it is
still on disk, which then becomes its path. Files deleted from disk are dropped when their folder is indexed again.
A file whose modification time changed but whose bytes did not is not parsed again; its new time is recorded.

A team library's appender (a desktop or a cluster worker that adds documents) only adds: a file the library already
holds that changed or moved since is skipped with a sentence, one deleted from disk stays in the library, and the
rest of the batch goes on; replacing and removing are the maintenance writer's (:mod:`app.core.store.remote`).

Embedding is nearly all of the time. While one file is stored, the next files are already parsed, chunked and
queued on the embedder's background workers (:meth:`app.core.retrieval.embedding.OnnxEmbedder.submit`), so every core
keeps embedding; the decisions (unchanged, duplicate, moved) and the writes still happen one file at a time, in order.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from app.core.ingest.chunking import chunk_document, embedding_text
from app.core.ingest.discovery import FileOutcome, discover_files, resolved_path
from app.core.ingest.metadata import infer_metadata
from app.core.ingest.parsing import IngestionError, ParsedDocument, content_hash, parse_file
from app.core.records import Chunk, DocumentInfo
from app.core.retrieval.embedding import Embedder
from app.core.store import Library, LibraryError, WaitCancelled, WriteSession

EMBED_BATCH = 64
#: Why an appender leaves a stored file that changed or moved alone (see the module docstring).
MAINTAINER_REPLACES = ("Changed or moved since the team library stored it; only the library's maintenance writer "
                       "replaces documents (finlens index on the library from the maintenance machine).")
# How far index_paths reads ahead of the file it stores: enough queued texts to keep the embedder's workers busy
# while it parses and writes, few enough that a cancel or a run of unchanged files wastes little.
LOOKAHEAD_FILES = 16
LOOKAHEAD_TEXTS = 256
log = logging.getLogger(__name__)


@dataclass
class IndexProgress:
    """Progress of a batch, reported after each file and during long files."""

    files_done: int
    files_total: int
    current_path: str
    pages_done: int
    elapsed: float
    fraction: float  # 0..1 over the whole batch, counting the current file's embedding progress
    last_outcome: FileOutcome | None = None
    message: str = ""  # a sentence to show now ("Another FinLens is indexing this library; waiting…")


@dataclass
class IndexReport:
    """The outcome of a batch."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False
    error: str = ""  # why the batch stopped early (busy library, full disk, read-only folder); files before it kept

    def count(self, status: str) -> int:
        """How many files ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def pages_indexed(self) -> int:
        """Pages of the files indexed in this batch."""
        return sum(o.pages for o in self.outcomes if o.status == "indexed")

    def summary_lines(self) -> list[str]:
        """One line per file that was not simply indexed, then a total line."""
        lines = [f"{o.status:9} {o.path}: {o.reason}" for o in self.outcomes if o.status not in ("indexed",)]
        removed = f", {self.count('removed')} removed" if self.count("removed") else ""
        lines.append(f"{self.count('indexed')} indexed ({self.pages_indexed} pages), {self.count('unchanged')} "
                     f"unchanged, {self.count('duplicate')} duplicate{removed}, {self.count('skipped')} skipped, "
                     f"{self.count('failed')} failed in {self.seconds:.1f} s"
                     + (" — cancelled" if self.cancelled else "") + (" — stopped" if self.error else ""))
        return lines


def describe_document(path: Path, parsed_text: str, *, doc_id: str, content_hash: str, size: int, mtime: float,
                      page_count: int) -> DocumentInfo:
    """Build a document record with metadata inferred from the file name and cover page."""
    meta = infer_metadata(path, parsed_text)
    return DocumentInfo(doc_id=doc_id, path=str(path), title=path.stem, company=meta.company, ticker=meta.ticker,
                        form_type=meta.form_type, fiscal_year=meta.fiscal_year, fiscal_period=meta.fiscal_period,
                        page_count=page_count, content_hash=content_hash, size=size, mtime=mtime)


def release_path(session: WriteSession, path: str) -> None:
    """``path`` no longer holds what the library recorded there: forget it.

    A document whose path it was moves to one of its duplicates still on disk, or goes when it has none; a
    duplicate entry is dropped.
    """
    if session.copy_at(path) is not None:
        session.drop_copy(path)
        return
    document = session.find_by_path(path)
    if document is None:
        return
    for copy in session.copies_of(document.doc_id):
        if copy["path"] != path and Path(copy["path"]).is_file():
            session.drop_copy(copy["path"])
            session.update_document(replace(document, path=copy["path"], size=copy["size"], mtime=copy["mtime"]))
            return
    session.remove_document(document.doc_id)


def index_file(path: Path, session: WriteSession, embedder: Embedder, *,
               on_fraction: Callable[[float, int], None] | None = None,
               should_cancel: Callable[[], bool] | None = None,
               prepared: PreparedFile | None = None) -> FileOutcome:
    """Index one file idempotently into a write session. Never raises for bad input: the outcome carries the reason.

    ``prepared`` is the file as :func:`read_ahead` found it; it is used when the file still has that size and time.
    """
    started = time.perf_counter()
    resolved = resolved_path(path) if path.exists() else str(path)
    try:
        stat = path.stat()
    except OSError as error:
        return FileOutcome(resolved, "failed", f"The file cannot be read ({error.strerror}).")
    existing = session.find_by_path(resolved)
    copy = session.copy_at(resolved) if existing is None else None
    known_size, known_mtime = (existing.size, existing.mtime) if existing is not None else \
        (copy["size"], copy["mtime"]) if copy is not None else (None, None)
    if known_size == stat.st_size and known_mtime is not None:
        if abs(known_mtime - stat.st_mtime) < 1e-3:
            if copy is not None:
                return FileOutcome(resolved, "duplicate", _same_as(session, copy["doc_id"]), copy["doc_id"])
            assert existing is not None
            return FileOutcome(resolved, "unchanged", "Already indexed and not modified.", existing.doc_id)
        # Touched (or copied over with the same bytes): hashing is far cheaper than parsing.
        try:
            digest = content_hash(path)
        except OSError as error:
            return FileOutcome(resolved, "failed", f"The file cannot be read ({error.strerror}).")
        if existing is not None and existing.content_hash == digest:
            _record_time(session, existing, stat)
            return FileOutcome(resolved, "unchanged", "Content unchanged.", existing.doc_id)
        owner = session.get_document(copy["doc_id"]) if copy is not None else None
        if copy is not None and owner is not None and owner.content_hash == digest:
            session.put_copy(resolved, owner.doc_id, stat.st_size, stat.st_mtime)
            return FileOutcome(resolved, "duplicate", _same_as(session, owner.doc_id), owner.doc_id)
    if prepared is not None and (prepared.size, prepared.mtime) == (stat.st_size, stat.st_mtime):
        parsed = prepared.parsed
    else:
        prepared = None  # not read ahead, or the file changed since: read it now
        try:
            parsed = parse_file(path)
        except IngestionError as error:
            return FileOutcome(resolved, "failed" if "damaged" in str(error) else "skipped", str(error))
        except Exception as error:  # a parser bug must not stop the batch
            return FileOutcome(resolved, "failed", f"Unexpected error while reading: {type(error).__name__}: {error}")
    if existing is not None and existing.content_hash == parsed.content_hash:
        _record_time(session, existing, stat)
        return FileOutcome(resolved, "unchanged", "Content unchanged.", existing.doc_id)
    if session.append_only and (existing is not None or copy is not None):
        return FileOutcome(resolved, "skipped", MAINTAINER_REPLACES)
    same_content = session.find_by_hash(parsed.content_hash)
    if same_content is not None:
        return _stored_elsewhere(session, resolved, same_content.doc_id, stat)

    if prepared is None:
        prepared = prepare_file(path, parsed, stat.st_size, stat.st_mtime, embedder)
    elif prepared.batches is None:
        prepared.queue(embedder)
    document, chunks = prepared.document, prepared.chunks
    vectors = prepared.vectors(on_fraction=on_fraction, should_cancel=should_cancel)
    if vectors is None:
        return FileOutcome(resolved, "cancelled", "Cancelled before it finished; nothing was stored.")
    document.indexed_at = time.time()
    document.chunk_count = len(chunks)
    statements = statements_payload(parsed)
    release_path(session, resolved)
    session.add_document(document, chunks, vectors, prepared.texts)
    if statements is not None:
        session.set_statements(document.doc_id, statements)
    return FileOutcome(resolved, "indexed", "", document.doc_id, parsed.page_count, len(chunks),
                       time.perf_counter() - started)


def _stored_elsewhere(session: WriteSession, resolved: str, doc_id: str, stat: os.stat_result) -> FileOutcome:
    """Record a file whose bytes the library already stores under another path: a copy, or a moved file."""
    # The path's old content (if any) goes; these bytes are already stored under another path.
    release_path(session, resolved)
    same_content = session.get_document(doc_id)
    assert same_content is not None
    if Path(same_content.path).is_file():
        session.put_copy(resolved, same_content.doc_id, stat.st_size, stat.st_mtime)
        return FileOutcome(resolved, "duplicate", _same_as(session, same_content.doc_id), same_content.doc_id)
    if session.append_only:
        return FileOutcome(resolved, "skipped", MAINTAINER_REPLACES, same_content.doc_id)
    # The file moved: keep its chunks, record the new path.
    session.update_document(replace(same_content, path=resolved, size=stat.st_size, mtime=stat.st_mtime))
    return FileOutcome(resolved, "unchanged", f"Moved from {same_content.path}.", same_content.doc_id)


@dataclass
class PreparedFile:
    """A file parsed, chunked and queued on the embedder: everything of :func:`index_file` that needs no library.

    ``size`` and ``mtime`` are the file's when it was read; :func:`index_file` uses it only if they still match.
    """

    size: int
    mtime: float
    dimension: int
    parsed: ParsedDocument
    document: DocumentInfo
    chunks: list[Chunk]
    texts: list[str]
    distinct: list[str]  # each distinct text once
    rows: list[int]  # for each of ``texts``, its row in ``distinct``
    batches: list[tuple[np.ndarray, Future[np.ndarray] | _Deferred]] | None = None  # rows of distinct, vectors

    def queue(self, embedder: Embedder) -> None:
        """Queue the texts on the embedder (at once if it has workers, else when :meth:`vectors` asks)."""
        # Embed the whole file in length order: each batch then holds texts of similar length and pads little.
        # Sorting within 64-chunk slices only (document order) measured 22% slower on a 10-K. The batches are the
        # file's own, never shared with another file's: int8 activations are quantised per batch, so a text's vector
        # moves slightly with its batch-mates, and a file must get the same vectors however it is indexed.
        by_length = np.argsort([len(t) for t in self.distinct], kind="stable")
        submit = getattr(embedder, "submit", None)
        self.batches = []
        for start in range(0, len(self.distinct), EMBED_BATCH):
            rows = by_length[start:start + EMBED_BATCH]
            batch = [self.distinct[i] for i in rows]
            self.batches.append((rows, submit(batch) if submit is not None else _Deferred(embedder.embed, batch)))

    def vectors(self, *, on_fraction: Callable[[float, int], None] | None = None,
                should_cancel: Callable[[], bool] | None = None) -> np.ndarray | None:
        """Wait for the embeddings, one per text; None when cancelled (the batches not yet started are dropped)."""
        assert self.batches is not None, "queue() first"
        distinct_vectors = np.zeros((len(self.distinct), self.dimension), dtype=np.float32)
        done = 0
        for rows, pending in self.batches:
            if should_cancel is not None and should_cancel():
                self.cancel()
                return None
            distinct_vectors[rows] = pending.result()
            done += len(rows)
            if on_fraction is not None:
                on_fraction(min(1.0, done / max(1, len(self.distinct))), self.parsed.page_count)
        return distinct_vectors[self.rows]

    def cancel(self) -> None:
        """Drop the queued batches (one already running finishes in the background)."""
        for _, pending in self.batches or []:
            pending.cancel()


class _Deferred:
    """A batch for an embedder that cannot queue work (tests' stand-ins): embedded when its result is asked for."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray], texts: list[str]) -> None:
        self._embed, self._texts = embed, texts

    def result(self) -> np.ndarray:
        return self._embed(self._texts)

    def cancel(self) -> bool:
        return True


def prepare_file(path: Path, parsed: ParsedDocument, size: int, mtime: float, embedder: Embedder, *,
                 queue: bool = True) -> PreparedFile:
    """Describe and chunk a parsed file and (``queue``) queue its texts on the embedder (:class:`PreparedFile`)."""
    doc_id = parsed.content_hash[:16]
    document = describe_document(path.resolve(), parsed.text, doc_id=doc_id, content_hash=parsed.content_hash,
                                 size=size, mtime=mtime, page_count=parsed.page_count)
    chunks = chunk_document(parsed, doc_id)
    texts = [embedding_text(c, document) for c in chunks]
    # Each distinct text is embedded once: exhibits repeat boilerplate (award agreements, signature blocks), 8% of
    # the chunks of three real 10-Ks, and embedding is nearly all of the indexing time.
    position: dict[str, int] = {}
    for text in texts:
        position.setdefault(text, len(position))
    prepared = PreparedFile(size, mtime, embedder.dimension, parsed, document, chunks, texts, list(position),
                            [position[t] for t in texts])
    if queue:
        prepared.queue(embedder)
    return prepared


def read_ahead(path: Path, session: WriteSession, embedder: Embedder) -> PreparedFile | None:
    """Parse and queue a file that will need embedding, ahead of its turn; None when it likely will not.

    A file the library already holds at this path with the same size is skipped (most likely unchanged: re-indexing
    a folder must stay a matter of stat calls); so is one that fails to parse (:func:`index_file` then reports it).
    Content the library already holds (a moved file, a copy) is parsed but not queued: it will not be embedded.
    """
    try:
        stat = path.stat()
        resolved = str(path.resolve())
        known = session.find_by_path(resolved)
        copy = session.copy_at(resolved) if known is None else None
        if (known is not None and known.size == stat.st_size) or (copy is not None and copy["size"] == stat.st_size):
            return None
        parsed = parse_file(path)
        return prepare_file(path, parsed, stat.st_size, stat.st_mtime, embedder,
                            queue=session.find_by_hash(parsed.content_hash) is None)
    except Exception:  # whatever went wrong, index_file meets it again in its turn and reports it
        return None


def statements_payload(parsed: ParsedDocument) -> str | None:
    """The document's financial statements as the library stores them (:mod:`app.core.ingest.statements`).

    None when extraction fails: the document is still indexed (search and answers work without its statements),
    and the failure is logged.
    """
    try:
        from app.core.ingest.statements import extract_statements

        return extract_statements(parsed).to_payload()
    except Exception:
        log.exception("statement extraction failed for %s; the document is indexed without its statements",
                      parsed.path)
        return None


def _record_time(session: WriteSession, document: DocumentInfo, stat: os.stat_result) -> None:
    """Record a touched file's new size and time (not on a team library's appender: it never edits; the file is
    hashed again next time instead)."""
    if not session.append_only:
        session.update_document(replace(document, size=stat.st_size, mtime=stat.st_mtime))


def _same_as(session: WriteSession, doc_id: str) -> str:
    document = session.get_document(doc_id)
    return f"Same content as {document.path if document else doc_id}; stored once, listed as a second path."


def drop_deleted(session: WriteSession, folder: Path, present: set[str]) -> list[FileOutcome]:
    """Forget the library's files inside ``folder`` that no longer exist on disk (a team library's appender keeps
    them: removing is its maintenance writer's)."""
    if session.append_only:
        return []
    prefix = str(folder.resolve()).rstrip(os.sep) + os.sep
    outcomes = []
    for path in session.paths_under(prefix):
        if path not in present and not os.path.lexists(path):
            release_path(session, path)
            outcomes.append(FileOutcome(path, "removed", "The file no longer exists; removed from the library."))
    return outcomes


def index_paths(paths: Iterable[str | os.PathLike[str]], library: Library, embedder: Embedder, *,
                on_progress: Callable[[IndexProgress], None] | None = None,
                should_cancel: Callable[[], bool] | None = None,
                refresh_indexes: bool = True,
                on_wait: Callable[[str], None] | None = None,
                wait_timeout: float | None = None) -> IndexReport:
    """Index files and folders into ``library``; see :func:`index_file` for the per-file rules.

    Never raises for a busy, full or read-only library: the report's ``error`` says why the batch stopped, and
    what was committed before stays.

    Args:
        paths: files and/or folders. Files of a folder that no longer exist on disk are removed from the library.
        library: the target library.
        embedder: must be the library's model.
        on_progress: called after each file and during long files.
        should_cancel: polled between files and embedding batches; the current file is then dropped whole.
        refresh_indexes: update the indexes and compact the library at the end.
        on_wait: called with a sentence when another process is writing to the library and this batch waits.
        wait_timeout: seconds to wait for that other writer (default: the library's).
    """
    report = IndexReport()
    started = time.perf_counter()
    paths = list(paths)
    files = discover_files(paths, skipped=report.outcomes)
    pages_done = 0
    removals_stored = False

    def waiting(message: str) -> None:
        if on_wait is not None:
            on_wait(message)
        if on_progress is not None:
            on_progress(IndexProgress(0, len(files), "", 0, time.perf_counter() - started, 0.0, message=message))

    ahead: dict[int, PreparedFile | None] = {}  # files read ahead of their turn, by number
    read_ahead_until = 0
    # Only an embedder with background workers gains from reading ahead; another would embed in this thread anyway.
    reads_ahead = hasattr(embedder, "submit")
    try:
        with library.writing(on_wait=waiting, timeout=wait_timeout, should_cancel=should_cancel) as session:
            for number, path in enumerate(files):
                if should_cancel is not None and should_cancel():
                    report.cancelled = True
                    break
                read_ahead_until = _fill_read_ahead(files, number, read_ahead_until, reads_ahead, ahead, session,
                                                    embedder)
                file_fraction = _file_fraction(on_progress, files, number, path, pages_done, started)
                prepared = ahead.pop(number, None)
                outcome = index_file(path, session, embedder, on_fraction=file_fraction, should_cancel=should_cancel,
                                     prepared=prepared)
                if prepared is not None:
                    prepared.cancel()  # read ahead for nothing (a duplicate, a moved file): stop its queued batches
                report.outcomes.append(outcome)
                if outcome.status == "cancelled":
                    report.cancelled = True
                    break
                pages_done += outcome.pages
                session.flush_if_due()
                if on_progress is not None:
                    on_progress(IndexProgress(number + 1, len(files), str(path), pages_done,
                                              time.perf_counter() - started, (number + 1) / len(files), outcome))
            if not report.cancelled:
                _drop_deleted_in_folders(session, paths, files, report.outcomes)
            session.flush()
            removals_stored = True
            if refresh_indexes and session.changed:
                session.maintain()
    except WaitCancelled:
        report.cancelled = True
    except LibraryError as error:
        _mark_unsaved(report, error, removals_stored)
    finally:
        for prepared in ahead.values():
            if prepared is not None:
                prepared.cancel()
    report.seconds = time.perf_counter() - started
    return report


def _fill_read_ahead(files: list[Path], number: int, read_ahead_until: int, reads_ahead: bool,
                     ahead: dict[int, PreparedFile | None], session: WriteSession, embedder: Embedder) -> int:
    """Read files ahead of their turn into ``ahead``, within the look-ahead limits; the next number to read ahead."""
    # This file too: it then joins the embedder's queue behind the files read before it, not ahead.
    read_ahead_until = max(read_ahead_until, number)
    while reads_ahead and read_ahead_until < min(len(files), number + LOOKAHEAD_FILES) \
            and sum(len(p.distinct) for p in ahead.values() if p) < LOOKAHEAD_TEXTS:
        ahead[read_ahead_until] = read_ahead(files[read_ahead_until], session, embedder)
        read_ahead_until += 1
    return read_ahead_until


def _file_fraction(on_progress: Callable[[IndexProgress], None] | None, files: list[Path], number: int, path: Path,
                   pages_before: int, started: float) -> Callable[[float, int], None]:
    """The progress callback of one file, reporting its pages as they are embedded."""

    def file_fraction(fraction: float, file_pages: int) -> None:
        # Count the current file's pages as they are embedded, so pages/s and ETA move during long files.
        if on_progress is not None:
            on_progress(IndexProgress(number, len(files), str(path),
                                      pages_before + int(fraction * file_pages),
                                      time.perf_counter() - started, (number + fraction) / len(files)))

    return file_fraction


def _drop_deleted_in_folders(session: WriteSession, paths: list[str | os.PathLike[str]], files: list[Path],
                             outcomes: list[FileOutcome]) -> None:
    """Forget the files of the given folders that no longer exist on disk, adding each folder's to ``outcomes``."""
    # Folder by folder, so a library error part-way keeps the outcomes of the folders already done.
    present = {resolved_path(p) for p in files}
    for raw in paths:
        folder = Path(raw).expanduser()
        if folder.is_dir():
            outcomes += drop_deleted(session, folder, present)


def _mark_unsaved(report: IndexReport, error: LibraryError, removals_stored: bool) -> None:
    """Record why the batch stopped and mark the outcomes the library could not save as failed."""
    report.error = str(error)
    lost = set(getattr(error, "lost", []))
    for outcome in report.outcomes:
        if outcome.status == "indexed" and outcome.path in lost:
            outcome.status, outcome.reason = "failed", "Not stored: the library could not be saved."
        elif outcome.status == "removed" and not removals_stored:
            outcome.status, outcome.reason = "failed", "Deleted from disk, but not yet from the library."
