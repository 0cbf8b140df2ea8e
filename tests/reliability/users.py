"""What the reliability cases do as a user would: run ``finlens`` in its own process, on generated files.

:func:`finlens` starts the command (``python -m app.cli --library DIR ...``) and :class:`Running` follows what it
prints while it runs, so a case can act at the moment a user would ("when it says it is waiting"). The paused
indexer (:func:`paused_indexer`) is FinLens's own indexing in a separate process that stops after its first commits
until told to go on: a long index run, caught at a known moment, without a test that depends on timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from app.core.store import read_indexed_paths

ROOT = Path(__file__).resolve().parents[2]

#: FinLens's own indexing (app.core.ingest.indexing.index_paths, the code behind ``finlens index``) in a separate
#: process, committing every ten files; after file ``pause_at`` it prints PAUSED and waits until the file ``go`` exists.
_PAUSED_INDEXER = """
import pathlib, sys, time
import app.core.store.session as session
session.BATCH_FILES = 10
from app.core.retrieval.embedding import load_embedder
from app.core.ingest.indexing import index_paths
from app.core.store import Library
library_dir, folder, pause_at, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), pathlib.Path(sys.argv[4])
embedder = load_embedder("default")
library = Library(library_dir, model_id=embedder.model_id, model_hash=embedder.model_hash,
                  dimension=embedder.dimension)

def progress(state):
    if state.last_outcome is not None and state.files_done == pause_at:
        print("PAUSED", flush=True)
        while not go.exists():
            time.sleep(0.05)

report = index_paths([folder], library, embedder, on_progress=progress)
print(report.summary_lines()[-1], report.error, flush=True)
"""


class Running:
    """A process started for a case, with everything it printed so far (stdout and stderr, in order)."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, cwd=ROOT, text=True, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        """What it printed so far."""
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float = 120.0) -> bool:
        """Wait until it printed a line containing ``text``; False when it ended or ``timeout`` passed first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return True
            if self.process.poll() is not None:
                self._reader.join(timeout=5)
                return any(text in line for line in self.lines)
            time.sleep(0.05)
        return False

    def finish(self, timeout: float = 300.0) -> int:
        """Wait for it to end; its exit status."""
        try:
            status = self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        self._reader.join(timeout=5)
        return status


def finlens(library: Path, *args: object) -> Running:
    """Start ``finlens --library LIBRARY ARGS`` as a user types it."""
    return Running([sys.executable, "-m", "app.cli", "--library", str(library), *map(str, args)])


def paused_indexer(library: Path, folder: Path, pause_at: int, go: Path) -> Running:
    """Start an index run of ``folder`` that stops after file ``pause_at`` until ``go`` exists (see module doc)."""
    return Running([sys.executable, "-c", _PAUSED_INDEXER, str(library), str(folder), str(pause_at), str(go)])


def notes(folder: Path, count: int, start: int = 0) -> Path:
    """``count`` distinct one-passage analyst notes (small files: an index run of hundreds takes seconds)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(start, start + count):
        (folder / f"note_{number:04d}.txt").write_text(
            f"Company {number} analyst note. Revenue grew {number % 17} percent while the margin moved "
            f"{number % 5} points; management guided to capital expenditures of {number * 3} million.\n")
    return folder


def stored_paths(library: Path) -> set[str]:
    """The files a library folder holds (read as ``finlens reindex`` reads them, whatever model built it)."""
    paths = read_indexed_paths(library)
    assert paths is not None, f"the tables of {library} cannot be read"
    return set(paths)


def files_in(folder: Path) -> set[str]:
    """The resolved paths of the files in ``folder``."""
    return {str(p.resolve()) for p in folder.iterdir() if p.is_file()}
