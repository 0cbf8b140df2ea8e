"""The words of metric phrases: concept and metric terms (from :mod:`app.core.finance.metrics`), operators, modes.

:func:`tokens` reads a metric phrase into :class:`Token` objects, longest term first ("cost of goods sold" is one
term, not "cost", "goods", "sold"). A word that is neither a term, an operator, a mode word nor filler stays a
``word`` token: the grammar reports it as not understood, so no figure is given for a question FinLens did not read
in full. Capitalised words outside the lexicon are names (a company: "ACME's", "Best Buy").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from app.core.finance.abbreviations import normalise_spellings
from app.core.finance.metrics import BY_NAME, CONCEPTS, METRICS

# Operators as analysts write them. "to" divides ("debt to equity", "ratio of A to B"); period ranges ("from FY2021
# to FY2023") are read and blanked before the metric phrase is, so their "to" never gets here.
_OPERATORS: dict[str, str] = {
    "plus": "+", "+": "+", "added to": "+",
    "less": "-", "minus": "-", "-": "-", "subtracted by": "-",
    "times": "*", "*": "*", "x": "*", "multiplied by": "*",
    "/": "/", "divided by": "/", "over": "/", "per": "/", "per dollar of": "/", "to": "/", "cover": "/",
    "covers": "/", "covered": "/", "relative to": "/",
    "as a percentage of": "%", "as a percent of": "%", "as percent of": "%", "as percentage of": "%",
    "percent of": "%", "percentage of": "%", "as a proportion of": "%", "as a share of": "%",
    "as a fraction of": "%", "as a portion of": "%", "as proportion of": "%", "as share of": "%", "share of": "%",
    "proportion of": "%", "portion of": "%", "fraction of": "%",
    "(": "(", ")": ")", "=": "=", "and": "and",
    # "COGS % margin", "R&D margin": a line item over revenue (a named margin is a term of its own: "gross margin").
    "margin": "margin", "margin percentage": "margin", "margin percent": "margin",
}
# Words that name how a metric is asked over time or across terms.
_PREFIXES: dict[str, str] = {
    "ratio of": "ratio", "ratio between": "ratio", "sum of": "sum", "total of": "sum", "combined": "sum",
    "difference between": "diff", "difference of": "diff", "average": "avg", "avg": "avg", "mean": "avg",
    "average of": "avg",
}
_MODES: dict[str, str] = {
    "year over year": "growth", "yoy": "growth", "y/y": "growth", "growth rate": "growth", "growth": "growth",
    "grow": "growth", "grew": "growth", "grown": "growth", "percent change": "growth", "percentage change": "growth",
    "pct change": "growth", "percent increase": "growth", "percentage increase": "growth",
    "percent decrease": "growth", "percentage decrease": "growth", "by what percent": "growth",
    "by what percentage": "growth", "change": "change", "changed": "change", "changes": "change",
    "change in": "change", "increase": "change", "increased": "change", "increase in": "change",
    "decrease": "change", "decreased": "change", "rise": "change", "rose": "change", "risen": "change",
    "fall": "change", "fell": "change", "fallen": "change", "decline": "change", "declined": "change", "drop": "change",
    "by how much": "change", "by how many percentage points": "change",
    "by how many points": "change", "difference in": "change", "improvement": "change", "improve": "change",
    "cagr": "cagr", "compound annual growth rate": "cagr", "compounded annual growth rate": "cagr",
    "compound annual growth": "cagr", "compound annual rate": "cagr", "compounded annual rate": "cagr",
    "annualized growth rate": "cagr", "annualised growth rate": "cagr",
    # The years added up: "cumulative capex over FY2021-FY2023", "adding up the three years, … in total".
    # ("in total" only at the end of a phrase, not before "total assets": :mod:`app.core.question.rewrites`.)
    "cumulative": "sum", "cumulatively": "sum", "aggregate": "sum",
    "adding up": "sum", "added up": "sum", "altogether": "sum", "all together": "sum", "summed": "sum",
}
# Words that carry no meaning for the figure: question words, verbs of reporting, articles, units already read.
FILLER = frozenset("""what which how much many was were is are be been being did does do has have had the a an its
their his her our company companys firm business of for in on at during by from with within into & amount amounts
figure figures value values level levels number total balance balances position size reported report reports record
recorded generate generated achieve achieved deliver delivered hold held carry carried carrying earn earned make made
pay paid stand stood sitting
spend spent spending post posted owe owed book booked show shown calculate compute determine find give tell me us
please approximately roughly about end ended ending year years fiscal fy period annual full as gaap unadjusted
dollar dollars usd $ metric measure ratio rate percent percentage out up it this that there here expense expenses
consolidated stated expressed basis attributable go went used use using get got come came represent represented
statement statements sheet according per se whats s inc incorporated corp corporation co ltd limited plc llc
holdings group based assume assuming given considering according note also then now kindly can could would will
should you provide identify state answer respond question information details data outlined provided primarily
clearly plainly mainly your my judgment judgement abilities ability knowledge following ends
shareholders stockholders shareowners investors owners returned outstanding""".split())
#: Words that qualify a figure in a way the statements do not: never taken for a company name, even capitalised.
QUALIFIERS = frozenset("""adjusted organic diluted basic segment core comparable underlying non pro forma recurring
excluding ex normalized normalised constant currency""".split())


# Phrases that qualify a figure beyond what the statements print, read as one part not understood.
_QUALIFYING_PHRASES = ("non gaap", "as defined by management", "defined by management", "as defined by the company",
                       "management's definition", "excluding special items", "excluding one time items",
                       "pro forma", "per unit", "same store", "comparable store")


@dataclass(frozen=True)
class Token:
    """A piece of a metric phrase: a ``term`` (metric or concept), ``op``, ``prefix``, ``mode``, ``number``, ``name``
    (a company) or an unknown ``word``; ``text`` is what the question wrote."""

    kind: str
    value: str
    text: str
    statement: str = ""  # for a term: the statement the question says to read it from ("cash_flow")


def normalise(text: str) -> str:
    """Lower case, one spelling of shorthand (PP&E, cash flow), "%" as a word, hyphens inside words as spaces."""
    text = normalise_spellings(text).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s*%\s*(?=margin)", " ", text, flags=re.I)  # "EBITDA % margin" is the EBITDA margin
    text = text.replace("%", " percent ")
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)
    # "net income attributable to Walmart": whose income it is, not a division ("to" divides elsewhere).
    text = re.sub(r"\battributable\s+to\b", "attributable", text, flags=re.I)
    return re.sub(r"\s&\s", " and ", text)  # "general & administrative"; "PP&E" and "S&P" keep theirs


_WORD = re.compile(r"\d+(?:\.\d+)?|[A-Za-z][A-Za-z0-9]*(?:[&/'][A-Za-z0-9]+)*'?|[+*/()=&$?,.:;\-]")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(normalise(text)) if w not in ",.:;?"]


def _key(word: str) -> str:
    word = word.lower()
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


@functools.cache
def _lexicon() -> tuple[dict[tuple[str, ...], tuple[str, str]], int]:
    table: dict[tuple[str, ...], tuple[str, str]] = {}

    def add(phrase: str, kind: str, value: str) -> None:
        key = tuple(_key(w) for w in _words(phrase))
        table.setdefault(key, (kind, value))

    for metric in METRICS:
        for phrase in (metric.name, *metric.terms):
            add(phrase, "term", metric.name)
    for concept in CONCEPTS:
        for phrase in concept.terms:
            add(phrase, "term", concept.name)
    for group, kind in ((_MODES, "mode"), (_PREFIXES, "prefix"), (_OPERATORS, "op")):
        for phrase, value in group.items():
            add(phrase, kind, value)
    for phrase in _QUALIFYING_PHRASES:
        add(phrase, "word", phrase)
    return table, max(len(key) for key in table)


_POSSESSIVES = frozenset({"its", "their", "own", "his", "her", "our"})


def _split_slashes(words: list[str], table: dict[tuple[str, ...], tuple[str, str]]) -> list[str]:
    """Words joined by a slash that the lexicon does not know as one ("capex/sales", "FCF/net income") as a
    division; one it knows ("d/e", "a/r", "y/y") stays whole."""
    split: list[str] = []
    for word in words:
        if "/" in word and (_key(word),) not in table:
            for index, part in enumerate(word.split("/")):
                split += (["/"] if index else []) + [part]
        else:
            split.append(word)
    return split


def tokens(text: str) -> list[Token]:
    """The metric phrase's tokens (filler dropped), longest lexicon match first."""
    table, longest = _lexicon()
    # "its own common stock", "their dividends": possessives never change the figure, and dropping them lets a
    # line's name match across them.
    words = [w for w in _split_slashes(_words(text), table) if _key(w) not in _POSSESSIVES]
    keys = [_key(w) for w in words]
    found: list[Token] = []
    name_at = -1  # the word position of the last name token, when it is the last token
    position = 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            entry = table.get(tuple(keys[position:position + size]))
            if entry is not None:
                if entry[0] == "term" and found and found[-1].kind == "name" and name_at == position - 1 \
                        and _qualifies(words[name_at]):
                    # "Services net sales", "Americas revenue": a capitalised word right before a line's name (not
                    # possessive) is a part of the business the totals are not. A company the question names is
                    # blanked before its words get here (the library's alias table).
                    found[-1] = Token("word", found[-1].text.lower(), found[-1].text)
                found.append(Token(entry[0], entry[1], " ".join(words[position:position + size])))
                position += size
                suffix = _label_suffix(keys, position, table, longest) if entry[0] == "term" and entry[1] in BY_NAME \
                    else 0
                if suffix:
                    # "receivables, net", "long-term debt, less current portion": the printed label's own suffix
                    found[-1] = replace(found[-1], text=" ".join([found[-1].text, *words[position:position + suffix]]))
                    position += suffix
                break
        else:
            word, key = words[position], keys[position]
            if re.fullmatch(r"\d+(?:\.\d+)?", word):
                found.append(Token("number", word, word))
            elif key in QUALIFIERS:
                found.append(Token("word", key, word))
            elif key in FILLER:
                pass
            elif word[:1].isupper():
                found.append(Token("name", word, word))
                name_at = position
            else:
                found.append(Token("word", key, word))
            position += 1
    return found


_SUFFIXES = (("less", "current", "portion"), ("excluding", "current", "portion"), ("net", "of", "current", "portion"),
             ("less", "current", "maturities"), ("excluding", "current", "maturities"), ("net",))


def _label_suffix(keys: list[str], position: int, table: dict[tuple[str, ...], tuple[str, str]], longest: int) -> int:
    """How many words at ``position`` are a printed label's suffix after a line's name ("receivables, net", "long-term
    debt, less current portion"), not the start of another term ("revenue, net income", "less current portion of
    long-term debt"): 0 when none."""
    for suffix in _SUFFIXES:
        end = position + len(suffix)
        if tuple(keys[position:end]) != suffix or (end < len(keys) and keys[end] == "of"):
            continue
        if not any(tuple(keys[position:position + size]) in table
                   for size in range(2, min(longest, len(keys) - position) + 1)):
            return len(suffix)
    return 0


def _qualifies(word: str) -> bool:
    return not re.search(r"'s?$", word)
