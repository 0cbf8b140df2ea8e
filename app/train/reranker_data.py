"""Training groups for the finance reranker: a query, its passage, and hard negatives mined by FinLens's own search.

The reranker's job at run time is to choose among the candidates FinLens's hybrid search returns, which are mostly
other pages of the right filing and the same line item in the company's other years. So its negatives come from
exactly there: each synthetic query is run through :class:`app.core.retrieval.search.Searcher` (hybrid, with query
understanding) over a library of the training corpus, and the best-ranked passages that are not the answer become
its negatives, plus a few from further down the list. A candidate on the positive's own page is never a negative
(page-level evaluation counts it as right), nor is one that shows every word the query asks about (likely a second
correct passage: the same figure in MD&A and in the statement).

Queries also run without query understanding on part of the set, which brings the same line item from *other*
companies' filings: the model must also learn that the company matters. TAT-QA questions get negatives from other
TAT-QA tables.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.core.ingest.chunking import embedding_text
from app.train.dataset import Pair, evidence_visible

Progress = Callable[[str], None]


@dataclass
class RerankGroup:
    """One listwise training example: the positive passage first among hard negatives."""

    query: str
    positive: str
    negatives: list[str]
    source: str
    kind: str
    split_key: str
    negative_ranks: list[int] = field(default_factory=list)  # where each negative stood in the first stage
    positive_rank: int | None = None  # where the positive stood (None: not among the candidates)


def save_groups(path: Path, groups: list[RerankGroup]) -> None:
    """Write groups as JSON lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for group in groups:
            handle.write(json.dumps(asdict(group), ensure_ascii=False) + "\n")


def load_groups(path: Path) -> list[RerankGroup]:
    """Read groups written by :func:`save_groups`."""
    with open(path, encoding="utf-8") as handle:
        return [RerankGroup(**json.loads(line)) for line in handle if line.strip()]


def mine_corpus_groups(pairs: list[Pair], searcher: Any, *, negatives: int = 7, hard: int = 5, depth: int = 30,
                       cross_company_every: int = 3, seed: int = 13,
                       progress: Progress = print) -> tuple[list[RerankGroup], dict[str, Any]]:
    """Mine negatives for corpus pairs with FinLens's hybrid search.

    Args:
        pairs: corpus pairs (``doc`` is the file name, ``passage_id`` the chunk id, as in the library).
        searcher: a :class:`app.core.retrieval.search.Searcher` over a library that holds the pairs' filings.
        negatives: negatives per group.
        hard: how many of them are the best-ranked non-answers; the rest are drawn from lower ranks.
        depth: candidates looked at per query (the reranker's pool at run time is of this order).
        cross_company_every: every n-th query is also searched without query understanding (no company filter).
        seed: sampling seed.
        progress: log lines.

    Returns:
        The groups (pairs with too few usable negatives are dropped) and counts for the model card.
    """
    rng = random.Random(seed)
    groups: list[RerankGroup] = []
    stats = {"queries": len(pairs), "kept": 0, "dropped_few_negatives": 0, "skipped_same_page": 0,
             "skipped_likely_positive": 0, "positive_rank": {"1": 0, "2-5": 0, "6-30": 0, "absent": 0}}
    for index, pair in enumerate(pairs):
        candidates = _ranked_candidates(searcher, pair.query, depth, understand=True)
        if cross_company_every and index % cross_company_every == 0:
            candidates += _ranked_candidates(searcher, pair.query, depth // 3, understand=False)
        rank = next((i + 1 for i, (chunk_id, *_rest) in enumerate(candidates) if chunk_id == pair.passage_id), None)
        bucket = "absent" if rank is None else "1" if rank == 1 else "2-5" if rank <= 5 else "6-30"
        stats["positive_rank"][bucket] += 1
        eligible: list[tuple[int, str]] = []
        seen = {pair.passage_id}
        for position, (chunk_id, doc_name, pages, text) in enumerate(candidates):
            if chunk_id in seen:
                continue
            seen.add(chunk_id)
            if doc_name == pair.doc and set(pages) & set(pair.pages):
                stats["skipped_same_page"] += 1
                continue
            if evidence_visible(pair.query, text):
                stats["skipped_likely_positive"] += 1
                continue
            eligible.append((position + 1, text))
        if len(eligible) < max(2, negatives // 2):
            stats["dropped_few_negatives"] += 1
            continue
        chosen = eligible[:min(hard, negatives)]
        rest = eligible[hard:]
        chosen += rng.sample(rest, min(len(rest), negatives - len(chosen)))
        groups.append(RerankGroup(query=pair.query, positive=pair.passage, negatives=[t for _, t in chosen],
                                  source=pair.source, kind=pair.kind, split_key=pair.split_key,
                                  negative_ranks=[r for r, _ in chosen], positive_rank=rank))
        if (index + 1) % 500 == 0:
            progress(f"  mined {index + 1}/{len(pairs)} queries ({len(groups)} groups)")
    stats["kept"] = len(groups)
    return groups, stats


def _ranked_candidates(searcher: Any, query: str, depth: int, *, understand: bool) -> list[tuple[str, str, list[int],
                                                                                                  str]]:
    """(chunk id, file name, pages, reranker text) of the first-stage ranking, best first."""
    response = searcher.search(query, k=depth, understand=understand)
    return [(hit.chunk.chunk_id, Path(hit.document.path).name, list(hit.chunk.pages),
             embedding_text(hit.chunk, hit.document)) for hit in response.hits]


def tatqa_groups(pairs: list[Pair], *, negatives: int = 7, seed: int = 13) -> list[RerankGroup]:
    """TAT-QA questions with passages of other TAT-QA tables as negatives (human questions over real tables)."""
    rng = random.Random(seed)
    passages: dict[str, str] = {}
    for pair in pairs:
        passages.setdefault(pair.passage_id, pair.passage)
    ids = list(passages)
    groups = []
    for pair in pairs:
        others = [i for i in rng.sample(ids, min(len(ids), negatives + 1)) if i != pair.passage_id][:negatives]
        if others:
            groups.append(RerankGroup(query=pair.query, positive=pair.passage, negatives=[passages[i] for i in others],
                                      source=pair.source, kind=pair.kind, split_key=pair.split_key))
    return groups
