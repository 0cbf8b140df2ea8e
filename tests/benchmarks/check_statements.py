"""Statement extraction on the FinanceBench dev filings: are the figures each metric question needs found?

For every ``metrics-generated`` question the filing is parsed as the indexer parses it, its statements extracted
(:func:`app.core.ingest.statements.extract_statements`) and the question computed from them
(:func:`app.core.figures.answer_metric`). A question counts as found when the inputs were extracted with the
right value and period — checked end to end: the value computed from them equals the reference answer within its
rounding (the reference gives only the final number). Each miss is listed with the reason (no metric recognised,
an input missing or ambiguous, or a different value with the inputs used). The script also reports how many
computed answers took every input from an evidence page of the reference.

Usage:
    python -m tests.benchmarks.check_statements [--data DIR] [--json] [--cache DIR] [--timing]
    python -m tests.benchmarks.check_statements --filings DIR [--limit N] [--cache DIR]
    python -m tests.benchmarks.check_statements --shared [--cache DIR]

``--shared`` answers each question as ``finlens metric`` does over a library holding every dev filing: the filing is
chosen from the company the question names and its year (metadata inferred as the indexer infers it), not given.

``--filings DIR`` needs no reference answers: on any folder of 10-K/10-Q PDFs (other companies than the dev set's) it
reports how often the three primary statements are found with periods, the core concepts are found for the filing's
latest period, and the balance sheet balances (total assets = total liabilities and equity, per column).

``--cache DIR`` keeps the parsed filings (pickles) between runs; ``--timing`` prints the extraction time per filing
beside the parse time.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2].parent / "shared/data/financebench-dev"


def reference_number(answer: str) -> tuple[float, int, bool] | None:
    """The reference's number, its decimals and whether it is a percentage ("1.9%" → (1.9, 1, True))."""
    match = re.search(r"-?\$?\s?-?[\d,]*\.?\d+", answer)
    if not match:
        return None
    text = match.group(0).replace("$", "").replace(",", "").replace(" ", "")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return float(text), decimals, "%" in answer[match.end():match.end() + 2]


def matches(value: float, unit: str, reference: tuple[float, int, bool]) -> bool:
    """Whether a computed value equals the reference within the reference's rounding (and a little slack)."""
    number, decimals, percent = reference
    shown = value * 100 if unit == "percent" else value / 1e6 if unit == "money" else value
    tolerance = max(0.5 * 10 ** -decimals, 0.0051 * abs(number) if unit == "money" else 0.0)
    if unit == "money" and decimals == 2 and float(number).is_integer():
        tolerance = max(tolerance, 0.5)  # "$11588.00": millions, printed with cents
    return abs(shown - number) <= tolerance + 1e-9


def load(pdf: Path, cache: Path | None) -> object:
    from app.core.ingest.parsing import parse_file

    if cache is not None:
        stored = cache / f"{pdf.stem}.pkl"
        if stored.exists():
            with open(stored, "rb") as handle:
                return pickle.load(handle)
    parsed = parse_file(pdf)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        with open(cache / f"{pdf.stem}.pkl", "wb") as handle:
            pickle.dump(parsed, handle)
    return parsed


def main(argv: list[str] | None = None) -> int:
    from app.core.figures import answer_metric, parse_metric_question
    from app.core.ingest.statements import extract_statements

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--timing", action="store_true")
    parser.add_argument("--filings", type=Path, help="check consistency on this folder of filings instead")
    parser.add_argument("--limit", type=int, help="only the first N filings of --filings")
    parser.add_argument("--shared", action="store_true", help="choose each question's filing as the library would")
    args = parser.parse_args(argv)
    if args.shared:
        return check_shared(args.data, args.cache)
    if args.filings:
        return check_filings(args.filings, args.cache, args.limit)
    questions = [json.loads(line) for line in (args.data / "questions.jsonl").read_text().splitlines() if line]
    questions = [q for q in questions if q.get("question_type") == "metrics-generated"]
    statements_of: dict[str, object] = {}
    timing: dict[str, float] = {}
    results = []
    for question in questions:
        name = question["doc_name"]
        if name not in statements_of:
            parsed = load(args.data / "pdfs" / f"{name}.pdf", args.cache)
            started = time.perf_counter()
            statements_of[name] = extract_statements(parsed)  # type: ignore[arg-type]
            timing[name] = time.perf_counter() - started
        statements = statements_of[name]
        reference = reference_number(question["answer"])
        query = parse_metric_question(question["question"])
        evidence_pages = {e["page"] for e in question.get("evidence", [])}
        row = {"id": question["financebench_id"], "doc": name, "question": question["question"][:160],
               "reference": question["answer"], "found": False, "on_evidence_page": False, "why": ""}
        if query is None:
            row["why"] = "no metric or year recognised in the question"
        else:
            answer = answer_metric(statements, query)  # type: ignore[arg-type]
            row.update(metric=query.metric.name, years=query.years, mode=query.mode, computed=answer.formatted(),
                       inputs=[f"{f.concept} {f.period.label()} = {f.cell.text} (p{f.page})" for f in answer.inputs])
            if answer.value is None:
                row["why"] = answer.error
            elif reference is None or not matches(answer.value, answer.unit, reference):
                row["why"] = f"computed {answer.formatted()} from the inputs, reference {question['answer']}"
            else:
                row["found"] = True
                row["on_evidence_page"] = all(f.page in evidence_pages for f in answer.inputs)
        results.append(row)
    found = sum(r["found"] for r in results)
    on_page = sum(r["on_evidence_page"] for r in results)
    if args.json:
        print(json.dumps({"questions": len(results), "found": found, "on_evidence_page": on_page,
                          "results": results}, indent=2))
        return 0
    for row in results:
        if not row["found"]:
            print(f"MISS {row['doc']}: {row['question'][:110]}\n     {row['why']}\n     inputs: "
                  f"{'; '.join(row.get('inputs', [])) or '-'}")
    if args.timing:
        for name, seconds in timing.items():
            print(f"extract {name}: {seconds * 1000:.0f} ms")
    print(f"{found}/{len(results)} metrics-generated questions have their inputs extracted with the right value "
          f"and period ({found / max(1, len(results)):.1%}); {on_page}/{found} computed from evidence pages only.")
    return 0


class _Library:
    """The parts of a library ``lookup.compute`` reads, over parsed filings (no embedding needed)."""

    def __init__(self, documents: list, payloads: dict[str, str]) -> None:
        self.documents, self.payloads = documents, payloads

    def list_documents(self) -> list:
        return self.documents

    def statements(self, doc_id: str) -> str | None:
        return self.payloads.get(doc_id)


def check_shared(data: Path, cache: Path | None) -> int:
    """Metric questions over a library of every dev filing: the right filing chosen, the reference value computed."""
    from app.core.figures.answers import asks_for_a_figure
    from app.core.figures.lookup import compute
    from app.core.ingest.indexing import describe_document
    from app.core.ingest.statements import extract_statements

    documents, payloads = [], {}
    for pdf in sorted((data / "pdfs").glob("*.pdf")):
        parsed = load(pdf, cache)
        document = describe_document(pdf, parsed.text, doc_id=pdf.stem, content_hash="", size=0,  # type: ignore
                                     mtime=0.0, page_count=parsed.page_count)  # type: ignore[attr-defined]
        documents.append(document)
        payloads[pdf.stem] = extract_statements(parsed).to_payload()  # type: ignore[arg-type]
    library = _Library(documents, payloads)
    questions = [json.loads(line) for line in (data / "questions.jsonl").read_text().splitlines() if line]
    questions = [q for q in questions if q.get("question_type") == "metrics-generated"]
    right = right_document = 0
    for question in questions:
        computed = compute(library, question["question"]) if asks_for_a_figure(question["question"]) else None
        reference = reference_number(question["answer"])
        if computed is None:
            print(f"MISS {question['doc_name']}: no metric, year or filing found: {question['question'][:100]}")
            continue
        if computed.document is None:  # a part of the metric phrase not understood: no figure, said
            print(f"MISS {question['doc_name']}: {computed.answer.error}")
            continue
        right_document += computed.document.doc_id == question["doc_name"]
        answer = computed.answer
        if answer.value is not None and reference is not None and matches(answer.value, answer.unit, reference):
            right += 1
        else:
            print(f"MISS {question['doc_name']} (computed from {computed.document.doc_id}): "
                  f"{answer.formatted() or answer.error} vs {question['answer']}")
    print(f"shared library: {right}/{len(questions)} metric questions answered with the reference value "
          f"({right / max(1, len(questions)):.1%}); the question's own filing chosen for {right_document}.")
    return 0


CORE = ("revenue", "net_income", "total_assets", "current_assets", "current_liabilities", "operating_cash_flow")


def check_filings(folder: Path, cache: Path | None, limit: int | None) -> int:
    """Label-free checks on a folder of filings: statements found, core concepts found, balance sheets balance."""
    from app.core.figures.concepts import FactError, find_fact, is_primary
    from app.core.ingest.statements import extract_statements

    pdfs = sorted(p for p in folder.glob("*.pdf") if re.search(r"_10[KQ]", p.stem))[:limit]
    found_all = concepts_found = concepts_asked = balanced = balance_checked = 0
    for pdf in pdfs:
        statements = extract_statements(load(pdf, cache))  # type: ignore[arg-type]
        kinds = {t.kind for t in statements.tables if is_primary(t)}
        missing_kinds = {"income", "balance", "cash_flow"} - kinds
        found_all += not missing_kinds
        years = sorted({p.fiscal_year for t in statements.tables if is_primary(t) and t.kind == "balance"
                        for p in t.columns if p is not None})
        problems = [f"no {k} statement" for k in sorted(missing_kinds)]
        if years:
            for concept in CORE:
                if "_10Q" in pdf.stem and concept in ("revenue", "net_income", "operating_cash_flow"):
                    continue  # a quarter's durations vary; the year-end balances are checked
                concepts_asked += 1
                try:
                    find_fact(statements, concept, years[-1])
                    concepts_found += 1
                except FactError as error:
                    problems.append(str(error))
        for table in (t for t in statements.tables if t.kind == "balance" and is_primary(t)):
            totals = {r.label.lower(): r for r in table.rows}
            assets = next((r for label, r in totals.items() if label.startswith("total assets")), None)
            both = next((r for label, r in totals.items() if label.startswith("total liabilities and")
                         or label.startswith("total liabilities, ")), None)
            if assets is None or both is None:
                continue
            for column in range(len(table.columns)):
                a, b = assets.cell(column), both.cell(column)
                if a is not None and b is not None and a.value is not None and b.value is not None:
                    balance_checked += 1
                    balanced += abs(a.value - b.value) < 0.5
                    if abs(a.value - b.value) >= 0.5:
                        problems.append(f"balance sheet p{table.page + 1} column {column + 1}: assets {a.text} vs "
                                        f"liabilities and equity {b.text}")
        if problems:
            print(f"{pdf.stem}: {'; '.join(problems)}")
    print(f"{found_all}/{len(pdfs)} filings with all three primary statements; core concepts found "
          f"{concepts_found}/{concepts_asked}; balance sheets balance in "
          f"{balanced}/{balance_checked} columns.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
