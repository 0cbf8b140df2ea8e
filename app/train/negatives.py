"""Hard-negative mining with the base embedder.

For every query, the passages the base model ranks highest that are *not* its positive are what the tuned model
must learn to push down. Three kinds of candidates are skipped because they would teach the wrong thing:

- the same chunk/table, or a chunk on the same page of the same document (often the continuation of the answer);
- near-duplicates of the positive (cosine > 0.95: boilerplate repeated across filings, a table printed twice);
- likely false negatives: a candidate the base model scores above ``positive score - margin`` probably answers the
  query too (templated queries are not unique to one passage), so it is not used as a negative.

The base model runs through the app's ONNX runtime (int8), which is several times faster on CPU than torch.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from app.train.dataset import Pair

Progress = Callable[[str], None]


def _embed_queries(embedder: Any, queries: list[str]) -> np.ndarray:
    prefix = getattr(getattr(embedder, "manifest", None), "query_prefix", "")
    return np.asarray(embedder.embed([prefix + q for q in queries]), dtype=np.float32)


def mine_hard_negatives(pairs: list[Pair], embedder: Any, *, top_k: int = 30, margin: float = 0.05,
                        near_duplicate: float = 0.95, seed: int = 13,
                        progress: Progress = print) -> tuple[list[Pair], dict[str, Any]]:
    """Give every pair a hard negative from the pool of all the pairs' passages.

    Args:
        pairs: training pairs (their passages form the candidate pool).
        embedder: anything with ``embed(list[str]) -> np.ndarray`` of normalised rows (an ``OnnxEmbedder``).
        top_k: how many of the best-scoring candidates below ``positive - margin`` to try.
        margin: candidates scoring above ``positive - margin`` are treated as false negatives and skipped.
        near_duplicate: candidates this similar to the positive are skipped.
        seed: for the fallback choice when no ranked candidate is usable.
        progress: receives progress lines.

    Returns:
        New pairs with ``negative``/``negative_id`` set, and counts of what was skipped and why.
    """
    rng = random.Random(seed)
    texts: list[str] = []
    index_of: dict[str, int] = {}
    for pair in pairs:
        if pair.passage not in index_of:
            index_of[pair.passage] = len(texts)
            texts.append(pair.passage)
    owner = {index_of[p.passage]: p for p in pairs}  # pool index -> a pair holding that passage (id, doc, pages)
    progress(f"  embedding {len(texts)} passages and {len(pairs)} queries with the base model")
    passages = np.asarray(embedder.embed(texts), dtype=np.float32)
    queries = _embed_queries(embedder, [p.query for p in pairs])

    counts: Counter[str] = Counter()
    mined: list[Pair] = []
    block = 512
    k = min(top_k, len(texts))
    for start in range(0, len(pairs), block):
        rows = pairs[start:start + block]
        scores = queries[start:start + block] @ passages.T
        positives = np.array([index_of[p.passage] for p in rows])
        positive_scores = scores[np.arange(len(rows)), positives]
        # Likely false negatives are removed *before* taking the top k, so a query the base model finds hard still
        # gets the hardest candidate below its positive instead of nothing usable in a top k full of look-alikes.
        above = scores > (positive_scores - margin)[:, None]
        counts["likely_false_negative"] += int(above.sum()) - len(rows)  # the positive itself is always above
        masked = np.where(above, -np.inf, scores)
        top = np.argpartition(-masked, k - 1, axis=1)[:, :k]
        for row, pair in enumerate(rows):
            positive = int(positives[row])
            choice = None
            for j in top[row][np.argsort(-masked[row, top[row]])]:
                if not np.isfinite(masked[row, j]):
                    break
                reason = _skip_reason(pair, owner[int(j)], float(passages[j] @ passages[positive]), near_duplicate)
                if reason:
                    counts[reason] += 1
                    continue
                choice = int(j)
                break
            if choice is None:
                choice = _fallback(pair, owner, passages, positive, near_duplicate, rng)
                counts["fallback_random"] += 1
            if choice is None:
                counts["no_negative"] += 1
                continue
            counts["mined"] += 1
            mined.append(replace(pair, negative=texts[choice], negative_id=owner[choice].passage_id))
        progress(f"  mined {min(start + block, len(pairs))}/{len(pairs)}")
    return mined, dict(counts)


def _skip_reason(pair: Pair, candidate: Pair, similarity: float, near_duplicate: float) -> str:
    """Why ``candidate`` must not be ``pair``'s negative ("" when it may be); false negatives are masked earlier."""
    if candidate.passage_id == pair.passage_id:
        return "same_passage"
    if candidate.doc == pair.doc and set(candidate.pages) & set(pair.pages):
        return "same_page"
    if similarity > near_duplicate:
        return "near_duplicate"
    return ""


def _fallback(pair: Pair, owner: dict[int, Pair], passages: np.ndarray, positive: int, near_duplicate: float,
              rng: random.Random) -> int | None:
    """A random usable passage when the whole top of the ranking was skipped (rare: tiny pools, templated tables)."""
    candidates = list(owner)
    rng.shuffle(candidates)
    for j in candidates[:50]:
        candidate = owner[j]
        if (candidate.passage_id != pair.passage_id and not (candidate.doc == pair.doc
                                                             and set(candidate.pages) & set(pair.pages))
                and float(passages[j] @ passages[positive]) <= near_duplicate):
            return j
    return None
