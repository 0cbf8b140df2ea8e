"""Ranking: from first-stage candidates to the final order — score fusion, document priors, and the reranker.

One object, :class:`Ranker`, owns every ranking decision, so that search, the evaluation and the tuning benchmark
(``tests/benchmarks/tune_fusion.py``) all rank the same way:

1. **Fusion**: ``dense * cosine + keyword * bm25 / max_bm25`` (hybrid), or one signal alone.
2. **Priors** (with query understanding): the fiscal year and the kind of filing the question asks about.
3. **Reranking** (when a reranker is set): the best ``rerank_pool`` fused candidates are read together with the
   question by the finance cross-encoder (:mod:`app.core.retrieval.reranking`), and ordered by
   ``rerank * logit + fused score``; candidates outside the pool keep their fused order after it. The pool size and
   the mix were chosen by measuring the pool's recall first and then a grid on the dev set (see the README).

Reranker scores are cached on the :class:`Candidates`, so re-ranking the same candidates with other weights (the
tuning grid) costs no model calls.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from app.core.finance.company_names import normalize_company
from app.core.ingest.chunking import embedding_text
from app.core.records import DocumentInfo, SearchFilters
from app.core.retrieval.parsed_query import ParsedQuery
from app.core.retrieval.reranking import Reranker, load_reranker_or_note
from app.core.store import ScoredChunk

QUARTERLY_FORMS = ("10-Q", "earnings release", "transcript")


@dataclass
class FusionWeights:
    """Weights of fusion, priors and reranking (chosen by measurement; see the module docstring and README)."""

    dense: float = 1.0
    keyword: float = 0.3
    year_match: float = 0.1
    year_next: float = 0.0
    latest: float = 0.05
    form_match: float = 0.02
    form_named: float = 0.1
    candidates: int = 60
    statement_page: float = 0.2
    rerank_pool: int = 15
    rerank: float = 0.05


@dataclass
class Candidates:
    """First-stage results of a search: the chunks found with their dense and (normalised) keyword scores."""

    parsed: ParsedQuery
    filters: SearchFilters
    auto_company_filter: bool
    method: str
    understand: bool
    found: list[ScoredChunk]
    dense: np.ndarray
    keyword: np.ndarray
    query: str = ""
    rerank_scores: dict[int, float] = field(default_factory=dict)  # reranker logit by row index, filled lazily
    # For a metric question: the statement pages of each candidate document that hold the metric's inputs.
    statement_pages: dict[str, set[int]] = field(default_factory=dict)


class Ranker:
    """Orders candidates: fusion + priors, then the reranker over the best ``rerank_pool`` of them.

    ``reranker`` is a model, or a setting ("default", "none", a folder) loaded on first use — on the thread that
    searches, so opening a library never waits for it. A setting that cannot be loaded leaves search working
    without the second stage, and :attr:`note` says why in one line.
    """

    def __init__(self, weights: FusionWeights | None = None, reranker: Reranker | str | None = None) -> None:
        self.weights = weights or FusionWeights()
        self._setting = reranker if isinstance(reranker, str) else None
        self._reranker = None if isinstance(reranker, str) else reranker
        self._lock = threading.Lock()
        self.note: str | None = None

    @property
    def reranker(self) -> Reranker | None:
        """The reranker in use (loading the configured one the first time it is asked for)."""
        if self._setting is not None:
            with self._lock:
                if self._setting is not None:
                    self._reranker, self.note = load_reranker_or_note(self._setting)
                    self._setting = None
        return self._reranker

    def fused(self, candidates: Candidates, documents: dict[str, DocumentInfo],
              weights: FusionWeights | None = None) -> np.ndarray:
        """First-stage scores: fusion of the two signals plus the document priors."""
        weights = weights or self.weights
        scores: np.ndarray
        if candidates.method == "dense":
            scores = candidates.dense.astype(np.float32).copy()
        elif candidates.method == "keyword":
            scores = candidates.keyword.astype(np.float32).copy()
        else:
            scores = weights.dense * candidates.dense + weights.keyword * candidates.keyword
        if candidates.understand:
            scores = scores + document_priors(candidates, documents, weights)
        return scores

    def order(self, candidates: Candidates, documents: dict[str, DocumentInfo], *, k: int,
              weights: FusionWeights | None = None, rerank: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """The best ``k`` row indices and their final scores, best first."""
        weights = weights or self.weights
        scores = self.fused(candidates, documents, weights)
        order = np.argsort(-scores, kind="stable")
        if not (rerank and self.reranker is not None and weights.rerank_pool > 0 and len(order)):
            return order[:k], scores[order[:k]]
        pool = order[:weights.rerank_pool]
        logits = self.rerank_logits(candidates, documents, pool)
        combined = weights.rerank * logits + scores[pool]
        ranked = pool[np.argsort(-combined, kind="stable")]
        final = np.concatenate([ranked, order[weights.rerank_pool:]])[:k]
        # Pool scores sit above every score outside the pool, so the reported scores stay in rank order.
        below = scores[order[weights.rerank_pool:]]
        lift = max(0.0, float(below.max() - combined.min()) + 1e-3) if len(below) else 0.0
        pool_scores = dict(zip(pool.tolist(), (combined + lift).tolist(), strict=True))
        return final, np.array([pool_scores.get(int(i), scores[i]) for i in final], dtype=np.float32)

    def rerank_logits(self, candidates: Candidates, documents: dict[str, DocumentInfo],
                      indices: np.ndarray) -> np.ndarray:
        """Reranker logits for these rows (computed once per row and cached on the candidates)."""
        assert self.reranker is not None
        missing = [int(i) for i in indices if int(i) not in candidates.rerank_scores]
        if missing:
            chunks = [candidates.found[i].chunk for i in missing]
            texts = [embedding_text(chunk, documents.get(chunk.doc_id)) for chunk in chunks]
            for index, logit in zip(missing, self.reranker.score(candidates.query, texts), strict=True):
                candidates.rerank_scores[index] = float(logit)
        return np.array([candidates.rerank_scores[int(i)] for i in indices], dtype=np.float32)


def document_priors(candidates: Candidates, documents_by_id: dict[str, DocumentInfo],
                    weights: FusionWeights) -> np.ndarray:
    """Document priors: the fiscal year and the kind of filing the question asks about.

    A question that names a year favours that year's filings (and, when it asks what is expected, the year
    before's, where the guidance was given); one that names no year favours each company's latest filings, the
    current state of affairs. A named form ("10-K") favours that form; otherwise a quarter in the question
    favours quarterly filings and its absence annual ones. A metric question favours the statement pages that hold
    the metric's inputs (:attr:`Candidates.statement_pages`).
    """
    parsed = candidates.parsed
    target = parsed.target_year
    wants_quarter = parsed.quarter is not None
    documents = [documents_by_id.get(hit.chunk.doc_id) for hit in candidates.found]
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
    priors = np.zeros(len(candidates.found), dtype=np.float32)
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
        elif wants_quarter == (document.form_type in QUARTERLY_FORMS):
            priors[index] += weights.form_match
        pages = candidates.statement_pages.get(document.doc_id)
        if pages and pages & set(candidates.found[index].chunk.pages):
            priors[index] += weights.statement_page
    return priors
