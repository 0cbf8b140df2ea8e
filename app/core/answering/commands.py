"""The ``finlens ask`` and ``finlens eval-answers`` sub-commands (registered by ``app/cli.py`` via
:func:`add_parsers`).

``ask`` streams the model's answer to the terminal as it arrives, then lists the sources (document, page and the
quoted words) and the number check. ``--json`` prints one JSON object instead. The global ``--library DIR`` (set by
the CLI before these run) chooses the library.

``ask`` exits 0 with an answer, 1 when the model's answer is incomplete (it stopped before finishing: the text that
arrived is printed, with the reason on stderr), 2 without a library and 130 when interrupted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from app.core import paths
from app.core.records import FORM_TYPES

EXIT_INCOMPLETE = 1  # the answer was printed, but the model stopped before finishing it


def add_parsers(subparsers: Any) -> None:
    """Register ``ask`` and ``eval-answers`` on the CLI's sub-command parsers."""
    ask = subparsers.add_parser("ask", help="answer a question from the library, with citations",
                                description="Answer a question from your filings with the model set in Settings > "
                                            "Answers, or with the best passages when none is set.")
    ask.add_argument("question")
    ask.add_argument("--company", action="append", default=[], help="only this company (name or ticker; repeatable)")
    ask.add_argument("--form", choices=list(FORM_TYPES), help="only this form type")
    ask.add_argument("--year", type=int, action="append", default=[], help="only this fiscal year (repeatable)")
    ask.add_argument("--no-llm", action="store_true", help="answer with the best passages, without the model")
    ask.add_argument("--reranker", metavar="none|default|DIR",
                     help="the second-stage reranker (default: the one chosen in Settings)")
    ask.add_argument("--json", action="store_true", help="print the answer, citations and checks as JSON")
    ask.set_defaults(func=run_ask)

    evaluation = subparsers.add_parser(
        "eval-answers", help="answer accuracy, citation precision and unsupported numbers on a question file",
        description="Index the filings a FinanceBench-format question file needs (into a temporary library unless "
                    "--library is given), answer every question and score the answers.")
    evaluation.add_argument("--questions", type=Path, required=True, help="FinanceBench-format JSONL file")
    evaluation.add_argument("--pdf-dir", type=Path, required=True, help="folder of the filings (<doc_name>.pdf)")
    evaluation.add_argument("--library", metavar="DIR", default=argparse.SUPPRESS,
                            help="use (and keep) this library instead of a temporary one")
    evaluation.add_argument("--limit", type=int, help="only the first N questions")
    evaluation.add_argument("--mode", choices=["shared", "single"], default="shared",
                            help="search the whole library (shared) or only each question's filing (single)")
    evaluation.add_argument("--model", help="embedding model for a new library: default, base, or a model folder")
    evaluation.add_argument("--no-llm", action="store_true", help="score the extractive answers")
    evaluation.add_argument("--reranker", metavar="none|default|DIR", help="second-stage reranker (default: default)")
    evaluation.add_argument("--json", action="store_true")
    evaluation.set_defaults(func=run_eval_answers)


def _filters(args: argparse.Namespace, searcher: Any) -> Any:
    from app.core.search import SearchFilters

    companies: list[str] = []
    for typed in args.company:
        # Accept what the user types ("acme", "Acme", "ACME") and map it to the stored company name.
        companies.extend(searcher.resolve_companies(typed) or [typed])
    return SearchFilters(companies=list(dict.fromkeys(companies)), form_types=[args.form] if args.form else [],
                         fiscal_years=list(args.year))


def run_ask(args: argparse.Namespace) -> int:
    """``finlens ask "question"``: print the answer with its sources and number check."""
    from app.core.answering.engine import Answerer
    from app.core.answering.llm import LLMConfig
    from app.core.library import Library
    from app.core.reranking import configured_reranker
    from app.core.search import Searcher
    from app.core.workspace import open_for_command

    if Library.read_meta(paths.library_location()) is None:
        print(f"No library at {paths.library_location()}. Add files first: finlens index PATH", file=sys.stderr)
        return 2
    library, embedder, note = open_for_command()
    if note:
        print(note, file=sys.stderr)
    searcher = Searcher(library, embedder, reranker=configured_reranker(args.reranker))
    config = None if args.no_llm else LLMConfig.from_settings()
    answerer = Answerer(searcher, library, config)
    live = not args.json and config is not None
    streamed: list[str] = []

    def on_delta(text: str) -> None:
        streamed.append(text)
        sys.stdout.write(text)
        sys.stdout.flush()

    try:
        answer = answerer.answer(args.question, _filters(args, searcher), on_delta=on_delta if live else None)
    except KeyboardInterrupt:
        print("\nCancelled.", file=sys.stderr)
        return 130
    status = EXIT_INCOMPLETE if answer.incomplete else 0
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2))
        return status
    if streamed:
        print()  # end the streamed line
    if answer.error:
        print(f"{answer.error}\n", file=sys.stderr)
    if not (streamed and answer.mode == "llm"):
        print(answer.text)
    print(format_sources(answer))
    if answer.note:
        print(f"\n{answer.note}")
    return status


def format_sources(answer: Any) -> str:
    """The sources and number-check lines printed under an answer."""
    lines = []
    if answer.citations:
        lines += ["", "Sources:"]
        for citation in answer.citations:
            line = f"  [{citation.number}] {citation.label}  {citation.path}"
            if citation.quote:
                line += f"\n      \u201c{citation.quote}\u201d"
            lines.append(line)
    if answer.invalid_citations:
        lines.append("  (cites passages that do not exist: " + ", ".join(f"[{n}]" for n in answer.invalid_citations)
                     + ")")
    summary = answer.number_summary()
    if summary:
        lines += ["", f"Number check: {summary}."]
        for check in answer.numbers:
            if check.status == "derived":
                lines.append(f"  {check.text}: computed as {check.evidence}")
    return "\n".join(lines)


def run_eval_answers(args: argparse.Namespace) -> int:
    """``finlens eval-answers``: index the needed filings, answer each question, print the scores."""
    from app.core.answering.engine import Answerer
    from app.core.answering.evaluation import evaluate_answers
    from app.core.answering.llm import LLMConfig
    from app.core.evaluation import doc_ids_by_stem, load_questions
    from app.core.indexing import index_paths
    from app.core.search import Searcher
    from app.core.workspace import open_library

    questions = load_questions(args.questions)
    if args.limit:
        questions = questions[:args.limit]
    library_arg = getattr(args, "library", None)
    if library_arg:
        paths.set_library_override(library_arg)
    temporary = None if library_arg else tempfile.mkdtemp(prefix="finlens-eval-answers-")
    config = None if args.no_llm else LLMConfig.from_settings()
    if config is None and not args.no_llm and not args.json:
        print("No model is set in Settings > Answers: scoring the extractive answers.", file=sys.stderr)
    try:
        library, embedder = open_library(Path(temporary) if temporary else None, model=args.model)
        needed = sorted({q.doc_name for q in questions} | {e[0] for q in questions for e in q.evidence})
        pdfs = [args.pdf_dir / f"{name}.pdf" for name in needed]
        missing = [p.name for p in pdfs if not p.exists()]
        if missing and not args.json:
            print(f"{len(missing)} filings not found in {args.pdf_dir}: {', '.join(missing[:5])}"
                  + ("…" if len(missing) > 5 else ""), file=sys.stderr)
        present = [p for p in pdfs if p.exists()]
        if not args.json:
            print(f"Indexing {len(present)} filings (already indexed ones are skipped)…", file=sys.stderr)
        index_paths(present, library, embedder)
        answerer = Answerer(Searcher(library, embedder, reranker=args.reranker or "default"), library, config)

        def progress(index: int, record: dict[str, Any]) -> None:
            if args.json:
                return
            verdict = {True: "correct", False: "wrong", None: "review"}[record["correct"]]
            print(f"{index + 1:4}/{len(questions)} {verdict:7} {record['id']}: {record['answer'][:90]!r}",
                  file=sys.stderr)

        metrics = evaluate_answers(answerer, questions, doc_ids_by_stem(library), mode=args.mode,
                                   use_llm=config is not None, on_question=progress)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    summary = metrics.to_dict()
    if args.json:
        print(json.dumps({**summary, "per_question": metrics.per_question}))
        return 0
    print("  ".join(f"{key}={value}" for key, value in summary.items()))
    review = [r for r in metrics.per_question if r["correct"] is None]
    if review:
        print(f"\n{len(review)} answers to review by hand (prose reference answers):")
        for record in review[:20]:
            print(f"- {record['id']}: {record['question'][:100]}\n    reference: {record['reference'][:200]}\n"
                  f"    answer:    {record['answer'][:200]}")
    return 0
