"""Retrieval for answering: de-duplication, whole statement tables for numeric questions, the token budget."""

from __future__ import annotations

from app.core.answering.passages import RetrievalOptions, is_numeric_question, looks_tabular, retrieve
from app.core.records import Chunk, DocumentInfo, SearchHit
from app.core.retrieval.parsed_query import ParsedQuery
from app.core.retrieval.search import SearchFilters, SearchResponse
from tests.core.answering.answering_fixtures import IndexedLibrary

DOC = DocumentInfo(doc_id="d1", path="/tmp/acme.pdf", title="ACME_2023_10K", company="Acme", form_type="10-K",
                   fiscal_year=2023)
TEXTS = [
    "ITEM 7. Results of operations were strong across all regions this year.",
    "CONSOLIDATED BALANCE SHEETS\n(In millions)",
    "2023 2022\nCash and cash equivalents 5,794 4,225\nInventories 6,854 7,733\nTotal current assets 24,300 23,100",
    "Property, plant and equipment, net 4,904 4,791\nGoodwill 284 242\nTotal assets 37,740 37,531",
    "Notes to the consolidated financial statements describe our accounting policies in detail.",
]


class FakeLibrary:
    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
        self.calls = 0

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        self.calls += 1
        return [c for c in self.chunks if c.doc_id == doc_id]


class FakeSearcher:
    def __init__(self, hits: list[SearchHit]) -> None:
        self.hits = hits

    def search(self, query: str, *, k: int = 10, filters: SearchFilters | None = None,
               method: str = "hybrid") -> SearchResponse:
        return SearchResponse(self.hits[:k], ParsedQuery(query, query, query), filters or SearchFilters())


def make_chunks() -> list[Chunk]:
    return [Chunk(chunk_id=f"c{i}", doc_id="d1", ordinal=i, text=text, pages=[10 + (i >= 3)], char_start=0,
                  char_end=len(text), is_table=i in (2, 3)) for i, text in enumerate(TEXTS)]


def hit(chunk: Chunk, score: float) -> SearchHit:
    return SearchHit(chunk, DOC, score, chunk.text[:40])


def test_numeric_questions() -> None:
    assert is_numeric_question("What was total assets in FY2023?")
    assert is_numeric_question("How much did capex grow?")
    assert not is_numeric_question("Who is the chief executive officer?")


def test_table_hit_gets_its_neighbours_and_scale() -> None:
    chunks = make_chunks()
    library = FakeLibrary(chunks)
    searcher = FakeSearcher([hit(chunks[3], 0.9), hit(chunks[0], 0.5)])
    result = retrieve(searcher, library, "What were Acme's total assets in 2023?")  # type: ignore[arg-type]
    first = result.passages[0]
    assert [c.ordinal for c in first.chunks] == [2, 3, 4]
    assert first.hit.chunk.ordinal == 3 and first.page == 11 and first.pages == [10, 11]
    assert first.scale == 1e6  # stated in the chunk before the table
    assert [p.number for p in result.passages] == [1, 2]


def test_non_numeric_question_keeps_single_chunks() -> None:
    chunks = make_chunks()
    searcher = FakeSearcher([hit(chunks[3], 0.9)])
    result = retrieve(searcher, FakeLibrary(chunks), "Who audits the company?")  # type: ignore[arg-type]
    assert [c.ordinal for c in result.passages[0].chunks] == [3]


def test_duplicates_and_used_neighbours_are_dropped() -> None:
    chunks = make_chunks()
    copy = Chunk(chunk_id="other", doc_id="d1", ordinal=9, text=chunks[0].text + "  ", pages=[40], char_start=0,
                 char_end=10)
    searcher = FakeSearcher([hit(chunks[2], 0.9), hit(chunks[3], 0.8), hit(chunks[0], 0.7), hit(copy, 0.6),
                             hit(chunks[2], 0.5)])
    result = retrieve(searcher, FakeLibrary(chunks), "total assets")  # type: ignore[arg-type]
    ids = [c.chunk_id for p in result.passages for c in p.chunks]
    assert len(ids) == len(set(ids))
    assert [[c.ordinal for c in p.chunks] for p in result.passages] == [[1, 2, 3], [0]]


def test_token_budget_limits_passages() -> None:
    chunks = make_chunks()
    searcher = FakeSearcher([hit(c, 1.0 - i / 10) for i, c in enumerate(chunks)])
    small = retrieve(searcher, FakeLibrary(chunks), "Who audits?",  # type: ignore[arg-type]
                     options=RetrievalOptions(token_budget=40))
    assert 1 <= len(small.passages) < len(chunks) and small.dropped
    assert len(retrieve(searcher, FakeLibrary(chunks), "Who audits?", options=RetrievalOptions(k=2)  # type: ignore[arg-type]
                        ).passages) == 2


def test_looks_tabular_on_text_without_layout() -> None:
    chunk = Chunk(chunk_id="t", doc_id="d", ordinal=0, text=TEXTS[3], pages=[0], char_start=0, char_end=1)
    assert looks_tabular(chunk)
    prose = Chunk(chunk_id="p", doc_id="d", ordinal=0, text="Revenue rose 10% to $6.5 billion in 2023 from 2022.\n"
                  "Net income was $1,577 million in 2023.", pages=[0], char_start=0, char_end=1)
    assert not looks_tabular(prose)


def test_real_library_statement_passage(indexed: IndexedLibrary) -> None:
    result = retrieve(indexed.searcher, indexed.library, "What was Acme's net income in 2023?")
    assert result.response.filters.companies == ["Acme Corporation"]  # from the question
    table = next(p for p in result.passages if "Net income (loss) 1,577" in p.text)
    assert table.scale == 1e6 and table.document.doc_id == indexed.acme.doc_id
    texts = [" ".join(c.text.split()) for p in result.passages for c in p.chunks]
    assert len(texts) == len(set(texts))
