"""What the commands show on the terminal besides their results: notes on stderr and a progress bar.

Results go to stdout; everything else (progress, waits, notes) goes to stderr, so ``--json`` output stays clean.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any


def say(message: str) -> None:
    """Tell the user something now, on stderr."""
    print(message, file=sys.stderr, flush=True)


class ProgressBar:
    """A one-line indexing progress bar (stderr), silent when stderr is not a terminal.

    Failed and skipped files are always said, on their own line, terminal or not.
    """

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, progress: Any) -> None:  # an app.core.ingest.indexing.IndexProgress
        outcome = progress.last_outcome
        if outcome is not None and outcome.status in ("failed", "skipped"):
            self._clear()
            print(f"  {outcome.status}: {outcome.path}: {outcome.reason}", file=sys.stderr)
        if not self.enabled or time.monotonic() - self.last < 0.2:
            return
        self.last = time.monotonic()
        width = 30
        filled = int(progress.fraction * width)
        rate = progress.pages_done / progress.elapsed if progress.elapsed > 0 else 0.0
        name = Path(progress.current_path).name[:40]
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {progress.files_done}/{progress.files_total} "
                         f"files {rate:5.1f} pages/s  {name:40}")
        sys.stderr.flush()

    def _clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 110 + "\r")

    def done(self) -> None:
        """Finish the bar line."""
        self._clear()


def print_index_report(report: Any) -> int:
    """Print an indexing batch's summary (always), then why it stopped, if it did.

    Args:
        report: an :class:`app.core.ingest.indexing.IndexReport`.

    Returns:
        The exit status: 0 when every file was indexed or skipped, else 1.
    """
    for line in report.summary_lines():
        print(line)
    if report.error:
        print(f"finlens: {report.error}", file=sys.stderr)
        return 1
    return 0 if report.count("failed") == 0 else 1
