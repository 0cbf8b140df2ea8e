"""Dense, keyword and hybrid search over a library, with filters and finance query understanding.

Hybrid retrieval takes the top candidates of the dense (vector) and keyword (BM25, LanceDB native FTS) searches,
scores every candidate on both (the cosine is computed exactly for keyword-only candidates), and fuses
``dense_weight * cosine + keyword_weight * bm25 / max_bm25`` plus small document priors (the fiscal year and form
the question asks about), then lets the finance reranker order the best of them — all of it in
:mod:`app.core.retrieval.ranking`. Score fusion beat reciprocal-rank fusion on the dev set: RRF throws away how *much*
better the top dense hit is. The weights are chosen by ``tests/benchmarks/tune_fusion.py`` on the dev set (see README).

Companies named in a question (by name or ticker, as the library's own documents spell them) become a filter unless
the caller set one; fiscal years become a boost, not a filter, because the FY2019 figures also appear in the FY2020
filing's comparatives.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from app.core.question import CompanyAliases, Question, company_aliases, detect_companies
from app.core.question import understand as understand_question
from app.core.records import DocumentInfo, SearchFilters, SearchHit
from app.core.retrieval.embedding import OnnxEmbedder
from app.core.retrieval.parsed_query import ParsedQuery, parse_query
from app.core.retrieval.ranking import Candidates, FusionWeights, Ranker
from app.core.retrieval.reranking import Reranker
from app.core.store import Library, ScoredChunk

if TYPE_CHECKING:
    from app.core.figures.answers import MetricQuery

__all__ = ["MAX_QUERY_CHARS", "METHODS", "Candidates", "FusionWeights", "QueryTooLongError", "SearchFilters",
           "SearchResponse", "Searcher", "check_query", "make_snippet", "query_terms"]

METHODS = ("hybrid", "dense", "keyword")
_STOP = {"the", "a", "an", "of", "and", "or", "in", "on", "for", "to", "what", "was", "is", "are", "were", "by",
         "with", "as", "at", "from", "that", "this", "which", "how", "much", "did", "does", "do", "its", "it", "be",
         "their", "has", "have", "had", "between", "than", "more", "less", "per", "based", "company", "s"}

#: The longest search or question accepted, in characters. The embedder reads 256 tokens of a query and the
#: reranker 192 (about 1,000 and 750 characters of English), so the rest of a longer text only costs time: 1 MB took
#: 50 s to search and 61 s to answer (issue 27), spent on the keyword search and question parsing of text no model
#: reads. The longest FinanceBench dev question is 592 characters; 2,000 leaves room for a pasted paragraph.
MAX_QUERY_CHARS = 2_000


class QueryTooLongError(ValueError):
    """A search or question longer than :data:`MAX_QUERY_CHARS`; the message is the sentence for the user."""


def check_query(query: str) -> None:
    """Refuse a query FinLens would spend a long time on without reading it (see :data:`MAX_QUERY_CHARS`).

    Raises:
        QueryTooLongError: with the sentence that says how long it is and what to do.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryTooLongError(
            f"The search or question is {len(query):,} characters long, and FinLens reads at most "
            f"{MAX_QUERY_CHARS:,}: shorten it to the question itself (a sentence or two) and try again.")


@dataclass
class SearchResponse:
    """Hits plus what the query was understood as and which filters were applied."""

    hits: list[SearchHit]
    parsed: ParsedQuery
    filters: SearchFilters
    auto_company_filter: bool = False


class Searcher:
    """Runs searches against one library with one embedder. Safe to share between threads."""

    def __init__(self, library: Library, embedder: OnnxEmbedder, weights: FusionWeights | None = None,
                 reranker: Reranker | str | None = None) -> None:
        """``reranker``: a model, a setting ("default", "none", a folder; loaded on first use), or None."""
        self.library = library
        self.embedder = embedder
        self.ranker = Ranker(weights, reranker)
        self._lock = threading.Lock()
        self._documents_version: int | None = None
        self._documents: dict[str, DocumentInfo] = {}
        self._aliases: list[CompanyAliases] = []
        self._statements: dict[str, Any] = {}  # decoded statements by doc_id (ingest.statements.model.Statements)

    def _refresh_documents(self) -> None:
        with self._lock:
            if self.library.documents_version() != self._documents_version:
                version, documents = self.library.documents_snapshot()
                self._documents = {d.doc_id: d for d in documents}
                self._statements.clear()
                self._aliases = company_aliases(list(self._documents.values()))
                self._documents_version = version

    @property
    def documents(self) -> dict[str, DocumentInfo]:
        """The library's documents by id (cached until the library changes)."""
        self._refresh_documents()
        return self._documents

    def understand(self, question: str) -> ParsedQuery:
        """Parse a question against this library's companies.

        Raises:
            QueryTooLongError: the question is longer than :data:`MAX_QUERY_CHARS`.
        """
        check_query(question)
        self._refresh_documents()
        return parse_query(question, self._aliases)

    def resolve_companies(self, text: str) -> list[str]:
        """Library company names matching what a user typed in a company field ("nike", "NKE", "Johnson & Johnson")."""
        self._refresh_documents()
        return detect_companies(text, self._aliases, any_case=True)

    @property
    def weights(self) -> FusionWeights:
        """The ranking weights in use."""
        return self.ranker.weights

    def search(self, query: str, *, k: int = 10, filters: SearchFilters | None = None, method: str = "hybrid",
               understand: bool = True, rerank: bool = True) -> SearchResponse:
        """Search the library.

        Args:
            query: the analyst's words (a keyword query or a full question).
            k: number of hits.
            filters: explicit filters; when no company is given, companies named in the query are used.
            method: "hybrid", "dense" or "keyword".
            understand: apply query understanding (cleaning, company filter, year/form priors, abbreviations).
            rerank: let the reranker (if one is set) order the best candidates; False gives the fast first stage.

        Returns:
            A :class:`SearchResponse` whose ``hits`` are sorted by score, best first.
        """
        candidates = self.candidates(query, filters=filters, method=method, understand=understand, k=k)
        return self.rank(candidates, k=k, rerank=rerank)

    def search_stages(self, query: str, *, k: int = 10, filters: SearchFilters | None = None,
                      method: str = "hybrid", understand: bool = True) -> Iterator[SearchResponse]:
        """The fast first-stage response and then, when a reranker is set, the reranked one.

        The window shows the first at once and settles on the second: reranking costs a few hundred ms.
        """
        candidates = self.candidates(query, filters=filters, method=method, understand=understand, k=k)
        if self.ranker.reranker is not None and candidates.found:
            yield self.rank(candidates, k=k, rerank=False)
        yield self.rank(candidates, k=k)

    def candidates(self, query: str, *, filters: SearchFilters | None = None, method: str = "hybrid",
                   understand: bool = True, k: int = 10) -> Candidates:
        """First stage: the union of the dense and keyword top candidates, each scored on both signals.

        Every search and question enters here (``finlens search`` and ``ask``, the window's search and Ask panel).

        Raises:
            QueryTooLongError: the query is longer than :data:`MAX_QUERY_CHARS` (nothing was searched).
        """
        check_query(query)
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}")
        self._refresh_documents()
        parsed = parse_query(query, self._aliases) if understand else ParsedQuery(query, query, query)
        applied = SearchFilters(**{key: list(value) for key, value in (filters or SearchFilters()).__dict__.items()})
        auto_company = False
        if understand and not applied.companies and not applied.doc_ids and parsed.companies:
            applied.companies = parsed.companies
            auto_company = True
        result = Candidates(parsed, applied, auto_company, method, understand, [], np.zeros(0), np.zeros(0),
                            query=query)
        if not query.strip() or not self.library.chunk_count():
            return result
        limit = max(k, self.weights.candidates)
        found: dict[str, ScoredChunk] = {}
        keyword_scores: dict[str, float] = {}
        query_vector = self.embedder.embed_query(parsed.text) if method != "keyword" else None
        with_vectors = query_vector is not None

        if query_vector is not None:
            for hit in self.library.vector_search(query_vector, filters=applied, limit=limit, with_vectors=True):
                found[hit.chunk.chunk_id] = hit
        if method in ("hybrid", "keyword"):
            for hit in self.library.keyword_search(parsed.keywords if understand else query, filters=applied,
                                                   limit=limit, with_vectors=with_vectors):
                keyword_scores[hit.chunk.chunk_id] = hit.score
                found.setdefault(hit.chunk.chunk_id, hit)
        hits = list(found.values())
        if not hits:
            return result
        result.found = hits
        if query_vector is not None:
            # Exact cosine for every candidate, keyword-only ones included (vectors are normalised).
            result.dense = np.asarray([hit.vector for hit in hits], dtype=np.float32) @ query_vector
        else:
            result.dense = np.zeros(len(hits), dtype=np.float32)
        keyword = np.asarray([keyword_scores.get(hit.chunk.chunk_id, 0.0) for hit in hits], dtype=np.float32)
        result.keyword = keyword / keyword.max() if keyword.max() > 0 else keyword
        if understand and self.weights.statement_page:
            result.statement_pages = self._statement_pages(parsed, {hit.chunk.doc_id for hit in hits})
        return result

    def _statement_pages(self, parsed: ParsedQuery, doc_ids: set[str]) -> dict[str, set[int]]:
        """For a metric question, each document's statement pages holding the metric's inputs (from the statements
        stored at indexing; documents indexed before statements were extracted have none)."""
        from app.core.figures.lookup import evidence_pages
        from app.core.ingest.statements.model import Statements

        query = metric_query(parsed.question or parsed.original)
        if query is None:
            return {}
        pages: dict[str, set[int]] = {}
        for doc_id in doc_ids:
            with self._lock:
                statements = self._statements.get(doc_id)
            if statements is None:
                # Decoding a 10-K's statements takes tens of ms: keep the recently used ones (cleared with the
                # document cache when the library changes).
                statements = Statements.from_payload(self.library.statements(doc_id))
                with self._lock:
                    if len(self._statements) >= 64:
                        self._statements.pop(next(iter(self._statements)))
                    self._statements[doc_id] = statements
            found = evidence_pages(statements, query)
            if found:
                pages[doc_id] = set(found)
        return pages

    def rank(self, candidates: Candidates, *, k: int = 10, weights: FusionWeights | None = None,
             rerank: bool = True) -> SearchResponse:
        """Second stage: order the candidates (:class:`app.core.retrieval.ranking.Ranker`) and build the hits."""
        response = SearchResponse([], candidates.parsed, candidates.filters, candidates.auto_company_filter)
        if not candidates.found:
            return response
        order, scores = self.ranker.order(candidates, self._documents, k=k, weights=weights, rerank=rerank)
        terms = query_terms(candidates.parsed.keywords)
        for index, score in zip(order, scores, strict=True):
            chunk = candidates.found[index].chunk
            document = self._documents.get(chunk.doc_id)
            if document is None:  # removed while we searched
                continue
            snippet, matched = make_snippet(chunk.text, terms)
            response.hits.append(SearchHit(chunk=chunk, document=document, score=float(score),
                                           snippet=snippet, matched_terms=matched,
                                           dense_score=float(candidates.dense[index]),
                                           keyword_score=float(candidates.keyword[index])))
        return response


def metric_query(question: Question | str) -> MetricQuery | None:
    """The metric or line item (named, or implied: "liquidity", "capital-intensive") and fiscal years a question asks
    about, from its record (:func:`app.core.question.understand`; a string is read first).

    A derived metric's evidence is a statement page that never names it ("quick ratio" -> the balance sheet); a
    line item's is the statement page that holds it for those years, among the many pages whose words name it
    ("revenue", "inventories"). Measured on dev, base model + company-disjoint reranker, shared library: counting line
    items too moved hit@1/@5 from 0.508/0.770 to 0.607/0.820, six questions up and none down (README). A metric
    phrase with a part not understood still points to the statement pages of the part that was read.
    """
    from app.core.figures.answers import query_from

    record = understand_question(question) if isinstance(question, str) else question
    query = query_from(record, implied=True)
    if query is not None and query.not_understood:
        metric = record.metric
        # One word read among words not understood is too weak a sign that the question is about that line ("debt"
        # in "which debt securities are registered …"); a line item named in two or more words is ("net income").
        if metric is None or metric.expression is None or len(metric.read.split()) < 2:
            return None
        # The prior needs the inputs only: the part that was read, with its years.
        query = query_from(replace(record, metric=replace(metric, unknown="")), implied=True)
    return query


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
