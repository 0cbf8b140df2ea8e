"""Finding a filing's statements and reading them into tables, from the rows ingestion already laid out.

Ingestion gives each page as visual rows (label and numbers on one line) with the row's box. The statements are
found by their titles ("Consolidated Balance Sheets", "Statements of Cash Flows", …) near the top of a page; on those
pages only, the PDF's words are read again to get each number's own box, because a value must be clickable to its
cell, not to its row. Then:

* the numbers at the right end of a row are its values ("$ 4,466", "(173)", "—"); a number far from every value
  column ("Balance at December 31, 2018") stays in the label;
* the value columns are the clusters of the numbers' right edges (figures are right-aligned);
* the header lines above the first value row give each column its period (:mod:`periods`);
* the label's indent gives its level, the last heading row above it ("Current assets:") its section.

HTML and text documents have no boxes: their values are assigned to columns from the right, and cells carry no
rectangle (the page only). A page that yields no column with a period is not a statement and is dropped.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.finance.quantities import scale_name, stated_scale
from app.core.ingest.parsing import ParsedDocument, Row
from app.core.ingest.statements.model import Cell, StatementRow, Statements, Table
from app.core.ingest.statements.roles import classify_tables, document_sections
from app.core.ingest.statements.statement_periods import HeaderWord, column_periods
from app.core.ingest.statements.xbrl import xbrl_tables
from app.core.records import Rect

log = logging.getLogger(__name__)

# Statement titles; comprehensive income is tested before income ("Statements of Comprehensive Income").
TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("comprehensive", re.compile(r"statements? of (consolidated )?comprehensive (income|loss|earnings)", re.I)),
    ("income", re.compile(r"statements? of (consolidated )?(operations|income|earnings|\(loss\) income|loss)\b"
                          r"|income statements?\b|statements? of (income|earnings) and comprehensive", re.I)),
    ("balance", re.compile(r"balance sheets?\b|statements? of (consolidated )?financial (position|condition)", re.I)),
    ("cash_flow", re.compile(r"statements? of (consolidated )?cash flows?|cash flows? statements?", re.I)),
    ("equity", re.compile(r"statements? of (changes in )?(consolidated )?((stockholders|shareholders|shareowners|"
                          r"share owners)['’]? )?(\((deficit|deficiency)\) )?(equity|investment)"
                          r"|statements? of changes in equity", re.I)),
)
_NOT_TITLE = re.compile(r"\b(notes? to|index to|see accompanying|integral part|report of|audit|condensed notes|is|are|"
                        r"was|were|as follows|related to|sheet information|flow information|supplemental|"
                        r"included in)\b|off-balance", re.I)
_SCALE_THOUSANDS = re.compile(r"\(\s*\$?\s*(000s|000's|in 000s)\s*\)", re.I)  # "($000s)", beside the shared words
_PER_SHARE = re.compile(r"per (common |ordinary |diluted |basic )?share|per ads\b|^(basic|diluted)\b", re.I)
_NUMBER = re.compile(r"^(\(?)\$?\s?(-?\d[\d,]*(?:\.\d+)?)(%?)(\)?)%?$")
_DASHES = {"—", "–", "-", "--", "—-", "— ", "−", "‒", "―"}
_GLUE = {"$", "(", ")", "%", ")%", "%)"}
# A footnote mark after a row's last figure ("6,393 #"). A bracketed digit ("(2)") is one too, but it is also how a
# one-digit negative is printed ("(9)"): which it is depends on where it sits (:func:`_trailing_mark`).
_FOOTNOTE_MARK = re.compile(r"^(#|\*{1,3}|†|‡|\([a-z]\))$")
_DIGIT_MARK = re.compile(r"^\(\d\)$")
_RATIO = re.compile(r"^(\d+(?:\.\d+)?)(?::1|x|×)$")  # "1.4:1", "2.5x": a ratio, read as 1.4 and 2.5
# A page that cannot be an untitled continuation: a note begins, or some other statement is named at its top.
_NOT_CONTINUED = re.compile(r"^\s*(notes? to\b|note \d|\d{1,2}\.\s+[A-Z])|\bstatements? of\b|\bbalance sheets?\b",
                            re.I)
_PARENT_ONLY = re.compile(r"\bschedule i\b|financial information of (the )?(registrant|parent)|parent company only",
                          re.I)
TITLE_ZONE_ROWS = 12
MIN_VALUE_ROWS = 4
SHORT_DOCUMENT_PAGES = 40  # earnings releases: every table-like page is read, titled or not


@dataclass
class _Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class _Line:
    """A row split into its label words and value tokens (text, box)."""

    row: Row
    words: list[_Word]
    label: list[_Word]
    values: list[_Word]


_TITLE_WORDS = frozenset({"consolidated", "condensed", "combined", "statements", "statement", "operations", "income",
                          "earnings", "balance", "sheets", "sheet", "financial", "position", "condition", "cash",
                          "flows", "comprehensive", "equity", "shareholders", "stockholders"})


def _mend_split_words(text: str) -> str:
    """A title with a word its PDF split by a stray space mended ("Consolidated Statem ents of Income")."""
    words = text.split(" ")
    mended: list[str] = []
    for word in words:
        if mended and (mended[-1] + word).lower() in _TITLE_WORDS and mended[-1].lower() not in _TITLE_WORDS \
                and word.lower() not in _TITLE_WORDS:
            mended[-1] += word
        else:
            mended.append(word)
    return " ".join(mended)


def statement_kind(text: str) -> str | None:
    """The statement a title names ("CONSOLIDATED BALANCE SHEETS" → "balance"), or None."""
    text = _mend_split_words(text.strip())
    # A title, not a sentence that names a statement ("… in the Consolidated Balance Sheets.").
    if len(text) > 120 or not text or text[0].islower() or text.endswith(".") or _NOT_TITLE.search(text):
        return None
    for kind, pattern in TITLES:
        match = pattern.search(text)
        if match and match.start() <= 45:
            return kind
    return None


def parse_number(text: str) -> float | None:
    """A printed figure's value: "(1,234)" → -1234, "—" → 0, "12.5%" → 12.5, "1.4:1" → 1.4; None when it is not a
    figure (the unit a figure is printed in is :attr:`Cell.unit`)."""
    text = text.strip().replace("$", "").replace(" ", "")
    if text in _DASHES or (text and set(text) <= set("—–-−")):
        return 0.0
    ratio = _RATIO.match(text)
    if ratio:
        return float(ratio.group(1))
    match = _NUMBER.match(text)
    if not match:
        return None
    opening, digits, _percent, closing = match.groups()
    if bool(opening) != bool(closing):
        return None
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    if digits.count(",") and not re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", digits):
        return None  # "1,2,3" is not a figure
    return -value if opening else value


_HALF_PAREN = re.compile(r"^(\(\$?\s?\d[\d,]*(\.\d+)?|\d[\d,]*(\.\d+)?\))%?$")  # "(3,505" + ")" typeset apart


def _is_value_token(text: str) -> bool:
    return text in _GLUE or parse_number(text) is not None or bool(_HALF_PAREN.match(text))


def extract_statements(parsed: ParsedDocument) -> Statements:
    """Find and read the statements of a parsed document. Never raises for odd layouts: they yield fewer tables."""
    tagged: list[Table] = []
    if parsed.kind == "html":
        try:
            tagged = xbrl_tables(parsed.path)
        except Exception as error:  # malformed inline XBRL: the tables read from the rows remain
            log.info("cannot read the inline XBRL of %s: %s", parsed.path, error)
    pages: dict[int, list[Row]] = {}
    for row in parsed.rows:
        pages.setdefault(row.page, []).append(row)
    candidates = _candidate_pages(pages, short=parsed.page_count <= SHORT_DOCUMENT_PAGES)
    if not candidates:
        classify_tables(tagged)
        return Statements(tagged)
    words = _pdf_words(parsed, [page for page, _, _ in candidates]) if parsed.kind == "pdf" else {}
    tables: list[Table] = list(tagged)
    for page, kind, title in candidates:
        rows = pages[page]
        lines = _split_lines(rows, words.get(page))
        for table in _tables_on_page(page, lines, kind, title):
            _inherit(table, tables)
            _interim_like_before(table, tables)
            # A statement needs periods; the equity statement's columns are its components (periods are rows).
            if table.rows and (any(c is not None for c in table.columns)
                               or table.kind == "equity" and any(table.headers)):
                tables.append(table)
    classify_tables(tables, document_sections(parsed.rows))
    return Statements(tables)


def _candidate_pages(pages: dict[int, list[Row]], *, short: bool) -> list[tuple[int, str, str]]:
    """Pages that hold a statement (titled near the top) — or, in a short document, any table of figures."""
    found: list[tuple[int, str, str]] = []
    for page, rows in sorted(pages.items()):
        value_rows = sum(1 for r in rows if _trailing_values(r.text.split()) >= 1)
        if value_rows < MIN_VALUE_ROWS:
            continue
        # Titles may wrap ("CONSOLIDATED STATEMENTS OF COMPREHENSIVE" / "INCOME"): try each line with the next.
        zone = rows[:TITLE_ZONE_ROWS]
        titled = [(statement_kind(r.text), r.text) for r in zone]
        titled += [(statement_kind(f"{a.text} {b.text}"), f"{a.text} {b.text}") for a, b in zip(zone, zone[1:],
                                                                                               strict=False)]
        kind, title = next(((k, t) for k, t in titled if k), (None, ""))
        if kind is not None and any(_PARENT_ONLY.search(r.text) for r in zone):
            title = f"Parent company only: {title}"  # Schedule I: the registrant alone, not the group
        if kind is None and found and found[-1][0] == page - 1 and found[-1][1] != "table" \
                and value_rows * 2 >= len(rows) and not any(_NOT_CONTINUED.search(r.text) for r in zone) \
                and not _has_own_header(rows):
            # A statement's next page printed without its title ("EQUITY … TOTAL LIABILITIES AND EQUITY"): mostly
            # figures, no note heading, no header of periods of its own (a new table has one: "Three Months
            # Ended … 2022 2021"). It keeps the page before's kind and title, and its periods (_inherit).
            kind, title = found[-1][1], found[-1][2]
        if kind is None and short:
            kind = "table"
        if kind is not None:
            found.append((page, kind, title))
    return found


def _has_own_header(rows: list[Row]) -> bool:
    """Whether a page has a header of periods ("December 31, 2022 2021") above its first row of figures.

    Rows ending in one figure that is not a year ("Page 11") are passed over: the first row of a table's figures
    has one per column.
    """
    for row in rows:
        figures: list[str] = []
        for token in reversed(row.text.split()):
            if not _is_value_token(token):
                break
            if token not in _GLUE:
                figures.append(token)
        years = sum(1 for f in figures if re.fullmatch(r"(19|20)\d\d", f))
        if figures and years == len(figures):
            # "2022 2021", "Dec 31, 2022 Dec 25, 2021", "December 31, 2022" — not a label that wraps at a date.
            if len(re.findall(r"\b(19|20)\d\d\b", row.text)) >= 2 or len(row.text.split()) <= 6:
                return True
            continue
        if len(figures) - years >= 2:
            return False
    return False


def _trailing_values(tokens: list[str]) -> int:
    count = 0
    for token in reversed(tokens):
        if not _is_value_token(token):
            break
        count += token not in _GLUE
    return count


def _pdf_words(parsed: ParsedDocument, pages: Iterable[int]) -> dict[int, list[_Word]]:
    """The words (with boxes) of some pages of the PDF; empty when the file cannot be opened again."""
    import pymupdf

    result: dict[int, list[_Word]] = {}
    try:
        with pymupdf.open(parsed.path) as document:
            for page in pages:
                result[page] = [_Word(w[4], w[0], w[1], w[2], w[3]) for w in document[page].get_text("words")]
    except Exception as error:  # the file changed or vanished since it was parsed: no boxes, same values
        log.info("cannot read the words of %s again: %s", parsed.path, error)
    return result


def _split_lines(rows: list[Row], words: list[_Word] | None) -> list[_Line]:
    """Each row's words (with boxes where the page has them), split into label words and trailing value tokens."""
    lines = []
    pool = list(words or [])
    for row in rows:
        if words is not None and row.rect is not None:
            r = row.rect
            members = [w for w in pool if r.y0 - 1 <= (w.y0 + w.y1) / 2 <= r.y1 + 1 and r.x0 - 1 <= w.x0 <= r.x1 + 1]
            members.sort(key=lambda w: w.x0)
        else:  # no boxes: word positions are their order, so columns are counted from the right
            members = _unboxed_words(row.text.split())
        if not members:
            continue
        while len(members) > 1 and _FOOTNOTE_MARK.match(members[-1].text):
            members = members[:-1]  # "6,393 #": a footnote mark after the last figure
        if len(members) > 1 and _DIGIT_MARK.match(members[-1].text) and not _is_value_token(members[-2].text) \
                and (members[-1].y0 == members[-1].y1 == 0 or members[-1].x0 - members[-2].x1 < 8):
            members = members[:-1]  # "Net sales (1)" on a line without figures: the label's footnote mark
        count = 0
        for word in reversed(members):
            if not _is_value_token(word.text):
                break
            count += 1
        count = _close_label_parenthesis(members, count)
        lines.append(_Line(row, members, members[:len(members) - count], members[len(members) - count:]))
    return lines


def _close_label_parenthesis(members: list[_Word], count: int) -> int:
    """The number of value tokens once those that close a parenthesis the label opened are given back to it.

    "Accounts receivable, net (Note 4)" ends in "4)", which reads as half of a figure; but the label opened the
    parenthesis ("(Note"), so "4)" is the label's, and so is "6)" in "Other assets (Notes 5 and 6)".
    """
    label = members[:len(members) - count]
    depth = sum(w.text.count("(") - w.text.count(")") for w in label)
    while depth > 0 and count > 0:
        word = members[len(members) - count]
        if not word.text.endswith(")") or "(" in word.text and word.text.count(")") <= word.text.count("("):
            break
        depth -= word.text.count(")") - word.text.count("(")
        count -= 1
    return count


def _unboxed_words(tokens: list[str]) -> list[_Word]:
    """Made-up positions for a row without boxes: columns counted from the right.

    Each figure (or year, in a header) is an anchor; a token takes the column of the first anchor at or to its right,
    so "$" goes with its figure and "December 31," with its year. Column k from the right spans -(k+1)*100..-k*100.
    """
    groups = [0] * len(tokens)
    anchors = 0
    for i in range(len(tokens) - 1, -1, -1):
        text = tokens[i]
        is_anchor = (text not in _GLUE and parse_number(text) is not None) or bool(re.fullmatch(r"(19|20)\d\d", text))
        groups[i] = anchors if is_anchor or anchors == 0 else anchors - 1
        anchors += is_anchor
    return [_Word(t, -(g + 1) * 100.0 + 10, 0.0, -g * 100.0 - 10, 0.0) for t, g in zip(tokens, groups, strict=True)]


def _cells(tokens: list[_Word]) -> list[_Word]:
    """Glue "$", "(" and ")" and "%" tokens to the figure they belong to."""
    cells: list[_Word] = []
    pending: _Word | None = None
    for token in tokens:
        if token.text in ("$", "("):
            pending = token if pending is None else pending
            continue
        if token.text in (")", "%", ")%", "%)") and cells:
            last = cells[-1]
            cells[-1] = _Word(last.text + token.text, last.x0, min(last.y0, token.y0), token.x1, max(last.y1, token.y1))
            continue
        if pending is not None:
            prefix = "(" if pending.text == "(" else ""
            token = _Word(prefix + token.text, token.x0, min(token.y0, pending.y0), token.x1, max(token.y1, pending.y1))
            pending = None
        cells.append(token)
    # An opening parenthesis whose closing one was lost (or printed in the next column's gap) still means negative.
    return [_Word(c.text + ")", c.x0, c.y0, c.x1, c.y1) if c.text.startswith("(") and ")" not in c.text
            and parse_number(c.text + ")") is not None else c for c in cells]


def _column_extents(lines: list[_Line]) -> list[tuple[float, float]]:
    """Value columns, each as the median left and right edge of its figures.

    Figures are right-aligned in filings, so columns are clusters of right edges; a table typed with left-aligned
    figures gives fewer clusters by left edges, and those are used instead.
    """
    cells = [c for line in lines for c in _cells(line.values) if parse_number(c.text) is not None]
    if not cells:
        return []
    value_rows = sum(1 for line in lines if line.values)
    support = max(2, int(0.15 * value_rows))
    by_right = _clusters(cells, lambda c: c.x1, support)
    by_left = _clusters(cells, lambda c: c.x0, support)
    chosen = by_left if 0 < len(by_left) < len(by_right) else by_right
    # A "column" of years only is the end of labels ("Balance at May 31, 2017"), not figures.
    chosen = [c for c in chosen if not all(re.fullmatch(r"(19|20)\d\d", w.text) for w in c)]
    return [(statistics.median(c.x0 for c in cluster), statistics.median(c.x1 for c in cluster)) for cluster in chosen]


def _clusters(cells: list[_Word], edge: Callable[[_Word], float], support: int) -> list[list[_Word]]:
    ordered = sorted(cells, key=edge)
    clusters: list[list[_Word]] = [[ordered[0]]]
    for cell in ordered[1:]:
        if edge(cell) - edge(clusters[-1][-1]) > 12:
            clusters.append([cell])
        else:
            clusters[-1].append(cell)
    return [c for c in clusters if len(c) >= support]


def _is_header(line: _Line) -> bool:
    """A header line: its figures are all years ("2019 2018"), with little else beside them."""
    cells = [c.text for c in _cells(line.values)]
    return bool(cells) and all(re.fullmatch(r"(19|20)\d\d", c) for c in cells)


def _tables_on_page(page: int, lines: list[_Line], kind: str, title: str) -> list[Table]:
    """The tables of one page: a new one starts at each title or at a header after figures."""
    segments: list[tuple[str, str, list[_Line]]] = []
    current: list[_Line] = []
    seen_values = False
    for line in lines:
        named = statement_kind(line.row.text) if not line.values else None
        starts = named is not None and seen_values or (_is_header(line) and seen_values and _header_above(current))
        if starts:
            segments.append((kind, title, current))
            current, seen_values = [], False
            kind = named or kind
        if named is not None and not title or named is not None and starts:
            title, kind = line.row.text, named
        current.append(line)
        seen_values = seen_values or (bool(line.values) and not _is_header(line))
    segments.append((kind, title, current))
    page_scale = _scale(" ".join(line.row.text for line in lines[:TITLE_ZONE_ROWS + 6]))
    tables = []
    for segment_kind, segment_title, segment_lines in segments:
        table = _read_table(page, segment_kind, segment_title, segment_lines, page_scale)
        if table is not None:
            tables.append(table)
    return tables


def _header_above(lines: list[_Line]) -> bool:
    return any(line.values and not _is_header(line) for line in lines)


def _scale(text: str) -> str:
    """The scale a table's heading states ("(In millions, except per share data)" → "millions"), else ""."""
    named = scale_name(stated_scale(text))
    return named or ("thousands" if _SCALE_THOUSANDS.search(text) else "")


def _read_table(page: int, kind: str, title: str, lines: list[_Line], page_scale: str) -> Table | None:
    columns = _column_extents([line for line in lines if not _is_header(line)])
    if not columns:
        return None
    first_value = next((i for i, line in enumerate(lines) if line.values and not _is_header(line)
                        and _in_columns(_cells(line.values), columns)), None)
    if first_value is None:
        return None
    header_words: list[HeaderWord] = []
    for number, line in enumerate(lines[:first_value]):
        header_words.extend(HeaderWord(w.text, w.x0, w.x1, number) for w in line.words)
    periods = column_periods(header_words, columns, instant=kind == "balance")
    table = Table(kind=kind if kind != "table" else _guess_kind(lines), title=title or _first_text(lines),
                  titled=kind != "table",
                  page=page, scale=_scale(" ".join(line.row.text for line in lines[:first_value + 1])) or page_scale,
                  columns=periods, pages=[page], headers=_column_headers(header_words, columns))
    label_x0 = [line.label[0].x0 for line in lines[first_value:] if line.label]
    left = min(label_x0) if label_x0 else 0.0
    section = ""
    pending_label = ""
    for line in lines[first_value:]:
        if _is_header(line):
            continue
        cells = _cells(line.values)
        values = [c for c in cells if parse_number(c.text) is not None]
        if _trailing_mark(values, columns):
            values.pop()  # "12 (9) (2)": the "(2)" after the last column is a footnote mark, the "(9)" a figure
        while len(values) > len(columns) and _in_label_gap(values[0], columns):
            line.label.append(values.pop(0))  # no boxes: figures beyond the columns, from the left, are the label's
        # A number far from every column ("Balance at December 31, 2018") belongs to the label.
        while values and not _near_column(values[0], columns) and not _in_label_gap(values[0], columns):
            line.label.append(values.pop(0))
        label = " ".join(w.text for w in line.label).strip()
        if _NOTE_LINE.search(label) or (not values and _is_prose(label)):
            continue  # page furniture ("Apple Inc. | Q3 2023 Form 10-Q | 17") and sentences between tables
        if not values:
            if label and not _NOTE_LINE.search(label):
                heading = label.endswith(":") or label.isupper() or len(label) < 60
                if heading and not label.lower().startswith("total"):
                    section = label.rstrip(":")
                    pending_label = label if not label.endswith(":") else ""
                else:
                    pending_label = label
                table.rows.append(StatementRow(label, _level(line, left), "", [None] * len(columns),
                                               rect=_label_rect(line, page)))
            continue
        previous = table.rows[-1] if table.rows else None
        if not label and previous is not None and all(c is None for c in previous.cells):
            # Figures set a little lower than their label became a row of their own: they are the label's.
            label, section = previous.label, previous.section or section
            table.rows.pop()
        elif pending_label and label[:1].islower() and previous is not None and previous.label == pending_label:
            label = f"{pending_label} {label}"  # a label wrapped onto the line that holds its figures
            table.rows.pop()
        pending_label = ""
        row_cells: list[Cell | None] = [None] * len(columns)
        for value in _place(values, columns):
            index, word = value
            rect = Rect(page, word.x0, word.y0, word.x1, word.y1) if line.row.rect is not None else None
            row_cells[index] = Cell(word.text, parse_number(word.text), rect)
        per_share = bool(_PER_SHARE.search(label) or _PER_SHARE.search(section))
        table.rows.append(StatementRow(label, _level(line, left), section, row_cells, per_share,
                                       _label_rect(line, page)))
    while table.rows and all(c is None for c in table.rows[-1].cells):
        table.rows.pop()  # footnotes and page furniture after the last figure
    _drop_phantom_columns(table)
    return table if any(any(c is not None for c in r.cells) for r in table.rows) else None


def _column_headers(words: list[HeaderWord], columns: list[tuple[float, float]]) -> list[str]:
    """Each column's header words (those centred over it), line by line: "Retained Earnings", "% Change"."""
    headers = []
    for x0, x1 in columns:
        inside = [w for w in words if x0 - 8 <= w.centre <= x1 + 8 and not re.fullmatch(r"[$()]", w.text)]
        headers.append(" ".join(w.text for w in sorted(inside, key=lambda w: (w.line, w.x0)))[:60])
    return headers


def _drop_phantom_columns(table: Table) -> None:
    """Drop a column without a period that holds almost nothing (stray "$" signs or footnote marks)."""
    keep = [i for i, period in enumerate(table.columns)
            if period is not None or sum(1 for r in table.rows if r.cell(i) is not None) >= 3]
    if len(keep) == len(table.columns):
        return
    table.columns = [table.columns[i] for i in keep]
    table.headers = [table.headers[i] for i in keep if i < len(table.headers)]
    for row in table.rows:
        row.cells = [row.cell(i) for i in keep]


def _is_prose(label: str) -> bool:
    """A sentence rather than a line item or a heading: long, or ending like one."""
    # Not length alone: a line item's label may wrap onto the next line ("… at December 31, 2019 and 2018,").
    return len(label) > 40 and (label.endswith(".") or ". " in label or len(label) > 130)


_NOTE_LINE = re.compile(r"accompanying notes|integral part|^table of contents$|^page \d+$|form 10-[kq]", re.I)


def _near_column(word: _Word, columns: list[tuple[float, float]]) -> bool:
    return any(abs(word.x1 - x1) <= 12 or x0 - 2 <= (word.x0 + word.x1) / 2 <= x1 + 2 for x0, x1 in columns)


def _in_label_gap(word: _Word, columns: list[tuple[float, float]]) -> bool:
    # Positions made up from word order (no boxes) are never in a label gap.
    return word.y0 == word.y1 == 0


def _trailing_mark(values: list[_Word], columns: list[tuple[float, float]]) -> bool:
    """Whether a row's last "figure" is a footnote mark ("(2)") printed after its figures, not a one-digit negative.

    With boxes it is one when it starts right of the last value column. Without boxes (columns counted from the
    right) it is one when the row holds more figures than there are columns and its first figure is not itself a
    mark ("Revenue (1) 5,120 4,870": that "(1)" is the label's, and it is dropped from the left).
    """
    if not values or not columns or not _DIGIT_MARK.match(values[-1].text):
        return False
    if values[-1].y0 == values[-1].y1 == 0:
        return len(values) > len(columns) and not _DIGIT_MARK.match(values[0].text)
    return values[-1].x0 > max(x1 for _, x1 in columns) + 2


def _in_columns(cells: list[_Word], columns: list[tuple[float, float]]) -> bool:
    return any(_near_column(c, columns) for c in cells if parse_number(c.text) is not None)


def _place(values: list[_Word], columns: list[tuple[float, float]]) -> list[tuple[int, _Word]]:
    """Each value's column: the nearest by right edge; without boxes, counted from the right."""
    if values and values[0].y0 == values[0].y1 == 0:
        offset = len(columns) - len(values)
        return [(offset + i, v) for i, v in enumerate(values) if offset + i >= 0]
    placed: dict[int, _Word] = {}
    for value in values:
        index = min(range(len(columns)), key=lambda i: min(abs(columns[i][1] - value.x1),
                                                           abs(columns[i][0] - value.x0)))
        placed.setdefault(index, value)
    return sorted(placed.items())


def _level(line: _Line, left: float) -> int:
    if not line.label or line.row.rect is None:
        return 0
    return max(0, min(4, int(round((line.label[0].x0 - left) / 6.0))))


def _label_rect(line: _Line, page: int) -> Rect | None:
    if line.row.rect is None or not line.label:
        return line.row.rect
    return Rect(page, min(w.x0 for w in line.label), min(w.y0 for w in line.label), max(w.x1 for w in line.label),
                max(w.y1 for w in line.label))


def _first_text(lines: list[_Line]) -> str:
    return next((line.row.text for line in lines if not line.values), "")


def _guess_kind(lines: list[_Line]) -> str:
    """An untitled table (an earnings release's) named by the lines it holds."""
    text = " ".join(" ".join(w.text for w in line.label) for line in lines).lower()
    if "total assets" in text and "total liabilities" in text:
        return "balance"
    if "operating activities" in text and "investing activities" in text:
        return "cash_flow"
    if re.search(r"net (income|earnings|loss)", text) and re.search(r"revenue|net sales|sales", text):
        return "income"
    return "table"


def _interim_like_before(table: Table, previous: list[Table]) -> None:
    """A table under a quarter's statement on the same page whose header gave years only ("April 1, 2023 April 2,
    2022" over a footnote's table of stock-based compensation) covers the statement's periods, not fiscal years: it
    takes the statement's interim periods (three, six or nine months), so a 10-Q's figures are never read as a
    year's."""
    before = next((t for t in reversed(previous) if t.page == table.page and t.kind == table.kind), None)
    if before is None or len(before.columns) != len(table.columns) or table.columns == before.columns:
        return
    if not any(p is not None and 0 < p.months < 12 for p in before.columns):
        return
    years = [p.fiscal_year if p is not None else None for p in table.columns]
    if all(p is None or p.months == 12 for p in table.columns) and \
            years == [p.fiscal_year if p is not None else None for p in before.columns]:
        table.columns = list(before.columns)


def _inherit(table: Table, previous: list[Table]) -> None:
    """A statement continued on the next page without its header takes the periods of the page before."""
    previous = [t for t in previous if not any(r.concept for r in t.rows)]  # not the tagged (XBRL) facts
    if any(c is not None for c in table.columns) or not previous:
        return
    before = previous[-1]
    if before.page in (table.page - 1, table.page) and len(before.columns) == len(table.columns):
        table.columns = list(before.columns)
        if table.kind == "table" and before.kind != "table":
            table.kind = before.kind
            if not _NOT_CONTINUED.search(table.title):
                # The statement continued (no note begins, no other statement is named): its title, not a line's.
                table.title, table.titled = before.title, before.titled
        table.scale = table.scale or before.scale
        table.title = table.title or before.title
