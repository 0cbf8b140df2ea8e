"""Numbers as filings and analysts write them: amounts, scales, percentages, years and periods.

The parser is :func:`extract_quantities`: every number of a text with what it means —

* accounting negatives ``(5,563)`` and minus signs (``-`` and ``−``), currency marks (``$``, ``US$``, ``€``, ``EUR``);
* scale words and their shorthands: ``$1.5 billion``, ``1,577 million``, ``$2.3bn``, ``$450m``, ``12k``;
* percentages (``24.3%``, ``12 percent``) and basis points (``40 bps`` is 0.40 percent);
* years (``2023``, ``FY'23``), days of a month, page/note/item references, list numbering and small counts, which
  are told apart so that only amounts and percentages are compared as values.

Tables state their scale once, in a label: :func:`stated_scale` reads "(In millions, except per share data)".
Statement rows end in number cells: :func:`table_row_cells` counts them, :data:`NUMBER_CELL` and :data:`VALUE_CELL`
tell a single cell. Periods: :data:`YEAR_MENTION`, :data:`QUARTER_MENTION` and :data:`QUARTER_AND_YEAR` find the
fiscal years and quarters a question names ("FY2023", "Q2 2023", "2Q23", "second quarter").

Several patterns below look alike but decide different things (a cell for table detection at ingestion, a value
cell for training rows, a number anywhere in a line); each says what it is for. They were gathered here from five
modules unchanged: the chunks, the search index and the shipped model depend on exactly what they match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- scales ----------------------------------------------------------------------------------------------------------

#: Scale words and their shorthands, as multipliers. Plurals ("millions") are read by dropping the "s".
SCALES: dict[str, float] = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mm": 1e6, "m": 1e6,
                            "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12}
_SCALE_NAMES = {1e3: "thousands", 1e6: "millions", 1e9: "billions"}

# "(In millions, except per share data)", "($ in thousands)", "in millions of U.S. dollars"; not "millions of
# shares", which counts shares, not dollars.
_SCALE_LABEL = re.compile(
    r"\(\s*(?:[$€£]|dollars|usd|u\.s\. dollars|amounts)?\s*(?:in\s+)?(thousands|millions|billions)\b"
    r"|\b(?:in|of)\s+(?:u\.s\.\s+)?(?:dollars\s+in\s+)?(thousands|millions|billions)\b(?!\s+of\s+(?:units|shares))",
    re.I)


def scale_name(scale: float | None) -> str:
    """The word a table uses for a multiplier: 1e6 → "millions" (thousands, billions); "" for any other."""
    return _SCALE_NAMES.get(scale or 0.0, "")


def stated_scale(text: str) -> float | None:
    """The scale a table label states: "(In millions, except per share data)" → 1e6; None when there is none."""
    match = _SCALE_LABEL.search(text)
    if not match:
        return None
    return SCALES[(match.group(1) or match.group(2)).lower().rstrip("s")]


# --- years and periods -----------------------------------------------------------------------------------------------

#: Years a number is taken for when written without a currency, a scale or a comma ("2023", not "2,023").
YEAR_RANGE = (1900, 2100)
#: A four-digit year 1900-2099 standing alone ("FY2023" and "2023-24" count; "12023" does not).
YEAR_NUMBER = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
#: A column year of a table header ("2021 2020 2019"): not part of an amount ("$2,019", "2019.5", "2020%").
TABLE_YEAR = re.compile(r"(?<![\d,.$])((?:19|20)\d\d)(?![\d,%])")
#: A fiscal year a question names: "2023", "FY2023", "fiscal year 2023", "FY'23" (group 1: four digits; group 2:
#: two digits after FY).
YEAR_MENTION = re.compile(r"\b(?:FY|fiscal(?: year)?\s*)?'?((?:19|20)\d\d)\b|\bFY'?(\d\d)\b", re.I)
#: A quarter a question names: "Q2" (group 1) or "second quarter" (group 2, see :data:`QUARTER_WORDS`).
QUARTER_MENTION = re.compile(r"\b(?:Q([1-4])|(first|second|third|fourth)[- ]quarter)\b", re.I)
#: A quarter written together with its year: "Q2 2023", "Q22023", "Q2-2023", "Q2 FY2023", "Q2'23", "2Q23", "2Q 2023"
#: (groups in pairs: quarter then year, for each of the three spellings; the year may have two digits).
QUARTER_AND_YEAR = re.compile(
    r"\bQ([1-4])\s*[-'’]?\s*(?:FY\s*)?((?:19|20)\d\d)\b"
    r"|\bQ([1-4])\s*(?:['’]|FY\s*['’]?)(\d\d)\b"
    r"|\b([1-4])Q\s*['’]?((?:19|20)?\d\d)\b", re.I)
QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
#: Month names as a regular-expression alternation (cover pages: "for the fiscal year ended May 31, 2023").
MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
#: A month, full or abbreviated ("Sept.", "Dec").
MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")


#: A line of column years and nothing else: "2023 2022 2021", "Fiscal 2023 Fiscal 2022" (two or more).
YEARS_ROW = re.compile(r"^(?:\s*(?:fiscal\s+)?(?:19|20)\d\d\s*){2,}$", re.I)


def header_years(line: str) -> tuple[int, ...]:
    """Column years of a table header line ("For the Years Ended December 31, 2021 2020 2019"), else ().

    Unlike :data:`YEARS_ROW`, the line may start with a label; it must hold no other number.
    """
    years = tuple(int(y) for y in TABLE_YEAR.findall(line))
    if len(years) < 2 or len(set(years)) != len(years):
        return ()
    other_numbers = [t for t in re.findall(r"\$?\(?\d[\d,.]*\)?%?", line)
                     if not TABLE_YEAR.fullmatch(t.strip("(),")) and not re.fullmatch(r"\d{1,2},?", t)]
    return years if not other_numbers else ()


# --- table cells -----------------------------------------------------------------------------------------------------

#: A word that is a number, as PDF words are when a table row is read: "1,234", "(1,234)", "$5,794", "($12)",
#: "-3.5", "12.5%". Ingestion calls a row with such words beside wide gaps a table row.
NUMBER_CELL = re.compile(r"^\(?[$€£]?\(?-?\d[\d,]*(\.\d+)?%?\)?$")
#: A value cell of a statement row as training reads it: a number as :data:`NUMBER_CELL` (never ending in a comma,
#: which belongs to a sentence), a lone currency sign, or a dash for zero. Footnote markers like "(2)" match too.
VALUE_CELL = re.compile(r"^(\$|€|£|—|–|-|\(?[$€£]?-?\d[\d,]*(?<!,)(\.\d+)?%?\)?)$")
#: Characters a statement row's label may take before its first number cell; longer, it is a sentence.
MAX_ROW_LABEL = 90
_CELL = r"(?:[(\-\u2212]?\$?\s?\d(?:[\d,]*\d)?(?:\.\d+)?\)?%?|[-\u2013\u2014])"
_TABLE_ROW = re.compile(r"^[A-Za-z(\"'$][^\n]*?(?P<cells>(?:\s+" + _CELL + r")+)\s*$")
_ANY_NUMBER = re.compile(r"\(?-?\$?\d[\d,]*(?:\.\d+)?\)?%?")


def table_row_cells(line: str) -> int:
    """How many number cells end a statement row ("Net income (loss) 1,577 1,234 (5,563)" → 3); 0 for other text."""
    match = _TABLE_ROW.match(line.strip())
    if not match or match.start("cells") > MAX_ROW_LABEL:  # a sentence that happens to end in a number
        return 0
    return len(re.findall(r"\d[\d,]*(?:\.\d+)?", match.group("cells")))


def contains_number(text: str) -> bool:
    """Whether ``text`` holds a number anywhere ("Net income 1,577", "up 12%")."""
    return bool(_ANY_NUMBER.search(text))


# --- the quantity parser ---------------------------------------------------------------------------------------------

_QUANTITY = re.compile(r"""
    (?<![\w./\-\u2212])
    (?P<open>\()?
    (?P<sign>[-\u2212])?
    (?P<currency>US\$|\$|\u20ac|\u00a3|\u00a5|(?:USD|EUR|GBP)\s)?
    \s?
    (?P<sign2>[-\u2212])?
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    (?P<close>\))?
    (?P<unit>\s?%|\s?percent\b|\s?per\s?cent\b|\s?(?:basis\s+points|bps)\b)?
    (?P<scale>\s?(?:trillion|billion|million|thousand)s?\b|\s?(?:bn|mn|mm)\b|[mbk]\b(?!\.\w))?
    (?![\w/]|[.,]\d|-[A-Za-z])
    """, re.X | re.I)
_FISCAL_YEAR = re.compile(r"\bFY\s?'?(\d{4}|\d{2})\b", re.I)
_DAY_BEFORE = re.compile(MONTH + r"\s*$", re.I)
_REFERENCE_BEFORE = re.compile(r"\b(?:p|pp|pages?|notes?|items?|parts?|sections?|exhibits?|rules?|tables?)\.?\s*$",
                               re.I)
_LIST_ITEM = re.compile(r"[.)]\s")


@dataclass
class Quantity:
    """A number as written, with what it means.

    ``number`` is the numeral's value (sign applied), ``scale`` the multiplier of an explicit scale word (None when
    absent), ``decimals`` the digits after the decimal point; ``kind`` is "amount", "percent", "year", "date",
    "list", "count" or "reference" (a page, note or item number).
    """

    text: str
    start: int
    end: int
    numeral: str
    number: float
    decimals: int
    scale: float | None
    kind: str
    currency: bool = False

    @property
    def value(self) -> float:
        """The value with its scale word applied ("$1.5 billion" → 1.5e9); percentages stay in percent."""
        return self.number * (self.scale or 1.0)

    @property
    def half_unit(self) -> float:
        """Half of the last written digit, in the value's units: the error rounding can explain."""
        return 0.5 * 10.0 ** (-self.decimals) * (self.scale or 1.0)

    @property
    def relative_precision(self) -> float:
        """Half the last written digit relative to the value ("24.26%" → 0.0002, "12%" → 0.04)."""
        value = abs(self.number)
        return 0.5 * 10.0 ** (-self.decimals) / value if value else 1.0


def extract_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its kind and normalised value, in text order.

    Citation marks ("[2]") must be blanked first, or they read as counts. Form names written without their hyphen
    ("10K", "8K") are not numbers.
    """
    quantities: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for match in _FISCAL_YEAR.finditer(text):
        digits = match.group(1)
        year = int(digits) if len(digits) == 4 else 2000 + int(digits)
        quantities.append(Quantity(match.group(0), match.start(), match.end(), digits, float(year), 0, None, "year"))
        taken.append((match.start(), match.end()))
    for match in _QUANTITY.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        numeral = match.group("num")
        number = float(numeral.replace(",", ""))
        decimals = len(numeral.split(".")[1]) if "." in numeral else 0
        unit = (match.group("unit") or "").strip().lower()
        scale_word = (match.group("scale") or "").strip().lower().rstrip("s") if match.group("scale") else ""
        if scale_word and scale_word not in SCALES:
            scale_word = scale_word + "s" if scale_word + "s" in SCALES else scale_word
        currency = bool(match.group("currency"))
        compact = match.group(0).replace(" ", "").upper()
        if compact in ("10K", "10Q", "8K", "20F"):
            continue  # form names written without the hyphen
        if match.group(0).strip() == "3M":
            continue  # the company (a glued capital M with no currency); "$3M" and "3m" stay amounts
        negative = bool(match.group("sign") or match.group("sign2") or (match.group("open") and match.group("close")))
        start, end = match.start(), match.end()
        if match.group("open") and not match.group("close"):
            start += 1  # "(see 1,577" – the bracket belongs to the sentence
        if match.group("close") and not match.group("open"):
            end -= 1
        written = text[start:end].strip()
        scale = SCALES.get(scale_word) if scale_word else None
        if unit:
            kind = "percent"
            if "basis" in unit or unit == "bps":
                number, decimals = number / 100.0, decimals + 2
        elif (not currency and scale is None and decimals == 0 and "," not in numeral
              and YEAR_RANGE[0] <= number <= YEAR_RANGE[1]):
            kind = "year"
        elif _DAY_BEFORE.search(text[max(0, start - 12):start]) and number <= 31 and decimals == 0:
            kind = "date"
        elif _REFERENCE_BEFORE.search(text[max(0, start - 10):start]) and not currency and decimals == 0:
            kind = "reference"  # "p. 18", "Note 7", "Item 1A"
        elif (decimals == 0 and not currency and scale is None and number < 10
              and _line_start_blank(text, start) and _LIST_ITEM.match(text, end)):
            kind = "list"
        elif decimals == 0 and not currency and scale is None and number < 10:
            kind = "count"
        else:
            kind = "amount"
        quantities.append(Quantity(written, start, end, numeral, -number if negative else number, decimals, scale,
                                   kind, currency))
        taken.append((start, end))
    return sorted(quantities, key=lambda q: q.start)


def _line_start_blank(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip(" \t*-")
