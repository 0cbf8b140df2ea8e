"""Dense, keyword and hybrid search over a library, with filters and finance query understanding.

Hybrid retrieval takes the top candidates of the dense (vector) and keyword (BM25, LanceDB native FTS) searches,
scores every candidate on both (the cosine is computed exactly for keyword-only candidates), and fuses
``dense_weight * cosine + keyword_weight * bm25 / max_bm25`` plus small document priors (the fiscal year and form
the question asks about). Score fusion beat reciprocal-rank fusion on the dev set: RRF throws away how *much* better
the top dense hit is. The weights are chosen by ``tests/benchmarks/tune_fusion.py`` on the dev set (see README):
the optimum is flat (keyword 0.2–0.3, year prior 0.06–0.1 all within one question of each other).

Companies named in a question (by name or ticker, as the library's own documents spell them) become a filter unless
the caller set one; fiscal years become a boost, not a filter, because the FY2019 figures also appear in the FY2020
filing's comparatives.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.core.embedding import OnnxEmbedder
from app.core.library import Library, chunk_from_row
from app.core.metadata import normalize_company
from app.core.query import CompanyAliases, ParsedQuery, company_aliases, detect_companies, parse_query
from app.core.records import DocumentInfo, SearchFilters, SearchHit

__all__ = ["METHODS", "Candidates", "FusionWeights", "SearchFilters", "SearchResponse", "Searcher", "make_snippet",
           "query_terms"]

METHODS = ("hybrid", "dense", "keyword")
_STOP = {"the", "a", "an", "of", "and", "or", "in", "on", "for", "to", "what", "was", "is", "are", "were", "by",
         "with", "as", "at", "from", "that", "this", "which", "how", "much", "did", "does", "do", "its", "it", "be",
         "their", "has", "have", "had", "between", "than", "more", "less", "per", "based", "company", "s"}


@dataclass
class FusionWeights:
    """Weights of hybrid fusion and document priors (chosen by measurement; see module docstring)."""

    dense: float = 1.0
    keyword: float = 0.3
    year_match: float = 0.1
    year_next: float = 0.0
    latest: float = 0.05
    form_match: float = 0.02
    form_named: float = 0.1
    candidates: int = 60


@dataclass
class SearchResponse:
    """Hits plus what the query was understood as and which filters were applied."""

    hits: list[SearchHit]
    parsed: ParsedQuery
    filters: SearchFilters
    auto_company_filter: bool = False


@dataclass
class Candidates:
    """First-stage results of a search, before fusion: rows with their dense and (normalised) keyword scores."""

    parsed: ParsedQuery
    filters: SearchFilters
    auto_company_filter: bool
    method: str
    understand: bool
    rows: list[dict[str, Any]]
    dense: np.ndarray
    keyword: np.ndarray


class Searcher:
    """Runs searches against one library with one embedder. Safe to share between threads."""

    def __init__(self, library: Library, embedder: OnnxEmbedder, weights: FusionWeights | None = None) -> None:
        self.library = library
        self.embedder = embedder
        self.weights = weights or FusionWeights()
        self._lock = threading.Lock()
        self._documents_version: int | None = None
        self._documents: dict[str, DocumentInfo] = {}
        self._aliases: list[CompanyAliases] = []

    def _refresh_documents(self) -> None:
        with self._lock:
            if self.library.documents_version() != self._documents_version:
                version, documents = self.library.documents_snapshot()
                self._documents = {d.doc_id: d for d in documents}
                self._aliases = company_aliases(list(self._documents.values()))
                self._documents_version = version

    @property
    def documents(self) -> dict[str, DocumentInfo]:
        """The library's documents by id (cached until the library changes)."""
        self._refresh_documents()
        return self._documents

    def understand(self, question: str) -> ParsedQuery:
        """Parse a question against this library's companies."""
        self._refresh_documents()
        return parse_query(question, self._aliases)

    def resolve_companies(self, text: str) -> list[str]:
        """Library company names matching what a user typed in a company field ("nike", "NKE", "Johnson & Johnson")."""
        self._refresh_documents()
        return detect_companies(text, self._aliases, any_case=True)

    def search(self, query: str, *, k: int = 10, filters: SearchFilters | None = None, method: str = "hybrid",
               understand: bool = True) -> SearchResponse:
        """Search the library.

        Args:
            query: the analyst's words (a keyword query or a full question).
            k: number of hits.
            filters: explicit filters; when no company is given, companies named in the query are used.
            method: "hybrid", "dense" or "keyword".
            understand: apply query understanding (cleaning, company filter, year/form priors, abbreviations).

        Returns:
            A :class:`SearchResponse` whose ``hits`` are sorted by score, best first.
        """
        return self.rank(self.candidates(query, filters=filters, method=method, understand=understand, k=k), k=k)

    def candidates(self, query: str, *, filters: SearchFilters | None = None, method: str = "hybrid",
                   understand: bool = True, k: int = 10) -> Candidates:
        """First stage: the union of the dense and keyword top candidates, each scored on both signals."""
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}")
        self._refresh_documents()
        parsed = parse_query(query, self._aliases) if understand else ParsedQuery(query, query, query)
        applied = SearchFilters(**{key: list(value) for key, value in (filters or SearchFilters()).__dict__.items()})
        auto_company = False
        if understand and not applied.companies and not applied.doc_ids and parsed.companies:
            applied.companies = parsed.companies
            auto_company = True
        result = Candidates(parsed, applied, auto_company, method, understand, [], np.zeros(0), np.zeros(0))
        if not query.strip() or not self.library.chunk_count():
            return result
        limit = max(k, self.weights.candidates)
        rows_by_id: dict[str, dict[str, Any]] = {}
        query_vector = self.embedder.embed_query(parsed.text) if method != "keyword" else None

        if query_vector is not None:
            for row in self.library.vector_search(query_vector, filters=applied, limit=limit):
                row["_score"] = 0.0
                rows_by_id[row["chunk_id"]] = row
        if method in ("hybrid", "keyword"):
            for row in self.library.keyword_search(parsed.keywords if understand else query, filters=applied,
                                                   limit=limit):
                if row["chunk_id"] in rows_by_id:
                    rows_by_id[row["chunk_id"]]["_score"] = row["_score"]
                else:
                    rows_by_id[row["chunk_id"]] = row
        rows = list(rows_by_id.values())
        if not rows:
            return result
        result.rows = rows
        if query_vector is not None:
            # Exact cosine for every candidate, keyword-only ones included (vectors are normalised).
            result.dense = np.asarray([r["vector"] for r in rows], dtype=np.float32) @ query_vector
        else:
            result.dense = np.zeros(len(rows), dtype=np.float32)
        keyword = np.asarray([r["_score"] for r in rows], dtype=np.float32)
        result.keyword = keyword / keyword.max() if keyword.max() > 0 else keyword
        return result

    def rank(self, candidates: Candidates, *, k: int = 10, weights: FusionWeights | None = None) -> SearchResponse:
        """Second stage: fuse the scores and build the hits (snippets, matched terms)."""
        weights = weights or self.weights
        response = SearchResponse([], candidates.parsed, candidates.filters, candidates.auto_company_filter)
        if not candidates.rows:
            return response
        if candidates.method == "dense":
            scores = candidates.dense.copy()
        elif candidates.method == "keyword":
            scores = candidates.keyword.copy()
        else:
            scores = weights.dense * candidates.dense + weights.keyword * candidates.keyword
        if candidates.understand:
            scores = scores + self._priors(candidates, weights)
        order = np.argsort(-scores, kind="stable")[:k]
        terms = query_terms(candidates.parsed.keywords)
        for index in order:
            row = candidates.rows[index]
            document = self._documents.get(row["doc_id"])
            if document is None:  # removed while we searched
                continue
            chunk = chunk_from_row(row)
            snippet, matched = make_snippet(chunk.text, terms)
            response.hits.append(SearchHit(chunk=chunk, document=document, score=float(scores[index]),
                                           snippet=snippet, matched_terms=matched,
                                           dense_score=float(candidates.dense[index]),
                                           keyword_score=float(candidates.keyword[index])))
        return response

    def _priors(self, candidates: Candidates, weights: FusionWeights) -> np.ndarray:
        """Document priors: the fiscal year and the kind of filing the question asks about.

        A question that names a year favours that year's filings (and, when it asks what is expected, the year
        before's, where the guidance was given); one that names no year favours each company's latest filings, the
        current state of affairs. A named form ("10-K") favours that form; otherwise a quarter in the question
        favours quarterly filings and its absence annual ones.
        """
        parsed = candidates.parsed
        target = parsed.target_year
        wants_quarter = parsed.quarter is not None
        documents = [self._documents.get(row["doc_id"]) for row in candidates.rows]
        # Each company's latest fiscal year among the candidates, by normalised name so that "Johnson & Johnson" and
        # "Johnson Johnson" share one latest filing; only undated questions need it.
        company_key: dict[str, str] = {}
        latest_year: dict[str, int] = {}
        if target is None:
            company_key = {d.doc_id: normalize_company(d.company) for d in documents if d is not None}
            for document in documents:
                if document is not None and document.fiscal_year is not None:
                    key = company_key[document.doc_id]
                    latest_year[key] = max(latest_year.get(key, 0), document.fiscal_year)
        priors = np.zeros(len(candidates.rows), dtype=np.float32)
        for index, document in enumerate(documents):
            if document is None:
                continue
            year = document.fiscal_year
            if target is not None and year is not None:
                if year == target or (parsed.forward_looking and year == target - 1):
                    priors[index] += weights.year_match
                elif year == target + 1:
                    priors[index] += weights.year_next
            elif target is None and year is not None and year == latest_year[company_key[document.doc_id]]:
                priors[index] += weights.latest
            if parsed.form_types:
                priors[index] += weights.form_named if document.form_type in parsed.form_types else 0.0
            elif wants_quarter == (document.form_type in ("10-Q", "earnings release", "transcript")):
                priors[index] += weights.form_match
        return priors


def query_terms(text: str) -> list[str]:
    """Content words of a query, lower-cased, for snippet emphasis."""
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Za-z0-9]", text)]
    return list(dict.fromkeys(w for w in words if w not in _STOP and len(w) > 1))


def make_snippet(text: str, terms: list[str], width: int = 240) -> tuple[str, list[str]]:
    """The window of ``text`` with the most query terms, and the terms found in the chunk.

    Terms match on a common prefix (so "revenue" finds "revenues"), mirroring the stemming of the keyword index.
    """
    flat = re.sub(r"\s+", " ", text).strip()
    lowered = flat.lower()
    positions: list[tuple[int, str]] = []
    for term in terms:
        stem = term[:max(4, len(term) - 2)] if len(term) > 4 else term
        for match in re.finditer(r"\b" + re.escape(stem), lowered):
            positions.append((match.start(), term))
    matched = list(dict.fromkeys(term for _, term in sorted(positions)))
    if len(flat) <= width or not positions:
        return (flat[:width] + ("…" if len(flat) > width else "")), matched
    positions.sort()
    # Sliding window over the sorted positions: tables repeat years and labels hundreds of times per chunk.
    best_start, best_count, end = 0, 0, 0
    for first, (start, _) in enumerate(positions):
        while end < len(positions) and positions[end][0] < start + width:
            end += 1
        if end - first > best_count:
            best_start, best_count = start, end - first
    begin = max(0, best_start - 40)
    begin = flat.rfind(" ", 0, begin) + 1 if begin > 0 else 0
    snippet = flat[begin:begin + width]
    return ("…" if begin > 0 else "") + snippet + ("…" if begin + width < len(flat) else ""), matched
