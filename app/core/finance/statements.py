"""The financial statements: their titles in filings and the names analysts call them by.

A filing titles its statements "Consolidated Statements of Operations" or "CONSOLIDATED BALANCE SHEETS"; analysts ask
about "the income statement", "the P&L" or "the statement of financial position". Chunking uses
:data:`STATEMENT_TITLE` to start a section at a statement; query understanding turns the names a question uses into
keywords (:data:`STATEMENT_HINTS`); training names a statement heading the way analysts do
(:func:`statement_name`, :data:`STATEMENT_SYNONYMS`).
"""

from __future__ import annotations

import re

#: A statement's title, in any case: "Consolidated Balance Sheets", "CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS".
#: Chunking starts a section at one (a title-case balance sheet once inherited the auditor's report as its heading).
STATEMENT_TITLE = re.compile(
    r"^(?:(?:condensed|consolidated|combined)\s+)*(?:balance\s+sheets?|statements?\s+of\s+\S.*)$", re.I)

#: Phrases of a question that point at a statement (patterns, matched ignoring case) → the keywords that find it.
#: Query understanding keeps them as retrieval hints even when the sentence around them is boilerplate.
STATEMENT_HINTS: dict[str, str] = {
    r"statement of income|income statement|statements? of operations|p&l": "statement of operations income",
    r"statement of financial position|balance sheet": "balance sheet",
    r"cash ?flow statement|statement of cash flows?": "statement of cash flows",
    r"statement of (shareholders'?|stockholders'?) equity": "statement of shareholders equity",
}

#: The three primary statements as analysts name them, found from a heading's title (first match wins).
_STATEMENT_NAMES = [
    (re.compile(r"statements? of cash flows?|cash flows? statements?", re.I), "cash flow statement"),
    (re.compile(r"balance sheets?|statements? of financial (position|condition)", re.I), "balance sheet"),
    (re.compile(r"statements? of (consolidated )?(operations|income|earnings)", re.I), "income statement"),
]

#: Other names analysts use for each statement; a synthetic query may use any of them, whatever the filing's title.
STATEMENT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "cash flow statement": ("cash flow statement", "statement of cash flows"),
    "balance sheet": ("balance sheet", "statement of financial position"),
    "income statement": ("income statement", "statement of income", "statement of operations", "P&L statement"),
}

#: Every name of every statement (for finding a statement named in free text).
STATEMENT_NAMES = tuple(name for names in STATEMENT_SYNONYMS.values() for name in names)


def is_statement_title(text: str) -> bool:
    """Whether a heading is a financial statement's title ("Consolidated Statements of Cash Flows")."""
    return bool(STATEMENT_TITLE.match(text))


def statement_name(heading: str) -> str:
    """"cash flow statement" / "balance sheet" / "income statement" for a statement heading, else ""."""
    for pattern, name in _STATEMENT_NAMES:
        if pattern.search(heading):
            return name
    return ""
