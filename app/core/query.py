"""Query understanding for finance questions.

Turns an analyst's question into what retrieval needs:

* the question without instruction boilerplate ("Assume you are an equities analyst…", "Round your answer to two
  decimal places."), keeping hints about *where* to look ("statement of income" → income statement);
* the companies it names, matched against the names and tickers the library itself holds (never a fixed list);
* the fiscal years and quarters it mentions, the kind of filing it names, and whether it asks about expectations;
* common finance abbreviations expanded (PP&E, FCF, EPS, bps, YoY, D&A, SG&A, …) for keyword matching;
* the statement lines a named metric is computed from ("quick ratio" → cash, receivables, total current
  liabilities on the balance sheet; "capital-intensive" → capital expenditures, PP&E, revenue): the evidence for
  such questions is a primary statement page that never names the metric.

The finance vocabulary itself (abbreviations, statement names, year and quarter patterns, company-name keys) lives in
:mod:`app.core.finance`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.finance.abbreviations import expand_abbreviations
from app.core.finance.companies import SHORT_NAMES, normalize_company
from app.core.finance.quantities import QUARTER_AND_YEAR as _QUARTER_AND_YEAR
from app.core.finance.quantities import QUARTER_MENTION as _QUARTER
from app.core.finance.quantities import QUARTER_WORDS as _QUARTER_WORDS
from app.core.finance.quantities import YEAR_MENTION as _YEAR
from app.core.finance.statements import STATEMENT_HINTS
from app.core.records import DocumentInfo

_BOILERPLATE = re.compile(
    r"^\s*(assume you are|you are an?|round (your|the) answer|answer (in|with|the following)|please|"
    r"provide (a|the|your)|"
    r"give (a|the) (response|answer)|respond|base your (judgments?|answer)|using the (line items|information|details)|"
    r"express|calculate (what was|it|using)|show your|if (the )?(answer|result)|note that|here,? |"
    r"we need to|compute (it|this) (using|as)|use (the )?(line items|information))", re.I)
# Kinds of filing a question names ("in this 10K report", "the earnings call"), as the library's form types.
_FORM_NAMES = {
    "10-K": re.compile(r"\b10-?K\b|\bannual report\b", re.I),
    "10-Q": re.compile(r"\b10-?Q\b|\bquarterly report\b", re.I),
    "8-K": re.compile(r"\b8-?K\b|\bcurrent report\b", re.I),
    "earnings release": re.compile(r"\b(?:earnings|press) release\b", re.I),
    "transcript": re.compile(r"\btranscript\b|\bearnings call\b|\bconference call\b", re.I),
}
# Questions about what a company expects: the guidance for FY2023 is given in FY2022's year-end release. Verbs only:
# "expected credit losses" and "projected benefit obligation" are accounting terms, not expectations.
_FORWARD_LOOKING = re.compile(r"\b(?:expects?|expecting|guidance|outlook|forecasts?|forecasted|anticipates?|"
                              r"(?:expected|anticipated|projected|projects?|plans?|planned) to)\b", re.I)


@dataclass
class CompanyAliases:
    """Names a library document's company can be called by, derived from the document itself."""

    # Every spelling the library's documents use for this company ("Johnson & Johnson" on a 10-K's cover, "Johnson
    # Johnson" from an earnings release's file name): a company filter must match all of them. The first is shown.
    names: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)  # squashed lower-case forms ("activisionblizzard")
    tickers: set[str] = field(default_factory=set)  # case-sensitive ("ATVI")


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

    @property
    def target_year(self) -> int | None:
        """The year the question is about (the latest one it mentions)."""
        return max(self.years) if self.years else None


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def company_aliases(documents: list[DocumentInfo]) -> list[CompanyAliases]:
    """Build the alias table from the library's documents: cover names, file-name names, tickers."""
    table: dict[str, CompanyAliases] = {}
    # Documents with a ticker first: their company was read from a cover page, so it is the spelling to show.
    for doc in sorted(documents, key=lambda document: not document.ticker):
        if not doc.company:
            continue
        key = normalize_company(doc.company)
        entry = table.setdefault(key, CompanyAliases())
        if doc.company not in entry.names:
            entry.names.append(doc.company)
        entry.aliases.update(SHORT_NAMES.get(key, ()))  # "Amex" for American Express
        for name in (doc.company, normalize_company(doc.company)):
            squashed = _squash(name)
            # Two-character names ("3M", "GE", "HP") count too; detect_companies only accepts them written in
            # capitals, so "ge" in a word or "Hp" in prose is not a company.
            if len(squashed) >= 2:
                entry.aliases.add(squashed)
        # The company part of a file name ("JOHNSON_JOHNSON_2022_10K") is another way people write it.
        stem_company = re.split(r"[_\-\s]+(?:19|20)\d\d", doc.title)[0]
        if stem_company and stem_company != doc.title and len(_squash(stem_company)) >= 3:
            entry.aliases.add(_squash(stem_company))
        if doc.ticker and len(doc.ticker) >= 2:
            entry.tickers.add(doc.ticker)
    # A document whose cover names it differently from its file name ("Square" in BLOCK_2020_10K): merge by alias.
    merged: list[CompanyAliases] = []
    for entry in table.values():
        for other in merged:
            if entry.aliases & other.aliases or entry.tickers & other.tickers:
                other.names += [name for name in entry.names if name not in other.names]
                other.aliases |= entry.aliases
                other.tickers |= entry.tickers
                break
        else:
            merged.append(entry)
    return merged


def detect_companies(question: str, aliases: list[CompanyAliases], *, any_case: bool = False) -> list[str]:
    """Companies named in the question (by any alias as a run of whole words, or by ticker), in every spelling the
    library holds for each.

    Args:
        question: free text.
        aliases: the library's alias table (:func:`company_aliases`).
        any_case: accept lower-case names and tickers, for a field that is known to hold a company ("nike", "nke").
    """
    words = re.findall(r"[A-Za-z0-9]+", question)
    spans: set[str] = set()
    for start in range(len(words)):
        joined = ""
        for end in range(start, min(start + 6, len(words))):
            joined += words[end].lower()
            # In prose a one-word name needs a capital ("Square", "eBay"; not "square footage"); longer names are
            # distinctive enough in any case.
            if len(joined) < 3 and not (any_case or words[start].isupper()):
                continue  # a two-character name must be written in capitals ("GE", "3M")
            if any_case or end > start or any(c.isupper() or c.isdigit() for c in words[start]):
                spans.add(joined)
                if joined.endswith("s"):
                    spans.add(joined[:-1])  # possessive "Nike's" -> "nikes" -> "nike"
    # Tickers as written ("NKE") or in mixed case with two capitals ("JnJ" for JNJ); never plain words ("Cat").
    tokens = {w.upper() for w in words if 2 <= len(w) <= 5 and (any_case or (
        sum(c.isupper() for c in w) >= min(2, len(w)) and w[:1].isupper()))}
    found = []
    for entry in aliases:
        if entry.aliases & spans or entry.tickers & tokens:
            found.extend(entry.names)
    return found


def distinct_companies(names: list[str]) -> list[str]:
    """One spelling per company, for display ("Johnson & Johnson" rather than that and "Johnson Johnson")."""
    first_spelling: dict[str, str] = {}
    for name in names:
        first_spelling.setdefault(normalize_company(name), name)
    return list(first_spelling.values())


def _clean(question: str) -> tuple[str, list[str]]:
    """Remove instruction sentences, keeping statement hints they contain."""
    hints: list[str] = []
    kept: list[str] = []
    for sentence in re.split(r"(?<=[.?!])\s+", question.strip()):
        for pattern, hint in STATEMENT_HINTS.items():
            if re.search(pattern, sentence, re.I) and hint not in hints:
                hints.append(hint)
        if not _BOILERPLATE.match(sentence):
            kept.append(sentence)
    return (" ".join(kept) or question.strip()), hints


# What analysts ask about in words rather than by a metric's name, and the metrics that answer it.
_QUALITATIVE_METRICS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bliquidity\b|\bliquid\b", re.I), ("quick ratio", "current ratio")),
    (re.compile(r"capital[- ]intensi(ve|ty)|asset[- ](heavy|light)", re.I), ("capex to revenue",
                                                                           "fixed asset turnover")),
    (re.compile(r"\b(leverage|levered|solvency|indebted)\b", re.I), ("debt to equity",)),
    (re.compile(r"\bprofitab(le|ility)\b", re.I), ("operating margin", "net profit margin")),
    (re.compile(r"\bdividend (policy|sustainab|coverage)", re.I), ("dividend payout ratio",)),
)
_STATEMENT_WORDS = {"balance": "balance sheet", "income": "statement of operations income",
                    "cash_flow": "statement of cash flows"}


def implied_metrics(text: str) -> list[str]:
    """Names of the metrics a question implies in words ("liquidity profile" -> quick ratio, current ratio)."""
    return [name for pattern, names in _QUALITATIVE_METRICS if pattern.search(text) for name in names]


def metric_hints(text: str) -> str:
    """Statement line items and statement names that hold the inputs of the metrics a question asks about."""
    from app.core.statements.answers import find_metric
    from app.core.statements.concepts import BY_NAME
    from app.core.statements.formulas import METRIC_BY_NAME, METRICS

    metrics = [METRIC_BY_NAME[name] for name in implied_metrics(text)]
    named = find_metric(text)
    if named is not None and named in METRICS:  # a plain line item ("revenue") is already in the words
        metrics.append(named)
    words: list[str] = []
    for metric in metrics:
        for name in re.findall(r"[a-z_]+", metric.expression):
            concept = BY_NAME.get(name)
            if concept is None:
                continue
            for phrase in (concept.title.lower(), *(_STATEMENT_WORDS.get(s, "") for s in concept.statements)):
                if phrase and phrase not in words:
                    words.append(phrase)
    return " ".join(words)


def parse_query(question: str, aliases: list[CompanyAliases] | None = None) -> ParsedQuery:
    """Understand a question: clean it, find companies, years, quarter, and expand abbreviations."""
    text, hints = _clean(question)
    years: list[int] = []
    quarter = None
    for match in _QUARTER_AND_YEAR.finditer(question):
        number, year_text = [group for group in match.groups() if group is not None]
        quarter = quarter or int(number)
        years.append(int(year_text) if len(year_text) == 4 else 2000 + int(year_text))
    for match in _YEAR.finditer(question):
        years.append(int(match.group(1)) if match.group(1) else 2000 + int(match.group(2)))
    years = list(dict.fromkeys(year for year in years if 1990 <= year <= 2100))
    quarter_match = _QUARTER.search(question)
    if quarter is None and quarter_match:
        quarter = int(quarter_match.group(1)) if quarter_match.group(1) else \
            _QUARTER_WORDS[quarter_match.group(2).lower()]
    expansions = expand_abbreviations(text)
    keywords = " ".join(p for p in (text, expansions, " ".join(hints), metric_hints(text)) if p)
    companies = detect_companies(question, aliases or [])
    form_types = [form for form, pattern in _FORM_NAMES.items() if pattern.search(question)]
    return ParsedQuery(original=question, text=text, keywords=keywords, companies=companies, years=years,
                       quarter=quarter, hints=hints, form_types=form_types,
                       forward_looking=bool(_FORWARD_LOOKING.search(text)))
