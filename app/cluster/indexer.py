"""``finlens cluster-index``: the same indexing code as ``finlens index``, spread over a Ray cluster.

How a job runs:

1. The driver lists the files (:func:`app.core.ingest.discovery.discover_files`), hashes them and skips every file whose
   bytes the library already holds, or that an earlier file of this job has (duplicates are not embedded twice).
2. A pool of Ray actors (one per worker, one CPU each) loads the ONNX embedder once and runs
   :func:`app.core.ingest.indexing.index_file` on one file per call, against a capturing stand-in for the write session:
   the actor parses, chunks and embeds, and returns the document, its passages and vectors. Actors write nothing,
   so a killed worker leaves nothing behind: Ray restarts the actor and retries the call (``max_task_retries``).
3. The driver commits the returned documents through the library's write session, in batches, each document's
   ``documents`` row after its passages (the commit marker): no half-indexed document is ever visible. On a team
   library the driver is an appender, so several jobs (or ``finlens index`` runs) may add at once.
4. The job ends with the maintenance run (:meth:`Library.maintain`): repair, indexes, compaction, published tag.

Files are read by the workers at the driver's paths: on a multi-machine cluster they must be on storage every node
mounts at the same path (an NFS share of filings, say).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from app.core.ingest.discovery import FileOutcome, discover_files
from app.core.ingest.indexing import index_file
from app.core.ingest.parsing import content_hash
from app.core.records import Chunk, DocumentInfo
from app.core.store import Library


class _CaptureSession:
    """Stands in for a write session inside a worker: knows no stored document, records the one ``index_file`` adds.

    Knowing nothing makes ``index_file`` parse, chunk and embed every file it gets; the driver has already skipped
    known contents, and its real session settles duplicates between concurrent jobs.
    """

    append_only = True  # a worker only ever adds

    def __init__(self) -> None:
        self.added: tuple[DocumentInfo, list[Chunk], Any, list[str]] | None = None
        self.statements: str | None = None

    def find_by_path(self, path: str) -> None:
        return None

    def find_by_hash(self, content_hash: str) -> None:
        return None

    def get_document(self, doc_id: str) -> None:
        return None

    def copy_at(self, path: str) -> None:
        return None

    def copies_of(self, doc_id: str) -> list[dict[str, Any]]:
        return []

    def add_document(self, document: DocumentInfo, chunks: list[Chunk], vectors: Any, search_texts: list[str]) -> None:
        self.added = (document, chunks, vectors, search_texts)

    def set_statements(self, doc_id: str, payload: str) -> None:
        self.statements = payload


class IndexWorker:
    """A Ray actor's body: one ONNX embedder, loaded once, indexing one file per call (see module docstring)."""

    def __init__(self, model: str, threads: int, on_task_start: Callable[[str], None] | None = None) -> None:
        from app.core.retrieval.embedding import load_embedder

        self.embedder = load_embedder(model, threads=threads)
        self.on_task_start = on_task_start

    def index(self, path: str) -> dict[str, Any]:
        """Parse, chunk and embed one file; nothing is written anywhere."""
        if self.on_task_start is not None:  # tests kill the worker here to prove the retry
            self.on_task_start(path)
        session = _CaptureSession()
        outcome = index_file(Path(path), session, self.embedder)  # type: ignore[arg-type]
        return {"outcome": outcome, "added": session.added, "statements": session.statements, "pid": os.getpid()}


@dataclass
class ClusterReport:
    """What a cluster job did."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    known: int = 0          # files whose bytes the library already held (not sent to the cluster)
    seconds: float = 0.0    # parse → chunk → embed → commit, Ray start-up excluded
    startup_seconds: float = 0.0
    workers: int = 0
    published: dict[str, int] = field(default_factory=dict)

    def count(self, status: str) -> int:
        """Files with this outcome status."""
        return sum(1 for o in self.outcomes if o.status == status)

    def summary(self) -> str:
        """One line for the terminal."""
        indexed = self.count("indexed")
        rate = indexed / self.seconds if self.seconds else 0.0
        pages = sum(o.pages for o in self.outcomes if o.status == "indexed")
        return (f"{indexed} indexed ({pages} pages, {rate:.2f} files/s on {self.workers} workers), {self.known} "
                f"already in the library, {self.count('duplicate')} duplicates, {self.count('failed')} failed, "
                f"{self.count('skipped')} skipped.")


def start_ray(address: str | None, workers: int) -> None:
    """Connect to a Ray cluster (``ray://HOST:PORT`` or ``auto``), or start a local one with ``workers`` CPUs."""
    import ray

    if ray.is_initialized():
        return
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)


def cluster_index(paths: Iterable[str | os.PathLike[str]], library: Library, model: str, *,
                  address: str | None = None, workers: int = 2, threads_per_worker: int = 1,
                  maintain: bool = True, keep: timedelta | None = None,
                  on_progress: Callable[[int, int, float], None] | None = None,
                  on_task_start: Callable[[str], None] | None = None) -> ClusterReport:
    """Index files into ``library`` on Ray (see module docstring).

    Args:
        paths: files and folders, readable at these paths by every worker.
        library: a writable library (a team library opened as an appender, or a local folder).
        model: the embedding model folder (the library's); every worker loads it.
        address: ``ray://HOST:PORT``, ``auto`` (a cluster this machine belongs to), or None for a local Ray.
        workers: actors (each one CPU) running parse → chunk → embed.
        threads_per_worker: ONNX threads of each actor.
        maintain: end with the maintenance run (publishes the result on a team library).
        keep: how long the maintenance run keeps unpublished versions (default: the store's).
        on_progress: called with (files done, files to index, seconds) after each file.
        on_task_start: run in the worker before each file (tests use it to kill a worker mid-job).
    """
    import ray
    from ray.util import ActorPool

    report = ClusterReport(workers=workers)
    files = discover_files(paths, skipped=report.outcomes)
    stored = {d.content_hash for d in library.list_documents()}
    todo: list[str] = []
    seen: set[str] = set()
    for path in files:
        digest = content_hash(path)
        if digest in stored:
            report.known += 1
        elif digest not in seen:
            seen.add(digest)
            todo.append(str(path.resolve()))
    started = time.perf_counter()
    start_ray(address, workers)
    actor = ray.remote(num_cpus=1, max_restarts=3, max_task_retries=3)(IndexWorker)
    actors = [actor.remote(model, threads_per_worker, on_task_start) for _ in range(workers)]
    pool = ActorPool(actors)
    report.startup_seconds = time.perf_counter() - started
    started = time.perf_counter()
    try:
        with library.writing() as session:
            for done, result in enumerate(pool.map_unordered(lambda a, p: a.index.remote(p), todo), start=1):
                outcome: FileOutcome = result["outcome"]
                if result["added"] is not None:
                    document, chunks, vectors, texts = result["added"]
                    if session.find_by_hash(document.content_hash) is None:
                        session.add_document(document, chunks, vectors, texts)
                        if result["statements"] is not None:
                            session.set_statements(document.doc_id, result["statements"])
                report.outcomes.append(outcome)
                session.flush_if_due()
                if on_progress is not None:
                    on_progress(done, len(todo), time.perf_counter() - started)
    finally:
        for handle in actors:  # free the CPUs for the next job of a long-lived Ray
            ray.kill(handle)
    report.seconds = time.perf_counter() - started
    if maintain:
        maintainer = Library(library.folder, model_id=library.model_id, model_hash=library.model_hash,
                             dimension=library.dimension, maintenance=library.remote)
        if maintainer.remote:
            report.published = maintainer.maintain(**({"keep": keep} if keep is not None else {}))
        else:
            maintainer.refresh_indexes()
    return report


def print_progress(done: int, total: int, seconds: float) -> None:
    """A one-line progress bar with files/s (stderr, rewritten in place)."""
    width = 30
    filled = int(width * done / max(1, total))
    rate = done / seconds if seconds else 0.0
    end = "\n" if done >= total else ""
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files  {rate:.2f} files/s", end=end,
          file=sys.stderr, flush=True)


def run(paths: Sequence[str], *, address: str | None, workers: int, model: str | None) -> ClusterReport:
    """Open the active library as an appender and run :func:`cluster_index` on it (the CLI's body)."""
    from app.core.library_opening import open_for_command

    library, embedder, _ = open_for_command(model, writable=True)
    return cluster_index(paths, library, str(embedder.folder), address=address, workers=workers,
                         on_progress=print_progress)
