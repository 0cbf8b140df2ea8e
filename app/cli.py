"""The ``finlens`` command: the desktop window by default, and sub-commands over the same core.

Heavy imports happen inside the commands that need them, so ``finlens --help`` and the window start fast and the
training stack (torch) is only imported by ``train-embedder``.
"""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.core import paths

log = logging.getLogger("app.cli")
CLI_LOG_FILE = "finlens-cli.log"
MAX_K = 1000
YEARS = (1900, 2100)


def _say(message: str) -> None:
    """Tell the user something now (stderr, so ``--json`` output stays clean)."""
    print(message, file=sys.stderr, flush=True)


def _year(text: str) -> int:
    """argparse type of ``--year``: a plausible fiscal year."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year; use four digits, e.g. 2023") from None
    if not YEARS[0] <= year <= YEARS[1]:
        raise argparse.ArgumentTypeError(f"{text} is not a fiscal year between {YEARS[0]} and {YEARS[1]}")
    return year


def _hit_count(text: str) -> int:
    """argparse type of ``-k``: a number of hits between 1 and :data:`MAX_K`."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 1 <= count <= MAX_K:
        raise argparse.ArgumentTypeError(f"{text} hits: choose between 1 and {MAX_K}")
    return count


def _seconds(text: str) -> float:
    """argparse type of ``--wait``: seconds, zero or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the wait cannot be negative")
    return value


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


def _open_library(args: argparse.Namespace, *, create: bool = True, writable: bool | None = None,
                  maintenance: bool = False):  # noqa: ANN202 - (Library, embedder)
    """Open the active library (a folder, or a team library URI: read-only unless ``writable``/``maintenance``)."""
    from app.core.library import Library
    from app.core.workspace import open_for_command

    location = paths.library_location()
    if not create and Library.read_meta(location) is None:
        raise SystemExit(f"No library at {location}. Add files first: finlens index PATH")
    library, embedder, note = open_for_command(getattr(args, "model", None), writable=writable,
                                               maintenance=maintenance)
    library.on_wait = _say
    if getattr(args, "wait", None) is not None:
        library.wait_timeout = args.wait
    if note:
        print(note, file=sys.stderr)
    return library, embedder


class _ProgressBar:
    """A one-line terminal progress bar (stderr), silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, progress) -> None:  # noqa: ANN001 - IndexProgress
        if progress.last_outcome is not None and progress.last_outcome.status in ("failed", "skipped"):
            self._clear()
            print(f"  {progress.last_outcome.status}: {progress.last_outcome.path}: {progress.last_outcome.reason}",
                  file=sys.stderr)
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


def cmd_index(args: argparse.Namespace) -> int:
    """``finlens index PATH...``"""
    from app.core.indexing import index_paths

    library, embedder = _open_library(args, writable=True)  # on a team library: an appender (see store.remote)
    bar = _ProgressBar()
    try:
        report = index_paths(args.paths, library, embedder, on_progress=bar, on_wait=_say)
    except KeyboardInterrupt:
        bar.done()
        print("Interrupted: files finished so far are kept; run the same command again to resume.", file=sys.stderr)
        return 130
    bar.done()
    return _print_report(report)


def _print_report(report) -> int:  # noqa: ANN001 - IndexReport
    """Print a batch's summary (always), then why it stopped, if it did. Returns the exit status."""
    for line in report.summary_lines():
        print(line)
    if report.error:
        print(f"finlens: {report.error}", file=sys.stderr)
        return 1
    return 0 if report.count("failed") == 0 else 1


def cmd_maintain(args: argparse.Namespace) -> int:
    """``finlens maintain``: a team library's maintenance run (repair, indexes, compaction, publish)."""
    from datetime import timedelta

    library, _ = _open_library(args, create=False, maintenance=True)
    if not library.remote:
        library.refresh_indexes()  # a local library has no published version: upkeep is all there is
        print(f"Maintained {library.folder}: indexes refreshed, tables compacted.")
        return 0
    versions = library.maintain(keep=timedelta(minutes=args.keep_minutes))
    published = library.published() or {}
    print(f"Published {library.folder}: {published.get('documents', '?')} documents, "
          f"{published.get('chunks', '?')} passages (documents version {versions['documents']}).")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    """``finlens reindex``: rebuild the library with the chosen model (after a model change)."""
    from app.core.indexing import index_paths
    from app.core.workspace import prepare_reindex

    plan = prepare_reindex(paths.library_dir(), args.model or "default", on_wait=_say)
    if plan.backup is not None:
        print(f"Previous library kept at {plan.backup} until the next re-index.")
    for missing in plan.missing:
        print(f"skipped   {missing}: the file no longer exists.")
    bar = _ProgressBar()
    report = index_paths(plan.paths, plan.library, plan.embedder, on_progress=bar, on_wait=_say)
    bar.done()
    return _print_report(report)


def cmd_search(args: argparse.Namespace) -> int:
    """``finlens search "query"``"""
    from app.core.query import distinct_companies
    from app.core.reranking import configured_reranker
    from app.core.search import Searcher, SearchFilters

    library, embedder = _open_library(args, create=False)
    filters = SearchFilters(companies=[args.company] if args.company else [],
                            form_types=[args.form] if args.form else [],
                            fiscal_years=[args.year] if args.year else [])
    searcher = Searcher(library, embedder, reranker=configured_reranker(args.reranker))
    if args.company:
        # Accept what the user types ("nike", "NKE") and map it to the stored company name.
        filters.companies = searcher.resolve_companies(args.company) or [args.company]
    response = searcher.search(args.query, k=args.k, filters=filters, method=args.method)
    if searcher.ranker.note:
        print(searcher.ranker.note, file=sys.stderr)
    if args.json:
        print(json.dumps({"query": args.query, "companies": response.filters.companies,
                          "years": response.parsed.years, "hits": [h.to_dict() for h in response.hits]}, indent=2))
        return 0
    if response.auto_company_filter:
        print(f"(limited to {', '.join(distinct_companies(response.filters.companies))}, named in the query)")
    if not response.hits:
        print("No results. Try fewer words, or remove filters.")
    for rank, hit in enumerate(response.hits, 1):
        pages = "-".join(str(p + 1) for p in (hit.chunk.pages[0], hit.chunk.pages[-1])) \
            if len(hit.chunk.pages) > 1 else str(hit.chunk.page + 1)
        print(f"{rank:2}. {hit.score:.3f}  {hit.document.label}  p.{pages}")
        print(f"    {hit.snippet}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """``finlens docs``: list the library."""
    library, _ = _open_library(args, create=False)
    documents = library.list_documents()
    copies = library.all_copies()
    if args.json:
        print(json.dumps([{**d.to_dict(), "copies": copies.get(d.doc_id, [])} for d in documents], indent=2))
        return 0
    if not documents:
        print("The library is empty. Add files: finlens index PATH")
    for doc in documents:
        print(f"{doc.doc_id}  {doc.company[:28]:28} {doc.ticker:6} {doc.form_type:16} {doc.fiscal_period:12} "
              f"{doc.page_count:5}p  {Path(doc.path).name}")
        for copy in copies.get(doc.doc_id, []):
            print(f"{'':18}same content also at {copy}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """``finlens remove DOC_ID_OR_PATH...``"""
    from app.core.library import LibraryError

    library, _ = _open_library(args, create=False, maintenance=True)  # removing is a team library's maintenance
    status = 0
    lines = []
    try:
        # One write session: one commit for all targets, then compaction; nothing is said removed before it is.
        with library.writing() as session:
            for target in args.targets:
                document = session.get_document(target) or \
                    session.find_by_path(str(Path(target).expanduser().resolve()))
                if document is None:
                    lines.append(f"Not in the library: {target}")
                    status = 1
                    continue
                session.remove_document(document.doc_id)
                lines.append(f"Removed {document.label} ({Path(document.path).name})")
            session.maintain()
    except LibraryError as error:
        print(f"Nothing was removed. finlens: {error}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    if library.remote and library.writable:
        print("Desktops see this once it is published: finlens maintain --library URI.")
    return status


def cmd_eval_retrieval(args: argparse.Namespace) -> int:
    """``finlens eval-retrieval``: page-level hit@k and MRR on a FinanceBench-format question file."""
    from app.core.embedding import load_embedder
    from app.core.evaluation import doc_ids_by_stem, evaluate, load_questions, write_details
    from app.core.indexing import index_paths
    from app.core.library import Library
    from app.core.search import Searcher

    questions = load_questions(args.questions)
    temporary = None
    folder = paths.library_dir() if args.library else None
    if folder is None:
        temporary = tempfile.mkdtemp(prefix="finlens-eval-")
        folder = Path(temporary)
    embedder = load_embedder(args.model or "default")
    try:
        library = Library(folder, model_id=embedder.model_id, model_hash=embedder.model_hash,
                          dimension=embedder.dimension)
        needed = sorted({q.doc_name for q in questions} | {e[0] for q in questions for e in q.evidence})
        pdfs = [Path(args.pdf_dir) / f"{name}.pdf" for name in needed]
        if args.mode == "shared":
            pdfs = sorted(Path(args.pdf_dir).glob("*.pdf"))
        report = index_paths([p for p in pdfs if p.exists()], library, embedder,
                             on_progress=None if args.json else _ProgressBar())
        if not args.json and report.count("indexed"):
            print(f"indexed {report.count('indexed')} filings ({report.pages_indexed} pages) in {report.seconds:.0f} s",
                  file=sys.stderr)
        searcher = Searcher(library, embedder, reranker=args.reranker or "default")
        metrics = evaluate(searcher, questions, doc_ids_by_stem(library), mode=args.mode, method=args.method,
                           understand=not args.no_understanding)
        if searcher.ranker.note:
            print(searcher.ranker.note, file=sys.stderr)
        if args.details:
            write_details(args.details, metrics, questions)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    result = metrics.to_dict()
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.method} / {args.mode} / {embedder.model_id}: " + "  ".join(f"{k}={v}" for k, v in result.items()))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """``finlens demo``: index the bundled sample filings and open the window (or print example searches)."""
    samples = paths.samples_dir()
    no_display = not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
        and sys.platform.startswith("linux")
    # Qt aborts the process when its platform plugin cannot load: look for missing system libraries first.
    missing_libraries = None if no_display or args.headless else _window_problem()
    if missing_libraries:
        print(missing_libraries, file=sys.stderr)
    if no_display or args.headless or missing_libraries:
        from app.core.indexing import index_paths
        from app.core.search import Searcher

        library, embedder = _open_library(args)
        report = index_paths([samples], library, embedder, on_progress=_ProgressBar())
        for line in report.summary_lines():
            print(line)
        searcher = Searcher(library, embedder)
        for query in _demo_queries():
            response = searcher.search(query, k=3)
            print(f"\n> {query}")
            for hit in response.hits:
                print(f"  {hit.score:.3f}  {hit.document.label}  p.{hit.chunk.page + 1}: {hit.snippet[:150]}")
        why = "the window needs the libraries named above" if missing_libraries \
            else "no display found: run 'finlens' on a desktop for the window"
        print(f"\nLibrary: {paths.library_dir()}  ({why})")
        return 0
    return _run_gui(args, load_samples=True, checked=True)


def _demo_queries() -> list[str]:
    return ["total revenue and net income for the fiscal year", "capital expenditures (capex)",
            "What are the main risk factors?"]


def _window_problem() -> str | None:
    from app.startup_checks import window_libraries_problem

    return window_libraries_problem()


def _run_gui(args: argparse.Namespace, *, load_samples: bool = False, checked: bool = False) -> int:
    import importlib.util

    if importlib.util.find_spec("PySide6") is None:
        print("The desktop window is not available: PySide6 is not installed (pip install pyside6-essentials).",
              file=sys.stderr)
        return 2
    problem = None if checked else _window_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from app.ui.application import run_app

    argv = [sys.argv[0]] + (["--no-err-windows"] if args.no_err_windows else [])
    return run_app(load_samples=load_samples, argv=argv)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``finlens``."""
    parser = argparse.ArgumentParser(prog="finlens", description="FinLens: search and question your filings.")
    parser.add_argument("--version", action="version", version=f"FinLens {__version__}")
    parser.add_argument("--library", metavar="DIR|URI",
                        help=f"library folder, or a team library s3://bucket/prefix (default: per-user data folder; "
                             f"env {paths.LIBRARY_ENV})")
    parser.add_argument("--self-test", action="store_true", help="check every native part and exit")
    parser.add_argument("--no-err-windows", action="store_true", help="never show error dialogs (CI, smoke runs)")
    parser.add_argument("--verbose", action="store_true", help="show log lines and tracebacks on stderr")
    commands = parser.add_subparsers(dest="command")

    index = commands.add_parser("index", help="add files and folders to the library")
    index.add_argument("paths", nargs="+")
    index.add_argument("--model", help="embedding model (only for a new library)")
    index.add_argument("--wait", type=_seconds, metavar="SECONDS",
                       help="how long to wait for another FinLens indexing the same library (default 600)")
    index.set_defaults(func=cmd_index)

    reindex = commands.add_parser("reindex", help="rebuild the library (e.g. with another embedding model)")
    reindex.add_argument("--model", help="embedding model: default, base, or a model folder")
    reindex.set_defaults(func=cmd_reindex)

    search = commands.add_parser("search", help="search the library")
    search.add_argument("query")
    search.add_argument("--company")
    search.add_argument("--form", choices=["10-K", "10-Q", "8-K", "earnings release", "transcript", "other"])
    search.add_argument("--year", type=_year, help="fiscal year")
    search.add_argument("-k", type=_hit_count, default=10, help=f"number of hits (1-{MAX_K})")
    search.add_argument("--method", choices=["hybrid", "dense", "keyword"], default="hybrid")
    search.add_argument("--reranker", metavar="none|default|DIR",
                        help="the second-stage reranker (default: the one chosen in Settings)")
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=cmd_search)

    docs = commands.add_parser("docs", help="list the documents in the library")
    docs.add_argument("--json", action="store_true")
    docs.set_defaults(func=cmd_docs)

    maintain = commands.add_parser("maintain", help="team library upkeep: repair, indexes, compaction, publish")
    # Also after the command (finlens maintain --library URI); SUPPRESS keeps the global --library otherwise.
    maintain.add_argument("--library", metavar="DIR|URI", default=argparse.SUPPRESS, help="the library to maintain")
    maintain.add_argument("--keep-minutes", type=float, default=10.0,
                          help="keep unpublished old versions this long, so readers can refresh (default 10)")
    maintain.set_defaults(func=cmd_maintain)

    remove = commands.add_parser("remove", help="remove documents (by id or path)")
    remove.add_argument("targets", nargs="+")
    remove.set_defaults(func=cmd_remove)

    evaluation = commands.add_parser("eval-retrieval", help="page-level retrieval metrics on a question file")
    evaluation.add_argument("--questions", type=Path, required=True)
    evaluation.add_argument("--pdf-dir", type=Path, required=True)
    evaluation.add_argument("--mode", choices=["shared", "single"], default="shared")
    evaluation.add_argument("--method", choices=["hybrid", "dense", "keyword"], default="hybrid")
    evaluation.add_argument("--model", help="default, base, or a model folder")
    evaluation.add_argument("--no-understanding", action="store_true", help="raw query, no filters or boosts")
    evaluation.add_argument("--reranker", metavar="none|default|DIR", help="second-stage reranker (default: default)")
    evaluation.add_argument("--details", type=Path, metavar="FILE",
                            help="write each question's rank, first-stage rank, type and top pages (JSON lines)")
    evaluation.add_argument("--json", action="store_true")
    evaluation.set_defaults(func=cmd_eval_retrieval)

    demo = commands.add_parser("demo", help="index the bundled sample filings and show FinLens")
    demo.add_argument("--headless", action="store_true", help="print example searches instead of opening the window")
    demo.set_defaults(func=cmd_demo)

    for register in _optional_commands():
        register(commands)
    return parser


def _optional_commands() -> list:
    """Sub-commands contributed by feature packages (answers, statements, and training when its stack is installed).

    FinLens's own modules are imported plainly: a broken one must fail loudly, not make its commands vanish. Only the
    training commands are optional, and only on the ground that torch or transformers (the ``train`` extra) are
    missing.
    """
    import importlib.util

    from app.cluster.commands import add_parsers as cluster_parsers
    from app.core.answering.commands import add_parsers as answering_parsers
    from app.core.statements.commands import add_parsers as statements_parsers

    registrations = [answering_parsers, statements_parsers, cluster_parsers]
    if all(importlib.util.find_spec(name) is not None for name in ("torch", "transformers")):
        from app.train.pipeline import add_parser as train_parser
        from app.train.reranker_pipeline import add_parser as reranker_parser

        registrations += [train_parser, reranker_parser]
    return registrations


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``finlens`` command."""
    import onnxruntime  # noqa: F401  - before Qt: avoids the MSVC runtime DLL clash on Windows

    args = build_parser().parse_args(argv)
    if args.library:
        paths.set_library_override(args.library)
    if args.self_test:
        from app.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        if paths.is_uri(paths.library_location()):
            print("finlens: the window does not open team libraries yet; use the commands (search, docs, ask) "
                  "with --library URI.", file=sys.stderr)
            return 2
        return _run_gui(args)
    log_file = _init_logging(args.verbose)
    log.info("finlens %s %s", __version__, " ".join(sys.argv[1:] if argv is None else argv))
    try:
        return int(args.func(args) or 0)
    except Exception as error:  # user-facing errors are plain sentences; details go to the log
        from app.core.embedding import EmbedderError
        from app.core.library import LibraryError

        if isinstance(error, LibraryError | EmbedderError | paths.NotALocalFolderError):
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


if __name__ == "__main__":
    sys.exit(main())
