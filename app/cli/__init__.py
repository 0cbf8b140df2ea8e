"""The ``finlens`` command: the desktop window by default, and sub-commands over the same core.

* :mod:`.parser` declares every command and its options (global ones before or after the command);
* :mod:`.library`, :mod:`.search`, :mod:`.answering`, :mod:`.statements`, :mod:`.evaluation` and :mod:`.window` run
  the commands, by topic; :mod:`.training` offers the training commands when their stack is installed, and
  ``cluster-index`` comes from :mod:`app.cluster.commands` (Ray is optional);
* :mod:`.active_library` opens the library a command works on, :mod:`.terminal` prints progress and notes.

:func:`main` sets up the library override and logging, runs the command and turns errors into one plain sentence
(details in the log). Heavy imports happen inside the commands that need them, so ``finlens --help`` and the window
start fast and the training stack (torch) is only imported by the training commands.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.core import paths

log = logging.getLogger("app.cli")
CLI_LOG_FILE = "finlens-cli.log"


def _init_logging(verbose: bool) -> Path | None:
    """Log to the CLI log file (stderr shows only sentences unless ``--verbose``). Returns the file, if writable."""
    logging.captureWarnings(True)  # library warnings belong in the log, not between the user's lines
    handlers: list[logging.Handler] = []
    path: Path | None = paths.log_dir() / CLI_LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=2,
                                                                        encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)-7s %(name)s: %(message)s"))
        handlers.append(handler)
    except OSError:
        path = None
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    if not handlers:
        handlers.append(logging.NullHandler())  # never Python's last-resort handler on stderr
    for name in ("app", "finlens", "py.warnings", "lancedb"):
        logger = logging.getLogger(name)
        files = {getattr(h, "baseFilename", None) for h in logger.handlers} - {None}
        for handler in handlers:  # main() runs many times in one test process: one file handler per file
            if getattr(handler, "baseFilename", None) not in files:
                logger.addHandler(handler)
        logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    return path


def _run_gui(args: argparse.Namespace) -> int:
    """No command: open the desktop window."""
    from app.cli.window_commands import open_window

    return open_window(args)


INTERRUPTED_EXIT = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C


class _CtrlC:
    """The SIGINT handler of a ``finlens`` run: during start-up it only notes the press, afterwards it raises
    ``KeyboardInterrupt`` as Python's own handler does.

    Start-up imports native modules, and a ``KeyboardInterrupt`` raised inside one of their imports is printed by
    the native code (a 20-line traceback) and comes out as another error (onnxruntime's import of numpy turns it
    into ``ImportError: import numpy failed``). So a press during start-up is acted on once start-up is over, a
    fraction of a second later; the note also turns any error that follows a press into an interruption.
    """

    def __init__(self) -> None:
        self.pressed = False
        self.started = False

    def __call__(self, signum: int, frame: object) -> None:
        self.pressed = True
        if self.started:
            raise KeyboardInterrupt

    def start(self) -> None:
        """Start-up is over: stop now if Ctrl-C was pressed during it, and raise at once on the next press."""
        self.started = True
        if self.pressed:
            raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``finlens`` command: Ctrl-C at any point (start-up included) ends it with one line and
    exit status 130; the commands that can stop cleanly midway (index, ask) say what was kept themselves."""
    import signal
    import threading

    ctrl_c = _CtrlC()
    previous = signal.getsignal(signal.SIGINT)
    # Not from a worker thread (tests), and not where Ctrl-C is ignored on purpose (a job started with & by a script).
    installed = threading.current_thread() is threading.main_thread() and previous is not signal.SIG_IGN
    if installed:
        signal.signal(signal.SIGINT, ctrl_c)
    try:
        return _main(argv, ctrl_c)
    except KeyboardInterrupt:
        return _interrupted()
    except Exception:
        if ctrl_c.pressed:
            return _interrupted()
        raise
    finally:
        if installed:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)


def _interrupted() -> int:
    try:
        log.info("interrupted (Ctrl-C)")
        print("finlens: interrupted.", file=sys.stderr)
    except KeyboardInterrupt:  # a second Ctrl-C while saying so: the exit status tells it
        pass
    return INTERRUPTED_EXIT


def _main(argv: Sequence[str] | None, ctrl_c: _CtrlC) -> int:
    import onnxruntime  # noqa: F401  - before Qt: avoids the MSVC runtime DLL clash on Windows

    from app.cli.parser import build_parser

    args = build_parser().parse_args(argv)
    if args.library:
        paths.set_library_override(args.library)
    if args.self_test:
        from app.selftest import run_self_test

        ctrl_c.start()
        return run_self_test()
    if args.command is None:
        ctrl_c.start()
        return _run_gui(args)
    log_file = _init_logging(args.verbose)
    log.info("finlens %s %s", __version__, " ".join(sys.argv[1:] if argv is None else argv))
    ctrl_c.start()
    try:
        return int(args.func(args) or 0)
    except Exception as error:  # user-facing errors are plain sentences; details go to the log
        if ctrl_c.pressed:
            raise
        from app.core.retrieval.embedding import EmbedderError
        from app.core.retrieval.search import QueryTooLongError
        from app.core.store import LibraryError

        if isinstance(error, LibraryError | EmbedderError | QueryTooLongError | paths.NotALocalFolderError):
            log.info("stopped: %s", error)
            print(f"finlens: {error}", file=sys.stderr)
            return 2
        log.exception("unexpected error")
        if args.verbose:
            raise
        where = f" Details are in {log_file}" if log_file else ""
        print(f"finlens: unexpected error ({type(error).__name__}: {error}).{where}; run again with --verbose to see "
              "them here.", file=sys.stderr)
        return 1
