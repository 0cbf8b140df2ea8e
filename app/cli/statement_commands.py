"""The ``finlens statements`` and ``finlens metric`` commands: stored statements and metrics computed from them.

``statements DOC`` prints a document's statements (periods as columns) as text, ``--json`` or ``--csv``, or writes
``--xlsx FILE``; pages are numbered as printed everywhere (1-based, "page 59"), in ``--json`` too, which says so
(``page_numbering``). ``metric "quick ratio" --company X --year 2022`` computes a metric from the statements of the
company's filings and prints the value, the formula and each input with its period, page and cell; a missing or
ambiguous input is said, never guessed. Both only read the library (a folder or a team library URI): no model is
loaded.

Exit status: 0 with an answer, 1 when the metric cannot be computed (the reason is printed), 2 when the library,
document or company is not found.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.cli.active_library import open_library_for_reading
from app.core.finance.metrics import known_metrics

EXIT_NO_ANSWER, EXIT_NOT_FOUND = 1, 2
#: The named metrics, from the one table of metrics (app.core.finance.metrics).
KNOWN_METRICS = known_metrics()


def find_document(library: Any, target: str) -> Any:
    """A document by id, path, or a unique part of its file name; None when there is no single match."""
    # A team library records the indexing machine's paths: the path as typed may match where its resolved form won't.
    document = library.get_document(target) or library.find_by_path(str(Path(target).expanduser().resolve())) \
        or library.find_by_path(target)
    if document is not None:
        return document
    lowered = target.lower()
    matches = [d for d in library.list_documents() if lowered in Path(d.path).name.lower()]
    return matches[0] if len(matches) == 1 else None


def run_statements(args: argparse.Namespace) -> int:
    """``finlens statements DOC``."""
    from app.core.figures.statement_export import PAGE_NUMBERING, ExportError, table_heading, to_csv, write_xlsx
    from app.core.ingest.statements.model import Statements

    library = open_library_for_reading()
    document = find_document(library, args.document)
    if document is None:
        print(f"No single document matches {args.document!r}; list them with: finlens docs", file=sys.stderr)
        return EXIT_NOT_FOUND
    payload = library.statements(document.doc_id)
    statements = Statements.from_payload(payload)
    if payload is None:
        print(f"No statements are stored for {Path(document.path).name}: it was indexed before FinLens read "
              f"statements. Index it again: finlens reindex", file=sys.stderr)
    if args.json:
        print(json.dumps({"doc_id": document.doc_id, "path": document.path, "page_numbering": PAGE_NUMBERING,
                          "tables": [printed_pages(t.to_json()) for t in statements.tables]}, indent=1))
        return 0
    if args.csv:
        sys.stdout.write(to_csv(statements))
        return 0
    if args.xlsx:
        try:
            write_xlsx(statements, args.xlsx)
        except ExportError as error:
            print(f"finlens: {error}", file=sys.stderr)
            return 1
        print(f"Wrote {len(statements.tables)} statements to {args.xlsx}")
        return 0
    if not statements.tables and payload is not None:
        print(f"No financial statements were found in {Path(document.path).name}.")
    for table in statements.tables:
        print(table_heading(table))
        print_table(table)
        print()
    return 0


def printed_pages(table: dict[str, Any]) -> dict[str, Any]:
    """A table's JSON with its pages as printed (1-based): ``page``, ``pages`` and the page of every rectangle."""
    def rect(item: list[float] | None) -> list[float] | None:
        return [*item[:4], int(item[4]) + 1] if item else item

    rows = [{**row, "rect": rect(row.get("rect")),
             "cells": [[c[0], c[1], rect(c[2])] if c is not None else None for c in row["cells"]]}
            for row in table["rows"]]
    return {**table, "page": table["page"] + 1, "pages": [p + 1 for p in table.get("pages", [])], "rows": rows}


def print_table(table: Any) -> None:
    """A statement as aligned text: line items, then each column's figures as printed."""
    headers = [table.column_label(i) for i in range(len(table.columns))]
    texts = [[(c.text if c is not None else "") for c in row.cells] for row in table.rows]
    widths = [max([len(h)] + [len(t[i]) for t in texts if i < len(t)]) + 2 for i, h in enumerate(headers)]
    labels = ["  " * row.level + row.label for row in table.rows]
    label_width = min(60, max([len("Line item")] + [len(label) for label in labels]))
    print(f"  {'Line item':{label_width}}" + "".join(f"{h:>{w}}" for h, w in zip(headers, widths, strict=True)))
    for label, row_texts in zip(labels, texts, strict=True):
        print(f"  {label[:label_width]:{label_width}}"
              + "".join(f"{t:>{w}}" for t, w in zip(row_texts, widths, strict=False)))


def _not_understood(sentence: str) -> int:
    """Never a figure for another question: say which words were not understood, and what FinLens does read."""
    print(f"finlens: {sentence} Known metrics: {KNOWN_METRICS}; expressions over them work too (\"capex as a % of "
          "revenue\", \"3 year average of …\"), and a line the statements print, by its label.", file=sys.stderr)
    return EXIT_NO_ANSWER


def run_metric(args: argparse.Namespace) -> int:
    """``finlens metric``."""
    from app.core.figures.answers import answer_metric, query_from
    from app.core.figures.lookup import candidate_documents
    from app.core.figures.statement_export import PAGE_NUMBERING
    from app.core.finance.company_names import short_company
    from app.core.ingest.statements.model import Statements
    from app.core.question import company_aliases, understand

    library = open_library_for_reading()
    listed = library.list_documents()
    record = understand(args.metric, company_aliases(listed))
    query = query_from(record, year=args.year)
    if query is None:
        print(f"finlens: name a known metric and a fiscal year (--year), e.g. {KNOWN_METRICS}.", file=sys.stderr)
        return EXIT_NO_ANSWER
    if query.not_understood and not query.line:
        return _not_understood(query.not_understood)
    if args.doc:
        found = find_document(library, args.doc)
        documents = [found] if found is not None else []
    else:
        documents = candidate_documents(listed, query.years[-1], company=args.company, quarter=query.quarter,
                                        named=record.companies)
    if not documents:
        print("finlens: no matching document in the library; "
              + ("check --company or --doc (finlens docs lists them)." if args.company or args.doc
                 else "name the company with --company."), file=sys.stderr)
        return EXIT_NOT_FOUND
    answers = []
    for document in documents:
        answer = answer_metric(Statements.from_payload(library.statements(document.doc_id)), query)
        answer.company = short_company(document.company) if document.company else ""
        answers.append((document, answer))
        if answer.value is not None:
            break
    document, answer = next(((d, a) for d, a in answers if a.value is not None), answers[0])
    if answer.value is None and query.not_understood:  # no filing prints a line of that name either
        return _not_understood(query.not_understood)
    result = {"document": {"doc_id": document.doc_id, "path": document.path, "company": document.company},
              "page_numbering": PAGE_NUMBERING, **answer.to_dict()}
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(answer.sentence())
        print(f"  source: {Path(document.path).name} ({document.company or 'unknown company'})")
        for item in result["inputs"]:
            # As an analyst writes a figure of a table in millions: "$1,141 million".
            amount = item["printed"].replace("$", "").strip()
            if item["scale"] and not amount.endswith("%"):
                amount = f"${amount} {item['scale'].rstrip('s')}"
            print(f"  {item['label'][:48]:48} {item['period']:>18} {amount:>18}  page {item['page']}"
                  + (f"  cell {', '.join(f'{v:.0f}' for v in item['rect'])}" if item["rect"] else ""))
    return 0 if answer.value is not None else EXIT_NO_ANSWER
