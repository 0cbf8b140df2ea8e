"""Finance abbreviations, both ways.

Analysts write "PP&E", "FCF", "bps", "SG&A"; filings spell the terms out. Search expands a question's shorthand
(:data:`EXPANSIONS`, :func:`expand_abbreviations`) so keyword matching finds the spelled-out words; training writes
shorthand into synthetic queries (:data:`SHORTHANDS`, :func:`abbreviate`) so the embedder learns that both mean the
same thing.
"""

from __future__ import annotations

import re

#: Shorthand (lower case) → the words filings use for it, for keyword search. Some add the line item that holds the
#: figure ("capex" → "purchases of property and equipment", the cash-flow line).
EXPANSIONS: dict[str, str] = {
    "pp&e": "property plant and equipment",
    "ppe": "property plant and equipment",
    "ppne": "property plant and equipment",
    "fcf": "free cash flow",
    "cashflow": "cash flow",
    "cashflows": "cash flows",
    "eps": "earnings per share",
    "bps": "basis points",
    "yoy": "year over year",
    "d&a": "depreciation and amortization",
    "sg&a": "selling general and administrative",
    "r&d": "research and development",
    "cogs": "cost of goods sold cost of sales",
    "capex": "capital expenditures purchases of property and equipment",
    "ebit": "earnings before interest and taxes operating income",
    "ebitda": "earnings before interest taxes depreciation and amortization",
    "roa": "return on assets net income total assets",
    "roe": "return on equity net income shareholders equity",
    "roic": "return on invested capital",
    "dpo": "days payable outstanding accounts payable cost of goods sold",
    "dso": "days sales outstanding accounts receivable revenue",
    "dio": "days inventory outstanding inventory cost of goods sold",
    "ocf": "operating cash flow cash provided by operating activities",
    "cfo": "cash flow from operations",
    "gaap": "generally accepted accounting principles",
    "m&a": "mergers and acquisitions",
    "opex": "operating expenses",
    "nol": "net operating loss",
    "ltm": "last twelve months",
    "ttm": "trailing twelve months",
    "dps": "dividends per share",
    "wacc": "weighted average cost of capital",
    "ytd": "year to date",
    "q/q": "quarter over quarter",
}

#: Long form (a pattern, matched ignoring case) → analyst shorthand. The patterns accept the punctuation variants
#: filings use ("selling, general and administrative", "property, plant, and equipment", "year-over-year").
SHORTHANDS: dict[str, str] = {
    r"capital expenditures?": "capex",
    r"free cash flows?": "FCF",
    r"earnings per (?:common )?share": "EPS",
    r"selling,? general,? and administrative": "SG&A",
    r"depreciation and amortization": "D&A",
    r"property,? plant,? and equipment": "PP&E",
    r"basis points?": "bps",
    r"year[- ]over[- ]year": "YoY",
    r"research and development": "R&D",
    r"cost of goods sold": "COGS",
    r"earnings before interest,? taxes,? depreciation,? and amortization": "EBITDA",
}
#: :data:`SHORTHANDS` compiled, whole words only, in order.
SHORTHAND_PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(rf"\b{pattern}\b", re.I), short)
                                                         for pattern, short in SHORTHANDS.items()]


def expand_abbreviations(text: str) -> str:
    """Expansions of the finance abbreviations found in ``text`` (space-separated, no duplicates)."""
    found = []
    for token in re.findall(r"[A-Za-z][A-Za-z&/]*", text):
        expansion = EXPANSIONS.get(token.lower())
        if expansion and expansion not in found:
            found.append(expansion)
    return " ".join(found)


#: Shorthand that names a statement line item in another spelling: rewritten in place, so a metric named either way
#: is recognised ("PPNE" and "PP&E" are the same line; "cashflow" is "cash flow").
SPELLINGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bpp(?:n|&)?e\b", re.I), "PP&E"),
    (re.compile(r"\bcashflow", re.I), "cash flow"),
]


def normalise_spellings(text: str) -> str:
    """``text`` with shorthand spellings of line items written the one way metric names use (:data:`SPELLINGS`)."""
    for pattern, spelling in SPELLINGS:
        text = pattern.sub(spelling, text)
    return text


def abbreviate(text: str) -> str | None:
    """Replace the first long-form finance term with its shorthand; None when the text has none."""
    for pattern, short in SHORTHAND_PATTERNS:
        if pattern.search(text):
            return pattern.sub(short, text, count=1)
    return None
