"""Indexing throughput end to end (parse + chunk + embed + store), FinLens vs the naive path, on real filings.

FinLens path: ``index_paths`` (layout rows, chunking, int8 ONNX embedder, LanceDB + index refresh).
Naive path, measured in the same run on the same files: PyMuPDF ``page.get_text()``, 180-word chunks,
sentence-transformers/torch ``encode`` (the same base MiniLM), LanceDB ``add``.

The two paths run alternately, ``--repeats`` times each: this machine's speed drifts by up to 30% within minutes
(a shared VM), so one run of each can flatter either side; the median of the paired ratios is the figure to quote.

Usage:
    python -m tests.benchmarks.bench_indexing [--files 4] [--threads 2] [--model base] [--repeats 3]

Needs ``../shared/data/filings-train`` and the ``train`` extra (for the naive torch path).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared/data/filings-train/pdfs"


def naive_index(files: list[Path], folder: Path, threads: int) -> tuple[int, float]:
    """The naive pipeline; returns (pages, seconds)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    import lancedb
    import pymupdf
    import torch
    from sentence_transformers import SentenceTransformer

    from app.train.onnx_export import base_model_path

    torch.set_num_threads(threads)
    model = SentenceTransformer(str(base_model_path()), device="cpu")
    model.max_seq_length = 256
    model.encode(["warm up"])
    db = lancedb.connect(str(folder))
    table = None
    pages = 0
    started = time.perf_counter()
    for path in files:
        with pymupdf.open(path) as pdf:
            rows = []
            for page in pdf:
                words = page.get_text().split()
                pages += 1
                for start in range(0, len(words), 180):
                    rows.append({"doc": path.name, "page": page.number, "text": " ".join(words[start:start + 180])})
        vectors = model.encode([r["text"] for r in rows], batch_size=32, normalize_embeddings=True)
        for row, vector in zip(rows, vectors, strict=True):
            row["vector"] = vector.tolist()
        if table is None:
            table = db.create_table("chunks", data=rows)
        else:
            table.add(rows)
    return pages, time.perf_counter() - started


def finlens_index(files: list[Path], folder: Path, threads: int, model: str) -> tuple[int, int, float]:
    """The FinLens pipeline; returns (pages, chunks, seconds)."""
    from app.core.ingest.indexing import index_paths
    from app.core.retrieval.embedding import load_embedder
    from app.core.store import Library

    embedder = load_embedder(model, threads=threads)
    embedder.embed(["warm up"])
    library = Library(folder, model_id=embedder.model_id, model_hash=embedder.model_hash,
                      dimension=embedder.dimension)
    started = time.perf_counter()
    report = index_paths(files, library, embedder)
    return report.pages_indexed, library.chunk_count(), time.perf_counter() - started


def main() -> int:
    """Run both pipelines on the same files, alternately, and print pages/s and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", default="base")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"Real filings not found at {SHARED}; this benchmark needs ../shared.")
        return 2
    files = sorted(SHARED.glob("*.pdf"))[: args.files]
    ratios = []
    for run in range(1, args.repeats + 1):
        with tempfile.TemporaryDirectory() as scratch:
            pages, chunks, ours = finlens_index(files, Path(scratch) / "finlens", args.threads, args.model)
            naive_pages, naive = naive_index(files, Path(scratch) / "naive", args.threads)
        ratios.append((pages / ours) / (naive_pages / naive))
        if run == 1:
            print(f"files: {len(files)}, pages: {pages}, FinLens chunks: {chunks}, threads: {args.threads}, "
                  f"model: {args.model}")
        print(f"run {run}: FinLens (ONNX int8 + LanceDB) {pages / ours:6.2f} pages/s ({ours:.1f} s, "
              f"{chunks / ours:.1f} chunks/s); naive (sentence-transformers/torch) {naive_pages / naive:6.2f} "
              f"pages/s ({naive:.1f} s); speed-up {ratios[-1]:.2f}x")
    print(f"speed-up, median of {len(ratios)} paired runs: {statistics.median(ratios):.2f}x "
          f"(range {min(ratios):.2f}-{max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
