"""Hard-negative mining skips same-page passages, near-duplicates and likely false negatives."""

from __future__ import annotations

import numpy as np

from app.train.dataset import Pair
from app.train.negatives import mine_hard_negatives


class TableEmbedder:
    """A fake embedder: each text maps to a fixed unit vector, so scores are chosen by the test."""

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = {k: np.asarray(v, dtype=np.float32) / np.linalg.norm(v) for k, v in vectors.items()}

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts])


def pair(query: str, passage: str, doc: str = "a.pdf", pages: tuple[int, ...] = (1,)) -> Pair:
    return Pair(query=query, passage=passage, source="corpus", kind="metric", doc=doc, split_key=doc,
                passage_id=passage, pages=list(pages))


def test_mining_skips_same_page_duplicates_and_false_negatives() -> None:
    pairs = [
        pair("q", "positive", pages=(1,)),
        pair("q-page", "same page", pages=(1,)),       # same document and page as the positive
        pair("q-dup", "duplicate", doc="b.pdf"),         # near-duplicate of the positive
        pair("q-fn", "false negative", doc="c.pdf"),     # scores above the positive - margin
        pair("q-hard", "hard", doc="d.pdf"),             # the one to pick
        pair("q-easy", "easy", doc="e.pdf"),
    ]
    vectors = {
        "q": [1, 0, 0, 0], "positive": [0.8, 0.6, 0, 0],       # positive score 0.8: candidates above 0.75 are
        "false negative": [0.9, 0, 0.43, 0],                      # likely false negatives (0.90)
        "same page": [0.72, 0, 0.69, 0],                          # 0.72: hardest usable, but on the positive's page
        "duplicate": [0.7, 0.7, 0.14, 0],                         # 0.70, cosine 0.98 to the positive
        "hard": [0.6, 0, 0, 0.8],                                 # 0.60: the one to pick
        "easy": [0, 0, 0, 1],
    }
    for name in ("q-page", "q-dup", "q-fn", "q-hard", "q-easy"):
        vectors[name] = [0, 0, 0, 1] if name != "q-easy" else [0, 1, 0, 0]
    mined, counts = mine_hard_negatives(pairs, TableEmbedder(vectors), top_k=6, margin=0.05, progress=lambda _: None)
    by_query = {p.query: p for p in mined}
    assert by_query["q"].negative == "hard"
    assert by_query["q"].negative_id == "hard"
    assert counts.get("same_page", 0) >= 1 and counts.get("near_duplicate", 0) >= 1
    assert counts.get("likely_false_negative", 0) >= 1
    assert all(p.negative and p.negative_id != p.passage_id for p in mined)


def test_negatives_come_from_the_positives_own_filing_unless_they_answer_the_query() -> None:
    query = "What was Acme's FY2021 capex?"
    positive = "Acme 10-K FY2021 | CASH FLOWS\nCapital expenditures 2021 412"
    mdna = "Acme 10-K FY2021 | LIQUIDITY\nIn 2021 capital expenditures were 412 and we expect more"  # answers it too
    revenue = "Acme 10-K FY2021 | OPERATIONS\nRevenue 2021 9,120"  # same filing, does not answer: the one to pick
    other = "Bolt 10-K FY2021 | CASH FLOWS\nCapital expenditures 2021 77"  # another filing, above the margin
    pairs = [pair(query, positive, pages=(50,)), pair("q-mdna", mdna, pages=(30,)),
             pair("q-revenue", revenue, pages=(48,)), pair("q-other", other, doc="b.pdf", pages=(50,))]
    vectors = {query: [1, 0, 0, 0], positive: [0.7, 0.71, 0, 0],
               mdna: [0.9, 0, 0.43, 0],       # the base model ranks the MD&A paragraph first...
               revenue: [0.8, 0, 0, 0.6],     # ...and the revenue table above the positive (0.80 > 0.70)
               other: [0.6, 0, 0.8, 0]}
    for name in ("q-mdna", "q-revenue", "q-other"):
        vectors[name] = [0, 0, 0, 1]
    mined, counts = mine_hard_negatives(pairs, TableEmbedder(vectors), top_k=4, same_document_share=1.0,
                                        progress=lambda _: None)
    by_query = {p.query: p for p in mined}
    assert by_query[query].negative == revenue
    assert counts["same_document_answers"] >= 1 and counts["mined_same_document"] >= 1
    # With no share from the own filing the margin rule applies across the pool: the revenue table (above the
    # positive) is a likely false negative, so the other company's table is the pick.
    mined, _ = mine_hard_negatives(pairs, TableEmbedder(vectors), top_k=4, same_document_share=0.0,
                                   progress=lambda _: None)
    assert {p.query: p for p in mined}[query].negative == other
