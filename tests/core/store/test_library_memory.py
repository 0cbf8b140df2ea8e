"""Memory a library holds over a long write session: Lance's metadata cache stays within its cap.

Each commit of an indexing run makes a new version of each table, whose manifest lists all of the table's fragments;
with Lance's default cache (1 GiB) every manifest read stayed in memory, so a run's memory grew with the square of
its commits (``tests/benchmarks/bench_small_files.py``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core.records import Chunk, DocumentInfo
from app.core.store import Library
from app.core.store import handle as store_handle

DIMENSION = 8


def commit_one_note_at_a_time(library: Library, notes: int) -> None:
    """``notes`` one-passage documents, each in its own commit (an indexing run's batches, shrunk)."""
    rng = np.random.default_rng(3)
    with library.writing() as session:
        for number in range(notes):
            document = DocumentInfo(doc_id=f"d{number:04}", path=f"/notes/{number}.txt", title=f"Note {number}",
                                    content_hash=f"h{number}")
            chunks = [Chunk(chunk_id=f"{number}-0", doc_id=document.doc_id, ordinal=0, text=f"note {number} margin",
                            pages=[0], char_start=0, char_end=0, rects=[])]
            vectors = rng.standard_normal((1, DIMENSION)).astype(np.float32)
            session.add_document(document, chunks, vectors / np.linalg.norm(vectors), [chunks[0].text])
            session.flush()


def test_a_long_write_session_keeps_lances_metadata_cache_within_its_cap(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    cap = 256 * 1024
    roomy = Library(tmp_path / "roomy", model_id="synthetic", model_hash="0", dimension=DIMENSION)
    commit_one_note_at_a_time(roomy, 50)
    assert roomy.tables.cache.size_bytes > 8 * cap, "too few commits to show the cache growing"

    monkeypatch.setattr(store_handle, "METADATA_CACHE_BYTES", cap)
    library = Library(tmp_path / "library", model_id="synthetic", model_hash="0", dimension=DIMENSION)
    commit_one_note_at_a_time(library, 50)
    # The session's size also counts its index cache (the full-text index, about 100 KB here), which is not capped.
    assert library.tables.cache.size_bytes < 2 * cap
    assert len(library.list_documents()) == 50 and library.chunk_count() == 50
