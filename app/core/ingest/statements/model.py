"""The data a filing's statements become: tables of labelled rows, columns that are periods, cells with positions.

Everything here is plain data with a JSON round trip (the library stores one payload per document). A cell keeps the
value exactly as printed (``text``), its number in the table's own scale (``value``, so "(1,234)" is -1234 in a
table "in millions"), and the rectangle it occupies on its page, so any figure computed from it can be clicked back
to the page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from app.core.ingest.statements.roles import NOTE, PRIMARY, ROLE_TITLES, ROLES, classify_tables
from app.core.records import Rect

PAYLOAD_VERSION = 1

# Statement kinds, in the order a Statements view lists them.
STATEMENT_KINDS = ("income", "comprehensive", "balance", "cash_flow", "equity", "table")
STATEMENT_TITLES = {
    "income": "Income statement", "comprehensive": "Comprehensive income", "balance": "Balance sheet",
    "cash_flow": "Cash flow statement", "equity": "Shareholders' equity", "table": "Table",
}
SCALES = {"": 1.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
_RATIO_TEXT = re.compile(r"\d(:1|x|×)$")


@dataclass(frozen=True)
class Period:
    """What a column covers: a duration ending on a date (``months`` 3/6/9/12) or a point in time (``months`` 0).

    ``fiscal_year`` is the company's fiscal year the period ends in (a year ending 28 January 2017 is FY2017; one
    ending in the first days of January, as 52/53-week years do, belongs to the year before).
    """

    fiscal_year: int
    months: int = 12  # 0 for a balance sheet's as-of date
    end: str = ""  # ISO date when the header gives one ("2019-05-31"), else ""

    @property
    def instant(self) -> bool:
        """Whether this is an as-of date rather than a span of time."""
        return self.months == 0

    def label(self) -> str:
        """How a column header shows it: "FY2019", "Q3 FY2023 (3M)", "9M FY2023", "as of 2019-05-31"."""
        if self.instant:
            return f"as of {self.end}" if self.end else f"FY{self.fiscal_year} end"
        if self.months == 12:
            return f"FY{self.fiscal_year}"
        return f"{self.months}M to {self.end}" if self.end else f"{self.months}M FY{self.fiscal_year}"

    def to_json(self) -> list[Any]:
        return [self.fiscal_year, self.months, self.end]

    @classmethod
    def from_json(cls, data: list[Any]) -> Period:
        return cls(int(data[0]), int(data[1]), str(data[2]))


@dataclass
class Cell:
    """One printed value: its text, its number (None for a blank), where it is."""

    text: str
    value: float | None
    rect: Rect | None = None

    @property
    def unit(self) -> str:
        """How the figure is printed: "percent" ("12.5%"), "ratio" ("1.4:1", "2.5x"), else "" (an amount)."""
        text = self.text.strip()
        if text.endswith(("%", "%)")):
            return "percent"
        return "ratio" if _RATIO_TEXT.search(text) else ""


@dataclass
class StatementRow:
    """A line item: its label, its depth in the table's outline, the section it sits under, one cell per column."""

    label: str
    level: int = 0
    section: str = ""  # the nearest heading row above it ("Current assets:")
    cells: list[Cell | None] = field(default_factory=list)
    per_share: bool = False  # "per share" rows are not scaled
    rect: Rect | None = None  # the label's box
    concept: str = ""  # the standard concept the filing tagged this row with (inline XBRL), else ""

    def cell(self, column: int) -> Cell | None:
        """The cell in ``column`` (None when the row has nothing there)."""
        return self.cells[column] if 0 <= column < len(self.cells) else None


@dataclass
class Table:
    """One statement (or statement page) as a grid: title, kind, scale, the columns' periods and the rows."""

    kind: str  # one of STATEMENT_KINDS
    title: str
    page: int  # 0-based first page
    scale: str = ""  # "" | "thousands" | "millions" | "billions"
    columns: list[Period | None] = field(default_factory=list)
    rows: list[StatementRow] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # each column's header words as printed
    titled: bool = True  # found by its title; False when an untitled table was named by the lines it holds
    role: str = ""  # "primary" | "summary" | "note" (:mod:`roles`); "" until classified

    def column_label(self, column: int) -> str:
        """A column's period ("FY2019"), else its printed header ("% Change", "Retained Earnings"), else "?"."""
        period = self.columns[column] if column < len(self.columns) else None
        if period is not None:
            return period.label()
        header = self.headers[column] if column < len(self.headers) else ""
        return header or "?"

    @property
    def multiplier(self) -> float:
        """Factor from the printed numbers to units (1e6 for a table "in millions")."""
        return SCALES.get(self.scale, 1.0)

    def to_json(self) -> dict[str, Any]:
        def cell_json(cell: Cell | None) -> Any:
            if cell is None:
                return None
            rect = [round(cell.rect.x0, 1), round(cell.rect.y0, 1), round(cell.rect.x1, 1),
                    round(cell.rect.y1, 1), cell.rect.page] if cell.rect is not None else None
            return [cell.text, cell.value, rect]

        return {
            "kind": self.kind, "title": self.title, "page": self.page, "pages": self.pages, "scale": self.scale,
            "headers": self.headers, **({} if self.titled else {"titled": False}),
            **({"role": self.role} if self.role else {}),
            "columns": [c.to_json() if c is not None else None for c in self.columns],
            "rows": [{"label": r.label, "level": r.level, "section": r.section, "per_share": r.per_share,
                      "rect": _rect_json(r.rect), "cells": [cell_json(c) for c in r.cells],
                      **({"concept": r.concept} if r.concept else {})} for r in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        def cell(item: Any) -> Cell | None:
            if item is None:
                return None
            text, value, rect = item
            return Cell(text, value, _rect_from(rect))

        rows = [StatementRow(r["label"], r.get("level", 0), r.get("section", ""), [cell(c) for c in r["cells"]],
                             r.get("per_share", False), _rect_from(r.get("rect")), r.get("concept", ""))
                for r in data["rows"]]
        return cls(data["kind"], data["title"], data["page"], data.get("scale", ""),
                   [Period.from_json(c) if c is not None else None for c in data["columns"]], rows,
                   list(data.get("pages", [data["page"]])), list(data.get("headers", [])), data.get("titled", True),
                   str(data.get("role", "")))


def _rect_json(rect: Rect | None) -> list[float] | None:
    if rect is None:
        return None
    return [round(rect.x0, 1), round(rect.y0, 1), round(rect.x1, 1), round(rect.y1, 1), rect.page]


def _rect_from(item: list[float] | None) -> Rect | None:
    if not item:
        return None
    x0, y0, x1, y1, page = item
    return Rect(int(page), x0, y0, x1, y1)


@dataclass
class Statements:
    """All the tables found in one document."""

    tables: list[Table] = field(default_factory=list)
    version: int = PAYLOAD_VERSION

    def to_payload(self) -> str:
        """JSON text for :meth:`Library.set_statements`."""
        return json.dumps({"version": self.version, "tables": [t.to_json() for t in self.tables]},
                          separators=(",", ":"))

    @classmethod
    def from_payload(cls, payload: str | None) -> Statements:
        """Inverse of :meth:`to_payload`; an empty or unreadable payload gives no tables."""
        if not payload:
            return cls()
        try:
            data = json.loads(payload)
            statements = cls([Table.from_json(t) for t in data.get("tables", [])], int(data.get("version", 1)))
        except (ValueError, KeyError, TypeError):
            return cls()
        if any(t.role not in ROLES for t in statements.tables):
            # Stored before tables had roles: classified now from titles and lines (page sections are not stored).
            classify_tables(statements.tables)
        return statements

    def of_kind(self, kind: str) -> list[Table]:
        """The tables of one statement kind, in page order."""
        return [t for t in self.tables if t.kind == kind]

    def grouped(self) -> list[tuple[str, list[Table]]]:
        """The tables as a Statements picker lists them: ("Financial statements", the primary statements), then
        ("Summaries (MD&A, selected data)", …), then ("Notes and other tables", …); empty groups are left out.

        Within a group tables keep the filing's page order; a filing's tagged facts (inline XBRL) follow its printed
        statements. A table not yet classified counts as a note.
        """
        groups = []
        for role in ROLES:
            members = [t for t in self.tables if t.role == role or role == NOTE and t.role not in ROLES]
            members.sort(key=lambda t: (any(r.concept for r in t.rows), t.page))
            if members:
                groups.append((ROLE_TITLES[role], members))
        return groups

    def ordered(self) -> list[Table]:
        """Every table, primary statements first, then summaries, then notes' and other tables (:meth:`grouped`)."""
        return [table for _, members in self.grouped() for table in members]

    def default(self) -> Table | None:
        """The table to show first: the income statement among the primary statements, else the first primary
        statement, else the first table; None when there are no tables."""
        ordered = self.ordered()
        primary = [t for t in ordered if t.role == PRIMARY]
        return next((t for t in primary if t.kind == "income"), primary[0] if primary else
                    (ordered[0] if ordered else None))
