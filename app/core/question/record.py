"""The record a question becomes: made once by :func:`app.core.question.understand`, read by everything after it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.question import grammar
from app.core.question.lines import LineRatio
from app.core.question.periods import Periods, answer_years
from app.core.question.units import UnitAsked

# The words that make a question a forecast (:mod:`app.core.question.understand` reads them as not understood).
_FORECAST = re.compile(r"\b(?:will|shall|going to|next|forecasts?|forecasted|projected|project|projections?|guidance|"
                       r"guided|outlook|budgeted|expected|expects?)\b", re.I)


@dataclass(frozen=True)
class Definition:
    """A definition the question gives ("DPO is defined as …", "calculated as …"); it replaces the built-in formula."""

    name: str  # the metric it defines as written ("DPO"); "" when it defines the asked metric inline
    text: str  # the definition as written
    expression: grammar.Node | None  # None when FinLens could not read it


@dataclass(frozen=True)
class MetricAsked:
    """The metric expression a question asks for, over which years and in which mode."""

    phrase: str  # the metric phrase as read (the ask without periods, units, companies and filler)
    expression: grammar.Node | None
    mode: str = "value"  # "value" | "growth" (relative) | "change" (difference) | "average" | "cagr" | "sum"
    years: tuple[int, ...] = ()  # the fiscal years the answer uses
    read: str = ""  # the words understood, as written ("net income")
    unknown: str = ""  # the words not understood, as written ("excluding one-time items"); "" when all were read
    definition: Definition | None = None  # the question's own definition, when it gave one and it was used
    implied: bool = False  # implied in words ("liquidity"): a search prior, never a computed answer
    line: str = ""  # not understood as a whole: the words that may name a printed line ("cost of natural gas")
    line_ratio: LineRatio | None = None  # that line over (or under) an expression FinLens reads
    worded: tuple[tuple[str, str], ...] = ()  # (concept, the question's words for it): "net sales" for revenue

    @property
    def asked(self) -> bool:
        """Whether the phrase asks for a metric at all: something was read and the rest is not most of it (a question
        about a strategy that mentions sales is no sales question; "net income excluding one-time items" is one)."""
        if self.definition is not None:
            return True  # the question says what it means
        return bool(self.read) and len(self.unknown.split()) <= len(self.read.split()) + 3

    @property
    def key(self) -> str:
        """The expression as the phrasing suite writes it ("capex to revenue", "(cash + receivables) / …")."""
        return grammar.key(self.expression) if self.expression is not None else ""

    @property
    def understood(self) -> bool:
        """Whether every word of the metric phrase was read and it forms an expression FinLens can compute."""
        if self.expression is None or self.unknown or self.implied:
            return False
        try:
            grammar.formula(self.expression)
        except grammar.NotComputable:
            return False
        return True

    @property
    def unit(self) -> str:
        return grammar.unit(self.expression) if self.expression is not None else ""

    @property
    def name(self) -> str:
        """The metric as an answer names it ("quick ratio", "capex as a % of revenue")."""
        if self.definition is not None and self.definition.name:
            return self.definition.name
        return grammar.words(self.expression) if self.expression is not None else self.phrase

    def not_understood(self) -> str:
        """The sentence saying which part FinLens did not understand ("" when it understood it all)."""
        if self.understood:
            return ""
        if self.expression is not None and not self.unknown:
            return f"FinLens read '{self.read}' but cannot compute it from the statements."
        if self.read:
            why = " (a forecast: the statements report past years only)" if _FORECAST.search(self.unknown) else ""
            return f"FinLens read '{self.read}' but not '{self.unknown}'{why}."
        return f"FinLens did not understand '{self.unknown or self.phrase}' as a metric."


@dataclass(frozen=True)
class Question:
    """Everything FinLens reads from one question, made once."""

    original: str
    text: str  # instruction sentences removed; what the dense model sees
    keywords: str  # text + abbreviation expansions + statement hints + metric inputs; what keyword search sees
    companies: tuple[str, ...] = ()  # library company names it names (every spelling the library holds)
    names: tuple[str, ...] = ()  # capitalised names it uses that are no metric words ("ACME's", "Best Buy")
    form_types: tuple[str, ...] = ()  # filings it names ("10-K", "8-K", …)
    periods: Periods = field(default_factory=Periods)  # the ask sentence's periods (or the question's)
    years: tuple[int, ...] = ()  # every fiscal year the question names
    quarter: int | None = None
    months: int | None = None  # an interim period asked: 3, 6 or 9 months (a quarter is 3); None for a fiscal year
    end: str = ""  # the date the question names (ISO): the interim period's end, or the balance sheet's date
    to_date: bool = False  # "year to date": the longest interim period reported to ``end``
    hints: tuple[str, ...] = ()  # statement keywords from the statements it names
    statement: str = ""  # the statement it points to: "income", "balance", "cash_flow" or ""
    statements: tuple[str, ...] = ()  # every statement it names ("using the income statement and the balance sheet")
    unit: UnitAsked = field(default_factory=UnitAsked)
    forward_looking: bool = False  # asks what is expected, planned or guided
    numeric: bool = False  # asks for a figure of some kind (whole statement tables help)
    asks_figure: bool = False  # a single computed figure answers it (not a reason, a breakdown, a yes/no)
    metric: MetricAsked | None = None
    implied: tuple[str, ...] = ()  # metrics implied in words ("liquidity" → quick ratio, current ratio)

    @property
    def read_from(self) -> str:
        """The statement every input is read from first, when the question names exactly one ("using the cash flow
        statement"); "" when it names none or several."""
        return self.statements[0] if len(self.statements) == 1 else ""

    @property
    def target_year(self) -> int | None:
        """The year the question is about (the latest one it mentions)."""
        return max(self.years) if self.years else None

    def years_for(self, year: int | None = None) -> tuple[int, ...]:
        """The fiscal years the metric's answer uses; with ``year`` (a command's ``--year``) as the last of them."""
        metric = self.metric
        if metric is None:
            return ()
        if year is None:
            return metric.years
        if metric.mode == "value" or not metric.years:
            return tuple(answer_years(Periods((year,), span=self.periods.span), metric.mode))
        return tuple(y + year - metric.years[-1] for y in metric.years)

    def describe(self) -> str:
        """How FinLens read the question, in one sentence (for a model's prompt): "" when it asks no metric."""
        metric = self.metric
        if metric is None or metric.implied or not metric.asked:
            return ""
        if not metric.understood:
            return f"{metric.not_understood()} FinLens computed no figure for it."
        years = "\u2013".join(f"FY{y}" for y in (metric.years[0], metric.years[-1]) if metric.years) \
            if len(metric.years) > 1 else "".join(f"FY{y}" for y in metric.years)
        mode = {"value": "", "growth": " growth (in percent)", "change": " change", "average": " average",
                "cagr": " compound annual growth rate", "sum": " total over the years"}[metric.mode]
        parts = [f"FinLens read the question as: {metric.name}{mode}, {years}".rstrip(", ")]
        if metric.definition is not None:
            parts.append(f"as the question defines it ({metric.definition.text.strip().rstrip('.')})")
        unit = self.unit
        if unit.scale or unit.decimals is not None or unit.percent:
            asked = [f"in {unit.scale_word}s" if unit.scale else "", "in percent" if unit.percent else "",
                     f"rounded to {unit.decimals} decimal place{'' if unit.decimals == 1 else 's'}"
                     if unit.decimals is not None else ""]
            parts.append("answer " + " ".join(a for a in asked if a))
        return "; ".join(parts) + "."
