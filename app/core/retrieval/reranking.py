"""The finance reranker at run time: a cross-encoder on onnxruntime + ``tokenizers``, no torch.

A cross-encoder reads the question and one passage together and scores how well the passage answers it. It is far
more precise than comparing two separately computed embeddings, and far slower, so search asks it only about the
best few dozen candidates of the first stage (see :mod:`app.core.retrieval.ranking`).

A reranker folder holds ``model.onnx`` (inputs ``input_ids``, ``attention_mask``, ``token_type_ids``; output
``logits`` of shape ``(batch, 1)``), ``tokenizer.json`` and ``manifest.json`` (``"kind": "reranker"``, name,
max length, sha256, source, license). :func:`load_reranker` resolves ``none``, ``default`` or a folder. The
passage text is :func:`app.core.ingest.chunking.embedding_text` — document label, heading, passage — exactly what the
trainer (``finlens train-reranker``) showed the model.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from app.core.paths import models_dir
from app.core.retrieval.embedding import SessionWorkers, cpu_session

log = logging.getLogger(__name__)

DEFAULT_RERANKER = "finlens-finance-reranker"


class RerankerError(Exception):
    """The reranker model is missing or unusable; the message says what to do."""


class Reranker(Protocol):
    """What ranking needs from a reranker."""

    name: str

    def score(self, query: str, passages: list[str]) -> np.ndarray:
        """Relevance logits, one per passage (higher is better)."""
        ...


@dataclass(frozen=True)
class RerankerManifest:
    """The ``manifest.json`` of a reranker folder."""

    name: str
    max_length: int
    sha256: str
    path: Path

    @classmethod
    def read(cls, folder: Path) -> RerankerManifest:
        """Read and check a reranker folder's manifest."""
        manifest = folder / "manifest.json"
        if not manifest.exists() or not (folder / "model.onnx").exists() or not (folder / "tokenizer.json").exists():
            raise RerankerError(f"{folder} is not a FinLens reranker folder (it needs model.onnx, tokenizer.json and "
                                "manifest.json). Choose another reranker in Settings or use --reranker none.")
        data = json.loads(manifest.read_text())
        if data.get("kind") != "reranker":
            raise RerankerError(f"{folder} holds an embedding model, not a reranker. Choose a folder made by "
                                "'finlens train-reranker', or use --reranker none.")
        return cls(name=data["name"], max_length=int(data.get("max_length", 256)), sha256=data.get("sha256", ""),
                   path=folder)


class OnnxReranker:
    """Cross-encoder scores from an exported ONNX model.

    Pairs are sorted by length and run in small batches, as the embedder does, so padding stays small; the batches
    run side by side on one one-thread session per core (as :class:`~app.core.retrieval.embedding.OnnxEmbedder`):
    a two-thread run spins waiting for a thread another process holds off its core, and on a busy machine (load 3-6)
    scoring 30 passages took 1.8 s that way.
    """

    def __init__(self, folder: Path, *, threads: int | None = None, batch_size: int = 4,
                 max_length: int | None = None) -> None:
        """Load a reranker folder. Batches of 4 length-sorted pairs measured fastest on 2 cores (30 passages of
        ~190 tokens: 259 ms at 4, 300 at 8, 334 at 16, 353 in one batch).

        Args:
            threads: batches run at once, one thread each (default: all cores, at most 8).
        """
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        self.manifest = RerankerManifest.read(self.folder)
        self.name = self.manifest.name
        self.batch_size = batch_size
        self.max_length = max_length or self.manifest.max_length
        self.tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        # Cut the longer of the two first: a usual question is short and read whole while the passage is cut (as in
        # training, "only_second"), and a question longer than half the budget is cut too instead of failing.
        self.tokenizer.enable_truncation(self.max_length, strategy="longest_first")
        self.tokenizer.no_padding()
        self.workers = SessionWorkers(threads, "finlens-rerank")
        try:
            self.session = cpu_session(self.folder / "model.onnx", threads=1)
        except Exception as error:
            raise RerankerError(f"The reranker in {folder} could not be loaded ({error}). Re-install FinLens or "
                                "use --reranker none.") from None
        self._input_names = {i.name for i in self.session.get_inputs()}

    def score(self, query: str, passages: list[str]) -> np.ndarray:
        """Relevance logits of ``passages`` for ``query`` (float32, one per passage)."""
        if not passages:
            return np.zeros(0, dtype=np.float32)
        encodings = self.tokenizer.encode_batch([(query, p if p.strip() else " ") for p in passages])
        order = sorted(range(len(passages)), key=lambda i: len(encodings[i].ids))
        scores = np.zeros(len(passages), dtype=np.float32)

        def run(batch: list[int]) -> np.ndarray:
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            types = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                encoding = encodings[index]
                ids[row, :len(encoding.ids)] = encoding.ids
                mask[row, :len(encoding.ids)] = 1
                types[row, :len(encoding.ids)] = encoding.type_ids
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feeds["token_type_ids"] = types
            logits: np.ndarray = self.session.run(None, feeds)[0].reshape(-1)
            return logits

        batches = [order[start:start + self.batch_size] for start in range(0, len(order), self.batch_size)]
        for batch, logits in zip(batches, self.workers.map(run, batches), strict=True):
            scores[batch] = logits
        return scores



def resolve_reranker_dir(name_or_path: str | os.PathLike[str]) -> Path:
    """Find a reranker folder: "default", a bundled reranker name, or a folder path."""
    name = str(name_or_path)
    candidate = Path(name).expanduser()
    if candidate.is_dir():
        return candidate.resolve()
    bundled = models_dir() / (DEFAULT_RERANKER if name == "default" else name)
    if bundled.is_dir():
        return bundled
    raise RerankerError(f"Reranker '{name}' was not found. Use 'default', 'none', or the folder of a model made by "
                        "'finlens train-reranker'.")


def configured_reranker(requested: str | None = None) -> str:
    """The reranker setting to use: the one asked for (``--reranker``), else the user's (Settings > Search)."""
    if requested:
        return requested
    from app.core.settings import load_settings

    return load_settings().reranker or "default"


_cache: dict[tuple[str, int | None, int | None], OnnxReranker] = {}


def load_reranker(name_or_path: str | os.PathLike[str] | None = "default", *,
                  threads: int | None = None, max_length: int | None = None) -> OnnxReranker | None:
    """The reranker for a setting ("none" or None: no reranking; "default"; a folder), loaded once per process.

    ``max_length`` (tokens per question-passage pair) defaults to the model's manifest.

    Raises:
        RerankerError: the reranker is missing or unusable (callers decide whether to search without it).
    """
    if name_or_path is None or str(name_or_path).lower() == "none":
        return None
    folder = resolve_reranker_dir(name_or_path)
    key = (str(folder), threads, max_length)
    if key not in _cache:
        _cache[key] = OnnxReranker(folder, threads=threads, max_length=max_length)
    return _cache[key]


def load_reranker_or_note(name_or_path: str | os.PathLike[str] | None) -> tuple[OnnxReranker | None, str | None]:
    """Like :func:`load_reranker`, but a missing or broken reranker gives a one-line note instead of an error:
    search still works, only without the second stage."""
    try:
        return load_reranker(name_or_path), None
    except RerankerError as error:
        log.warning("reranker unavailable: %s", error)
        return None, f"Note: searching without the reranker. {error}"
