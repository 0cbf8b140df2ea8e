"""The evaluation commands: ``eval-retrieval`` (page-level hit@k and MRR) and ``eval-answers`` (answer accuracy,
citations, unsupported numbers) on a FinanceBench-format question file.

Both run on the same kind of library: a temporary one, or the ``--library`` given (kept, and filings already in it
are not indexed again), holding the filings
:func:`app.core.retrieval.retrieval_evaluation.filings_to_index` chooses for the mode.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.cli.terminal import ProgressBar, say


def _questions(args: argparse.Namespace) -> list[Any]:
    from app.core.retrieval.retrieval_evaluation import load_questions

    questions = load_questions(args.questions)
    return questions[:args.limit] if args.limit else questions


@contextmanager
def evaluation_library(args: argparse.Namespace, questions: list[Any]) -> Iterator[tuple[Any, Any]]:
    """Open the evaluation's library and index the filings the mode needs into it.

    Args:
        args: the command's arguments (``library``, ``model``, ``pdf_dir``, ``mode``, ``json``).
        questions: the questions to be asked.

    Yields:
        The library and its embedder; a temporary library is deleted afterwards.
    """
    from app.core.ingest.indexing import index_paths
    from app.core.library_opening import open_library
    from app.core.retrieval.retrieval_evaluation import filings_to_index

    quiet = args.json
    temporary = None if args.library else tempfile.mkdtemp(prefix="finlens-eval-")
    try:
        library, embedder = open_library(Path(temporary) if temporary else None, model=args.model, writable=True)
        library.on_wait = say
        filings = filings_to_index(questions, args.pdf_dir, args.mode)
        if filings.missing and not quiet:
            say(f"{len(filings.missing)} filings the questions need are not in {args.pdf_dir}: "
                + ", ".join(filings.missing[:5]) + ("…" if len(filings.missing) > 5 else ""))
        if not quiet:
            say(f"Indexing {len(filings.paths)} filings for the {args.mode} mode (already indexed ones are "
                "skipped)…")
        report = index_paths(filings.paths, library, embedder, on_progress=None if quiet else ProgressBar(),
                             on_wait=say)
        if not quiet and report.count("indexed"):
            say(f"indexed {report.count('indexed')} filings ({report.pages_indexed} pages) in {report.seconds:.0f} s")
        yield library, embedder
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)


def run_eval_retrieval(args: argparse.Namespace) -> int:
    """``finlens eval-retrieval``: page-level hit@k and MRR."""
    from app.core.retrieval.retrieval_evaluation import doc_ids_by_stem, evaluate, write_details
    from app.core.retrieval.search import Searcher

    questions = _questions(args)
    with evaluation_library(args, questions) as (library, embedder):
        searcher = Searcher(library, embedder, reranker=args.reranker or "default")
        metrics = evaluate(searcher, questions, doc_ids_by_stem(library), mode=args.mode, method=args.method,
                           understand=not args.no_understanding)
        if searcher.ranker.note:
            say(searcher.ranker.note)
        if args.details:
            write_details(args.details, metrics, questions)
    result = metrics.to_dict()
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.method} / {args.mode} / {embedder.model_id}: " + "  ".join(f"{k}={v}" for k, v in result.items()))
    return 0


def run_eval_answers(args: argparse.Namespace) -> int:
    """``finlens eval-answers``: answer every question, print the scores by question type."""
    from app.core.answering.answer_evaluation import evaluate_answers
    from app.core.answering.engine import Answerer
    from app.core.answering.llm import LLMConfig
    from app.core.retrieval.retrieval_evaluation import doc_ids_by_stem
    from app.core.retrieval.search import Searcher

    questions = _questions(args)
    config = None if args.no_llm else LLMConfig.from_settings()
    if config is None and not args.no_llm and not args.json:
        say("No model is set in Settings > Answers: scoring the answers given without one.")

    def progress(index: int, record: dict[str, Any]) -> None:
        if args.json:
            return
        verdict = "review" if record["lenient"] is None else \
            "strict" if record["strict"] else "lenient" if record["lenient"] else "wrong"
        say(f"{index + 1:4}/{len(questions)} {verdict:7} {record['id']}: {record['answer'][:90]!r}")

    with evaluation_library(args, questions) as (library, embedder):
        answerer = Answerer(Searcher(library, embedder, reranker=args.reranker or "default"), library, config)
        metrics = evaluate_answers(answerer, questions, doc_ids_by_stem(library), mode=args.mode,
                                   use_llm=config is not None, on_question=progress)
    summary = metrics.to_dict()
    if args.json:
        print(json.dumps({**summary, "per_question": metrics.per_question}))
        return 0
    print(format_answer_scores(summary))
    review = [r for r in metrics.per_question if r["lenient"] is None]
    if review:
        print(f"\n{len(review)} answers to review by hand (prose reference answers):")
        for record in review[:20]:
            print(f"- {record['id']}: {record['question'][:100]}\n    reference: {record['reference'][:200]}\n"
                  f"    answer:    {record['answer'][:200]}")
    return 0


def _shown(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.3f}"


def format_answer_scores(summary: dict[str, Any]) -> str:
    """The ``eval-answers`` report: accuracy by question type, then citations and numbers, each with its meaning."""
    meaning = summary["definitions"]
    lines = [f"{summary['n']} questions: {summary['numeric_n']} with a numeric reference, {summary['review_n']} to "
             "review by hand.", "", f"  {'questions':22} {'n':>4} {'strict':>7} {'lenient':>8}"]
    for name, tally in summary["by_type"].items():
        lines.append(f"  {name:22} {tally['n']:>4} {_shown(tally['strict_accuracy']):>7} "
                     f"{_shown(tally['lenient_accuracy']):>8}")
    lines += ["", f"  strict:  {meaning['strict_accuracy']}", f"  lenient: {meaning['lenient_accuracy']}", "",
              f"computed answers cited at evidence pages: {_shown(summary['computed_cited_at_evidence'])} of "
              f"{summary['computed_n']} ({meaning['computed_cited_at_evidence']})",
              f"citation precision: {_shown(summary['citation_precision'])} ({meaning['citation_precision']}); "
              f"{_shown(summary['citations_per_answer'])} citations per answer",
              *([f"inferred citations: {summary['inferred_citations_n']}, precision "
                 f"{_shown(summary['inferred_citation_precision'])} ({meaning['inferred_citation_precision']})"]
                if summary["inferred_citations_n"] else []),
              f"unsupported-number rate: {_shown(summary['unsupported_number_rate'])} "
              f"({meaning['unsupported_number_rate']})",
              "modes: " + ", ".join(f"{mode} {count}" for mode, count in summary["modes"].items())
              + f"; fallbacks {summary['fallbacks']}; incomplete {summary['incomplete']}; "
              f"{summary['mean_seconds']} s per answer"]
    return "\n".join(lines)
