"""Issue 27, item 1: ``finlens reindex`` while ``finlens index`` runs lost documents.

The re-index listed the library's files before it held the writer lock, waited for the index run to finish, and
then moved the whole library aside: 31 of 531 documents were left in the live library (the rest only in
``L.previous``). The re-index now lists and moves the library as its writer, after the index run.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from app.core.store import Library
from app.core.store.lock import WAIT_MESSAGE
from tests.reliability.users import files_in, finlens, notes, paused_indexer, stored_paths


def writing(library: Path) -> bool:
    """Whether a writer holds the library now (its lock file says so)."""
    try:
        return '"writing"' in (library / "write.lock").read_text()
    except OSError:
        return False


def assert_whole(library: Path, expected: set[str], embedder: object) -> None:
    """The library holds exactly ``expected``, each document with all its passages."""
    assert stored_paths(library) == expected
    opened = Library(library, model_id=embedder.model_id, model_hash=embedder.model_hash,  # type: ignore[attr-defined]
                     dimension=embedder.dimension)  # type: ignore[attr-defined]
    documents = opened.list_documents()
    assert len(documents) == len(expected)
    for document in documents:
        assert document.chunk_count > 0 and len(opened.chunks_of(document.doc_id)) == document.chunk_count


def test_a_reindex_started_during_an_index_run_keeps_every_document(tmp_path: Path, embedder: object) -> None:
    folder = notes(tmp_path / "notes", 60)
    library, go = tmp_path / "L", tmp_path / "go"
    indexer = paused_indexer(library, folder, 30, go)
    assert indexer.wait_for("PAUSED"), indexer.output
    assert len(stored_paths(library)) == 30  # half the run is committed, the rest still to come

    reindex = finlens(library, "reindex")
    assert reindex.wait_for(WAIT_MESSAGE), reindex.output  # it waits for the index run, as a writer
    go.touch()
    assert indexer.finish() == 0 and "60 indexed" in indexer.output, indexer.output
    assert reindex.finish() == 0, reindex.output
    assert "60 indexed" in reindex.output, reindex.output

    every = files_in(folder)
    assert_whole(library, every, embedder)
    assert stored_paths(tmp_path / "L.previous") == every


def test_an_index_run_waiting_through_a_reindex_lands_in_the_new_library(tmp_path: Path, embedder: object) -> None:
    """A third writer waits behind both: whichever of the re-index and the second index run goes first, the library
    ends with every file of both runs (the second one takes the new library's lock when the folder was swapped)."""
    first = notes(tmp_path / "first", 40)
    second = notes(tmp_path / "second", 10, start=500)
    library, go = tmp_path / "L", tmp_path / "go"
    indexer = paused_indexer(library, first, 20, go)
    assert indexer.wait_for("PAUSED"), indexer.output
    adding = finlens(library, "index", second)
    reindex = finlens(library, "reindex")
    assert adding.wait_for(WAIT_MESSAGE) and reindex.wait_for(WAIT_MESSAGE), adding.output + reindex.output
    go.touch()
    assert indexer.finish() == 0, indexer.output
    assert adding.finish() == 0 and "10 indexed" in adding.output, adding.output
    assert reindex.finish() == 0, reindex.output
    assert_whole(library, files_in(first) | files_in(second), embedder)


@pytest.mark.reliability_slow
def test_finlens_reindex_typed_while_finlens_index_runs(tmp_path: Path, embedder: object) -> None:
    """The tester's commands as typed: ``finlens index BIGFOLDER &``, then ``finlens reindex`` while it runs (as soon
    as the index run holds the library, so that a slow machine still races them)."""
    folder = notes(tmp_path / "big", 2000)
    library = tmp_path / "L"
    index = finlens(library, "index", folder)
    deadline = time.monotonic() + 120
    while not writing(library):
        assert index.process.poll() is None and time.monotonic() < deadline, index.output
        time.sleep(0.1)
    reindex = finlens(library, "reindex")
    assert index.finish() == 0, index.output
    assert reindex.finish() == 0, reindex.output
    # Else the index run ended before the re-index wanted the lock, and this run proved nothing.
    assert WAIT_MESSAGE in reindex.output, "the index run finished too soon to race the re-index"
    assert_whole(library, files_in(folder), embedder)


def test_a_reindex_in_the_window_waits_for_the_window_s_own_indexer(tmp_path: Path, embedder: object) -> None:
    """The window tells its indexer to stop and re-indexes at once: the re-index (same process, so the same lock)
    waits until the indexer has left, and lists what it stored up to the end."""
    from app.core.ingest.indexing import index_paths
    from app.core.library_opening import prepare_reindex
    from tests.core.conftest import new_library

    files = sorted(notes(tmp_path / "notes", 12).iterdir())
    library = new_library(tmp_path / "L", embedder)  # type: ignore[arg-type]
    halfway, go_on = threading.Event(), threading.Event()

    def window_indexer() -> None:
        with library.writing():
            index_paths(files[:6], library, embedder)  # type: ignore[arg-type]
            halfway.set()
            go_on.wait(60)
            index_paths(files[6:], library, embedder)  # type: ignore[arg-type]

    indexer = threading.Thread(target=window_indexer)
    indexer.start()
    assert halfway.wait(60)
    plans: list[object] = []
    reindex = threading.Thread(target=lambda: plans.append(prepare_reindex(tmp_path / "L", "base")))
    reindex.start()
    reindex.join(1.5)
    assert reindex.is_alive()  # waiting for the indexer, not moving the library under it
    go_on.set()
    indexer.join(60)
    reindex.join(60)
    assert sorted(plans[0].paths) == sorted(str(f.resolve()) for f in files)  # type: ignore[attr-defined]
    assert stored_paths(tmp_path / "L.previous") == {str(f.resolve()) for f in files}


def test_a_reindex_where_folders_cannot_be_swapped_in_one_step(tmp_path: Path, embedder: object,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Off Linux (or on a file system without renameat2's exchange) the folder is moved aside, then the new one
    moved in; the library is whole either way."""
    import app.core.store.lock as lock

    monkeypatch.setattr(lock, "_exchange", lambda first, second: False)
    folder = notes(tmp_path / "notes", 5)
    library = tmp_path / "L"
    assert finlens(library, "index", folder).finish() == 0
    from app.core.library_opening import prepare_reindex

    plan = prepare_reindex(library, "base")
    assert sorted(plan.paths) == sorted(files_in(folder)) and plan.backup == tmp_path / "L.previous"
    assert json.loads((library / "library.json").read_text())["model_id"] == embedder.model_id  # type: ignore
    assert not (tmp_path / ".L.new").exists() and stored_paths(plan.backup) == files_in(folder)
