"""A line the question names by the filer's own label ("cloud services and license support revenues", "cost of
natural gas"): read from the primary statements when exactly one printed label is what the words say.

The standard concepts (:mod:`app.core.finance.metrics`) cover the lines every filer prints; a question about a line
only one filer prints (a product's revenue, a utility's fuel cost) names it as the filing does. The match is strict,
so it never answers another question: every word of the label is in the question's metric phrase, and the phrase's
other words only say what kind of line it is ("revenues", "expense"). "Cloud revenue" does not read "Cloud services
and license support"; "adjusted" or "segment" in the question, absent from the label, reads no line; two labels that
fit equally well read none.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.figures.concepts import Fact, is_primary
from app.core.finance.metrics import normalise_label
from app.core.ingest.statements.model import StatementRow, Statements, Table
from app.core.question.lines import content_words

# Words that say what kind of line it is, which a printed label leaves to its section header ("Revenues:").
_KIND_WORDS = frozenset({"revenue", "sale", "expense", "cost", "amount", "line", "item"})
_LOOSE_LABELS = frozenset({"other", "total", "net"})  # one-word labels too loose to be named by a question


@dataclass(frozen=True)
class PrintedLine:
    """The one primary-statement row the words name, and its table."""

    row: StatementRow
    table: Table

    def facts(self, years: list[int], months: int = 12, end: str = "") -> list[Fact] | None:
        """The row's values for ``years``, in order (full years, or periods of ``months`` with the last ending on
        ``end``; balances at the period's end); None when a year is missing."""
        months = 0 if self.table.kind == "balance" else months
        found: list[Fact] = []
        for year in years:
            ending = end if year == years[-1] and (months != 12 or self.table.kind == "balance") else ""
            column = next((i for i, p in enumerate(self.table.columns) if p is not None and p.fiscal_year == year
                           and p.months == months and (not ending or p.end == ending)), None)
            cell = self.row.cell(column) if column is not None else None
            if column is None or cell is None or cell.value is None:
                return None
            period = self.table.columns[column]
            assert period is not None
            found.append(Fact("", period, cell.value * (1 if self.row.per_share else self.table.multiplier), cell,
                              self.row, self.table))
        return found


def printed_line(statements: Statements, phrase_words: str) -> PrintedLine | None:
    """The primary-statement row whose label the words name, or None (none, or two different labels fit as well).
    Of labels that fit, the one that uses more of the words wins ("cost of natural gas" is not "Natural gas")."""
    asked = content_words(phrase_words)
    matches: dict[str, tuple[int, PrintedLine]] = {}
    for table in statements.tables:
        if not is_primary(table):
            continue
        for row in table.rows:
            printed = normalise_label(row.label)
            label = content_words(printed)
            if label and not label <= _LOOSE_LABELS and label <= asked and asked - label <= _KIND_WORDS:
                # The first table printing it (a combined filing's parent before its subsidiary).
                matches.setdefault(printed, (len(label), PrintedLine(row, table)))
    best = max((size for size, _ in matches.values()), default=0)
    closest = [line for size, line in matches.values() if size == best]
    return closest[0] if len(closest) == 1 else None
