"""Which tables of real filings are classed primary statements, summaries or notes
(:mod:`app.core.ingest.statements.roles`).

For each filing the statements are extracted as the indexer extracts them and listed with their role; the summary
line counts the primary statements, the filings that lack a primary income statement, balance sheet or cash flow
statement, and the primary tables that sit away from the others (more than 14 pages after the first primary
statement, where notes and schedules are) — the ones to read for a note classed primary.

Usage:
    python -m tests.benchmarks.statement_roles [--folder DIR | NAME ...] [--cache DIR] [--verbose]

Without arguments it reads the 10-K and 10-Q filings of companies outside the FinanceBench dev set in
``shared/data/filings-train`` (documents.jsonl marks ``dev_company``).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

TRAIN = Path(__file__).resolve().parents[2].parent / "shared/data/filings-train"
FAR_PAGES = 14


def _filings(folder: Path | None, names: list[str]) -> list[Path]:
    if folder is not None:
        return sorted(folder.glob("*.pdf"))
    if names:
        return [TRAIN / "pdfs" / f"{name}.pdf" for name in names]
    documents = [json.loads(line) for line in (TRAIN / "documents.jsonl").read_text().splitlines() if line.strip()]
    return [TRAIN / "pdfs" / f"{d['doc_name']}.pdf" for d in documents
            if not d.get("dev_company") and d.get("doc_type") in ("10k", "10q")
            and (TRAIN / "pdfs" / f"{d['doc_name']}.pdf").exists()]


def _parse(pdf: Path, cache: Path | None) -> object:
    from app.core.ingest.parsing import parse_file

    stored = cache / f"{pdf.stem}.pkl" if cache is not None else None
    if stored is not None and stored.exists():
        with open(stored, "rb") as handle:
            return pickle.load(handle)
    parsed = parse_file(pdf)
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        with open(stored, "wb") as handle:
            pickle.dump(parsed, handle)
    return parsed


def main(argv: list[str] | None = None) -> int:
    from app.core.ingest.statements import extract_statements

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="filing names in filings-train/pdfs (without .pdf)")
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every table with its role")
    args = parser.parse_args(argv)
    counts = {"primary": 0, "summary": 0, "note": 0}
    lacking: list[str] = []
    far: list[str] = []
    filings = _filings(args.folder, args.names)
    for pdf in filings:
        statements = extract_statements(_parse(pdf, args.cache))  # type: ignore[arg-type]
        primary = [t for t in statements.tables if t.role == "primary"]
        for table in statements.tables:
            counts[table.role] = counts.get(table.role, 0) + 1
        missing = [k for k in ("income", "balance", "cash_flow") if k not in {t.kind for t in primary}]
        if missing:
            lacking.append(f"{pdf.stem} ({', '.join(missing)})")
        first = min((t.page for t in primary), default=0)
        far += [f"{pdf.stem} p.{t.page + 1} {t.title!r}" for t in primary if t.page - first > FAR_PAGES]
        default = statements.default()
        print(f"{pdf.stem:<28} {len(statements.tables):>3} tables: {len(primary):>2} primary, "
              f"{sum(t.role == 'summary' for t in statements.tables):>2} summary, "
              f"{sum(t.role == 'note' for t in statements.tables):>2} note; default "
              f"{f'{default.kind} p.{default.page + 1}' if default else '-'}")
        if args.verbose:
            for table in statements.ordered():
                print(f"    {table.role:<8} {table.kind:<13} p.{table.page + 1:<4} {len(table.rows):>3} lines  "
                      f"{table.title[:70]}")
    print(f"{len(filings)} filings: {counts['primary']} primary statements, {counts['summary']} summaries, "
          f"{counts['note']} notes' and other tables; {len(filings) - len(lacking)}/{len(filings)} with a primary "
          f"income statement, balance sheet and cash flow statement; {len(far)} primary tables more than "
          f"{FAR_PAGES} pages after the first.")
    for line in lacking:
        print(f"  lacking: {line}")
    for line in far:
        print(f"  far: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
