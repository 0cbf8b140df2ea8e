"""Which tables are a filing's primary statements, and which are notes' tables or MD&A summaries.

Extraction finds every table titled like a statement, but a 10-K also prints statement-like tables elsewhere: a
note's "Derivatives by balance sheet location", "Gross amounts not offset in the balance sheet", the MD&A's "Key
balance sheet data" or "Selected financial data", the parent company's condensed statements (Schedule I). Each
table gets a role:

* ``primary`` — the income statement, balance sheet, cash flow statement, equity and comprehensive income statements
  of the filer itself;
* ``summary`` — a table that summarises statements: MD&A and selected-data tables, highlights, quarterly data;
* ``note`` — any other table: a note's detail, a schedule, a footnote table under a statement, an untitled table.

The decision is made from generic structure, never from a particular filing's wording:

1. the title: summary words ("data", "selected", "highlights"), note words ("location", "components", "not offset",
   "parent company only"), a title that names the statement as a place ("… in the balance sheet") or ends in ":"
   (a lead-in to a table, not a title);
2. the line items: a balance sheet has total assets and total liabilities and equity; an income statement revenue and
   net income; a cash flow statement at least two of operating, investing and financing activities; an equity
   statement opening and closing balances; a comprehensive income statement a comprehensive income line — each
   judged over the statement's pages together (a balance sheet printed over two pages), with enough lines;
3. where the table is: a table inside the MD&A section (Item 7, or Item 2 of a 10-Q) is a summary when the document
   has a financial statements section (Item 8, or Item 1 of a 10-Q) of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the model imports this module to classify old payloads; types only here
    from app.core.ingest.statements.model import Table

PRIMARY, NOTE, SUMMARY = "primary", "note", "summary"
ROLES = (PRIMARY, SUMMARY, NOTE)  # the order a Statements picker groups them in
ROLE_TITLES = {PRIMARY: "Financial statements", SUMMARY: "Summaries (MD&A, selected data)",
               NOTE: "Notes and other tables"}
PRIMARY_KINDS = ("income", "comprehensive", "balance", "cash_flow", "equity")

_SUMMARY_WORDS = re.compile(r"\b(data|selected|summary|summari[sz]ed|highlights|key|overview|five[- ]year|quarterly "
                            r"(financial|results)|supplementary)\b", re.I)
_NOTE_WORDS = re.compile(r"\b(locations?|components?|details?|not offset|gross amounts|offsetting|fair values?|"
                         r"derivatives?|reconciliations?|schedule|roll-?forward|activity|segments?|supplemental|"
                         r"aoci|accumulated other|reclassifications?|parent company|registrant|"
                         r"guarantor|disaggregat\w*|by (type|category|product|region|geograph\w*))\b", re.I)
# "… in the consolidated balance sheets", "amounts recognized on the balance sheet": the statement as a place.
_STATEMENT_AS_PLACE = re.compile(r"\b(in|on|within|to|from)\s+(the\s+|our\s+)?(condensed\s+)?(consolidated\s+)?"
                                 r"(balance\s+sheets?|statements?\s+of)", re.I)
_PARENT_ONLY = re.compile(r"^parent company only:", re.I)
_NOTE_HEADING = re.compile(r"^note\s+\d+\b", re.I)  # "Note 10 – Segment Information and Geographic Data"
_PARENTHETICAL = re.compile(r"\([^)]*\)|\([^)]*$")  # "(in millions, except per share data)", "(Unaudited)", "(exce"

# Line items, on labels in lower case with plain quotes.
_TOTAL_ASSETS = re.compile(r"^total assets\b")
_TOTAL_L_AND_E = re.compile(r"^total liabilities\b.*\b(equity|deficit|capital|investment|net worth|net assets)\b")
_TOTAL_LIABILITIES = re.compile(r"^total liabilities$")
_TOTAL_EQUITY = re.compile(r"^total\b.*\b(equity|deficit|capital|investment)\b")
_REVENUE = re.compile(r"\b(revenues?|sales|premiums|interest income|interest and dividend income)\b")
_NET_INCOME = re.compile(r"\bnet (income|earnings|loss|\(loss\)|\(income\)|profit)|\bnet \w+ (income|earnings|loss)\b"
                         r"|\b(income|earnings|loss) from continuing operations\b|^net (income|earnings)")
_ACTIVITIES = {name: re.compile(rf"\b{name}\b") for name in ("operating", "investing", "financing")}
_BALANCE_ROW = re.compile(r"^(balances?|beginning balances?|ending balances?)\b"
                          r"|\b(beginning|end) of (the )?(year|period)\b|^balance,")
_COMPREHENSIVE = re.compile(r"\bcomprehensive (income|loss|earnings)\b")
MIN_LINES = {"income": 6, "balance": 10, "cash_flow": 8, "equity": 5, "comprehensive": 3}
SMALL_SEGMENT = 6  # a table of fewer lines under a statement on its page is a footnote table of it

# Section headings of a 10-K or 10-Q ("Item 8. Financial Statements and Supplementary Data").
_ITEM = re.compile(r"^\s*item\s*(\d{1,2}[a-c]?)\s*[.:\-–—]?\s*(.*)$", re.I)
_STATEMENTS_HEADING = re.compile(r"^((condensed |consolidated )*financial statements|consolidated financial)", re.I)
_MDNA_HEADING = re.compile(r"^(management['’]?s discussion|selected (consolidated )?financial data)", re.I)
TOC_ITEMS = 4  # a page naming this many items is a table of contents, not a section's start


class _Row(Protocol):
    page: int
    text: str


@dataclass
class Sections:
    """Where a filing's parts begin: each page's section ("statements", "mdna", "other"), from its Item headings."""

    by_page: dict[int, str] = field(default_factory=dict)

    def of(self, page: int) -> str:
        """The section a page is in ("" before the first heading, or when the document has none)."""
        starts = [p for p in self.by_page if p <= page]
        return self.by_page[max(starts)] if starts else ""

    @property
    def has_statements(self) -> bool:
        """Whether the document has a financial statements section (Item 8, or Item 1 of a 10-Q)."""
        return "statements" in self.by_page.values()


def document_sections(rows: Iterable[_Row]) -> Sections:
    """The sections of a document from its rows: a heading row "Item N. Title" (or "Item N." with the title on the
    next row) starts a section; pages that name several items (the table of contents) are skipped."""
    by_page_rows: dict[int, list[str]] = {}
    for row in rows:
        by_page_rows.setdefault(row.page, []).append(row.text.strip())
    sections: dict[int, str] = {}
    for page in sorted(by_page_rows):
        texts = by_page_rows[page]
        headings = []
        for i, text in enumerate(texts):
            match = _ITEM.match(text)
            if not match or len(text) > 120:
                continue
            title = match.group(2) or (texts[i + 1] if i + 1 < len(texts) else "")
            headings.append((match.group(1).lower(), title))
        if len(headings) >= TOC_ITEMS or not headings:
            continue
        number, title = headings[-1]
        if number in ("8", "1") and _STATEMENTS_HEADING.match(title):
            sections[page] = "statements"
        elif number in ("7", "2", "6") and _MDNA_HEADING.match(title):
            sections[page] = "mdna"
        else:
            sections[page] = "other"
    return Sections(sections)


def classify_tables(tables: Sequence[Table], sections: Sections | None = None) -> None:
    """Set each table's ``role`` (:data:`PRIMARY`, :data:`SUMMARY` or :data:`NOTE`) in place."""
    sections = sections or Sections()
    for group in _statement_groups(tables):
        labels = [label for table in group for label in _labels(table)]
        whole = _has_structure(group[0].kind, labels)
        for position, table in enumerate(group):
            table.role = _role(table, sections, whole, first=position == 0
                               or table.page != group[position - 1].page)


def _role(table: Table, sections: Sections, whole_structure: bool, *, first: bool) -> str:
    """One table's role, given whether its statement (all its pages) has the structure of its kind."""
    if any(row.concept for row in table.rows):
        return PRIMARY  # the facts a filing tagged (inline XBRL) are its statements' own
    title = _PARENTHETICAL.sub(" ", _PARENT_ONLY.sub("", table.title)).strip()
    if _NOTE_HEADING.match(title):
        return NOTE
    if _SUMMARY_WORDS.search(title):
        return SUMMARY
    in_mdna = sections.has_statements and sections.of(table.page) == "mdna"
    other = SUMMARY if in_mdna else NOTE
    # An untitled table (named by the lines it holds) is not a statement: a statement prints its title.
    if table.kind not in PRIMARY_KINDS or not table.titled or _PARENT_ONLY.match(table.title) or in_mdna:
        return other
    if _NOTE_WORDS.search(title) or _STATEMENT_AS_PLACE.search(title) or title.rstrip().endswith(":"):
        return other
    if not whole_structure:
        return other
    # A small table under the statement on the same page ("(1) Includes stock-based expense as follows:").
    if not first and len(table.rows) < SMALL_SEGMENT and not _has_structure(table.kind, _labels(table)):
        return other
    return PRIMARY


def _statement_groups(tables: Sequence[Table]) -> list[list[Table]]:
    """Tables that are one statement: the same kind and title (less "continued"), on the same or the next page."""
    groups: list[list[Table]] = []
    for table in sorted(tables, key=lambda t: t.page):
        for group in groups:
            last = group[-1]
            if last.kind == table.kind and table.page - last.page in (0, 1) \
                    and _bare_title(last.title) == _bare_title(table.title):
                group.append(table)
                break
        else:
            groups.append([table])
    return groups


def _bare_title(title: str) -> str:
    return re.sub(r"\W+", " ", re.sub(r"\(?continued\)?", "", title, flags=re.I)).strip().lower()


def _labels(table: Table) -> list[str]:
    """The table's line items (and section headings) as the structure tests read them."""
    result = []
    for row in table.rows:
        for text in (row.label, row.section):
            text = text.replace("’", "'").replace("\u00a0", " ").lower()
            text = re.sub(r"\s+", " ", re.sub(r"\(\d\)|\*+", "", text)).strip(" :.")
            if text:
                result.append(text)
    return result


def _has_structure(kind: str, labels: list[str]) -> bool:
    """Whether these line items make a complete statement of ``kind``."""
    lines = len(set(labels))
    if lines < MIN_LINES.get(kind, 0):
        return False
    if kind == "balance":
        assets = any(_TOTAL_ASSETS.search(t) for t in labels)
        liabilities_and_equity = any(_TOTAL_L_AND_E.search(t) for t in labels) or (
            any(_TOTAL_LIABILITIES.search(t) for t in labels) and any(_TOTAL_EQUITY.search(t) for t in labels))
        return assets and liabilities_and_equity
    if kind == "income":
        return any(_REVENUE.search(t) for t in labels) and any(_NET_INCOME.search(t) for t in labels)
    if kind == "cash_flow":
        return sum(any(p.search(t) for t in labels) for p in _ACTIVITIES.values()) >= 2
    if kind == "equity":
        return sum(1 for t in labels if _BALANCE_ROW.search(t)) >= 2
    if kind == "comprehensive":
        return any(_COMPREHENSIVE.search(t) for t in labels)
    return False
