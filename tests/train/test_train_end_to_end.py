"""End to end on generated filings: ``train-embedder`` builds pairs, refuses a dev filing, mines negatives, trains a
few steps, exports int8 ONNX, evaluates and writes a model card; the result loads in the app's runtime and retrieves
the right passage.

Needs the ``train`` extra (torch, sentence-transformers); skipped cleanly without it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sentence_transformers")
pytest.importorskip("onnx")

from app.core.ingest.chunking import chunk_document, embedding_text  # noqa: E402
from app.core.ingest.parsing import parse_file  # noqa: E402
from app.core.retrieval.embedding import OnnxEmbedder  # noqa: E402
from app.train.dataset import document_info, load_pairs  # noqa: E402
from app.train.pipeline import add_parser  # noqa: E402
from tests.core.retrieval.test_embedding import assert_unfused_int8_graph  # noqa: E402
from tests.pdf_factory import make_10k, make_two_company_filings  # noqa: E402
from tests.train.test_tatqa import RECORD  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["train-embedder", *argv])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_two_company_filings(folder)
    make_10k(folder / "INITECH_2021_10K.pdf", company="Initech Holdings, Inc.", ticker="INTK", year=2021,
             revenue=("7,310", "6,954"), capex=("512", "498"), risk_topic="semiconductor shortages")
    make_10k(folder / "UMBRELLA_2020_10K.pdf", company="Umbrella Corporation", ticker="UMB", year=2020,
             revenue=("2,204", "2,001"), capex=("88", "75"), risk_topic="product recalls")
    return folder


def test_train_embedder_end_to_end(corpus: Path, tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    dev.mkdir()
    (dev / "documents.jsonl").write_text('{"doc_name": "UMBRELLA_2020_10K"}\n')  # a "dev filing" in the corpus
    tatqa = tmp_path / "tatqa"
    tatqa.mkdir()
    (tatqa / "tatqa_dataset_dev.json").write_text(json.dumps([RECORD]))
    (tatqa / "LICENSE").write_text("CC BY 4.0 test licence")
    out, work = tmp_path / "model", tmp_path / "work"
    args = parse_args(["--corpus", str(corpus), "--out", str(out), "--work-dir", str(work), "--dev-set", str(dev),
                       "--tatqa", str(tatqa), "--batch-size", "8", "--max-seq-length", "64", "--epochs", "3",
                       "--max-steps", "9", "--learning-rate", "1e-4", "--heldout-fraction", "0.3", "--seed", "1",
                       "--average-tail", "0.5"])
    assert args.func(args) == 0

    stats = json.loads((out / "training_stats.json").read_text())
    assert stats["dev_guard"]["overlap"] == 1 and "UMBRELLA_2020_10K.pdf" in stats["dev_guard"]["refused"][0]
    assert stats["corpus"]["files"] == 3
    train = load_pairs(work / "train_triplets.jsonl")
    assert train and all(p.negative and p.negative_id != p.passage_id for p in train)
    assert not any("Umbrella" in p.passage for p in train)
    heldout_companies = set(stats["pairs"]["heldout_companies"])
    assert heldout_companies and not heldout_companies & {p.split_key for p in train}

    losses = stats["training"]["losses"]
    per_epoch = max(1, len(losses) // 3)
    assert len(losses) >= 6 and np.mean(losses[-per_epoch:]) < np.mean(losses[:per_epoch])

    # The shipped weights average the last half of the steps; the last step's own weights stay for comparison.
    assert stats["training"]["averaged_steps"] == len(losses) - len(losses) // 2
    assert (work / "checkpoint-last-step" / "config.json").exists()

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["precision"] == "int8" and manifest["recipe"]["steps"] == len(losses)
    assert "last 50%" in manifest["recipe"]["weight_averaging"]
    assert 15e6 < (out / "model.onnx").stat().st_size < 30e6
    assert_unfused_int8_graph(out / "model.onnx")
    assert not (out / "model_fp32.onnx").exists() and (work / "onnx-fp32" / "model.onnx").exists()
    assert stats["metrics"]["int8_vs_fp32_cosine"]["mean"] > 0.95
    card = (out / "README.md").read_text()
    assert "CC BY 4.0" in card and "Recall@1" in card and (out / "LICENSE-TATQA").exists()
    assert "tail averaging" in card and "--learning-rate 0.0001 --average-tail 0.5" in card  # the recipe reproduces

    tuned = OnnxEmbedder(out)
    passages = []
    for path in sorted(corpus.glob("*.pdf")):
        parsed = parse_file(path)
        info = document_info(path, parsed)
        passages += [embedding_text(c, info) for c in chunk_document(parsed, info.doc_id)]
    scores = tuned.embed(passages) @ tuned.embed_query("What was Globex's net revenues in FY2022?")
    best = passages[int(np.argmax(scores))]
    assert "Globex" in best and "48,210" in best


def test_cli_parser_registers_train_embedder() -> None:
    args = parse_args(["--corpus", "c", "--out", "o", "--max-pairs", "10", "--epochs", "2"])
    assert args.func.__name__ == "run" and args.max_pairs == 10 and args.epochs == 2 and args.tatqa is None
