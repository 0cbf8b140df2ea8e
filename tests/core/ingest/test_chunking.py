"""Layout-aware chunking: tables whole, sentences across a page break in one chunk, exact offsets and boxes."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from app.core.ingest.chunking import MAX_TOKENS, chunk_document, embedding_text, estimate_tokens
from app.core.ingest.parsing import parse_file
from app.core.records import DocumentInfo, Rect
from tests.pdf_factory import CONTINUED_SENTENCE, LEFT, PAGE_HEIGHT, PAGE_WIDTH, make_10k, write_lines, write_table


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


def _statements_after_auditor_report(path: Path) -> Path:
    """An auditor's report page, then a page with a title-case balance sheet and the start of the income statement."""
    doc = pymupdf.open()
    report = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    write_lines(report, ["REPORT OF INDEPENDENT REGISTERED PUBLIC ACCOUNTING FIRM"], 80, size=12)
    write_lines(report, ["We have audited the accompanying consolidated balance sheets of the Company."] * 3, 110)
    sheet = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = write_lines(sheet, ["Table of Contents"], 50)
    y = write_lines(sheet, ["Consolidated Balance Sheets"], y + 20, size=12)
    y = write_lines(sheet, ["$ in millions"], y + 10)
    y = write_table(sheet, [("", "2022", "2021")], y + 10, (LEFT, 380, 470))
    y = write_lines(sheet, ["Current assets"], y + 10)
    y = write_table(sheet, [(f"Current asset line {i}", f"{100 + i}", f"{90 + i}") for i in range(12)]
                     + [("Total current assets", "1,266", "1,146")], y + 5, (LEFT, 380, 470))
    y = write_lines(sheet, ["Current liabilities"], y + 10)
    y = write_table(sheet, [("Accounts payable", "512", "498"), ("Total current liabilities", "900", "850")],
                     y + 5, (LEFT, 380, 470))
    y = write_lines(sheet, ["Consolidated Statements of Earnings"], y + 25, size=12)
    write_table(sheet, [("Revenue", "42,879", "42,151"), ("Cost of goods sold", "32,918", "32,275")], y + 10,
                 (LEFT, 380, 470))
    doc.save(path)
    doc.close()
    return path


def test_title_case_statements_name_their_chunks_and_start_new_ones(tmp_path: Path) -> None:
    doc = parse_file(_statements_after_auditor_report(tmp_path / "X_2022_10K.pdf"))
    chunks = chunk_document(doc, "doc1")
    sheet = [c for c in chunks if "Total current" in c.text or "Accounts payable" in c.text]
    earnings = [c for c in chunks if "Revenue 42,879" in c.text]
    # Every part of the balance sheet is embedded as the balance sheet, not as the auditor's report before it.
    assert sheet and all(c.heading.startswith("Consolidated Balance Sheets") for c in sheet), [c.heading for c in sheet]
    # The income statement is its own chunk with its own title, even though it starts mid-page.
    assert len(earnings) == 1 and earnings[0].heading == "Consolidated Statements of Earnings"
    assert "Accounts payable" not in earnings[0].text
    # A label without values ("Current liabilities") stays with the rows it introduces.
    holder = next(c for c in chunks if "Accounts payable 512" in c.text)
    assert "Current liabilities" in holder.text
