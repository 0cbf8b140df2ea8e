"""Batches: discovery of files and folders, bad inputs reported one line each, progress and cancel."""

from __future__ import annotations

import os
from pathlib import Path

from app.core.indexing import discover_files, index_paths
from app.core.library import Library
from tests.pdf_factory import make_10k, make_encrypted_pdf, make_scanned_pdf


def test_bad_inputs_are_reported_and_the_batch_continues(library: Library, embedder, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "inbox"
    folder.mkdir()
    make_10k(folder / "good_2022_10K.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(3000))
    (folder / "fake.pdf").write_bytes(os.urandom(3000) + b"\x00")
    make_encrypted_pdf(folder / "locked.pdf")
    make_scanned_pdf(folder / "scan.pdf")
    make_10k(folder / "Bilanz_Übersicht_2022 年报.pdf", company="Müller Maschinenbau AG", ticker="MUEL")
    (folder / "folder.pdf").mkdir()
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "image.png").write_bytes(b"\x89PNG")

    report = index_paths([folder, tmp_path / "missing.pdf"], library, embedder)
    reasons = {Path(o.path).name: (o.status, o.reason) for o in report.outcomes}
    assert reasons["good_2022_10K.pdf"][0] == "indexed"
    assert reasons["Bilanz_Übersicht_2022 年报.pdf"][0] == "indexed"
    assert "empty" in reasons["empty.pdf"][1]
    assert reasons["corrupt.pdf"][0] == "failed" and "damaged" in reasons["corrupt.pdf"][1]
    assert "Not a PDF" in reasons["fake.pdf"][1]
    assert "Password-protected" in reasons["locked.pdf"][1]
    assert "Scanned PDF" in reasons["scan.pdf"][1] and "OCR" in reasons["scan.pdf"][1]
    assert "No such file" in reasons["missing.pdf"][1]
    assert any("unsupported types" in o.reason for o in report.outcomes)
    assert len(library.list_documents()) == 2
    summary = report.summary_lines()
    assert summary[-1].startswith("2 indexed")
    assert all(len(line.splitlines()) == 1 for line in summary)


def test_discovery_handles_thousands_of_files_and_symlink_loops(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(3000):
        (folder / f"note_{i}.txt").write_text("x")
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)
    (folder / ".hidden.pdf").write_text("x")
    files = discover_files([folder, folder / "note_1.txt"])
    assert len(files) == 3000


def test_progress_and_cancel(library: Library, embedder, filings: Path) -> None:  # noqa: ANN001
    events = []
    report = index_paths([filings], library, embedder, on_progress=events.append,
                         should_cancel=lambda: sum(1 for e in events if e.last_outcome) >= 1)
    assert report.cancelled
    assert len(library.list_documents()) == 1
    assert events[-1].fraction <= 1.0
    assert all(0.0 <= e.fraction <= 1.0 for e in events)
