"""The periods a question asks about: fiscal years, a quarter, ranges and spans.

"FY2023", "fiscal 2023", "FY'23", "Q2 2023", "2Q23", "second quarter", "between FY2017 and FY2018",
"from FY2021 to FY2023", "FY2021-FY2023", "over the last 3 years", "3-year average", "as of FY2023".
:func:`read_periods` returns what was asked and the text with those phrases blanked, so the metric phrase is read
without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.finance.quantities import MONTH, QUARTER_AND_YEAR, QUARTER_MENTION, QUARTER_WORDS, YEAR_MENTION

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10}
_N = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_Y = r"(?:FY\s*|fiscal(?:\s+year)?\s*)?'?(?:(?:19|20)\d\d|(?<=FY)\d\d|(?<=FY')\d\d)"
_YEAR = r"(?:(?:FY|fiscal(?:\s+year)?)\s*'?(?:19|20)\d\d|FY\s*'?\d\d|(?:19|20)\d\d)"
# "between FY2017 and FY2018", "from 2021 to 2023", "FY2021 - FY2023", "FY2021 through FY2023", "for FY2022 and FY2023".
_RANGE = re.compile(rf"\b(?:(?:from|between|for|in|during|over|across)\s+)?(?:the\s+)?(?:fiscal\s+years?\s+)?{_YEAR}\s*"
                    rf"(?:-|–|—|to|and|through|thru|until|vs\.?|versus|compared (?:to|with))\s*{_YEAR}\b", re.I)
# A date ("as of January 28, 2023"): the fiscal year it ends (a 52/53-week year ending in early January counts for
# the year before, as the statements' columns do).
_DATE = re.compile(rf"\b(?:(?:as of|as at|at|on|ended|ending)\s+)?({MONTH})\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b", re.I)
# "over the last 3 years", "in the past two fiscal years ending FY2023", "3-year", "two-year", "three years".
_SPAN = re.compile(rf"\b(?:(?:over|in|for|during|across)\s+)?(?:the\s+)?"
                   rf"(?:last|past|previous|prior|trailing|recent)?\s*{_N}[- ](?:fiscal[- ])?years?\b"
                   r"(?:\s+(?:period\s+)?(?:ending|ended|through|to|up to)\b)?", re.I)
# "for the twelve months ended …": the fiscal year itself.
_TWELVE_MONTHS = re.compile(r"\b(?:for\s+)?(?:the\s+)?(?:twelve|12)[- ]months?(?:\s+(?:period\s+)?(?:ended|ending))?\b",
                            re.I)
# Interim periods: "the three months ended June 30, 2023", "the fiscal quarter ended July 1, 2023", "the second
# quarter ended …" (the date after it is read as the period's end), "the first nine months of 2022", "the first half
# of fiscal 2024", "H1 2023", "year to date".
_MONTHS = {"three": 3, "3": 3, "six": 6, "6": 6, "nine": 9, "9": 9}
_LEAD = r"\b(?:(?:for|in|during|over)\s+)?(?:the\s+)?"
_MONTHS_ENDED = re.compile(_LEAD + r"(?:(?P<n>three|six|nine|[369])[- ]months?|"
                           r"(?:(?P<ordinal>first|second|third|fourth)\s+)?(?:fiscal\s+)?(?P<quarter>quarter)|"
                           r"(?:fiscal\s+)?(?P<half>half[- ]year|six[- ]month))(?:\s+period)?\s+(?:ended|ending)\b",
                           re.I)
_FIRST_MONTHS = re.compile(_LEAD + r"(?:first\s+(?P<n>three|six|nine|[369])\s+months|first\s+(?P<half>half))"
                           r"(?:\s+of)?\b|\b(?:H1|1H)(?=\s*(?:FY\s*)?['’]?\d)", re.I)
_TO_DATE = re.compile(r"\b(?:(?:fiscal\s+)?year[- ]to[- ]date|YTD)(?:\s+(?:through|to|ended|ending|as of))?\b", re.I)
# "at the July 31, 2023 quarter end": a balance at that date.
_PERIOD_END = re.compile(r"\b(?:fiscal\s+)?quarter[- ]end(?:ed)?\b", re.I)
# "… versus the same quarter of 2022", "compared with the same period last year": the period a year before.
_SAME_PERIOD = re.compile(r"\b(?:(?:vs\.?|versus|compared\s+(?:to|with)|against|relative\s+to|over|from)\s+)?"
                          r"(?:the\s+)?same\s+(?:fiscal\s+)?"
                          r"(?:quarter|period|half|(?:three|six|nine)[- ]months?(?:\s+period)?)"
                          r"(?:\s+(?:of|in)(?:\s+(?:the\s+)?(?:prior|previous|last)\s+(?:fiscal\s+)?year)?"
                          r"|\s+(?:a\s+year\s+(?:earlier|before|ago)|last\s+year|(?:of\s+)?the\s+(?:prior|previous)\s+year))?\b",
                          re.I)
_BETWEEN_PERIODS = re.compile(r"\b(?:vs\.?|versus|compared\s+(?:to|with)|against|relative\s+to)"
                              r"(?:\s+(?:the|of|in))*(?=\s{3,}|\s*$)", re.I)
_MONTH_NUMBERS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_AS_OF = re.compile(r"\b(?:as of|as at|at the end of|at (?:the )?(?:fiscal )?year[- ]end(?: of)?|at the close of|"
                    r"for the (?:fiscal )?year ended|(?:fiscal )?year[- ]end(?:ed)?|in|for|during|of)\s*$", re.I)


@dataclass(frozen=True)
class Periods:
    """The years, quarter and spans a question names."""

    years: tuple[int, ...] = ()  # every fiscal year named, sorted
    quarter: int | None = None  # a fiscal quarter (1-4) of the last year
    span: int | None = None  # "3-year average", "over the last 3 years": the number of years
    ranged: bool = False  # two years joined as a range ("between FY2017 and FY2018")
    as_of: bool = False  # a balance asked at a date ("as of FY2023", "at the end of FY2023")
    months: int | None = None  # an interim period: 3 (a quarter), 6 or 9 months; None for a fiscal year
    end: str = ""  # the date named, as an ISO date ("2023-06-30"): the interim period's end or the balance's date
    to_date: bool = False  # "year to date": the longest interim period the filing reports ending on ``end``

    @property
    def last(self) -> int | None:
        return self.years[-1] if self.years else None


def _year_value(text: str) -> int:
    digits = re.findall(r"\d+", text)[-1]
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def read_periods(text: str) -> tuple[Periods, str]:
    """The periods ``text`` asks about, and the text with their phrases replaced by spaces."""
    years: list[int] = []
    quarter = None
    months, interim, to_date = _interim(text)
    blanked = text
    for pattern in (_MONTHS_ENDED, _FIRST_MONTHS, _TO_DATE, _PERIOD_END):
        blanked = pattern.sub(lambda m: " " * len(m.group(0)), blanked)
    dated_as_of = False
    ends: list[str] = []
    for match in _DATE.finditer(blanked):
        month = match.group(1).lower()[:3]
        day, year = int(match.group(2)), int(match.group(3))
        years.append(year - 1 if month == "jan" and day <= 7 else year)
        ends.append(f"{year:04d}-{_MONTH_NUMBERS[month]:02d}-{day:02d}")
        blanked = blanked[:match.start()] + " " * len(match.group(0)) + blanked[match.end():]
        dated_as_of = not interim and not to_date
    if interim and interim.group("quarter") and interim.group("ordinal"):
        quarter = QUARTER_WORDS[interim.group("ordinal").lower()]
    for match in QUARTER_AND_YEAR.finditer(text):
        number, year_text = [group for group in match.groups() if group is not None]
        quarter = quarter or int(number)
        years.append(int(year_text) if len(year_text) == 4 else 2000 + int(year_text))
    blanked = QUARTER_AND_YEAR.sub(lambda m: " " * len(m.group(0)), blanked)
    quarter_match = QUARTER_MENTION.search(blanked)
    if quarter is None and quarter_match:
        quarter = int(quarter_match.group(1)) if quarter_match.group(1) else \
            QUARTER_WORDS[quarter_match.group(2).lower()]
    blanked = QUARTER_MENTION.sub(lambda m: " " * len(m.group(0)), blanked)
    blanked = _TWELVE_MONTHS.sub(lambda m: " " * len(m.group(0)), blanked)
    ranged = bool(_RANGE.search(blanked))
    blanked = _RANGE.sub(lambda m: " " * len(m.group(0)), blanked)
    span = None
    span_match = _SPAN.search(blanked)
    if span_match:
        word = span_match.group(1).lower()
        span = NUMBER_WORDS.get(word) or int(word)
        blanked = blanked[:span_match.start()] + " " * len(span_match.group(0)) + blanked[span_match.end():]
    as_of = dated_as_of
    for match in YEAR_MENTION.finditer(_DATE.sub(" ", text)):
        years.append(int(match.group(1)) if match.group(1) else 2000 + int(match.group(2)))
    for match in YEAR_MENTION.finditer(blanked):
        before = _AS_OF.search(blanked[:match.start()])
        start = before.start() if before else match.start()
        as_of = as_of or bool(before and before.group(0).lower().strip() not in ("in", "for", "during", "of"))
        blanked = blanked[:start] + " " * (match.end() - start) + blanked[match.end():]
    blanked = _SAME_PERIOD.sub(lambda m: " " * len(m.group(0)), blanked)
    # "Q2 2023 versus Q2 2022", "the three months ended April 1, 2023 compared with the three months ended …": the
    # word between two periods compares them (the mode says how), it is no part of the metric.
    if len(years) > 1:
        blanked = _BETWEEN_PERIODS.sub(lambda m: " " * len(m.group(0)), blanked)
    # Ranges written without FY ("2021-2023") are found by the year mentions above; "FY2021-FY2023" too.
    kept = sorted({year for year in years if 1990 <= year <= 2100})
    if quarter and not months:
        months = 3
    return Periods(tuple(kept), quarter, span, ranged, as_of, months, max(ends, default=""), to_date), blanked


def _interim(text: str) -> tuple[int | None, re.Match[str] | None, bool]:
    """(months, the "… months ended" match, year to date) of the interim period ``text`` names, if any."""
    ended = _MONTHS_ENDED.search(text)
    first = _FIRST_MONTHS.search(text)
    to_date = _TO_DATE.search(text) is not None
    for match in (ended, first):
        if match is None:
            continue
        if match.groupdict().get("quarter"):
            return 3, ended, to_date
        if match.group("n"):
            return _MONTHS[match.group("n").lower()], ended, to_date
        return 6, ended, to_date  # a half year: "first half", "H1", "six-month period"
    return None, None, to_date


def answer_years(periods: Periods, mode: str) -> list[int]:
    """The fiscal years an answer of ``mode`` uses ("value", "average", "sum", "growth", "change", "cagr")."""
    if not periods.years:
        return []
    last = periods.years[-1]
    if mode == "value":
        return [last]
    if mode in ("average", "sum"):
        if periods.span:
            return list(range(last - periods.span + 1, last + 1))
        earliest = periods.years[0]
        return list(range(earliest, last + 1)) if earliest < last else [last]
    first = periods.years[0] if len(periods.years) > 1 else None
    if mode == "cagr" and first is None and periods.span:
        first = last - periods.span
    return [first if first is not None else last - 1, last]
