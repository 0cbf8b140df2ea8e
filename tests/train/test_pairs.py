"""De-duplication, the held-out split, JSONL round trip, the evidence filter and the FinanceBench dev guard."""

from __future__ import annotations

from pathlib import Path

from app.train.dataset import (
    DevGuard,
    Pair,
    deduplicate,
    evidence_visible,
    load_dev_guard,
    load_pairs,
    save_pairs,
    split_heldout,
)


def pair(query: str, passage_id: str = "c1", company: str = "acme") -> Pair:
    return Pair(query=query, passage=f"passage {passage_id}", source="corpus", kind="metric",
                doc=f"{company}.pdf", split_key=company, passage_id=passage_id, pages=[1])


def test_deduplicate_normalises_queries_and_caps_per_passage() -> None:
    pairs = [pair("Net income 2021?"), pair("net  income 2021", "c2"), pair("revenue 2021"), pair("capex 2021"),
             pair("gross margin 2021")]
    kept = deduplicate(pairs, max_per_passage=3)
    assert [p.query for p in kept] == ["Net income 2021?", "revenue 2021", "capex 2021"]


def test_split_is_by_company_and_reproducible() -> None:
    pairs = [pair(f"q{i} {c}", f"{c}{i}", c) for c in ("acme", "globex", "initech", "umbrella", "hooli")
             for i in range(10)]
    train, heldout = split_heldout(pairs, fraction=0.2, seed=1)
    assert heldout and train
    assert not {p.split_key for p in train} & {p.split_key for p in heldout}
    assert len(heldout) >= 10
    assert split_heldout(pairs, fraction=0.2, seed=1) == (train, heldout)
    only = [pair("q", "c", "acme")]
    assert split_heldout(only) == (only, [])  # never hold out everything


def test_jsonl_round_trip(tmp_path: Path) -> None:
    pairs = [pair("revenue 2021"), Pair("q", "p", "tatqa", "tatqa-table", "tatqa:t", "tatqa:t", "tatqa:t",
                                        negative="n", negative_id="x")]
    assert save_pairs(tmp_path / "pairs.jsonl", pairs) == 2
    assert load_pairs(tmp_path / "pairs.jsonl") == pairs


def test_evidence_must_be_visible_after_truncation() -> None:
    visible = "Nike, Inc 10-K FY2022 | CASH FLOWS\n2022 2021\nAdditions to property, plant and equipment (758) (695)"
    assert evidence_visible("What was Nike's additions to property, plant and equipment in FY2022?", visible)
    assert evidence_visible("Nike additions to PP&E 2021", visible)
    assert not evidence_visible("What was Nike's net income in FY2022?", visible)
    assert not evidence_visible("Nike capex 2022", visible)


def test_dev_guard_refuses_dev_filings_by_name_and_by_content(tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    (dev / "pdfs").mkdir(parents=True)
    (dev / "documents.jsonl").write_text('{"doc_name": "3M_2018_10K"}\n')
    (dev / "pdfs" / "AMD_2022_10K.pdf").write_bytes(b"%PDF-1.4 dev filing bytes")
    guard = load_dev_guard(dev)
    assert guard.active and len(guard.names) == 2 and len(guard.hashes) == 1
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    renamed = corpus / "renamed.pdf"
    renamed.write_bytes(b"%PDF-1.4 dev filing bytes")
    from app.core.ingest.parsing import content_hash

    assert "identical" in guard.refuse_reason(renamed, content_hash(renamed))
    assert "name" in guard.refuse_reason(corpus / "3m-2018-10k.PDF", "0" * 64)
    assert guard.refuse_reason(corpus / "NIKE_2022_10K.pdf", "1" * 64) == ""
    stats = guard.stats()
    assert stats["files_checked"] == 3 and stats["overlap"] == 2
    assert not DevGuard(folder="missing").active
