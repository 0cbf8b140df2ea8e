"""The unit and rounding a question asks for: "in USD billions", "(in $ millions)", "round to one decimal place",
"rounded to the nearest hundredth", "in percents", "expressed as a percentage".

:func:`read_units` returns what was asked and the text with those phrases blanked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.question.periods import NUMBER_WORDS

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_SCALE = re.compile(
    r"\(?\b(?:(?:in|as|expressed in|reported in|stated in)\s+)?(?:(?:usd|us\$|\$|u\.?s\.?\s+dollars?|dollars?)\s*)?"
    r"(?:in\s+)?(thousand|million|billion)s?\b(?:\s+of\s+(?:usd|(?:u\.?s\.?\s+)?dollars))?\)?", re.I)
_SCALE_CONTEXT = re.compile(r"\b(?:in|usd|us\$|dollars?)\s*$|\$\s*$|\(\s*$", re.I)
_DECIMALS = re.compile(
    r"[,;(]?\s*\b(?:(?:and\s+)?(?:please\s+)?(?:round(?:ed|ing)?\s+(?:your\s+answer\s+|the\s+answer\s+|it\s+|off\s+)?)?"
    r"(?:to\s+)?(?:the\s+)?(?:nearest\s+)?)?(\d|zero|no|one|two|three|four)\s+decimals?(?:\s+places?|\s+points?)?\b\)?"
    r"|[,;(]?\s*\b(?:and\s+)?round(?:ed|ing)?\s+(?:your\s+answer\s+|the\s+answer\s+|it\s+|off\s+)?(?:to\s+)?(?:the\s+)?"
    r"nearest\s+(whole number|integer|whole|tenth|hundredth|thousandth)s?\b\)?"
    r"|[,;(]?\s*\b(\d)\s*dp\b\)?", re.I)  # "1dp"
_NEAREST = {"whole number": 0, "integer": 0, "whole": 0, "tenth": 1, "hundredth": 2, "thousandth": 3}
_PERCENT = re.compile(
    r"[,;(]?\s*\b(?:(?:in|as|expressed as|expressed in|in units of|stated as|given as|shown as)\s+)(?:a\s+)?"
    r"(?:percentage points?|percent(?:age)?s?|%)(?:\s+(?:terms|units?))?(?!\w)"
    r"(?!\s*(?:of|change|increase|decrease|growth)\b)\)?"
    r"|\bin units of percents?\b"
    # A unit given on its own after the question: "Percent, one decimal place.", "Percentage."
    r"|(?:^|(?<=[.?!;,]\s))(?:answer\s+(?:as\s+)?(?:a\s+)?|as\s+a\s+)?percent(?:age)?s?(?=\s*(?:[,.;?]|$))", re.I)
# Units a metric is shown in anyway ("in days", "as a ratio"): read so they are not taken for part of the metric.
_SHOWN_ANYWAY = re.compile(
    r"[,;(]?\s*\b(?:in|as)\s+(?:(?:a|the)\s+)?(?:number\s+of\s+)?(?:days|times|ratio|multiple)\b\)?", re.I)
_CURRENCY = re.compile(
    r"[,;(]?\s*\b(?:in|as)\s+(?:a\s+)?(?:(?:u\.?s\.?\s+)?dollars?|usd|dollar terms|absolute terms)\b\)?"
    r"|[,;(]?\s*\bin\s+\$(?!\s*\w)\)?", re.I)
_EMPTY_BRACKETS = re.compile(r"\(\s*(?:and\s*)?\)")


@dataclass(frozen=True)
class UnitAsked:
    """The scale, decimals and percent display a question asks for (None / False when it asks none)."""

    scale: float | None = None  # 1e6: "in USD millions"
    decimals: int | None = None  # "round to one decimal place" → 1
    percent: bool = False  # "in percents", "as a percentage"
    currency: bool = False  # "in dollars", "in USD": an amount, not a percentage (a change is then a difference)

    @property
    def scale_word(self) -> str:
        return {1e3: "thousand", 1e6: "million", 1e9: "billion"}.get(self.scale or 0.0, "")


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def read_units(text: str) -> tuple[UnitAsked, str]:
    """The unit and rounding ``text`` asks for, and the text with those phrases replaced by spaces."""
    scale = None
    blanked = text
    for match in _SCALE.finditer(text):
        # "in millions", "USD billions", "$ thousands", "(millions)": a scale word alone in prose is not a unit.
        if re.match(r"\(?\s*(?:in|as|expressed|reported|stated|usd|us\$|\$|u\.?s|dollars?)", match.group(0), re.I) \
                or _SCALE_CONTEXT.search(text[:match.start()]):
            scale = _SCALES[match.group(1).lower()]
            blanked = _blank(blanked, match.start(), match.end())
    decimals = None
    for match in _DECIMALS.finditer(blanked):
        word = (match.group(1) or match.group(3) or "").lower()
        if word:
            decimals = 0 if word in ("zero", "no") else NUMBER_WORDS.get(word, None)
            decimals = int(word) if decimals is None and word.isdigit() else decimals
        else:
            decimals = _NEAREST[match.group(2).lower()]
        blanked = _blank(blanked, match.start(), match.end())
    percent = False
    for match in _PERCENT.finditer(blanked):
        percent = True
        blanked = _blank(blanked, match.start(), match.end())
    currency = bool(scale) or bool(_CURRENCY.search(blanked))
    blanked = _CURRENCY.sub(lambda m: " " * len(m.group(0)), blanked)
    blanked = _SHOWN_ANYWAY.sub(lambda m: " " * len(m.group(0)), blanked)
    blanked = _EMPTY_BRACKETS.sub(lambda m: " " * len(m.group(0)), blanked)
    return UnitAsked(scale, decimals, percent, currency), blanked
