"""Standard concepts read from the statements: which row is which concept, and each concept's value for a period.

The concepts themselves (their labels and names) are the table in :mod:`app.core.finance.metrics`. Each concept
lists the statements it is read from, label patterns in order of preference (the first that matches a row wins, so
"Total net revenues" beats a segment's "Revenues"), and patterns that rule a label out. Labels are matched after
normalisation (lower case, curly quotes and non-breaking spaces made plain, footnote marks and "(Note 6)" removed).

:func:`find_fact` answers "the value of this concept for this fiscal year in this document" with the cell it came
from — or says why it cannot (no such line, or two different values for the same period).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.finance.metrics import BY_NAME, CONCEPTS, Concept, normalise_label  # noqa: F401 - the one table (re-exported)
from app.core.ingest.statements.model import Cell, Period, StatementRow, Statements, Table


@dataclass
class Fact:
    """One concept's value for one period, with the cell and row it came from."""

    concept: str
    period: Period
    value: float  # in units (the table's scale applied), except per-share rows
    cell: Cell
    row: StatementRow
    table: Table

    @property
    def page(self) -> int:
        return self.cell.rect.page if self.cell.rect is not None else self.table.page

    def describe(self) -> str:
        """"Inventories, FY2019 (as of 2019-05-31): 5,622 (millions), page 54"."""
        scale = f" {self.table.scale}" if self.table.scale and not self.row.per_share else ""
        return f"{self.row.label}, {self.period.label()}: {self.cell.text}{scale} (page {self.page + 1})"


class FactError(LookupError):
    """A fact is missing or ambiguous; ``str(error)`` says which, in a sentence."""


def concept_matches(concept: Concept, label: str) -> int | None:
    """The rank of the first pattern of ``concept`` that names ``label`` (lower is better), or None."""
    return concept.rank(label)


def facts_for(statements: Statements, concept_name: str, statement: str = "", worded: str = "") -> list[Fact]:
    """Every value of a concept the document's statements hold, best-named rows first, one per period and row;
    ``statement`` ("cash_flow"): the question says to read it there, so that statement's rows come first; ``worded``:
    the question's words for it ("net sales"), so a row printed under exactly those words comes before the usual one
    (Walmart's "Net sales" above its "Total revenues")."""
    concept = BY_NAME[concept_name]
    ranked: list[tuple[bool, bool, bool, int, int, Fact]] = []
    kinds = (*concept.statements, statement) if statement else concept.statements
    for order, table in enumerate(t for t in statements.tables if t.kind in kinds):
        elsewhere = bool(statement) and table.kind != statement
        secondary = not is_primary(table)
        for row in table.rows:
            # A row the filing tagged (inline XBRL) is that concept and no other, before any matched label.
            rank = (-1 if row.concept == concept.name else None) if row.concept else concept_matches(concept, row.label)
            if rank is None or row.per_share:
                continue
            # An expense row printed as deductions (mostly negative) is read as positive expenses; a year with a
            # benefit then comes out negative, as it should.
            printed = [c.value for c in row.cells if c is not None and c.value]
            negative = sum(v < 0 for v in printed) * 2 > len(printed)
            sign = -1.0 if concept.expense and not row.concept and printed and negative else 1.0
            for column, period in enumerate(table.columns):
                cell = row.cell(column)
                if period is None or cell is None or cell.value is None or "%" in cell.text:
                    continue  # a percentage printed beside the amounts ("Gross margin 43.6%") is no amount
                ranked.append((elsewhere, secondary, not _named_as(row.label, worded), rank, order,
                               Fact(concept.name, period, sign * cell.value * table.multiplier, cell, row, table)))
    ranked.sort(key=lambda item: item[:5])
    return [fact for *_, fact in ranked]


_SECONDARY = re.compile(r"\b(data|selected|summary|highlights|analysis|note|parent company|segment|reconciliation|"
                        r"location|components?|details?|quarterly|schedule|registrant|parent company only)\b", re.I)


def _named_as(label: str, words: str) -> bool:
    """Whether a row is printed under the question's own words for its concept ("Net sales", "Total net sales")."""
    if not words:
        return False
    printed = re.sub(r"^total\s+", "", normalise_label(label))
    return printed == re.sub(r"^total\s+", "", words)


def is_primary(table: Table) -> bool:
    """Whether a table is one of the filing's own statements rather than a summary or a note's table (a note's
    sub-heading ends with a colon: "Statement of operations:" over an equity affiliate's summarized figures)."""
    return table.kind != "table" and table.titled and not _SECONDARY.search(table.title) \
        and not table.title.rstrip().endswith(":")


def find_fact(statements: Statements, concept_name: str, fiscal_year: int, *, months: int | None = None,
              end: str = "", statement: str = "", worded: str = "") -> Fact:
    """The value of a concept for a fiscal year (a full year, or a balance at its end).

    ``months`` asks for another duration (3: a quarter) and ``end`` for the period ending on that date (a quarter's
    balance sheet holds two dates of one fiscal year: the quarter's end and the last year-end); ``statement``: read it
    from that statement when it holds the line (the question said where), else where the concept usually is;
    ``worded``: the question's words for it, a row printed under them first.

    Raises:
        FactError: with a sentence when the statements hold no such line or period, or two different values
            under equally good labels.
    """
    concept = BY_NAME[concept_name]
    instant = "balance" in concept.statements
    want = 0 if instant else (12 if months is None else months)
    candidates = [f for f in facts_for(statements, concept_name, statement, worded)
                  if f.period.fiscal_year == fiscal_year and f.period.months == want
                  and (not end or f.period.end == end)]
    if not candidates:
        any_row = facts_for(statements, concept_name)
        if not any_row:
            raise FactError(f"No {concept.title.lower()} line was found in the statements.")
        years = sorted({f.period.fiscal_year for f in any_row if f.period.months == want})
        raise FactError(f"{concept.title} for FY{fiscal_year} is not in the statements"
                        + (f" (they cover {', '.join(f'FY{y}' for y in years)})." if years else "."))
    best = candidates[0]
    if best.row.concept:
        return best  # a tagged fact is unambiguous
    best_rank = concept_matches(concept, best.row.label)
    rivals = [f for f in candidates[1:] if concept_matches(concept, f.row.label) == best_rank
              and f.row.label != best.row.label and f.table is best.table and abs(f.value - best.value) > 0.5]
    if rivals:
        raise FactError(f"{concept.title} for FY{fiscal_year} is ambiguous: \u201c{best.row.label}\u201d "
                        f"({best.cell.text}) and \u201c{rivals[0].row.label}\u201d ({rivals[0].cell.text}).")
    return best
