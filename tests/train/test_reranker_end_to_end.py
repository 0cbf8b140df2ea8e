"""End to end on generated filings: ``train-reranker`` writes queries, leaves out dev-company filings, builds a
library, mines negatives with hybrid search, trains a few steps, exports int8 ONNX that agrees with PyTorch, and
the result loads in the app's runtime and lifts the right passage above a decoy.

Needs the ``train`` extra (torch, transformers); skipped cleanly without it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("onnx")

from app.core.retrieval.reranking import OnnxReranker, load_reranker, load_reranker_or_note  # noqa: E402
from app.train.reranker import torch_scores  # noqa: E402
from app.train.reranker_data import load_groups  # noqa: E402
from app.train.reranker_pipeline import add_parser  # noqa: E402
from tests.pdf_factory import make_10k, make_two_company_filings  # noqa: E402

DECOY = ("Acme Corp 10-K 2022 | Risk Factors\nOur business depends on key personnel and the retention of our "
         "executive officers. Competition for talent in our industry is intense.")
ANSWER = ("Acme Corp 10-K 2022 | Consolidated Statements of Cash Flows\nPurchases of property and equipment (412) "
          "(377)\nNet cash used in investing activities (1,020) (866)")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["train-reranker", *argv])


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    corpus = tmp_path_factory.mktemp("corpus")
    make_two_company_filings(corpus)
    make_10k(corpus / "INITECH_2021_10K.pdf", company="Initech Holdings, Inc.", ticker="INTK", year=2021,
             revenue=("7,310", "6,954"), capex=("512", "498"), risk_topic="semiconductor shortages")
    make_10k(corpus / "UMBRELLA_2020_10K.pdf", company="Umbrella Corporation", ticker="UMB", year=2020,
             revenue=("2,204", "2,001"), capex=("88", "75"), risk_topic="product recalls")
    # Umbrella is a "dev company": --exclude-dev-companies must leave its filing out.
    (corpus / "documents.jsonl").write_text(json.dumps({"doc_name": "UMBRELLA_2020_10K", "dev_company": True}) + "\n")
    root = tmp_path_factory.mktemp("run")
    out, work = root / "reranker", root / "work"
    args = parse_args(["--corpus", str(corpus), "--out", str(out), "--work-dir", str(work),
                       "--dev-set", str(root / "no-dev"), "--exclude-dev-companies", "--epochs", "4",
                       "--max-steps", "12",
                       "--groups-per-step", "4", "--negatives", "3", "--max-length", "96", "--learning-rate", "1e-4",
                       "--heldout-fraction", "0.3", "--seed", "1"])
    assert args.func(args) == 0
    return out, work, json.loads((out / "training_stats.json").read_text())


def test_pipeline_writes_a_runtime_reranker_and_card(trained: tuple[Path, Path, dict]) -> None:
    out, work, stats = trained
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "reranker" and manifest["precision"] == "int8"
    assert manifest["recipe"]["company_disjoint"] is True
    assert stats["excluded_filings"] == ["UMBRELLA_2020_10K.pdf"]
    assert "Company-disjoint: **yes**" in (out / "README.md").read_text()
    groups = load_groups(work / "train_groups.jsonl")
    assert groups and all(g.negatives and g.positive not in g.negatives for g in groups)
    assert not any("Umbrella" in g.positive for g in groups)
    assert stats["heldout"]["onnx_vs_torch_pearson"] > 0.95


def test_onnx_agrees_with_pytorch(trained: tuple[Path, Path, dict]) -> None:
    out, work, _ = trained
    passages = [ANSWER, DECOY, "Revenue grew 7% to $7,310 million.", "Item 9A. Controls and Procedures"]
    query = "What were Acme's capital expenditures in FY2022?"
    onnx = OnnxReranker(out).score(query, passages)
    reference = torch_scores(work / "checkpoint", query, passages, max_length=96)
    assert np.corrcoef(onnx, reference)[0, 1] > 0.95


def test_training_lifts_the_answer_above_a_decoy(trained: tuple[Path, Path, dict]) -> None:
    out, _, _ = trained
    scores = OnnxReranker(out).score("What were Acme's capital expenditures in FY2022?", [DECOY, ANSWER])
    assert scores[1] > scores[0]


def test_missing_reranker_gives_a_note_not_an_error(tmp_path: Path) -> None:
    assert load_reranker("none") is None
    reranker, note = load_reranker_or_note(tmp_path / "nowhere")
    assert reranker is None and note and "without the reranker" in note
