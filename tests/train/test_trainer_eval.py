"""Batches never repeat a passage; held-out Recall@k counts the right passage."""

from __future__ import annotations

import numpy as np

from app.train.dataset import Pair
from app.train.trainer import embedding_agreement, evaluate_recall_at_1, make_batches


def pair(i: int, passage_id: str, negative_id: str = "") -> Pair:
    return Pair(query=f"q{i}", passage=f"p-{passage_id}", source="corpus", kind="metric", doc="d", split_key="d",
                passage_id=passage_id, negative=f"p-{negative_id}" if negative_id else "", negative_id=negative_id)


def test_batches_never_hold_a_passage_twice() -> None:
    pairs = [pair(i, f"c{i % 5}", f"c{(i + 1) % 5}") for i in range(20)]
    batches = make_batches(pairs, 4, seed=3)
    assert batches
    for batch in batches:
        ids = [x for p in batch for x in (p.passage_id, p.negative_id)]
        assert len(ids) == len(set(ids))
    assert sum(len(b) for b in batches) <= len(pairs)


class KeywordEmbedder:
    """Embeds by which of a few keywords a text contains."""

    words = ("revenue", "capex", "risk", "margin")

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = np.array([[1.0 if w in t else 0.0 for w in self.words] + [0.1] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_recall_at_k() -> None:
    heldout = [
        Pair("revenue 2021", "revenue table", "corpus", "metric", "d", "d", "c1"),
        Pair("capex 2021", "capex table", "corpus", "metric", "d", "d", "c2"),
        Pair("risk factors", "margin discussion", "corpus", "heading", "d", "d", "c3"),  # a miss at 1
    ]
    result = evaluate_recall_at_1(KeywordEmbedder(), heldout)
    assert result["queries"] == 3 and result["passages"] == 3
    assert result["recall@1"] == round(2 / 3, 4)
    assert result["recall@5"] == 1.0
    agreement = embedding_agreement(KeywordEmbedder(), KeywordEmbedder(), ["revenue", "capex"])
    assert agreement["mean"] == 1.0


def test_training_length_follows_the_measured_speed_within_the_plan() -> None:
    from app.train.trainer import _fit_schedule

    lines: list[str] = []
    schedule = {"total": 400, "warmup": 40}
    # Slow first steps (20 s/step) shorten a 10-minute run ...
    _fit_schedule(schedule, 400, 10, 200.0, 600.0, 0.1, lines.append)
    assert schedule["total"] == 30 and schedule["warmup"] == 3 and lines
    # ... and when the speed picks up (2 s/step from here), the run grows again, never past the plan.
    _fit_schedule(schedule, 400, 20, 220.0, 600.0, 0.1, lines.append)
    assert schedule["total"] == 20 + int(380 / 11)
    _fit_schedule(schedule, 400, 30, 230.0, 10_000.0, 0.1, lines.append)
    assert schedule["total"] == 400


def test_tail_averaging_keeps_the_uniform_mean_of_the_weights_it_saw() -> None:
    import torch

    from app.train.trainer import _WeightAverager

    layer = torch.nn.Linear(2, 1)
    averager = _WeightAverager(layer)
    for value in (1.0, 3.0, 8.0):
        with torch.no_grad():
            layer.weight.fill_(value)
            layer.bias.fill_(-value)
        averager.add()
    averager.load_into_model()
    assert averager.count == 3
    assert torch.allclose(layer.weight, torch.full((1, 2), 4.0)) and torch.allclose(layer.bias, torch.tensor([-4.0]))
