"""Search: dense, keyword and hybrid retrieval, filters, automatic company filter, snippets and highlight boxes."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from app.core.ingest.indexing import index_paths
from app.core.records import Rect
from app.core.retrieval.search import Searcher, SearchFilters, make_snippet
from app.core.store import Library
from tests.core.conftest import new_library


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory, embedder, filings: Path) -> Searcher:  # noqa: ANN001
    library: Library = new_library(tmp_path_factory.mktemp("search") / "lib", embedder)
    index_paths([filings], library, embedder)
    return Searcher(library, embedder)


@pytest.mark.parametrize("method", ["hybrid", "dense", "keyword"])
def test_each_method_finds_the_capex_row(searcher: Searcher, method: str) -> None:
    response = searcher.search("Globex cash flows: purchases of property and equipment", k=3, method=method)
    assert response.hits and {h.document.ticker for h in response.hits} == {"GBX"}
    capex = [h for h in response.hits if "Purchases of property and equipment (3,402)" in h.chunk.text]
    assert capex and capex[0].chunk.page == 3


def test_company_named_in_query_becomes_a_filter(searcher: Searcher) -> None:
    response = searcher.search("What were Acme's net revenues in FY2021?", k=10)
    assert response.auto_company_filter and response.filters.companies == ["Acme Widgets, Inc"]
    assert {h.document.company for h in response.hits} == {"Acme Widgets, Inc"}
    # The fiscal-year prior puts the FY2021 filing's statement first.
    top = response.hits[0]
    assert top.document.fiscal_year == 2021 and "Net revenues 11,002" in top.chunk.text


def test_explicit_filters(searcher: Searcher) -> None:
    only_2021 = searcher.search("net revenues", k=20, filters=SearchFilters(fiscal_years=[2021]))
    assert only_2021.hits and {h.document.fiscal_year for h in only_2021.hits} == {2021}
    only_form = searcher.search("net revenues", k=20, filters=SearchFilters(form_types=["10-Q"]))
    assert only_form.hits == []
    doc_id = only_2021.hits[0].document.doc_id
    one_doc = searcher.search("risk", k=20, filters=SearchFilters(doc_ids=[doc_id]))
    assert {h.document.doc_id for h in one_doc.hits} == {doc_id}


def test_abbreviations_are_expanded(searcher: Searcher) -> None:
    response = searcher.search("Globex capex", k=3, method="keyword")
    assert "Purchases of property and equipment" in response.hits[0].chunk.text


def test_hit_rectangles_contain_the_passage_words_on_the_right_page(searcher: Searcher) -> None:
    hit = searcher.search("Globex diluted earnings per share", k=1).hits[0]
    assert "Diluted earnings per share" in hit.chunk.text
    with pymupdf.open(hit.document.path) as pdf:
        words = pdf[hit.chunk.page].get_text("words")
    target = [w for w in words if w[4] in {"Diluted", "4.12"}]
    assert target
    for x0, y0, x1, y1, *_ in target:
        assert any(r.contains(Rect(hit.chunk.page, x0, y0, x1, y1)) for r in hit.chunk.rects)
    assert "earnings" in hit.matched_terms


def test_snippet_centres_on_matched_terms() -> None:
    text = "filler " * 100 + "free cash flow rose sharply " + "filler " * 100
    snippet, matched = make_snippet(text, ["free", "cash", "flow"])
    assert "free cash flow" in snippet and snippet.startswith("…")
    assert matched == ["free", "cash", "flow"]


def test_empty_query_and_empty_library(tmp_path: Path, embedder) -> None:  # noqa: ANN001
    searcher = Searcher(new_library(tmp_path / "empty", embedder), embedder)
    assert searcher.search("revenue").hits == []
    assert searcher.search("   ").hits == []


def test_a_question_without_a_year_prefers_the_latest_filing(searcher: Searcher) -> None:
    response = searcher.search("What were Acme's net revenues?", k=10)
    assert response.parsed.target_year is None
    assert response.hits[0].document.fiscal_year == 2022 and "Net revenues" in response.hits[0].chunk.text


def test_a_question_about_expectations_also_favours_the_year_before(searcher: Searcher) -> None:
    # FY2022 guidance is given in FY2021's filings, so both years get the fiscal-year prior.
    weights = searcher.weights

    def priors(question: str) -> dict[int, float]:
        hits = searcher.search(question, k=40).hits
        return {h.document.fiscal_year: round(h.score - weights.dense * h.dense_score
                                              - weights.keyword * h.keyword_score, 4) for h in hits}

    expected = priors("What net revenues does Acme expect for FY2022?")
    assert expected[2021] == expected[2022] == round(weights.year_match + weights.form_match, 4)
    reported = priors("What were Acme's net revenues in FY2022?")
    assert reported[2022] > reported[2021]


def test_the_statement_prior_needs_more_than_one_word_of_a_line_item_among_words_not_understood() -> None:
    from app.core.retrieval.search import metric_query

    # One line-item word inside a phrase about something else is no sign the question is about that line.
    assert metric_query("Which revenue recognition policies did Initech change in FY2022?") is None
    assert metric_query("What were the main debt covenants of Initech in FY2022?") is None
    # A line item named in full still points to its statement pages, and a metric fully read always does.
    unusual = metric_query("Did anything unusual lift Initech net income in FY2022?")
    assert unusual is not None and unusual.metric.name == "Net income" and unusual.years == [2022]
    assert metric_query("What was Initech's FY2022 revenue?") is not None
    # A line named in full among many other words still points there (the prior reads what was read).
    events = metric_query("Were there any potential events that are not in Initech's standard business operations "
                          "that substantially increased net income in FY2022?")
    assert events is not None and events.metric.name == "Net income"
