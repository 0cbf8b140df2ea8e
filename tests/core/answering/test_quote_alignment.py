"""Quote alignment: quoted words are found on the PDF page and highlighted, never guessed."""

from __future__ import annotations

from app.core.answering.answer_records import Passage
from app.core.answering.citations import PageWords, align_quote, passage_lines, resolve_citations, rows_with_token
from app.core.records import Rect, SearchHit
from tests.core.answering.answering_fixtures import IndexedLibrary, word_boxes


def passage_for(indexed: IndexedLibrary, needle: str, number: int = 1) -> Passage:
    chunk = next(c for c in indexed.library.chunks_of(indexed.acme.doc_id) if needle in c.text)
    return Passage(number, SearchHit(chunk, indexed.acme, 1.0, ""), [chunk])


def contains_word(rects: list[Rect], page: int, box: tuple[float, float, float, float]) -> bool:
    return any(r.contains(Rect(page, *box), tolerance=1.0) for r in rects)


def test_quote_is_highlighted_on_its_page(indexed: IndexedLibrary) -> None:
    passage = passage_for(indexed, "Net income was $1,577 million")
    with PageWords() as pages:
        rects = align_quote("Net income was $1,577 million in 2023, compared with $1,234 million", passage, pages)
    assert rects and {r.page for r in rects} == {2}
    for box in word_boxes(indexed.acme.path, 2, ["$1,577", "$1,234", "compared"]):
        assert contains_word(rects, 2, box)
    # the sentence before it on the same page is not highlighted
    (revenues,) = word_boxes(indexed.acme.path, 2, ["driven"])
    assert not contains_word(rects, 2, revenues)


def test_quote_spanning_two_lines(indexed: IndexedLibrary) -> None:
    passage = passage_for(indexed, "Net income was $1,577 million")
    with PageWords() as pages:
        rects = align_quote("reflecting higher gross profit and a lower effective tax rate", passage, pages)
    assert len(rects) == 2 and rects[0].y1 <= rects[1].y0 + 1


def test_small_wording_differences_still_align(indexed: IndexedLibrary) -> None:
    passage = passage_for(indexed, "Net income was $1,577 million")
    with PageWords() as pages:
        rects = align_quote("net income was 1,577 million in 2023", passage, pages)  # no $, lower case
    assert rects and rects[0].page == 2


def test_weak_alignment_gives_no_highlight(indexed: IndexedLibrary) -> None:
    passage = passage_for(indexed, "Net income was $1,577 million")
    with PageWords() as pages:
        assert align_quote("Net income was $9,999 million after a record year of acquisitions", passage, pages) == []
        # words that exist on another page are not searched there
        assert align_quote("We rely on a small number of suppliers for specialty steel", passage, pages) == []


def test_resolve_citations_uses_quote_else_whole_passage(indexed: IndexedLibrary) -> None:
    mdna = passage_for(indexed, "Net income was $1,577 million", 1)
    risks = passage_for(indexed, "specialty steel", 2)
    text = ('Management says "Net income was $1,577 million in 2023" [1]. Supply is a risk [2]. '
            'Also "a sentence that is nowhere in the filing at all" [2]. And [7].')
    with PageWords() as pages:
        result = resolve_citations(text, [mdna, risks], pages)
    first, second = result.citations
    assert first.number == 1 and first.precise and first.page == 2 and first.quote.startswith("Net income")
    assert len(first.rects) == 1
    assert second.number == 2 and not second.precise and second.rects == risks.rects and second.page == 1
    assert result.invalid == [7]
    assert first.spans == [(text.index("[1]"), text.index("[1]") + 3)]


def test_lines_and_rows_of_a_table_passage(indexed: IndexedLibrary) -> None:
    table = passage_for(indexed, "CONSOLIDATED STATEMENTS OF INCOME")
    lines = passage_lines(table)
    assert all(line.rect is not None for line in lines)
    row = next(line for line in lines if line.text.startswith("Net income"))
    assert rows_with_token(table, "1,577") == [row.rect]
    pretax = next(line for line in lines if line.text.startswith("Income (loss) before"))
    assert rows_with_token(table, "5,563") == [pretax.rect, row.rect]  # pre-tax loss and net loss rows
    assert rows_with_token(table, "577") == []  # whole numbers only
