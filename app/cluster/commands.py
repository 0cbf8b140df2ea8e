"""``finlens cluster-index``: registered always, runnable once the ``cluster`` extra (Ray) is installed."""

from __future__ import annotations

import argparse
import importlib.util
import sys


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run_cluster_index(args: argparse.Namespace) -> int:
    """Index files on Ray into the active library, then maintain (publish) it."""
    if importlib.util.find_spec("ray") is None:
        print("finlens: cluster indexing needs Ray: pip install 'finlens[cluster]' (or pip install 'ray[data]').",
              file=sys.stderr)
        return 2
    from app.cluster.indexer import run

    report = run(args.paths, address=args.address, workers=args.workers, model=args.model)
    print(report.summary())
    for outcome in report.outcomes:
        if outcome.status == "failed":
            print(f"  failed: {outcome.path}: {outcome.reason}")
    if report.published:
        print(f"Published version {report.published['documents']} of the documents.")
    return 0 if report.count("failed") == 0 else 1


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Register ``cluster-index``."""
    parser = commands.add_parser("cluster-index", help="index files on a Ray cluster into a (team) library")
    parser.add_argument("paths", nargs="+")
    # Also after the command; SUPPRESS leaves the global --library alone when this one is not given.
    parser.add_argument("--library", metavar="DIR|URI", default=argparse.SUPPRESS, help="the library to add to")
    parser.add_argument("--address", metavar="ray://HOST:PORT|auto",
                        help="the Ray cluster (default: start a local Ray on this machine)")
    parser.add_argument("--workers", type=_positive, default=2, help="parallel workers, one CPU each (default 2)")
    parser.add_argument("--model", help="embedding model (only for a new library)")
    parser.set_defaults(func=run_cluster_index)
