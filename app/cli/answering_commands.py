"""The ``finlens ask`` command: the answer streamed as it arrives, then its sources and the number check.

``--json`` prints one JSON object instead. Exit status: 0 with an answer, 1 when the model's answer is incomplete
(it stopped before finishing: the text that arrived is printed, with the reason on stderr), 2 without a library and
130 when interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli.active_library import open_active_library

EXIT_INCOMPLETE = 1  # the answer was printed, but the model stopped before finishing it


def _filters(args: argparse.Namespace, searcher: Any) -> Any:
    from app.core.retrieval.search import SearchFilters

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
    from app.core.retrieval.reranking import configured_reranker
    from app.core.retrieval.search import Searcher

    library, embedder = open_active_library(args, create=False)
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
    elif any(citation.inferred for citation in answer.citations):
        # The stream showed the model's words; the marks FinLens added ("[2, inferred]") exist only in the final text.
        print(f"\nWith the citations FinLens inferred:\n{answer.text}")
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
