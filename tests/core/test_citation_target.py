"""The one record of where "open this at that spot" leads: a search hit, a library page, a path alone."""

from __future__ import annotations

import dataclasses

import pytest

from app.core.citation_target import CitationTarget
from app.core.records import Chunk, DocumentInfo, Rect, SearchHit


def _document() -> DocumentInfo:
    return DocumentInfo(doc_id="d1", path="/filings/acme-10k.pdf", title="ACME_2023_10K")


def test_a_search_hit_leads_to_its_passage_first_page_with_its_lines_and_matched_words() -> None:
    lines = [Rect(4, 72, 100, 300, 112), Rect(5, 72, 80, 300, 92)]
    chunk = Chunk(chunk_id="c7", doc_id="d1", ordinal=7, text="Net income 2,480", pages=[4, 5], char_start=0,
                  char_end=16, rects=lines)
    target = CitationTarget.from_hit(SearchHit(chunk, _document(), 0.9, "", matched_terms=["income"]))
    assert (target.path, target.page, target.rects) == ("/filings/acme-10k.pdf", 4, tuple(lines))
    assert (target.text, target.terms, target.chunk_id, target.doc_id) == ("Net income 2,480", ("income",), "c7", "d1")


def test_a_passage_without_pages_opens_where_its_first_line_is() -> None:
    chunk = Chunk(chunk_id="c1", doc_id="d1", ordinal=0, text="x", pages=[], char_start=0, char_end=1,
                  rects=[Rect(9, 0, 0, 1, 1)])
    assert CitationTarget.from_hit(SearchHit(chunk, _document(), 0.5, "")).page == 9


def test_a_figure_opens_its_page_and_a_path_alone_has_no_document() -> None:
    cell = Rect(2, 400, 300, 460, 312)
    target = CitationTarget.at(_document(), 2, [cell])
    assert (target.path, target.page, target.rects, target.doc_id) == ("/filings/acme-10k.pdf", 2, (cell,), "d1")
    assert CitationTarget("/moved/away.pdf").doc_id == "" and CitationTarget("/moved/away.pdf").rects == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        target.page = 3  # type: ignore[misc]
