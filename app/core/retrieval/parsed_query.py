"""What retrieval uses from a question, read by :mod:`app.core.question` (the one reader of question text).

:func:`parse_query` is a thin caller kept for search and ranking: it turns the question record
(:class:`app.core.question.Question`) into the :class:`ParsedQuery` they read — the question without instruction
boilerplate (what the dense model sees), its keywords (abbreviations expanded, statement hints and the line items a
named metric is computed from: what BM25 sees), the companies, years, quarter, filing kinds and whether it asks what
is expected — and carries the record itself for the statement-page prior. The alias table and company detection
are the question package's (:mod:`app.core.question.companies`); callers import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.question import CompanyAliases, Question
from app.core.question import understand as _understand

__all__ = ["ParsedQuery", "parse_query"]


@dataclass
class ParsedQuery:
    """What retrieval uses from a question."""

    original: str
    text: str  # boilerplate removed; what the dense model sees
    keywords: str  # text + abbreviation expansions + statement hints; what BM25 sees
    companies: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    quarter: int | None = None
    hints: list[str] = field(default_factory=list)
    form_types: list[str] = field(default_factory=list)  # filings it names ("10-K", "8-K", ...)
    forward_looking: bool = False  # asks what is expected, planned or guided
    question: Question | None = None  # the whole record (metric expression, unit, periods …)

    @property
    def target_year(self) -> int | None:
        """The year the question is about (the latest one it mentions)."""
        return max(self.years) if self.years else None


def parse_query(question: str, aliases: list[CompanyAliases] | None = None) -> ParsedQuery:
    """Understand a question (:func:`app.core.question.understand`) and keep what retrieval reads."""
    record = _understand(question, aliases or [])
    return ParsedQuery(original=question, text=record.text, keywords=record.keywords, companies=list(record.companies),
                       years=list(record.years), quarter=record.quarter, hints=list(record.hints),
                       form_types=list(record.form_types), forward_looking=record.forward_looking, question=record)
