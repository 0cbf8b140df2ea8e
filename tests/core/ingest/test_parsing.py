"""Reading files: PDF rows and boxes, HTML and text, and every kind of bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest

from app.core.ingest.parsing import IngestionError, parse_file, text_encoding
from app.core.records import Rect
from tests.pdf_factory import make_10k, make_encrypted_pdf, make_scanned_pdf


def test_pdf_rows_join_table_cells_and_keep_boxes(tmp_path: Path) -> None:
    path = make_10k(tmp_path / "ACME_2022_10K.pdf")
    doc = parse_file(path)
    assert doc.kind == "pdf" and doc.page_count == 4
    row = next(r for r in doc.rows if r.text.startswith("Net revenues"))
    # Label and both years' values are one row, in reading order.
    assert row.text == "Net revenues 12,345 11,002"
    assert row.is_table and row.page == 2
    # The row's box contains each of its words' boxes on that page.
    with pymupdf.open(path) as pdf:
        page_words = pdf[2].get_text("words")
        anchor = next(w for w in page_words if w[4] == "12,345")
        words = [w for w in page_words if abs((w[1] + w[3]) / 2 - (anchor[1] + anchor[3]) / 2) < 2]
    assert [w[4] for w in sorted(words, key=lambda w: w[0])] == ["Net", "revenues", "12,345", "11,002"]
    assert row.rect is not None
    for x0, y0, x1, y1, *_ in words:
        assert row.rect.contains(Rect(2, x0, y0, x1, y1))
    # Offsets index the document text exactly.
    assert doc.text[row.char_start:row.char_end] == row.text


def test_html_and_text(tmp_path: Path) -> None:
    html = tmp_path / "filing.htm"
    html.write_text("<html><body><p>Item 7. Management's Discussion</p><div style='page-break-before:always'></div>"
                    "<table><tr><td>Net revenues</td><td>$</td><td>1,234</td></tr></table></body></html>")
    doc = parse_file(html)
    assert doc.kind == "html"
    assert any(r.text == "Net revenues $ 1,234" and r.is_table for r in doc.rows)
    assert doc.page_count == 2

    text = tmp_path / "notes.md"
    text.write_text("# Notes\n\nFree cash flow rose.\fPage two text here.\n")
    doc = parse_file(text)
    assert doc.page_count == 2 and doc.rows[-1].page == 1


def test_html_saved_with_pdf_name_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "mislabelled.pdf"
    path.write_text("<html><body><p>Total revenue was 5,000 million dollars this year.</p></body></html>")
    assert parse_file(path).kind == "html"


@pytest.mark.parametrize("maker, reason", [
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_bytes(b"%PDF-1.7\n" + os.urandom(2000)), "damaged or incomplete PDF"),
    (lambda p: p.write_bytes(os.urandom(4000) + b"\x00"), "Not a PDF"),
    (make_encrypted_pdf, "Password-protected"),
    (make_scanned_pdf, "Scanned PDF"),
])
def test_bad_pdfs_fail_with_a_plain_reason(tmp_path: Path, maker, reason: str) -> None:  # noqa: ANN001
    path = tmp_path / "bad.pdf"
    maker(path)
    with pytest.raises(IngestionError, match=reason):
        parse_file(path)


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = make_10k(tmp_path / "locked.pdf")
    path.chmod(0)
    with pytest.raises(IngestionError, match="Permission denied"):
        parse_file(path)


# --- cut and damaged PDFs ---------------------------------------------------------------------------------------------

def cut_copy(source: Path, target: Path, keep: float | int) -> Path:
    """Write the first ``keep`` bytes (or fraction of the bytes) of ``source``: a download or copy interrupted."""
    data = source.read_bytes()
    target.write_bytes(data[:keep if isinstance(keep, int) else int(len(data) * keep)])
    return target


@pytest.mark.parametrize("keep", [0.05, 0.2, 0.35, 0.5, 0.65, 0.8])
def test_a_cut_pdf_is_damaged_or_incomplete(tmp_path: Path, keep: float) -> None:
    # Not "Scanned PDF without a text layer", not an unexpected RuntimeError, and never a quietly shorter document.
    full = make_10k(tmp_path / "full.pdf")
    with pytest.raises(IngestionError, match="damaged or incomplete PDF") as caught:
        parse_file(cut_copy(full, tmp_path / "cut.pdf", keep))
    assert "re-download" in str(caught.value)


def test_a_cut_compressed_pdf_is_damaged_or_incomplete(tmp_path: Path) -> None:
    # Compressed, with object streams, like most filings: a cut page tree made PyMuPDF raise "code=7".
    full = make_10k(tmp_path / "plain.pdf")
    with pymupdf.open(full) as document:
        document.save(tmp_path / "full.pdf", garbage=3, deflate=True, use_objstms=True)
    for keep in (0.1, 0.5, 0.9, 0.99):
        with pytest.raises(IngestionError, match="damaged or incomplete PDF"):
            parse_file(cut_copy(tmp_path / "full.pdf", tmp_path / "cut.pdf", keep))


def test_a_pdf_cut_only_in_its_trailing_index_is_read_in_full(tmp_path: Path) -> None:
    # Real filings exist whose download stopped inside the final cross-reference table: every page is there, and
    # MuPDF rebuilds the index. Such a file is read, identically, not refused.
    full = make_10k(tmp_path / "full.pdf")
    data = full.read_bytes()
    cut = cut_copy(full, tmp_path / "cut.pdf", data.rindex(b"xref") + 40)
    assert parse_file(cut).text == parse_file(full).text


# --- text encodings ---------------------------------------------------------------------------------------------------

NOTES = "# Notes on Acme\n\nFree cash flow rose 12% to $1,577 million \u2014 capex fell.\fPage two: EBITDA margin.\n"


@pytest.mark.parametrize("encoding, mark", [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf"),
    ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-16-le", b""), ("utf-16-be", b""),
])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_unicode_text_files_are_read(tmp_path: Path, encoding: str, mark: bytes, suffix: str) -> None:
    # Windows tools (Notepad, PowerShell's Out-File) write UTF-16 with a byte-order mark; Excel writes UTF-8 with one.
    path = tmp_path / f"notes{suffix}"
    path.write_bytes(mark + NOTES.encode(encoding))
    doc = parse_file(path)
    assert doc.kind == "text" and doc.page_count == 2
    assert [r.text for r in doc.rows] == ["# Notes on Acme", "Free cash flow rose 12% to $1,577 million \u2014 capex "
                                          "fell.", "Page two: EBITDA margin."]  # no byte-order mark left in the text


def test_utf16_html_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "filing.htm"
    html = "<html><body><p>Net revenues rose to $12,345 million in fiscal 2023.</p></body></html>"
    path.write_bytes(b"\xff\xfe" + html.encode("utf-16-le"))
    doc = parse_file(path)
    assert doc.kind == "html" and doc.rows[0].text == "Net revenues rose to $12,345 million in fiscal 2023."


def test_binary_files_are_not_mistaken_for_utf16(tmp_path: Path) -> None:
    assert text_encoding(bytes(range(256)) * 4) is None
    assert text_encoding(b"\x00\x00\x00\x01" * 64) is None
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 16)
    with pytest.raises(IngestionError, match="Binary file of an unsupported type"):
        parse_file(path)
