"""Search latency (hybrid + company filter, p50/p95) at 10k, 100k and 1M chunks, with synthetic chunks.

Chunks get random unit vectors and sentences drawn from a finance vocabulary; the library's own index maintenance
(``refresh_indexes``: FTS + IVF_HNSW_SQ) runs as it would for a real library. Query time includes embedding the
query with the real ONNX model.

With a reranker (``--reranker default``, the default when the bundled one is installed) it also times the same
filtered hybrid search with the reranker reading the best ``rerank_pool`` candidates, so the line
``hybrid+filter+rerank@N`` minus ``hybrid+filter`` is what reranking adds (``--rerank-pools 20 30`` times other
pool sizes).

Usage:
    python -m tests.benchmarks.bench_search [--sizes 10000 100000 1000000] [--queries 50] [--reranker none]
        [--rerank-pools 20 30]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

VOCABULARY = ("revenue net income operating margin gross profit capital expenditures free cash flow dividends "
              "share repurchases goodwill impairment inventory receivables payables depreciation amortization "
              "segment guidance outlook liquidity debt covenant interest expense tax rate EPS diluted basic "
              "restructuring litigation supply chain pricing volume currency headwinds backlog bookings").split()
QUERIES = ["capital expenditures guidance", "goodwill impairment charge", "free cash flow and dividends",
           "interest expense on debt", "inventory and supply chain", "effective tax rate", "segment operating margin"]


def build(folder: Path, size: int, dimension: int) -> None:
    """Fill a library with ``size`` synthetic chunks over 200 documents of 20 companies."""
    from app.core.records import Chunk, DocumentInfo, Rect
    from app.core.store import Library

    rng = np.random.default_rng(7)
    random.seed(7)
    library = Library(folder, model_id="synthetic", model_hash="0", dimension=dimension)
    per_doc = size // 200
    for d in range(200):
        doc = DocumentInfo(doc_id=f"d{d:04}", path=f"/synthetic/{d}.pdf", title=f"Doc {d}",
                           company=f"Company {d % 20}",
                           form_type="10-K", fiscal_year=2015 + d % 9, fiscal_period=f"FY{2015 + d % 9}",
                           page_count=per_doc // 4, content_hash=f"h{d}")
        chunks = [Chunk(chunk_id=f"{d}-{i}", doc_id=doc.doc_id, ordinal=i,
                        text=" ".join(random.choices(VOCABULARY, k=120)), pages=[i // 4], char_start=0, char_end=0,
                        rects=[Rect(i // 4, 72, 72, 540, 90)]) for i in range(per_doc)]
        vectors = rng.standard_normal((per_doc, dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        library.add_document(doc, chunks, vectors, [c.text for c in chunks])
    library.refresh_indexes()


def main() -> int:
    """Build each size, then time hybrid+filter queries."""
    from app.core.retrieval.embedding import load_embedder
    from app.core.retrieval.reranking import load_reranker_or_note
    from app.core.retrieval.search import Searcher, SearchFilters
    from app.core.store import Library

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--reranker", default="default", help="default, none, or a reranker folder")
    parser.add_argument("--rerank-pools", type=int, nargs="+", default=None,
                        help="time reranking at these pool sizes (default: the shipped pool only)")
    args = parser.parse_args()
    embedder = load_embedder("base")
    reranker, note = load_reranker_or_note(args.reranker)
    if note:
        print(note)
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            build(Path(scratch), size, embedder.dimension)
            built = time.perf_counter() - started
            library = Library(Path(scratch), model_id="synthetic", model_hash="0", dimension=embedder.dimension)
            searcher = Searcher(library, embedder, reranker=reranker)
            for query in QUERIES:  # warm caches
                searcher.search(query, k=10)
            shipped = searcher.weights
            pools = (args.rerank_pools or [shipped.rerank_pool]) if reranker is not None else []
            runs = [("hybrid+filter", "hybrid", True, False, shipped), ("hybrid", "hybrid", False, False, shipped),
                    ("keyword", "keyword", False, False, shipped)]
            runs += [(f"hybrid+filter+rerank@{pool}", "hybrid", True, True, replace(shipped, rerank_pool=pool))
                     for pool in pools]
            timings: dict[str, list[float]] = {name: [] for name, *_ in runs}
            for i in range(args.queries):
                query = QUERIES[i % len(QUERIES)]
                company = SearchFilters(companies=[f"Company {i % 20}"])
                for name, method, filtered, rerank, weights in runs:
                    searcher.ranker.weights = weights
                    t0 = time.perf_counter()
                    searcher.search(query, k=10, method=method, filters=company if filtered else None, rerank=rerank)
                    timings[name].append((time.perf_counter() - t0) * 1000)
            searcher.ranker.weights = shipped
            print(f"{size:>9,} chunks (built + indexed in {built:.0f} s, vector index: {library.has_vector_index()}"
                  + (f", shipped rerank pool {shipped.rerank_pool}" if reranker is not None else "") + ")")
            for name, values in timings.items():
                p50, p95 = np.percentile(values, [50, 95])
                print(f"    {name:24} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
