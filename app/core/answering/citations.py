"""Reading the citations in an answer and finding what to highlight for each.

* :func:`parse_citations` finds ``[3]``, ``[1, 2]``, ``[1-3]`` (and "[Passage 2]") marks, and the marks FinLens
  adds itself, ``[3, inferred]``, where a sentence states a passage's figure without citing it
  (:func:`add_inferred_marks`).
* :func:`find_quotes` finds quoted sentences and :func:`attribute_quotes` ties each to the citation that follows it.
* :func:`align_quote` locates a quote on the cited passage's page with rapidfuzz over the PDF's words and returns
  the line boxes of the matched words. Only words inside the passage's own lines are considered, and a weak match
  gives nothing: the caller then highlights the whole passage, because a wrong highlight is worse than none.
* :func:`passage_lines` pairs each line of a passage with its box, so table rows can be highlighted without
  reading the PDF again.

PyMuPDF documents are not thread-safe: :class:`PageWords` opens its own document objects and must be used, and
closed, on one thread (the answer worker's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.answering.answer_records import Citation, Passage
from app.core.records import Rect

QUOTE_MIN_SCORE = 88.0  # rapidfuzz partial ratio (0-100) a quote needs to be highlighted precisely
QUOTE_MIN_CHARS = 12
MAX_RANGE = 20  # "[1-300]" is not a citation range anyone means

INFERRED_WORD = "inferred"
_MARK = re.compile(r"\[\s*(?:(?:passages?|sources?|refs?)\.?\s*)?(\d{1,3}(?:\s*(?:[-\u2013\u2014,;]|and)\s*"
                   r"(?:(?:passages?|sources?)\s*)?\d{1,3})*)(\s*[,;]\s*" + INFERRED_WORD + r")?\s*\](?!\()", re.I)
_QUOTE = re.compile(rf"\"([^\"\n]{{{QUOTE_MIN_CHARS},600}})\"|\u201c([^\u201d\n]{{{QUOTE_MIN_CHARS},600}})\u201d")
_ONLY_MARKS = re.compile(r"[\s\[\]\d,;\-\u2013]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c(\[])|\n+")


@dataclass(frozen=True)
class CitationMark:
    """One citation mark in the answer text: its span and the passage numbers it names."""

    start: int
    end: int
    numbers: tuple[int, ...]
    inferred: bool = False  # added by FinLens ("[3, inferred]"), not written by the model


def parse_citations(text: str) -> list[CitationMark]:
    """Every citation mark in ``text``, in order: "[2]", "[1, 3]", "[1-3]" (ranges expanded), "[Passage 4]"."""
    marks = []
    for match in _MARK.finditer(text):
        numbers: list[int] = []
        for part in re.split(r"\s*(?:[,;]|and)\s*", match.group(1)):
            part = re.sub(r"(?i)passages?|sources?", "", part).strip()
            bounds = re.split(r"\s*[-\u2013\u2014]\s*", part)
            if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
                low, high = int(bounds[0]), int(bounds[1])
                if low <= high and high - low <= MAX_RANGE:
                    numbers.extend(range(low, high + 1))
                continue
            if part.isdigit():
                numbers.append(int(part))
        numbers = list(dict.fromkeys(n for n in numbers if n > 0))
        if numbers:
            marks.append(CitationMark(match.start(), match.end(), tuple(numbers), bool(match.group(2))))
    return marks


def inferred_mark(numbers: list[int]) -> str:
    """The mark FinLens adds for a citation it inferred: "[3, inferred]" (or "[1, 3, inferred]")."""
    return "[" + ", ".join(str(n) for n in numbers) + f", {INFERRED_WORD}]"


def add_inferred_marks(text: str, sources: dict[tuple[int, int], list[int]]) -> str:
    """``text`` with an inferred mark at the end of each given sentence (before its closing punctuation).

    Args:
        text: the answer.
        sources: sentence span (from :func:`sentence_spans`) → the passage numbers its figures came from.
    """
    for (start, end), numbers in sorted(sources.items(), reverse=True):
        if not numbers:
            continue
        at = end
        while at > start and (text[at - 1].isspace() or text[at - 1] in ".!?:;,"):
            at -= 1
        text = f"{text[:at]} {inferred_mark(numbers)}{text[at:]}"
    return text


def strip_citations(text: str) -> str:
    """``text`` with citation marks blanked out (same length, so offsets still hold)."""
    return _MARK.sub(lambda m: " " * len(m.group(0)), text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Approximate sentence (and line) boundaries of an answer, as ``(start, end)`` offsets."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def marks_by_sentence(text: str, marks: list[CitationMark]) -> list[tuple[tuple[int, int], list[CitationMark]]]:
    """Each sentence with the marks that cite it; a mark opening a sentence ("… 2023. [1]") cites the one before."""
    spans = sentence_spans(text)
    result: list[tuple[tuple[int, int], list[CitationMark]]] = [(span, []) for span in spans]
    for mark in marks:
        index = next((i for i, (s, e) in enumerate(spans) if s <= mark.start < e), None)
        if index is None:
            continue
        start = spans[index][0]
        leading = _ONLY_MARKS.fullmatch(text[start:mark.start]) is not None
        if leading and index > 0:
            index -= 1
        result[index][1].append(mark)
    return result


@dataclass(frozen=True)
class Quote:
    """A quoted passage of the answer (without the quote marks) and its span."""

    text: str
    start: int
    end: int


def find_quotes(text: str) -> list[Quote]:
    """Quoted text of at least :data:`QUOTE_MIN_CHARS` characters ("…" or “…”) with three or more words."""
    quotes = []
    for match in _QUOTE.finditer(text):
        body = match.group(1) if match.group(1) is not None else match.group(2)
        if len(body.split()) >= 3:
            quotes.append(Quote(body.strip(), match.start(), match.end()))
    return quotes


def attribute_quotes(text: str, quotes: list[Quote], marks: list[CitationMark]) -> list[tuple[Quote, tuple[int, ...]]]:
    """Tie each quote to the passages it is cited to: the first mark after it (before the next quote, within 200
    characters), else the last mark before it in the same sentence."""
    spans = sentence_spans(text)
    result = []
    for index, quote in enumerate(quotes):
        limit = quotes[index + 1].start if index + 1 < len(quotes) else len(text)
        after = next((m for m in marks if quote.end <= m.start < min(limit, quote.end + 200)), None)
        if after is not None:
            result.append((quote, after.numbers))
            continue
        sentence = next(((s, e) for s, e in spans if s <= quote.start < e), (0, len(text)))
        before = [m for m in marks if sentence[0] <= m.start < quote.start]
        if before:
            result.append((quote, before[-1].numbers))
    return result


# --- aligning text to the PDF's words ---------------------------------------------------------------------------------

_TYPOGRAPHY = str.maketrans("\u2019\u2018\u201c\u201d\u2013\u2014\u2212\u00a0", "''\"\"--- ")


def _normalise(text: str) -> str:
    text = text.lower().translate(_TYPOGRAPHY)
    text = re.sub(r"[^a-z0-9.,%$'\- ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class PageWords:
    """The words of PDF pages, read on demand and cached; one instance per answer, used on one thread.

    Use as a context manager (or call :meth:`close`) so the documents it opened are closed.
    """

    def __init__(self) -> None:
        self._documents: dict[str, Any] = {}
        self._words: dict[tuple[str, int], list[tuple[Any, ...]]] = {}

    def words(self, path: str, page: int) -> list[tuple[Any, ...]]:
        """``(x0, y0, x1, y1, word, block, line, wordno)`` tuples of one page ([] when unreadable or not a PDF)."""
        key = (path, page)
        if key not in self._words:
            self._words[key] = self._read(path, page)
        return self._words[key]

    def _read(self, path: str, page: int) -> list[tuple[Any, ...]]:
        import pymupdf

        try:
            document = self._documents.get(path)
            if document is None:
                if not Path(path).is_file():
                    return []
                document = pymupdf.open(path)
                self._documents[path] = document
            if not document.is_pdf or not 0 <= page < document.page_count:
                return []
            return [tuple(w) for w in document[page].get_text("words")]
        except Exception:  # a moved or damaged file: no precise highlight, never a crash
            return []

    def close(self) -> None:
        """Close every document this instance opened."""
        for document in self._documents.values():
            try:
                document.close()
            except Exception:
                pass
        self._documents.clear()

    def __enter__(self) -> PageWords:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _inside(word: tuple[Any, ...], regions: list[Rect], margin: float = 2.0) -> bool:
    cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return any(r.x0 - margin <= cx <= r.x1 + margin and r.y0 - margin <= cy <= r.y1 + margin for r in regions)


def line_rects(page: int, words: list[tuple[Any, ...]]) -> list[Rect]:
    """One box per visual line covering the given words (words on one baseline merge)."""
    rows: list[list[float]] = []
    for word in sorted(words, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        x0, y0, x1, y1 = word[:4]
        if rows:
            row = rows[-1]
            overlap = min(row[3], y1) - max(row[1], y0)
            if overlap > 0.5 * min(row[3] - row[1], y1 - y0):
                row[0], row[1], row[2], row[3] = min(row[0], x0), min(row[1], y0), max(row[2], x1), max(row[3], y1)
                continue
        rows.append([x0, y0, x1, y1])
    return [Rect(page, *row) for row in rows]


def add_rect(rects: list[Rect], rect: Rect) -> None:
    """Add ``rect`` to ``rects``, merging it with a box of the same line it overlaps (no double highlights)."""
    for index, other in enumerate(rects):
        if other.page != rect.page:
            continue
        vertical = min(other.y1, rect.y1) - max(other.y0, rect.y0)
        horizontal_gap = max(other.x0, rect.x0) - min(other.x1, rect.x1)
        if vertical > 0.5 * min(other.y1 - other.y0, rect.y1 - rect.y0) and horizontal_gap < 4.0:
            rects[index] = Rect(rect.page, min(other.x0, rect.x0), min(other.y0, rect.y0), max(other.x1, rect.x1),
                                max(other.y1, rect.y1))
            return
    rects.append(rect)


def align_text(query: str, words: list[tuple[Any, ...]], page: int) -> tuple[list[Rect], float]:
    """Find ``query`` among ``words`` of one page with rapidfuzz.

    Returns:
        The line boxes of the matched words and the alignment score (0-100); ([], score) when nothing matched.
    """
    from rapidfuzz import fuzz

    needle = _normalise(query)
    if len(needle) < 3 or not words:
        return [], 0.0
    spans: list[tuple[int, int]] = []
    parts: list[str] = []
    position = 0
    kept: list[tuple[Any, ...]] = []
    for word in words:
        token = _normalise(str(word[4]))
        if not token:
            continue
        if parts:
            position += 1
        spans.append((position, position + len(token)))
        parts.append(token)
        kept.append(word)
        position += len(token)
    haystack = " ".join(parts)
    if not haystack:
        return [], 0.0
    if len(needle) >= len(haystack):
        score = fuzz.ratio(needle, haystack)
        begin, end = 0, len(haystack)
    else:
        alignment = fuzz.partial_ratio_alignment(needle, haystack)
        if alignment is None:
            return [], 0.0
        score, begin, end = alignment.score, alignment.dest_start, alignment.dest_end
    chosen = [w for w, (s, e) in zip(kept, spans, strict=True) if s < end and e > begin]
    return (line_rects(page, chosen) if chosen else []), float(score)


def align_quote(quote: str, passage: Passage, pages: PageWords, min_score: float = QUOTE_MIN_SCORE) -> list[Rect]:
    """The line boxes of ``quote`` on the passage's pages, or [] when it cannot be placed with confidence.

    Only words inside the passage's own line boxes count, so a phrase repeated elsewhere on the page (the same
    label in another table) is never highlighted by mistake.
    """
    best: tuple[float, list[Rect]] = (0.0, [])
    regions = passage.rects
    for page in passage.pages:
        page_regions = [r for r in regions if r.page == page]
        if not page_regions:
            continue
        words = [w for w in pages.words(passage.document.path, page) if _inside(w, page_regions)]
        rects, score = align_text(quote, words, page)
        if rects and score > best[0]:
            best = (score, rects)
    return best[1] if best[0] >= min_score else []


# --- lines of a passage -----------------------------------------------------------------------------------------------

@dataclass
class PassageLine:
    """A line (a visual row) of a passage and its box (None when the document has no layout, e.g. HTML)."""

    text: str
    rect: Rect | None
    chunk_index: int
    table: bool = False


def passage_lines(passage: Passage) -> list[PassageLine]:
    """The passage's lines in reading order, each with its box when the chunk's boxes line up with its lines."""
    lines: list[PassageLine] = []
    for index, chunk in enumerate(passage.chunks):
        texts = [line for line in chunk.text.split("\n") if line.strip()]
        rects: list[Rect | None] = list(chunk.rects) if len(chunk.rects) == len(texts) else [None] * len(texts)
        for text, rect in zip(texts, rects, strict=True):
            lines.append(PassageLine(text, rect, index, chunk.is_table))
    return lines


_TOKEN_EDGE = r"(?<![\w.,])"


def rows_with_token(passage: Passage, token: str) -> list[Rect]:
    """Boxes of the passage lines that contain ``token`` ("1,577") as a whole number."""
    digits = token.strip("()$%-\u2212 ")
    if not digits:
        return []
    pattern = re.compile(_TOKEN_EDGE + r"[($\-\u2212]?\$?\s?" + re.escape(digits) + r"(?![\d]|[.,]\d)")
    return [line.rect for line in passage_lines(passage) if line.rect is not None and pattern.search(line.text)]


# --- putting it together ----------------------------------------------------------------------------------------------

@dataclass
class CitationResult:
    """Citations of an answer, the marks found, and any marks naming passages that do not exist."""

    citations: list[Citation]
    marks: list[CitationMark] = field(default_factory=list)
    invalid: list[int] = field(default_factory=list)


def resolve_citations(text: str, passages: list[Passage], pages: PageWords | None = None) -> CitationResult:
    """Map the answer's citation marks to passages and find what to highlight for each.

    Args:
        text: the answer.
        passages: the numbered passages the answer was written from.
        pages: a word source for aligning quotes (None: no quote alignment, whole-passage highlights).

    Returns:
        One :class:`Citation` per cited passage, in order of first citation.
    """
    by_number = {p.number: p for p in passages}
    marks = parse_citations(text)
    citations: dict[int, Citation] = {}
    invalid: list[int] = []
    for mark in marks:
        for number in mark.numbers:
            passage = by_number.get(number)
            if passage is None:
                if number not in invalid:
                    invalid.append(number)
                continue
            citation = citations.get(number)
            if citation is None:
                citation = citations[number] = Citation(number=number, passage=passage, page=passage.page,
                                                        inferred=True)
            citation.inferred = citation.inferred and mark.inferred  # inferred only if the model never cites it
            citation.spans.append((mark.start, mark.end))
    if pages is not None:
        for quote, numbers in attribute_quotes(text, find_quotes(text), marks):
            for number in numbers:
                citation = citations.get(number)
                if citation is None:
                    continue
                rects = align_quote(quote.text, citation.passage, pages)
                if rects:
                    citation.quote = citation.quote or quote.text
                    for rect in rects:
                        add_rect(citation.quote_rects, rect)
    for citation in citations.values():
        finish_citation(citation)
    return CitationResult(list(citations.values()), marks, invalid)


def finish_citation(citation: Citation) -> None:
    """Set what to highlight: the located quote/rows, else the whole passage; and the page to open."""
    if citation.quote_rects:
        citation.rects = list(citation.quote_rects)
        citation.page = citation.quote_rects[0].page
    else:
        citation.rects = list(citation.passage.rects)
        citation.page = citation.passage.page
