"""Entry point of the frozen FinLens builds (PyInstaller runs this file as ``__main__``).

It only prepares the frozen process and hands over to :func:`app.cli.main`, which handles ``--self-test`` and every
other option exactly as ``python -m app`` does.
"""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    """Run the ``finlens`` command inside a frozen build."""
    # Worker processes (PDF parsing) re-run this executable; freeze_support() turns those runs into workers
    # instead of second copies of the app. It is a no-op outside frozen Windows/macOS spawn children.
    multiprocessing.freeze_support()
    from app.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
