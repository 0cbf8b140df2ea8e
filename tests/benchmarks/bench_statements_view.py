"""How long the Statements view takes to open a filing's statements (issue aim: ≤ 300 ms for a 10-K).

Opens a library (any library indexed with statements, e.g. the dev library ``eval-retrieval`` builds), then asks
the window's :class:`app.ui.statements_view.StatementsView` to show each 10-K in turn and times it from the request
to the table on screen (the view's own ``loaded`` signal: read from the library on a worker, decoded, laid out).
Runs offscreen.

Usage:
    python -m tests.benchmarks.bench_statements_view --library DIR [--model base] [--limit 20]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np


def main() -> int:
    """Time the view on each 10-K of the library and print p50/p95/max."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=20, help="at most this many 10-Ks")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.core.library_opening import open_library
    from app.ui.statements_view import StatementsView

    app = QApplication.instance() or QApplication([])
    library, _ = open_library(args.library, args.model)
    filings = [d for d in library.list_documents() if d.form_type == "10-K"][:args.limit]
    if not filings:
        print("No 10-K in that library.")
        return 2
    view = StatementsView(library)
    view.resize(1200, 800)
    view.show()
    timings: list[float] = []
    tables: list[int] = []
    for document in filings:
        loop = QEventLoop()
        seconds: list[float] = []
        view.loaded.connect(lambda elapsed, into=seconds, done=loop: (into.append(elapsed), done.quit()))
        QTimer.singleShot(10_000, loop.quit)
        view.show_document(document)
        loop.exec()
        view.loaded.disconnect()
        app.processEvents()  # the table is painted before the next one is asked for
        if seconds:
            timings.append(seconds[0])
            tables.append(len(view.statements.tables))
    if not timings:
        print("The view never finished loading.")
        return 1
    ms = np.array(timings) * 1000
    print(f"Statements view, {len(ms)} 10-Ks ({int(np.mean(tables))} statements each on average): "
          f"p50 {np.percentile(ms, 50):.0f} ms, p95 {np.percentile(ms, 95):.0f} ms, max {ms.max():.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
