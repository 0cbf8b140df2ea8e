"""TAT-QA (Zhu et al., 2021; CC BY 4.0) as supervised (question, passage) pairs.

Each TAT-QA record is one annual-report table with the paragraphs around it and several questions; every question
names the paragraphs it needs (``rel_paragraphs``) and whether the answer comes from the table, the text or both.
The passage is the table (one line per row, cells joined by spaces, the way FinLens reads a PDF table row) plus the
relevant paragraphs. When the answer is in the text, the paragraphs come first, so the evidence survives truncation
to the model's maximum length; otherwise the table does.

Human-written questions over real report tables complement the rule-based queries, which only ask what a template
can phrase.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from app.train.dataset import Pair

TATQA_FILES = ("tatqa_dataset_dev.json", "tatqa_dataset_test_gold.json")
TATQA_CREDIT = ("TAT-QA (Zhu et al., 2021, \"TAT-QA: A Question Answering Benchmark on a Hybrid of Tabular and "
                "Textual Content in Finance\", ACL 2021), licensed CC BY 4.0")


def table_text(table: list[list[str]]) -> str:
    """Table rows as text lines: non-empty cells joined by spaces ("Total sales $1,496.5 $1,202.9")."""
    lines = []
    for row in table:
        cells = [re.sub(r"\s+", " ", str(cell)).strip() for cell in row]
        line = " ".join(c for c in cells if c)
        if line:
            lines.append(line)
    return "\n".join(lines)


def record_pairs(record: dict[str, Any]) -> list[Pair]:
    """Pairs for one TAT-QA record (a table, its paragraphs and its questions)."""
    table = record.get("table") or {}
    uid = str(table.get("uid") or record.get("uid") or "")
    table_lines = table_text(table.get("table") or [])
    paragraphs = {str(p.get("order")): str(p.get("text", "")).strip() for p in record.get("paragraphs") or []}
    pairs: list[Pair] = []
    for question in record.get("questions") or []:
        text = str(question.get("question", "")).strip()
        if not text:
            continue
        relevant = [paragraphs[str(order)] for order in question.get("rel_paragraphs") or []
                    if paragraphs.get(str(order))]
        parts = relevant + [table_lines] if question.get("answer_from") == "text" else [table_lines] + relevant
        passage = "\n".join(p for p in parts if p)
        if not passage:
            continue
        # The passage differs by question (its paragraphs), but they share a table: one identity keeps two
        # questions about the same table out of one batch, where each would be the other's false negative.
        pairs.append(Pair(query=text, passage=passage, source="tatqa", kind=f"tatqa-{question.get('answer_from')}",
                          doc=f"tatqa:{uid}", split_key=f"tatqa:{uid}", passage_id=f"tatqa:{uid}"))
    return pairs


def load_tatqa(folder: Path, files: tuple[str, ...] = TATQA_FILES) -> list[Pair]:
    """Read the TAT-QA JSON files present in ``folder`` into pairs (missing files are skipped)."""
    pairs: list[Pair] = []
    for name in files:
        path = Path(folder) / name
        if not path.exists():
            continue
        for record in json.loads(path.read_text(encoding="utf-8")):
            pairs.extend(record_pairs(record))
    return pairs
