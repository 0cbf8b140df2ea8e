"""Plain records of the answer engine: passages given to the model, citations, number checks and the answer.

Like :mod:`app.core.records` they hold data only (plus JSON and Markdown renderings), so the engine, the CLI and the
Ask panel share them without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.records import Chunk, DocumentInfo, Rect, SearchHit


@dataclass
class Passage:
    """One numbered passage shown to the model: a search hit plus neighbouring chunks of the same document.

    ``chunks`` are consecutive in reading order and include ``hit.chunk``; ``number`` is the ``[n]`` the model cites.
    ``scale`` is the multiplier stated for the passage's table ("in millions" → 1e6), None when none is stated.
    """

    number: int
    hit: SearchHit
    chunks: list[Chunk]
    scale: float | None = None

    @property
    def document(self) -> DocumentInfo:
        """The passage's document."""
        return self.hit.document

    @property
    def text(self) -> str:
        """The passage text: its chunks joined in reading order."""
        return "\n".join(c.text for c in self.chunks)

    @property
    def pages(self) -> list[int]:
        """Every 0-based page the passage covers."""
        return sorted({p for c in self.chunks for p in c.pages})

    @property
    def page(self) -> int:
        """The page of the search hit itself (where the evidence most likely is)."""
        return self.hit.chunk.page

    @property
    def rects(self) -> list[Rect]:
        """Line boxes of the whole passage."""
        return [r for c in self.chunks for r in c.rects]

    @property
    def label(self) -> str:
        """"Acme 10-K FY2023, p. 4" (1-based page for people)."""
        return f"{self.document.label}, p. {self.page + 1}"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"number": self.number, "document": self.document.label, "path": self.document.path,
                "doc_id": self.document.doc_id, "page": self.page, "pages": self.pages,
                "score": round(self.hit.score, 4),
                "chunk_ids": [c.chunk_id for c in self.chunks], "scale": self.scale, "text": self.text}


@dataclass
class Citation:
    """A passage the answer cites: what the reader should open and highlight when ``[n]`` is clicked.

    ``rects`` is what to highlight: the quoted words or the table rows holding the cited numbers when they could be
    located with confidence, otherwise the whole passage (a wrong highlight is worse than a broad one).
    """

    number: int
    passage: Passage
    page: int
    rects: list[Rect] = field(default_factory=list)
    quote: str = ""
    quote_rects: list[Rect] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # where "[n]" appears in the answer text
    # FinLens attached it (the model stated a figure of this passage without citing it); the model never cited it.
    inferred: bool = False

    @property
    def hit(self) -> SearchHit:
        """The search hit behind the cited passage."""
        return self.passage.hit

    @property
    def path(self) -> str:
        """The cited document's file."""
        return self.passage.document.path

    @property
    def label(self) -> str:
        """Document label and 1-based page: "Acme 10-K FY2023, p. 4", plus a note when the citation was inferred."""
        label = f"{self.passage.document.label}, p. {self.page + 1}"
        return f"{label} {INFERRED_LABEL}" if self.inferred else label

    @property
    def precise(self) -> bool:
        """True when the highlight is the located quote or rows, not the whole passage."""
        return bool(self.quote_rects)

    @property
    def pages(self) -> list[int]:
        """Pages the highlight covers (the passage's hit page when there is no highlight)."""
        pages = sorted({r.page for r in self.rects})
        return pages or [self.page]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"number": self.number, "document": self.passage.document.label, "path": self.path,
                "doc_id": self.passage.document.doc_id, "page": self.page, "precise": self.precise,
                "inferred": self.inferred, "quote": self.quote,
                "rects": [[r.page, r.x0, r.y0, r.x1, r.y1] for r in self.rects]}


INFERRED_LABEL = "(citation inferred by FinLens: the answer stated this passage's figure without citing it)"


# Statuses of a number check.
SUPPORTED = "supported"  # found in a cited passage (allowing for scale words and rounding)
DERIVED = "derived"  # computed from passage numbers (a sum, difference, ratio or change)
UNSUPPORTED = "unsupported"  # not found in the passages
NOT_CHECKED = "not_checked"  # dates, small counts, list numbering


@dataclass
class NumberCheck:
    """One number of the answer and whether the passages back it up.

    ``kind`` is "amount", "percent" or "year"; ``passages`` are the numbers of the passages it was found in;
    ``evidence`` says what matched ("1,577 (in millions) in [2]", "1,577 / 6,500 = 24.26%").
    """

    text: str
    start: int
    end: int
    value: float
    kind: str
    status: str
    passages: list[int] = field(default_factory=list)
    evidence: str = ""
    source_text: str = ""  # the numeral as the passage prints it ("1,577"), for highlighting its row
    citation_inferred: bool = False  # its sentence cited nothing; FinLens attached the passage it was found in

    @property
    def checked(self) -> bool:
        """Whether the number was checked at all (dates and list numbering are not)."""
        return self.status != NOT_CHECKED

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "kind": self.kind,
                "status": self.status, "passages": self.passages, "evidence": self.evidence,
                "citation_inferred": self.citation_inferred}


@dataclass
class ComputedFact:
    """A figure FinLens computed from the statements, given to the model and used to check its numbers.

    ``text`` is the computed answer as one cited sentence ("24.26% is the net margin for FY2023, computed as …
    Inputs: Net income, FY2023: 1,577 [2]; …"); ``value_text`` is the headline figure as written ("24.26%");
    ``formula`` how it was computed; ``passages`` the numbers of the passages holding its input cells.
    """

    text: str
    value_text: str
    formula: str
    passages: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"text": self.text, "value": self.value_text, "formula": self.formula, "passages": self.passages}


MODE_LLM = "llm"
MODE_EXTRACTIVE = "extractive"


@dataclass
class Answer:
    """The outcome of asking a question.

    ``mode`` is "llm" (written by the configured model) or "extractive" (the best passages, no model); ``note``
    explains the mode to the user (how to connect a model); ``error`` is the plain-language reason the model could
    not answer when FinLens fell back to extractive answers, or why the answer is ``incomplete`` (the model stopped
    before finishing: the stream was cut, or it hit the length limit; the text that arrived is kept and checked).
    """

    question: str
    text: str
    mode: str
    passages: list[Passage] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    numbers: list[NumberCheck] = field(default_factory=list)
    note: str = ""
    error: str = ""
    cancelled: bool = False
    incomplete: bool = False
    model: str = ""
    seconds: float = 0.0
    invalid_citations: list[int] = field(default_factory=list)  # [n] with no passage n
    facts: list[ComputedFact] = field(default_factory=list)  # computed figures given to the model

    def citation(self, number: int) -> Citation | None:
        """The citation of passage ``number``, if the answer cites it."""
        return next((c for c in self.citations if c.number == number), None)

    @property
    def unsupported_numbers(self) -> list[NumberCheck]:
        """Amounts, percentages and years not found in the passages."""
        return [n for n in self.numbers if n.status == UNSUPPORTED]

    @property
    def checked_numbers(self) -> list[NumberCheck]:
        """Numbers that were checked (not dates or list numbering)."""
        return [n for n in self.numbers if n.checked]

    def number_summary(self) -> str:
        """One line: "3 of 4 numbers found in the cited passages; not found: $9.9 billion"."""
        checked = self.checked_numbers
        if not any(n.kind != "year" for n in checked):
            return ""  # the answer states no figure ("… for FY2023" is a period, not a claim to check)
        backed = [n for n in checked if n.status in (SUPPORTED, DERIVED)]
        line = f"{len(backed)} of {len(checked)} numbers found in or computed from the passages"
        if self.unsupported_numbers:
            line += "; not found: " + ", ".join(n.text for n in self.unsupported_numbers)
        inferred = [n for n in checked if n.citation_inferred]
        if inferred:
            line += "; cited by FinLens, not by the model (citation inferred): " + ", ".join(n.text for n in inferred)
        return line

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``finlens ask --json``)."""
        return {"question": self.question, "answer": self.text, "mode": self.mode, "model": self.model,
                "note": self.note, "error": self.error, "cancelled": self.cancelled, "incomplete": self.incomplete,
                "seconds": round(self.seconds, 2),
                "citations": [c.to_dict() for c in self.citations], "numbers": [n.to_dict() for n in self.numbers],
                "invalid_citations": self.invalid_citations, "facts": [f.to_dict() for f in self.facts],
                "passages": [p.to_dict() for p in self.passages]}

    def to_markdown(self) -> str:
        """The answer with its sources, for copying into notes or exporting."""
        lines = [f"## {self.question.strip()}", "", self.text.strip(), ""]
        if self.cancelled:
            lines += ["*(Cancelled before the answer was complete.)*", ""]
        elif self.incomplete:
            lines += ["*(Incomplete: the model stopped before finishing.)*", ""]
        if self.citations:
            lines.append("### Sources")
            for citation in self.citations:
                source = f"[{citation.number}] {citation.label} — {Path(citation.path).name}"
                if citation.quote:
                    source += f": “{citation.quote}”"
                lines.append(f"- {source}")
            lines.append("")
        summary = self.number_summary()
        if summary:
            lines += [f"*Number check: {summary}.*", ""]
        if self.error:
            lines += [f"*{self.error}*", ""]
        if self.note:
            lines += [f"*{self.note}*", ""]
        return "\n".join(lines).rstrip() + "\n"
