"""Issue 27, item 10: a 1 MB query was accepted and took 52 s.

Every search and question now enters through one check (:func:`app.core.retrieval.search.check_query`, called by
``Searcher.candidates``, which ``finlens search``, ``finlens ask``, the window's search and its Ask panel all use):
over :data:`~app.core.retrieval.search.MAX_QUERY_CHARS` characters, one sentence says how long it is and what to do,
at once.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.core.answering.engine import Answerer
from app.core.retrieval.search import MAX_QUERY_CHARS, QueryTooLongError, Searcher
from app.core.store import Library
from tests.reliability.users import finlens, notes

SENTENCE = ("finlens: The search or question is {length:,} characters long, and FinLens reads at most 2,000: shorten "
            "it to the question itself (a sentence or two) and try again.")


@pytest.fixture(scope="module")
def library_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cap")
    assert finlens(folder / "L", "index", notes(folder / "notes", 5)).finish() == 0
    return folder / "L"


@pytest.mark.parametrize("command", ["search", "ask"])
def test_a_query_over_the_cap_is_one_sentence_at_once(library_folder: Path, command: str) -> None:
    # 100,000 characters: about as long as one command-line argument may be (Linux takes 128 KiB).
    query = ("What was the revenue growth and operating margin of company 3? " * 1600)[:100_000]
    run = finlens(library_folder, command, query, *(["--no-llm"] if command == "ask" else []))
    assert run.finish() == 2, run.output
    assert run.lines == [SENTENCE.format(length=100_000)]


def test_the_core_refuses_a_megabyte_query_before_searching(library_folder: Path, embedder: object) -> None:
    library = Library(library_folder, model_id=embedder.model_id,  # type: ignore[attr-defined]
                      model_hash=embedder.model_hash, dimension=embedder.dimension)  # type: ignore[attr-defined]
    searcher = Searcher(library, embedder)  # type: ignore[arg-type]
    query = "revenue growth margin " * 50_000  # 1.1 MB: took 50 s to search and 61 s to answer
    started = time.perf_counter()
    with pytest.raises(QueryTooLongError, match="1,100,000 characters long"):
        searcher.search(query)
    with pytest.raises(QueryTooLongError):
        Answerer(searcher, library, None).answer(query)
    with pytest.raises(QueryTooLongError):
        searcher.understand(query)
    assert time.perf_counter() - started < 1.0

    at_the_cap = ("revenue growth of company 3 " * 100)[:MAX_QUERY_CHARS]
    assert searcher.search(at_the_cap, k=3).hits  # the longest accepted query is searched
