"""Cutting a parsed document into passages that follow its layout.

Paragraphs (rows separated by a visible gap) are the units; a run of table rows is one unit, so a statement table
stays whole when it fits. Units are packed into chunks of about :data:`TARGET_TOKENS` tokens (the embedder reads at
most 256), never splitting a unit unless it alone is too long. A chunk that is still small at a page end continues
onto the next page and records both pages. Short label lines ("Current liabilities") stay with the statement rows
they introduce, and a new statement or section title starts a new chunk, even mid-page.

Each chunk also carries the nearest heading above it; :func:`embedding_text` prefixes the document label and that
heading, so "Total net revenues 6,489" is embedded as belonging to "Activision Blizzard 10-K FY2019 / Consolidated
Statements of Operations" — this context is what lets a shared library tell one company's table from another's.
"""

from __future__ import annotations

import hashlib
import re

from app.core.finance.statements import STATEMENT_TITLE
from app.core.ingest.parsing import ParsedDocument, Row
from app.core.records import Chunk, DocumentInfo, Rect

# Bump app.core.records.CHUNKING_VERSION whenever a change here alters the passages a document is cut into (it
# lives there, below the store, because the store records it in library.json).

TARGET_TOKENS = 200
MAX_TOKENS = 240
MIN_TOKENS_AT_PAGE_END = 60
_PIECE = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")


def estimate_tokens(text: str) -> int:
    """Cheap estimate of WordPiece tokens: words, digit runs and punctuation each count one (+10% for splits)."""
    return int(len(_PIECE.findall(text)) * 1.1) + 1


# A financial statement's title (app.core.finance.statements.STATEMENT_TITLE) starts a section whatever its case:
# "Consolidated Balance Sheets" as much as "CONSOLIDATED STATEMENTS OF CASH FLOWS". Without this, title-case statements
# inherited the previous section (a balance sheet embedded under "REPORT OF INDEPENDENT REGISTERED PUBLIC ACCOUNTING
# FIRM").
_FURNITURE = re.compile(r"^(table of contents|index|page \d+|\d+)$", re.I)


def _is_heading(row: Row) -> bool:
    text = row.text.strip()
    if row.is_table or len(text) < 4 or len(text) > 90 or text.endswith((".", ",", ";")):
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4:
        return False
    if re.match(r"^(table of contents|page \d+|\d+|/s/.*|[A-Z]?-?\d+)$", text, re.I):
        return False
    words = text.split()
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return text.isupper() or (row.paragraph_break and capitalised >= 0.7 * len(words))


def _starts_section(heading: str) -> bool:
    """Whether a heading opens a section: an ALL-CAPS title of two or more words, or a statement title."""
    return (heading.isupper() and len(heading.split()) >= 2) or bool(STATEMENT_TITLE.match(heading))


def _is_lead(unit: list[Row]) -> bool:
    """Whether a unit holds only headings and page furniture ("Table of Contents"), nothing to embed on its own."""
    return all(_is_heading(r) or _FURNITURE.match(r.text.strip()) for r in unit)


def _continues(last: Row, first: Row) -> bool:
    """True when ``first`` (top of a page) continues the sentence ``last`` (bottom of the previous page) left open."""
    return not last.text.rstrip().endswith((".", ":", ";", "?", "!")) and first.text[:1].islower() \
        and not first.is_table and not last.is_table


def _units(rows: list[Row]) -> list[list[Row]]:
    """Group rows into layout units: paragraphs, and whole runs of table rows."""
    units: list[list[Row]] = []
    for row in rows:
        if not units:
            units.append([row])
            continue
        previous = units[-1][-1]
        same_table = row.is_table and previous.is_table and row.page == previous.page
        if same_table or (not row.paragraph_break and row.page == previous.page):
            units[-1].append(row)
        else:
            units.append([row])
    return units


def _split_long(unit: list[Row]) -> list[list[Row]]:
    """Split a unit that is too long for one chunk at row boundaries (and single huge rows by words)."""
    pieces: list[list[Row]] = []
    current: list[Row] = []
    tokens = 0
    for row in unit:
        row_tokens = estimate_tokens(row.text)
        if row_tokens > MAX_TOKENS:
            if current:
                pieces.append(current)
                current, tokens = [], 0
            pieces.extend([[part] for part in _split_row(row)])
            continue
        if current and tokens + row_tokens > MAX_TOKENS:
            pieces.append(current)
            current, tokens = [], 0
        current.append(row)
        tokens += row_tokens
    if current:
        pieces.append(current)
    return pieces


def _split_row(row: Row) -> list[Row]:
    """Split one very long row (a text file paragraph, an HTML cell) into word windows with exact offsets."""
    parts: list[Row] = []
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", row.text)]
    step = int(TARGET_TOKENS / 1.4)
    for begin in range(0, len(spans), step):
        window = spans[begin:begin + step]
        start, end = window[0][0], window[-1][1]
        parts.append(Row(page=row.page, text=row.text[start:end], rect=row.rect,
                         char_start=row.char_start + start, char_end=row.char_start + end,
                         paragraph_break=begin == 0 and row.paragraph_break, is_table=row.is_table))
    return parts


def chunk_document(doc: ParsedDocument, doc_id: str) -> list[Chunk]:
    """Cut a parsed document into layout-aware chunks with pages, offsets and highlight rectangles.

    Args:
        doc: the parsed document.
        doc_id: identifier recorded on every chunk.

    Returns:
        Chunks in reading order; their ``char_start``/``char_end`` index ``doc.text``.
    """
    units: list[list[Row]] = []
    for unit in _units(doc.rows):
        if sum(estimate_tokens(r.text) for r in unit) > MAX_TOKENS:
            units.extend(_split_long(unit))
        else:
            units.append(unit)

    chunks: list[Chunk] = []
    current: list[Row] = []
    current_tokens = 0
    section = ""  # last ALL-CAPS heading ("CONSOLIDATED BALANCE SHEETS")
    heading = ""  # last heading of any kind ("Current liabilities")
    section_page = -1
    current_heading = ""
    current_is_lead = True  # the chunk so far is only headings: a heading that follows still names it
    current_kind: str | None = None  # "table" or "text": what the chunk's rows so far are, headings aside
    trailing_labels = 0  # rows of short label units at the end of the chunk so far

    def flush() -> None:
        nonlocal current, current_tokens, current_is_lead, current_kind, trailing_labels
        if current:
            chunks.append(_make_chunk(doc, doc_id, len(chunks), current, current_heading))
        current, current_tokens, current_is_lead, current_kind, trailing_labels = [], 0, True, None, 0

    for unit in units:
        unit_tokens = sum(estimate_tokens(r.text) for r in unit)
        page_break = bool(current) and unit[0].page != current[-1].page
        # A sentence cut by the page break stays in one chunk (which then covers both pages).
        continued = page_break and _continues(current[-1], unit[0]) and current_tokens + unit_tokens <= MAX_TOKENS
        starts_new_page = page_break and not continued
        # Prose and tables go to separate chunks, but a row label without values ("Current liabilities") or a
        # heading between two runs of a statement's rows belongs to the statement: it must not cut it into slivers.
        short_line = unit_tokens <= 12 and not unit[0].is_table  # "AMAZON.COM, INC.", "$ in millions", "Equity"
        kind = "lead" if short_line or _is_lead(unit) else "table" if unit[0].is_table else "text"
        table_boundary = kind != "lead" and current_kind not in (None, kind) and current_tokens > 80
        # A new statement or section starts a new chunk: one chunk must not hold the end of the balance sheet and
        # the start of the income statement under the balance sheet's heading.
        new_section = not current_is_lead and any(_is_heading(r) and _starts_section(r.text.strip())
                                                  for r in unit[:2])
        if current and ((current_tokens + unit_tokens > TARGET_TOKENS and not continued) or table_boundary
                        or (starts_new_page and current_tokens >= MIN_TOKENS_AT_PAGE_END) or new_section):
            # Labels at the end of the full chunk ("Current liabilities") introduce the rows that follow: move them.
            carried = [r for r in current[len(current) - trailing_labels:] if r.page == unit[0].page]
            if len(carried) < len(current):
                current = current[:len(current) - len(carried)]
                flush()
                current, current_tokens = carried, sum(estimate_tokens(r.text) for r in carried)
                trailing_labels = len(carried)
        if unit[0].page > section_page + 1:
            section = ""  # a section title only carries over to the next page (statements run over one)
        for row in unit[:2]:
            if _is_heading(row):
                heading = row.text.strip()
                # Inside a statement, ALL-CAPS lines ("OPERATING ACTIVITIES:") are its sub-headings.
                in_statement = bool(STATEMENT_TITLE.match(section)) and row.page <= section_page + 1
                if _starts_section(heading) and (not in_statement or STATEMENT_TITLE.match(heading)):
                    section, section_page = heading, row.page
        if current_is_lead:
            current_heading = " / ".join(dict.fromkeys(h for h in (section, heading) if h))
            current_is_lead = kind == "lead"
        current.extend(unit)
        current_tokens += unit_tokens
        if kind != "lead":
            current_kind = kind
        # A label introduces what follows; a short sentence ("See notes to the financial statements.") closes.
        introduces = kind == "lead" and not unit[-1].text.rstrip().endswith((".", ";", ","))
        trailing_labels = trailing_labels + len(unit) if introduces else 0
    flush()
    return chunks


def _make_chunk(doc: ParsedDocument, doc_id: str, ordinal: int, rows: list[Row], heading: str) -> Chunk:
    start, end = rows[0].char_start, rows[-1].char_end
    text = doc.text[start:end]
    pages = sorted({r.page for r in rows})
    rects: list[Rect] = []
    for row in rows:
        if row.rect is not None and (not rects or rects[-1] != row.rect):
            rects.append(row.rect)
    chunk_id = hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:20]
    table_rows = sum(1 for r in rows if r.is_table)
    return Chunk(chunk_id=chunk_id, doc_id=doc_id, ordinal=ordinal, text=text, pages=pages, char_start=start,
                 char_end=end, rects=rects, heading=heading if heading != text.strip() else "",
                 is_table=table_rows >= max(2, len(rows) // 2))


def embedding_text(chunk: Chunk, document: DocumentInfo | None) -> str:
    """The text given to the embedder: document label and section heading, then the passage."""
    prefix = []
    if document is not None:
        prefix.append(document.label)
    if chunk.heading:
        prefix.append(chunk.heading)
    header = " | ".join(prefix)
    return f"{header}\n{chunk.text}" if header else chunk.text
