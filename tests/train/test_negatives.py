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
