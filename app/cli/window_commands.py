"""The desktop window from the command line: ``finlens`` with no command, and ``finlens demo``.

Qt is imported only here, and only when the window really opens; on a machine without a display (or without the
system libraries Qt needs) ``demo`` prints example searches instead.
"""

from __future__ import annotations

import argparse
import os
import sys

from app.cli.active_library import open_active_library
from app.cli.terminal import ProgressBar
from app.core import paths

DEMO_QUERIES = ("total revenue and net income for the fiscal year", "capital expenditures (capex)",
                "What are the main risk factors?")


def window_problem() -> str | None:
    """Why the window cannot open on this system (missing libraries), in a sentence; None when it can."""
    from app.startup_checks import window_libraries_problem

    return window_libraries_problem()


def open_window(args: argparse.Namespace, *, load_samples: bool = False, checked: bool = False) -> int:
    """Run the desktop window until it closes; returns its exit status (2 when it cannot open).

    Args:
        args: the parsed arguments (``no_err_windows``).
        load_samples: index the bundled sample filings once the window is up.
        checked: the system libraries were already checked (skip :func:`window_problem`).
    """
    import importlib.util

    if importlib.util.find_spec("PySide6") is None:
        print("The desktop window is not available: PySide6 is not installed (pip install pyside6-essentials).",
              file=sys.stderr)
        return 2
    problem = None if checked else window_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from app.ui.application import run_app

    argv = [sys.argv[0]] + (["--no-err-windows"] if args.no_err_windows else [])
    return run_app(load_samples=load_samples, argv=argv)


def run_demo(args: argparse.Namespace) -> int:
    """``finlens demo``: index the bundled sample filings and open the window (or print example searches).

    The samples go to a library of their own (:func:`app.core.paths.demo_library_dir`), never into the user's
    filings, unless ``--library`` (or ``$FINLENS_LIBRARY``) names one.
    """
    if not paths.library_overridden():
        paths.set_library_override(paths.demo_library_dir())
    no_display = not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
        and sys.platform.startswith("linux")
    # Qt aborts the process when its platform plugin cannot load: look for missing system libraries first.
    missing_libraries = None if no_display or args.headless else window_problem()
    if missing_libraries:
        print(missing_libraries, file=sys.stderr)
    if not (no_display or args.headless or missing_libraries):
        return open_window(args, load_samples=True, checked=True)
    from app.core.ingest.indexing import index_paths
    from app.core.location import library_location
    from app.core.retrieval.search import Searcher

    library, embedder = open_active_library(args)
    report = index_paths([paths.samples_dir()], library, embedder, on_progress=ProgressBar())
    for line in report.summary_lines():
        print(line)
    searcher = Searcher(library, embedder)
    for query in DEMO_QUERIES:
        response = searcher.search(query, k=3)
        print(f"\n> {query}")
        for hit in response.hits:
            print(f"  {hit.score:.3f}  {hit.document.label}  p.{hit.chunk.page + 1}: {hit.snippet[:150]}")
    why = "the window needs the libraries named above" if missing_libraries \
        else "no display found: run 'finlens' on a desktop for the window"
    print(f"\nLibrary: {library_location()}  ({why})")
    return 0
