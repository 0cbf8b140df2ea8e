"""Inline XBRL: the facts an EDGAR HTML filing tags (concept, period, unit, scale, sign), read directly.

An iXBRL filing marks each figure of its statements with ``<ix:nonFraction name="us-gaap:Revenues"
contextRef="c-3" scale="6" sign="-">81,797</ix:nonFraction>``; its contexts give the period (an instant, or a start
and end date) and whether the fact is for the whole company or for a segment (dimensional contexts are skipped).
The tagged facts of the standard concepts become one table per statement, whose rows name their concept, so they are
preferred to labels matched by pattern; the figures keep their printed text. HTML has no boxes: the cells carry no
rectangle.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

from app.core.finance.metrics import BY_NAME
from app.core.ingest.statements.model import Cell, Period, StatementRow, Table
from app.core.ingest.statements.statement_periods import fiscal_year_of

log = logging.getLogger(__name__)

# Standard concepts → the us-gaap elements that report them, most common first.
XBRL_CONCEPTS: dict[str, tuple[str, ...]] = {
    "revenue": ("Revenues", "RevenueFromContractWithCustomerExcludingAssessedTax", "SalesRevenueNet",
                "RevenueFromContractWithCustomerIncludingAssessedTax"),
    "cost_of_revenue": ("CostOfRevenue", "CostOfGoodsAndServicesSold", "CostOfGoodsSold"),
    "gross_profit": ("GrossProfit",),
    "operating_income": ("OperatingIncomeLoss",),
    "pretax_income": ("IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest",
                      "IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquity"
                      "MethodInvestments"),
    "income_taxes": ("IncomeTaxExpenseBenefit",),
    "interest_expense": ("InterestExpense", "InterestExpenseNonoperating"),
    "net_income": ("NetIncomeLoss", "ProfitLoss"),
    "d_and_a": ("DepreciationDepletionAndAmortization", "DepreciationAndAmortization",
                "DepreciationAmortizationAndAccretionNet"),
    "operating_cash_flow": ("NetCashProvidedByUsedInOperatingActivities",),
    "capex": ("PaymentsToAcquirePropertyPlantAndEquipment", "PaymentsToAcquireProductiveAssets"),
    "dividends_paid": ("PaymentsOfDividends", "PaymentsOfDividendsCommonStock"),
    "cash": ("CashAndCashEquivalentsAtCarryingValue",),
    "short_term_investments": ("ShortTermInvestments", "MarketableSecuritiesCurrent",
                               "AvailableForSaleSecuritiesDebtSecuritiesCurrent"),
    "receivables": ("AccountsReceivableNetCurrent", "ReceivablesNetCurrent"),
    "inventory": ("InventoryNet",),
    "current_assets": ("AssetsCurrent",),
    "ppe": ("PropertyPlantAndEquipmentNet",),
    "total_assets": ("Assets",),
    "accounts_payable": ("AccountsPayableCurrent",),
    "current_liabilities": ("LiabilitiesCurrent",),
    "long_term_debt": ("LongTermDebtNoncurrent",),
    "current_debt": ("LongTermDebtCurrent", "DebtCurrent"),
    "short_term_debt": ("ShortTermBorrowings", "CommercialPaper"),
    "total_liabilities": ("Liabilities",),
    "equity": ("StockholdersEquity",),
}
_ELEMENT_TO_CONCEPT = {element.lower(): (concept, rank) for concept, elements in XBRL_CONCEPTS.items()
                       for rank, element in enumerate(elements)}
_TABLE_TITLES = {"income": "Income statement (inline XBRL facts)", "balance": "Balance sheet (inline XBRL facts)",
                 "cash_flow": "Cash flow statement (inline XBRL facts)"}


def _attribute(tag: Any, name: str) -> str | None:
    """A tag's attribute as text (bs4 types every attribute as possibly multi-valued; these ones never are)."""
    value = tag.get(name)
    return value if value is None or isinstance(value, str) else " ".join(value)


def xbrl_tables(path: Path) -> list[Table]:
    """The tagged standard facts of an inline XBRL filing as tables; [] for HTML without inline XBRL."""
    raw = path.read_bytes()
    if b"ix:nonfraction" not in raw.lower():
        return []
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "lxml")
    periods = _contexts(soup)
    best: dict[tuple[str, Period], tuple[int, Cell]] = {}
    for tag in soup.find_all("ix:nonfraction"):
        name = (_attribute(tag, "name") or "").split(":")[-1].lower()
        mapped = _ELEMENT_TO_CONCEPT.get(name)
        period = periods.get(_attribute(tag, "contextref") or "")
        if mapped is None or period is None:
            continue
        concept, rank = mapped
        text = tag.get_text(" ", strip=True)
        value = _value(text, _attribute(tag, "scale"), _attribute(tag, "sign"), _attribute(tag, "format") or "")
        if value is None:
            continue
        key = (concept, period)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, Cell(text, value))
    tables = []
    for kind, title in _TABLE_TITLES.items():
        concepts = [c for c in XBRL_CONCEPTS if kind in BY_NAME[c].statements]
        columns = sorted({p for (c, p) in best if c in concepts}, key=lambda p: (p.end, p.months), reverse=True)
        if not columns:
            continue
        rows = [StatementRow(BY_NAME[c].title, cells=[best[(c, p)][1] if (c, p) in best else None for p in columns],
                             concept=c) for c in concepts if any((c, p) in best for p in columns)]
        tables.append(Table(kind=kind, title=title, page=0, scale="", columns=list(columns), rows=rows, pages=[0]))
    return tables


def _contexts(soup: object) -> dict[str, Period]:
    """Context id → period, for the contexts without dimensions (the company as a whole)."""
    periods: dict[str, Period] = {}
    for context in soup.find_all("xbrli:context"):  # type: ignore[attr-defined]
        if context.find("xbrli:segment") is not None or context.find("xbrldi:explicitmember") is not None:
            continue
        instant = context.find("xbrli:instant")
        start, end = context.find("xbrli:startdate"), context.find("xbrli:enddate")
        try:
            if instant is not None:
                day = date.fromisoformat(instant.get_text(strip=True))
                periods[context.get("id")] = Period(fiscal_year_of(day.year, day.month, day.day), 0, day.isoformat())
            elif start is not None and end is not None:
                first = date.fromisoformat(start.get_text(strip=True))
                last = date.fromisoformat(end.get_text(strip=True))
                months = max(1, round((last - first).days / 30.44))
                periods[context.get("id")] = Period(fiscal_year_of(last.year, last.month, last.day), months,
                                                    last.isoformat())
        except ValueError:
            log.debug("unreadable context period in %s", context.get("id"))
    return periods


def _value(text: str, scale: str | None, sign: str | None, number_format: str) -> float | None:
    """A tagged figure's value in units: the printed digits, times 10**scale, negative when ``sign`` is "-"."""
    if "zerodash" in number_format.lower() or text.strip() in {"—", "–", "-"}:
        return 0.0
    digits = re.sub(r"[^\d.,]", "", text)
    if "numcommadecimal" in number_format.lower().replace("-", ""):
        digits = digits.replace(".", "").replace(",", ".")  # "1.234,5" (European formatting)
    else:
        digits = digits.replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    value *= float(10 ** int(scale or 0))
    return -value if sign == "-" else value
