"""The phrasing suite's table (``phrasings.tsv``) read into rows, for the tests and the checker."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.core.question.companies import CompanyAliases

TABLE = Path(__file__).with_name("phrasings.tsv")
# The suite's fictional companies, as a library holding their filings would know them (cover names and tickers): a
# question read in the app has its company named by the library's alias table.
COMPANIES = [CompanyAliases([name], {name.lower().replace(" ", ""), name.split()[0].lower()}, {ticker})
             for name, ticker in (("Acme Corp", "ACME"), ("Globex Corporation", "GBX"), ("Contoso Ltd", "CTSO"),
                                  ("Umbrella Corporation", "UMB"), ("Initech Inc", "INTC"), ("Hooli Inc", "HOOL"),
                                  ("Vandelay Industries", "VAN"), ("Northwind Traders", "NWT"))]


@dataclass(frozen=True)
class Phrasing:
    """One question and the parse FinLens must make of it."""

    question: str
    expression: str
    mode: str
    years: tuple[int, ...]
    extra: dict[str, str] = field(default_factory=dict)
    line: int = 0

    @property
    def computable(self) -> bool:
        """Whether FinLens must give a figure (every word understood and no unknown part)."""
        return bool(self.expression) and "unknown" not in self.extra


def load() -> list[Phrasing]:
    """Every row of the table (comment lines start with "#")."""
    rows: list[Phrasing] = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        question, expression, mode, years, *rest = line.split("\t") + [""]
        extra: dict[str, str] = {}
        for item in filter(None, (rest[0] if rest else "").split(";")):
            name, _, value = item.partition("=")
            extra[name.strip()] = value.strip()
        rows.append(Phrasing(question, expression, mode, tuple(int(y) for y in years.split(",") if y), extra,
                             number))
    return rows
