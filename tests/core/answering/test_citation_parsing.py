"""Citation marks, quotes and their attribution in an answer's text."""

from __future__ import annotations

from app.core.answering.citations import (
    attribute_quotes,
    find_quotes,
    marks_by_sentence,
    parse_citations,
    strip_citations,
)


def numbers(text: str) -> list[tuple[int, ...]]:
    return [m.numbers for m in parse_citations(text)]


def test_single_lists_and_ranges() -> None:
    assert numbers("Revenue rose [1]. Costs fell [2, 3]; margin [4-6] and [7–8].") == [
        (1,), (2, 3), (4, 5, 6), (7, 8)]


def test_variants_and_duplicates() -> None:
    assert numbers("See [Passage 2] and [passages 1 and 3], also [2,2] and [ 5 ].") == [(2,), (1, 3), (2,), (5,)]


def test_not_citations() -> None:
    # markdown links, huge ranges, zero and non-numbers are not citations
    assert numbers("[1](http://x) [1-300] [0] [a] [12.5]") == []


def test_spans_and_strip_keep_offsets() -> None:
    text = "Net income was $1,577 million [2]."
    (mark,) = parse_citations(text)
    assert text[mark.start:mark.end] == "[2]"
    stripped = strip_citations(text)
    assert len(stripped) == len(text) and "[2]" not in stripped


def test_mark_after_full_stop_cites_previous_sentence() -> None:
    text = "Revenue was $6.5 billion. [1] Net income was $1,577 million [2]."
    sentences = marks_by_sentence(text, parse_citations(text))
    cited = [(text[s:e], [m.numbers for m in marks]) for (s, e), marks in sentences]
    assert cited[0][0].startswith("Revenue") and cited[0][1] == [(1,)]
    assert cited[1][1] == [(2,)]


def test_quotes_are_attributed_to_the_following_mark() -> None:
    text = ('The filing says "Net income was $1,577 million in 2023" [2], and notes '
            '\u201csupply interruptions could delay shipments\u201d [1, 3]. A "short" word.')
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == ["Net income was $1,577 million in 2023",
                                        "supply interruptions could delay shipments"]
    attributed = attribute_quotes(text, quotes, parse_citations(text))
    assert [(q.text[:8], n) for q, n in attributed] == [("Net inco", (2,)), ("supply i", (1, 3))]


def test_quote_with_mark_before_in_same_sentence() -> None:
    text = 'According to [4], "the company expects capital expenditures to rise".'
    attributed = attribute_quotes(text, find_quotes(text), parse_citations(text))
    assert attributed[0][1] == (4,)
