"""Evaluation on FinanceBench-style question files: the questions, the filings an evaluation indexes, and
page-level retrieval scoring (``finlens eval-retrieval``; ``finlens eval-answers`` scores answers on top of it in
:mod:`app.core.answering.answer_evaluation`).

A question's hit is a returned page equal to one of its evidence pages in the right document. Pages are ranked by
their best chunk (a chunk covering two pages ranks both). Two settings, shared by both evaluations through
:func:`filings_to_index` and :func:`question_filters`:

* ``single``: index the questions' own filings and search only each question's filing;
* ``shared``: index every filing of the folder and search the whole library, as an analyst would (the other
  companies' filings are the distractors).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.records import SearchHit
from app.core.retrieval.search import Searcher, SearchFilters
from app.core.store import Library

CUTOFFS = (1, 3, 5, 10)
POOL_CUTOFFS = (10, 20, 30, 40)
MODES = ("shared", "single")
_NO_DOCUMENT = "-missing-"  # a doc_id no document has: a question whose filing is absent finds nothing


@dataclass
class Question:
    """One evaluation question and its evidence pages."""

    qid: str
    question: str
    doc_name: str
    evidence: set[tuple[str, int]]
    answer: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


def load_questions(path: Path) -> list[Question]:
    """Read a FinanceBench-format JSONL file."""
    questions: list[Question] = []
    for line in Path(path).read_text().splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        evidence = {(e["doc_name"], int(e["page"])) for e in item.get("evidence", [])}
        questions.append(Question(qid=str(item.get("financebench_id", len(questions))), question=item["question"],
                                  doc_name=item["doc_name"], evidence=evidence, answer=str(item.get("answer", "")),
                                  raw=item))
    return questions


@dataclass
class EvaluationFilings:
    """The filings an evaluation indexes, and the filings its questions name that the folder lacks."""

    paths: list[Path]
    missing: list[str]


def needed_filings(questions: list[Question]) -> list[str]:
    """The filing names (file stems) the questions ask about or cite as evidence, sorted."""
    return sorted({q.doc_name for q in questions} | {name for q in questions for name, _ in q.evidence})


def filings_to_index(questions: list[Question], pdf_dir: Path, mode: str) -> EvaluationFilings:
    """Decide which filings of ``pdf_dir`` an evaluation indexes (the one rule both evaluations follow).

    Args:
        questions: the questions to be asked.
        pdf_dir: the folder of filings, named ``<doc_name>.pdf``.
        mode: "shared" indexes every PDF of the folder (the whole library is searched, so other filings compete);
            "single" indexes only the filings the questions name or cite (each question searches its own).

    Returns:
        The files to index, sorted, and the names of needed filings the folder lacks.

    Raises:
        ValueError: ``mode`` is neither "shared" nor "single".
    """
    if mode not in MODES:
        raise ValueError(f"Unknown evaluation mode {mode!r}; use one of {', '.join(MODES)}.")
    folder = Path(pdf_dir)
    needed = needed_filings(questions)
    missing = [name for name in needed if not (folder / f"{name}.pdf").is_file()]
    if mode == "shared":
        files = sorted(p for p in folder.glob("*.pdf") if p.is_file())
    else:
        files = [folder / f"{name}.pdf" for name in needed if name not in missing]
    return EvaluationFilings(files, missing)


def question_filters(question: Question, doc_ids_by_name: dict[str, str], mode: str) -> SearchFilters | None:
    """The search filters of one question: None in shared mode, only its own filing in single mode."""
    if mode != "single":
        return None
    doc_id = doc_ids_by_name.get(question.doc_name)
    return SearchFilters(doc_ids=[doc_id or _NO_DOCUMENT])


def ranked_pages(hits: list[SearchHit], doc_names: dict[str, str]) -> list[tuple[str, int]]:
    """Unique (doc_name, page) in hit order; a multi-page chunk contributes each page it covers."""
    pages: list[tuple[str, int]] = []
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        name = doc_names.get(hit.document.doc_id, hit.document.title)
        for page in hit.chunk.pages:
            key = (name, page)
            if key not in seen:
                seen.add(key)
                pages.append(key)
    return pages


@dataclass
class RetrievalMetrics:
    """hit@k and MRR over a question set, by question type, and the first-stage pool's recall."""

    n: int
    hits: dict[int, float]
    mrr: float
    per_question: list[dict[str, Any]] = field(default_factory=list)
    by_type: dict[str, dict[str, float]] = field(default_factory=dict)
    pool_recall: dict[int, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form: ``hit@1``… ``hit@10``, ``mrr``, ``n``, ``by_type`` and ``pool_recall@N``."""
        result: dict[str, Any] = {f"hit@{k}": round(v, 4) for k, v in self.hits.items()}
        result["mrr"] = round(self.mrr, 4)
        result["n"] = self.n
        if self.by_type:
            result["by_type"] = self.by_type
        result.update({f"pool_recall@{k}": round(v, 4) for k, v in self.pool_recall.items()})
        return result


def _first_rank(pages: list[tuple[str, int]], question: Question, depth: int) -> int | None:
    return next((i + 1 for i, page in enumerate(pages[:depth]) if page in question.evidence), None)


def score_rankings(rankings: list[list[tuple[str, int]]], questions: list[Question],
                   pools: list[list[tuple[str, int]]] | None = None) -> RetrievalMetrics:
    """Compute hit@k and MRR (first relevant page within the top 10) from ranked page lists.

    ``pools``, when given, are the first stage's page orders (before reranking): their recall@N says how many
    questions a reranker over the top N candidates could get right at all.
    """
    hits = dict.fromkeys(CUTOFFS, 0.0)
    reciprocal = 0.0
    per_question = []
    types: dict[str, list[int | None]] = {}
    for pages, question in zip(rankings, questions, strict=True):
        rank = _first_rank(pages, question, max(CUTOFFS))
        for cutoff in CUTOFFS:
            if rank is not None and rank <= cutoff:
                hits[cutoff] += 1
        reciprocal += 1.0 / rank if rank else 0.0
        question_type = str(question.raw.get("question_type", "unknown"))
        types.setdefault(question_type, []).append(rank)
        per_question.append({"id": question.qid, "question_type": question_type, "rank": rank,
                             "evidence": sorted(question.evidence), "top": pages[:5]})
    n = max(1, len(questions))
    by_type = {name: {"n": len(ranks), **{f"hit@{k}": round(sum(1 for r in ranks if r and r <= k) / len(ranks), 4)
                                          for k in (1, 5)}}
               for name, ranks in sorted(types.items())}
    pool_recall: dict[int, float] = {}
    if pools is not None:
        for depth in POOL_CUTOFFS:
            found = sum(1 for pages, q in zip(pools, questions, strict=True) if _first_rank(pages, q, depth))
            pool_recall[depth] = found / n
        for entry, pages, question in zip(per_question, pools, questions, strict=True):
            entry["first_stage_rank"] = _first_rank(pages, question, max(POOL_CUTOFFS))
    return RetrievalMetrics(len(questions), {k: v / n for k, v in hits.items()}, reciprocal / n, per_question,
                            by_type, pool_recall)


def evaluate(searcher: Searcher, questions: list[Question], doc_ids_by_name: dict[str, str], *,
             mode: str = "shared", method: str = "hybrid", understand: bool = True,
             on_question: Callable[[int], None] | None = None) -> RetrievalMetrics:
    """Run every question and score the page rankings.

    Args:
        searcher: searcher over a library holding the questions' filings.
        questions: the questions.
        doc_ids_by_name: library doc_id of each filing name (file stem).
        mode: "shared" (whole library) or "single" (only the question's filing).
        method: "hybrid", "dense" or "keyword".
        understand: apply query understanding.
        on_question: progress callback.
    """
    names_by_id = {v: k for k, v in doc_ids_by_name.items()}
    rankings, pools = [], []
    for index, question in enumerate(questions):
        filters = question_filters(question, doc_ids_by_name, mode)
        candidates = searcher.candidates(question.question, filters=filters, method=method, understand=understand,
                                         k=max(POOL_CUTOFFS))
        pools.append(ranked_pages(searcher.rank(candidates, k=max(POOL_CUTOFFS), rerank=False).hits, names_by_id))
        rankings.append(ranked_pages(searcher.rank(candidates, k=max(POOL_CUTOFFS)).hits, names_by_id))
        if on_question is not None:
            on_question(index)
    return score_rankings(rankings, questions, pools)


def write_details(path: Path, metrics: RetrievalMetrics, questions: list[Question]) -> None:
    """Each question's rank, first-stage rank, type, evidence and top pages, as JSON lines (``--details FILE``)."""
    with open(path, "w", encoding="utf-8") as handle:
        for entry, question in zip(metrics.per_question, questions, strict=True):
            handle.write(json.dumps({**entry, "question": question.question, "doc_name": question.doc_name}) + "\n")


def doc_ids_by_stem(library: Library) -> dict[str, str]:
    """Map each document's file stem to its doc_id."""
    return {Path(d.path).stem: d.doc_id for d in library.list_documents()}
