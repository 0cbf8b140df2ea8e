"""The phrasing suite's table (``phrasings.tsv``) read into rows, for the tests and the checker."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

TABLE = Path(__file__).with_name("phrasings.tsv")


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
