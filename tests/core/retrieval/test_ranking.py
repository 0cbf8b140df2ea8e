"""Ranking with the bundled finance reranker: it reorders the first stage and finds the statement a question needs;
search keeps working (with a one-line note) when the reranker is missing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from app.core.ingest.indexing import index_paths
from app.core.retrieval.ranking import Ranker
from app.core.retrieval.reranking import load_reranker
from app.core.retrieval.search import Searcher
from app.core.store import Library
from tests.core.conftest import new_library


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, embedder, filings: Path) -> Library:  # noqa: ANN001
    library = new_library(tmp_path_factory.mktemp("ranking") / "lib", embedder)
    index_paths([filings], library, embedder)
    return library


def test_bundled_reranker_scores_the_answer_above_a_decoy() -> None:
    reranker = load_reranker("default")
    assert reranker is not None
    scores = reranker.score("What were Globex's capital expenditures in FY2022?", [
        "Globex Corporation 10-K 2022 | Risk Factors\nOur results depend on retaining key personnel.",
        "Globex Corporation 10-K 2022 | Consolidated Statements of Cash Flows\nPurchases of property and equipment "
        "(3,402) (3,111)\nNet cash used in investing activities (4,020) (3,866)"])
    assert scores[1] > scores[0]


def test_a_question_longer_than_the_reranker_reads_is_cut_not_refused() -> None:
    # A pasted paragraph as the question used to fail the tokenizer ("sequence to truncate too short").
    reranker = load_reranker("default", max_length=64)
    assert reranker is not None
    question = "Summarise what management said about capital expenditures and liquidity " * 12
    scores = reranker.score(question, ["Purchases of property and equipment (3,402) (3,111)", "Risk factors"])
    assert scores.shape == (2,) and np.isfinite(scores).all()


def test_reranker_changes_the_order_and_keeps_the_answer_on_top(library: Library, embedder) -> None:  # noqa: ANN001
    searcher = Searcher(library, embedder, reranker="default")
    question = "Is Globex a capital-intensive business? Use purchases of property and equipment."
    candidates = searcher.candidates(question, k=10)
    first = searcher.rank(candidates, k=10, rerank=False).hits
    reranked = searcher.rank(candidates, k=10).hits
    assert [h.chunk.chunk_id for h in first] != [h.chunk.chunk_id for h in reranked]
    assert "Purchases of property and equipment (3,402)" in reranked[0].chunk.text
    assert all(a.score >= b.score for a, b in zip(reranked, reranked[1:], strict=False))  # scores stay in rank order
    assert candidates.rerank_scores  # computed once, cached for the next ranking of the same candidates


def test_rerank_pool_bounds_the_work(library: Library, embedder) -> None:  # noqa: ANN001
    searcher = Searcher(library, embedder, reranker="default")
    candidates = searcher.candidates("net revenues", k=10)
    weights = replace(searcher.weights, rerank_pool=3)
    order, scores = searcher.ranker.order(candidates, searcher.documents, k=10, weights=weights)
    fused = searcher.ranker.fused(candidates, searcher.documents, weights)
    assert len(candidates.rerank_scores) == 3
    # Outside the pool the first-stage order is kept.
    assert list(order[3:]) == list(np.argsort(-fused, kind="stable")[3:10])
    assert np.all(np.diff(scores) <= 1e-6)


def test_search_without_the_reranker_says_so_and_still_answers(library: Library, embedder,  # noqa: ANN001
                                                                tmp_path: Path) -> None:
    searcher = Searcher(library, embedder, reranker=str(tmp_path / "no-such-reranker"))
    response = searcher.search("Globex purchases of property and equipment", k=3)
    assert response.hits
    assert searcher.ranker.note and "without the reranker" in searcher.ranker.note
    assert Ranker(reranker="none").reranker is None


def test_search_stages_give_first_results_then_the_reranked_ones(library: Library, embedder) -> None:  # noqa: ANN001
    stages = list(Searcher(library, embedder, reranker="default").search_stages("Globex capital expenditures", k=5))
    assert len(stages) == 2 and stages[0].hits and stages[1].hits
    assert list(Searcher(library, embedder).search_stages("Globex capital expenditures", k=5)).__len__() == 1


def test_metric_question_favours_the_statement_pages_holding_its_inputs(library: Library, embedder) -> None:  # noqa: ANN001
    from app.core.retrieval.ranking import FusionWeights

    searcher = Searcher(library, embedder)
    assert searcher.weights.statement_page > 0  # on by default
    candidates = searcher.candidates("What is Globex's FY2022 capex as a % of revenue?", k=10)
    globex = next(d for d in searcher.documents.values() if d.ticker == "GBX")
    assert candidates.statement_pages.get(globex.doc_id) == {2, 3}  # income statement and cash flows
    top = searcher.rank(candidates, k=3, rerank=False).hits[0]
    assert top.document.doc_id == globex.doc_id and set(top.chunk.pages) & {2, 3}
    off = Searcher(library, embedder, weights=FusionWeights(statement_page=0.0))
    assert off.candidates("What is Globex's FY2022 capex as a % of revenue?").statement_pages == {}  # nothing read
    assert searcher.candidates("What are Globex's main risks?").statement_pages == {}  # not a metric question
    # A line item with a year: the statement page that holds it (the words "revenue" are on other pages too).
    assert searcher.candidates("What was Globex's FY2022 total revenue?").statement_pages.get(globex.doc_id) == {2}
