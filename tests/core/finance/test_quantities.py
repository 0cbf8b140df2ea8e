"""The quantity parser: amounts as filings write them, scales, percentages, years, periods and table cells."""

from __future__ import annotations

import pytest

from app.core.finance.quantities import (
    NUMBER_CELL,
    QUARTER_AND_YEAR,
    QUARTER_MENTION,
    VALUE_CELL,
    YEAR_MENTION,
    YEARS_ROW,
    contains_number,
    extract_quantities,
    header_years,
    scale_name,
    stated_scale,
    table_row_cells,
)


def values(text: str) -> list[tuple[str, float, str]]:
    return [(q.text, q.value, q.kind) for q in extract_quantities(text)]


@pytest.mark.parametrize("written, value", [
    ("$1,577 million", 1.577e9), ("1.577 billion", 1.577e9), ("$1.577bn", 1.577e9), ("USD 1,577m", 1.577e9),
    ("1,577", 1577.0), ("(5,563)", -5563.0), ("-5,563", -5563.0), ("\u22125,563", -5563.0), ("$0.5 thousand", 500.0),
    ("$(12.5) millions", -12.5e6), ("US$ 3 trillion", 3e12), ("12k", 12e3), ("$2.3 mn", 2.3e6), ("\u20ac450", 450.0),
])
def test_amounts_with_signs_currencies_and_scales(written: str, value: float) -> None:
    (quantity,) = extract_quantities(f"The figure was {written} for the year.")
    assert quantity.kind == "amount" and quantity.value == pytest.approx(value)


def test_the_written_form_is_kept_with_its_precision() -> None:
    (quantity,) = extract_quantities("Revenue was $1.58 billion.")
    assert (quantity.text, quantity.numeral, quantity.number, quantity.decimals, quantity.scale) == \
        ("$1.58 billion", "1.58", 1.58, 2, 1e9)
    assert quantity.currency and quantity.half_unit == pytest.approx(0.005e9)
    assert quantity.relative_precision == pytest.approx(0.005 / 1.58)


def test_percentages_and_basis_points() -> None:
    assert values("Margin 24.26%, up 12 percent, 3 per cent; spread 50 bps; 125 basis points") == [
        ("24.26%", 24.26, "percent"), ("12 percent", 12.0, "percent"), ("3 per cent", 3.0, "percent"),
        ("50 bps", 0.5, "percent"), ("125 basis points", 1.25, "percent")]


def test_years_dates_references_lists_and_counts() -> None:
    found = values("1. Margin was 24.26% in FY2023 (up 50 bps) as of December 31, 2023; Form 10-K; 3 segments")
    assert found == [("1", 1.0, "list"), ("24.26%", 24.26, "percent"), ("FY2023", 2023.0, "year"),
                     ("50 bps", 0.5, "percent"), ("31", 31.0, "date"), ("2023", 2023.0, "year"),
                     ("3", 3.0, "count")]
    assert values("FY'23 and FY 2022, see Note 7 on p. 18; Sept. 30") == [
        ("FY'23", 2023.0, "year"), ("FY 2022", 2022.0, "year"), ("7", 7.0, "reference"), ("18", 18.0, "reference"),
        ("30", 30.0, "date")]


def test_what_is_not_a_quantity() -> None:
    # Form names written without their hyphen; digits inside words and codes.
    assert values("Filed on Form 10K, 8K and 20F; see A1B2 and 10-Q") == []
    assert values("Is 3M a capital-intensive business?") == []  # the company, not three million
    assert [q[1] for q in values("capex of $3M and 3m units")] == [3e6, 3e6]
    assert values("A 2,023 unit fleet") == [("2,023", 2023.0, "amount")]  # a comma: an amount, not a year


def test_stated_scale() -> None:
    assert stated_scale("(In millions, except per share data)") == 1e6
    assert stated_scale("(Dollars in thousands)") == 1e3
    assert stated_scale("($ in billions)") == 1e9
    assert stated_scale("Amounts in millions of U.S. dollars") == 1e6
    assert stated_scale("Revenue grew in most regions") is None
    assert stated_scale("Weighted average shares in millions of shares") is None  # counts shares, not dollars
    assert [scale_name(s) for s in (1e3, 1e6, 1e9, None, 1e12)] == ["thousands", "millions", "billions", "", ""]


def test_table_cells() -> None:
    assert table_row_cells("Net income (loss) 1,577 1,234 (5,563)") == 3
    assert table_row_cells("Provision for income taxes 293 376 -") == 2
    sentence = ("Total net sales include $3.3 billion of revenue recognized in the three months ended July 1, 2023, "
                "$3.1")
    assert table_row_cells(sentence) == 0  # a sentence that ends in a number is not a row
    assert [bool(NUMBER_CELL.match(w)) for w in ("1,234", "(1,234)", "$5,794", "($12)", "-3.5", "12.5%", "$", "-",
                                                 "Net")] == [True] * 6 + [False] * 3
    assert [bool(VALUE_CELL.match(w)) for w in ("1,234", "(1,234)", "$", "\u2014", "-", "12.5%", "1,234,", "Net")] \
        == [True] * 6 + [False] * 2
    assert contains_number("Gross margin 40.0") and not contains_number("Gross margin")


def test_header_years() -> None:
    assert header_years("For the Years Ended December 31, 2021 2020 2019") == (2021, 2020, 2019)
    assert header_years("Total net revenues 6,489 7,500 7,017") == ()
    assert header_years("2021 2021") == ()  # a year twice is not a header
    assert header_years("2021 2020 $1,234") == ()  # a row with an amount is not a header
    assert YEARS_ROW.match("Fiscal 2023 Fiscal 2022") and YEARS_ROW.match(" 2023 2022 2021 ")
    assert not YEARS_ROW.match("For the years ended 2023 2022") and not YEARS_ROW.match("2023")


@pytest.mark.parametrize("text, quarter, year", [
    ("Q2 2023", "2", "2023"), ("Q22023", "2", "2023"), ("Q2-2023", "2", "2023"), ("Q2 FY2023", "2", "2023"),
    ("Q2'23", "2", "23"), ("2Q23", "2", "23"), ("2Q 2023", "2", "2023"), ("q4 fy 2022", "4", "2022"),
])
def test_quarters_written_with_their_year(text: str, quarter: str, year: str) -> None:
    match = QUARTER_AND_YEAR.search(f"What was revenue in {text}?")
    assert match is not None
    assert [g for g in match.groups() if g is not None] == [quarter, year]


def test_years_and_quarters_a_question_names() -> None:
    years = [m.group(1) or m.group(2) for m in YEAR_MENTION.finditer("FY2022 vs fiscal year 2021 and FY'23 in 1999")]
    assert years == ["2022", "2021", "23", "1999"]
    assert [m.groups() for m in QUARTER_MENTION.finditer("Q3 and the fourth quarter")] == [("3", None),
                                                                                            (None, "fourth")]
