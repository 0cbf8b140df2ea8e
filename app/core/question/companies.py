"""Companies a question names, matched against the names and tickers the library itself holds (never a fixed list).

:func:`company_aliases` builds the alias table from the library's documents (cover names, file-name names, tickers,
and the short names analysts use for well-known companies); :func:`detect_companies` finds them in a question.
Moved here from ``app.core.query``: the question package is the one reader of question text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.finance.company_names import SHORT_NAMES, normalize_company
from app.core.records import DocumentInfo


@dataclass
class CompanyAliases:
    """Names a library document's company can be called by, derived from the document itself."""

    # Every spelling the library's documents use for this company ("Johnson & Johnson" on a 10-K's cover, "Johnson
    # Johnson" from an earnings release's file name): a company filter must match all of them. The first is shown.
    names: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)  # squashed lower-case forms ("activisionblizzard")
    tickers: set[str] = field(default_factory=set)  # case-sensitive ("ATVI")


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


def company_spans(question: str, aliases: list[CompanyAliases]) -> list[tuple[int, int]]:
    """Character spans of the company mentions :func:`detect_companies` finds (names with their possessive "'s",
    tickers), so the rest of the question can be read without them."""
    words = list(re.finditer(r"[A-Za-z0-9]+", question))
    known = set().union(*(entry.aliases for entry in aliases)) if aliases else set()
    tickers = set().union(*(entry.tickers for entry in aliases)) if aliases else set()
    spans: list[tuple[int, int]] = []
    for start in range(len(words)):
        joined, best = "", -1
        first = words[start].group(0)
        for end in range(start, min(start + 6, len(words))):
            joined += words[end].group(0).lower()
            if len(joined) < 3 and not first.isupper():
                continue
            if (end > start or any(c.isupper() or c.isdigit() for c in first)) and (
                    joined in known or (joined.endswith("s") and joined[:-1] in known)):
                best = end
        if best < 0 and 2 <= len(first) <= 5 and first.upper() in tickers and sum(c.isupper() for c in first) >= 2:
            best = start
        if best >= 0:
            end_char = words[best].end()
            if question[end_char:end_char + 2] in ("'s", "’s"):
                end_char += 2
            spans.append((words[start].start(), end_char))
    return spans
