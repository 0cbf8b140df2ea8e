"""Metric questions over a whole library: which filing to compute from, the computed answer, the pages to boost.

The answer engine (no-LLM path: the computed answer first) and the search (a metric question boosts the statement
pages holding its inputs) call these; the ``metric`` command does too. They read the library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.core.figures.answers import MetricAnswer, MetricQuery, answer_metric, mention_length, query_from
from app.core.figures.concepts import facts_for
from app.core.finance.company_names import normalize_company, short_company
from app.core.finance.metrics import BY_NAME, METRICS, Metric
from app.core.ingest.statements.model import Statements
from app.core.question import Question, company_aliases, detect_companies, understand
from app.core.records import DocumentInfo


@dataclass
class ComputedAnswer:
    """A metric answer and the filing it was computed from (None when the question was not understood in full: the
    answer then says which part, and no filing was read)."""

    document: DocumentInfo | None
    answer: MetricAnswer


def candidate_documents(documents: list[DocumentInfo], year: int, *, company: str | None = None,
                        text: str = "", quarter: int | None = None,
                        named: tuple[str, ...] | None = None) -> list[DocumentInfo]:
    """The filings to compute from, best first: the company's (named, or found in ``text``, or the question record's
    ``named`` companies), the asked year's own filing first (its statements report that year), then 10-Ks, then
    newer filings.

    Returns an empty list when no company is named or found and the library holds several companies.
    """
    # The search's alias table: cover names, file-name names and tickers ("Amazon" finds "Amazon.com, Inc").
    aliases = company_aliases(documents)
    if company:
        names = set(detect_companies(company, aliases, any_case=True))
        key = normalize_company(company)
        documents = [d for d in documents if d.company in names or (key and normalize_company(d.company) == key)]
    else:
        names = set(named) if named is not None else set(detect_companies(text, aliases))
        if names:
            documents = [d for d in documents if d.company in names]
        elif len({normalize_company(d.company) for d in documents}) > 1:
            return []
    if quarter:
        # A quarter's figures come from the filing of that quarter (10-Q or earnings release).
        return [d for d in documents if d.fiscal_period.upper() == f"Q{quarter} FY{year}"]
    return sorted(documents, key=lambda d: (d.fiscal_year != year, d.form_type != "10-K", -(d.fiscal_year or 0)))


def compute(library: Any, question: str, *, company: str | None = None, year: int | None = None,
            documents: list[DocumentInfo] | None = None) -> ComputedAnswer | None:
    """Answer a metric question from the statements of the library's filings.

    Args:
        library: the library (``list_documents`` and ``statements``).
        question: the question or a metric name ("quick ratio").
        company: the company (name or ticker), else the one the question names.
        year: the fiscal year, else the one the question names.
        documents: compute from these documents only (a search filter's), in this order.
    Returns:
        The first filing's computed answer, or — when no filing holds every input — the best filing's answer with
        its ``error``; None when the question names no known metric or year, or no filing matches.
    """
    listed = library.list_documents() if documents is None else documents
    record = understand(question, company_aliases(listed))
    return compute_asked(library, record, company=company, year=year, documents=documents, listed=listed)


def compute_asked(library: Any, question: Question, *, company: str | None = None, year: int | None = None,
                  documents: list[DocumentInfo] | None = None,
                  listed: list[DocumentInfo] | None = None) -> ComputedAnswer | None:
    """:func:`compute` for a question already understood (its record); ``listed``: the library's documents."""
    query = query_from(question, year=year)
    if query is None:
        return None
    if query.not_understood and not query.line:
        return ComputedAnswer(None, answer_metric(Statements(), query))
    candidates = documents if documents is not None else candidate_documents(
        listed if listed is not None else library.list_documents(), query.years[-1], company=company,
        quarter=query.quarter, named=question.companies)
    first: ComputedAnswer | None = None
    for document in candidates:
        answer = answer_metric(Statements.from_payload(library.statements(document.doc_id)), query)
        answer.company = short_company(document.company) if document.company else ""
        if answer.value is not None:
            return ComputedAnswer(document, answer)
        first = first or ComputedAnswer(document, answer)
    if query.not_understood:  # no filing prints a line of that name either: the part not understood, no document
        return ComputedAnswer(None, answer_metric(Statements(), query))
    return first


def evidence_pages(statements: Statements, query: MetricQuery) -> dict[int, float]:
    """Pages of a filing's statements that hold the inputs of a metric, weighted by how many inputs each holds.

    For retrieval: a metric question can boost these pages of the filing, whether or not every input is found.
    """
    pages: dict[int, float] = {}
    for concept in metric_concepts(query.metric):
        seen: set[int] = set()
        for fact in facts_for(statements, concept):
            if fact.period.fiscal_year in query.years and fact.page not in seen:
                seen.add(fact.page)
                pages[fact.page] = pages.get(fact.page, 0.0) + 1.0
                break  # the best-named row only
    for page in stated_pages(statements, query):
        pages[page] = pages.get(page, 0.0) + 1.0
    return pages


def stated_pages(statements: Statements, query: MetricQuery) -> list[int]:
    """Pages where a filing states a derived metric itself, for the years asked: a summary table's "Effective tax
    rate" or "Gross margin" row. Many filings report their ratios and margins beside the statements' lines."""
    if query.metric not in METRICS:  # a line item: its statement row is the statement page already
        return []
    found: list[int] = []
    for table in statements.tables:
        if table.page in found or not {c.fiscal_year for c in table.columns if c is not None} & set(query.years):
            continue
        # A row label is the filing's own spelling: lower case is all it needs (no shorthand to rewrite).
        if any(row.cells and mention_length(query.metric, row.label.lower()) for row in table.rows):
            found.append(table.page)
    return found


def metric_concepts(metric: Metric) -> list[str]:
    """The concepts a metric's formulas read (in the order they appear)."""
    names = re.findall(r"[a-z_]+", " ".join((metric.expression, *metric.alternatives)))
    return list(dict.fromkeys(n for n in names if n in BY_NAME))
