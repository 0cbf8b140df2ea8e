"""Rule-based query generators: every query names a metric and period that its passage really contains."""

from __future__ import annotations

import random
import re

from app.core.ingest.chunking import embedding_text
from app.core.records import Chunk, DocumentInfo
from app.train.queries import (
    CONCEPTS,
    abbreviate,
    concept_queries,
    generate_queries,
    header_years,
    heading_queries,
    metric_queries,
    parse_table_row,
    risk_queries,
    short_company,
    table_rows,
)

ATVI = DocumentInfo(doc_id="d1", path="ATVI_2019_10K.pdf", title="ATVI_2019_10K", company="Activision Blizzard, Inc",
                    ticker="ATVI", form_type="10-K", fiscal_year=2019, fiscal_period="FY2019")

STATEMENT = """(Amounts in millions)
For the Years Ended December 31,
2019 2018 2017
Total net revenues $ 6,489 $ 7,500 $ 7,017
Cost of revenues 1,806 2,517 2,501
Selling, general and administrative 926 1,062 1,048
Share-based compensation expense (Note 16) (2) 166 209 178
Basic $ 1.96 $ 2.72 $ 0.36"""


def chunk(text: str, heading: str = "", is_table: bool = False) -> Chunk:
    return Chunk(chunk_id="c1", doc_id="d1", ordinal=0, text=text, pages=[3], char_start=0, char_end=len(text),
                 heading=heading, is_table=is_table)


def test_header_years_and_rows_align_from_the_right() -> None:
    assert header_years("For the Years Ended December 31, 2021 2020 2019") == (2021, 2020, 2019)
    assert header_years("Total net revenues 6,489 7,500 7,017") == ()
    row = parse_table_row("Share-based compensation expense (Note 16) (2) 508 218 166", (2021, 2020, 2019))
    assert row is not None
    assert row.label == "Share-based compensation expense"
    assert dict(zip(row.years, row.values, strict=True)) == {2021: "508", 2020: "218", 2019: "166"}
    assert parse_table_row("Date: July 21, 2022") is None
    assert parse_table_row("Balance at Dec. 31 1,204 1,100", (2021, 2020)) is None
    # Line items whose first letters spell a month are still rows.
    for label in ("Marketable securities", "Decrease in accounts payable", "Novel product revenue"):
        assert parse_table_row(f"{label} 1,204 1,100", (2021, 2020)) is not None, label
    assert parse_table_row("The accompanying notes are an integral part of these statements.") is None


def test_metric_queries_name_the_row_and_a_column_year_of_that_row() -> None:
    statement = chunk(STATEMENT, heading="CONSOLIDATED STATEMENTS OF OPERATIONS", is_table=True)
    passage = embedding_text(statement, ATVI).lower()
    labels = {r.label.lower(): r for r in table_rows(statement)}
    assert "basic" in labels  # parsed, but too generic to be asked about
    for seed in range(20):
        for query in metric_queries(statement, ATVI, random.Random(seed)):
            text = query.text.lower()
            expanded = text.replace("sg&a", "selling, general and administrative")
            row_labels = [label for label in labels if label in expanded and label != "basic"]
            assert row_labels, query.text
            years = {int(y) for y in re.findall(r"(?:19|20)\d\d", text)}
            assert years and years <= {2019, 2018, 2017}, query.text
            for year in years:
                assert str(year) in passage
            for label in row_labels:
                assert label in passage


def test_metric_query_example_from_the_issue() -> None:
    statement = chunk("2019 2018 2017\nTotal net revenues 6,489 7,500 7,017", is_table=True)
    texts = {q.text for seed in range(40) for q in metric_queries(statement, ATVI, random.Random(seed))}
    assert "What was Activision Blizzard's total net revenues in FY2018?" in texts
    assert "total net revenues 2019" in texts


def test_rows_without_a_header_ask_for_the_filing_period() -> None:
    statement = chunk("Capital expenditures (80) (78) (116)\nNet cash used in investing activities (59) (178) (22)")
    for seed in range(10):
        for query in metric_queries(statement, ATVI, random.Random(seed)):
            assert "2019" in query.text  # FY2019 / fiscal 2019: the label of the passage says FY2019


BALANCE_SHEET = """(In millions)
December 31, 2019 2018
Cash and cash equivalents $ 5,794 $ 4,225
Accounts receivable, net 848 1,035
Inventories, net 32 43
Total current assets 7,292 6,001
Property and equipment, net 253 282
Accounts payable 292 253
Total current liabilities 3,342 2,412"""


def test_concept_queries_name_a_metric_whose_input_row_the_statement_holds() -> None:
    balance_sheet = chunk(BALANCE_SHEET, heading="CONSOLIDATED BALANCE SHEETS", is_table=True)
    asked: dict[str, list[str]] = {}
    for seed in range(80):
        for query in concept_queries(balance_sheet, ATVI, random.Random(seed)):
            assert query.kind == "concept"
            named = [c for c in CONCEPTS if c.name in query.text or (c.short and c.short in query.text)]
            assert named, query.text
            assert all(c.statement == "balance sheet" for c in named), query.text
            assert "2019" in query.text and "Activision Blizzard" in query.text  # the newest column, the company
            for concept in named:
                asked.setdefault(concept.name, []).append(query.text)
    # Each metric is asked about because one of its inputs is a row here: DPO <- accounts payable, and so on.
    assert {"working capital", "current ratio", "days payable outstanding", "days inventory outstanding",
            "fixed asset turnover ratio"} <= set(asked)
    assert "return on assets" not in asked  # no "Total assets" row in this chunk
    assert "gross margin" not in asked  # an income-statement metric
    assert any("is defined as: 365 * average accounts payable / (cost of revenue + change in inventory)" in t
               for t in asked["days payable outstanding"])  # the formula the statements compute
    assert any("statement of financial position" in t for texts in asked.values() for t in texts)
    # The same rows under a prose heading, or in a summary table, are not the statement an analyst means.
    assert concept_queries(chunk(BALANCE_SHEET, heading="Liquidity", is_table=True), ATVI, random.Random(1)) == []
    assert concept_queries(chunk(BALANCE_SHEET, heading="Balance Sheet Data", is_table=True), ATVI,
                           random.Random(1)) == []


def test_concept_evidence_must_be_visible() -> None:
    from app.train.dataset import evidence_visible

    query = "What is Activision Blizzard's FY2019 days payable outstanding (DPO)?"
    header = "Activision Blizzard, Inc 10-K FY2019 | BALANCE SHEETS\n2019 2018\n"
    assert evidence_visible(query, header + "Accounts payable 292 253")
    # The input row was cut off by truncation: the passage the model sees cannot answer.
    assert not evidence_visible(query, header + "Inventories 32 43")
    assert evidence_visible("Activision Blizzard DPO FY2019", "Activision Blizzard 2019\nAccounts payable 292 253")


def test_abbreviations() -> None:
    assert abbreviate("What was Nike's capital expenditures in FY2022?") == "What was Nike's capex in FY2022?"
    assert abbreviate("free cash flow 2021") == "FCF 2021"
    assert abbreviate("Diluted earnings per share 2020") == "Diluted EPS 2020"
    assert abbreviate("selling, general and administrative 2019") == "SG&A 2019"
    assert abbreviate("depreciation and amortization") == "D&A"
    assert abbreviate("Property, plant and equipment, net") == "PP&E, net"
    assert abbreviate("up 40 basis points year-over-year") == "up 40 bps year-over-year"
    assert abbreviate("revenue grew year over year") == "revenue grew YoY"
    assert abbreviate("research and development 2022") == "R&D 2022"
    assert abbreviate("cost of goods sold") == "COGS"
    assert abbreviate("net income") is None
    statement = chunk(STATEMENT, is_table=True)
    kinds = {q.kind: q.text for seed in range(30) for q in metric_queries(statement, ATVI, random.Random(seed))}
    assert "SG&A" in kinds["abbreviation"]


def test_heading_and_risk_queries_use_words_of_the_passage() -> None:
    text = ("We expect gross margin to expand next year. Our results may adversely be affected by currency "
            "fluctuations in emerging markets, and these risks could reduce demand for our games.")
    prose = chunk(text, heading="ITEM 7. MANAGEMENT'S DISCUSSION / Liquidity and Capital Resources")
    passage = embedding_text(prose, ATVI).lower()
    for seed in range(10):
        rng = random.Random(seed)
        for query in heading_queries(prose, ATVI, rng) + risk_queries(prose, ATVI, rng):
            assert "activision blizzard" in query.text.lower()
            content = [w for w in re.findall(r"[a-z]{4,}", query.text.lower())
                       if w not in {"what", "does", "about", "describe", "risks", "risk", "face", "from", "could",
                                    "adversely", "affect", "expect", "outlook", "guidance", "fiscal"}]
            assert content and all(w in passage for w in content), query.text


def test_generation_is_deterministic_and_company_is_short() -> None:
    statement = chunk(STATEMENT, heading="CONSOLIDATED STATEMENTS OF OPERATIONS", is_table=True)
    first = generate_queries(statement, ATVI, random.Random(7))
    assert first == generate_queries(statement, ATVI, random.Random(7))
    assert len({q.text.lower() for q in first}) == len(first)
    assert short_company(ATVI) == "Activision Blizzard"


def test_ratio_and_change_questions_use_two_rows_or_two_years_of_the_table() -> None:
    statement = chunk(STATEMENT, heading="CONSOLIDATED STATEMENTS OF OPERATIONS", is_table=True)
    labels = {r.label.lower() for r in table_rows(statement)} - {"basic"}
    kinds: dict[str, list[str]] = {}
    for seed in range(60):
        for query in metric_queries(statement, ATVI, random.Random(seed)):
            kinds.setdefault(query.kind, []).append(query.text)
    assert kinds["ratio"] and kinds["change"]
    for text in kinds["ratio"]:
        assert sum(label in text.lower() for label in labels) >= 2, text
        assert "income statement" in text  # the heading names the statement the analyst should use
    for text in kinds["change"]:
        years = {int(y) for y in re.findall(r"(?:19|20)\d\d", text)}
        assert len(years) == 2 and years <= {2019, 2018, 2017}, text
    assert any("Answer in USD millions" in t or "(in USD millions)" in t for t in kinds["metric"])


def test_every_template_passes_the_evidence_filter_when_its_passage_is_whole() -> None:
    # The training-data filter drops a query whose words are not in the (truncated) passage, ignoring template
    # words; a template word it does not know would silently remove that template from training.
    from app.train.dataset import evidence_visible

    statement = chunk(STATEMENT, heading="CONSOLIDATED STATEMENTS OF OPERATIONS", is_table=True)
    prose = chunk("We expect gross margin to expand next year. Our results may adversely be affected by currency "
                  "fluctuations in emerging markets, and these risks could reduce demand for our games.",
                  heading="ITEM 7. MANAGEMENT'S DISCUSSION / Liquidity and Capital Resources")
    kinds: set[str] = set()
    balance_sheet = chunk(BALANCE_SHEET, heading="CONSOLIDATED BALANCE SHEETS", is_table=True)
    for piece in (statement, prose, balance_sheet):
        passage = embedding_text(piece, ATVI)
        for seed in range(60):
            for query in generate_queries(piece, ATVI, random.Random(seed)):
                kinds.add(query.kind)
                assert evidence_visible(query.text, passage), (query.kind, query.text)
    assert {"metric", "ratio", "change", "abbreviation", "outlook", "concept"} <= kinds
