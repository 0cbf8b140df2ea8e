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
  published with indexes (ANN once past 20k chunks) in a local folder, copied to a bucket and published there, then
  ``--queries`` hybrid searches with and without a company filter each way, with moto's requests per search. moto
  runs with ranged reads that read only the range (:mod:`tests.benchmarks.moto_ranges`: as shipped, moto copies
  the whole object for every ranged GET, so its time grows with the data files' size); ``--whole-object-ranges``
  adds a run against moto as shipped.

Usage:
    python -m tests.benchmarks.bench_cluster [--files 3] [--chunks 20000] [--queries 40] [--skip-index]
        [--skip-search] [--whole-object-ranges]
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


def start_moto(*, whole_object_ranges: bool = False, log: Path | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """moto's S3 server on a free port, and the standard AWS variables pointing at it.

    By default its ranged GETs read only the range (:mod:`tests.benchmarks.moto_ranges`); ``whole_object_ranges``
    runs moto as shipped, which copies the whole object for each range. ``log``: moto's request log (one line per
    request), to count the requests a search makes.
    """
    import socket

    from tests.local_servers import free_port

    port = free_port()
    module = "moto.server" if whole_object_ranges else "tests.benchmarks.moto_ranges"
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - the server's, closed with it
    server = subprocess.Popen([sys.executable, "-m", module, "-H", "127.0.0.1", "-p", str(port)],
                              stdout=output, stderr=output, cwd=Path(__file__).resolve().parents[2])
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
    from app.core.ingest.indexing import index_paths
    from app.core.library_opening import open_library

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


def time_searches(location: Path | str, queries: int, log: Path | None = None) -> tuple[dict[str, list[float]], float]:
    """Hybrid searches with and without a company filter on a read-only reader (published version when remote).

    Returns the timings (ms) by label and the mean number of requests per search read from moto's ``log``.
    """
    from app.core.retrieval.embedding import load_embedder
    from app.core.retrieval.search import Searcher, SearchFilters
    from app.core.store import Library
    from tests.benchmarks.bench_search import QUERIES

    embedder = load_embedder("base")
    reader = Library(location, model_id="synthetic", model_hash="0", dimension=embedder.dimension)
    searcher = Searcher(reader, embedder, reranker=None)
    for query in QUERIES:  # warm: index caches, the document list
        searcher.search(query, k=10)
    requests_before = _lines(log)
    timings: dict[str, list[float]] = {"hybrid+filter": [], "hybrid": []}
    for i in range(queries):
        for label, filters in (("hybrid+filter", SearchFilters(companies=[f"Company {i % 20}"])), ("hybrid", None)):
            t0 = time.perf_counter()
            searcher.search(QUERIES[i % len(QUERIES)], k=10, filters=filters)
            timings[label].append((time.perf_counter() - t0) * 1000)
    time.sleep(0.5)  # the server writes its log line after answering
    return timings, (_lines(log) - requests_before) / (2 * queries)


def _lines(log: Path | None) -> int:
    return sum(1 for _ in log.open("rb")) if log and log.exists() else 0


def bench_search(size: int, queries: int, scratch: Path, whole_object_ranges: bool = False) -> None:
    """Hybrid (+ company filter) p50/p95 on a local library and on the same library published on moto.

    The library is built and published in a local folder, then its files are copied to a bucket and published there
    (writing 100k chunks through moto, one Python process, took over 50 minutes; the files are the same, and the
    reader's path is the one measured). ``whole_object_ranges`` adds a run against moto as shipped.
    """
    from app.core.store import Library

    meta = {"model_id": "synthetic", "model_hash": "0", "dimension": 384}
    local = scratch / "search-local"
    started = time.perf_counter()
    writer = Library(local, **meta, maintenance=True)
    fill(writer, size, meta["dimension"])
    writer.refresh_indexes()
    print(f"  built and indexed {writer.chunk_count():,} chunks in {time.perf_counter() - started:.0f} s "
          f"(ANN index: {writer.has_vector_index()}, "
          f"{sum(f.stat().st_size for f in local.rglob('*') if f.is_file()) / 1e6:.0f} MB on disk)")
    runs = [("local", None), ("moto, ranged reads", False)] + ([("moto as shipped", True)] if whole_object_ranges
                                                              else [])
    for name, whole in runs:
        if whole is None:
            timings, requests = time_searches(local, queries)
        else:
            log = scratch / f"moto-{whole}.log"
            server, endpoint = start_moto(whole_object_ranges=whole, log=log)
            try:
                uri = new_bucket(endpoint)
                upload_folder(local, uri, endpoint)
                Library(uri, **meta, maintenance=True).maintain()  # publishes what was copied (indexes are built)
                timings, requests = time_searches(uri, queries, log)
            finally:
                server.terminate()
        print(f"  {name:20}" + "".join(f"  {label} p50 {np.percentile(v, 50):7.1f} ms p95 {np.percentile(v, 95):7.1f}"
                                      for label, v in timings.items())
              + (f"  ({requests:.0f} requests per search)" if whole is not None else ""))


def main() -> int:
    """Run both benchmarks and print their lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3)
    parser.add_argument("--chunks", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--skip-index", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--whole-object-ranges", action="store_true",
                        help="also search against moto as shipped (it copies the whole object for every ranged GET)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        if not args.skip_index:
            server, endpoint = start_moto()
            try:
                bench_indexing(pick_files(args.files, Path(scratch)), endpoint, Path(scratch))
            finally:
                server.terminate()
        if not args.skip_search:
            print(f"search, {args.chunks:,} synthetic chunks, {args.queries} queries each, query embedding included")
            bench_search(args.chunks, args.queries, Path(scratch), args.whole_object_ranges)
    return 0


if __name__ == "__main__":
    sys.exit(main())
