"""Reading files into pages of laid-out text rows, with the boxes needed to highlight any passage later.

Supported: PDF (PyMuPDF), HTML (EDGAR filings) and plain text/Markdown. The file type is sniffed from the bytes,
not trusted from the extension, so an HTML filing saved as ``.pdf`` is still read correctly.

PDF text is rebuilt as *visual rows*: words whose boxes share a baseline are joined left to right, so a financial
statement row reads "Cash and cash equivalents $ 5,794 $ 4,225" instead of one cell per line. That keeps a table
row's label next to its numbers, which is what both keyword and dense retrieval need.

Text files are decoded by their byte-order mark (UTF-8, UTF-16, UTF-32), as BOM-less UTF-16 when their zero bytes
say so, and otherwise as UTF-8 with a Windows-1252 fallback.

Every failure is an :class:`IngestionError` with a one-line reason a user can act on. A PDF cut short (an interrupted
download or copy) or corrupted is reported as a "damaged or incomplete PDF" instead of being indexed with pages
missing: MuPDF silently repairs such files, so the parser asks it whether it had to, and what it lost doing so.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.finance.quantities import NUMBER_CELL
from app.core.records import Rect

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".pdf", ".htm", ".html", ".xhtml", ".txt", ".md", ".markdown", ".text"}
MAX_FILE_BYTES = 1024 * 1024 * 1024
MIN_TEXT_CHARS_PER_DOC = 40
# The most text FinLens indexes from one HTML or text file: about 2,500 pages, far more than any filing (a 10-K with
# its exhibits has 1-3 MB), yet embedding it takes minutes. A data export saved as HTML or text goes past it; it is
# refused with a sentence as soon as the text read crosses this, so its size decides quickly and memory stays small.
MAX_TEXT_CHARS = 10_000_000


class IngestionError(Exception):
    """A file could not be read; ``str(error)`` is the plain-language reason shown to the user."""


@dataclass
class Row:
    """One visual line of text on a page: its text, its box, and where it sits in the document text."""

    page: int
    text: str
    rect: Rect | None
    char_start: int = 0
    char_end: int = 0
    paragraph_break: bool = False  # a visible gap (or block change) separates it from the row before
    is_table: bool = False


@dataclass
class ParsedDocument:
    """The text of a file as rows, page by page, plus what is needed to identify and de-duplicate it."""

    path: Path
    kind: str  # "pdf" | "html" | "text"
    content_hash: str
    size: int
    mtime: float
    page_count: int
    rows: list[Row] = field(default_factory=list)
    text: str = ""

    def page_text(self, page: int) -> str:
        """Text of one page (rows joined by newlines)."""
        return "\n".join(r.text for r in self.rows if r.page == page)


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes (the document's identity)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def text_encoding(head: bytes) -> str | None:
    """The encoding a text file's first bytes announce: by byte-order mark, or UTF-16 told by its zero bytes.

    Returns None for text without a mark (read as UTF-8, else Windows-1252) and for binary data.
    """
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    for mark, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                           (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                           (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(mark):
            return encoding
    # UTF-16 without a mark: mostly-ASCII text has a zero in every other byte, and (almost) nowhere else.
    sample = head[:4096 - 4096 % 2]
    if len(sample) >= 8:
        even, odd = sample[0::2], sample[1::2]
        for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
            if zeros.count(0) >= 0.9 * len(zeros) and others.count(0) <= 0.02 * len(others) \
                    and _decodes(sample, encoding):
                return encoding
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    """Whether ``data`` (possibly cut mid-character at its end) is text in ``encoding``, without control bytes."""
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 32 and c not in "\t\n\r\f\v" for c in text)


def sniff_kind(path: Path, head: bytes) -> str:
    """Decide how to read a file from its first bytes, falling back to the extension."""
    encoding = text_encoding(head)
    if encoding is not None and encoding != "utf-8-sig":
        # Look for HTML in the decoded text; the raw bytes of UTF-16 or UTF-32 interleave zeros.
        decoded = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
        lowered = decoded.lstrip("\ufeff \t\r\n")[:512].lower()
        if lowered.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in lowered or "<body" in lowered:
            return "html"
        return "text"
    stripped = head.lstrip()[:512].lower()
    if stripped.startswith(b"\xef\xbb\xbf"):  # a UTF-8 mark before "<html"
        stripped = stripped[3:].lstrip()
    if head.startswith(b"%PDF") or b"%pdf-" in head[:1024].lower():
        return "pdf"
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in stripped or b"<body" in stripped:
        return "html"
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        if b"\x00" in head[:4096]:
            raise IngestionError("Not a PDF (the file has a .pdf name but other content); re-download or re-export it.")
        return "text_in_pdf_name"
    if suffix in {".htm", ".html", ".xhtml"}:
        return "html"
    if b"\x00" in head[:4096]:
        raise IngestionError("Binary file of an unsupported type; FinLens reads PDF, HTML, text and Markdown.")
    return "text"


def parse_file(path: str | os.PathLike[str]) -> ParsedDocument:
    """Read a supported file into rows with page numbers, boxes and character offsets.

    Raises:
        IngestionError: with a one-line, user-facing reason (empty, damaged, encrypted, scanned, too large...).
    """
    path = Path(path)
    try:
        stat = path.stat()
        if not path.is_file():
            raise IngestionError("Not a regular file.")
        if stat.st_size == 0:
            raise IngestionError("The file is empty (0 bytes).")
        if stat.st_size > MAX_FILE_BYTES:
            raise IngestionError(f"The file is too large ({stat.st_size / 2**30:.1f} GB); "
                                 "FinLens reads files up to 1 GB.")
        with open(path, "rb") as handle:
            head = handle.read(8192)
        digest = content_hash(path)
    except PermissionError:
        raise IngestionError("Permission denied: FinLens cannot read this file.") from None
    except FileNotFoundError:
        raise IngestionError("The file no longer exists.") from None
    except OSError as error:
        raise IngestionError(f"The file cannot be read ({error.strerror or error}).") from None

    kind = sniff_kind(path, head)
    if kind == "pdf":
        rows, page_count = _pdf_rows(path)
    elif kind == "html":
        rows, page_count = _html_rows(path)
    else:
        if kind == "text_in_pdf_name" and not _looks_like_text(head):
            raise IngestionError("Not a PDF (the file has a .pdf name but other content); re-download or re-export it.")
        if stat.st_size > 4 * MAX_TEXT_CHARS:  # even at four bytes a character: decided before reading it
            raise IngestionError(_too_much_text(path))
        rows, page_count = _text_rows(path, text_encoding(head))
        kind = "text"
    doc = ParsedDocument(path=path, kind=kind, content_hash=digest, size=stat.st_size, mtime=stat.st_mtime,
                         page_count=page_count, rows=rows)
    _assign_offsets(doc)
    if len(doc.text.strip()) < MIN_TEXT_CHARS_PER_DOC:
        if kind == "pdf":
            raise IngestionError("Scanned PDF without a text layer: run OCR on it (e.g. ocrmypdf) and add it again.")
        raise IngestionError("The file contains no readable text.")
    return doc


def _looks_like_text(head: bytes) -> bool:
    encoding = text_encoding(head)
    if encoding is not None:
        return True
    # The head may end in the middle of a UTF-8 character: decode it as the start of a stream.
    return _decodes(head, "utf-8")


def _assign_offsets(doc: ParsedDocument) -> None:
    """Build the document text from its rows and record each row's character span in it."""
    parts: list[str] = []
    position = 0
    previous_page = None
    for row in doc.rows:
        if parts:
            separator = "\n\n" if (row.paragraph_break or row.page != previous_page) else "\n"
            parts.append(separator)
            position += len(separator)
        row.char_start = position
        parts.append(row.text)
        position += len(row.text)
        row.char_end = position
        previous_page = row.page
    doc.text = "".join(parts)


# --- PDF -------------------------------------------------------------------------------------------------------------

# What MuPDF reports when repairing a file lost content (a cut stream, a missing object, a broken page tree), as
# opposed to the benign "cannot find startxref / repairing PDF document" of a file cut only in its trailing index.
_CONTENT_LOST = ("premature end", "zlib error", "missing 'endobj'", "read error", "page tree load failed",
                 "non-page object in page tree", "cannot find object", "unexpected end", "truncated")


def damaged_pdf(detail: str, technical: str = "") -> IngestionError:
    """The error for a PDF that is cut short or corrupt: ``detail`` says what is wrong in plain words (in brackets);
    ``technical`` (MuPDF's own message) goes to the log only.
    """
    if technical:
        log.info("damaged PDF (%s): %s", detail, technical)
    return IngestionError(f"The file is a damaged or incomplete PDF ({detail}); it may have been cut short while "
                          "downloading or copying: re-download or re-export it and add it again.")


def _pdf_rows(path: Path) -> tuple[list[Row], int]:
    import pymupdf

    # MuPDF's warnings are one process-wide buffer: clear it so what it holds after reading is about this file.
    pymupdf.TOOLS.reset_mupdf_warnings()
    try:
        document = pymupdf.open(path)
    except Exception as error:  # PyMuPDF raises several types for damaged files
        log.info("PyMuPDF cannot open %s: %s", path, error)
        raise damaged_pdf("it cannot be opened") from None
    with document:
        try:
            if document.needs_pass or document.is_encrypted and not document.authenticate(""):
                raise IngestionError("Password-protected PDF: save an unprotected copy from your PDF viewer and add "
                                     "that.")
            page_count = document.page_count  # a cut page tree fails here ("code=7: Invalid number of pages")
        except IngestionError:
            raise
        except Exception as error:
            raise damaged_pdf("its list of pages cannot be read", _short(error)) from None
        if page_count == 0:
            raise damaged_pdf("it has no pages")
        rows: list[Row] = []
        page_number = 0
        try:
            for page_number in range(page_count):
                rows.extend(pdf_page_rows(document[page_number]))
        except Exception as error:
            raise damaged_pdf(f"page {page_number + 1} cannot be read", _short(error)) from None
        # A repaired file is common and harmless when only its index was rebuilt; it is incomplete when MuPDF
        # dropped content to repair it, or when nothing readable is left (not a scan: a scan is not repaired).
        if document.is_repaired:
            warnings = pymupdf.TOOLS.mupdf_warnings().lower()
            lost = next((marker for marker in _CONTENT_LOST if marker in warnings), None)
            if lost is not None:
                raise damaged_pdf("parts of its content are missing", f"MuPDF reports {lost!r} while repairing it")
            if sum(len(row.text.strip()) for row in rows) < MIN_TEXT_CHARS_PER_DOC:
                raise damaged_pdf("no readable text is left after repairing it")
            # A file cut between objects loses them without a warning: pages then point at content that is gone.
            for page in document:
                if any(not document.xref_is_stream(xref) for xref in page.get_contents()):
                    raise damaged_pdf(f"the content of page {page.number + 1} is missing")
        return rows, page_count


def pdf_page_rows(page: object) -> list[Row]:
    """Visual rows of one PyMuPDF page (words sharing a baseline, left to right, top to bottom)."""
    words = page.get_text("words")  # type: ignore[attr-defined]
    if not words:
        return []
    page_number = page.number  # type: ignore[attr-defined]
    # PyMuPDF lines: words with the same (block, line) numbers.
    lines: dict[tuple[int, int], list[tuple[Any, ...]]] = {}
    for word in words:
        lines.setdefault((word[5], word[6]), []).append(word)
    line_boxes = []
    for (block, _), members in lines.items():
        x0 = min(w[0] for w in members)
        y0 = min(w[1] for w in members)
        x1 = max(w[2] for w in members)
        y1 = max(w[3] for w in members)
        line_boxes.append((y0, y1, x0, x1, block, members))
    line_boxes.sort(key=lambda item: ((item[0] + item[1]) / 2, item[2]))

    # Merge lines that share a baseline into one visual row (table cells become one row).
    merged: list[list[Any]] = []
    for y0, y1, x0, x1, block, members in line_boxes:
        if merged:
            row = merged[-1]
            overlap = min(row[1], y1) - max(row[0], y0)
            height = min(row[1] - row[0], y1 - y0)
            if height > 0 and overlap > 0.5 * height:
                row[0], row[1] = min(row[0], y0), max(row[1], y1)
                row[2], row[3] = min(row[2], x0), max(row[3], x1)
                row[4].add(block)
                row[5].extend(members)
                continue
        merged.append([y0, y1, x0, x1, {block}, list(members)])

    heights = [r[1] - r[0] for r in merged if r[1] > r[0]]
    typical_height = statistics.median(heights) if heights else 10.0
    result: list[Row] = []
    previous = None
    for y0, y1, x0, x1, blocks, members in merged:
        members.sort(key=lambda w: w[0])
        texts = [w[4] for w in members]
        gaps = [members[i + 1][0] - members[i][2] for i in range(len(members) - 1)]
        numeric = sum(1 for t in texts if NUMBER_CELL.match(t))
        is_table = numeric >= 1 and (len(blocks) > 1 or any(g > 2.5 * typical_height for g in gaps)) and len(texts) > 1
        gap_above = y0 - previous[1] if previous else 0.0
        paragraph_break = previous is None or gap_above > 0.6 * typical_height or not (blocks & previous[4]) \
            and not (is_table and previous[6])
        result.append(Row(page=page_number, text=" ".join(texts), rect=Rect(page_number, x0, y0, x1, y1),
                          paragraph_break=paragraph_break, is_table=is_table))
        previous = (y0, y1, x0, x1, blocks, members, is_table)
    return result


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:120]


# --- HTML ------------------------------------------------------------------------------------------------------------

_PAGE_BREAK = re.compile(r"page-break-(before|after)\s*:\s*always", re.I)
_ROWS_PER_HTML_PAGE = 60
_HTML_CHUNK_BYTES = 1 << 20
_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "pre", "blockquote", "title"})
_HIDDEN_TAGS = frozenset({"script", "style", "head", "noscript"})
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.I)


def _html_rows(path: Path) -> tuple[list[Row], int]:
    """HTML to rows: one row per paragraph-like element or table row; pages at CSS page breaks (EDGAR uses them).

    Streamed: lxml's pull parser reads the file a megabyte at a time and every element is dropped from the tree as
    soon as its row is taken, so memory follows the rows, not the markup (a 50 MB data export as one table used to
    build a 3.6 GB BeautifulSoup tree). The rows are those a tree walk gives: leaf-most blocks (a block holding other
    blocks is read through them), each table row once with its cells' text, nothing from scripts, styles or the head.
    """
    from lxml import etree

    reader = _HtmlRowReader(MAX_TEXT_CHARS)
    parser = etree.HTMLPullParser(events=("start", "end"), remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HTML_CHUNK_BYTES)
            decoder = codecs.getincrementaldecoder(_html_encoding(head))(errors="replace")
            chunk = head
            while chunk:
                parser.feed(decoder.decode(chunk))
                reader.take(parser.read_events())
                chunk = handle.read(_HTML_CHUNK_BYTES)
            parser.feed(decoder.decode(b"", final=True))
        parser.close()
        reader.take(parser.read_events())
    except _TooMuchText:
        raise IngestionError(_too_much_text(path)) from None
    except (etree.LxmlError, ValueError) as error:
        raise IngestionError(f"The HTML could not be parsed ({_short(error)}).") from None
    return reader.rows, (reader.page + 1 if reader.rows else 0)


class _TooMuchText(Exception):
    """The file holds more text than :data:`MAX_TEXT_CHARS`."""


def _too_much_text(path: Path) -> str:
    megabytes = path.stat().st_size / 2**20
    return (f"This file holds more than {MAX_TEXT_CHARS / 1e6:.0f} million characters of text ({megabytes:.0f} MB "
            "on disk, about 2,500 pages or more), more than FinLens indexes from one file. If it is a data export, "
            "open it in a spreadsheet; otherwise split it into smaller files and add those.")


def _html_encoding(head: bytes) -> str:
    """The encoding of an HTML file: its byte-order mark, else the charset it declares, else UTF-8 when its first
    megabyte decodes as UTF-8, else Windows-1252 (EDGAR's older filings)."""
    marked = text_encoding(head)
    if marked is not None:
        return marked
    declared = _DECLARED_CHARSET.search(head[:16384])
    if declared is not None:
        try:
            return codecs.lookup(declared.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


class _HtmlRowReader:
    """Turns the pull parser's events into rows, dropping each element once nothing needs its text any more."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.chars = 0
        self.rows: list[Row] = []
        self.page = 0
        self.rows_on_page = 0
        self.hidden = 0  # depth inside script, style, head, noscript
        self.table_rows = 0  # depth inside <tr>
        self.blocks: list[list[bool]] = []  # open blocks: [holds another block]

    def take(self, events: Iterable[tuple[str, Any]]) -> None:
        for event, element in events:
            tag = element.tag if isinstance(element.tag, str) else ""
            if event == "start":
                self._start(element, tag)
            else:
                self._end(element, tag)

    def _start(self, element: Any, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        if self.hidden:
            return
        style = element.get("style") or ""
        if style and self.rows_on_page and _PAGE_BREAK.search(style):
            self.page += 1
            self.rows_on_page = 0
        if tag in _BLOCK_TAGS:
            if self.blocks:
                self.blocks[-1][0] = True
            self.blocks.append([False])
        if tag == "tr":
            self.table_rows += 1

    def _end(self, element: Any, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden -= 1
            element.clear(keep_tail=True)  # its text is not the page's
            return
        if self.hidden:
            return
        block = tag in _BLOCK_TAGS
        holds_blocks = self.blocks.pop()[0] if block and self.blocks else False
        if tag == "tr":
            self.table_rows -= 1
            if not self.table_rows:  # a table nested in a row is read as part of that row
                cells = [_element_text(c) for c in element.iter("td", "th")]
                self._add(" ".join(c for c in cells if c), True)
        elif block and not self.table_rows and not holds_blocks:
            self._add(_element_text(element), False)
        # Drop what no open element needs: a finished block (its block parent reads it through it), or anything
        # outside every block; never an inline element of an open block, nor anything inside an open table row.
        if not self.table_rows and (block or not self.blocks):
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]

    def _add(self, text: str, is_table: bool) -> None:
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            return
        if self.rows_on_page >= _ROWS_PER_HTML_PAGE * 3:
            self.page += 1
            self.rows_on_page = 0
        self.chars += len(text) + 1
        if self.chars > self.max_chars:
            raise _TooMuchText
        rows = self.rows
        rows.append(Row(page=self.page, text=text, rect=None, paragraph_break=not is_table or not rows
                        or not rows[-1].is_table, is_table=is_table))
        self.rows_on_page += 1


def _element_text(element: Any) -> str:
    """All text under an element, pieces stripped and joined by spaces (as BeautifulSoup's ``get_text(" ", True)``)."""
    return " ".join(piece.strip() for piece in element.itertext() if piece.strip())


# --- Plain text and Markdown -----------------------------------------------------------------------------------------

def _text_rows(path: Path, encoding: str | None = None) -> tuple[list[Row], int]:
    """Text to rows: form feeds separate pages; blank lines separate paragraphs.

    Args:
        path: the file.
        encoding: the encoding its byte-order mark (or UTF-16 zero pattern) announced; None tries UTF-8, then
            Windows-1252, then Latin-1 (which reads any bytes).
    """
    raw = path.read_bytes()
    if encoding is not None:
        # A file cut mid-character still reads; the broken character becomes U+FFFD.
        content = raw.decode(encoding, errors="replace")
    else:
        for candidate in ("utf-8", "cp1252", "latin-1"):
            try:
                content = raw.decode(candidate)
                break
            except UnicodeDecodeError:
                continue
    if len(content) > MAX_TEXT_CHARS:
        raise IngestionError(_too_much_text(path))
    rows: list[Row] = []
    for page_number, page_text in enumerate(content.replace("\r\n", "\n").split("\f")):
        blank_before = True
        for line in page_text.split("\n"):
            text = line.strip()
            if not text:
                blank_before = True
                continue
            rows.append(Row(page=page_number, text=text, rect=None, paragraph_break=blank_before,
                            is_table=text.count("|") >= 2))
            blank_before = False
    return rows, content.count("\f") + 1
