"""Indexing many small files: files/s, peak memory, and what the library leaves on disk.

Generates ``--files`` short text notes (one to three passages each, every one distinct), indexes them with
``finlens index`` in a child process (so the peak RSS is that of the command a user runs), then reports files/s,
the child's peak RSS, and the bytes and file count of the library folder once the command has returned. The aims of
issue 17: at least 50 files/s, at most 500 MB RSS, and a library no bigger on disk than twice its final data.

Usage:
    python -m tests.benchmarks.bench_small_files [--files 3000] [--root DIR] [--model base] [--keep]

``--root`` runs the ``app`` package of another checkout (e.g. ``git worktree add /tmp/base HEAD``) with this
script, to measure before and after a change on the same machine and files. ``--fake-embedder`` replaces the ONNX
model with random unit vectors, to measure the storage alone (embedding is most of a real run's time, and on a
shared machine its speed follows the other processes' load). CPU ms per file (the child's user + system time) moves
less with the load than files/s; the load average is printed at the start and the end.

Results (2 shared cores, AMD EPYC, ``--model default``; before = the code before read-ahead, run with ``--root``):

=====================  ==========================  ===========  ============  ========  ========  ===========
files                  code                        files/s      CPU ms/file   peak RSS  on disk   load
=====================  ==========================  ===========  ============  ========  ========  ===========
3,000                  before                      10.1         105           425 MB    11.7 MB   4.3 -> 3.8
3,000                  read-ahead, 1-thread runs   19.3         56            460 MB    11.8 MB   1.5 -> 4.5
3,000                  before                      4.7          110           489 MB    11.8 MB   5.2 -> 13.3
3,000                  read-ahead, 1-thread runs   11.1         56            459 MB    11.7 MB   9.7 -> 8.8
10,000                 read-ahead, 1-thread runs   15.6         58            591 MB    39.0 MB   7.7 -> 7.3
10,000                 read-ahead, 1-thread runs   15.8         66            596 MB    38.9 MB   5.7 -> 6.4
10,000                 + metadata cache 16 MiB     16.4         63            531 MB    39.1 MB   6.0 -> 6.7
3,000                  read-ahead, 1-thread runs   18.2         58            448 MB    11.8 MB   6.1 -> 7.1
3,000                  + metadata cache 16 MiB     16.7         60            454 MB    11.7 MB   6.8 -> 6.9
=====================  ==========================  ===========  ============  ========  ========  ===========

Where the time goes: a note is 1.7 passages, 351 tokens (417 with padding; 55% of the passages fill the 256-token
window), and embedding it costs about 49 CPU ms on one thread (QAttention 50% of the model's time, the int8 MatMuls
39%); parsing, chunking and storing about 7 ms. Two idle cores thus give at most about 36 files/s with these vectors.
The vectors of the run after are those of the run before (max abs difference 0 on 60 notes and a 306-page 10-K).
Embedding each passage alone (batches of one) would spend 15% less CPU (48 against 56 ms per note, whole run, load 8)
and make a passage's vector independent of its batch-mates, but changes the stored vectors by up to 0.03 (cosine
>= 0.984; with the base model, slightly closer to its fp32 original: mean cosine 0.9932 against 0.9929).

Where the memory went (the last four rows, back to back): a run commits every 3 s, about 170 times for 10,000 notes,
and each commit makes a version of each table whose manifest lists all of its fragments. LanceDB's metadata cache
(1 GiB by default) kept every manifest read, so it grew with the square of the commits: 8 MB after 3,000 notes,
73 MB after 10,000 (``lancedb.Session.size_bytes``; 113 MB at 223 commits). The library now caps it at 16 MiB
(``METADATA_CACHE_BYTES``; what is read again is a few MB), which leaves 3,000 notes as they were and takes 65 MB off
10,000; the stored rows and vectors are the same (all columns of 10,000 notes compared, and 60 notes and a 10-K with
the real model). What still grows with the run: the compaction and full-text index update at its end (+40 MB at
3,000 notes; +80 MB at 10,000, 438 MB at the last file to 519 MB, about half of it tokenising every passage added
since the first batch; Lance's ``LANCE_DEFAULT_BATCH_SIZE=1024`` halves that but made keyword search at 100,000
passages 25% slower), and the writer's view of the documents (about 1 KB a note, 1 KB more while it is read again
after each commit). ``MALLOC_ARENA_MAX=2`` changed nothing (516 against 519 MB). ``--fake-embedder`` runs commit
every 500 notes, not every 3 s: the cache growth does not show there.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("revenue margin inventory freight capital expenditure dividend segment guidance backlog liquidity "
         "impairment goodwill lease hedging currency tariff pricing demand supplier headcount restructuring "
         "warranty pension receivables payables covenant refinancing buyback acquisition divestiture").split()


def make_notes(folder: Path, count: int, seed: int = 7) -> int:
    """Write ``count`` distinct small notes; returns their total size in bytes."""
    rng = random.Random(seed)
    total = 0
    for number in range(count):
        sentences = [f"Note {number}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + "."
                     for _ in range(rng.randint(3, 25))]
        text = f"Company {number % 97} analyst note {number}\n\n" + "\n".join(sentences) + "\n"
        path = folder / f"sub{number % 10}" / f"note_{number:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        total += len(text)
    return total


def table_bytes(library: Path) -> int:
    """The Arrow size of the library's tables: the data a library cannot do without (the 2x yardstick)."""
    import lancedb

    db = lancedb.connect(str(library / "lance"))
    return sum(db.open_table(name).to_arrow().nbytes for name in db.list_tables().tables)


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files under ``folder``."""
    size = files = 0
    for path in folder.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            files += 1
    return size, files


_CHILD = """
import os, resource, sys, time
sys.path.insert(0, sys.argv[1])
if os.environ.get("BENCH_FAKE_EMBEDDER"):
    import numpy as np
    import app.core.retrieval.embedding as embedding
    def fake(self, texts, **options):
        vectors = np.random.default_rng(len(texts)).standard_normal((len(texts), self.dimension)).astype("float32")
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    embedding.OnnxEmbedder.embed = embedding.OnnxEmbedder._embed = fake
from app.cli import main
started = time.perf_counter()
status = main(["--library", sys.argv[2], "index", sys.argv[3], *sys.argv[4:]])
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print("BENCH", status, seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, flush=True)
"""


def main() -> int:
    """Run the benchmark and print one JSON line (and a readable summary)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                        help="checkout whose app package is measured")
    parser.add_argument("--model", default="base", help="embedding model (base or default; same speed)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--fake-embedder", action="store_true", help="random vectors: time the storage alone")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="finlens-small-"))
    try:
        notes = scratch / "notes"
        notes.mkdir()
        text_bytes = make_notes(notes, args.files)
        library = scratch / "library"
        env = {**os.environ, "FINLENS_CONFIG_DIR": str(scratch / "config")}
        if args.fake_embedder:
            env["BENCH_FAKE_EMBEDDER"] = "1"
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", _CHILD, str(args.root), str(library), str(notes),
                                 "--model", args.model], capture_output=True, text=True, env=env,
                                cwd=args.root)
        wall = time.perf_counter() - started
        line = next((raw for raw in result.stdout.splitlines() if raw.startswith("BENCH")), None)
        if line is None or line.split()[1] != "0":
            print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
            return 1
        _, status, seconds, rss_kb, cpu_seconds = line.split()
        size, count = folder_size(library)
        data = table_bytes(library)
        summary = {"files": args.files, "text_mb": round(text_bytes / 1e6, 2), "status": int(status),
                   "seconds": round(float(seconds), 1), "wall_seconds": round(wall, 1),
                   "files_per_s": round(args.files / float(seconds), 1),
                   "cpu_ms_per_file": round(1000 * float(cpu_seconds) / args.files, 1),
                   "peak_rss_mb": round(int(rss_kb) / 1024),
                   "disk_mb": round(size / 1e6, 1), "disk_files": count,
                   "table_data_mb": round(data / 1e6, 1), "disk_to_data": round(size / max(1, data), 2),
                   "root": str(args.root),
                   "fake_embedder": args.fake_embedder,
                   "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)]}
        print(json.dumps(summary))
        tail = [raw for raw in result.stdout.splitlines() if raw and not raw.startswith("BENCH")][-1:]
        print(f"{summary['files_per_s']} files/s ({summary['cpu_ms_per_file']} CPU ms/file), "
              f"peak RSS {summary['peak_rss_mb']} MB, "
              f"{summary['disk_mb']} MB on disk in {count} files; {' '.join(tail)}")
        return 0
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
