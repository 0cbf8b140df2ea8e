"""The LanceDB library: idempotent indexing, changed and moved files, removal, metadata edits, model mismatch,
crash recovery, index maintenance and libraries cut by an older chunker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from app.core.ingest.indexing import index_paths
from app.core.records import CHUNKING_VERSION
from app.core.store import Library, LibraryMismatchError
from tests.core.conftest import new_library
from tests.pdf_factory import make_10k


def test_indexing_twice_never_duplicates(library: Library, embedder, filings: Path) -> None:  # noqa: ANN001
    first = index_paths([filings], library, embedder)
    assert first.count("indexed") == 3
    chunks = library.chunk_count()
    second = index_paths([filings], library, embedder)
    assert second.count("unchanged") == 3 and second.count("indexed") == 0
    assert library.chunk_count() == chunks
    assert len(library.list_documents()) == 3


def test_changed_file_replaces_its_chunks(library: Library, embedder, tmp_path: Path) -> None:  # noqa: ANN001
    path = make_10k(tmp_path / "ACME_2022_10K.pdf", revenue=("12,345", "11,002"))
    index_paths([path], library, embedder)
    old = library.find_by_path(str(path.resolve()))
    make_10k(path, revenue=("99,999", "11,002"))
    os.utime(path, (time.time() + 5, time.time() + 5))
    report = index_paths([path], library, embedder)
    assert report.count("indexed") == 1
    documents = library.list_documents()
    assert len(documents) == 1 and documents[0].doc_id != old.doc_id
    texts = " ".join(c.text for c in library.chunks_of(documents[0].doc_id))
    assert "99,999" in texts
    assert not library.chunks_of(old.doc_id)


def test_same_content_under_two_names_is_one_document(library: Library, embedder, tmp_path: Path) -> None:  # noqa: ANN001
    original = make_10k(tmp_path / "a.pdf")
    shutil.copy(original, tmp_path / "copy.pdf")
    report = index_paths([tmp_path], library, embedder)
    assert report.count("indexed") == 1 and report.count("duplicate") == 1
    # A moved file keeps its chunks and gets its new path.
    moved = tmp_path / "moved.pdf"
    (tmp_path / "copy.pdf").unlink()
    original.rename(moved)
    report = index_paths([moved], library, embedder)
    assert report.count("unchanged") == 1
    assert library.list_documents()[0].path == str(moved.resolve())


def test_remove_and_edit_metadata(library: Library, embedder, filings: Path) -> None:  # noqa: ANN001
    index_paths([filings], library, embedder)
    globex = next(d for d in library.list_documents() if d.ticker == "GBX")
    with library.writing() as session:
        session.update_metadata(globex.doc_id, {"company": "Globex Holdings", "fiscal_year": 2023,
                                                "fiscal_period": "FY2023"})
    edited = library.get_document(globex.doc_id)
    assert edited is not None
    assert (edited.company, edited.fiscal_year) == ("Globex Holdings", 2023)
    rows = library.tables.rows("chunks", where=f"doc_id = '{globex.doc_id}'", columns=["company", "fiscal_year"])
    assert {(r["company"], r["fiscal_year"]) for r in rows} == {("Globex Holdings", 2023)}
    assert library.remove_document(globex.doc_id)
    assert not library.remove_document(globex.doc_id)
    assert library.get_document(globex.doc_id) is None and not library.chunks_of(globex.doc_id)


def test_library_refuses_another_model(tmp_path: Path, embedder, filings: Path) -> None:  # noqa: ANN001
    library = new_library(tmp_path / "lib", embedder)
    index_paths([filings / "ACME_2022_10K.pdf"], library, embedder)
    with pytest.raises(LibraryMismatchError, match="re-index"):
        Library(tmp_path / "lib", model_id="some-other-model", model_hash="abc", dimension=embedder.dimension)
    with pytest.raises(LibraryMismatchError):
        Library(tmp_path / "lib", model_id=embedder.model_id, model_hash=embedder.model_hash, dimension=768)
    # A retrained model keeps its name; the message tells the two apart by version.
    with pytest.raises(LibraryMismatchError, match=r"\(version [0-9a-f]{12}\).*\(version 0123456789ab\)"):
        Library(tmp_path / "lib", model_id=embedder.model_id, model_hash="0123456789abcdef",
                dimension=embedder.dimension)


def mark_cut_by_first_chunker(folder: Path) -> None:
    """Make ``folder`` look like a library built before chunking versions were recorded."""
    meta = json.loads((folder / "library.json").read_text())
    del meta["chunking_version"]
    (folder / "library.json").write_text(json.dumps(meta))


def test_reports_indexed_before_statements_were_read_get_a_reindex_advice(tmp_path: Path, embedder,  # noqa: ANN001
                                                                         filings: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    library = new_library(tmp_path / "lib", embedder)
    index_paths([filings / "ACME_2022_10K.pdf"], library, embedder)
    assert not library.statements_missing and library.reindex_advice() is None
    # As an older FinLens indexed: no statements stored.
    monkeypatch.setattr("app.core.ingest.indexing.statements_payload", lambda parsed: None)
    old = new_library(tmp_path / "old", embedder)
    index_paths([filings / "ACME_2022_10K.pdf"], old, embedder)
    assert old.statements_missing and "before FinLens read financial statements" in old.reindex_advice()


def test_a_library_cut_by_an_older_chunker_still_opens_and_advises_a_reindex(tmp_path: Path, embedder,  # noqa: ANN001
                                                                             filings: Path) -> None:
    folder = tmp_path / "lib"
    library = new_library(folder, embedder)
    assert Library.read_meta(folder) is None and library.reindex_advice() is None  # created by its first writer
    index_paths([filings / "ACME_2022_10K.pdf"], library, embedder)
    assert Library.read_meta(folder)["chunking_version"] == CHUNKING_VERSION
    mark_cut_by_first_chunker(folder)
    reopened = new_library(folder, embedder)
    assert reopened.chunking_outdated and "Re-index" in reopened.reindex_advice()
    assert reopened.chunk_count() == library.chunk_count() > 0  # searchable as it is: nothing is dropped
    # An old library that holds nothing has nothing to re-index: no advice, and its next writer marks it current
    # (readers never write library.json).
    empty = tmp_path / "empty"
    with new_library(empty, embedder).writing():
        pass
    mark_cut_by_first_chunker(empty)
    reader = new_library(empty, embedder)
    assert reader.reindex_advice() is None and "chunking_version" not in Library.read_meta(empty)
    with reader.writing():
        pass
    assert Library.read_meta(empty)["chunking_version"] == CHUNKING_VERSION


def test_orphan_chunks_from_a_crash_are_removed_by_the_next_writer_only(library: Library, embedder,  # noqa: ANN001
                                                                           filings: Path) -> None:
    index_paths([filings / "ACME_2022_10K.pdf"], library, embedder)
    kept = library.chunk_count()
    # Simulate a crash after the chunks were written but before the document row (the commit marker).
    chunk = library.chunks_of(library.list_documents()[0].doc_id)[0]
    chunk.doc_id = "halfdone"
    from app.core.records import DocumentInfo
    from app.core.store.tables import chunk_table

    library.tables.table("chunks").add(chunk_table(DocumentInfo("halfdone", "x.pdf", "x"), [chunk],
                                                   np.zeros((1, embedder.dimension), np.float32), ["x"],
                                                   embedder.dimension))
    (library.folder / "write.lock").write_text('{"state": "writing"}')  # the writer died
    reopened = new_library(library.folder, embedder)
    assert reopened.chunk_count() == kept + 1  # a reader deletes nothing: the chunks might be a writer's batch
    with reopened.writing():
        pass
    assert reopened.chunk_count() == kept


_KILL_SCRIPT = """
import sys
from app.core.retrieval.embedding import load_embedder
from app.core.records import CHUNKING_VERSION
from app.core.ingest.indexing import index_paths
from app.core.store import Library
e = load_embedder("base")
lib = Library(sys.argv[1], model_id=e.model_id, model_hash=e.model_hash, dimension=e.dimension)
print("ready", flush=True)
index_paths([sys.argv[2]], lib, e, on_progress=lambda p: print("progress", p.files_done, flush=True))
"""


def test_kill_9_mid_indexing_leaves_a_consistent_library_that_resumes(tmp_path: Path, embedder) -> None:  # noqa: ANN001
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(8):
        make_10k(corpus / f"CO{i}_2022_10K.pdf", company=f"Company {i} Inc.", ticker=f"C{i}X")
    folder = tmp_path / "lib"
    process = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(folder), str(corpus)],
                               stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[3])
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("progress 2"):
            break
    process.kill()
    process.wait()
    library = new_library(folder, embedder)
    documents = library.list_documents()
    assert len(documents) < 8  # batched commits: the last batch may not have committed
    for document in documents:  # every committed document is whole
        assert len(library.chunks_of(document.doc_id)) == document.chunk_count
    report = index_paths([corpus], library, embedder)
    assert report.count("indexed") + report.count("unchanged") == 8
    assert len(library.list_documents()) == 8
    assert library.chunk_count() == sum(d.chunk_count for d in library.list_documents())


def test_vector_index_is_built_when_the_library_grows(library: Library, embedder, filings: Path,  # noqa: ANN001
                                                     capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Enough passages for a vector index of several partitions (LanceDB warns on stderr only for those).
    notes = tmp_path / "segment_notes.txt"
    notes.write_text("\n\n".join(f"Segment {n} note. " + " ".join(f"Store {n}-{w} sales rose {w % 9} percent."
                                                                  for w in range(60)) for n in range(40)))
    index_paths([filings, notes], library, embedder)
    assert not library.has_vector_index()
    library.refresh_indexes(vector_index_min_rows=10)
    assert library.has_vector_index()
    kinds, indexed = library.index_names()
    assert "FTS" in kinds
    assert {"company", "form_type", "fiscal_year", "doc_id"} <= indexed  # filters use scalar indexes
    from app.core.retrieval.search import Searcher, SearchFilters

    hits = Searcher(library, embedder).search("capital expenditures", k=5,
                                              filters=SearchFilters(companies=["Globex Corporation"])).hits
    assert hits and {h.document.company for h in hits} == {"Globex Corporation"}
    library.refresh_indexes(vector_index_min_rows=10)  # a second refresh keeps (and updates) them
    # LanceDB's index-statistics warning is not shown to users. (KMeans may warn about empty clusters on this tiny
    # fixture; a real library gets its vector index at 20,000 passages.)
    assert "statistics currently include centroids" not in capfd.readouterr().err
