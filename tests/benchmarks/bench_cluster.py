"""Team library numbers: cluster-index throughput (1 and 2 Ray workers) against local ``finlens index`` on the same
files, and search latency against a library on an S3-compatible server (moto, on this machine) against a local one.

Both runs use this machine only: a local Ray (``num_cpus=2``) and moto's server on 127.0.0.1, so the S3 figures
measure Lance's object-store path (HTTP requests, no local page cache) without a network's latency; a real bucket
adds its round trips (tens of ms per uncached read) on top.

* Indexing: ``--files N`` real 10-Ks from ``../shared/data/financebench-dev/pdfs`` (smallest first), or generated
  4-page filings when that folder is missing. Local: :func:`index_paths` with the default model on 2 ONNX threads.
  Cluster: :func:`cluster_index` with 1 ONNX thread per worker into a fresh bucket; its time excludes Ray start-up
  and the closing maintenance run (printed apart).
* Search: ``--chunks N`` synthetic chunks (random unit vectors, finance-vocabulary text, as in ``bench_search``)
  published with indexes (ANN once past 20k chunks), then ``--queries`` hybrid+company-filter searches each way.

Usage:
    python -m tests.benchmarks.bench_cluster [--files 3] [--chunks 20000] [--queries 40] [--skip-index] [--upload]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[2].parent / "shared/data/financebench-dev/pdfs"


def start_moto() -> tuple[subprocess.Popen[bytes], str]:
    """moto's S3 server on a free port, and the standard AWS variables pointing at it."""
    import socket

    from tests.local_servers import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    os.environ.update(AWS_ENDPOINT_URL=endpoint, AWS_REGION="us-east-1", AWS_ACCESS_KEY_ID="bench",
                      AWS_SECRET_ACCESS_KEY="bench")
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    return server, endpoint


def new_bucket(endpoint: str) -> str:
    """A fresh bucket; returns a library URI in it."""
    import boto3

    bucket = f"bench-{uuid.uuid4().hex[:10]}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=bucket)
    return f"s3://{bucket}/finlens"


def pick_files(count: int, scratch: Path) -> list[Path]:
    """The smallest ``count`` real 10-Ks, or generated filings when the shared data is absent."""
    if SHARED.is_dir():
        return sorted(SHARED.glob("*.pdf"), key=lambda p: p.stat().st_size)[:count]
    from tests.cluster.conftest import make_filings

    return make_filings(scratch / "generated", count * 10)


def bench_indexing(files: list[Path], endpoint: str, scratch: Path) -> None:
    """Local index vs cluster-index with 1 and 2 workers, on the same files."""
    from app.cluster.indexer import cluster_index, start_ray
    from app.core.indexing import index_paths
    from app.core.workspace import open_library

    folder = scratch / "files"
    folder.mkdir()
    for path in files:
        (folder / path.name).symlink_to(path)
    def run_local(label: str) -> int:
        local, embedder = open_library(scratch / f"local-{label}")
        started = time.perf_counter()
        report = index_paths([folder], local, embedder)
        local_s = time.perf_counter() - started
        size = sum(f.stat().st_size for f in (scratch / f"local-{label}").rglob("*") if f.is_file())
        print(f"  local finlens index ({label}, 2 ONNX threads): {local_s:6.1f} s  {len(files) / local_s:.3f} "
              f"files/s  {report.pages_indexed / local_s:.1f} pages/s  ({local.chunk_count()} chunks, "
              f"{size / max(1, local.chunk_count()) / 1024:.1f} KiB per chunk on disk)")
        return report.pages_indexed

    # Local runs before and after the cluster runs: this shared VM's speed drifts within minutes.
    print(f"{len(files)} files")
    pages = run_local("first")
    start_ray(None, 2)
    for workers in (1, 2):
        library, embedder = open_library(new_bucket(endpoint), writable=True)
        started = time.perf_counter()
        result = cluster_index([folder], library, str(embedder.folder), workers=workers)
        upkeep = time.perf_counter() - started - result.seconds - result.startup_seconds
        print(f"  cluster-index, {workers} worker(s) -> s3:   {result.seconds:6.1f} s  "
              f"{len(files) / result.seconds:.3f} files/s  {pages / result.seconds:.1f} pages/s  (actor start "
              f"{result.startup_seconds:.1f} s, maintain + publish {upkeep:.1f} s)")
    run_local("again")


def fill(library, size: int, dimension: int) -> None:  # noqa: ANN001 - Library
    """``size`` synthetic chunks over 200 documents of 20 companies (as ``bench_search.build``)."""
    from app.core.records import Chunk, DocumentInfo, Rect
    from tests.benchmarks.bench_search import VOCABULARY

    rng = np.random.default_rng(7)
    random.seed(7)
    per_doc = size // 200
    with library.writing() as session:
        for d in range(200):
            doc = DocumentInfo(doc_id=f"d{d:04}", path=f"/synthetic/{d}.pdf", title=f"Doc {d}",
                               company=f"Company {d % 20}", form_type="10-K", fiscal_year=2015 + d % 9,
                               fiscal_period=f"FY{2015 + d % 9}", page_count=per_doc // 4, content_hash=f"h{d}")
            chunks = [Chunk(chunk_id=f"{d}-{i}", doc_id=doc.doc_id, ordinal=i,
                            text=" ".join(random.choices(VOCABULARY, k=120)), pages=[i // 4], char_start=0,
                            char_end=0, rects=[Rect(i // 4, 72, 72, 540, 90)]) for i in range(per_doc)]
            vectors = rng.standard_normal((per_doc, dimension)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            session.add_document(doc, chunks, vectors, [c.text for c in chunks])


def upload_folder(folder: Path, uri: str, endpoint: str) -> None:
    """Copy a library folder, file by file, to ``uri`` (the lock file stays: a bucket's writers use their own)."""
    import boto3

    bucket, _, prefix = uri.removeprefix("s3://").partition("/")
    client = boto3.client("s3", endpoint_url=endpoint)
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "write.lock":
            client.upload_file(str(path), bucket, f"{prefix}/{path.relative_to(folder).as_posix()}")


def bench_search(size: int, queries: int, endpoint: str, scratch: Path, upload: bool = False) -> None:
    """Hybrid + company filter p50/p95 on a published moto-backed library and on a local one.

    ``upload``: build and publish the library in a local folder, then copy its files to the bucket, instead of
    writing it through Lance's object-store path (moto, one Python process, takes over 50 minutes for 100k chunks
    that way; the files are the same, and the reader's path is the one measured).
    """
    from app.core.embedding import load_embedder
    from app.core.library import Library
    from app.core.search import Searcher, SearchFilters
    from tests.benchmarks.bench_search import QUERIES

    embedder = load_embedder("base")
    meta = {"model_id": "synthetic", "model_hash": "0", "dimension": embedder.dimension}
    for name, location in (("local", scratch / "search-local"), ("s3 (moto)", new_bucket(endpoint))):
        started = time.perf_counter()
        remote_uri = location if isinstance(location, str) else None
        if remote_uri and upload:
            location = scratch / "search-s3-source"
        writer = Library(location, **meta, maintenance=True)
        fill(writer, size, embedder.dimension)
        if writer.remote:
            writer.maintain()
        else:
            writer.refresh_indexes()
        if remote_uri and upload:
            upload_folder(Path(location), remote_uri, endpoint)
            location = remote_uri
            Library(location, **meta, maintenance=True).maintain()  # publishes what was copied (indexes are built)
        built = time.perf_counter() - started
        reader = Library(location, **meta)  # a desktop: read-only, on the published version when remote
        searcher = Searcher(reader, embedder, reranker=None)
        for query in QUERIES:
            searcher.search(query, k=10)
        timings: dict[str, list[float]] = {"hybrid+filter": [], "hybrid": []}
        for i in range(queries):
            for label, filters in (("hybrid+filter", SearchFilters(companies=[f"Company {i % 20}"])),
                                   ("hybrid", None)):
                t0 = time.perf_counter()
                searcher.search(QUERIES[i % len(QUERIES)], k=10, filters=filters)
                timings[label].append((time.perf_counter() - t0) * 1000)
        print(f"  {name:10} {reader.chunk_count():,} chunks (built + published in {built:.0f} s, "
              f"ANN index: {reader.has_vector_index()})")
        for label, values in timings.items():
            p50, p95 = np.percentile(values, [50, 95])
            print(f"      {label:14} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")


def main() -> int:
    """Run both benchmarks and print their lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3)
    parser.add_argument("--chunks", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--skip-index", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--upload", action="store_true",
                        help="build the S3 library locally and copy its files up (moto is slow to write 100k chunks)")
    args = parser.parse_args()
    server, endpoint = start_moto()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            if not args.skip_index:
                bench_indexing(pick_files(args.files, Path(scratch)), endpoint, Path(scratch))
            if not args.skip_search:
                print(f"search, {args.chunks:,} synthetic chunks, {args.queries} queries each, query embedding "
                      "included")
                bench_search(args.chunks, args.queries, endpoint, Path(scratch), args.upload)
    finally:
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
