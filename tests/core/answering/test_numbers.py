"""Checking an answer's numbers against passages (reading them is tested in tests/core/finance)."""

from __future__ import annotations

from app.core.answering.answer_records import DERIVED, NOT_CHECKED, SUPPORTED, UNSUPPORTED, Passage
from app.core.answering.numbers import check_numbers
from app.core.records import Chunk, DocumentInfo, SearchHit

TABLE = """CONSOLIDATED STATEMENTS OF INCOME
(In millions, except per share data)
2023 2022 2021
Revenues 6,500 5,900 5,100
Net income (loss) 1,577 1,234 (5,563)
Gross margin 40.0% 39.0% 35.3%"""


def make_passage(text: str, number: int = 1, scale: float | None = None, year: int = 2023) -> Passage:
    document = DocumentInfo(doc_id=f"d{number}", path=f"/tmp/d{number}.pdf", title=f"ACME_{year}_10K", company="Acme",
                            form_type="10-K", fiscal_year=year, fiscal_period=f"FY{year}")
    chunk = Chunk(chunk_id=f"c{number}", doc_id=document.doc_id, ordinal=0, text=text, pages=[3], char_start=0,
                  char_end=len(text), is_table=True)
    return Passage(number, SearchHit(chunk, document, 1.0, ""), [chunk], scale)


def check(answer: str, *passages: Passage) -> dict[str, tuple[str, str]]:
    return {c.text: (c.status, c.evidence) for c in check_numbers(answer, list(passages))}


def test_scale_equivalence_against_a_table_in_millions() -> None:
    table = make_passage(TABLE, scale=1e6)
    result = check("Net income was $1,577 million [1], i.e. 1.577 billion [1], shown as 1,577 [1].", table)
    assert {status for status, _ in result.values()} == {SUPPORTED}
    assert result["$1,577 million"][1] == "1,577 (in millions) in [1]"


def test_negative_in_parentheses_and_rounding() -> None:
    table = make_passage(TABLE, scale=1e6)
    result = check("The 2021 net loss was $5.6 billion [1] (5,563 in the table [1]); about $1.6 billion in 2023 [1].",
                   table)
    assert result["$5.6 billion"][0] == SUPPORTED and "rounded" in result["$5.6 billion"][1]
    assert result["5,563"][0] == SUPPORTED
    assert result["$1.6 billion"][0] == SUPPORTED
    assert result["2021"][0] == SUPPORTED and result["2023"][0] == SUPPORTED


def test_wrong_numbers_are_unsupported() -> None:
    table = make_passage(TABLE, scale=1e6)
    result = check("Net income was $1,757 million in 2023 [1] and revenue $7.2 billion [1] in 2019 [1].", table)
    assert result["$1,757 million"][0] == UNSUPPORTED
    assert result["$7.2 billion"][0] == UNSUPPORTED
    assert result["2019"][0] == UNSUPPORTED  # years are checked literally, not as amounts


def test_scale_mismatch_is_not_a_match() -> None:
    table = make_passage(TABLE, scale=1e6)
    assert check("Net income was $1,577 thousand [1].", table)["$1,577 thousand"][0] == UNSUPPORTED


def test_percentages() -> None:
    table = make_passage(TABLE, scale=1e6)
    result = check("Gross margin was 40.0% [1], 39% in 2022 [1] and 24.26% net [1]; growth was 10.17% [1].", table)
    assert result["40.0%"][0] == SUPPORTED
    assert result["39%"][0] == SUPPORTED
    assert result["24.26%"] == (DERIVED, "1,577 / 6,500 × 100 = 24.26% (net profit margin)")
    assert result["10.17%"][0] == DERIVED and "(6,500 − 5,900) / 5,900" in result["10.17%"][1]
    assert result["10.17%"][1].endswith("(growth of revenues)")


def test_derived_from_the_answers_own_numbers() -> None:
    table = make_passage(TABLE, scale=1e6)
    result = check("Revenue rose by $600 million, from $5,900 million to $6,500 million [1].", table)
    assert result["$600 million"][0] == DERIVED
    # a two-digit result is not matched against arbitrary pairs of table numbers
    assert check("The ratio was 17 [1].", table)["17"][0] == UNSUPPORTED


def test_numbers_found_only_in_uncited_passages() -> None:
    table = make_passage(TABLE, 1, scale=1e6)
    other = make_passage("Capital expenditures were $410 million.", 2)
    result = check("Capital expenditures were $410 million [1].", table, other)
    status, evidence = result["$410 million"]
    assert status == SUPPORTED and "[2]" in evidence and "does not cite" in evidence


def test_citation_marks_and_dates_are_not_numbers() -> None:
    table = make_passage(TABLE, scale=1e6)
    result = check_numbers("As of June 30, 2023 [1], see [1-3].", [table])
    assert [(c.text, c.status) for c in result] == [("30", NOT_CHECKED), ("2023", SUPPORTED)]


def test_page_and_note_references_are_not_amounts() -> None:
    table = make_passage(TABLE, scale=1e6)
    result = check_numbers("See p. 18, Note 7 and Item 7 of the filing [1].", [table])
    assert [(c.text, c.status) for c in result] == [("18", NOT_CHECKED), ("7", NOT_CHECKED), ("7", NOT_CHECKED)]
