"""The periods a question names: fiscal years, quarters, and interim periods of 10-Qs and earnings releases."""

from __future__ import annotations

import pytest

from app.core.question.periods import read_periods


@pytest.mark.parametrize(("text", "years", "quarter", "months", "end", "left"), [
    ("free cash flow for the nine months ended July 1, 2023", (2023,), None, 9, "2023-07-01", "free cash flow"),
    ("gross margin (the fiscal quarter ended July 1, 2023)", (2023,), None, 3, "2023-07-01", "gross margin ( )"),
    ("net income for the second quarter ended June 30, 2023", (2023,), 2, 3, "2023-06-30", "net income"),
    ("revenue for the three months ended April 1, 2023 compared with the three months ended April 2, 2022",
     (2022, 2023), None, 3, "2023-04-01", "revenue"),
    ("capex over the first nine months of 2022", (2022,), None, 9, "", "capex"),
    ("revenue for the first half of fiscal 2024", (2024,), None, 6, "", "revenue"),
    ("revenue in H1 2023", (2023,), None, 6, "", "revenue"),
    ("revenue for the six-month period ended June 30, 2023", (2023,), None, 6, "2023-06-30", "revenue"),
    ("revenue in Q2 2023 versus Q2 2022", (2022, 2023), 2, 3, "", "revenue in"),  # "in": filler
    ("total assets as of December 31, 2022", (2022,), None, None, "2022-12-31", "total assets"),
    ("revenue in FY2023", (2023,), None, None, "", "revenue"),
])
def test_interim_periods_are_read_with_their_length_and_end(text: str, years: tuple[int, ...], quarter: int | None,
                                                            months: int | None, end: str, left: str) -> None:
    periods, blanked = read_periods(text)
    assert (periods.years, periods.quarter, periods.months, periods.end) == (years, quarter, months, end)
    assert " ".join(blanked.split()) == left


def test_year_to_date_is_the_longest_interim_period_and_a_quarter_end_date_is_a_balance_date() -> None:
    to_date, _ = read_periods("R&D year to date through October 31, 2022")
    assert (to_date.to_date, to_date.months, to_date.end, to_date.as_of) == (True, None, "2022-10-31", False)
    balance, blanked = read_periods("current ratio at the July 31, 2023 quarter end")
    assert (balance.months, balance.end, balance.as_of) == (None, "2023-07-31", True)
    assert "quarter" not in blanked
