"""The store's read interface: searches return typed scored chunks (no storage row leaves the store), and metadata
edits go through the write session, which accepts the editable fields only."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.ingest.indexing import index_paths
from app.core.records import EDITABLE_FIELDS, Chunk, SearchFilters
from app.core.store import Library, ScoredChunk


def test_a_vector_search_returns_chunks_nearest_first_with_their_vectors_when_asked(
        library: Library, embedder, filings: Path) -> None:  # noqa: ANN001
    index_paths([filings], library, embedder)
    query = embedder.embed_query("net revenues")
    found = library.vector_search(query, limit=5, with_vectors=True)
    assert found and all(isinstance(hit, ScoredChunk) and isinstance(hit.chunk, Chunk) for hit in found)
    assert {hit.kind for hit in found} == {"cosine_distance"}
    distances = [hit.score for hit in found]
    assert distances == sorted(distances)
    nearest = found[0]
    assert nearest.vector is not None and nearest.vector.shape == (embedder.dimension,)
    # The distance the store reports is the cosine distance of the vector it returns (vectors are normalised).
    assert nearest.score == pytest.approx(1.0 - float(nearest.vector @ query), abs=1e-4)
    assert all(hit.vector is None for hit in library.vector_search(query, limit=5))


def test_a_keyword_search_returns_bm25_scores_best_first(library: Library, embedder, filings: Path) -> None:  # noqa: ANN001
    index_paths([filings], library, embedder)
    found = library.keyword_search("revenues", limit=5)
    assert found and {hit.kind for hit in found} == {"bm25"}
    scores = [hit.score for hit in found]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert all("revenues" in hit.chunk.text.lower() for hit in found)
    assert library.keyword_search("?!", limit=5) == []  # no words: nothing searched


def test_the_write_session_edits_only_the_editable_fields(library: Library, embedder, filings: Path) -> None:  # noqa: ANN001
    index_paths([filings], library, embedder)
    document = library.list_documents()[0]
    with library.writing() as session, pytest.raises(ValueError, match="cannot edit"):
        session.update_metadata(document.doc_id, {"path": "/elsewhere.pdf"})
    assert library.get_document(document.doc_id) == document  # nothing changed
    assert "path" not in EDITABLE_FIELDS and "company" in EDITABLE_FIELDS
    with library.writing() as session:
        session.update_metadata(document.doc_id, {"company": "Renamed Holdings", "ticker": "NEWT"})
    edited = library.get_document(document.doc_id)
    assert edited is not None and (edited.company, edited.ticker) == ("Renamed Holdings", "NEWT")
    # The chunks' filter copy follows: a search filtered on the new name finds this document's passages only.
    hits = library.vector_search(embedder.embed_query("revenue"), limit=50,
                                 filters=SearchFilters(companies=["Renamed Holdings"]))
    assert hits and {hit.chunk.doc_id for hit in hits} == {document.doc_id}
