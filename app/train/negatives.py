"""Hard-negative mining with the base embedder.

For every query, the passages the base model ranks highest that are *not* its positive are what the tuned model
must learn to push down. Most queries get a negative from their positive's own filing (another page of the same
10-K): in-batch negatives already come from other filings, so telling companies apart is learned anyway, while
telling the cash-flow statement from the MD&A paragraph that discusses it is not. Measured on the dev set, the
earlier models (negatives from anywhere, filtered by a score margin) found the right filing as often in a shared
library as in a single document, but ranked the pages inside it no better than the base model.

Three kinds of candidates are skipped because they would teach the wrong thing:

- the same chunk/table, or a chunk on the same page of the same document (often the continuation of the answer);
- near-duplicates of the positive (cosine > 0.95: boilerplate repeated across filings, a table printed twice);
- likely false negatives: from another filing, a candidate the base model scores above ``positive score - margin``
  probably answers the query too (templated queries are not unique to one passage); from the same filing, a
  candidate holding every word the query asks about (:func:`app.train.dataset.evidence_visible`). The score margin
  is not used inside a filing: there the base model ranks hundreds of pages above a statement row, and skipping
  them all would leave only easy negatives.

The base model runs through the app's ONNX runtime (int8), which is several times faster on CPU than torch.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from app.train.dataset import Pair, evidence_visible

Progress = Callable[[str], None]


def _embed_queries(embedder: Any, queries: list[str]) -> np.ndarray:
    prefix = getattr(getattr(embedder, "manifest", None), "query_prefix", "")
    return np.asarray(embedder.embed([prefix + q for q in queries]), dtype=np.float32)


def mine_hard_negatives(pairs: list[Pair], embedder: Any, *, top_k: int = 30, margin: float = 0.05,
                        near_duplicate: float = 0.95, same_document_share: float = 0.8, seed: int = 13,
                        progress: Progress = print) -> tuple[list[Pair], dict[str, Any]]:
    """Give every pair a hard negative from the pool of all the pairs' passages.

    Args:
        pairs: training pairs (their passages form the candidate pool).
        embedder: anything with ``embed(list[str]) -> np.ndarray`` of normalised rows (an ``OnnxEmbedder``).
        top_k: how many of the best-scoring candidates below ``positive - margin`` to try.
        margin: candidates scoring above ``positive - margin`` are treated as false negatives and skipped.
        near_duplicate: candidates this similar to the positive are skipped.
        same_document_share: the share of queries (drawn at random) whose negative comes from the positive's own
            document when it has a usable one; the others, and queries with none, get the best one from anywhere.
        seed: for the share and for the fallback choice when no ranked candidate is usable.
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
    by_document: dict[str, list[int]] = {}
    for index, holder in sorted(owner.items()):
        by_document.setdefault(holder.doc, []).append(index)
    document_pool = {doc: np.asarray(indices) for doc, indices in by_document.items()}
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
            if rng.random() < same_document_share:
                choice = _same_document_negative(pair, document_pool[pair.doc], scores[row], owner, texts, passages,
                                                 positive, top_k, near_duplicate, counts)
            if choice is not None:
                counts["mined_same_document"] += 1
            else:
                choice = _ranked_negative(pair, top[row], masked[row], owner, passages, positive, near_duplicate,
                                          counts)
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


def _ranked_negative(pair: Pair, top: np.ndarray, masked: np.ndarray, owner: dict[int, Pair],
                     passages: np.ndarray, positive: int, near_duplicate: float, counts: Counter[str]) -> int | None:
    """The best-scoring usable candidate from anywhere, likely false negatives already masked to -inf."""
    for j in top[np.argsort(-masked[top])]:
        if not np.isfinite(masked[j]):
            break
        reason = _skip_reason(pair, owner[int(j)], float(passages[j] @ passages[positive]), near_duplicate)
        if reason:
            counts[reason] += 1
            continue
        return int(j)
    return None


def _same_document_negative(pair: Pair, pool: np.ndarray, scores: np.ndarray, owner: dict[int, Pair],
                            texts: list[str], passages: np.ndarray, positive: int, top_k: int,
                            near_duplicate: float, counts: Counter[str]) -> int | None:
    """The best-scoring passage of ``pair``'s own document that does not answer it (None when there is none)."""
    ranked = pool[np.argsort(-scores[pool])][:top_k]
    for j in ranked:
        j = int(j)
        reason = _skip_reason(pair, owner[j], float(passages[j] @ passages[positive]), near_duplicate)
        if not reason and evidence_visible(pair.query, texts[j]):
            reason = "same_document_answers"
        if reason:
            counts[reason] += 1
            continue
        return j
    return None


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
