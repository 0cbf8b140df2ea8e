"""Issue 27, item 9: deleting ``write.lock`` under a live writer let a second writer start.

The lock was an OS lock on the file alone: a second ``finlens index`` created a new ``write.lock``, locked that and
wrote beside the first. The writer now also locks the library folder itself, which cannot be deleted while it holds
the library, so the second run waits as it would with the file in place.
"""

from __future__ import annotations

import time
from pathlib import Path

from app.core.store.lock import WAIT_MESSAGE
from tests.reliability.test_reindex_race import assert_whole
from tests.reliability.users import files_in, finlens, notes, paused_indexer, stored_paths


def test_a_second_writer_waits_when_write_lock_was_deleted(tmp_path: Path, embedder: object) -> None:
    first = notes(tmp_path / "first", 30)
    second = notes(tmp_path / "second", 10, start=500)
    library, go = tmp_path / "L", tmp_path / "go"
    indexer = paused_indexer(library, first, 20, go)
    assert indexer.wait_for("PAUSED"), indexer.output
    (library / "write.lock").unlink()  # what a user cleaning up "stale" files does

    adding = finlens(library, "index", second)
    assert adding.wait_for(WAIT_MESSAGE), adding.output
    time.sleep(1.0)
    assert adding.process.poll() is None, adding.output  # still waiting: it wrote nothing
    assert stored_paths(library) == set(sorted(files_in(first))[:20])

    go.touch()
    assert indexer.finish() == 0 and "30 indexed" in indexer.output, indexer.output
    assert adding.finish() == 0 and "10 indexed" in adding.output, adding.output
    assert_whole(library, files_in(first) | files_in(second), embedder)
