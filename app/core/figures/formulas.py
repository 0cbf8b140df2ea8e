"""Evaluating named metrics (the table is :data:`app.core.finance.metrics.METRICS`) over a document's statements.

A formula is a small arithmetic expression over concept names (:mod:`concepts`), evaluated for a fiscal year ``t``:

* ``revenue`` — the concept's value for FY t (a balance: at the end of FY t);
* ``avg(x)`` — the average of FY t and FY t-1 (balances: start and end of the year);
* ``prev(x)`` — its value for FY t-1; ``change(x)`` — FY t minus FY t-1;
* ``opt(x)`` — its value, or 0 when the statements have no such line (said in the answer);
* ``size(x)`` — the absolute value (capex and dividends are printed as outflows, in parentheses);
* ``cash_flow.x`` (``income.x``, ``balance.x``) — the concept read from that statement first (the question said so).

Each evaluation returns the value with every fact it used, so an answer can show (and click) each input.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.figures.concepts import Fact, FactError, find_fact
from app.core.finance.metrics import ALL_METRICS, BY_NAME, CONCEPT_METRICS, METRIC_BY_NAME, METRICS, Metric
from app.core.ingest.statements.model import Statements

__all__ = ["ALL_METRICS", "CONCEPT_METRICS", "METRICS", "METRIC_BY_NAME", "Evaluation", "Metric", "evaluate",
           "evaluate_metric"]


@dataclass
class Evaluation:
    """A computed value with the facts it used and the optional inputs that were taken as zero."""

    value: float
    inputs: list[Fact] = field(default_factory=list)
    assumed_zero: list[str] = field(default_factory=list)
    expression: str = ""


_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def evaluate(expression: str, statements: Statements, year: int, *, months: int = 12, end: str = "",
             prefer: str = "", worded: dict[str, str] | None = None) -> Evaluation:
    """Evaluate a formula for fiscal year ``year`` over a document's statements.

    ``months`` and ``end`` choose another current period (a quarter: 3 months ending on ``end``); the period a year
    before (``prev``, ``avg``, ``change``) is then the same quarter of the year before. ``end`` alone reads the
    year's balances at that date (a quarter's balance sheet also shows the last year-end). ``worded``: the question's
    words for a concept ("net sales"); a row printed under exactly those words is read first. ``prefer``: the statement
    the question points to ("using the cash flow statement"), read first for every input that statement holds.

    Raises:
        FactError: an input is missing or ambiguous (its sentence says which), or a division by zero.
    """
    inputs: dict[tuple[str, int, str], Fact] = {}
    assumed: list[str] = []

    def fact(target: tuple[str, str], fy: int) -> float:
        name, statement = target
        if name not in BY_NAME:
            raise FactError(f"Unknown concept {name!r} in a formula.")
        key = (name, fy, statement)
        if key not in inputs:
            current = fy == year and (months != 12 or bool(end))
            try:
                inputs[key] = find_fact(statements, name, fy, months=months if months != 12 else None,
                                        end=end if current and "balance" in BY_NAME[name].statements else "",
                                        statement=statement, worded=(worded or {}).get(name, ""))
            except FactError:
                if months == 12 or "cash_flow" not in BY_NAME[name].statements:
                    raise
                # A 10-Q's cash flow statement covers the year to date only: use it, its period says so.
                inputs[key] = _year_to_date(statements, name, fy, end if current else "", statement)
        return inputs[key].value

    def node_value(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return node_value(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, (ast.Name, ast.Attribute)):
            return fact(_target(node, prefer), year)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -node_value(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = node_value(node.left), node_value(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise FactError("The formula divides by zero for this period.")
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1 \
                and isinstance(node.args[0], (ast.Name, ast.Attribute)):
            name, function = _target(node.args[0], prefer), node.func.id
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
                    assumed.append(BY_NAME[name[0]].title)
                    return 0.0
        raise ValueError(f"unsupported formula element: {ast.dump(node)}")

    value = node_value(ast.parse(expression, mode="eval"))
    ordered = sorted(inputs.values(), key=lambda f: (f.concept, -f.period.fiscal_year))
    return Evaluation(value, ordered, assumed, expression)


def _target(node: ast.AST, prefer: str) -> tuple[str, str]:
    """(concept, statement to read it from) of a formula's name: "capex", or "cash_flow.capex" (the question said
    where); a plain name is read first from the statement the question points to ("using the cash flow statement":
    its net income line too), then where the concept usually is."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr, node.value.id
    if isinstance(node, ast.Name):
        return node.id, prefer
    raise ValueError(f"unsupported formula element: {ast.dump(node)}")


def _year_to_date(statements: Statements, name: str, fiscal_year: int, end: str, statement: str = "") -> Fact:
    """A cash flow figure for the year to date (6 or 9 months) ending on ``end`` (or in ``fiscal_year``)."""
    for months in (6, 9, 12):
        try:
            return find_fact(statements, name, fiscal_year, months=months, end=end, statement=statement)
        except FactError:
            continue
    raise FactError(f"{BY_NAME[name].title} for the quarter is not in the statements.")


def evaluate_metric(metric: Metric, statements: Statements, year: int, *, months: int = 12,
                    end: str = "", prefer: str = "", worded: dict[str, str] | None = None) -> Evaluation:
    """Evaluate a metric, trying its alternative formulas when an input of the main one is missing."""
    errors: list[FactError] = []
    for expression in (metric.expression, *metric.alternatives):
        try:
            return evaluate(expression, statements, year, months=months, end=end, prefer=prefer, worded=worded)
        except FactError as error:
            errors.append(error)
    raise errors[0]
