"""Text embedding at run time: onnxruntime + ``tokenizers``, no torch.

A FinLens model folder holds ``model.onnx`` (pooling and L2 normalisation inside the graph), ``tokenizer.json`` and
``manifest.json`` (name, dimension, max length, sha256, source, license). :func:`load_embedder` resolves a model by
name ("default", "base", "finance", a folder under ``resources/models``) or by path.

The default is the base all-MiniLM-L6-v2. The finance-tuned model (``finance``) finds more by meaning alone, but
trained without the dev companies' filings it measured behind the base model in the full pipeline (hybrid search,
statement pages, reranker) at hit@1 and hit@5 on companies it never saw (README, "The finance embedder").
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from app.core.paths import models_dir

T = TypeVar("T")
R = TypeVar("R")

# onnxruntime's own graph optimizer would fuse these back into SkipLayerNormalization and BiasGelu, whose CPU kernels
# measured slower than the plain ops (int8 MiniLM, 2 threads: see tests/benchmarks/bench_embedding.py). Models
# exported with the fused ops (older FinLens models) are unaffected.
UNFUSED_OPERATORS = ("SkipLayerNormFusion", "BiasGeluFusion")

BASE_MODEL = "minilm-base"
FINANCE_MODEL = "finlens-finance-minilm"
DEFAULT_MODEL = BASE_MODEL
MODEL_ALIASES = {"default": DEFAULT_MODEL, "base": BASE_MODEL, "finance": FINANCE_MODEL}


class EmbedderError(Exception):
    """The embedding model is missing or unusable; the message says what to do."""


class Embedder(Protocol):
    """What the library and search need from an embedding model."""

    model_id: str
    model_hash: str
    dimension: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Return an ``(n, dimension)`` float32 array of L2-normalised embeddings."""
        ...


@dataclass(frozen=True)
class ModelManifest:
    """The ``manifest.json`` of a FinLens model folder."""

    name: str
    dimension: int
    max_length: int
    sha256: str
    path: Path
    query_prefix: str = ""

    @classmethod
    def read(cls, folder: Path) -> ModelManifest:
        """Read and check a model folder's manifest."""
        manifest = folder / "manifest.json"
        if not manifest.exists() or not (folder / "model.onnx").exists() or not (folder / "tokenizer.json").exists():
            raise EmbedderError(f"{folder} is not a FinLens model folder (it needs model.onnx, tokenizer.json and "
                                "manifest.json). Choose another model in Settings or re-install FinLens.")
        data = json.loads(manifest.read_text())
        return cls(name=data["name"], dimension=int(data["dimension"]), max_length=int(data.get("max_length", 256)),
                   sha256=data.get("sha256", ""), path=folder, query_prefix=data.get("query_prefix", ""))


def same_model(first: str | None, second: str | None) -> bool:
    """Whether two model settings name the same bundled model or folder ("default" and "base" do)."""
    def key(name: str | None) -> str:
        return MODEL_ALIASES.get(str(name or "default"), str(name or "default"))

    return key(first) == key(second)


def resolve_model_dir(name_or_path: str | os.PathLike[str] | None) -> Path:
    """Find a model folder: an alias ("default", "base", "finance"), a bundled model name, or a folder path."""
    name = str(name_or_path or "default")
    candidate = Path(name).expanduser()
    if candidate.is_dir():
        return candidate.resolve()
    bundled = models_dir() / MODEL_ALIASES.get(name, name)
    if bundled.is_dir():
        return bundled
    available = sorted(p.name for p in models_dir().iterdir()) if models_dir().is_dir() else []
    raise EmbedderError(f"Embedding model '{name}' was not found. Available: {', '.join(available) or 'none'}; "
                        "or give the path of a model folder made by 'finlens train-embedder'.")


def cpu_session(model_path: Path, threads: int | None = None) -> Any:  # onnxruntime.InferenceSession (untyped)
    """An onnxruntime CPU session as FinLens runs its models: all cores (at most 8), full graph optimisation except
    the fusions that measured slower here (:data:`UNFUSED_OPERATORS`), warnings only."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 8)
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"],
                                disabled_optimizers=list(UNFUSED_OPERATORS))


class SessionWorkers:
    """Threads that run batches on one one-thread onnxruntime session side by side, one per core (started on first
    use). Shared by the embedder and the reranker: see :class:`OnnxEmbedder` for why one thread per run."""

    def __init__(self, threads: int | None, name: str) -> None:
        self.count = threads or min(os.cpu_count() or 1, 8)
        self._name = name
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def executor(self) -> ThreadPoolExecutor:
        """The thread pool, created on first use."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.count, thread_name_prefix=self._name)
            return self._pool

    def map(self, run: Callable[[T], R], batches: list[T], *, spread: bool = True) -> Iterator[R]:
        """``run`` over ``batches`` in order: side by side when ``spread`` and there is more than one of each."""
        if spread and len(batches) > 1 and self.count > 1:
            return self.executor().map(run, batches)
        return map(run, batches)


class OnnxEmbedder:
    """Sentence embeddings from an exported ONNX model.

    Inputs are sorted by length and batched so padding stays small (the main cost on CPU is tokens, padding
    included). Each run uses one thread, and runs go to a pool of workers, one per core: the batches of one
    :meth:`embed` call run side by side, and :meth:`submit` queues a whole call so that indexing keeps the cores
    busy with the next files while it parses and stores. Runs of a few sequences are too small to share out over
    several threads, and a one-thread run never spins or waits for a thread that another process holds off its
    core: on 2 shared cores (load 8-10), indexing small notes took 56 CPU ms per file instead of 110 with one
    two-thread run at a time, and a query 2.4 ms instead of 5 (``tests/benchmarks/bench_small_files.py``).
    """

    def __init__(self, folder: Path, *, threads: int | None = None, batch_size: int = 4,
                 max_length: int | None = None) -> None:
        """Load a model folder.

        Args:
            folder: the model folder (``model.onnx``, ``tokenizer.json``, ``manifest.json``).
            threads: CPU threads, each running one batch at a time (default: all cores, at most 8).
            batch_size: texts per run. Small batches of length-sorted texts measured fastest on CPU
                (``tests/benchmarks/bench_embedding.py``, 2 cores: 4 gives 121 chunks/s, 8 gives 110, 32 gives 91,
                64 gives 72).
            max_length: tokens per text (default: the manifest's).
        """
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        self.manifest = ModelManifest.read(folder)
        self.model_id = self.manifest.name
        self.model_hash = self.manifest.sha256
        self.dimension = self.manifest.dimension
        self.batch_size = batch_size
        self.max_length = max_length or self.manifest.max_length
        self.workers = SessionWorkers(threads, "finlens-embed")
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_length)
        self.tokenizer.no_padding()
        try:
            # One session of one thread, run by several threads at once (onnxruntime allows concurrent runs): the
            # weights are loaded once, and the workers share one memory arena.
            self.session = cpu_session(folder / "model.onnx", threads=1)
        except Exception as error:
            raise EmbedderError(f"The embedding model in {folder} could not be loaded ({error}). "
                                "Re-install FinLens or choose another model in Settings.") from None
        self._input_names = {i.name for i in self.session.get_inputs()}

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed passages. Returns ``(len(texts), dimension)`` float32, rows L2-normalised."""
        return self._embed(texts, spread=True)

    def submit(self, texts: list[str]) -> Future[np.ndarray]:
        """Queue passages for a worker; the future's result equals ``embed(texts)``.

        The call's batches run one after another on one worker, so that several calls (several files) run side by
        side. Results are identical to :meth:`embed`'s: the batches are formed from ``texts`` alone, the same way.
        """
        return self.workers.executor().submit(self._embed, list(texts), spread=False)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one search query (with the model's query prefix, if it was trained with one)."""
        vector: np.ndarray = self.embed([self.manifest.query_prefix + text])[0]
        return vector

    def _embed(self, texts: list[str], *, spread: bool) -> np.ndarray:
        """Embed in batches of ``batch_size`` texts of similar length; ``spread``: the batches over the workers.

        A batch's vectors depend on the whole batch (int8 activations are quantised per batch, padding included),
        so batches are formed from ``texts`` alone, in an order that does not depend on the workers.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encodings = self.tokenizer.encode_batch([t if t.strip() else " " for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        batches = [order[start:start + self.batch_size] for start in range(0, len(order), self.batch_size)]
        output = np.zeros((len(texts), self.dimension), dtype=np.float32)

        def run(batch: list[int]) -> np.ndarray:
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                tokens = encodings[index].ids
                ids[row, :len(tokens)] = tokens
                mask[row, :len(tokens)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            output: np.ndarray = self.session.run(None, feeds)[0]
            return output

        for batch, vectors in zip(batches, self.workers.map(run, batches, spread=spread), strict=True):
            output[batch] = vectors
        return output


_cache: dict[tuple[str, int | None], OnnxEmbedder] = {}


def load_embedder(name_or_path: str | os.PathLike[str] | None = None, *, threads: int | None = None) -> OnnxEmbedder:
    """Load (once per process) the embedder for a model name or folder."""
    folder = resolve_model_dir(name_or_path)
    key = (str(folder), threads)
    if key not in _cache:
        _cache[key] = OnnxEmbedder(folder, threads=threads)
    return _cache[key]
