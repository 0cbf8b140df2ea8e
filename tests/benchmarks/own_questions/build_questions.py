"""Build (and re-check) the held-out question set ``questions.jsonl`` from the filings' own statement pages.

Every reference answer is computed here from figures typed in by hand from the consolidated statements of 10-K
filings of companies outside the FinanceBench dev set. Nothing of FinLens is imported: the point is an independent
reference. Before a question is written, each input is checked against the PDF page itself: the page's text is read
with PyMuPDF, its words are regrouped into rows by their height on the page, and the row whose label is the one
printed must hold the typed value in the column of the period asked. A typo, a wrong column or a wrong page stops
the build.

Usage:
    .venv/bin/python -m tests.benchmarks.own_questions.build_questions [--pdf-dir DIR] [--check] [--specs MODULE]

``--check`` verifies every input and reference without writing the file, and compares with the file on disk.
``--specs`` names another question set's specs module (default: this set's); its ``questions.jsonl`` is the one next
to that module. A metric question's ``reason``, when given, states the definition used and opens its justification.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import pymupdf

from tests.benchmarks.own_questions.question_specs import Input, Spec

HERE = Path(__file__).resolve().parent
PDF_DIR = Path("/work/shared/data/filings-train/pdfs")
OUTPUT = HERE / "questions.jsonl"
DEFAULT_SPECS = "tests.benchmarks.own_questions.question_specs"



_NUMBER = re.compile(r"\(?-?\d[\d,]*(?:\.\d+)?\s*\)?|—")


def page_rows(doc: pymupdf.Document, page: int) -> list[tuple[str, list[str]]]:
    """The page's rows as (label, value cells): words grouped by their vertical middle, cells split at wide gaps."""
    words = sorted(doc[page].get_text("words"), key=lambda w: ((w[1] + w[3]) / 2, w[0]))
    lines: list[list[tuple[float, float, str]]] = []
    last_y = None
    for x0, y0, x1, y1, text, *_ in words:
        middle = (y0 + y1) / 2
        if last_y is None or abs(middle - last_y) >= 3:
            lines.append([])
        lines[-1].append((x0, x1, text.replace("\xa0", " ")))
        last_y = middle
    rows = []
    for line in lines:
        line.sort()
        cells: list[str] = []
        right = None
        for x0, x1, text in line:
            if right is None or x0 - right > 8:
                cells.append(text)
            else:
                cells[-1] += " " + text
            right = x1
        label = cells[0]
        rest = " ".join(cell.replace("$", " ") for cell in cells[1:])
        values = [match.group(0).replace(" ", "") for match in _NUMBER.finditer(rest)]
        rows.append((label, values))
    return rows


def check_input(doc: pymupdf.Document, item: Input) -> str:
    """Raise if the page does not print ``item.value`` on the row labelled ``item.label`` in its column; return the
    row as an excerpt."""
    matches = [(label, values) for label, values in page_rows(doc, item.page) if label.strip() == item.label]
    if len(matches) <= item.occurrence:
        raise SystemExit(f"{doc.name} p{item.page}: no row {item.label!r} (occurrence {item.occurrence})")
    label, values = matches[item.occurrence]
    if len(values) <= item.column or values[item.column] != item.value:
        raise SystemExit(f"{doc.name} p{item.page}: row {item.label!r} has {values}, not {item.value} in column "
                         f"{item.column}")
    return f"{label} " + " ".join(values)


# A period column header on its own line: "2021", "Dec 28, 2019", "September 25,", "January 31, 2022".
_COLUMN_HEADER = re.compile(r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s*)?"
                            r"(?:(?:19|20)\d\d)?[,\s]*")


def page_title(doc: pymupdf.Document, page: int) -> str:
    """The statement's title and column header: the page's first lines until the scale ("in millions") and the
    period columns have both been seen, compacted into one line."""
    lines = [line.strip().replace("\xa0", " ") for line in doc[page].get_text().splitlines()]
    head: list[str] = []
    scale = year = False
    for line in [line for line in lines if line and not re.fullmatch(r"[$\s]*", line)][:20]:
        header_line = _COLUMN_HEADER.fullmatch(line) is not None
        if scale and year and not header_line:
            break
        head.append(line)
        scale = scale or re.search(r"in\s+millions", line, re.I) is not None
        year = year or re.search(r"(?:19|20)\d\d", line) is not None
    return " ".join(head)[:300]


def shown(value: float) -> str:
    """A figure as written in the arithmetic: thousands separators, no trailing zeros."""
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def build(spec: Spec, pdf_dir: Path) -> dict[str, Any]:
    """The JSON record of one question, after checking its inputs against the PDF."""
    record: dict[str, Any] = {"financebench_id": spec.qid, "company": spec.company, "doc_name": spec.doc,
              "question_type": spec.kind,
              "question_reasoning": {"metrics-generated": "Numerical reasoning",
                                     "domain-relevant": "Information extraction",
                                     "should-decline": "Not answerable from the filing"}[spec.kind],
              "question": spec.question}
    if spec.kind == "should-decline":
        return {**record, "answer": "", "justification": spec.reason, "evidence": []}
    doc = pymupdf.open(pdf_dir / f"{spec.doc}.pdf")
    rows: dict[int, list[str]] = {}
    lines = []
    for item in spec.inputs:
        rows.setdefault(item.page, []).append(check_input(doc, item))
        lines.append(f"{item.label} ({item.period}, PDF page index {item.page}): {item.value}, USD millions")
    values = {item.name: item.number for item in spec.inputs}
    result = eval(spec.formula, {"math": math}, values)  # noqa: S307 (the formulas are question_specs' constants)
    shown_value = result * 100 if spec.percent else result
    answer = spec.answer_format.format(shown_value)
    substituted = spec.formula
    for item in sorted(spec.inputs, key=lambda i: -len(i.name)):
        substituted = re.sub(rf"\b{item.name}\b", shown(item.number), substituted)
    arithmetic = f"{spec.formula} = {substituted} = {shown(result)}" + (" (as a fraction)" if spec.percent else "")
    record["answer"] = answer
    definition = f"{spec.reason}\n" if spec.reason else ""  # a metric question's stated definition, if any
    record["justification"] = (definition + "Inputs (as printed; parentheses mark outflows or expenses, used as "
                               "absolute values):\n- " + "\n- ".join(lines) + f"\nArithmetic: {arithmetic}; rounded "
                               f"as asked: {answer}.")
    record["evidence"] = [{"doc_name": spec.doc, "page": page,
                           "text": page_title(doc, page) + "\n" + "\n".join(dict.fromkeys(excerpts))}
                          for page, excerpts in rows.items()]
    return record


def main(argv: list[str] | None = None) -> int:
    """Check every question's inputs and write (or compare with) ``questions.jsonl``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-dir", type=Path, default=PDF_DIR)
    parser.add_argument("--check", action="store_true", help="verify only; compare with the file on disk")
    parser.add_argument("--specs", default=DEFAULT_SPECS, help="the module whose SPECS are built")
    args = parser.parse_args(argv)
    specs = importlib.import_module(args.specs)
    output = Path(str(specs.__file__)).resolve().parent / OUTPUT.name  # each set's file sits next to its specs
    records = [build(spec, args.pdf_dir) for spec in specs.SPECS]
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if args.check:
        same = output.is_file() and output.read_text() == text
        print(f"{len(records)} questions checked against their pages; questions.jsonl "
              f"{'matches' if same else 'DIFFERS'}")
        return 0 if same else 1
    output.write_text(text)
    print(f"wrote {len(records)} questions to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
