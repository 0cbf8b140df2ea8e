"""Inferring a document's company, ticker, form type and fiscal period from its file name and cover page.

Everything here is derived from the document itself (the SEC cover page names the registrant, its trading symbol,
the form and the period), with the file name as a fallback, so it works on any library, not a fixed list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.core.finance.quantities import MONTH_NAMES, YEAR_NUMBER

_MONTHS = MONTH_NAMES
_STOPWORDS_FOR_TICKER = {"NYSE", "NASDAQ", "LLC", "INC", "USA", "SEC", "CEO", "CFO", "ITEM", "PART", "FORM", "THE",
                         "AND", "EX", "DC", "US", "N/A", "NONE", "LLP", "GAAP", "II", "III", "IV"}


@dataclass
class InferredMetadata:
    """What could be inferred about a document; empty strings/None where nothing was found."""

    company: str = ""
    ticker: str = ""
    form_type: str = "other"
    fiscal_year: int | None = None
    fiscal_period: str = ""
    title: str = ""


def _from_filename(stem: str) -> InferredMetadata:
    meta = InferredMetadata(title=stem)
    tokens = re.split(r"[_\-\s]+", stem)
    company_tokens: list[str] = []
    for token in tokens:
        if re.match(r"^(19|20)\d\d", token):
            break
        company_tokens.append(token)
    if company_tokens and len(company_tokens) < len(tokens):
        meta.company = " ".join(t.capitalize() if t.isupper() or t.islower() else t for t in company_tokens)
    upper = stem.upper()
    quarter = re.search(r"((?:19|20)\d\d)\s*Q([1-4])|Q([1-4])\s*((?:19|20)\d\d)", upper)
    year = YEAR_NUMBER.search(upper.replace("Q", " Q"))
    if year:
        meta.fiscal_year = int(year.group(1))
    if re.search(r"10[-_ ]?K", upper):
        meta.form_type = "10-K"
    elif re.search(r"10[-_ ]?Q", upper):
        meta.form_type = "10-Q"
    elif re.search(r"8[-_ ]?K", upper):
        meta.form_type = "8-K"
    elif "EARNINGS" in upper or "RESULTS" in upper or "PRESS" in upper:
        meta.form_type = "earnings release"
    elif "TRANSCRIPT" in upper or "CALL" in upper:
        meta.form_type = "transcript"
    if quarter:
        q_year = int(quarter.group(1) or quarter.group(4))
        q_num = quarter.group(2) or quarter.group(3)
        meta.fiscal_year = q_year
        meta.fiscal_period = f"Q{q_num} FY{q_year}"
    elif meta.fiscal_year:
        meta.fiscal_period = f"FY{meta.fiscal_year}"
    return meta


_COVER_FORM_LINE = re.compile(r"commission|file number|transition period|^\(?\d|^_+$|^\(mark one\)|year ended|"
                              r"annual report|quarterly report", re.I)
_COMPANY_SUFFIX = re.compile(r"\b(inc|incorporated|corporation|corp|company|co|ltd|limited|plc|holdings|group|l\.?p|"
                             r"n\.?v|s\.?a|ag|se)\.?,?$", re.I)


def _from_cover(text: str) -> InferredMetadata:
    meta = InferredMetadata()
    head = text[:12000]
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    upper = head.upper()
    # The first form named on the cover wins: a 10-Q mentions "our Annual Report on Form 10-K" further down.
    forms = [(m.start(), m.group(1)) for m in re.finditer(r"FORM\s+(10-?K|10-?Q|8-?K)\b", upper[:4000])]
    if forms:
        meta.form_type = {"10K": "10-K", "10Q": "10-Q", "8K": "8-K"}[min(forms)[1].replace("-", "")]
    if re.search(r"\bOPERATOR\b", upper) and re.search(r"EARNINGS (CONFERENCE )?CALL", upper):
        meta.form_type = "transcript"
    elif meta.form_type in ("other", "8-K") and re.search(
            r"(REPORTS?|ANNOUNCES?)\s+.{0,60}(QUARTER|YEAR|FISCAL).{0,40}RESULTS", upper):
        meta.form_type = "earnings release"

    for index, line in enumerate(lines[:200]):
        if re.search(r"exact name of (the )?registrant", line, re.I) and index > 0:
            candidate = lines[index - 1]
            # Skip commission-file lines and the like that can sit in between.
            back = index - 1
            while back > 0 and (len(candidate) < 2 or _COVER_FORM_LINE.search(candidate)):
                back -= 1
                candidate = lines[back]
            if _COVER_FORM_LINE.search(candidate) or re.search(r"\bact\b|\bof 1934\b", candidate, re.I):
                # A cover laid out as a table (several registrants): the heading first, the names in rows below.
                candidate = next((c for c in lines[index + 1:index + 16] if _COMPANY_SUFFIX.search(c)), "")
            if 2 <= len(candidate) <= 80:
                meta.company = candidate
            break

    ticker = _find_ticker(lines[:250])
    if ticker:
        meta.ticker = ticker

    period = re.search(rf"(fiscal\s+year|quarterly\s+period|period)\s+ended:?\s+({_MONTHS})\s+\d{{1,2}}\s*,?\s*"
                       r"((?:19|20)\d\d)", head, re.I)
    if period:
        year = int(period.group(3))
        meta.fiscal_year = year
        if "quarter" in period.group(1).lower():
            month = _MONTHS.split("|").index(period.group(2).lower()) + 1
            meta.fiscal_period = f"Q{(month - 1) // 3 + 1} {year}"
        else:
            meta.fiscal_period = f"FY{year}"
    else:
        report_date = re.search(rf"date of report.{{0,80}}?({_MONTHS})\s+\d{{1,2}},?\s*((?:19|20)\d\d)", head,
                                re.I | re.S)
        if report_date:
            meta.fiscal_year = int(report_date.group(2))
            meta.fiscal_period = f"{report_date.group(1).capitalize()} {report_date.group(2)}"
    return meta


_LISTING = re.compile(r"(?<![\w.])([A-Z]{1,5}(?:\.[A-Z])?)\s+(?:The\s+)?(?:New York Stock Exchange|NYSE|Nasdaq|NASDAQ)")


def _find_ticker(lines: list[str]) -> str:
    """The trading symbol from the cover page's "Trading Symbol(s)" table or an exchange listing line."""
    joined = " ".join(lines)
    for candidate in _LISTING.findall(joined):
        if candidate not in _STOPWORDS_FOR_TICKER and len(candidate) >= 2:
            return str(candidate)
    for index, line in enumerate(lines):
        if not re.search(r"trading\s+symbol", line, re.I):
            continue
        window = " ".join(lines[index:index + 4])
        window = re.sub(r"trading\s+symbols?\(?s?\)?", " ", window, flags=re.I)
        for candidate in re.findall(r"(?<![\w.])([A-Z]{1,5}(?:\.[A-Z])?)(?![\w.])", window):
            if candidate not in _STOPWORDS_FOR_TICKER and len(candidate) >= 2:
                return str(candidate)
    return ""


def infer_metadata(path: Path, text: str) -> InferredMetadata:
    """Combine cover-page evidence (preferred) with what the file name says.

    Args:
        path: the file (its name often carries company, year and form).
        text: the document's extracted text; only the first pages are read.
    """
    from_name = _from_filename(path.stem)
    cover = _from_cover(text)
    meta = InferredMetadata(title=path.stem)
    meta.company = _clean_company(cover.company) or from_name.company
    meta.ticker = cover.ticker
    meta.form_type = from_name.form_type if from_name.form_type != "other" else cover.form_type
    # The file name is more specific about quarters than a cover page (fiscal quarters differ from calendar ones).
    if from_name.fiscal_period.startswith("Q"):
        meta.fiscal_year, meta.fiscal_period = from_name.fiscal_year, from_name.fiscal_period
    else:
        meta.fiscal_year = cover.fiscal_year or from_name.fiscal_year
        meta.fiscal_period = cover.fiscal_period or from_name.fiscal_period
        # Years ending in early January (52/53-week years) are named by the year before; a file name that says so wins.
        if cover.fiscal_year and from_name.fiscal_year and abs(cover.fiscal_year - from_name.fiscal_year) == 1:
            meta.fiscal_year, meta.fiscal_period = from_name.fiscal_year, from_name.fiscal_period
    return meta


def _clean_company(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.")
    if not name or not re.search(r"[A-Za-z]{2}", name) or re.search(r"registrant|commission|form", name, re.I):
        return ""
    if name.isupper() and len(name) > 4:
        # "NIKE, INC." -> "Nike, Inc." reads better; short all-caps names (3M, IBM) stay.
        name = " ".join(w if len(w) <= 3 and w.isalpha() is False else w.capitalize() for w in name.split())
    return name
