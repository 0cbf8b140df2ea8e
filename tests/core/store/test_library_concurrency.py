"""Issue 17 with real processes: readers racing an indexer, two indexers at once, kill -9 at random moments, a writer
that gives up, and a reader that never writes. Small generated text files keep each test to seconds."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.store import Library
from app.core.store.lock import writer_lock
from tests.core.conftest import new_library
from tests.reliability.users import notes

ROOT = Path(__file__).resolve().parents[3]

# Indexes a folder with small batches (so a kill lands between commits as well as inside them).
_INDEXER = """
import sys
import app.core.store.session as session
session.BATCH_FILES, session.BATCH_SECONDS = int(sys.argv[3]), 0.2
from app.core.retrieval.embedding import load_embedder
from app.core.ingest.indexing import index_paths
from app.core.store import Library
e = load_embedder("base")
library = Library(sys.argv[1], model_id=e.model_id, model_hash=e.model_hash, dimension=e.dimension)
report = index_paths([sys.argv[2]], library, e, on_wait=lambda m: print("WAIT", m, flush=True),
                     on_progress=lambda p: print("progress", p.files_done, flush=True))
print("DONE", report.summary_lines()[-1], report.error, flush=True)
"""

# Opens the library again and again (as `finlens search` and `finlens docs` do) until told to stop.
_READER = """
import sys, pathlib
from app.core.retrieval.embedding import load_embedder
from app.core.store import Library
from app.core.retrieval.search import Searcher
e = load_embedder("base")
stop = pathlib.Path(sys.argv[2])
opened = 0
while not stop.exists():
    library = Library(sys.argv[1], model_id=e.model_id, model_hash=e.model_hash, dimension=e.dimension)
    library.list_documents()
    Searcher(library, e).search("revenue margin", k=5)
    opened += 1
print("OPENED", opened, flush=True)
"""


def python(script: str, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def assert_exact(library: Library, expected: int) -> None:
    """Exactly ``expected`` documents, each with all its chunks, and no duplicate rows or chunk ids."""
    documents = library.list_documents()
    assert len(documents) == expected
    assert len({d.doc_id for d in documents}) == expected and len({d.path for d in documents}) == expected
    rows = library.tables.rows("chunks", columns=["doc_id", "chunk_id"])
    assert len({r["chunk_id"] for r in rows}) == len(rows) == library.chunk_count()
    for document in documents:
        assert document.chunk_count > 0
        assert len(library.chunks_of(document.doc_id)) == document.chunk_count, document.path


def test_readers_racing_an_indexer_lose_nothing(tmp_path: Path, embedder) -> None:  # noqa: ANN001
    folder, corpus, stop = tmp_path / "lib", notes(tmp_path / "notes", 30), tmp_path / "stop"
    indexer = python(_INDEXER, folder, corpus, 4)
    readers = [python(_READER, folder, stop) for _ in range(2)]
    out, err = indexer.communicate(timeout=240)
    stop.touch()
    opened = [int(r.communicate(timeout=60)[0].split()[-1]) for r in readers]
    assert indexer.returncode == 0 and "30 indexed" in out, err
    assert all(r.returncode == 0 for r in readers) and sum(opened) > 2
    assert_exact(new_library(folder, embedder), 30)


def test_two_indexers_at_once_give_the_exact_set(tmp_path: Path, embedder) -> None:  # noqa: ANN001
    folder, corpus = tmp_path / "lib", notes(tmp_path / "notes", 20)
    first, second = python(_INDEXER, folder, corpus, 500), python(_INDEXER, folder, corpus, 500)
    results = [p.communicate(timeout=240) for p in (first, second)]
    assert first.returncode == second.returncode == 0, results
    outputs = [out for out, _ in results]  # one indexed everything, the other waited and found it done
    assert sorted(out.split("DONE ")[1].split(" indexed")[0] for out in outputs) == ["0", "20"]
    assert_exact(new_library(folder, embedder), 20)


def test_kill_9_at_random_moments_then_resume_is_exact(tmp_path: Path, embedder) -> None:  # noqa: ANN001
    folder, corpus = tmp_path / "lib", notes(tmp_path / "notes", 24)
    seed = int(os.environ.get("FINLENS_KILL_SEED", time.time()))  # rerun a failure with FINLENS_KILL_SEED=<seed>
    chance = random.Random(seed)
    for _ in range(3):
        process = python(_INDEXER, folder, corpus, 3)
        assert process.stdout is not None
        for line in process.stdout:  # kill once it is writing, at a random moment after that
            if line.startswith(("progress", "DONE")):
                break
        time.sleep(chance.uniform(0.0, 1.5))
        process.kill()
        process.communicate()
        reader = new_library(folder, embedder)
        for document in reader.list_documents():  # whatever committed is whole, even before any repair
            assert len(reader.chunks_of(document.doc_id)) == document.chunk_count, f"seed {seed}"
    resume = python(_INDEXER, folder, corpus, 3)
    out, err = resume.communicate(timeout=240)
    assert resume.returncode == 0, f"seed {seed}: {err}"
    assert_exact(new_library(folder, embedder), 24)
    assert ", 0 failed" in out


def test_a_second_writer_gives_up_with_a_sentence_and_the_summary(tmp_path: Path, embedder) -> None:  # noqa: ANN001
    folder, corpus = tmp_path / "lib", notes(tmp_path / "notes", 2)
    lock = writer_lock(folder)
    lock.acquire(timeout=1)
    try:
        result = subprocess.run([sys.executable, "-m", "app.cli", "--library", str(folder), "index", str(corpus),
                                 "--model", "base", "--wait", "1"], cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "FINLENS_CONFIG_DIR": str(tmp_path / "config")}, timeout=120)
    finally:
        lock.release()
    assert result.returncode == 1
    assert "Another FinLens is indexing this library; waiting…" in result.stderr
    assert "kept this library busy" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("0 indexed")
    assert Library.read_meta(folder) is None  # the waiting writer created nothing


def test_readers_never_write(tmp_path: Path, embedder) -> None:  # noqa: ANN001
    missing = tmp_path / "nothing-here"
    assert new_library(missing, embedder).list_documents() == [] and not missing.exists()
    folder = tmp_path / "lib"
    notes(folder.parent / "notes", 3)
    from app.core.ingest.indexing import index_paths

    index_paths([folder.parent / "notes"], new_library(folder, embedder), embedder)
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    (folder / "write.lock").write_text(json.dumps({"state": "writing"}))  # even after a crash, readers repair nothing
    before[folder / "write.lock"] = (folder / "write.lock").stat().st_mtime_ns
    from app.core.retrieval.search import Searcher

    reader = new_library(folder, embedder)
    assert Searcher(reader, embedder).search("revenue", k=3).hits and len(reader.list_documents()) == 3
    after = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX lock semantics")
def test_the_lock_follows_a_folder_moved_aside(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    holder = writer_lock(folder)
    holder.acquire(timeout=1)
    folder.rename(tmp_path / "lib.previous")  # what `finlens reindex` does, as the writer
    holder.release()
    fresh = writer_lock(folder)
    fresh.acquire(timeout=1)  # the new folder's lock, not the moved one's
    try:
        assert (folder / "write.lock").exists()
    finally:
        fresh.release()
