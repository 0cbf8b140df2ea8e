"""A computed figure is evidence only through a named formula whose meaning matches the claim (issue 27, item 8).

The reported case: a model's "250%" revenue growth passed the number check as "($4,321 m − $1,234 m) / $1,234 m",
revenue minus operating income over operating income, which is no growth rate. The same statement's genuine
growth, margin and change figures must still pass, each with the name of its formula.
"""

from __future__ import annotations

from app.core.answering.answer_records import DERIVED, SUPPORTED, UNSUPPORTED, Passage
from app.core.answering.numbers import check_numbers
from app.core.records import Chunk, DocumentInfo, SearchHit

STATEMENT = """CONSOLIDATED STATEMENTS OF OPERATIONS
(In millions)
2023 2022
Revenue 4,321 3,456
Cost of revenue 2,469 1,987
Operating income 1,234 1,001
Net income 912 780"""


def statement(text: str = STATEMENT) -> Passage:
    document = DocumentInfo(doc_id="d1", path="/tmp/d1.pdf", title="ACME_2023_10K", company="Acme",
                            form_type="10-K", fiscal_year=2023, fiscal_period="FY2023")
    chunk = Chunk(chunk_id="c1", doc_id="d1", ordinal=0, text=text, pages=[40], char_start=0, char_end=len(text),
                  is_table=True)
    return Passage(1, SearchHit(chunk, document, 1.0, ""), [chunk], 1e6)


def checked(answer: str) -> dict[str, tuple[str, str]]:
    return {c.text: (c.status, c.evidence) for c in check_numbers(answer, [statement()])}


def test_revenue_minus_operating_income_is_not_a_growth_rate() -> None:
    result = checked("Revenue grew 250% in 2023, computed as ($4,321 m − $1,234 m) / $1,234 m [1].")
    assert result["$4,321"][0] == SUPPORTED and result["$1,234"][0] == SUPPORTED  # both are in the statement
    assert result["250%"][0] == UNSUPPORTED, result["250%"]


def test_a_genuine_growth_figure_still_passes_with_its_formula() -> None:
    result = checked("Revenue grew 25.0% in 2023, from $3,456 million to $4,321 million [1].")
    status, evidence = result["25.0%"]
    assert status == DERIVED
    assert evidence == "($4,321 million − $3,456 million) / $3,456 million × 100 = 25.0% (growth of revenue)"


def test_growth_read_from_the_table_alone_names_the_line_item() -> None:
    status, evidence = checked("Revenue grew 25.03% [1].")["25.03%"]
    assert status == DERIVED and "(4,321 − 3,456) / 3,456" in evidence and evidence.endswith("(growth of revenue)")


def test_growth_of_another_item_is_not_evidence_for_the_item_claimed() -> None:
    # 25.03% is revenue's growth; operating income grew 23.28%.
    assert checked("Operating income grew 25.03% [1].")["25.03%"][0] == UNSUPPORTED
    assert checked("Operating income grew 23.28% [1].")["23.28%"] == (
        DERIVED, "(1,234 − 1,001) / 1,001 × 100 = 23.28% (growth of operating income)")


def test_a_margin_passes_as_its_named_metric_and_not_as_another() -> None:
    status, evidence = checked("The operating margin was 28.56% [1].")["28.56%"]
    assert status == DERIVED and evidence == "1,234 / 4,321 × 100 = 28.56% (operating margin)"
    # 28.56% is operating income over revenue, not gross profit over revenue (42.86%).
    assert checked("The gross margin was 28.56% [1].")["28.56%"][0] == UNSUPPORTED


def test_a_change_in_money_passes_only_for_the_same_line_item() -> None:
    result = checked("Revenue rose by $865 million, from $3,456 million to $4,321 million [1].")
    assert result["$865 million"] == (DERIVED, "$4,321 million − $3,456 million = $865 million (change in revenue)")
    # $3,087 million is revenue minus operating income: not a change of anything.
    invented = checked("Revenue rose by $3,087 million to $4,321 million; operating income was $1,234 million [1].")
    assert invented["$3,087 million"][0] == UNSUPPORTED


def test_a_prose_passage_gives_its_figures_line_items() -> None:
    prose = ("Revenue was $4,321 million in fiscal 2023, compared with $3,456 million in fiscal 2022, and operating "
             "income was $1,234 million.")
    passage = statement(prose)
    growth = {c.text: c for c in check_numbers("Revenue grew 25.03% [1].", [passage])}["25.03%"]
    assert growth.status == DERIVED and growth.evidence.endswith("(growth of revenue)")
    invented = {c.text: c for c in check_numbers("Revenue grew 250.2% [1].", [passage])}["250.2%"]
    assert invented.status == UNSUPPORTED
