"""Reading files: PDF rows and boxes, HTML and text, and every kind of bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest

from app.core.ingestion import IngestionError, parse_file
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
    (lambda p: p.write_bytes(b"%PDF-1.7\n" + os.urandom(2000)), "damaged"),
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
