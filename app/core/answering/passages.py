"""Choosing the passages an answer is written from.

The core hybrid search ranks chunks; this module turns its hits into numbered :class:`Passage` objects:

* duplicates are dropped (the same chunk twice, or the same text in two filings: boilerplate repeats);
* for questions that ask for a figure, a table hit gets its neighbouring chunks (ordinal ±1) added, because a
  statement table is often cut in two and its title row ("in millions") sits in the chunk before;
* passages are added in rank order until a token budget is spent, so the prompt fits small local models.

Each passage also records the scale its table states ("in millions" → 1e6, read by
:func:`app.core.finance.quantities.stated_scale`), which the number check needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.answering.answer_records import Passage
from app.core.finance.quantities import stated_scale, table_row_cells
from app.core.ingest.chunking import estimate_tokens
from app.core.question.text import is_numeric
from app.core.records import Chunk
from app.core.retrieval.search import Searcher, SearchFilters, SearchResponse
from app.core.store import Library


def is_numeric_question(question: str) -> bool:
    """Whether a question asks for a figure (an amount, ratio or change), so whole statement tables help (read by
    :mod:`app.core.question`; a search's response carries it in its record)."""
    return is_numeric(question)


def looks_tabular(chunk: Chunk) -> bool:
    """A table chunk, or text where many lines are label-and-numbers rows (a statement read as plain text)."""
    if chunk.is_table:
        return True
    lines = [line for line in chunk.text.splitlines() if line.strip()]
    rows = sum(1 for line in lines if table_row_cells(line) >= 2)
    return rows >= max(3, 0.4 * len(lines))


@dataclass
class RetrievalOptions:
    """How many passages to gather and how much text they may hold."""

    k: int = 8  # passages at most
    candidates: int = 16  # search hits considered
    token_budget: int = 2400  # estimated tokens of passage text: with the rules and a 1k-token answer, fits 4k
    neighbours: bool = True  # add ±1 chunks around table hits for numeric questions
    method: str = "hybrid"


@dataclass
class Retrieval:
    """The passages for one question and the search behind them."""

    passages: list[Passage]
    response: SearchResponse
    numeric: bool
    tokens: int = 0
    dropped: list[str] = field(default_factory=list)  # chunk ids left out for the budget


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def retrieve(searcher: Searcher, library: Library, question: str, filters: SearchFilters | None = None,
             options: RetrievalOptions | None = None) -> Retrieval:
    """Search and assemble numbered passages for answering ``question``.

    Args:
        searcher: the core searcher (query understanding adds company filters from the question).
        library: the same library, for neighbouring chunks.
        question: the analyst's question.
        filters: explicit filters (companies, forms, years, documents).
        options: limits; defaults suit a 4k-token local model.

    Returns:
        A :class:`Retrieval` whose passages are numbered from 1 in rank order.
    """
    options = options or RetrievalOptions()
    response = searcher.search(question, k=options.candidates, filters=filters, method=options.method)
    record = response.parsed.question
    numeric = record.numeric if record is not None else is_numeric_question(question)
    by_document: dict[str, list[Chunk]] = {}

    def document_chunks(doc_id: str) -> list[Chunk]:
        if doc_id not in by_document:
            by_document[doc_id] = library.chunks_of(doc_id)
        return by_document[doc_id]

    used: set[str] = set()
    seen_texts: set[str] = set()
    passages: list[Passage] = []
    dropped: list[str] = []
    tokens = 0
    for hit in response.hits:
        if len(passages) >= options.k:
            break
        chunk = hit.chunk
        key = _normalised(chunk.text)
        if chunk.chunk_id in used or key in seen_texts:
            continue
        group = [chunk]
        tabular = looks_tabular(chunk)
        if numeric and options.neighbours and tabular:
            group = _with_neighbours(chunk, document_chunks(chunk.doc_id), used)
        cost = sum(estimate_tokens(c.text) for c in group)
        if passages and tokens + cost > options.token_budget and len(group) > 1:
            group = [chunk]
            cost = estimate_tokens(chunk.text)
        if passages and tokens + cost > options.token_budget:
            dropped.append(chunk.chunk_id)
            continue
        scale = None
        if tabular:
            scale = _passage_scale(group, document_chunks(chunk.doc_id))
        passages.append(Passage(number=len(passages) + 1, hit=hit, chunks=group, scale=scale))
        tokens += cost
        for member in group:
            used.add(member.chunk_id)
            seen_texts.add(_normalised(member.text))
    return Retrieval(passages=passages, response=response, numeric=numeric, tokens=tokens, dropped=dropped)


def _with_neighbours(chunk: Chunk, document: list[Chunk], used: set[str]) -> list[Chunk]:
    """The chunk with the chunks just before and after it (same or adjacent page, not already used; of the same
    section unless they are tables too)."""
    position = next((i for i, c in enumerate(document) if c.chunk_id == chunk.chunk_id), None)
    if position is None:
        return [chunk]
    group = [chunk]
    for neighbour_at in (position - 1, position + 1):
        if not 0 <= neighbour_at < len(document):
            continue
        neighbour = document[neighbour_at]
        if neighbour.chunk_id in used or abs(neighbour.page - chunk.page) > 1:
            continue
        # Neighbours complete the table (its header and scale, its continuation): a chunk of another section that
        # is not a table (the MD&A text before a statement) stays a passage of its own, cited on its own page.
        if neighbour.heading != chunk.heading and not looks_tabular(neighbour):
            continue
        group.append(neighbour)
    return sorted(group, key=lambda c: c.ordinal)


def _passage_scale(group: list[Chunk], document: list[Chunk]) -> float | None:
    """The scale a passage's table states, looking at its heading, its text, then up to two chunks before it."""
    for chunk in group:
        scale = stated_scale(chunk.heading) or stated_scale(chunk.text)
        if scale:
            return scale
    first = group[0]
    position = next((i for i, c in enumerate(document) if c.chunk_id == first.chunk_id), None)
    if position is None:
        return None
    for earlier in reversed(document[max(0, position - 2):position]):
        if first.page - earlier.page > 1:
            break
        scale = stated_scale(earlier.text[-400:])
        if scale:
            return scale
    return None
