"""The ONNX embedder: unit vectors, input order kept through length sorting and batching, and the bundled graphs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core.retrieval.embedding import OnnxEmbedder, resolve_model_dir

TEXTS = ["Total net revenues were $6,489 million in 2019.", "Capital expenditures",
         "Risk factors: currency fluctuations may adversely affect our results in emerging markets. " * 6,
         "Diluted EPS 1.96", "Goodwill impairment charge in the fourth quarter", "PP&E, net 2,401 2,209"]


def test_batches_keep_input_order() -> None:
    serial = OnnxEmbedder(resolve_model_dir("base"), threads=2, batch_size=2)
    one_by_one = np.vstack([serial.embed([t]) for t in TEXTS])
    together = serial.embed(TEXTS)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-3)
    # Dynamic int8 quantises activations per batch, so rows move slightly with their batch-mates; a row that was
    # mixed up with another would have a far lower cosine.
    assert np.min(np.sum(together * one_by_one, axis=1)) > 0.97
    revenue = serial.embed_query("How much revenue in 2019?")
    assert int(np.argmax(together @ revenue)) == 0


def assert_unfused_int8_graph(model_file: Path) -> None:
    """Attention fused and quantized; residual LayerNorm and GELU left as the plain ops that run faster on CPU."""
    onnx = pytest.importorskip("onnx")
    operators = {node.op_type for node in onnx.load(str(model_file)).graph.node}
    assert {"QAttention", "MatMulInteger", "LayerNormalization", "Gelu"} <= operators
    assert not {"SkipLayerNormalization", "BiasGelu"} & operators


@pytest.mark.parametrize("model", ["default", "base"])
def test_bundled_models_use_the_faster_unfused_layer_norm_and_gelu(model: str) -> None:
    assert_unfused_int8_graph(resolve_model_dir(model) / "model.onnx")


def test_workers_and_queued_calls_give_the_same_vectors_as_one_thread() -> None:
    # Indexing embeds through submit() on several workers; a text's vector must not depend on that path. Ten texts
    # make three batches of up to four, spread over the workers.
    texts = TEXTS + ["Operating margin 23.1%", "Net cash provided by operating activities 2,354 1,982",
                     "Inventories rose 12% as freight delays lengthened lead times.", "Share repurchases"]
    one_thread = OnnxEmbedder(resolve_model_dir("base"), threads=1).embed(texts)
    workers = OnnxEmbedder(resolve_model_dir("base"), threads=2)
    np.testing.assert_allclose(workers.embed(texts), one_thread, rtol=0, atol=1e-6)
    np.testing.assert_allclose(workers.submit(texts).result(), one_thread, rtol=0, atol=1e-6)
    # Batches are formed by token count, not input order: the same texts in another order get the same vectors
    # (given distinct counts; texts of equal count keep their input order, which can then change a batch).
    growing = [f"Revenue grew in segment {'and margin widened ' * k}" for k in range(10)]
    np.testing.assert_allclose(workers.embed(growing[::-1])[::-1], workers.embed(growing), rtol=0, atol=1e-6)
