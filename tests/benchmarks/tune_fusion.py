"""Choose the hybrid fusion weights by measurement on the FinanceBench dev set.

Retrieves each question's candidates once (dense + keyword, with query understanding), then scores a grid of
fusion weights on page-level hit@k, in both the shared-library and single-document settings, and prints a table.
With ``--reranker`` it also prints the first-stage pool's recall@N, the reranked rows, and a grid over the pool
size and the reranker's weight (all through :class:`app.core.retrieval.ranking.Ranker`, as search ranks).

Usage:
    python -m tests.benchmarks.tune_fusion --library /tmp/devlib-base [--model base] [--reranker default|DIR]
        [--questions ../shared/data/financebench-dev/questions.jsonl] [--no-grid] [--rerank-grid]

The library must already hold the dev filings (build it with ``finlens --library DIR eval-retrieval ...``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core.library_opening import open_library
from app.core.retrieval.reranking import load_reranker
from app.core.retrieval.retrieval_evaluation import doc_ids_by_stem, load_questions, ranked_pages, score_rankings
from app.core.retrieval.search import FusionWeights, Searcher, SearchFilters

DEFAULT_QUESTIONS = Path(__file__).resolve().parents[2].parent / "shared/data/financebench-dev/questions.jsonl"


def main() -> int:
    """Run the grid and print the best settings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--model", default=None)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--no-grid", action="store_true", help="only print the method table")
    parser.add_argument("--reranker", default="none", help="none, default, or a reranker folder")
    parser.add_argument("--rerank-grid", action="store_true", help="grid over the rerank pool and weight")
    parser.add_argument("--rerank-max-length", type=int, default=None,
                        help="tokens the reranker reads per (question, passage) pair (default: its manifest's)")
    parser.add_argument("--statement-grid", action="store_true",
                        help="grid over the statement-page prior (needs a library indexed with statements)")
    args = parser.parse_args()
    if not args.questions.exists():
        print(f"Dev questions not found at {args.questions} (../shared is needed for this benchmark).")
        return 2
    library, embedder = open_library(args.library, args.model)
    searcher = Searcher(library, embedder, reranker=load_reranker(args.reranker, max_length=args.rerank_max_length))
    if args.statement_grid and not searcher.weights.statement_page:
        searcher.ranker.weights = replace(searcher.weights, statement_page=0.05)  # so candidates carry the pages
    questions = load_questions(args.questions)
    ids = doc_ids_by_stem(library)
    names = {v: k for k, v in ids.items()}
    missing = {q.doc_name for q in questions} - set(ids)
    if missing:
        print(f"library lacks {len(missing)} filings: {sorted(missing)[:5]}")
        return 2

    cached = {}
    for mode in ("shared", "single"):
        for method in ("hybrid", "dense", "keyword"):
            for understand in (True, False):
                cached[(mode, method, understand)] = [
                    searcher.candidates(q.question, method=method, understand=understand, k=40,
                                        filters=SearchFilters(doc_ids=[ids[q.doc_name]]) if mode == "single" else None)
                    for q in questions]

    def metrics(mode: str, method: str, understand: bool, weights: FusionWeights, rerank: bool = False) -> dict:
        rankings = [ranked_pages(searcher.rank(c, k=40, weights=weights, rerank=rerank).hits, names)
                    for c in cached[(mode, method, understand)]]
        return score_rankings(rankings, questions).to_dict()

    base = searcher.weights
    print("method   understanding  mode    hit@1  hit@3  hit@5  hit@10  mrr")
    for method in ("keyword", "dense", "hybrid"):
        for understand in (False, True):
            for mode in ("single", "shared"):
                m = metrics(mode, method, understand, base)
                print(f"{method:8} {str(understand):14} {mode:7} {m['hit@1']:.3f}  {m['hit@3']:.3f}  {m['hit@5']:.3f}"
                      f"  {m['hit@10']:.3f}   {m['mrr']:.3f}")

    for mode in ("single", "shared"):
        pools = [ranked_pages(searcher.rank(c, k=40, rerank=False).hits, names) for c in cached[(mode, "hybrid", True)]]
        recall = score_rankings(pools, questions, pools).pool_recall
        print(f"{mode} first-stage pool page recall: " + "  ".join(f"@{k} {v:.3f}" for k, v in recall.items()))
    if searcher.ranker.reranker is not None:
        print_reranked(searcher, cached, questions, names, metrics, args.rerank_grid)
    if args.statement_grid:
        print("\nstatement-page prior: shared hit@1/@5/mrr | single hit@1/@5/mrr (reranked when a reranker is set)")
        rerank = searcher.ranker.reranker is not None
        for value in (0.0, 0.02, 0.05, 0.1, 0.2, 0.3):
            weights = replace(searcher.weights, statement_page=value)
            shared = metrics("shared", "hybrid", True, weights, rerank)
            single = metrics("single", "hybrid", True, weights, rerank)
            print(f"  {value:5.2f}  {shared['hit@1']:.3f} {shared['hit@5']:.3f} {shared['mrr']:.3f} | "
                  f"{single['hit@1']:.3f} {single['hit@5']:.3f} {single['mrr']:.3f}")
    if args.no_grid:
        return 0
    grid = []
    for keyword, year, next_ratio, form, latest in itertools.product(
            (0.0, 0.1, 0.2, 0.3, 0.5, 0.8), (0.0, 0.03, 0.06, 0.1), (0.0, 0.5), (0.0, 0.02, 0.05), (0.0, 0.05, 0.1)):
        weights = replace(base, keyword=keyword, year_match=year, year_next=year * next_ratio, form_match=form,
                          latest=latest)
        shared = metrics("shared", "hybrid", True, weights)
        single = metrics("single", "hybrid", True, weights)
        objective = shared["hit@5"] + single["hit@5"] + 0.5 * (shared["mrr"] + single["mrr"])
        grid.append((objective, weights, shared, single))
    grid.sort(key=lambda item: -item[0])
    print("\nbest fusion weights (objective = shared hit@5 + single hit@5 + (mrr_shared + mrr_single)/2):")
    for objective, weights, shared, single in grid[:8]:
        print(f"  {objective:.3f} keyword={weights.keyword} year={weights.year_match} next={weights.year_next:.3f} "
              f"form={weights.form_match} latest={weights.latest} | shared {json.dumps(shared)} "
              f"| single {json.dumps(single)}")
    current = next(item for item in grid if item[1] == base) if any(i[1] == base for i in grid) else None
    if current:
        print(f"current defaults rank {grid.index(current) + 1} of {len(grid)} (objective {current[0]:.3f})")
    return 0


def print_reranked(searcher: Searcher, cached: dict, questions: list, names: dict, metrics: Any,
                   grid: bool) -> None:
    """Pool recall of the first stage, the reranked rows at the default weights, and (optionally) a grid."""
    base = searcher.weights
    print("reranked (default weights)")
    for mode in ("single", "shared"):
        m = metrics(mode, "hybrid", True, base, True)
        print(f"hybrid+rerank  {mode:7} {m['hit@1']:.3f}  {m['hit@3']:.3f}  {m['hit@5']:.3f}  {m['hit@10']:.3f}"
              f"   {m['mrr']:.3f}  {json.dumps(m.get('by_type', {}))}")
    if not grid:
        return
    print("\nrerank grid (pool, weight): shared hit@1/@5/mrr | single hit@1/@5/mrr")
    for pool, weight in itertools.product((10, 20, 30, 40), (0.02, 0.05, 0.1, 0.2, 0.5, 1.0)):
        weights = replace(base, rerank_pool=pool, rerank=weight)
        shared = metrics("shared", "hybrid", True, weights, True)
        single = metrics("single", "hybrid", True, weights, True)
        print(f"  {pool:3} {weight:5.2f}  {shared['hit@1']:.3f} {shared['hit@5']:.3f} {shared['mrr']:.3f} | "
              f"{single['hit@1']:.3f} {single['hit@5']:.3f} {single['mrr']:.3f}")


if __name__ == "__main__":
    sys.exit(main())
