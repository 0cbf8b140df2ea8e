"""The argument parser of ``finlens``: every FinLens command and its options, declared in one place.

Global options (``--library``, ``--verbose``, ``--no-err-windows``) are accepted before or after the command
(``finlens --library DIR search x`` and ``finlens search x --library DIR``): every command's parser declares them
again with ``argparse.SUPPRESS`` defaults, so a command parser leaves the value given before the command alone
unless the option is repeated after it. That holds for the commands other packages register (``cluster-index``, the
training commands) too, because the sub-command action adds them itself.

The command implementations are imported here but import their heavy dependencies (LanceDB, onnxruntime models, Qt,
torch) only when they run, so ``finlens --help`` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app import __version__
from app.cli import (
    answering_commands,
    compare_commands,
    evaluation_commands,
    library_commands,
    search_commands,
    statement_commands,
    window_commands,
)
from app.cli.training_commands import add_training_commands
from app.core import paths
from app.core.records import FORM_TYPES

MAX_K = 1000
YEARS = (1900, 2100)
METHODS = ("hybrid", "dense", "keyword")
MODES = ("shared", "single")


# --- value types ----------------------------------------------------------------------------------------------------


def _parse(text: str, kind: type[int] | type[float], not_a_number: str) -> Any:
    """``text`` as ``kind``, or the usage error ``not_a_number``."""
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(not_a_number) from None


def fiscal_year(text: str) -> int:
    """argparse type of ``--year``: a plausible fiscal year."""
    year = _parse(text, int, f"'{text}' is not a year; use four digits, e.g. 2023")
    if not YEARS[0] <= year <= YEARS[1]:
        raise argparse.ArgumentTypeError(f"{text} is not a fiscal year between {YEARS[0]} and {YEARS[1]}")
    return year


def hit_count(text: str) -> int:
    """argparse type of ``-k``: a number of hits between 1 and :data:`MAX_K`."""
    count = _parse(text, int, f"'{text}' is not a whole number")
    if not 1 <= count <= MAX_K:
        raise argparse.ArgumentTypeError(f"{text} hits: choose between 1 and {MAX_K}")
    return count


def positive_count(text: str) -> int:
    """argparse type of ``--limit``: a whole number of at least 1."""
    count = _parse(text, int, f"'{text}' is not a whole number")
    if count < 1:
        raise argparse.ArgumentTypeError(f"{text}: choose 1 or more")
    return count


def seconds(text: str) -> float:
    """argparse type of ``--wait``: seconds, zero or more."""
    value = _parse(text, float, f"'{text}' is not a number of seconds")
    if value < 0:
        raise argparse.ArgumentTypeError("the wait cannot be negative")
    return value


# --- global options -------------------------------------------------------------------------------------------------


def add_global_options(parser: argparse.ArgumentParser, *, after_command: bool) -> None:
    """The options every command accepts, before or after its name.

    Args:
        parser: the top-level parser, or the parent parser of every command.
        after_command: True for the commands' parent: no defaults (``argparse.SUPPRESS``), so an option given only
            before the command keeps its value.
    """
    def default(value: Any) -> Any:
        return argparse.SUPPRESS if after_command else value

    parser.add_argument("--library", metavar="DIR|URI", default=default(None),
                        help="library folder, or a team library s3://bucket/prefix (default: per-user data folder; "
                             f"env {paths.LIBRARY_ENV})")
    parser.add_argument("--verbose", action="store_true", default=default(False),
                        help="show log lines and tracebacks on stderr")
    parser.add_argument("--no-err-windows", action="store_true", default=default(False),
                        help="never show error dialogs (CI, smoke runs)")


class _CommandsWithGlobalOptions(argparse._SubParsersAction):
    """The sub-command action: every command parser gets the global options, whoever registers it.

    Each command gets its own copies (not a shared ``parents=`` parser): ``conflict_handler="resolve"`` lets a
    command re-declare a global option to describe it in its own words (``cluster-index --library``: "the library to
    add to"), and resolving edits the option's action, which must not be one that other commands share.
    """

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        kwargs.setdefault("conflict_handler", "resolve")
        parser = super().add_parser(name, **kwargs)
        add_global_options(parser, after_command=True)
        return parser


# --- commands -------------------------------------------------------------------------------------------------------


def _add_library_commands(commands: Any) -> None:
    index = commands.add_parser("index", help="add files and folders to the library")
    index.add_argument("paths", nargs="+")
    index.add_argument("--model", help="embedding model (only for a new library)")
    index.add_argument("--wait", type=seconds, metavar="SECONDS",
                       help="how long to wait for another FinLens indexing the same library (default 600)")
    index.set_defaults(func=library_commands.run_index)

    reindex = commands.add_parser("reindex", help="rebuild the library (e.g. with another embedding model)")
    reindex.add_argument("--model", help="embedding model: default (= base), finance, or a model folder")
    reindex.set_defaults(func=library_commands.run_reindex)

    docs = commands.add_parser("docs", help="list the documents in the library")
    docs.add_argument("--json", action="store_true")
    docs.set_defaults(func=library_commands.run_docs)

    remove = commands.add_parser("remove", help="remove documents (by id or path)")
    remove.add_argument("targets", nargs="+")
    remove.set_defaults(func=library_commands.run_remove)

    maintain = commands.add_parser("maintain", help="team library upkeep: repair, indexes, compaction, publish")
    maintain.add_argument("--keep-minutes", type=float, default=10.0,
                          help="keep unpublished old versions this long, so readers can refresh (default 10)")
    maintain.set_defaults(func=library_commands.run_maintain)


def _add_search_and_answer_commands(commands: Any) -> None:
    search_parser = commands.add_parser("search", help="search the library")
    search_parser.add_argument("query")
    search_parser.add_argument("--company")
    search_parser.add_argument("--form", choices=list(FORM_TYPES))
    search_parser.add_argument("--year", type=fiscal_year, help="fiscal year")
    search_parser.add_argument("-k", type=hit_count, default=10, help=f"number of hits (1-{MAX_K})")
    search_parser.add_argument("--method", choices=METHODS, default="hybrid")
    search_parser.add_argument("--reranker", metavar="none|default|DIR",
                       help="the second-stage reranker (default: the one chosen in Settings)")
    search_parser.add_argument("--json", action="store_true")
    search_parser.set_defaults(func=search_commands.run_search)

    ask = commands.add_parser("ask", help="answer a question from the library, with citations",
                              description="Answer a question from your filings with the model set in Settings > "
                                          "Answers, or without one: a metric computed from the statements, else the "
                                          "best passages.")
    ask.add_argument("question")
    ask.add_argument("--company", action="append", default=[], help="only this company (name or ticker; repeatable)")
    ask.add_argument("--form", choices=list(FORM_TYPES), help="only this form type")
    ask.add_argument("--year", type=fiscal_year, action="append", default=[],
                     help="only this fiscal year (repeatable)")
    ask.add_argument("--no-llm", action="store_true", help="answer without the model")
    ask.add_argument("--reranker", metavar="none|default|DIR",
                     help="the second-stage reranker (default: the one chosen in Settings)")
    ask.add_argument("--json", action="store_true", help="print the answer, citations and checks as JSON")
    ask.set_defaults(func=answering_commands.run_ask)


def _add_statement_commands(commands: Any) -> None:
    statements_parser = commands.add_parser(
        "statements", help="a document's financial statements: line items by period, with pages",
        description="Print the financial statements found in an indexed document (line items × periods).")
    statements_parser.add_argument("document", metavar="DOC",
                                   help="document id, path, or a unique part of its file name")
    output = statements_parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="every table, row and cell with its page and rectangle")
    output.add_argument("--csv", action="store_true", help="CSV, one block per statement")
    output.add_argument("--xlsx", metavar="FILE", type=Path, help="write an Excel workbook, one sheet per statement")
    statements_parser.set_defaults(func=statement_commands.run_statements)

    metric = commands.add_parser(
        "metric", help="compute a metric (quick ratio, DPO, FCF …) from the statements, with its inputs",
        description="Compute a metric from a company's statements: the value, the formula and each input with its "
                    "period, page and cell. Missing or ambiguous inputs are reported, never guessed.")
    metric.add_argument("metric", help='a metric ("quick ratio", "FY2019 capex as a %% of revenue") or a question')
    metric.add_argument("--company", help="company name or ticker (needed when the library holds several)")
    metric.add_argument("--year", type=fiscal_year, help="fiscal year (else the one the question names)")
    metric.add_argument("--doc", metavar="DOC", help="compute from this document only")
    metric.add_argument("--json", action="store_true")
    metric.set_defaults(func=statement_commands.run_metric)
    _add_compare_command(commands)


def _add_compare_command(commands: Any) -> None:
    compare_parser = commands.add_parser(
        "compare", help="a grid of companies × fiscal years against metrics and questions, with their pages",
        description="Compute metrics (and find passages for questions) for several companies and fiscal years from "
                    "their filings' statements. Each figure keeps its inputs and pages; a missing or ambiguous "
                    "input is reported, never guessed.")
    compare_parser.add_argument("columns", nargs="?", default="",
                                help='comma-separated metrics or questions: "revenue growth, operating margin, capex '
                                     'as a %% of revenue"')
    compare_parser.add_argument("--companies", help="comma-separated tickers or names, e.g. NKE,BBY")
    compare_parser.add_argument("--years", help="fiscal years: 2021-2023 or 2021,2023")
    compare_parser.add_argument("--form", choices=list(FORM_TYPES), help="only filings of this form")
    compare_parser.add_argument("--grid", metavar="NAME", help="reopen a saved grid (its columns, companies, years)")
    compare_parser.add_argument("--save", metavar="NAME", help="save the columns, companies and years under NAME")
    output = compare_parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="every cell with its inputs (page 1-based, as printed)")
    output.add_argument("--csv", action="store_true", help="CSV, one line per company and year")
    output.add_argument("--xlsx", metavar="FILE", type=Path,
                        help="write an Excel workbook: the grid as formulas over a sheet of inputs")
    compare_parser.set_defaults(func=compare_commands.run_compare)


def _add_evaluation_options(parser: argparse.ArgumentParser) -> None:
    """What both evaluations share: the question file, the filings, the mode, the model and the library."""
    parser.add_argument("--questions", type=Path, required=True, help="FinanceBench-format JSONL file")
    parser.add_argument("--pdf-dir", type=Path, required=True, help="folder of the filings (<doc_name>.pdf)")
    parser.add_argument("--mode", choices=MODES, default="shared",
                        help="shared: index the whole folder and search all of it; single: index the questions' "
                             "filings and search only each question's own (default shared)")
    parser.add_argument("--limit", type=positive_count, metavar="N", help="only the first N questions")
    parser.add_argument("--model", help="embedding model for a new library: default (= base), finance, or a model "
                                        "folder")
    parser.add_argument("--reranker", metavar="none|default|DIR", help="second-stage reranker (default: default)")
    parser.add_argument("--json", action="store_true")


def _add_evaluation_commands(commands: Any) -> None:
    note = ("Runs on a temporary library unless --library names one (kept; filings already in it are not indexed "
            "again).")
    retrieval = commands.add_parser("eval-retrieval", help="page-level retrieval metrics on a question file",
                                    description=f"Page-level hit@k and MRR by question type. {note}")
    _add_evaluation_options(retrieval)
    retrieval.add_argument("--method", choices=METHODS, default="hybrid")
    retrieval.add_argument("--no-understanding", action="store_true", help="raw query, no filters or boosts")
    retrieval.add_argument("--details", type=Path, metavar="FILE",
                           help="write each question's rank, first-stage rank, type and top pages (JSON lines)")
    retrieval.set_defaults(func=evaluation_commands.run_eval_retrieval)

    answers = commands.add_parser(
        "eval-answers", help="answer accuracy (strict and lenient), citations and unsupported numbers",
        description="Answer every question of a FinanceBench-format file and score the answers: strict accuracy (the "
                    "headline number equals the reference) and lenient accuracy (the reference number appears), by "
                    f"question type; citations at evidence pages; unsupported numbers. {note}")
    _add_evaluation_options(answers)
    answers.add_argument("--no-llm", action="store_true",
                         help="score the answers given without a model (computed from the statements, else quoted)")
    answers.set_defaults(func=evaluation_commands.run_eval_answers)


def _add_window_commands(commands: Any) -> None:
    demo = commands.add_parser("demo", help="index the bundled sample filings and show FinLens")
    demo.add_argument("--headless", action="store_true", help="print example searches instead of opening the window")
    demo.set_defaults(func=window_commands.run_demo)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``finlens``."""
    from app.cluster.commands import add_parsers as add_cluster_commands

    parser = argparse.ArgumentParser(prog="finlens", description="FinLens: search and question your filings.")
    parser.add_argument("--version", action="version", version=f"FinLens {__version__}")
    parser.add_argument("--self-test", action="store_true", help="check every native part and exit")
    add_global_options(parser, after_command=False)

    commands = parser.add_subparsers(dest="command", action=_CommandsWithGlobalOptions, metavar="COMMAND")
    _add_library_commands(commands)
    _add_search_and_answer_commands(commands)
    _add_statement_commands(commands)
    _add_evaluation_commands(commands)
    _add_window_commands(commands)
    add_cluster_commands(commands)
    add_training_commands(commands)
    return parser
