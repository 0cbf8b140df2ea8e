"""Named metrics analysts ask for, as one readable table of formulas over the standard concepts.

A formula is a small arithmetic expression over concept names (:mod:`concepts`), evaluated for a fiscal year ``t``:

* ``revenue`` — the concept's value for FY t (a balance: at the end of FY t);
* ``avg(x)`` — the average of FY t and FY t-1 (balances: start and end of the year);
* ``prev(x)`` — its value for FY t-1; ``change(x)`` — FY t minus FY t-1;
* ``opt(x)`` — its value, or 0 when the statements have no such line (said in the answer);
* ``size(x)`` — the absolute value (capex and dividends are printed as outflows, in parentheses).

Each evaluation returns the value with every fact it used, so an answer can show (and click) each input.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.statements.concepts import BY_NAME, Fact, FactError, find_fact
from app.core.statements.model import Statements


@dataclass(frozen=True)
class Metric:
    """A named metric: how it is computed and shown."""

    name: str
    aliases: tuple[str, ...]  # regexes that recognise it in a question (lower case)
    expression: str
    unit: str  # "ratio" | "percent" | "money" | "days" | "times"
    definition: str  # the formula in words, as answers show it
    alternatives: tuple[str, ...] = ()  # used, in order, when an input of ``expression`` is missing


METRICS: tuple[Metric, ...] = (
    Metric("gross margin", (r"gross (profit )?margin",), "gross_profit / revenue", "percent",
           "gross profit / revenue", ("(revenue - cost_of_revenue) / revenue",)),
    Metric("operating margin", (r"operating (income |profit )?(% |percent )?margin", r"operating income % margin"),
           "operating_income / revenue", "percent", "operating income / revenue"),
    Metric("net profit margin", (r"net (profit|income) (% |percent )?margin", r"net margin", r"profit margin"),
           "net_income / revenue", "percent", "net income / revenue"),
    Metric("EBITDA", (r"\bebitda\b(?! (% |percent )?margin)",), "operating_income + d_and_a", "money",
           "operating income + depreciation and amortization"),
    Metric("EBITDA margin", (r"ebitda (% |percent )?margin",), "(operating_income + d_and_a) / revenue", "percent",
           "(operating income + depreciation and amortization) / revenue"),
    Metric("current ratio", (r"current ratio", r"working capital ratio"), "current_assets / current_liabilities",
           "ratio", "total current assets / total current liabilities"),
    Metric("quick ratio", (r"quick ratio", r"acid[- ]test"),
           "(cash + opt(short_term_investments) + receivables) / current_liabilities", "ratio",
           "(cash and equivalents + short-term investments + receivables) / current liabilities"),
    Metric("working capital", (r"working capital(?! ratio)",), "current_assets - current_liabilities", "money",
           "total current assets - total current liabilities"),
    Metric("operating cash flow ratio", (r"operating cash flow ratio",),
           "operating_cash_flow / current_liabilities", "ratio", "cash from operations / total current liabilities"),
    Metric("capex to revenue", (r"capex as a % of revenue", r"capital expenditures? (as a )?(%|percent(age)?) of "
                                r"(revenue|sales)", r"capex ?/ ?revenue", r"capital intensity"),
           "size(capex) / revenue", "percent", "capital expenditures / revenue"),
    Metric("free cash flow", (r"free cash flow(?! conversion| margin)", r"\bfcf\b(?! conversion)"),
           "operating_cash_flow - size(capex)", "money", "cash from operations - capital expenditures"),
    Metric("FCF conversion", (r"(free cash flow|fcf) conversion",),
           "(operating_cash_flow - size(capex)) / net_income", "percent",
           "(cash from operations - capital expenditures) / net income"),
    Metric("effective tax rate", (r"effective tax rate",), "income_taxes / pretax_income", "percent",
           "income tax expense / income before income taxes"),
    Metric("dividend payout ratio", (r"(dividend )?payout ratio",), "size(dividends_paid) / net_income", "ratio",
           "cash dividends paid / net income"),
    Metric("retention ratio", (r"retention ratio",), "1 - size(dividends_paid) / net_income", "ratio",
           "1 - cash dividends paid / net income"),
    Metric("interest coverage", (r"interest coverage",), "operating_income / interest_expense", "times",
           "operating income / interest expense"),
    Metric("debt to equity", (r"debt[- ]to[- ]equity", r"debt ?/ ?equity"),
           "(long_term_debt + opt(current_debt)) / equity", "ratio", "(long-term debt + current debt) / equity"),
    Metric("return on assets", (r"return on assets", r"\broa\b"), "net_income / avg(total_assets)", "ratio",
           "net income / average total assets"),
    Metric("return on equity", (r"return on equity", r"\broe\b"), "net_income / avg(equity)", "ratio",
           "net income / average shareholders' equity"),
    Metric("fixed asset turnover", (r"fixed asset turnover",), "revenue / avg(ppe)", "ratio",
           "revenue / average PP&E"),
    Metric("asset turnover", (r"(?<!fixed )asset turnover",), "revenue / avg(total_assets)", "ratio",
           "revenue / average total assets"),
    Metric("inventory turnover", (r"inventory turnover",), "cost_of_revenue / avg(inventory)", "ratio",
           "cost of revenue / average inventory"),
    Metric("days inventory outstanding", (r"days inventory outstanding", r"\bdio\b"),
           "365 * avg(inventory) / cost_of_revenue", "days", "365 * average inventory / cost of revenue"),
    Metric("days sales outstanding", (r"days sales outstanding", r"\bdso\b"), "365 * avg(receivables) / revenue",
           "days", "365 * average receivables / revenue"),
    Metric("days payable outstanding", (r"days payables? outstanding", r"\bdpo\b"),
           "365 * avg(accounts_payable) / (cost_of_revenue + change(inventory))", "days",
           "365 * average accounts payable / (cost of revenue + change in inventory)"),
    Metric("cash conversion cycle", (r"cash conversion cycle", r"\bccc\b"),
           "365 * avg(inventory) / cost_of_revenue + 365 * avg(receivables) / revenue"
           " - 365 * avg(accounts_payable) / (cost_of_revenue + change(inventory))", "days", "DIO + DSO - DPO"),
    Metric("cost of revenue to revenue", (r"(cogs|cost of goods sold|cost of (sales|revenue)) as a (%|percent)",),
           "cost_of_revenue / revenue", "percent", "cost of revenue / revenue"),
)
# Every concept is also a metric on its own ("FY2019 inventories"), shown in money.
_CONCEPT_ALIASES: dict[str, tuple[str, ...]] = {
    "revenue": (r"\b(total )?(net )?(revenues?|sales|top line)\b",),
    "cost_of_revenue": (r"\bcogs\b", r"cost of (goods sold|sales|revenues?|products sold)"),
    "gross_profit": (r"gross profit",), "operating_income": (r"operating (income|profit)",),
    "pretax_income": (r"(pre-?tax income|income before (income )?tax)",),
    "income_taxes": (r"income tax (expense|provision)|provision for income taxes",),
    "interest_expense": (r"interest expense",), "net_income": (r"net (income|earnings|profit)",),
    "d_and_a": (r"depreciation (and|&) amortization|\bd&a\b",),
    "operating_cash_flow": (r"cash (flow )?from operati|operating cash flow|cash provided by operating",),
    "capex": (r"\bcapex\b|capital expenditures?",), "dividends_paid": (r"dividends paid|cash dividends",),
    "cash": (r"cash and (cash )?equivalents",), "short_term_investments": (r"short-term investments",),
    "receivables": (r"(accounts )?receivables?",), "inventory": (r"inventor(y|ies)",),
    "current_assets": (r"(total )?current assets",), "ppe": (r"pp&e|property,? plant,? and equipment",),
    "total_assets": (r"total assets",), "accounts_payable": (r"accounts payable",),
    "current_liabilities": (r"(total )?current liabilities",), "long_term_debt": (r"long-term debt",),
    "current_debt": (r"short-term debt|current portion of long-term debt",),
    "total_liabilities": (r"total liabilities",), "equity": (r"(shareholders|stockholders)['’]? equity",),
}
CONCEPT_METRICS: tuple[Metric, ...] = tuple(
    Metric(c.title, _CONCEPT_ALIASES.get(c.name, ()), f"size({c.name})" if c.outflow else c.name, "money", c.title)
    for c in BY_NAME.values())
ALL_METRICS = METRICS + CONCEPT_METRICS
METRIC_BY_NAME = {m.name.lower(): m for m in ALL_METRICS}


@dataclass
class Evaluation:
    """A computed value with the facts it used and the optional inputs that were taken as zero."""

    value: float
    inputs: list[Fact] = field(default_factory=list)
    assumed_zero: list[str] = field(default_factory=list)
    expression: str = ""


_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def evaluate(expression: str, statements: Statements, year: int, *, months: int = 12, end: str = "") -> Evaluation:
    """Evaluate a formula for fiscal year ``year`` over a document's statements.

    ``months`` and ``end`` choose another current period (a quarter: 3 months ending on ``end``); the period a year
    before (``prev``, ``avg``, ``change``) is then the same quarter of the year before.

    Raises:
        FactError: an input is missing or ambiguous (its sentence says which), or a division by zero.
    """
    inputs: dict[tuple[str, int], Fact] = {}
    assumed: list[str] = []

    def fact(name: str, fy: int) -> float:
        if name not in BY_NAME:
            raise FactError(f"Unknown concept {name!r} in a formula.")
        key = (name, fy)
        if key not in inputs:
            current = fy == year and months != 12
            try:
                inputs[key] = find_fact(statements, name, fy, months=months if months != 12 else None,
                                        end=end if current and "balance" in BY_NAME[name].statements else "")
            except FactError:
                if months == 12 or "cash_flow" not in BY_NAME[name].statements:
                    raise
                # A 10-Q's cash flow statement covers the year to date only: use it, its period says so.
                inputs[key] = _year_to_date(statements, name, fy, end if current else "")
        return inputs[key].value

    def node_value(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return node_value(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            return fact(node.id, year)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -node_value(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = node_value(node.left), node_value(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise FactError("The formula divides by zero for this period.")
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1 \
                and isinstance(node.args[0], ast.Name):
            name, function = node.args[0].id, node.func.id
            if function == "avg":
                return (fact(name, year) + fact(name, year - 1)) / 2
            if function == "prev":
                return fact(name, year - 1)
            if function == "change":
                return fact(name, year) - fact(name, year - 1)
            if function == "size":
                return abs(fact(name, year))
            if function == "opt":
                try:
                    return fact(name, year)
                except FactError:
                    assumed.append(BY_NAME[name].title)
                    return 0.0
        raise ValueError(f"unsupported formula element: {ast.dump(node)}")

    value = node_value(ast.parse(expression, mode="eval"))
    ordered = sorted(inputs.values(), key=lambda f: (f.concept, -f.period.fiscal_year))
    return Evaluation(value, ordered, assumed, expression)


def _year_to_date(statements: Statements, name: str, fiscal_year: int, end: str) -> Fact:
    """A cash flow figure for the year to date (6 or 9 months) ending on ``end`` (or in ``fiscal_year``)."""
    for months in (6, 9, 12):
        try:
            return find_fact(statements, name, fiscal_year, months=months, end=end)
        except FactError:
            continue
    raise FactError(f"{BY_NAME[name].title} for the quarter is not in the statements.")


def evaluate_metric(metric: Metric, statements: Statements, year: int, *, months: int = 12,
                    end: str = "") -> Evaluation:
    """Evaluate a metric, trying its alternative formulas when an input of the main one is missing."""
    errors: list[FactError] = []
    for expression in (metric.expression, *metric.alternatives):
        try:
            return evaluate(expression, statements, year, months=months, end=end)
        except FactError as error:
            errors.append(error)
    raise errors[0]
