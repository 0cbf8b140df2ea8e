"""Fine-tuning the base MiniLM on (query, positive, hard negative) triplets, and the held-out Recall@k evaluation.

The loss is sentence-transformers' MultipleNegativesRankingLoss: each query must score its positive above every
other passage in the batch plus every mined hard negative. The loop is a plain torch loop over the
sentence-transformers model and loss rather than ``SentenceTransformerTrainer``: the Trainer needs ``accelerate``
(not in the ``train`` extra), and a plain loop lets us build batches in which no passage appears twice (two queries
with the same positive in one batch would be told that their own answer is wrong) and log every step's loss.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from app.train.dataset import Pair

Progress = Callable[[str], None]


@dataclass
class TrainResult:
    """What a training run did: steps, wall time, per-step loss, and the device used."""

    steps: int
    examples: int
    seconds: float
    device: str
    losses: list[float] = field(default_factory=list)
    averaged_steps: int = 0

    def loss_summary(self, window: int = 10) -> tuple[float, float]:
        """Mean loss of the first and of the last ``window`` steps."""
        if not self.losses:
            return math.nan, math.nan
        window = max(1, min(window, len(self.losses) // 2 or 1))
        return float(np.mean(self.losses[:window])), float(np.mean(self.losses[-window:]))


def make_batches(pairs: list[Pair], batch_size: int, seed: int) -> list[list[Pair]]:
    """Shuffle and group pairs so no passage (positive or negative) occurs twice in a batch.

    A pair that would collide is deferred to a later batch; the final short batch is kept if it has at least two
    pairs (MNRL needs in-batch negatives).
    """
    pending = list(pairs)
    random.Random(seed).shuffle(pending)
    batches: list[list[Pair]] = []
    while pending:
        batch: list[Pair] = []
        used: set[str] = set()
        deferred: list[Pair] = []
        for pair in pending:
            ids = {pair.passage_id, pair.negative_id} - {""}
            if len(batch) < batch_size and not ids & used:
                batch.append(pair)
                used |= ids
            else:
                deferred.append(pair)
        if len(batch) < 2:
            break
        batches.append(batch)
        pending = deferred
    return batches


def _fit_schedule(schedule: dict[str, int], planned: int, step: int, elapsed: float, budget_s: float,
                  warmup_ratio: float, progress: Progress) -> None:
    """Re-fit the run's length to the time budget from the speed so far (never beyond the planned steps).

    Re-measured every few steps rather than once: the first steps are slower (allocator warm-up, a busy CPU), and a
    single early measurement cut a 32-minute budget to a 12-minute run.
    """
    fits = max(step, min(planned, step + int((budget_s - elapsed) / (elapsed / step))))
    if abs(fits - schedule["total"]) > max(2, schedule["total"] // 50):
        progress(f"  {elapsed / step:.1f} s/step: fitting the run to {fits} of {planned} steps "
                 f"for {budget_s / 60:.0f} min")
        schedule["total"] = fits
        if step < schedule["warmup"]:
            schedule["warmup"] = max(1, int(fits * warmup_ratio))


def train_model(pairs: list[Pair], out_dir: Path, *, base_model: Path | None = None, epochs: int = 1,
                batch_size: int = 32, learning_rate: float = 3e-5, warmup_ratio: float = 0.1,
                max_seq_length: int = 256, max_steps: int | None = None, time_budget_s: float | None = None,
                average_tail: float = 0.0, last_step_dir: Path | None = None, seed: int = 13, log_every: int = 10,
                progress: Progress = print) -> TrainResult:
    """Fine-tune a sentence-transformers model with MultipleNegativesRankingLoss and save it to ``out_dir``.

    Args:
        pairs: training pairs; those with a ``negative`` are used as triplets. Mixing pairs with and without
            negatives is allowed: each batch is made of one kind only.
        out_dir: where the tuned sentence-transformers folder is written (fp32; keep it out of the repository).
        base_model: starting model folder (default: the packaged all-MiniLM-L6-v2).
        epochs: passes over the data.
        batch_size: pairs per step; larger gives more in-batch negatives at the same cost per pair.
        learning_rate: peak AdamW learning rate (linear warm-up, then linear decay to zero).
        warmup_ratio: fraction of steps spent warming up.
        max_seq_length: tokens per text during training (passages longer than this are truncated).
        max_steps: stop after this many steps (smoke tests).
        time_budget_s: wall-time budget for training. After 10 steps the speed is measured and the run is shortened
            to the steps that fit, with the learning-rate schedule recomputed for the new length, so a slow or busy
            CPU gives a shorter but complete schedule instead of an overrun. The steps done are recorded.
        average_tail: when above 0, the saved weights are the uniform average of the weights after each of the
            run's last ``average_tail`` fraction of steps (tail averaging, as in stochastic weight averaging).
            Measured on the shipped recipe: neutral at lr 3e-5, whose last steps barely move; at lr 6e-5 the
            average of the last half gave the best held-out Recall@1 of any run (the shipped model).
        last_step_dir: where to also save the last step's own weights when averaging (for comparison).
        seed: shuffling and initialisation seed.
        log_every: print the running loss every this many steps.
        progress: receives log lines.

    Returns:
        Steps, timing and the per-step loss.
    """
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    from app.train.onnx_export import base_model_path

    torch.manual_seed(seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = SentenceTransformer(str(base_model or base_model_path()), device=device)
    model.max_seq_length = max_seq_length
    loss_fn = MultipleNegativesRankingLoss(model)

    batches = _plan_batches(pairs, batch_size, epochs, seed, max_steps)
    total = len(batches)
    if total == 0:
        raise ValueError("No training batches: need at least two pairs.")

    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    schedule = {"total": total, "warmup": max(1, int(total * warmup_ratio))}
    planned = total
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, warmup_then_decay(schedule))
    calibration_steps = 10

    model.train()
    losses: list[float] = []
    averager = _WeightAverager(model)
    started = time.perf_counter()
    progress(f"  training on {device}: {total} steps, batch {batch_size}, max_seq_length {max_seq_length}")
    for step, batch in enumerate(batches, 1):
        if step > schedule["total"]:
            break
        losses.append(_train_step(model, loss_fn, batch, device, optimizer, scheduler))
        if average_tail > 0 and step > schedule["total"] * (1 - average_tail):
            averager.add()
        elapsed = time.perf_counter() - started
        if time_budget_s and step >= calibration_steps and step % calibration_steps == 0:
            _fit_schedule(schedule, planned, step, elapsed, time_budget_s, warmup_ratio, progress)
        end = schedule["total"]
        if step % log_every == 0 or step == end:
            _log_step(progress, losses, step, end, elapsed, log_every)
    batches = batches[:len(losses)]
    seconds = time.perf_counter() - started
    _save_model(model, averager, out_dir, last_step_dir, progress)
    return TrainResult(steps=len(losses), examples=sum(len(b) for b in batches), seconds=seconds, device=device,
                       losses=losses, averaged_steps=averager.count)


def _plan_batches(pairs: list[Pair], batch_size: int, epochs: int, seed: int,
                  max_steps: int | None) -> list[list[Pair]]:
    """The run's batches, epoch by epoch: triplets and plain pairs batched apart, then shuffled together."""
    triplets = [p for p in pairs if p.negative]
    plain = [p for p in pairs if not p.negative]
    batches: list[list[Pair]] = []
    for epoch in range(epochs):
        epoch_batches = make_batches(triplets, batch_size, seed + epoch) + make_batches(plain, batch_size, seed + epoch)
        random.Random(seed + epoch).shuffle(epoch_batches)
        batches.extend(epoch_batches)
    if max_steps is not None:
        batches = batches[:max_steps]
    return batches


def warmup_then_decay(schedule: dict[str, int]) -> Callable[[int], float]:
    """The learning-rate factor of a step under ``schedule`` (read at each step, so a shortened run follows it); the
    embedder's and the reranker's training share it."""

    def lr_factor(step: int) -> float:
        # Linear warm-up then linear decay to zero at the (possibly shortened) last step.
        warmup, end = schedule["warmup"], schedule["total"]
        return min((step + 1) / warmup, max(0.0, (end - step) / max(1, end - warmup)))

    return lr_factor


def _train_step(model: Any, loss_fn: Any, batch: list[Pair], device: str, optimizer: Any, scheduler: Any) -> float:
    """One optimisation step on a batch; its loss."""
    import torch

    columns = [[p.query for p in batch], [p.passage for p in batch]]
    if batch[0].negative:
        columns.append([p.negative for p in batch])
    features = [{k: v.to(device) if hasattr(v, "to") else v for k, v in model.preprocess(c).items()}
                for c in columns]
    loss = loss_fn(features, None)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    scheduler.step()
    optimizer.zero_grad()
    return float(loss.detach())


def _log_step(progress: Progress, losses: list[float], step: int, end: int, elapsed: float, log_every: int) -> None:
    """Report the running loss, the speed and the time left."""
    recent = float(np.mean(losses[-log_every:]))
    progress(f"  step {step}/{end} loss {recent:.4f} ({elapsed / step:.1f} s/step, "
             f"~{(end - step) * elapsed / step / 60:.1f} min left)")


def _save_model(model: Any, averager: _WeightAverager, out_dir: Path, last_step_dir: Path | None,
                progress: Progress) -> None:
    """Save the tuned model: the tail average when one was taken (the last step's then go to ``last_step_dir``)."""
    if averager.count:
        if last_step_dir is not None:
            model.save(str(last_step_dir))
        averager.load_into_model()
        progress(f"  saving the average of the last {averager.count} steps' weights")
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir))


class _WeightAverager:
    """A running uniform average of a model's trainable weights (float32, on the model's device)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.count = 0
        self.average: dict[str, Any] = {}

    def add(self) -> None:
        import torch

        self.count += 1
        with torch.no_grad():
            for name, parameter in self.model.named_parameters():
                if name not in self.average:
                    self.average[name] = parameter.detach().clone()
                else:
                    self.average[name].add_(parameter.detach() - self.average[name], alpha=1.0 / self.count)

    def load_into_model(self) -> None:
        import torch

        with torch.no_grad():
            for name, parameter in self.model.named_parameters():
                parameter.copy_(self.average[name])


def evaluate_recall_at_1(embedder: Any, heldout: list[Pair], *, ks: tuple[int, ...] = (1, 5)) -> dict[str, float]:
    """BAM-style retrieval check: every held-out query ranks all held-out passages.

    A query counts as found at k when a passage with its ``passage_id`` is in the top k (TAT-QA questions about one
    table have slightly different passages; any of them is right).

    Args:
        embedder: anything with ``embed(list[str])`` returning normalised rows (``OnnxEmbedder``).
        heldout: held-out pairs; their distinct passages are the search space.
        ks: cut-offs to report.

    Returns:
        ``{"queries": n, "passages": m, "recall@1": ..., "recall@5": ..., "mrr@10": ...}``.
    """
    if not heldout:
        return {"queries": 0, "passages": 0}
    first_id: dict[str, str] = {}
    for pair in heldout:
        first_id.setdefault(pair.passage, pair.passage_id)
    texts = list(first_id)
    passage_ids = np.array([first_id[t] for t in texts])
    prefix = getattr(getattr(embedder, "manifest", None), "query_prefix", "")
    passages = np.asarray(embedder.embed(texts), dtype=np.float32)
    queries = np.asarray(embedder.embed([prefix + p.query for p in heldout]), dtype=np.float32)
    gold = np.array([p.passage_id for p in heldout])
    hits = {k: 0 for k in ks}
    reciprocal = 0.0
    depth = max(max(ks), 10)
    for start in range(0, len(heldout), 512):
        scores = queries[start:start + 512] @ passages.T
        order = np.argsort(-scores, axis=1)[:, :depth]
        for row, ranking in enumerate(order):
            correct = passage_ids[ranking] == gold[start + row]
            for k in ks:
                hits[k] += bool(correct[:k].any())
            first = np.flatnonzero(correct)
            reciprocal += 1.0 / (first[0] + 1) if first.size else 0.0
    result: dict[str, float] = {"queries": len(heldout), "passages": len(texts)}
    result.update({f"recall@{k}": round(hits[k] / len(heldout), 4) for k in ks})
    result["mrr@10"] = round(reciprocal / len(heldout), 4)
    return result



def embedding_agreement(reference: Any, candidate: Any, texts: list[str]) -> dict[str, float]:
    """Cosine between two embedders' vectors for the same texts (fp32 vs int8): mean, 1st percentile and minimum."""
    if not texts:
        return {}
    a = np.asarray(reference.embed(texts), dtype=np.float32)
    b = np.asarray(candidate.embed(texts), dtype=np.float32)
    cosine = np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1) + 1e-12)
    return {"texts": len(texts), "mean": round(float(cosine.mean()), 4),
            "p01": round(float(np.percentile(cosine, 1)), 4), "min": round(float(cosine.min()), 4)}
