"""Training pairs for the finance embedder: built from a folder of filings, de-duplicated, split, saved as JSONL.

A pair is (query, passage) where the passage is exactly the text FinLens embeds for a chunk
(:func:`app.core.ingest.chunking.embedding_text`), so training sees what search sees. The held-out split is by company:
every filing of a held-out company is held out, so the held-out Recall@1 measures retrieval on filings the model has
never read (splitting chunks at random would leak near-identical passages of the same filing into both sides).

:class:`DevGuard` keeps FinanceBench dev filings out of training: any corpus file whose name or SHA-256 matches a dev
filing is refused, and the check is recorded in the run statistics.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.core.finance.company_names import normalize_company
from app.core.ingest.chunking import chunk_document, embedding_text
from app.core.ingest.metadata import infer_metadata
from app.core.ingest.parsing import SUPPORTED_SUFFIXES, IngestionError, ParsedDocument, content_hash, parse_file
from app.core.records import DocumentInfo
from app.train.queries import (
    ABBREVIATIONS,
    CONCEPTS,
    STATEMENT_NAMES,
    TEMPLATE_WORDS,
    Concept,
    Query,
    generate_queries,
    normalize_query,
)

Progress = Callable[[str], None]
QueryWriter = Callable[[str, DocumentInfo], list[Query]]

DEFAULT_DEV_SET = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "financebench-dev"
MIN_PASSAGE_CHARS = 80  # page furniture ("Table of Contents 35") makes no useful positive


@dataclass
class Pair:
    """One training or evaluation example.

    Attributes:
        query: the search query.
        passage: the positive passage (``embedding_text`` of a chunk, or a TAT-QA table + paragraphs).
        source: "corpus", "tatqa" or "llm".
        kind: the generator that wrote the query ("metric", "heading", ...).
        doc: the document the passage comes from (file name, or ``tatqa:<table uid>``).
        split_key: what the held-out split groups by (company, or the TAT-QA table).
        passage_id: identity of the passage (chunk id / table uid): pairs sharing it never meet in one batch.
        pages: 0-based pages of the passage, to skip same-page negatives.
        negative: a mined hard negative passage ("" until mined).
        negative_id: the ``passage_id`` of the negative.
    """

    query: str
    passage: str
    source: str
    kind: str
    doc: str
    split_key: str
    passage_id: str
    pages: list[int] = field(default_factory=list)
    negative: str = ""
    negative_id: str = ""


def save_pairs(path: Path, pairs: Iterable[Pair]) -> int:
    """Write pairs as JSON lines; returns how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for pair in pairs:
            handle.write(json.dumps(asdict(pair), ensure_ascii=False) + "\n")
            count += 1
    return count


def load_pairs(path: Path) -> list[Pair]:
    """Read pairs written by :func:`save_pairs`."""
    with open(path, encoding="utf-8") as handle:
        return [Pair(**json.loads(line)) for line in handle if line.strip()]


# --- the FinanceBench dev guard --------------------------------------------------------------------------------------

def _name_key(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", Path(name).stem.upper())


@dataclass
class DevGuard:
    """Names and content hashes of the FinanceBench dev filings, which must never be trained on."""

    folder: str
    names: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    checked: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        """True when the dev set was found (otherwise nothing could be checked, and the stats say so)."""
        return bool(self.names or self.hashes)

    def refuse_reason(self, path: Path, digest: str) -> str:
        """Why ``path`` must not be used for training ("" if it may), recording the check either way."""
        self.checked.append(path.name)
        reason = ""
        if _name_key(path.name) in self.names:
            reason = "its name matches a FinanceBench dev filing"
        elif digest in self.hashes:
            reason = "its content is identical to a FinanceBench dev filing"
        if reason:
            self.refused.append(f"{path.name}: {reason}")
        return reason

    def stats(self) -> dict[str, Any]:
        """What was verified, for the run statistics and the model card."""
        return {"dev_set": self.folder, "dev_set_found": self.active, "dev_names": len(self.names),
                "dev_hashes": len(self.hashes), "files_checked": len(self.checked), "refused": list(self.refused),
                "overlap": len(self.refused)}


def load_dev_guard(folder: Path | None = None) -> DevGuard:
    """Read dev filing names from ``documents.jsonl`` and hash every file in ``pdfs/`` (both when present)."""
    folder = Path(folder) if folder else DEFAULT_DEV_SET
    guard = DevGuard(folder=str(folder))
    documents = folder / "documents.jsonl"
    if documents.exists():
        for line in documents.read_text(encoding="utf-8").splitlines():
            if line.strip():
                guard.names.add(_name_key(json.loads(line)["doc_name"]))
    pdfs = folder / "pdfs"
    if pdfs.is_dir():
        for pdf in sorted(pdfs.iterdir()):
            if pdf.is_file():
                guard.names.add(_name_key(pdf.name))
                guard.hashes.add(content_hash(pdf))
    return guard


# --- building pairs from a corpus ------------------------------------------------------------------------------------

def document_info(path: Path, parsed: ParsedDocument) -> DocumentInfo:
    """The :class:`DocumentInfo` the app would record for this file (its label prefixes every passage)."""
    meta = infer_metadata(path, parsed.text)
    return DocumentInfo(doc_id=parsed.content_hash[:16], path=str(path), title=path.stem, company=meta.company,
                        ticker=meta.ticker, form_type=meta.form_type, fiscal_year=meta.fiscal_year,
                        fiscal_period=meta.fiscal_period)


def corpus_files(folder: Path) -> list[Path]:
    """Readable files under ``folder`` (recursively), in a stable order."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)


def company_key(document: DocumentInfo) -> str:
    """Split key: the normalised company, else the file name's leading word ("NIKE_2022_10K" -> "nike")."""
    return normalize_company(document.company) or re.split(r"[_\-\s]+", document.title.lower())[0]


def dev_company_filings(corpus: Path) -> set[str]:
    """Names (file stems) of the corpus filings that belong to FinanceBench dev companies.

    The corpus's ``documents.jsonl`` (in the folder or its parent) marks them ``dev_company: true``: other years of
    the dev companies. Training without them gives *company-disjoint* models, whose dev figures predict how FinLens
    does on companies it never saw. An empty set when the corpus carries no such list.
    """
    for candidate in (Path(corpus) / "documents.jsonl", Path(corpus).parent / "documents.jsonl"):
        if candidate.exists():
            rows = [json.loads(line) for line in candidate.read_text(encoding="utf-8").splitlines() if line.strip()]
            return {row["doc_name"] for row in rows if row.get("dev_company")}
    return set()


def build_corpus_pairs(folder: Path, *, guard: DevGuard, seed: int = 13, llm: QueryWriter | None = None,
                       llm_every: int = 20, exclude: set[str] | None = None,
                       progress: Progress = print) -> tuple[list[Pair], dict[str, Any]]:
    """Parse, chunk and write queries for every file of ``folder`` that the dev guard allows.

    Args:
        folder: the corpus (PDF, HTML, text files).
        guard: refuses FinanceBench dev filings.
        seed: makes query choice reproducible.
        llm: optional extra query writer (an LLM); called on every ``llm_every``-th chunk to bound its cost.
        llm_every: sampling interval for ``llm``.
        exclude: file stems to leave out (see :func:`dev_company_filings`); counted in the statistics.
        progress: receives one line per file.

    Returns:
        The pairs (not yet de-duplicated) and per-file statistics.
    """
    rng = random.Random(seed)
    pairs: list[Pair] = []
    stats: dict[str, Any] = {"files": 0, "skipped": [], "chunks": 0, "documents": {}, "excluded": []}
    files = corpus_files(folder)
    if exclude:
        stats["excluded"] = sorted(p.name for p in files if p.stem in exclude)
        files = [p for p in files if p.stem not in exclude]
        progress(f"  excluding {len(stats['excluded'])} filings of FinanceBench dev companies")
    for index, path in enumerate(files, 1):
        digest = content_hash(path)
        reason = guard.refuse_reason(path, digest)
        if reason:
            progress(f"  [{index}/{len(files)}] REFUSED {path.name}: {reason}")
            continue
        try:
            parsed = parse_file(path)
        except IngestionError as error:
            stats["skipped"].append(f"{path.name}: {error}")
            progress(f"  [{index}/{len(files)}] skipped {path.name}: {error}")
            continue
        info = document_info(path, parsed)
        chunks = chunk_document(parsed, info.doc_id)
        before = len(pairs)
        for ordinal, chunk in enumerate(chunks):
            passage = embedding_text(chunk, info)
            if len(chunk.text.strip()) < MIN_PASSAGE_CHARS:
                continue
            queries = generate_queries(chunk, info, rng)
            if llm is not None and ordinal % llm_every == 0:
                queries += llm(passage, info)
            for query in queries:
                pairs.append(Pair(query=query.text, passage=passage, source="llm" if query.kind == "llm" else "corpus",
                                  kind=query.kind, doc=path.name, split_key=company_key(info),
                                  passage_id=chunk.chunk_id, pages=list(chunk.pages)))
        stats["files"] += 1
        stats["chunks"] += len(chunks)
        stats["documents"][path.name] = {"label": info.label, "company_key": company_key(info), "pages":
                                         parsed.page_count, "chunks": len(chunks), "pairs": len(pairs) - before}
        progress(f"  [{index}/{len(files)}] {path.name}: {info.label}, {parsed.page_count} pages, {len(chunks)} chunks,"
                 f" {len(pairs) - before} queries")
    return pairs, stats


# --- de-duplication, split, sampling ---------------------------------------------------------------------------------

def deduplicate(pairs: list[Pair], *, max_per_passage: int = 3) -> list[Pair]:
    """Drop repeated queries and cap queries per passage.

    A query text (normalised) is kept only for its first passage: the same words pointing at two passages would
    teach the model that one of them is wrong. The cap keeps a long table from dominating the mix.
    """
    seen: set[str] = set()
    per_passage: Counter[str] = Counter()
    kept: list[Pair] = []
    for pair in pairs:
        key = normalize_query(pair.query)
        if not key or key in seen or per_passage[pair.passage_id] >= max_per_passage:
            continue
        seen.add(key)
        per_passage[pair.passage_id] += 1
        kept.append(pair)
    return kept


def _stable_rank(key: str, seed: int) -> str:
    return hashlib.sha1(f"{seed}:{key}".encode()).hexdigest()


def split_heldout(pairs: list[Pair], *, fraction: float = 0.1, seed: int = 13) -> tuple[list[Pair], list[Pair]]:
    """Hold out whole split keys (companies / TAT-QA tables) until ``fraction`` of the pairs is held out.

    The choice depends only on the keys and the seed, so the same corpus always gives the same split; with two or
    more keys at least one is held out and at least one is trained on.
    """
    sizes = Counter(p.split_key for p in pairs)
    keys = sorted(sizes, key=lambda k: _stable_rank(k, seed))
    target = fraction * len(pairs)
    heldout_keys: set[str] = set()
    held = 0
    for key in keys[:-1]:  # never hold out every key
        if held >= target:
            break
        heldout_keys.add(key)
        held += sizes[key]
    train = [p for p in pairs if p.split_key not in heldout_keys]
    heldout = [p for p in pairs if p.split_key in heldout_keys]
    return train, heldout


def sample_pairs(pairs: list[Pair], limit: int | None, *, seed: int = 13) -> list[Pair]:
    """At most ``limit`` pairs, drawn at random but reproducibly (all of them, shuffled, when ``limit`` is None)."""
    shuffled = list(pairs)
    random.Random(seed).shuffle(shuffled)
    return shuffled[:limit] if limit else shuffled


# Words the query templates add; everything else in a synthetic query must be visible in the passage.
_SHORT_FORMS = {short.lower(): re.compile(pattern, re.I) for pattern, short in ABBREVIATIONS.items()}


def visible_text(passage: str, tokenizer: Any, max_tokens: int) -> str:
    """The part of ``passage`` a model reading ``max_tokens`` tokens actually sees (a ``tokenizers.Tokenizer``)."""
    encoding = tokenizer.encode(passage)
    pieces = zip(encoding.offsets, encoding.special_tokens_mask, strict=True)
    ends = [end for (_, end), special in pieces if not special]
    cut = ends[:max(0, max_tokens - 2)]  # [CLS] and [SEP] take two of the budget
    return passage[:cut[-1]] if cut else ""


_STATEMENT_NAME = re.compile("|".join(re.escape(name.lower()) for name in STATEMENT_NAMES))


def evidence_visible(query: str, visible: str) -> bool:
    """Whether every word a synthetic query asks about (metric, year, phrase, expanded abbreviation) is visible.

    Training truncates passages; a table row below the cut would teach the model to match a query to a passage
    that, as the model sees it, does not contain the answer.
    """
    text = visible.lower()
    # A statement named by a template ("based on the cash flow statement") is a hint, not evidence: filings title
    # it in many ways ("statements of operations" for the income statement).
    asked = _STATEMENT_NAME.sub(" ", query.lower())
    # A named metric ("days payable outstanding") and its definition are knowledge the model must learn, not words
    # of the passage: the evidence is a row holding one of its inputs.
    named = [concept for concept in CONCEPTS if concept.name.lower() not in text and _names(concept, asked)]
    if named and not any(concept.inputs.search(visible) for concept in named):
        return False
    for concept in named:
        for words in filter(None, (concept.definition, concept.name, concept.short)):
            asked = asked.replace(words.lower(), " ")
    for word in re.findall(r"[a-z0-9][a-z0-9&'.-]*[a-z0-9&]|[a-z0-9]", asked):
        word = re.sub(r"^fy(?=\d{4}$)|'s$", "", word)  # "FY2022" is written "2022" in tables; "Nike's" as "Nike"
        if word in TEMPLATE_WORDS or (len(word) < 3 and not word.isdigit()):
            continue
        if word in _SHORT_FORMS:
            if not _SHORT_FORMS[word].search(visible):
                return False
        elif word not in text:
            return False
    return True


def _names(concept: Concept, query: str) -> bool:
    """Whether a lower-case query names the metric, by name or by its abbreviation as a word ("dpo")."""
    short = concept.short.lower()
    return concept.name.lower() in query or bool(short and re.search(rf"\b{re.escape(short)}\b", query))


def keep_visible(pairs: list[Pair], tokenizer: Any, max_tokens: int) -> list[Pair]:
    """Synthetic pairs whose evidence survives truncation to ``max_tokens`` (human TAT-QA questions are kept)."""
    kept = []
    for pair in pairs:
        if pair.source == "tatqa" or evidence_visible(pair.query, visible_text(pair.passage, tokenizer, max_tokens)):
            kept.append(pair)
    return kept


def describe(pairs: list[Pair]) -> dict[str, Any]:
    """Counts by source and query kind, for logs and the model card."""
    return {"pairs": len(pairs), "passages": len({p.passage_id for p in pairs}),
            "documents": len({p.doc for p in pairs}), "by_source": dict(Counter(p.source for p in pairs)),
            "by_kind": dict(Counter(p.kind for p in pairs))}
