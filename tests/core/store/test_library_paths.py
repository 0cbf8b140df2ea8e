"""A path owns its content: overwritten, swapped, touched and deleted files, duplicates as second paths, the
statements hook, and a full disk that stops a batch with a sentence and leaves the library intact."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from app.core.ingest import indexing
from app.core.ingest.indexing import index_paths
from app.core.store import Library
from app.core.store.session import WriteSession

ACME = "Acme revenue grew strongly in the year thanks to pricing and volume in every segment of the business."
GLOBEX = "Globex margin fell because freight costs rose sharply and the company cut prices to clear inventories."


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A folder of the user's files (beside the library folder, not around it)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder


def write(path: Path, text: str, later: float = 0.0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if later:
        os.utime(path, (time.time() + later, time.time() + later))
    return path


def texts(library: Library) -> dict[str, str]:
    """Each document's path and text."""
    return {Path(d.path).name: " ".join(c.text for c in library.chunks_of(d.doc_id)) for d in library.list_documents()}


def test_a_file_overwritten_with_another_files_bytes_loses_its_old_text(library: Library, embedder,  # noqa: ANN001
                                                                         docs: Path) -> None:
    tmp_path = docs
    a, b = write(tmp_path / "a.txt", ACME), write(tmp_path / "b.txt", GLOBEX)
    index_paths([tmp_path], library, embedder)
    write(b, ACME, later=5)
    report = index_paths([tmp_path], library, embedder)
    assert {Path(o.path).name: o.status for o in report.outcomes} == {"a.txt": "unchanged", "b.txt": "duplicate"}
    assert texts(library) == {"a.txt": ACME}  # the freight text is gone, not kept under b's name
    acme = library.list_documents()[0]
    assert library.copies_of(acme.doc_id) == [str(b.resolve())]
    # The first path deleted: the document lives on under its duplicate.
    a.unlink()
    report = index_paths([tmp_path], library, embedder)
    assert [o.status for o in report.outcomes if o.status != "duplicate"] == ["removed"]
    assert [d.path for d in library.list_documents()] == [str(b.resolve())] and not library.copies_of(acme.doc_id)
    assert library.chunk_count() == acme.chunk_count


def test_swapped_files_and_deleted_files(library: Library, embedder, docs: Path) -> None:  # noqa: ANN001
    tmp_path = docs
    a, b = write(tmp_path / "a.txt", ACME), write(tmp_path / "b.txt", GLOBEX)
    extra = write(tmp_path / "sub" / "c.txt", GLOBEX + " Extra.")
    index_paths([tmp_path], library, embedder)
    write(a, GLOBEX, later=5)
    write(b, ACME, later=5)
    index_paths([tmp_path], library, embedder)
    assert texts(library) == {"a.txt": GLOBEX, "b.txt": ACME, "c.txt": GLOBEX + " Extra."}
    extra.unlink()
    index_paths([a], library, embedder)  # another file of the folder: nothing is dropped
    assert len(library.list_documents()) == 3
    report = index_paths([tmp_path / "sub"], library, embedder)  # its folder: dropped
    assert report.count("removed") == 1 and "1 removed" in report.summary_lines()[-1]
    assert sorted(texts(library)) == ["a.txt", "b.txt"]
    assert library.chunk_count() == sum(d.chunk_count for d in library.list_documents())


def test_a_touched_file_is_not_parsed_again(library: Library, embedder, tmp_path: Path,  # noqa: ANN001
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    note = write(tmp_path / "a.txt", ACME)
    index_paths([note], library, embedder)
    write(note, ACME, later=5)  # same bytes, new time (a copy over it, a sync tool, touch)
    parsed: list[Path] = []
    real_parse = indexing.parse_file
    monkeypatch.setattr(indexing, "parse_file", lambda path: parsed.append(path) or real_parse(path))
    assert index_paths([note], library, embedder).outcomes[0].status == "unchanged"
    assert index_paths([note], library, embedder).outcomes[0].reason == "Already indexed and not modified."
    assert parsed == [] and library.list_documents()[0].mtime == pytest.approx(note.stat().st_mtime)


def test_statements_are_stored_and_go_with_their_document(library: Library, embedder, tmp_path: Path) -> None:  # noqa: ANN001
    index_paths([write(tmp_path / "a.txt", ACME)], library, embedder)
    doc_id = library.list_documents()[0].doc_id
    assert library.statements("not-a-document") is None
    library.set_statements(doc_id, '{"income": []}')
    library.set_statements(doc_id, '{"income": [1]}')
    assert library.statements(doc_id) == '{"income": [1]}'
    library.remove_document(doc_id)
    assert library.statements(doc_id) is None and library.chunk_count() == 0


def test_a_full_disk_stops_the_batch_with_a_sentence_and_keeps_the_library(library: Library, embedder,  # noqa: ANN001
                                                                            tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first = write(tmp_path / "first" / "a.txt", ACME)
    index_paths([tmp_path / "first"], library, embedder)
    kept = library.chunk_count()
    write(tmp_path / "more" / "b.txt", GLOBEX)

    def full(_self: WriteSession, _new: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(WriteSession, "_commit", full)
        report = index_paths([tmp_path / "more"], library, embedder)
    assert "the disk is full" in report.error and "intact" in report.error
    assert report.outcomes[-1].status == "failed" and report.summary_lines()[-1].endswith("— stopped")
    assert library.chunk_count() == kept and [d.path for d in library.list_documents()] == [str(first.resolve())]
    report = index_paths([tmp_path / "more"], library, embedder)  # space freed: the next run completes
    assert report.count("indexed") == 1 and not report.error
    assert library.chunk_count() == sum(d.chunk_count for d in library.list_documents())


def test_library_json_is_written_atomically(tmp_path: Path) -> None:
    from app.core.store import write_atomically

    target = tmp_path / "library.json"
    write_atomically(target, '{"a": 1}')
    write_atomically(target, '{"a": 2}')
    assert target.read_text() == '{"a": 2}' and [p.name for p in tmp_path.iterdir()] == ["library.json"]
