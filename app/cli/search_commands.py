"""The ``finlens search`` command: ranked passages with their document and pages, as text or ``--json``."""

from __future__ import annotations

import argparse
import json

from app.cli.active_library import open_active_library
from app.cli.terminal import say


def run_search(args: argparse.Namespace) -> int:
    """``finlens search "query"``."""
    from app.core.question import distinct_companies
    from app.core.retrieval.reranking import configured_reranker
    from app.core.retrieval.search import Searcher, SearchFilters

    library, embedder = open_active_library(args, create=False)
    filters = SearchFilters(companies=[args.company] if args.company else [],
                            form_types=[args.form] if args.form else [],
                            fiscal_years=[args.year] if args.year else [])
    searcher = Searcher(library, embedder, reranker=configured_reranker(args.reranker))
    if args.company:
        # Accept what the user types ("nike", "NKE") and map it to the stored company name.
        filters.companies = searcher.resolve_companies(args.company) or [args.company]
    response = searcher.search(args.query, k=args.k, filters=filters, method=args.method)
    if searcher.ranker.note:
        say(searcher.ranker.note)
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
