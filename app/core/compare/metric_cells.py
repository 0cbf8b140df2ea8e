"""The one seam between Compare and the metric machinery: a metric expression computed for one filing and year.

Every numeric cell of a grid goes through :func:`compute_metric`, and nothing else in :mod:`app.core.compare` reads
the question understanding or the formulas, so when their API changes only this module follows it. A column is read
as a question record (:func:`app.core.question.understand`), turned into a metric query for the row's fiscal year
(:func:`app.core.figures.answers.query_from`) and answered from the filing's statements (``answer_metric``).

Besides the value, a cell needs a formula an analyst can audit in Excel: :func:`compute_metric` translates the
formula that produced the value (the metric's own expression, or the alternative used when an input was missing)
into a spreadsheet expression over its input cells (``{0}``, ``{1}`` … stand for the inputs, in the order of
:attr:`MetricResult.inputs`), and checks that it recomputes the same value before handing it on; a formula that does
not (it should not happen) is left out and the export writes the value itself.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from typing import Any

from app.core.figures.answers import MetricAnswer, MetricQuery, answer_metric, query_from
from app.core.figures.concepts import Fact
from app.core.ingest.statements.model import Statements
from app.core.question import Question, understand
from app.core.records import Rect

#: Any fiscal year: parsing an expression only needs one to tell a metric from a question.
_PROBE_YEAR = 2000


@dataclass(frozen=True)
class InputCell:
    """One printed figure a metric used: its row label, period, value in units, where it is printed.

    ``page_index`` is 0-based (the reader's); every output prints ``page`` = ``page_index + 1``.
    """

    concept: str
    label: str
    period: str
    fiscal_year: int
    value: float
    printed: str
    scale: str
    statement: str
    page_index: int
    rect: Rect | None = None

    @property
    def page(self) -> int:
        """The page as printed everywhere (1-based)."""
        return self.page_index + 1

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``page`` 1-based)."""
        rect = self.rect
        return {"concept": self.concept, "label": self.label, "period": self.period, "fiscal_year": self.fiscal_year,
                "value": self.value, "printed": self.printed, "scale": self.scale, "statement": self.statement,
                "page": self.page, "rect": [rect.x0, rect.y0, rect.x1, rect.y1] if rect is not None else None}


@dataclass
class MetricResult:
    """A metric for one filing and year: the value in its unit, or the reason there is none.

    Attributes:
        name: the metric as FinLens names it ("operating margin").
        unit: "percent" (a fraction), "money" (in units), "ratio", "days" or "times".
        value: None when the figure is missing or ambiguous (``reason`` says why, in a sentence).
        display: the value as an analyst writes it ("26.2%", "$2,323 million").
        formula: the formula in words.
        excel: the spreadsheet expression over ``{0}``, ``{1}`` … (the inputs), without "="; "" when unavailable.
        inputs: the printed figures used, in ``excel``'s numbering.
    """

    name: str
    unit: str
    value: float | None = None
    display: str = ""
    reason: str = ""
    formula: str = ""
    excel: str = ""
    inputs: list[InputCell] = field(default_factory=list)


def _metric_query(record: Question, year: int) -> MetricQuery | None:
    """The column's metric query; None for a text that reads no metric word at all, which is a question column even
    if some filing might print a line of that name ("main risk factors")."""
    query = query_from(record, year=year)
    if query is None or (query.not_understood and record.metric is not None and not record.metric.read):
        return None
    return query


def is_metric_expression(text: str) -> bool:
    """Whether a column's text names a metric FinLens computes ("revenue growth", "capex as a % of revenue")."""
    if not text.strip():
        return False
    record = understand(text)
    return record.asks_figure and _metric_query(record, _PROBE_YEAR) is not None


def compute_metric(statements: Statements, expression: str, year: int) -> MetricResult | None:
    """Compute a metric expression for fiscal year ``year`` from one filing's statements.

    Returns:
        The result (with a reason when the figure is missing or ambiguous), or None when the text names no metric.
    """
    query = _metric_query(understand(expression), year)
    if query is None:
        return None
    answer = answer_metric(statements, query)
    result = MetricResult(query.metric.name, answer.unit, answer.value, answer.formatted(),
                          "" if answer.value is not None else answer.error, answer.formula())
    if answer.value is None:
        return result
    result.inputs = [_input_cell(fact) for fact in answer.inputs]
    result.excel = _excel_expression(answer)
    return result


def _input_cell(fact: Fact) -> InputCell:
    return InputCell(fact.concept, fact.row.label, fact.period.label(), fact.period.fiscal_year, fact.value,
                     fact.cell.text, fact.table.scale if not fact.row.per_share else "", fact.table.title,
                     fact.page, fact.cell.rect)


# --- the formula, as a spreadsheet expression -----------------------------------------------------------------------


def _excel_expression(answer: MetricAnswer) -> str:
    """The answer's formula over its inputs (``{i}``), checked to recompute the answer's value; "" if it cannot."""
    positions = {(fact.concept, fact.period.fiscal_year): number for number, fact in enumerate(answer.inputs)}
    metric, query = answer.query.metric, answer.query
    for expression in (metric.expression, *metric.alternatives):
        try:
            per_year = {year: _translate(ast.parse(expression, mode="eval").body, positions, year)
                        for year in query.years}
        except KeyError:
            continue  # an input of this formula was not used: the value came from an alternative
        years = query.years
        if query.mode == "average":
            text = "AVERAGE(" + ",".join(per_year[y] for y in years) + ")"
        elif query.mode == "sum":
            text = "SUM(" + ",".join(per_year[y] for y in years) + ")"
        elif query.mode == "growth":
            text = f"({per_year[years[-1]]})/({per_year[years[0]]})-1"
        elif query.mode == "cagr":
            text = f"(({per_year[years[-1]]})/({per_year[years[0]]}))^(1/{years[-1] - years[0]})-1"
        elif query.mode == "change":
            text = f"({per_year[years[-1]]})-({per_year[years[0]]})"
        else:
            text = per_year[years[0]]
        if answer.value is not None and _recomputes(text, [f.value for f in answer.inputs], answer.value):
            return text
    return ""


def _translate(node: ast.AST, positions: dict[tuple[str, int], int], year: int) -> str:
    """One formula node as a spreadsheet expression (raises KeyError when an input it reads was not used)."""
    def cell(name: str, fiscal_year: int) -> str:
        return "{" + str(positions[(name, fiscal_year)]) + "}"

    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return repr(node.value)
    if isinstance(node, ast.Name):
        return cell(node.id, year)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return f"-({_translate(node.operand, positions, year)})"
    if isinstance(node, ast.BinOp):
        symbol = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}[type(node.op)]
        return f"({_translate(node.left, positions, year)}{symbol}{_translate(node.right, positions, year)})"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1 \
            and isinstance(node.args[0], ast.Name):
        name, function = node.args[0].id, node.func.id
        if function == "avg":
            return f"(({cell(name, year)}+{cell(name, year - 1)})/2)"
        if function == "prev":
            return cell(name, year - 1)
        if function == "change":
            return f"({cell(name, year)}-{cell(name, year - 1)})"
        if function == "size":
            return f"ABS({cell(name, year)})"
        if function == "opt":
            # An optional line the statements lack was taken as 0 (the answer says so); the formula does too.
            return cell(name, year) if (name, year) in positions else "0"
    raise KeyError(ast.dump(node))


def _recomputes(text: str, values: list[float], expected: float) -> bool:
    """Whether the spreadsheet expression gives ``expected`` from ``values`` (evaluated as a spreadsheet would)."""
    filled = text.format(*(repr(v) for v in values))
    try:
        python = filled.replace("ABS(", "abs(").replace("AVERAGE(", "average(").replace("^", "**")
        value = _spreadsheet_value(ast.parse(python, mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, KeyError, OverflowError, TypeError):
        return False
    return math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12)


def _spreadsheet_value(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_spreadsheet_value(node.operand)
    if isinstance(node, ast.BinOp):
        left, right = _spreadsheet_value(node.left), _spreadsheet_value(node.right)
        if isinstance(node.op, ast.Div):
            return left / right
        if isinstance(node.op, ast.Pow):
            return float(left ** right)
        return {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}[type(node.op)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        arguments = [_spreadsheet_value(a) for a in node.args]
        if node.func.id == "abs":
            return abs(arguments[0])
        if node.func.id == "average":
            return sum(arguments) / len(arguments)
    raise ValueError("unsupported spreadsheet element")
