"""A comparison grid: rows are companies × fiscal years from the library, columns are metrics or questions.

:func:`parse_columns` splits what the analyst typed into columns ("revenue growth, operating margin, capex as a % of
revenue"); :func:`plan_rows` turns companies (names or tickers) and fiscal years into rows, each with the filings
that can report that year (its own filing first, then later ones whose comparatives hold it); :class:`GridFiller`
computes one cell at a time, so a caller can stream cells, report progress and stop between any two.

A numeric cell is computed from one filing's statements (:func:`app.core.compare.metric_cells.compute_metric`) and keeps
its inputs (label, period, value, page and rectangle) for highlighting and for the Excel formulas. A figure that is
missing or ambiguous carries the sentence saying why, never a guess. A free-text column holds the passage of the
row's filing that best answers it, with its citation (the library's :class:`~app.core.retrieval.search.Searcher`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.compare.metric_cells import InputCell, compute_metric, is_metric_expression
from app.core.figures.lookup import candidate_documents
from app.core.figures.statement_export import PAGE_NUMBERING
from app.core.finance.company_names import normalize_company
from app.core.ingest.statements.model import Statements
from app.core.records import DocumentInfo, Rect, SearchFilters

_SEPARATORS = re.compile(r"[,;\n]+")
_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-|–|to|\.\.)\s*(\d{4})\s*$")


class CompareError(ValueError):
    """What was asked cannot make a grid (no columns, unreadable years); ``str(error)`` says what to do."""


@dataclass(frozen=True)
class CompareColumn:
    """A column: what the analyst wrote, and whether it is a metric ("metric") or a question ("text")."""

    text: str
    kind: str


@dataclass(frozen=True)
class CompareRow:
    """A company in a fiscal year, with the filings that can report it (best first; empty: none in the library)."""

    company: str
    ticker: str
    fiscal_year: int
    documents: tuple[DocumentInfo, ...] = ()

    @property
    def label(self) -> str:
        """"NKE FY2022" (the company's name where it has no ticker)."""
        return f"{self.ticker or self.company} FY{self.fiscal_year}"


@dataclass(frozen=True)
class Passage:
    """A free-text cell's passage and where it is."""

    text: str
    document: DocumentInfo
    pages: tuple[int, ...]  # 0-based
    rects: tuple[Rect, ...] = ()

    @property
    def citation(self) -> str:
        """"Nike 10-K FY2022, p. 34" (pages 1-based, as printed)."""
        return f"{self.document.label or Path(self.document.path).name}, p. {self.pages[0] + 1 if self.pages else 1}"


@dataclass
class CompareCell:
    """One cell: a metric's value with its inputs, a passage, or the reason there is neither.

    Attributes:
        kind: "metric" or "text", as its column.
        value: the metric in its unit (a fraction for percents, units for money); None when missing.
        reason: why there is no value or passage, in a sentence ("" when there is one).
        excel: the metric's spreadsheet expression over ``{0}``, ``{1}`` … (its inputs), or "".
        document: the filing the cell was computed from (None when no filing was found).
    """

    kind: str
    value: float | None = None
    unit: str = ""
    display: str = ""
    reason: str = ""
    metric: str = ""
    formula: str = ""
    excel: str = ""
    inputs: list[InputCell] = field(default_factory=list)
    document: DocumentInfo | None = None
    passage: Passage | None = None

    @property
    def scale(self) -> str:
        """The scale the inputs were printed in ("millions"); the value itself is in units."""
        return next((i.scale for i in self.inputs if i.scale), "")

    @property
    def missing(self) -> bool:
        """Whether the cell holds no figure or passage (``reason`` says why)."""
        return self.value is None and self.passage is None

    def text(self) -> str:
        """What the grid shows."""
        if self.passage is not None:
            return f"{self.passage.text} ({self.passage.citation})"
        return self.display if self.value is not None else "—"

    def tooltip(self) -> str:
        """The cell's explanation: formula and inputs with their pages, or why it is missing."""
        if self.missing:
            return self.reason
        if self.passage is not None:
            return f"{self.passage.citation}; click to open it"
        lines = [f"{self.metric}: {self.display} = {self.formula}"]
        lines += [f"{i.label}, {i.period}: {i.printed}{' ' + i.scale if i.scale else ''} (page {i.page})"
                  for i in self.inputs]
        source = self.document.label if self.document is not None else ""
        return "\n".join(lines + [f"From {source}; click to see the inputs on their page."])

    def highlight(self) -> tuple[DocumentInfo | None, int, list[Rect]]:
        """Where a click opens: the document, the 0-based page of the first input (or passage), the rectangles."""
        if self.passage is not None:
            return self.document, self.passage.pages[0] if self.passage.pages else 0, list(self.passage.rects)
        rects = [i.rect for i in self.inputs if i.rect is not None]
        page = self.inputs[0].page_index if self.inputs else 0
        return self.document, page, rects

    def to_dict(self) -> dict[str, Any]:
        """JSON form (pages 1-based)."""
        data: dict[str, Any] = {"kind": self.kind, "value": self.value, "unit": self.unit, "scale": self.scale,
                                "display": self.display, "reason": self.reason, "metric": self.metric,
                                "formula": self.formula, "inputs": [i.to_dict() for i in self.inputs],
                                "document": _document_dict(self.document)}
        if self.passage is not None:
            data["passage"] = {"text": self.passage.text, "citation": self.passage.citation,
                               "page": self.passage.pages[0] + 1 if self.passage.pages else 1}
        return data


@dataclass
class CompareGrid:
    """Rows × columns and the cells computed so far (None: not yet)."""

    rows: list[CompareRow]
    columns: list[CompareColumn]
    cells: dict[tuple[int, int], CompareCell] = field(default_factory=dict)

    def cell(self, row: int, column: int) -> CompareCell | None:
        return self.cells.get((row, column))

    def positions(self) -> list[tuple[int, int]]:
        """Every (row, column), row by row (the order cells fill in)."""
        return [(r, c) for r in range(len(self.rows)) for c in range(len(self.columns))]

    def to_dict(self) -> dict[str, Any]:
        """The grid as JSON: columns, then each row with its cells."""
        return {"page_numbering": PAGE_NUMBERING,
                "columns": [{"text": c.text, "kind": c.kind} for c in self.columns],
                "rows": [{"company": row.company, "ticker": row.ticker, "fiscal_year": row.fiscal_year,
                          "label": row.label,
                          "cells": [self.cells[(r, c)].to_dict() if (r, c) in self.cells else None
                                    for c in range(len(self.columns))]}
                         for r, row in enumerate(self.rows)]}


def _document_dict(document: DocumentInfo | None) -> dict[str, Any] | None:
    if document is None:
        return None
    return {"doc_id": document.doc_id, "path": document.path, "company": document.company,
            "form_type": document.form_type, "fiscal_period": document.fiscal_period}


# --- planning -------------------------------------------------------------------------------------------------------


def parse_columns(text: str | Iterable[str]) -> list[CompareColumn]:
    """Columns from what the analyst wrote: comma-, semicolon- or line-separated, or already a list."""
    parts = _SEPARATORS.split(text) if isinstance(text, str) else list(text)
    columns = [CompareColumn(p.strip(), "metric" if is_metric_expression(p) else "text")
               for p in parts if p.strip()]
    if not columns:
        raise CompareError("Name at least one column: a metric such as \"operating margin\" or a question.")
    return columns


def parse_years(text: str) -> list[int]:
    """Fiscal years from "2021-2023", "2021,2023" or "2022"."""
    match = _YEAR_RANGE.match(text)
    if match:
        first, last = sorted((int(match.group(1)), int(match.group(2))))
        years = list(range(first, last + 1))
    else:
        try:
            years = sorted({int(p) for p in _SEPARATORS.split(text.replace(" ", ",")) if p.strip()})
        except ValueError:
            years = []
    if not years or any(not 1900 <= y <= 2100 for y in years) or len(years) > 50:
        raise CompareError(f"'{text}' is not a list of fiscal years; write them as 2021-2023 or 2021,2022.")
    return years


def plan_rows(documents: list[DocumentInfo], companies: list[str], years: list[int], *,
              form: str | None = None) -> tuple[list[CompareRow], list[str]]:
    """Rows for each company (name or ticker) and fiscal year, with their filings best first.

    Returns:
        The rows and, for each company the library does not hold, a sentence saying so.
    """
    if form:
        documents = [d for d in documents if d.form_type == form]
    rows: list[CompareRow] = []
    problems: list[str] = []
    for company in companies:
        found = candidate_documents(documents, years[-1], company=company)
        if not found:
            problems.append(f"No {form + ' ' if form else ''}filing of {company} is in the library; check the name "
                            "or ticker (finlens docs lists them).")
            continue
        name, ticker = found[0].company, found[0].ticker
        key = normalize_company(name)
        own = [d for d in documents if normalize_company(d.company) == key] or found
        for year in years:
            # A later filing reports the year in its comparatives; an earlier one never does.
            candidates = [d for d in candidate_documents(own, year, company=name)
                          if d.fiscal_year is None or d.fiscal_year >= year]
            rows.append(CompareRow(name, ticker, year, tuple(candidates)))
    return rows, problems


# --- filling --------------------------------------------------------------------------------------------------------


class GridFiller:
    """Computes a grid's cells from the library, one at a time (thread-safe; statements are read once per filing).

    Args:
        library: the library (``statements`` is read).
        searcher: answers free-text columns (None: those cells say what is needed).
    """

    def __init__(self, library: Any, searcher: Any = None) -> None:
        self.library = library
        self.searcher = searcher
        self._statements: dict[str, Statements] = {}
        self._lock = threading.Lock()

    def statements(self, document: DocumentInfo) -> Statements:
        """A filing's statements, decoded once."""
        with self._lock:
            cached = self._statements.get(document.doc_id)
        if cached is None:
            cached = Statements.from_payload(self.library.statements(document.doc_id))
            with self._lock:
                self._statements[document.doc_id] = cached
        return cached

    def compute(self, row: CompareRow, column: CompareColumn) -> CompareCell:
        """One cell."""
        if not row.documents:
            return CompareCell(column.kind, reason=f"No filing of {row.company} reporting FY{row.fiscal_year} is "
                                                   f"in the library; add its FY{row.fiscal_year} 10-K.")
        if column.kind == "text":
            return self._passage(row, column)
        first: CompareCell | None = None
        for document in row.documents:
            result = compute_metric(self.statements(document), column.text, row.fiscal_year)
            if result is None:
                return CompareCell("metric", reason=f"“{column.text}” names no metric FinLens computes.")
            cell = CompareCell("metric", result.value, result.unit, result.display, result.reason, result.name,
                               result.formula, result.excel, result.inputs, document)
            if cell.value is not None:
                return cell
            first = first or cell
        assert first is not None
        name = first.document.label if first.document is not None else row.company
        first.reason = f"{first.reason} (from {name})" if first.reason else first.reason
        return first

    def _passage(self, row: CompareRow, column: CompareColumn) -> CompareCell:
        document = row.documents[0]
        if self.searcher is None:
            return CompareCell("text", document=document,
                               reason="Question columns need the library's search model; open the library in the "
                                      "window or use a metric.")
        response = self.searcher.search(column.text, k=1, filters=SearchFilters(doc_ids=[document.doc_id]))
        if not response.hits:
            return CompareCell("text", document=document,
                               reason=f"No passage of {document.label} answers “{column.text}”.")
        hit = response.hits[0]
        text = " ".join((hit.snippet or hit.chunk.text).split())
        return CompareCell("text", document=document,
                           passage=Passage(text, hit.document, tuple(hit.chunk.pages), tuple(hit.chunk.rects)))

    def fill(self, grid: CompareGrid, *, on_cell: Callable[[int, int, CompareCell], None] | None = None,
             cancelled: Callable[[], bool] = lambda: False) -> CompareGrid:
        """Compute every cell not yet computed, row by row; stops between two cells once ``cancelled()``."""
        for row_number, column_number in grid.positions():
            if cancelled():
                break
            if (row_number, column_number) in grid.cells:
                continue
            cell = self.compute(grid.rows[row_number], grid.columns[column_number])
            grid.cells[(row_number, column_number)] = cell
            if on_cell is not None:
                on_cell(row_number, column_number, cell)
        return grid
