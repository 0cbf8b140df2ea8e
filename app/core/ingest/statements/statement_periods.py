"""Column headers to periods: "Year Ended May 31, 2019 2018", "Three Months Ended … Nine Months Ended …", as-of dates.

A statement header spreads its period over several lines and centres spanning phrases over the columns they cover,
so each piece (a year, a "May 31", a "Nine Months Ended") is assigned to the column nearest to it on the page. A
piece that appears once over all columns (one "Year Ended May 31," above three years) applies to every column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.ingest.statements.model import Period

MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")], start=1) for name in names}
_YEAR = re.compile(r"^\(?(?:fy|fiscal)?'?((?:19|20)\d\d)[,.*)]*$", re.I)
_DAY = re.compile(r"^(\d{1,2})[,.]?$")
# Durations in words ("Nine Months Ended") or weeks ("13 Weeks Ended", "52 weeks ended").
_DURATION = re.compile(r"\b(three|six|nine|twelve|3|6|9|12|thirteen|twenty-six|thirty-nine|fifty-two|fifty-three|13|26|"
                       r"39|52|53)[- ](months?|weeks?)\b|\b(quarter|year|fiscal year)s?\b(?! to date)", re.I)
_DURATION_MONTHS = {"three": 3, "3": 3, "six": 6, "6": 6, "nine": 9, "9": 9, "twelve": 12, "12": 12,
                    "thirteen": 3, "13": 3, "twenty-six": 6, "26": 6, "thirty-nine": 9, "39": 9, "fifty-two": 12,
                    "52": 12, "fifty-three": 12, "53": 12, "quarter": 3, "year": 12, "fiscal year": 12}


@dataclass(frozen=True)
class HeaderWord:
    """A word of a header line and its horizontal extent (PDF points, or its position for text sources)."""

    text: str
    x0: float
    x1: float
    line: int  # which header line it is on

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Piece:
    kind: str  # "year" | "monthday" | "months"
    value: object
    centre: float
    line: int


def _pieces(words: list[HeaderWord]) -> list[_Piece]:
    pieces: list[_Piece] = []
    by_line: dict[int, list[HeaderWord]] = {}
    for word in words:
        by_line.setdefault(word.line, []).append(word)
    for line, members in by_line.items():
        members.sort(key=lambda w: w.x0)
        texts = [w.text for w in members]
        i = 0
        while i < len(members):
            word = members[i]
            lowered = word.text.lower().strip(",.:")
            year = _YEAR.match(word.text)
            if year:
                pieces.append(_Piece("year", int(year.group(1)), word.centre, line))
            elif lowered in MONTHS and i + 1 < len(members) and _DAY.match(members[i + 1].text):
                day = int(_DAY.match(members[i + 1].text).group(1))  # type: ignore[union-attr]
                # A full date ("January 28, 2023") sits over its column as a whole: centre it on all three words.
                last = members[i + 2] if i + 2 < len(members) and _YEAR.match(members[i + 2].text) else members[i + 1]
                pieces.append(_Piece("monthday", (MONTHS[lowered], day), (word.x0 + last.x1) / 2, line))
                i += 1
            i += 1
        following = sorted(by_line.get(line + 1, []), key=lambda w: w.x0)
        last_month = members[-1].text.lower().strip(",.:")
        if last_month in MONTHS and following and _DAY.match(following[0].text):
            # "Three Months Ended April" / "30,": the date wraps onto the next header line.
            day = int(_DAY.match(following[0].text).group(1))  # type: ignore[union-attr]
            pieces.append(_Piece("monthday", (MONTHS[last_month], day), members[-1].centre, line))
        joined = " ".join(texts)
        for match in _DURATION.finditer(joined):
            key = (match.group(1) or match.group(3) or "").lower()
            months = _DURATION_MONTHS.get(key)
            if months is None:
                continue
            # Locate the phrase's words: the span of characters maps back to word indexes.
            start = len(joined[:match.start()].split())
            end = max(start + 1, len(joined[:match.end()].split()))
            span = members[start:end] or members[-1:]
            pieces.append(_Piece("months", months, (span[0].x0 + span[-1].x1) / 2, line))
    return pieces


def fiscal_year_of(year: int, month: int, day: int) -> int:
    """The fiscal year a period ending on this date belongs to (52/53-week years ending in early January count
    for the year before)."""
    return year - 1 if month == 1 and day <= 7 else year


def column_periods(words: list[HeaderWord], columns: list[tuple[float, float]], *, instant: bool,
                   default_months: int = 12) -> list[Period | None]:
    """Periods of the columns whose extents are ``columns`` (x0, x1), read from the header words above them.

    Args:
        words: the header's words with positions and line numbers.
        columns: each value column's horizontal extent.
        instant: a balance sheet (columns are as-of dates).
        default_months: the duration when the header names none (12: a 10-K's statements).
    Returns:
        One period per column, None where the header gives no year for it.
    """
    if not columns:
        return []
    pieces = _pieces(words)
    centres = [(x0 + x1) / 2 for x0, x1 in columns]

    def nearest(piece: _Piece) -> int:
        return min(range(len(columns)), key=lambda i: _distance(piece.centre, columns[i]))

    def assign(kind: str) -> list[object | None]:
        chosen: list[object | None] = [None] * len(columns)
        found = [p for p in pieces if p.kind == kind]
        if not found:
            return chosen
        # A single piece on its line (over all the columns) applies to each; otherwise each goes to its column.
        lines: dict[int, list[_Piece]] = {}
        for piece in found:
            lines.setdefault(piece.line, []).append(piece)
        for line_pieces in sorted(lines.values(), key=len):
            if len(line_pieces) == 1 and len(columns) > 1 and kind != "year":
                for i in range(len(columns)):
                    if chosen[i] is None:
                        chosen[i] = line_pieces[0].value
                continue
            for piece in line_pieces:
                index = nearest(piece)
                spacing = _spacing(centres)
                if _distance(piece.centre, columns[index]) <= max(40.0, spacing):
                    chosen[index] = piece.value
        if kind != "year":
            # A spanning phrase covers the columns between it and the next one: fill gaps from the left.
            for i in range(1, len(columns)):
                if chosen[i] is None:
                    chosen[i] = chosen[i - 1]
            for i in range(len(columns) - 2, -1, -1):
                if chosen[i] is None:
                    chosen[i] = chosen[i + 1]
        return chosen

    years = assign("year")
    monthdays = assign("monthday")
    durations = assign("months")
    periods: list[Period | None] = []
    for i in range(len(columns)):
        year = years[i]
        if not isinstance(year, int):
            periods.append(None)
            continue
        monthday = monthdays[i]
        duration = durations[i]
        months = 0 if instant else duration if isinstance(duration, int) else default_months
        if isinstance(monthday, tuple):
            month, day = monthday
            end = f"{year:04d}-{month:02d}-{day:02d}"
            fiscal = fiscal_year_of(year, month, day)
        else:
            end, fiscal = "", year
        periods.append(Period(fiscal, months, end))
    return periods


def _distance(x: float, extent: tuple[float, float]) -> float:
    x0, x1 = extent
    return 0.0 if x0 - 2 <= x <= x1 + 2 else min(abs(x - x0), abs(x - x1))


def _spacing(centres: list[float]) -> float:
    if len(centres) < 2:
        return 60.0
    ordered = sorted(centres)
    return min(b - a for a, b in zip(ordered, ordered[1:], strict=False)) / 2
