"""Embedding throughput on real FinLens chunks: torch (sentence-transformers) vs the ONNX runtime settings.

Chunks come from the app's own parser and chunker on a real filing, with the text the app embeds (document label +
heading + passage). Prints chunks/s for sentence-transformers/torch and for the ONNX int8 model under several batch
sizes and thread counts, so the shipped settings are chosen by measurement.

Usage:
    python -m tests.benchmarks.bench_embedding [--chunks 512] [--model base] [--no-torch]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[2].parent / "shared/data/filings-train/pdfs"


def real_chunks(limit: int) -> list[str]:
    """Embedding texts of the first filings' chunks, as the indexer builds them."""
    from app.core.ingest.chunking import chunk_document, embedding_text
    from app.core.ingest.indexing import describe_document
    from app.core.ingest.parsing import parse_file

    texts: list[str] = []
    for path in sorted(SHARED.glob("*.pdf")):
        parsed = parse_file(path)
        document = describe_document(path, parsed.text, doc_id="d", content_hash=parsed.content_hash, size=1,
                                     mtime=0, page_count=parsed.page_count)
        texts += [embedding_text(c, document) for c in chunk_document(parsed, "d")]
        if len(texts) >= limit:
            return texts[:limit]
    return texts


def rate(embed, texts: list[str]) -> tuple[float, np.ndarray]:
    """(chunks/s, vectors) of one call over all texts, after a warm-up call."""
    embed(texts[:8])
    started = time.perf_counter()
    vectors = embed(texts)
    return len(texts) / (time.perf_counter() - started), np.asarray(vectors)


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=512)
    parser.add_argument("--model", default="base")
    parser.add_argument("--no-torch", action="store_true")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"Real filings not found at {SHARED}; this benchmark needs ../shared.")
        return 2
    from app.core.retrieval.embedding import OnnxEmbedder, resolve_model_dir

    texts = real_chunks(args.chunks)
    folder = resolve_model_dir(args.model)
    print(f"{len(texts)} chunks, {os.cpu_count()} CPUs, model {folder.name}")
    reference = None
    if not args.no_torch:
        os.environ["HF_HUB_OFFLINE"] = "1"
        import torch
        from sentence_transformers import SentenceTransformer

        from app.train.onnx_export import base_model_path

        torch.set_num_threads(2)
        model = SentenceTransformer(str(base_model_path()), device="cpu")
        model.max_seq_length = 256
        torch_rate, reference = rate(lambda t: model.encode(t, batch_size=32, normalize_embeddings=True), texts)
        print(f"  torch (sentence-transformers), batch 32, 2 threads: {torch_rate:6.1f} chunks/s")
    for threads, batch in [(2, 64), (2, 32), (2, 16), (2, 8), (2, 4), (1, 8)]:
        embedder = OnnxEmbedder(folder, threads=threads, batch_size=batch)
        onnx_rate, vectors = rate(embedder.embed, texts)
        line = f"  onnx int8, batch {batch:2d}, {threads} thread(s): {onnx_rate:6.1f} chunks/s"
        if reference is not None and args.model == "base":
            cosine = np.mean(np.sum(vectors * reference, 1))
            line += f"  (x{onnx_rate / torch_rate:.2f} torch, cosine to torch {cosine:.4f})"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
