"""Reading ahead: files parsed and queued on the embedder before their turn keep their own vectors and outcomes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import lancedb
import numpy as np

from app.core.ingest.chunking import embedding_text
from app.core.ingest.indexing import index_file, index_paths, read_ahead
from app.core.store import Library
from tests.benchmarks.bench_small_files import make_notes
from tests.core.conftest import new_library


class _SerialEmbedder:
    """The same model without background workers: ``index_paths`` then embeds each file in its own turn."""

    def __init__(self, embedder) -> None:  # noqa: ANN001 - OnnxEmbedder
        self.model_id, self.model_hash, self.dimension = embedder.model_id, embedder.model_hash, embedder.dimension
        self.embed = embedder.embed


def _vectors_by_document(library: Library) -> dict[str, dict[str, np.ndarray]]:
    table = lancedb.connect(library.lance_uri).open_table("chunks").to_arrow().to_pylist()
    stored: dict[str, dict[str, np.ndarray]] = {}
    for row in table:
        stored.setdefault(row["doc_id"], {})[row["chunk_id"]] = np.asarray(row["vector"], dtype=np.float32)
    return stored


def test_each_file_keeps_its_own_vectors_when_read_ahead(library: Library, embedder, tmp_path: Path) -> None:  # noqa: ANN001
    notes = tmp_path / "notes"
    notes.mkdir()
    make_notes(notes, 24, seed=5)
    shutil.copy(notes / "sub3" / "note_00003.txt", notes / "copy_of_3.txt")  # read ahead, then found a duplicate
    report = index_paths([notes], library, embedder)
    assert (report.count("indexed"), report.count("duplicate")) == (24, 1)

    stored = _vectors_by_document(library)
    assert len(stored) == 24
    for document in library.list_documents():
        chunks = library.chunks_of(document.doc_id)
        assert 1 <= len(chunks) <= 4  # one batch per file: its vectors do not depend on the order within it
        # A file's texts are embedded in batches of their own, never with another file's: the vectors must be
        # those of the file embedded alone (int8 activations are quantised per batch, so a mix-up would show).
        alone = embedder.embed([embedding_text(c, document) for c in chunks])
        for chunk, vector in zip(chunks, alone, strict=True):
            np.testing.assert_allclose(stored[document.doc_id][chunk.chunk_id], vector, rtol=0, atol=1e-5)


def test_an_embedder_without_workers_builds_the_same_library(library: Library, embedder, tmp_path: Path) -> None:  # noqa: ANN001
    notes = tmp_path / "notes"
    notes.mkdir()
    make_notes(notes, 8, seed=9)
    index_paths([notes], library, embedder)
    serial = new_library(tmp_path / "serial", embedder)
    assert index_paths([notes], serial, _SerialEmbedder(embedder)).count("indexed") == 8
    read_ahead_vectors, serial_vectors = _vectors_by_document(library), _vectors_by_document(serial)
    assert read_ahead_vectors.keys() == serial_vectors.keys()
    for doc_id, chunks in serial_vectors.items():
        assert chunks.keys() == read_ahead_vectors[doc_id].keys()
        for chunk_id, vector in chunks.items():
            np.testing.assert_allclose(read_ahead_vectors[doc_id][chunk_id], vector, rtol=0, atol=1e-5)


def test_a_file_changed_after_it_was_read_ahead_is_read_again(library: Library, embedder, tmp_path: Path) -> None:  # noqa: ANN001
    note = tmp_path / "note.txt"
    note.write_text("Backlog rose to 4.2 billion dollars on aerospace orders.\n")
    with library.writing() as session:
        prepared = read_ahead(note, session, embedder)
        assert prepared is not None
        note.write_text("Guidance cut: freight costs and tariffs squeeze the gross margin.\n")
        os.utime(note, (1_700_000_000, 1_700_000_000))
        outcome = index_file(note, session, embedder, prepared=prepared)
    assert outcome.status == "indexed"
    (document,) = library.list_documents()
    assert "Guidance cut" in library.chunks_of(document.doc_id)[0].text
    assert document.mtime == 1_700_000_000


def test_moved_files_are_read_ahead_but_not_embedded(library: Library, embedder, tmp_path: Path) -> None:  # noqa: ANN001
    notes = tmp_path / "notes"
    notes.mkdir()
    make_notes(notes, 6, seed=2)
    assert index_paths([notes], library, embedder).count("indexed") == 6
    notes.rename(tmp_path / "renamed")
    queued: list[list[str]] = []

    class Counting(_SerialEmbedder):
        def submit(self, texts: list[str]):  # noqa: ANN202 - a Future
            queued.append(texts)
            return embedder.submit(texts)

    report = index_paths([tmp_path / "renamed"], library, Counting(embedder))
    assert report.count("unchanged") == 6 and all("Moved from" in o.reason for o in report.outcomes)
    assert queued == []
