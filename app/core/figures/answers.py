"""Metric questions answered from the statements: the value, its formula, and each input with its period and cell.

What a question asks is read once by :func:`app.core.question.understand` (the metric expression, years, mode, unit
and rounding, the question's own definition); :func:`query_from` turns that record into a :class:`MetricQuery` and
:func:`answer_metric` computes it from one document's statements. When an input is missing or ambiguous, or part of
the metric phrase was not understood, the answer says so (``error``) and carries no value: FinLens never gives a
figure for another question.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from app.core.figures.concepts import Fact, FactError, is_primary
from app.core.figures.formulas import evaluate_metric
from app.core.figures.printed_lines import printed_line
from app.core.finance.metrics import BY_NAME, METRIC_BY_NAME, METRICS, Metric
from app.core.ingest.statements.model import Period, Statements
from app.core.question import Question, grammar, understand
from app.core.question.text import asks_for_a_figure
from app.core.question.units import UnitAsked

__all__ = ["MetricAnswer", "MetricQuery", "answer_metric", "asks_for_a_figure", "display_company", "find_metric",
           "format_value", "mention_length", "parse_metric_question", "possessive", "query_from"]
_SCALE_WORDS = {1e3: "thousand", 1e6: "million", 1e9: "billion"}
_SPANS = {3: "three", 6: "six", 9: "nine"}


@dataclass
class MetricQuery:
    """What a question asks: a metric, the fiscal years, and whether to average them, compare or compound them."""

    metric: Metric
    years: list[int]
    mode: str = "value"  # "value" | "average" | "sum" | "growth" (relative) | "change" (difference) | "cagr"
    quarter: int | None = None  # a fiscal quarter (1-4) of the last year, else the full year
    unit: UnitAsked = field(default_factory=UnitAsked)  # the unit and rounding asked
    defined: str = ""  # the question's own definition, used instead of the built-in formula
    not_understood: str = ""  # "FinLens read 'net income' but not 'excluding one-time items'."
    line: str = ""  # a phrase not understood as a whole that may name a printed line ("cost of natural gas")
    line_over: Metric | None = None  # what that line is divided by ("O&M as a % of revenue"), or divides
    line_first: bool = True  # the line is the numerator
    line_percent: bool = False  # asked "as a % of"
    statement: str = ""  # the statement the question points to ("cash_flow"): read first where it holds an input
    months: int | None = None  # an interim period (3, 6 or 9 months; a quarter is 3), else the fiscal year
    end: str = ""  # the date the question names (ISO): the interim period's end, or the balance sheet's date
    to_date: bool = False  # "year to date": the longest interim period the filing reports to ``end``
    worded: tuple[tuple[str, str], ...] = ()  # (concept, the question's words): a line printed under them is read

    @property
    def interim(self) -> bool:
        """Whether it asks for six or nine months, or the year to date (not a quarter named as one, not a year)."""
        return not self.quarter and bool(self.months or self.to_date)

    def period_label(self, year: int) -> str:
        """"FY2023", "Q2 FY2023", "nine months ended July 1, 2023", "six months ended in 2022" (no digit glued to a
        letter: "9M" would read as nine million)."""
        if self.quarter:
            return f"Q{self.quarter} FY{year}"
        if not self.interim:
            return f"FY{year}"
        span = f"{_SPANS.get(self.months or 0, self.months)} months" if self.months else "year to date"
        if self.end and year == self.years[-1]:
            return f"{span} ended {_long_date(self.end)}"
        return f"{span} ended in {year}"


@dataclass
class MetricAnswer:
    """A computed answer (``value`` in the metric's unit) or the sentence saying why there is none (``error``)."""

    query: MetricQuery
    value: float | None = None
    inputs: list[Fact] = field(default_factory=list)
    assumed_zero: list[str] = field(default_factory=list)
    error: str = ""
    per_year: dict[int, float] = field(default_factory=dict)
    fallback: str = ""  # the standard fallback formula used, in words, when an input of the main one is missing
    company: str = ""  # the company the figure is for, as the answer names it ("Best Buy")

    @property
    def unit(self) -> str:
        return "percent" if self.query.mode in ("growth", "cagr") else self.query.metric.unit

    def formatted(self) -> str:
        """The value as asked ("$2.4 billion", "0.34", "24.3%", "+3.0 percentage points", "63.86 days")."""
        if self.value is None:
            return ""
        if self.query.mode == "change":
            if self.unit == "percent":
                decimals = 1 if self.query.unit.decimals is None else self.query.unit.decimals
                return f"{self.value * 100:+.{decimals}f} percentage points"
            text = format_value(self.value, self.unit, self.query.unit)
            return "+" + text if self.value >= 0 else text
        return format_value(self.value, self.unit, self.query.unit)

    def headline(self) -> str:
        """The figure an answer leads with: as asked; without a rounding asked, a percentage keeps two decimals (a
        reader rounds "24.26%" to "24.3%", but cannot get "24.26%" back from "24.3%")."""
        asked = self.query.unit
        percent = self.unit == "percent" or (asked.percent and self.unit in ("ratio", "number"))
        printed = self._printed_decimals()
        # Only without a scale asked: "Answer in USD millions" is answered in whole millions (as analysts' and
        # FinanceBench's references round it), even where the filing prints a decimal.
        if self.value is not None and asked.decimals is None and asked.scale is None and printed and \
                self.unit == "money" and self.query.mode != "change":
            return format_value(self.value, self.unit, UnitAsked(None, printed, asked.percent))
        if self.value is None or asked.decimals is not None or not percent:
            return self.formatted()
        precise = MetricQuery(self.query.metric, self.query.years, self.query.mode, self.query.quarter,
                              UnitAsked(asked.scale, 2, asked.percent))
        return MetricAnswer(precise, self.value, per_year=self.per_year).formatted()

    def _printed_decimals(self) -> int:
        """The decimals a filing prints its amounts in millions with ("5,424.2"): an amount computed from them keeps
        that precision ("$1,622.1 million", not "$1,622 million"); 0 for other scales or whole numbers."""
        return max((len(found.group(1)) for fact in self.inputs if fact.table.scale == "millions"
                    and (found := re.search(r"\.(\d+)\b", fact.cell.text))), default=0)

    def exact(self) -> str:
        """The figure unrounded (when the unit or rounding asked shows it shorter), else ""."""
        if self.value is None or self.query.mode == "change":
            return ""
        shown = self.headline()
        # A ratio asked as a percentage stays one beside the headline ("111.28% (111.275% exactly)", not "1.11").
        percent = self.query.unit.percent and self.unit in ("ratio", "number")
        exact = format_value(self.value, self.unit, UnitAsked(decimals=3 if percent else _EXACT_DECIMALS.get(self.unit),
                                                              percent=percent))
        candidates = (exact,) if percent else (format_value(self.value, self.unit), exact)
        return next((text for text in candidates if text != shown and _digits(text) != _digits(shown)), "")

    def formula(self) -> str:
        metric = self.query.metric
        years = ", ".join(self.query.period_label(y) for y in self.query.years)
        if self.query.mode == "average":
            return f"average over {years} of {metric.definition}"
        if self.query.mode == "sum":
            return f"sum over {years} of {metric.definition}"
        first, last = (self.query.period_label(y) for y in (self.query.years[0], self.query.years[-1]))
        if self.query.mode == "growth":
            return f"{metric.definition} {last} / {metric.definition} {first} - 1"
        if self.query.mode == "cagr":
            span = self.query.years[-1] - self.query.years[0]
            return f"({metric.definition} {last} / {metric.definition} {first}) ^ (1/{span}) - 1"
        if self.query.mode == "change":
            return f"{metric.definition} {last} - {metric.definition} {first}"
        return metric.definition

    def sentence(self) -> str:
        """The answer as an analyst writes it ("Best Buy's FY2023 quick ratio was 0.34, computed as …"), or the
        reason there is none."""
        if self.value is None:
            return self.error
        query = self.query
        name = _display(query.metric.name)
        first, last = (query.period_label(y) for y in (query.years[0], query.years[-1]))
        subject = {"average": f"{len(query.years)}-year average {name} ({first}\u2013{last})",
                   "sum": f"{len(query.years)}-year total {name} ({first}\u2013{last})",
                   "growth": f"{name} growth from {first} to {last}",
                   "cagr": f"{name} CAGR from {first} to {last}",
                   "change": f"{name} change from {first} to {last}"}.get(
            query.mode, f"{name} for the {last}" if query.interim else f"{last} {name}")
        subject = f"{possessive(display_company(self.company))} {subject}" if self.company else f"The {subject}"
        head = f"{subject} was {self.headline()}"
        exact = self.exact() if query.unit != UnitAsked() else ""
        if exact:
            head += f" ({exact} exactly)"
        if query.mode == "change":
            unit = query.metric.unit
            head += (f", from {format_value(self.per_year[query.years[0]], unit)} in {first} "
                     f"to {format_value(self.per_year[query.years[-1]], unit)} in {last}")
        zero = f" ({', '.join(self.assumed_zero)} not reported, taken as 0)" if self.assumed_zero else ""
        if query.mode == "value" and len(self.inputs) == 1 and query.metric.definition == query.metric.name:
            fact = self.inputs[0]  # a line item read as printed: say where
            return f"{head}: \u201c{fact.row.label}\u201d, {fact.period.label()}, page {fact.page + 1}{zero}."
        how = f"the question defines it, {query.defined}" if query.defined else self.formula()
        if self.fallback:
            how = (f"{self.fallback}, the standard fallback (the statements lack an input of "
                   f"{query.metric.definition.lower()})")
        return f"{head}, computed as {how}{zero}."

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.query.metric.name, "years": self.query.years, "mode": self.query.mode,
            "quarter": self.query.quarter, "company": self.company,
            "value": self.value, "display": self.headline(), "exact": self.exact(), "unit": self.unit,
            "formula": self.formula(), "defined": self.query.defined, "fallback": self.fallback,
            "answer": self.sentence(), "error": self.error, "assumed_zero": self.assumed_zero,
            "per_year": {str(k): v for k, v in self.per_year.items()},
            "inputs": [{"concept": f.concept, "label": f.row.label, "period": f.period.label(),
                        "fiscal_year": f.period.fiscal_year, "value": f.value, "printed": f.cell.text,
                        "scale": f.table.scale, "statement": f.table.title, "page": f.page + 1,
                        "rect": [f.cell.rect.x0, f.cell.rect.y0, f.cell.rect.x1, f.cell.rect.y1]
                        if f.cell.rect is not None else None} for f in self.inputs],
        }


_EXACT_DECIMALS = {"ratio": 4, "times": 4, "days": 2, "percent": 3}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def display_company(name: str) -> str:
    """A company's name as an answer shows it: as the library holds it, or in title case when a filing printed it in
    capitals ("McDONALD'S" → "McDonald's"; "IBM", "3M" and "ACME" stay as they are)."""
    def word(text: str) -> str:
        letters = [c for c in text if c.isalpha()]
        if len(letters) <= 3 or sum(c.isupper() for c in letters) < len(letters) - 2:
            return text  # an acronym, or already in mixed case
        head = re.match(r"(Ma?c)(?=[A-Z])", text)
        rest = text[head.end():] if head else text
        return (head.group(1) if head else "") + rest[:1].upper() + rest[1:].lower()

    parts = name.split()
    if len(parts) == 1 and len(name) <= 5:
        return name  # "ACME", "AMD": a short one-word name in capitals is how the company writes it
    return " ".join(word(part) for part in parts)


def possessive(name: str) -> str:
    """"Acme Widgets'" (a name ending in s), "Acme's"; "McDonald's" is one already."""
    if re.search(r"['’][sS]$", name):
        return name
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def _display(name: str) -> str:
    """A metric's name mid-sentence: "quick ratio", "EBITDA margin", "cost of revenue (COGS)"."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def format_value(value: float, unit: str, asked: UnitAsked | None = None) -> str:
    """Render a metric value in its unit, in the scale and rounding asked ("$2.40 billion", "37.4%", "0.37")."""
    decimals = asked.decimals if asked is not None else None
    if unit == "percent" or (asked is not None and asked.percent and unit in ("ratio", "number")):
        return f"{value * 100:.{1 if decimals is None else decimals}f}%"
    if unit == "money":
        sign = "-" if value < 0 else ""
        scale = asked.scale if asked is not None and asked.scale else (1e6 if abs(value) >= 1e5 else None)
        if scale is None:
            return f"{sign}${abs(value):,.{2 if decimals is None else decimals}f}"
        default = 2 if scale >= 1e9 else 0
        return f"{sign}${abs(value) / scale:,.{default if decimals is None else decimals}f} {_SCALE_WORDS[scale]}"
    places = 2 if decimals is None else decimals
    if unit == "days":
        return f"{value:.{places}f} days"
    if unit == "times":
        return f"{value:.{places}f}x"
    return f"{value:.{places}f}"


@functools.cache
def _mention_patterns(metric: Metric) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(alias) for alias in metric.aliases)


def mention_length(metric: Metric, lowered: str) -> int:
    """The length of the longest mention of ``metric`` (its name or a term) in lower-case text (a statement row's
    label); 0 if none."""
    matches = (pattern.search(lowered) for pattern in _mention_patterns(metric))
    return max((len(match.group(0)) for match in matches if match), default=0)


def _named(name: str) -> Metric | None:
    """The named metric a definition's name is ("DPO" → days payable outstanding), else None."""
    asked = understand(name).metric
    node = asked.expression if asked is not None else None
    metric = METRIC_BY_NAME.get(node.name.lower()) if isinstance(node, grammar.Term) else None
    return metric if metric in METRICS else None


def _node_metric(node: grammar.Node) -> Metric:
    """The metric object an expression computes (a named metric or line item, else one made for it)."""
    if isinstance(node, grammar.Term):
        metric = METRIC_BY_NAME.get(node.name.lower()) or METRIC_BY_NAME[BY_NAME[node.name].title.lower()]
        # A named metric whose line a filer prints apart (D&A as depreciation + amortization) takes that line's
        # stated fallback too.
        lines = tuple(a for a in grammar.alternatives(node, lines_only=True) if a not in metric.alternatives)
        return replace(metric, alternatives=metric.alternatives + lines) if lines else metric
    return Metric(grammar.words(node), (), grammar.formula(node), grammar.unit(node), grammar.definition(node),
                  grammar.alternatives(node))


def _metric_of(question: Question) -> Metric | None:
    """The metric object the question's expression computes: a named metric or line item, else one made for it."""
    asked = question.metric
    if asked is None or asked.expression is None:
        return None
    node = asked.expression
    if asked.definition is None and isinstance(node, grammar.Term):
        return _node_metric(node)
    named = _named(asked.definition.name) if asked.definition is not None and asked.definition.name else None
    unit = grammar.unit(node)
    if named is not None and (named.unit == "money") == (unit == "money"):
        unit = named.unit  # "DPO is defined as …" is still in days; a definition in money is never shown as a ratio
    return Metric(named.name if named is not None else asked.name, (), grammar.formula(node),
                  "ratio" if unit == "number" else unit, grammar.definition(node),
                  # A question's own definition keeps its formula; only a line's stated fallback (gross profit as
                  # revenue - COGS) may stand in for a line the filing does not print.
                  grammar.alternatives(node, lines_only=asked.definition is not None))


def find_metric(text: str) -> Metric | None:
    """The metric a text names (a named metric, a line item, or an expression over them), or None."""
    try:
        return _metric_of(understand(text))
    except grammar.NotComputable:
        return None


def query_from(question: Question, *, year: int | None = None, implied: bool = False) -> MetricQuery | None:
    """What a question record asks of the statements, or None when it names no metric or no fiscal year.

    A metric phrase with a part FinLens did not understand gives a query whose answer says so and has no figure.

    Args:
        question: the record of :func:`app.core.question.understand`.
        year: the fiscal year to use (a command's ``--year``), else the question's.
        implied: accept a metric the question only implies in words ("liquidity"): for search priors.
    """
    asked = question.metric
    if asked is None or (asked.implied and not implied):
        return None
    line = asked.line if question.asks_figure else ""
    if asked.expression is None and not asked.read and not line:
        return None
    if not asked.asked and not implied and not line:
        return None  # mostly other words: a question about something else that mentions a line item
    years = list(question.years_for(year))
    if not years:
        return None
    if not asked.understood and not asked.implied:
        placeholder = Metric(asked.read or asked.phrase, (), "", "ratio", asked.phrase)
        ratio = asked.line_ratio if line else None
        return MetricQuery(placeholder, years, asked.mode, question.quarter, question.unit,
                           not_understood=asked.not_understood(), line=line, months=question.months,
                           end=question.end, to_date=question.to_date,
                           line_over=_node_metric(ratio.other) if ratio is not None else None,
                           line_first=ratio.line_first if ratio is not None else True,
                           line_percent=ratio is not None and ratio.percent)
    metric = _metric_of(question)
    if metric is None:
        return None
    defined = asked.definition.text.strip().rstrip(".") if asked.definition is not None else ""
    return MetricQuery(metric, years, asked.mode, question.quarter, question.unit, defined,
                       statement=question.read_from, months=question.months, end=question.end,
                       to_date=question.to_date, worded=asked.worded)


def parse_metric_question(text: str, *, year: int | None = None, metric: str | None = None) -> MetricQuery | None:
    """What a question asks (:func:`query_from` of :func:`app.core.question.understand`), or None when it names no
    known metric or no fiscal year; ``metric`` reads that metric name instead of the question's metric phrase."""
    return query_from(understand(text, metric=metric), year=year, implied=metric is not None)


def _in_words(expression: str) -> str:
    words = re.sub(r"size\(([a-z_]+)\)", r"\1", expression)
    words = re.sub(r"avg\(([a-z_]+)\)", r"average \1", words)
    words = re.sub(r"change\(([a-z_]+)\)", r"change in \1", words)
    return re.sub(r"[a-z_]+", lambda m: BY_NAME[m.group(0)].title.lower() if m.group(0) in BY_NAME else m.group(0),
                  words)


def answer_metric(statements: Statements, query: MetricQuery) -> MetricAnswer:
    """Compute a metric question from one document's statements, or say which fact is missing."""
    answer = MetricAnswer(query)
    if not statements.tables:
        answer.error = query.not_understood or "No financial statements were found in this document."
        return answer
    balance_date = _balance_date(statements, query)
    if balance_date is None:
        answer.error = query.not_understood or (f"This document's statements report nothing for "
                                                f"{_long_date(query.end)}.")
        return answer
    months, end, shift = 12, balance_date, 0
    if query.months or query.to_date:
        period = _interim_period(statements, query)
        if isinstance(period, str):
            answer.error = query.not_understood or period
            return answer
        months, end, shift = period.months, period.end, period.fiscal_year - query.years[-1]
    if query.not_understood:
        line = printed_line(statements, query.line) if query.line else None
        facts = line.facts([y + shift for y in query.years], months, end) if line is not None else None
        if line is None or facts is None:
            answer.error = query.not_understood
            return answer
        return _printed_line_answer(statements, query, line.row.label, facts, (months, end, shift))
    try:
        for year in query.years:
            evaluation = evaluate_metric(query.metric, statements, year + shift, months=months,
                                         end=end if year == query.years[-1] else "", prefer=query.statement,
                                         worded=dict(query.worded))
            answer.per_year[year] = evaluation.value
            answer.inputs.extend(f for f in evaluation.inputs if f not in answer.inputs)
            answer.assumed_zero.extend(a for a in evaluation.assumed_zero if a not in answer.assumed_zero)
            if evaluation.expression != query.metric.expression and not answer.fallback:
                answer.fallback = _in_words(evaluation.expression)
    except FactError as error:
        answer.error = f"{error} The {_display(query.metric.name)} cannot be computed from the statements."
        return answer
    return _combine(answer)


def _interim_period(statements: Statements, query: MetricQuery) -> Period | str:
    """The column of the interim period asked (a quarter, six or nine months, the year to date), or the sentence
    saying the filing reports no such period.

    A date named picks the period ending on it; a quarter without one is the filing's latest three months (fiscal
    years of interim columns follow the calendar of their end dates, which may differ from the company's FY label);
    "the first nine months of 2022" is the nine months ending in 2022.
    """
    periods = [p for t in statements.tables if t.kind in ("income", "cash_flow") and is_primary(t) for p in t.columns
               if p is not None and 0 < p.months < 12]
    if query.end:
        dated = _dated_column(statements, query.end)
        periods = [p for p in periods if p.end == dated]
    if query.to_date and periods and not query.months:
        periods = [p for p in periods if p.months == max(p.months for p in periods)]
    periods = [p for p in periods if not query.months or p.months == query.months]
    if not query.end and not query.quarter:
        periods = [p for p in periods if p.fiscal_year == query.years[-1]]
    if not periods:
        span = f"{query.months} months" if query.months else "the year to date"
        ending = f" ending {query.end}" if query.end else ""
        return f"This document's statements report no column for {span}{ending}."
    return max(periods, key=lambda p: (p.fiscal_year, p.end))  # headers without a day give the year only


def _long_date(iso: str) -> str:
    """"2023-07-01" as "July 1, 2023"."""
    day = date.fromisoformat(iso)
    return f"{day:%B} {day.day}, {day.year}"


def _dated_column(statements: Statements, end: str) -> str | None:
    """The end date of the primary statements' column nearest the date a question names, within a week (a 52/53-week
    year ends a few days off the month's end); "" when no column header gives a full date (the years decide); None
    when the filing's dated columns are all other dates (it does not report that date: another filing does)."""
    dates = {p.end for t in statements.tables if is_primary(t) for p in t.columns if p is not None and p.end}
    if not dates:
        return ""
    asked = date.fromisoformat(end)
    gap, nearest = min((abs((date.fromisoformat(d) - asked).days), d) for d in dates)
    return nearest if gap <= 7 else None


def _balance_date(statements: Statements, query: MetricQuery) -> str | None:
    """The date of the balance sheet column the question names ("at the July 31, 2023 quarter end"), so a balance is
    read there and not at the last year-end the same sheet shows; "" when it names none or the sheet's headers give
    years only; None when the filing reports no column for that date."""
    if not query.end:
        return ""
    dated = _dated_column(statements, query.end)
    if not dated:
        return dated
    balances = {p.end for t in statements.tables if t.kind == "balance" and is_primary(t) for p in t.columns
                if p is not None and p.instant}
    return dated if dated in balances else ""


def _printed_line_answer(statements: Statements, query: MetricQuery, label: str, facts: list[Fact],
                         period: tuple[int, str, int]) -> MetricAnswer:
    """The answer from the line the filer prints under the name the question uses, read as printed, or divided by
    (or dividing) what the rest of the question names ("O&M as a % of revenue"); ``period``: the months, end date
    and year shift of the period asked (12, "", 0 for a fiscal year)."""
    months, end, shift = period
    values = {year: f.value for year, f in zip(query.years, facts, strict=True)}
    inputs = list(facts)
    metric = Metric(label, (), "", "money", label)
    other = query.line_over
    if other is not None:
        named = f"\u201c{label}\u201d"
        over = "as a % of" if query.line_percent else "/"
        words = f"{named} {over} {other.name.lower()}" if query.line_first else f"{other.name.lower()} / {named}"
        metric = Metric(words, (), "", "percent" if query.line_percent else "ratio",
                        f"{named} / {other.definition}" if query.line_first else f"{other.definition} / {named}")
        try:
            for year in query.years:
                evaluation = evaluate_metric(other, statements, year + shift, months=months,
                                             end=end if year == query.years[-1] else "")
                values[year] = values[year] / evaluation.value if query.line_first else evaluation.value / values[year]
                inputs.extend(f for f in evaluation.inputs if f not in inputs)
        except (FactError, ZeroDivisionError) as error:
            return MetricAnswer(query, error=f"{error} The {_display(words)} cannot be computed from the statements.")
    # An amount's change asked in percent is its growth (the phrase's unit was unknown when its mode was read).
    mode = "growth" if query.mode == "change" and query.unit.percent and metric.unit == "money" else query.mode
    answer = MetricAnswer(replace(query, metric=metric, mode=mode, defined="", not_understood="", line=""),
                          per_year=values, inputs=inputs)
    return _combine(answer)


def _combine(answer: MetricAnswer) -> MetricAnswer:
    """The answer's value from its per-year values, by the query's mode."""
    query = answer.query
    values = [answer.per_year[y] for y in query.years]
    first_label = query.period_label(query.years[0])
    if query.mode == "average":
        answer.value = sum(values) / len(values)
    elif query.mode == "sum":
        answer.value = sum(values)
    elif query.mode == "change":
        answer.value = values[-1] - values[0]
    elif query.mode == "growth":
        if values[0] == 0:
            answer.error = f"The {_display(query.metric.name)} for {first_label} is zero; a change in percent is " \
                           "undefined."
            return answer
        answer.value = values[-1] / values[0] - 1
    elif query.mode == "cagr":
        if values[0] <= 0 or values[-1] < 0:
            answer.error = (f"A compound annual growth rate of {_display(query.metric.name)} is undefined from "
                            f"{format_value(values[0], query.metric.unit)} in {first_label}.")
            return answer
        answer.value = (values[-1] / values[0]) ** (1 / (query.years[-1] - query.years[0])) - 1
    else:
        answer.value = values[0]
    return answer
