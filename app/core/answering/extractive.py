"""Answers without a language model: the best passages, with the sentences and table rows that answer highlighted.

Each sentence and table row of the retrieved passages is scored by the question's content words it contains
(weighted by how rare they are among the candidates, matched on a common prefix so "revenue" finds "revenues"), with
extra weight for a table row whose *label* names the question's metric and for numbers when the question asks for a
figure. The best one or two lines of the top passages become the answer, quoted and cited, and their boxes are what
the reader highlights.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from app.core.answering.answer_records import Passage
from app.core.answering.citations import PassageLine, passage_lines
from app.core.answering.passages import is_numeric_question
from app.core.finance.quantities import YEAR_NUMBER, YEARS_ROW, contains_number, scale_name, table_row_cells
from app.core.records import Rect
from app.core.retrieval.search import make_snippet, query_terms

EXTRACTIVE_NOTE = ("No language model is connected, so FinLens shows the passages that best answer the question, "
                   "with the matching sentences and table rows highlighted. To get written answers, connect a model "
                   "in Settings > Answers, for example Ollama at http://localhost:11434/v1 with a model such as "
                   "llama3.1 (nothing is sent anywhere until you do).")
MAX_QUOTE_CHARS = 320  # longer sentences are shown as the window around the question's words
_GENERIC = {"what", "was", "were", "total", "amount", "much", "many", "fiscal", "year", "years", "fy", "company",
            "value", "number", "figure", "reported", "according", "report", "filing", "usd", "million", "millions",
            "billion", "billions", "thousands", "dollars", "annual", "quarter", "quarterly"}


@dataclass
class ExtractUnit:
    """A sentence or table row of a passage: its text, its boxes and its score for the question."""

    passage: Passage
    text: str
    rects: list[Rect] = field(default_factory=list)
    is_row: bool = False
    score: float = 0.0
    columns: str = ""  # the header row of years above a table row
    heading: str = ""  # the section heading of the unit's chunk


@dataclass
class ExtractiveResult:
    """The extractive answer text and, per cited passage, the lines to highlight."""

    text: str
    highlights: dict[int, list[ExtractUnit]]


def _stem(term: str) -> str:
    return term[:max(4, len(term) - 2)] if len(term) > 4 else term


def _units(passage: Passage) -> list[ExtractUnit]:
    """Split a passage into table rows (one unit per row) and sentences (which may span lines)."""
    units: list[ExtractUnit] = []
    lines = passage_lines(passage)
    prose: list[PassageLine] = []
    header = ""

    def flush_prose() -> None:
        if not prose:
            return
        joined = ""
        spans: list[tuple[int, int, PassageLine]] = []
        for line in prose:
            if joined:
                joined += " "
            spans.append((len(joined), len(joined) + len(line.text), line))
            joined += line.text
        start = 0
        for match in list(re.finditer(r"(?<=[.!?])\s+(?=[A-Z(])", joined)) + [None]:
            end = match.start() if match else len(joined)
            sentence = joined[start:end].strip()
            if sentence:
                members = [line for s, e, line in spans if s < end and e > start]
                rects = [line.rect for line in members if line.rect is not None]
                units.append(ExtractUnit(passage, sentence, rects,
                                         heading=passage.chunks[members[0].chunk_index].heading if members else ""))
            start = match.end() if match else len(joined)
        prose.clear()

    for line in lines:
        text = line.text.strip()
        if YEARS_ROW.match(text):
            flush_prose()
            header = text
            continue
        cells = table_row_cells(text)
        if cells >= 2 or (cells and line.table and len(_label(text)) <= 60):
            flush_prose()
            units.append(ExtractUnit(passage, text, [line.rect] if line.rect else [], True, columns=header,
                                     heading=passage.chunks[line.chunk_index].heading))
        else:
            prose.append(line)
    flush_prose()
    return units


def _label(text: str) -> str:
    match = re.search(r"\s[\(\$\-]?\d", text)
    return text[:match.start()] if match else text


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z&\-]+", text)]


def _matches(stems: dict[str, float], words: list[str]) -> float:
    return sum(weight for stem, weight in stems.items() if any(w.startswith(stem) for w in words))


def select_units(question: str, passages: list[Passage], *, max_passages: int = 3,
                 max_units: int = 2) -> list[ExtractUnit]:
    """The best sentences and rows for ``question``, best passage first (at most ``max_units`` per passage)."""
    # Company names match every passage of their filings: they say nothing about which line answers.
    names = {w for p in passages for w in _words(f"{p.document.company} {p.document.ticker}")}
    terms = [t for t in query_terms(question) if not t.isdigit() and t not in _GENERIC
             and t not in names]
    units_by_passage = {p.number: _units(p) for p in passages}
    all_units = [u for units in units_by_passage.values() for u in units]
    if not all_units:
        return []
    stems: dict[str, float] = {}
    for term in terms:
        stem = _stem(term)
        frequency = sum(1 for u in all_units if any(w.startswith(stem) for w in _words(u.text)))
        if frequency:
            stems[stem] = math.log(1 + len(all_units) / frequency)
    numeric = is_numeric_question(question)
    years = set(YEAR_NUMBER.findall(question))
    for unit in all_units:
        words = _words(unit.text)
        unit.score = _matches(stems, words)
        if unit.is_row:
            unit.score += 1.5 * _matches(stems, _words(_label(unit.text)))
            if years and any(y in unit.columns for y in years):
                unit.score += 0.5
        if numeric and contains_number(unit.text) and unit.score > 0:
            unit.score += 0.75
        if years and any(y in unit.text for y in years) and unit.score > 0:
            unit.score += 0.5
    chosen: list[tuple[float, int, list[ExtractUnit]]] = []
    for rank, passage in enumerate(passages):
        ranked = sorted(units_by_passage[passage.number], key=lambda u: -u.score)
        if not ranked or ranked[0].score <= 0:
            continue
        best = ranked[0].score
        picked = [u for u in ranked[:max_units] if u.score >= 0.6 * best]
        chosen.append((best * (1.0 - 0.04 * rank), rank, picked))
    chosen.sort(key=lambda item: (-item[0], item[1]))
    return [u for _, _, picked in chosen[:max_passages] for u in picked]


def extractive_answer(question: str, passages: list[Passage], *, max_passages: int = 3) -> ExtractiveResult:
    """Compose the no-model answer: quoted best lines with their citations.

    When no line shares a word with the question, the top passages' snippets are shown instead.
    """
    if not passages:
        return ExtractiveResult("Nothing in the library matches this question. Add the relevant filings, or check "
                                "the company and year filters.", {})
    units = select_units(question, passages, max_passages=max_passages)
    highlights: dict[int, list[ExtractUnit]] = {}
    for unit in units:
        highlights.setdefault(unit.passage.number, []).append(unit)
    lines = ["The passages that best match the question:", ""]
    if not highlights:
        for passage in passages[:max_passages]:
            lines.append(f"[{passage.number}] {passage.label}: {passage.hit.snippet}")
        return ExtractiveResult("\n".join(lines), {})
    for number, picked in highlights.items():
        passage = picked[0].passage
        heading = picked[0].heading
        title = f"[{number}] {passage.label}" + (f" — {heading}" if heading else "")
        scale_word = scale_name(passage.scale)
        if scale_word and any(u.is_row for u in picked):
            title += f" (in {scale_word})"
        lines.append(title)
        for unit in picked:
            shown = unit.text
            if len(shown) > MAX_QUOTE_CHARS:
                shown = make_snippet(shown, query_terms(question), width=MAX_QUOTE_CHARS - 20)[0]
            quoted = f"    \u201c{shown}\u201d"
            if unit.is_row and unit.columns:
                quoted += f" (columns: {unit.columns})"
            lines.append(quoted)
        lines.append("")
    return ExtractiveResult("\n".join(lines).rstrip(), highlights)
