"""Metric questions answered from the statements: the value, its formula, and each input with its period and cell.

:func:`parse_metric_question` reads what is asked ("FY2019 fixed asset turnover", "3 year average … FY2015 -
FY2017", "year-over-year change in revenue from FY2016 to FY2017"); :func:`answer_metric` computes it from one
document's statements. When an input is missing or ambiguous the answer says so (``error``) and carries no value:
FinLens never guesses a figure.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from app.core.finance.abbreviations import normalise_spellings
from app.core.finance.quantities import QUARTER_MENTION, QUARTER_WORDS, YEAR_MENTION
from app.core.statements.concepts import Fact, FactError, is_primary
from app.core.statements.formulas import ALL_METRICS, METRICS, Metric, evaluate_metric
from app.core.statements.model import Statements

_AVERAGE = re.compile(r"\b(\d|two|three|four|five)[- ]year average\b|\baverage (of )?.*\bover\b", re.I)
_GROWTH = re.compile(r"year[- ]over[- ]year|\byoy\b|growth( rate)?|% change|percent(age)? change|change in|"
                     r"chang(e|ed) (between|from)|\bgr(?:ew|ow(?:n|s|ing)?)\b", re.I)
# Questions a single computed figure does not answer: reasons, breakdowns, yes/no judgements, outlooks.
_NOT_A_FIGURE = re.compile(r"\b(why|which|drove|drivers?|reasons?|explain|segments?|categor(y|ies)|products?|regions?|"
                           r"geograph\w*|international|domestic|guidance|outlook|events?|compare[ds]?|"
                           r"comparison)\b|^\s*(does|did|do|is|are|was|were|has|have|can|could|will|would|should)\b",
                           re.I)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}


@dataclass
class MetricQuery:
    """What a question asks: a metric, the fiscal years, and whether to average them or compare the last two."""

    metric: Metric
    years: list[int]
    mode: str = "value"  # "value" | "average" | "growth" (relative, money) | "change" (difference, ratios)
    quarter: int | None = None  # a fiscal quarter (1-4) of the last year, else the full year

    def period_label(self, year: int) -> str:
        return f"Q{self.quarter} FY{year}" if self.quarter else f"FY{year}"


@dataclass
class MetricAnswer:
    """A computed answer (``value`` in the metric's unit) or the sentence saying why there is none (``error``)."""

    query: MetricQuery
    value: float | None = None
    inputs: list[Fact] = field(default_factory=list)
    assumed_zero: list[str] = field(default_factory=list)
    error: str = ""
    per_year: dict[int, float] = field(default_factory=dict)

    @property
    def unit(self) -> str:
        return "percent" if self.query.mode == "growth" else self.query.metric.unit

    def formatted(self) -> str:
        """The value as an analyst writes it ("24.26", "1.9%", "$3,215 million", "63.86 days", "+3.0 pp")."""
        if self.value is None:
            return ""
        if self.query.mode == "change":
            if self.unit == "percent":
                return f"{self.value * 100:+.1f} percentage points"
            return "+" + format_value(self.value, self.unit) if self.value >= 0 else format_value(self.value,
                                                                                                  self.unit)
        return format_value(self.value, self.unit)

    def formula(self) -> str:
        metric = self.query.metric
        years = ", ".join(f"FY{y}" for y in self.query.years)
        if self.query.mode == "average":
            return f"average over {years} of {metric.definition}"
        first, last = (self.query.period_label(y) for y in (self.query.years[0], self.query.years[-1]))
        if self.query.mode == "growth":
            return f"{metric.definition} {last} / {metric.definition} {first} - 1"
        if self.query.mode == "change":
            return f"{metric.definition} {last} - {metric.definition} {first}"
        return metric.definition

    def sentence(self) -> str:
        """The answer as one sentence, number first; or the reason there is none."""
        metric = self.query.metric.name
        if self.value is None:
            return self.error
        if self.query.metric.definition == metric and not metric[:2].isupper():
            metric = metric[0].lower() + metric[1:]  # a line item mid-sentence: "net income", "total revenue"
        first, last = (self.query.period_label(y) for y in (self.query.years[0], self.query.years[-1]))
        what = {"average": f"the {len(self.query.years)}-year average {metric} ({first}–{last})",
                "growth": f"the change in {metric} from {first} to {last}"}.get(self.query.mode,
                                                                               f"{metric} for {last}")
        if self.query.mode == "change":
            unit = self.query.metric.unit
            what = (f"the change in {metric} from {format_value(self.per_year[self.query.years[0]], unit)} in {first} "
                    f"to {format_value(self.per_year[self.query.years[-1]], unit)} in {last}")
        zero = f" ({', '.join(self.assumed_zero)} not reported, taken as 0)" if self.assumed_zero else ""
        if self.query.mode == "value" and len(self.inputs) == 1 and self.query.metric.definition == \
                self.query.metric.name:
            fact = self.inputs[0]  # a line item read as printed: say where
            return f"{self.formatted()} is {what}: “{fact.row.label}”, {fact.period.label()}, page {fact.page + 1}."
        return f"{self.formatted()} is {what}, computed as {self.formula()}{zero}."

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.query.metric.name, "years": self.query.years, "mode": self.query.mode,
            "quarter": self.query.quarter,
            "value": self.value, "display": self.formatted(), "unit": self.unit, "formula": self.formula(),
            "answer": self.sentence(), "error": self.error, "assumed_zero": self.assumed_zero,
            "per_year": {str(k): v for k, v in self.per_year.items()},
            "inputs": [{"concept": f.concept, "label": f.row.label, "period": f.period.label(),
                        "fiscal_year": f.period.fiscal_year, "value": f.value, "printed": f.cell.text,
                        "scale": f.table.scale, "statement": f.table.title, "page": f.page + 1,
                        "rect": [f.cell.rect.x0, f.cell.rect.y0, f.cell.rect.x1, f.cell.rect.y1]
                        if f.cell.rect is not None else None} for f in self.inputs],
        }


def format_value(value: float, unit: str) -> str:
    """Render a metric value in its unit."""
    if unit == "percent":
        return f"{value * 100:.1f}%"
    if unit == "money":
        sign = "-" if value < 0 else ""
        return f"{sign}${abs(value) / 1e6:,.0f} million" if abs(value) >= 1e5 else f"{sign}${abs(value):,.2f}"
    if unit == "days":
        return f"{value:.2f} days"
    if unit == "times":
        return f"{value:.2f}x"
    return f"{value:.2f}"


def metric_text(text: str) -> str:
    """``text`` as metric names are matched: lower case, shorthand spelled one way ("free cashflow", "PPNE")."""
    return normalise_spellings(text).lower().replace("’", "'")


@functools.cache
def _mention_patterns(metric: Metric) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(alias) for alias in (re.escape(metric.name.lower()), *metric.aliases))


def mention_length(metric: Metric, lowered: str) -> int:
    """The length of the longest mention of ``metric`` (its name or an alias) in lower-case text (a question through
    :func:`metric_text`); 0 if none."""
    matches = (pattern.search(lowered) for pattern in _mention_patterns(metric))
    return max((len(match.group(0)) for match in matches if match), default=0)


def find_metric(text: str) -> Metric | None:
    """The metric a text names: a formula metric before a plain line item, the longest match first."""
    lowered = metric_text(text)
    for group in (METRICS, ALL_METRICS[len(METRICS):]):
        length, best = max(((mention_length(metric, lowered), metric) for metric in group), key=lambda m: m[0])
        if length:
            return best
    return None


def parse_metric_question(text: str, *, year: int | None = None, metric: str | None = None) -> MetricQuery | None:
    """What a question asks, or None when it names no known metric or no fiscal year."""
    chosen = find_metric(metric or text)
    if chosen is None:
        return None
    years = sorted({int(a) if a else 2000 + int(b) for a, b in YEAR_MENTION.findall(text)})
    quarter_match = QUARTER_MENTION.search(text)
    quarter = (int(quarter_match.group(1)) if quarter_match.group(1) else QUARTER_WORDS[quarter_match.group(2).lower()]
               ) if quarter_match else None
    if year is not None:
        years = sorted(set(years) | {year}) if _AVERAGE.search(text) or _GROWTH.search(text) else [year]
    if not years:
        return None
    average = _AVERAGE.search(text)
    if average:
        span = _WORDS.get(average.group(1) or "", None) or (int(average.group(1)) if (average.group(1) or "")
                                                            .isdigit() else len(years))
        last = max(years)
        return MetricQuery(chosen, list(range(last - span + 1, last + 1)), "average")
    # A metric's definition may speak of change ("+ change in inventory"): only the question itself counts.
    asked = re.split(r"\b(?:is|are|be)? ?defined\b|\bdefine\b", text, maxsplit=1, flags=re.I)[0]
    explicit = re.search(r"year[- ]over[- ]year|growth rate|\byoy\b", asked, re.I)
    if explicit or _GROWTH.search(asked) and (chosen.unit == "money" or len(years) > 1):
        last = max(years)
        first = min(years) if len(years) > 1 and min(years) < last else last - 1
        # Money grows by a percentage; a ratio or a margin changes by points.
        return MetricQuery(chosen, [first, last], "growth" if chosen.unit == "money" else "change", quarter)
    return MetricQuery(chosen, [max(years)], quarter=quarter)


def asks_for_a_figure(text: str) -> bool:
    """Whether a question asks for a figure a metric answers (not a reason, a breakdown or a yes/no judgement)."""
    return not _NOT_A_FIGURE.search(text)


def answer_metric(statements: Statements, query: MetricQuery) -> MetricAnswer:
    """Compute a metric question from one document's statements, or say which fact is missing."""
    answer = MetricAnswer(query)
    if not statements.tables:
        answer.error = "No financial statements were found in this document."
        return answer
    months, end, shift = 12, "", 0
    if query.quarter:
        # The filing of the quarter: its latest three-month column is the quarter asked (fiscal years of interim
        # columns follow the calendar of their end dates, which may differ from the company's FY label).
        quarters = [p for t in statements.tables if t.kind == "income" and is_primary(t) for p in t.columns
                    if p is not None and p.months == 3]
        if not quarters:
            answer.error = "No quarterly columns were found in this document's statements."
            return answer
        latest = max(quarters, key=lambda p: (p.fiscal_year, p.end))  # headers without a day give the year only
        months, end, shift = 3, latest.end, latest.fiscal_year - query.years[-1]
    try:
        for year in query.years:
            evaluation = evaluate_metric(query.metric, statements, year + shift, months=months,
                                         end=end if year == query.years[-1] else "")
            answer.per_year[year] = evaluation.value
            answer.inputs.extend(f for f in evaluation.inputs if f not in answer.inputs)
            answer.assumed_zero.extend(a for a in evaluation.assumed_zero if a not in answer.assumed_zero)
    except FactError as error:
        answer.error = f"{error} The {query.metric.name} cannot be computed from the statements."
        return answer
    values = [answer.per_year[y] for y in query.years]
    if query.mode == "average":
        answer.value = sum(values) / len(values)
    elif query.mode == "change":
        answer.value = values[1] - values[0]
    elif query.mode == "growth":
        if values[0] == 0:
            answer.error = f"The {query.metric.name} for FY{query.years[0]} is zero; a change in percent is undefined."
            return answer
        answer.value = values[1] / values[0] - 1
    else:
        answer.value = values[0]
    return answer
