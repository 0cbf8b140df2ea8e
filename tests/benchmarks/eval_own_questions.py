"""Our own held-out question sets, answered without a model: strict accuracy per set, metrics questions apart, and the
computed figures that miss the reference (a figure for another question, or rounded unlike it), and the answers that
state a figure where the set says none may be given.

Each set (``tests/benchmarks/own_questions*/questions.jsonl``) was written blind — by someone who saw neither the
question package nor the earlier sets' wordings — about filings of companies in neither FinanceBench split, or other
filings of dev-set companies (``tests/benchmarks/test_own_question_sets.py`` says which). Each is answered on its own
library under ``--root`` (built on first use from ``--pdf-dir``, kept afterwards), one filing per question (``--mode
single``), exactly as::

    finlens --library ROOT/own<N> eval-answers --questions SET --pdf-dir PDFS --no-llm --mode single --json

Run: ``python -m tests.benchmarks.eval_own_questions --root /tmp/own-libraries`` (about a minute per set once its
library exists; building one indexes its 7–11 filings first).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parent
SETS = sorted(BENCHMARKS.glob("own_questions*/questions.jsonl"))
SHARED_PDFS = BENCHMARKS.resolve().parents[2] / "shared" / "data" / "filings-train" / "pdfs"


def evaluate(questions: Path, library: Path, pdf_dir: Path) -> dict[str, object]:
    """The eval-answers report of one set (its JSON)."""
    command = [sys.executable, "-m", "app.cli", "--library", str(library), "eval-answers", "--questions",
               str(questions), "--pdf-dir", str(pdf_dir), "--no-llm", "--mode", "single", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    report: dict[str, object] = json.loads(done.stdout)
    return report


def summary(name: str, report: dict[str, object]) -> str:
    by_type = report["by_type"]
    assert isinstance(by_type, dict)
    metrics = by_type.get("metrics-generated", {})
    rows = report["per_question"]
    assert isinstance(rows, list)
    declined_wrongly = [r["id"] for r in rows if r["question_type"] == "should-decline" and r["computed"]]
    computed_wrong = [r["id"] for r in rows if r["computed"] and r["strict"] is False]
    return (f"{name:16} strict {report['strict_accuracy']:.3f} of {report['numeric_n']} numeric; metrics "
            f"{metrics.get('strict_accuracy', 0):.3f} of {metrics.get('n', 0)}; computed figures off the reference: "
            f"{len(computed_wrong)} {computed_wrong}; figures where none may be given: {len(declined_wrongly)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, required=True, help="folder for the sets' libraries (kept)")
    parser.add_argument("--pdf-dir", type=Path, default=SHARED_PDFS, help="folder of the filings (<doc_name>.pdf)")
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    for questions in SETS:
        name = questions.parent.name
        print(summary(name, evaluate(questions, args.root / name, args.pdf_dir)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
