"""Layout-aware chunking: tables whole, sentences across a page break in one chunk, exact offsets and boxes."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from app.core.chunking import MAX_TOKENS, chunk_document, embedding_text, estimate_tokens
from app.core.ingestion import parse_file
from app.core.records import DocumentInfo, Rect
from tests.pdf_factory import CONTINUED_SENTENCE, make_10k


def _chunks(tmp_path: Path):  # noqa: ANN202
    path = make_10k(tmp_path / "ACME_2022_10K.pdf")
    doc = parse_file(path)
    return path, doc, chunk_document(doc, "doc1")


def test_statement_table_stays_in_one_chunk(tmp_path: Path) -> None:
    _, _, chunks = _chunks(tmp_path)
    table = [c for c in chunks if "Net revenues 12,345" in c.text]
    assert len(table) == 1
    assert "Diluted earnings per share 4.12 3.31" in table[0].text
    assert table[0].is_table and table[0].pages == [2]
    assert "CONSOLIDATED STATEMENTS OF OPERATIONS" in (table[0].heading + table[0].text)


def test_sentence_cut_by_page_break_is_one_chunk_covering_both_pages(tmp_path: Path) -> None:
    _, _, chunks = _chunks(tmp_path)
    crossing = [c for c in chunks if CONTINUED_SENTENCE[0] in c.text]
    assert len(crossing) == 1
    assert CONTINUED_SENTENCE[1] in crossing[0].text
    assert crossing[0].pages == [1, 2]


def test_offsets_sizes_and_rects(tmp_path: Path) -> None:
    path, doc, chunks = _chunks(tmp_path)
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    with pymupdf.open(path) as pdf:
        for chunk in chunks:
            assert doc.text[chunk.char_start:chunk.char_end] == chunk.text
            assert estimate_tokens(chunk.text) <= MAX_TOKENS + 40
            assert {r.page for r in chunk.rects} == set(chunk.pages)
            # The words inside the chunk's rectangles are exactly the chunk's words: highlighting is exact.
            inside = []
            for page in chunk.pages:
                for x0, y0, x1, y1, word, *_ in pdf[page].get_text("words"):
                    if any(r.contains(Rect(page, x0, y0, x1, y1)) for r in chunk.rects):
                        inside.append(word)
            assert sorted(inside) == sorted(chunk.text.split())


def test_embedding_text_carries_document_and_heading(tmp_path: Path) -> None:
    _, _, chunks = _chunks(tmp_path)
    table = next(c for c in chunks if "Net revenues" in c.text)
    document = DocumentInfo(doc_id="doc1", path="x.pdf", title="x", company="Acme Widgets, Inc", form_type="10-K",
                            fiscal_period="FY2022")
    text = embedding_text(table, document)
    assert text.startswith("Acme Widgets, Inc 10-K FY2022")
    assert text.endswith(table.text)
