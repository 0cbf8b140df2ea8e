"""Batches: discovery of files and folders, bad inputs reported one line each, progress and cancel."""

from __future__ import annotations

import os
from pathlib import Path

from app.core.ingest.discovery import discover_files
from app.core.ingest.indexing import index_paths
from app.core.store import Library
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


class CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, embedder) -> None:  # noqa: ANN001
        self.embedder = embedder
        self.model_id, self.model_hash, self.dimension = embedder.model_id, embedder.model_hash, embedder.dimension
        self.texts: list[str] = []

    def embed(self, texts: list[str]):  # noqa: ANN201
        self.texts += texts
        return self.embedder.embed(texts)


def test_repeated_passages_are_embedded_once_and_stored_for_every_chunk(library: Library, embedder,  # noqa: ANN001
                                                                        tmp_path: Path) -> None:
    import numpy as np
    import pymupdf

    # Long enough (> MIN_TOKENS_AT_PAGE_END) that each page is a chunk of its own, as an exhibit's pages are.
    boilerplate = ["IN WITNESS WHEREOF, the Company has caused this Award Agreement to be executed by its duly",
                   "authorized officer, and the Grantee has accepted the award on the terms set forth above,",
                   "subject to the Plan, which governs in case of conflict, and to the restrictions on transfer",
                   "described in Section 4, the vesting schedule in Exhibit A and the tax withholding rules."] * 2
    summary = ["Revenue grew 12% on higher widget volumes in every region, while gross margin fell by 80 bps",
               "because of freight costs; capital expenditures rose to fund the new plant in Ohio, and free",
               "cash flow was lower than last year as inventories were built ahead of the peak season."] * 2
    path = tmp_path / "ACME_2022_10K.pdf"
    with pymupdf.open() as pdf:
        for number in range(4):
            page = pdf.new_page()
            lines = boilerplate if number else summary
            for row, line in enumerate(lines):
                page.insert_text((72, 100 + 14 * row), line, fontsize=10)
        pdf.save(path)

    counting = CountingEmbedder(embedder)
    outcome = index_paths([path], library, counting).outcomes[0]
    chunks = library.chunks_of(outcome.doc_id)
    repeated = [c for c in chunks if c.text.startswith("IN WITNESS")]
    assert outcome.status == "indexed" and len(chunks) == 4 and len(repeated) == 3
    assert len(counting.texts) == len(set(counting.texts)) == 2
    assert {c.pages[0] for c in repeated} == {1, 2, 3}  # every copy is stored, with its own page
    vectors = [row["vector"] for row in library.tables.rows("chunks", where=f"doc_id = '{outcome.doc_id}'",
                                                       columns=["vector"])]
    assert len(vectors) == 4 and all(np.linalg.norm(v) > 0.99 for v in vectors)
