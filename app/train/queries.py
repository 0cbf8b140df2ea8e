"""Rule-based synthetic search queries for a chunk, so the embedder can be tuned on any corpus without labels.

Each generator reads one chunk (and the :class:`DocumentInfo` of its filing) and writes the kind of query an analyst
types: metric look-ups from statement rows ("What was Activision Blizzard's total net revenues in FY2018?"),
abbreviations (capex, FCF, SG&A...), questions about a section heading, and risk / outlook questions about key
sentences. Every query names only a metric, year or phrase that appears in the text the app embeds for that chunk
(:func:`app.core.ingest.chunking.embedding_text`: document label, heading, passage), so a pair never asks for
something its passage does not contain.

Everything is deterministic for a given ``random.Random`` seed: the same corpus always gives the same pairs. The finance
vocabulary (abbreviations, statement names, value cells and column years, legal suffixes) comes from
:mod:`app.core.finance`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from app.core.finance import company_names
from app.core.finance.abbreviations import SHORTHAND_PATTERNS as _ABBREVIATION_RES
from app.core.finance.abbreviations import SHORTHANDS as ABBREVIATIONS  # noqa: F401 - app.train.dataset reads it here
from app.core.finance.abbreviations import abbreviate
from app.core.finance.metrics import METRIC_BY_NAME
from app.core.finance.quantities import TABLE_YEAR as _YEAR
from app.core.finance.quantities import VALUE_CELL as _VALUE
from app.core.finance.quantities import header_years
from app.core.finance.statements import STATEMENT_NAMES as STATEMENT_NAMES  # app.train.dataset reads it here
from app.core.finance.statements import STATEMENT_SYNONYMS, statement_name
from app.core.records import Chunk, DocumentInfo

_RISK_WORDS = re.compile(r"\b(risks?|may adversely|could adversely|adversely affect|uncertaint(y|ies))\b", re.I)
_OUTLOOK_WORDS = re.compile(r"\b(expects?|expected|outlook|guidance|anticipates?|forecasts?)\b", re.I)
# A value cell (1,234 / (1,234) / $ / 12.5% / dashes for zero) is finance.quantities.VALUE_CELL. Footnote markers like
# "(2)" also match and are dropped later by aligning values to the header columns from the right.
# Whole month names or their abbreviations only: "Marketable securities" and "Decrease in …" are line items.
_MONTH = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december|"
                    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?", re.I)
_STOPWORDS = set("""a an and are as at be been by can could for from has have if in into is it its may might more
most no not of on or our over such than that the their there these they this those to was we were which while will
with would also other any each further including company's companies business results""".split())


# Words the templates below add around the metric, period and phrase they take from the passage. The training-data
# filter (dataset.evidence_visible) ignores them when it checks that a query's evidence survives truncation; a
# template word missing here silently drops every query of that template.
TEMPLATE_WORDS = set("""what was were is the how much for in did does say about describe its based on statement
fiscal fy report reported risks risk face from could adversely affect expect outlook guidance of and with this
answer usd millions round two decimal places using information base your ratio percentage as year-over-year change
increase decrease or between by percent use improving have an calculate defined""".split())


@dataclass(frozen=True)
class Query:
    """A synthetic query and the generator that wrote it (kept for statistics and for balancing the mix)."""

    text: str
    kind: str


@dataclass(frozen=True)
class TableRow:
    """A statement row read from a chunk: its label and its values by column year (empty when unknown)."""

    label: str
    values: tuple[str, ...]
    years: tuple[int, ...]


def short_company(document: DocumentInfo) -> str:
    """The company as an analyst writes it: "Activision Blizzard, Inc" -> "Activision Blizzard"."""
    return company_names.short_company(document.company or document.title)


def period_phrases(document: DocumentInfo) -> list[str]:
    """Ways to name the document's own period that also appear in its label ("FY2021", "Q2 FY2023")."""
    period = document.fiscal_period
    if not period:
        return []
    phrases = [period]
    quarter = re.match(r"Q([1-4])\s+(?:FY)?((?:19|20)\d\d)", period)
    if quarter:
        phrases.append(f"Q{quarter.group(1)} {quarter.group(2)}")
    elif period.startswith("FY"):
        phrases.append(f"fiscal {period[2:]}")
    return phrases


def _clean_label(text: str) -> str:
    """Strip footnote references and trailing punctuation from a row label."""
    # "(Note 16)", or a dangling "(Note" when "16)" was read as a value cell
    text = re.sub(r"\((note|notes)\b[^)]*(\)|$)", " ", text, flags=re.I)
    text = re.sub(r"\(\d\)|\*+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" :,.$")


def parse_table_row(line: str, years: tuple[int, ...] = ()) -> TableRow | None:
    """Read "Total net revenues $ 6,489 $ 7,500 $ 7,017" into a label and values (aligned to ``years`` if given).

    Returns None for lines that are not a labelled numeric row (headings, prose, bare numbers).
    """
    tokens = line.split()
    split = len(tokens)
    while split > 0 and _VALUE.match(tokens[split - 1]):
        split -= 1
    values = [t for t in tokens[split:] if t not in {"$", "€", "£"}]
    label = _clean_label(" ".join(tokens[:split]))
    words = re.findall(r"[A-Za-z][A-Za-z&'-]*", label)
    if not values or len(words) < 1 or len(label) < 4 or len(words) > 12 or label.endswith(":"):
        return None
    # Dates and signature lines ("July 21, 2022", "For the fiscal year ended May 31, 2020") are not metrics.
    if _MONTH.search(label) or re.search(r"\d$|\bended\b", label, re.I):
        return None
    if not any(re.search(r"\d", v) for v in values) or all(_YEAR.fullmatch(v) for v in values):
        return None
    if years and len(values) >= len(years):
        # Extra values on the left are footnote markers ("expense (2) 508 218 166"); columns align from the right.
        return TableRow(label=label, values=tuple(values[-len(years):]), years=years)
    return TableRow(label=label, values=tuple(values), years=())


def table_rows(chunk: Chunk) -> list[TableRow]:
    """All labelled numeric rows of a chunk, each aligned to the most recent year header above it in the chunk."""
    rows: list[TableRow] = []
    years: tuple[int, ...] = ()
    for line in chunk.text.splitlines():
        found = header_years(line)
        if found:
            years = found
            continue
        row = parse_table_row(line, years)
        if row is not None:
            rows.append(row)
    return rows


_GENERIC_LABELS = {"basic", "diluted", "other", "total", "net", "thereafter", "thereafter total", "page", "balance",
                   "total other", "other net", "subtotal", "pages", "amount", "amounts", "exhibit",
                   "exhibits"}


def _is_metric_label(label: str) -> bool:
    """Whether a row label names something a person would search for ("Basic" or "Other" alone do not)."""
    words = re.findall(r"[A-Za-z]{2,}", label)
    if not words or label.lower() in _GENERIC_LABELS or re.match(r"(page|item|note)\b|\d", label, re.I):
        return False
    if re.search(r"\.\.\.|…", label):  # table-of-contents dot leaders
        return False
    return len(words) >= 2 or len(words[0]) >= 5


def _metric(label: str) -> str:
    """Row label as it reads inside a question: sentence case unless it is an acronym."""
    if label.isupper():
        return label if len(label) <= 6 else label.lower()
    return label[:1].lower() + label[1:]


@dataclass(frozen=True)
class Concept:
    """A named analyst metric, the statement its inputs are read from, and the row labels that hold an input."""

    name: str
    statement: str
    inputs: re.Pattern[str]
    definition: str
    short: str = ""


def _formula(metric: str) -> str:
    """A named metric's formula in words, from the one table of metrics (the statements compute it the same way)."""
    return METRIC_BY_NAME[metric.lower()].definition


def _concept(name: str, statement: str, inputs: str, definition: str, short: str = "") -> Concept:
    return Concept(name, statement, re.compile(inputs, re.I | re.M), definition, short)


# The metrics analysts compute from the primary statements. A query names the metric (often with its definition, as
# analysts brief each other) and its positive is a statement chunk holding one of the inputs: this is the finance
# knowledge a general model lacks ("DPO" lives on the balance sheet, next to accounts payable).
CONCEPTS: tuple[Concept, ...] = (
    _concept("working capital", "balance sheet", r"^total current (assets|liabilities)\b", _formula("working capital")),
    _concept("current ratio", "balance sheet", r"^total current (assets|liabilities)\b", _formula("current ratio")),
    _concept("quick ratio", "balance sheet", r"^(total current liabilities|accounts receivable|receivables)\b",
             _formula("quick ratio")),
    _concept("days payable outstanding", "balance sheet", r"^accounts payable\b",
             _formula("days payable outstanding"), "DPO"),
    _concept("days inventory outstanding", "balance sheet", r"^(merchandise )?inventor(y|ies)\b",
             _formula("days inventory outstanding"), "DIO"),
    _concept("days sales outstanding", "balance sheet", r"^(accounts |trade )?receivables?\b",
             _formula("days sales outstanding"), "DSO"),
    _concept("inventory turnover ratio", "balance sheet", r"^(merchandise )?inventor(y|ies)\b",
             _formula("inventory turnover")),
    _concept("fixed asset turnover ratio", "balance sheet", r"property,? (plant,? )?(and|&) equipment",
             _formula("fixed asset turnover")),
    _concept("return on assets", "balance sheet", r"^total assets\b", _formula("return on assets"), "ROA"),
    _concept("return on equity", "balance sheet", r"^total (stockholders|shareholders|shareowners)?['’]? ?equity\b",
             _formula("return on equity"), "ROE"),
    _concept("debt to equity ratio", "balance sheet", r"^(long-term debt|total debt|total (stockholders|shareholders)"
             r"['’]? equity)\b", _formula("debt to equity")),
    _concept("gross margin", "income statement", r"^(gross (profit|margin)|cost of (revenues?|sales|goods sold))\b",
             _formula("gross margin")),
    _concept("operating margin", "income statement", r"^(operating income|income from operations|operating profit)\b",
             _formula("operating margin")),
    _concept("net profit margin", "income statement", r"^net (income|earnings)\b", _formula("net profit margin")),
    _concept("effective tax rate", "income statement",
             r"^(provision for income taxes|income tax (expense|provision)|(provision for|benefit from) income tax)",
             _formula("effective tax rate")),
    _concept("interest coverage ratio", "income statement", r"^interest expense\b", _formula("interest coverage")),
    _concept("revenue growth", "income statement", r"^(total )?(net )?(revenues?|sales)\b",
             "year-over-year change in total revenue, in percent"),
    _concept("free cash flow", "cash flow statement",
             r"^(net cash (provided by|from) operating|purchases? of property|capital expenditures|additions to "
             r"property)", _formula("free cash flow"), "FCF"),
    _concept("capex as a percentage of revenue", "cash flow statement",
             r"^(purchases? of property|capital expenditures|additions to property)", _formula("capex to revenue")),
    _concept("dividend payout ratio", "cash flow statement", r"^(cash )?dividends paid|^payments? (of|for) dividends",
             _formula("dividend payout ratio")),
    _concept("free cash flow conversion", "cash flow statement", r"^net cash (provided by|from) operating",
             _formula("FCF conversion")),
    _concept("EBITDA", "cash flow statement", r"^depreciation(,| and) amortization", _formula("EBITDA")),
)


# "Statement of Operations Data" in Selected Financial Data summarises the statement; the statement is the source.
_SUMMARY_TABLE = re.compile(r"\b(data|selected|summary|highlights)\b", re.I)


def concept_queries(chunk: Chunk, document: DocumentInfo, rng: random.Random, *, limit: int = 2) -> list[Query]:
    """Questions about the named metrics (:data:`CONCEPTS`) whose inputs the chunk's statement rows hold."""
    statement = statement_name(chunk.heading)
    if not statement or _SUMMARY_TABLE.search(chunk.heading):
        return []
    rows = table_rows(chunk)
    matching = []
    for concept in (c for c in CONCEPTS if c.statement == statement):
        anchor = next((r for r in rows if concept.inputs.search(r.label)), None)  # the row whose year is asked
        if anchor is not None:
            matching.append((concept, anchor))
    if not matching:
        return []
    company = short_company(document)
    periods = period_phrases(document)
    queries = []
    for concept, row in rng.sample(matching, min(limit, len(matching))):
        period = f"FY{max(row.years)}" if row.years else (rng.choice(periods) if periods else "")
        name = f"{concept.name} ({concept.short})" if concept.short and rng.random() < 0.5 else concept.name
        where = rng.choice(STATEMENT_SYNONYMS[statement])
        templates = [
            f"What is {company}'s {period} {name}?",
            f"What is the {period} {name} for {company}? {concept.name[:1].upper()}{concept.name[1:]} is defined as: "
            f"{concept.definition}. Round your answer to two decimal places.",
            f"Based on the {where}, what is {company}'s {name} for {period}?",
            f"Does {company} have an improving {concept.name} as of {period}?",
            f"{company} {concept.short or concept.name} {period}",
            f"Using the {where}, calculate {company}'s {period} {name}: {concept.definition}.",
        ]
        text = re.sub(r"\s+", " ", rng.choice(templates)).strip()
        queries.append(Query(text.replace(" ?", "?"), "concept"))
    return queries


def metric_queries(chunk: Chunk, document: DocumentInfo, rng: random.Random, *, max_rows: int = 3) -> list[Query]:
    """Metric look-ups from the chunk's table rows: row label x column year, or the filing's own period.

    A row with known column years asks for one of those years (the value is in the passage); a row without a header
    in the chunk asks for the filing's period, which the passage label carries.
    """
    rows = [r for r in table_rows(chunk) if _is_metric_label(r.label)]
    if not rows:
        return []
    company = short_company(document)
    periods = period_phrases(document)
    statement = statement_name(chunk.heading)
    # Totals and well-known lines are what people ask for; prefer them, then fill at random.
    rows.sort(key=lambda r: (not re.match(r"(total|net)\b", r.label, re.I), abbreviate(r.label) is None))
    chosen = rows[:1] + rng.sample(rows[1:], min(len(rows) - 1, max_rows - 1))
    queries: list[Query] = []
    for row in chosen:
        metric = _metric(row.label)
        if row.years:
            year = rng.choice(row.years)
            templates = [
                f"What was {company}'s {metric} in FY{year}?",
                f"{metric} {year}",
                f"{company} {metric} {year}",
                f"How much was {metric} for {company} in fiscal {year}?",
                f"{metric} {company} FY{year}",
            ]
            # No ticker variant: passages do not carry tickers (the search maps a ticker to its company's filter).
            templates.extend(_analyst_templates(company, metric, year, statement, rng))
        elif periods:
            period = rng.choice(periods)
            templates = [f"{company} {metric} {period}", f"What was {company}'s {metric} in {period}?",
                         f"{metric} {period}", f"What is {company}'s {period} {metric}? Answer in USD millions."]
        else:
            templates = [f"{company} {metric}", f"What was {company}'s {metric}?"]
        text = rng.choice(templates)
        queries.append(Query(text, "metric"))
        short = abbreviate(text)
        if short:
            queries.append(Query(short, "abbreviation"))
    queries.extend(_two_row_queries(rows, company, statement, rng))
    return queries


def _analyst_templates(company: str, metric: str, year: int, statement: str, rng: random.Random) -> list[str]:
    """Look-ups phrased the way analysts brief an assistant: units, rounding, and the statement to rely on."""
    unit = rng.choice(["Answer in USD millions.", "(in USD millions)", "Round to two decimal places.", ""])
    templates = [f"What is the FY{year} {metric} for {company}? {unit}"]
    if statement:
        statement = rng.choice(STATEMENT_SYNONYMS[statement])
        templates += [
            f"What is the FY{year} {metric} for {company} based on the {statement}?",
            f"Using the {statement}, what was {company}'s FY{year} {metric}? {unit}",
            f"Based on the information in the {statement}, how much {metric} did {company} report in FY{year}?",
            f"What is {company}'s FY{year} {metric}? Base your answer on the {statement}.",
        ]
    return [t.strip() for t in templates]


def _two_row_queries(rows: list[TableRow], company: str, statement: str, rng: random.Random) -> list[Query]:
    """A ratio of two rows, or a change across two column years, of the chunk's own table.

    Analysts rarely ask for a single cell; they ask for margins, ratios and year-over-year changes, and the passage
    that answers them is the table holding the inputs.
    """
    with_years = [r for r in rows if len(r.years) >= 2]
    if not with_years:
        return []
    first = rng.choice(with_years)
    newer, older = sorted(rng.sample(first.years, 2), reverse=True)
    metric = _metric(first.label)
    where = f" Use the {statement}." if statement else ""
    others = [r for r in with_years if r.label != first.label and r.years == first.years]
    if others and rng.random() < 0.5:
        second = _metric(rng.choice(others).label)
        text = rng.choice([f"What is {company}'s FY{newer} ratio of {metric} to {second}? Round to two decimal "
                           f"places.{where}",
                           f"What is the FY{newer} {metric} as a percentage of {second} for {company}?{where}"])
        return [Query(text, "ratio")]
    text = rng.choice([f"What is the year-over-year change in {metric} for {company} from FY{older} to FY{newer}?"
                       f"{where}",
                       f"Did {company}'s {metric} increase or decrease between FY{older} and FY{newer}?",
                       f"By how much did {company}'s {metric} change from {older} to {newer} (in percent)?"])
    return [Query(text, "change")]


def abbreviation_queries(chunk: Chunk, document: DocumentInfo, rng: random.Random) -> list[Query]:
    """Shorthand queries for prose that spells a term out ("research and development" -> "Nike R&D FY2022")."""
    if chunk.is_table:
        return []  # table rows get their abbreviations from metric_queries
    company = short_company(document)
    periods = period_phrases(document) or [""]
    for pattern, short in _ABBREVIATION_RES:
        if pattern.search(chunk.text):
            text = rng.choice([f"{company} {short} {rng.choice(periods)}", f"{short} {company}",
                               f"What did {company} say about {short} in {rng.choice(periods)}?"])
            return [Query(re.sub(r"\s+", " ", text.replace(" in ?", "?")).strip(), "abbreviation")]
    return []


def _heading_topic(heading: str) -> str:
    """The most specific usable part of a chunk heading ("SECTION / Subheading" -> "subheading"), else ""."""
    for part in reversed([p.strip() for p in heading.split(" / ") if p.strip()]):
        words = re.findall(r"[A-Za-z][A-Za-z&'-]+", part)
        long_words = [w.lower() for w in words if len(w) >= 3]
        # Column-header fragments ("FISCAL FISCAL % CURRENCY"), form furniture ("(Mark One)", "2022 FORM 10-K 21")
        # and numbered clauses ("1. DEFINITIONS") are not topics anyone searches for.
        if (2 <= len(words) <= 10 and len(set(long_words)) == len(long_words) >= 2
                and words[-1].lower() not in _STOPWORDS and not re.search(r"[%()]|\.\.|form 10-[kq]", part, re.I)
                and not re.match(r"(table of contents|part [iv]+|item \d|\d)", part, re.I)):
            # "NOTE 6 — FAIR VALUE MEASUREMENTS" / "ITEM 7. MD&A" -> the title alone
            topic = re.sub(r"^(note|item)\s+\w+\.?\s*[—–:-]?\s*", "", part, flags=re.I).strip(" :•-–—")
            return topic.lower() if topic.isupper() or topic.istitle() else topic
    return ""


def heading_queries(chunk: Chunk, document: DocumentInfo, rng: random.Random) -> list[Query]:
    """Definition / disclosure questions from the chunk's heading ("What does Nike say about inventories?")."""
    topic = _heading_topic(chunk.heading)
    if not topic:
        return []
    company = short_company(document)
    periods = period_phrases(document) or [""]
    templates = [f"What does {company} say about {topic}?", f"{company} {topic}",
                 f"{topic} {company} {rng.choice(periods)}", f"How does {company} describe its {topic}?"]
    statement = statement_name(topic)
    if statement:
        templates.append(f"{company} {statement} {rng.choice(periods)}")
    return [Query(re.sub(r"\s+", " ", rng.choice(templates)).strip(), "heading")]


def _sentences(text: str) -> list[str]:
    joined = re.sub(r"\s+", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.;])\s+(?=[A-Z(])", joined) if 40 <= len(s.strip()) <= 600]


def _key_phrase(sentence: str, rng: random.Random) -> str:
    """A 2-5 word content phrase of the sentence (its words appear verbatim in the passage)."""
    words = re.findall(r"[A-Za-z][A-Za-z&'-]*", sentence)
    runs: list[list[str]] = []
    current: list[str] = []
    for word in words:
        if word.lower() in _STOPWORDS or word.lower() in {"risk", "risks", "expect", "expects", "expected",
                                                          "outlook", "guidance", "adversely", "affect", "we", "us"}:
            if len(current) >= 2:
                runs.append(current)
            current = []
        else:
            current.append(word)
    if len(current) >= 2:
        runs.append(current)
    if not runs:
        return ""
    runs.sort(key=len, reverse=True)
    run = rng.choice(runs[:3])[:5]
    return " ".join(run).lower()


def risk_queries(chunk: Chunk, document: DocumentInfo, rng: random.Random) -> list[Query]:
    """Risk and forward-looking questions from sentences that say "risk", "expect", "outlook", "guidance"...."""
    if chunk.is_table:
        return []
    company = short_company(document)
    periods = period_phrases(document) or [""]
    for sentence in _sentences(chunk.text):
        risk = _RISK_WORDS.search(sentence)
        outlook = _OUTLOOK_WORDS.search(sentence)
        if not (risk or outlook):
            continue
        phrase = _key_phrase(sentence, rng)
        if not phrase:
            continue
        if risk:
            templates = [f"What risks does {company} face from {phrase}?", f"{company} risk {phrase}",
                         f"How could {phrase} adversely affect {company}?"]
            kind = "risk"
        else:
            templates = [f"What does {company} expect for {phrase}?", f"{company} outlook {phrase}",
                         f"{company} guidance on {phrase} {rng.choice(periods)}"]
            kind = "outlook"
        return [Query(re.sub(r"\s+", " ", rng.choice(templates)).strip(), kind)]
    return []


GENERATORS = (concept_queries, metric_queries, abbreviation_queries, heading_queries, risk_queries)


def generate_queries(chunk: Chunk, document: DocumentInfo, rng: random.Random) -> list[Query]:
    """All rule-based queries for one chunk, de-duplicated in order (metric look-ups first)."""
    seen: set[str] = set()
    queries: list[Query] = []
    for generator in GENERATORS:
        if generator is heading_queries and queries:
            continue  # a chunk with table look-ups or shorthand needs no vaguer "what does X say about" question
        for query in generator(chunk, document, rng):
            key = normalize_query(query.text)
            if key and key not in seen:
                seen.add(key)
                queries.append(query)
    return queries


def normalize_query(text: str) -> str:
    """Key for de-duplication: lower case, punctuation and extra spaces removed."""
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9&%$ ]+", " ", text.lower())).strip()
