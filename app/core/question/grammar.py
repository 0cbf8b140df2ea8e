"""A small grammar of metric expressions over concepts: what "capex as a % of revenue" or "365 * average accounts
payable / COGS" means, as a tree FinLens can compute.

::

    expression := product (("+" | "-") product)*          plus, less, minus
    product    := unary (("*" | "/" | "%") unary)*         times; divided by, over, per, to, /; as a % of
    unary      := "avg" unary                              average A (a balance: start and end of the year)
                | "change" unary                           change in A (in a definition: this year minus last)
                | "ratio" expression ["and" expression]    ratio of A to B, ratio between A and B
                | "sum" expression "and" expression        sum of A and B
                | "diff" expression "and" expression       difference between A and B
                | "(" expression ")" | number | term       a named metric or a concept, by any of its terms
    unary "margin"                              COGS margin: the line item as a % of revenue

Terms, operators and prefixes come from :mod:`app.core.question.lexicon`. A tree computes as a formula in the language
of :mod:`app.core.figures.formulas` (:func:`formula`); a tree that computes the same as a named metric is that
metric (:func:`canonical`: "capex as a % of revenue" is "capex to revenue", with its unit and definition).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace

from app.core.finance.metrics import BY_NAME, CONCEPT_FALLBACKS, METRIC_BY_NAME, METRICS
from app.core.question.lexicon import Token


@dataclass(frozen=True)
class Term:
    """A named metric (``name`` as in the metrics table) or a concept (its concept name), as the question wrote it."""

    name: str
    text: str = ""
    statement: str = ""  # the statement the question says to read it from ("cash_flow"), else ""


@dataclass(frozen=True)
class Number:
    value: float
    text: str = ""


@dataclass(frozen=True)
class Call:
    """``avg``, ``change``, ``prev`` or ``opt`` of a concept."""

    function: str
    arg: Node


@dataclass(frozen=True)
class Binary:
    op: str  # "+", "-", "*", "/"
    left: Node
    right: Node
    percent: bool = False  # asked "as a % of"


Node = Term | Number | Call | Binary
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


class ParseError(ValueError):
    """The tokens do not form an expression; ``tokens`` are those left over."""

    def __init__(self, tokens: list[Token]) -> None:
        super().__init__(" ".join(t.text for t in tokens))
        self.tokens = tokens


_ARITHMETIC = ("+", "-", "*", "/", "%")


class _Parser:
    def __init__(self, tokens: list[Token], definition: bool) -> None:
        self.tokens = tokens
        self.position = 0
        self.definition = definition
        # Operators all in words ("cash plus receivables divided by current liabilities") are read left to right, as
        # the sentence is; written as symbols ("cash + receivables / current liabilities") they follow arithmetic.
        operators = [t for t in tokens if t.kind == "op" and t.value in _ARITHMETIC]
        self.flat = bool(operators) and all(t.text[:1].isalpha() for t in operators)

    def peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expression(self) -> Node:
        node = self.product()
        operators = _ARITHMETIC if self.flat else ("+", "-")
        while (token := self.peek()) is not None and token.kind == "op" and token.value in operators:
            start = self.position
            self.take()
            try:
                node = Binary("/" if token.value == "%" else token.value, node, self.product(), token.value == "%")
            except ParseError:
                self.position = start  # "A plus" and nothing FinLens reads after: A, and the rest not understood
                break
        return node

    def product(self) -> Node:
        node = self.unary()
        while (token := self.peek()) is not None and token.kind == "op" and token.value == "margin":
            self.take()  # "COGS margin": the line item as a share of revenue
            node = Binary("/", node, Term("revenue", "revenue"), True)
        while not self.flat and (token := self.peek()) is not None and token.kind == "op" and \
                token.value in ("*", "/", "%"):
            start = self.position
            self.take()
            try:
                node = Binary("/" if token.value == "%" else token.value, node, self.unary(), token.value == "%")
            except ParseError:
                self.position = start
                break
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token is None:
            raise ParseError(self.tokens[max(0, self.position - 1):])
        if token.kind == "prefix":
            self.take()
            if token.value == "avg":
                return Call("avg", self.unary())
            first = self.expression()
            following = self.peek()
            if following is not None and following.kind == "op" and following.value == "and":
                self.take()
                op = {"ratio": "/", "sum": "+", "diff": "-"}[token.value]
                # "the sum of A and B as a % of C" is (A + B) / C: a sum's or difference's second part is one term.
                return Binary(op, first, self.expression() if op == "/" else self.unary())
            if token.value == "ratio" and isinstance(first, Binary) and first.op == "/":
                return first
            raise ParseError([token])
        if token.kind == "mode" and self.definition and token.value == "change":
            self.take()
            return Call("change", self.unary())
        if token.kind == "op" and token.value == "(":
            self.take()
            node = self.expression()
            closing = self.peek()
            if closing is None or closing.value != ")":
                raise ParseError(self.tokens[self.position:] or [token])
            self.take()
            return node
        if token.kind == "number":
            self.take()
            return Number(float(token.value), token.text)
        if token.kind == "term":
            self.take()
            term = Term(token.value, token.text, token.statement)
            following = self.peek()
            if self.definition and following is not None and following.kind == "op" and following.value == "(":
                # "total debt (long-term debt + current portion of long-term debt) / equity": the formula in
                # brackets is what the term before it means here.
                start = self.position
                try:
                    inner = self.unary()
                except ParseError:
                    inner = None
                if isinstance(inner, Binary):
                    return inner
                self.position = start
            return term
        raise ParseError(self.tokens[self.position:])


def parse(tokens: list[Token], *, definition: bool = False) -> tuple[Node | None, list[Token]]:
    """The expression the tokens spell, and the tokens it could not place (empty when all were read)."""
    if not tokens:
        return None, []
    parser = _Parser(tokens, definition)
    try:
        node = parser.expression()
    except ParseError as error:
        return None, error.tokens or tokens
    return node, tokens[parser.position:]


def _wrap(child: Node, parent: Binary, right: bool, render: str) -> str:
    if isinstance(child, Binary):
        mine, theirs = _PRECEDENCE[child.op], _PRECEDENCE[parent.op]
        if mine < theirs or (right and mine == theirs and parent.op in "-/"):
            return f"({render})"
    return render


def key(node: Node) -> str:
    """The expression as the phrasing suite writes it: metric names, concept names, operators ("capex / revenue")."""
    if isinstance(node, Term):
        return f"{node.statement}.{node.name}" if node.statement else node.name
    if isinstance(node, Number):
        return f"{node.value:g}"
    if isinstance(node, Call):
        return f"{node.function}({key(node.arg)})"
    return f"{_wrap(node.left, node, False, key(node.left))} {node.op} {_wrap(node.right, node, True, key(node.right))}"


class NotComputable(ValueError):
    """The expression has no formula over the statements (an average of a ratio inside a formula, …)."""


def formula(node: Node, substitute: dict[str, str] | None = None) -> str:
    """The expression as a formula over concepts (:mod:`app.core.figures.formulas`); ``substitute`` replaces a
    named metric's formula (its standard fallback)."""
    if isinstance(node, Term):
        metric = METRIC_BY_NAME.get(node.name.lower())
        if metric is not None and metric in METRICS:
            expression = (substitute or {}).get(metric.name, metric.expression)
            return f"({expression})" if re.search(r"[-+*/]", expression) else expression
        if substitute and node.name in substitute:  # a line's stated fallback ("sales_marketing + g_and_a")
            fallback = substitute[node.name]
            if node.statement:  # read where the question said to read the line it stands for
                fallback = re.sub(r"\b[a-z_]+\b", lambda m: f"{node.statement}.{m.group(0)}"
                                  if m.group(0) in BY_NAME else m.group(0), fallback)
            return f"({fallback})"
        concept = BY_NAME[node.name]
        name = _qualified(node)
        return f"size({name})" if concept.outflow else name
    if isinstance(node, Number):
        return f"{node.value:g}"
    if isinstance(node, Call):
        if not isinstance(node.arg, Term) or node.arg.name not in BY_NAME:
            raise NotComputable(f"{node.function} of {key(node.arg)}")
        return f"{node.function}({_qualified(node.arg)})"
    left = _wrap(node.left, node, False, formula(node.left, substitute))
    right = _wrap(node.right, node, True, formula(node.right, substitute))
    return f"{left} {node.op} {right}"


def _qualified(term: Term) -> str:
    """A concept as a formula names it: "d_and_a", or "cash_flow.d_and_a" when the question says where to read it."""
    return f"{term.statement}.{term.name}" if term.statement else term.name


def expand_formula(expression: str) -> Node:
    """A formula of :mod:`app.core.finance.metrics` (a named metric's or its fallback's) as a tree."""
    return _from_formula(ast.parse(expression, mode="eval").body)


def expand(node: Node) -> Node:
    """``node`` with each named metric replaced by its formula as a tree (so an input of it can be qualified: "DSO,
    where receivables is the year-end balance")."""
    if isinstance(node, Term):
        metric = METRIC_BY_NAME.get(node.name.lower())
        if metric is None or metric not in METRICS:
            return node
        return _from_formula(ast.parse(metric.expression, mode="eval").body)
    if isinstance(node, Call):
        return node
    if isinstance(node, Binary):
        return Binary(node.op, expand(node.left), expand(node.right), node.percent)
    return node


_AST_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _from_formula(tree: ast.AST) -> Node:
    """A named metric's formula (:mod:`app.core.figures.formulas`' language) as a tree."""
    if isinstance(tree, ast.Constant) and isinstance(tree.value, (int, float)):
        return Number(float(tree.value))
    if isinstance(tree, ast.Name):
        return Term(tree.id, BY_NAME[tree.id].title.lower())
    if isinstance(tree, ast.BinOp) and type(tree.op) in _AST_OPS:
        return Binary(_AST_OPS[type(tree.op)], _from_formula(tree.left), _from_formula(tree.right))
    if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name) and len(tree.args) == 1:
        inner = _from_formula(tree.args[0])
        if tree.func.id == "size":
            return inner  # a concept's formula takes its size anyway
        if tree.func.id == "change" and isinstance(inner, Term):
            return Binary("-", inner, Call("prev", inner))
        return Call(tree.func.id, inner)
    raise NotComputable(ast.unparse(tree))


def year_end(node: Node, name: str) -> Node:
    """``node`` with the average of concept ``name`` replaced by its year-end balance."""
    if isinstance(node, Call):
        return node.arg if node.function == "avg" and isinstance(node.arg, Term) and node.arg.name == name else node
    if isinstance(node, Binary):
        return Binary(node.op, year_end(node.left, name), year_end(node.right, name), node.percent)
    return node


def averaged(node: Node, name: str) -> Node:
    """``node`` with the year-end balance of concept ``name`` replaced by its average over the year."""
    if isinstance(node, Term):
        return Call("avg", node) if node.name == name else node
    if isinstance(node, Binary):
        return Binary(node.op, averaged(node.left, name), averaged(node.right, name), node.percent)
    return node


def alternatives(node: Node, *, lines_only: bool = False) -> tuple[str, ...]:
    """Formulas with a named metric's standard fallback in place of its formula (when an input is missing), and with
    a line's (:data:`CONCEPT_FALLBACKS`); ``lines_only``: only the lines' (a formula the question defines)."""
    found: list[str] = []
    names = _term_names(node)
    for metric in () if lines_only else METRICS:
        if metric.alternatives and metric.name in names:
            found += [formula(node, {metric.name: alternative}) for alternative in metric.alternatives]
    expanded = expand(node)  # the lines inside a named metric too
    if not isinstance(expanded, Term):  # a line asked alone has its fallbacks as a metric of its own
        lines = _term_names(expanded)
        for concept, fallbacks in CONCEPT_FALLBACKS.items():
            if concept in lines:
                found += [formula(expanded, {concept: fallback}) for fallback in fallbacks]
    return tuple(dict.fromkeys(found))


def _term_names(node: Node) -> list[str]:
    if isinstance(node, Term):
        return [node.name]
    if isinstance(node, Call):
        return _term_names(node.arg)
    if isinstance(node, Binary):
        return _term_names(node.left) + _term_names(node.right)
    return []


def concepts(node: Node) -> list[str]:
    """The concepts an expression reads, in order (a named metric's inputs included)."""
    names: list[str] = []
    for name in _term_names(node):
        metric = METRIC_BY_NAME.get(name.lower())
        expression = metric.expression if metric is not None and metric in METRICS else name
        names += [n for n in re.findall(r"[a-z_]+", expression) if n in BY_NAME]
    return list(dict.fromkeys(names))


def substitute(node: Node, name: str, replacement: Node) -> Node:
    """``node`` with every term named ``name`` replaced ("CCC = DIO + DSO - DPO" with the question's own DPO)."""
    if isinstance(node, Term):
        return replacement if node.name == name else node
    if isinstance(node, Call):
        return Call(node.function, substitute(node.arg, name, replacement))
    if isinstance(node, Binary):
        return Binary(node.op, substitute(node.left, name, replacement), substitute(node.right, name, replacement),
                      node.percent)
    return node


def terms(node: Node) -> list[str]:
    """The names of the terms an expression uses, in order."""
    return _term_names(node)


def _squash(expression: str) -> str:
    """One spelling of a formula: redundant brackets dropped ("(a + b) - c" and "a + b - c" are the same)."""
    return ast.unparse(ast.parse(expression, mode="eval")).replace(" ", "")


_NAMED = {_squash(m.expression): m.name for m in METRICS}


def _numerator(metric_name: str, denominator: Node) -> Node | None:
    """The money line a percent metric divides by ``denominator`` ("gross margin" over revenue: gross profit), or
    None when the metric is no such line over that denominator."""
    metric = METRIC_BY_NAME.get(metric_name.lower())
    if metric is None or metric not in METRICS or metric.unit != "percent":
        return None
    tree = ast.parse(metric.expression, mode="eval").body
    if not isinstance(tree, ast.BinOp) or not isinstance(tree.op, ast.Div):
        return None
    try:
        if _squash(ast.unparse(tree.right)) != _squash(formula(denominator)):
            return None
    except NotComputable:
        return None
    return _line(tree.left)


def _line(tree: ast.AST) -> Term | None:
    """A formula's part as one term: a named metric ("EBITDA") or a concept, else None."""
    top = _squash(ast.unparse(tree))
    if top in _NAMED:
        return Term(_NAMED[top], "")
    bare = re.fullmatch(r"(?:size\()?([a-z_]+)\)?", top)
    return Term(bare.group(1), "") if bare and bare.group(1) in BY_NAME else None


def as_ratio(node: Node) -> Node:
    """A margin as its money line over its denominator ("EBITDA margin" → EBITDA as a % of revenue), so the
    question can define the line ("with EBITDA taken as operating income plus D&A"); else the node."""
    metric = METRIC_BY_NAME.get(node.name.lower()) if isinstance(node, Term) else None
    if metric is None or metric not in METRICS or metric.unit != "percent":
        return node
    tree = ast.parse(metric.expression, mode="eval").body
    if not isinstance(tree, ast.BinOp) or not isinstance(tree.op, ast.Div):
        return node
    line = _line(tree.left)
    return Binary("/", line, _from_formula(tree.right), True) if line is not None else node


def _money_lines(node: Node) -> Node:
    """A margin asked as a share of its own denominator means its money line: "gross margin as a percentage of net
    revenue" is gross profit / revenue (a filer's "Gross margin" line is an amount), never the margin over revenue
    again."""
    if not isinstance(node, Binary):
        return node
    left, right = _money_lines(node.left), _money_lines(node.right)
    if node.op == "/" and isinstance(left, Term):
        left = _numerator(left.name, right) or left
    return Binary(node.op, left, right, node.percent)


def _restatements(node: Node) -> Node:
    """``node`` with a line item divided by or less itself read as that line item: such a pair is one thing said
    twice ("dividends to stockholders (cash dividends paid)": "to" between a noun and its restatement), never a
    question (it is always 1 or 0)."""
    if not isinstance(node, Binary):
        return node
    left, right = _restatements(node.left), _restatements(node.right)
    if node.op in "/-" and isinstance(left, Term) and isinstance(right, Term) and left.name == right.name:
        return replace(left, statement=left.statement or right.statement)
    return Binary(node.op, left, right, node.percent)


def canonical(node: Node) -> Node:
    """The named metric an expression computes ("capex as a % of revenue" → capex to revenue), else the node."""
    if isinstance(node, Term):
        return node
    node = _money_lines(_restatements(node))
    if isinstance(node, Term):
        return node
    try:
        name = _NAMED.get(_squash(formula(node)))
    except NotComputable:
        return node
    return Term(name, "") if name else node


def unit(node: Node) -> str:
    """"money", "percent", "ratio", "days", "times" or "number" (a constant)."""
    if isinstance(node, Term):
        metric = METRIC_BY_NAME.get(node.name.lower())
        return metric.unit if metric is not None and metric in METRICS else "money"
    if isinstance(node, Number):
        return "number"
    if isinstance(node, Call):
        return unit(node.arg)
    left, right = unit(node.left), unit(node.right)
    if node.op in "+-":
        return left if left != "number" else right
    if node.op == "*":
        if any(isinstance(side, Number) and side.value == 365 for side in (node.left, node.right)):
            return "days"
        return left if left != "number" else right
    if node.percent:
        return "percent"
    if isinstance(node.left, Binary) and node.left.op == "*" and unit(node.left) == "days":
        return "days"
    return left if right == "number" else "ratio"


_FUNCTION_WORDS = {"avg": "average", "change": "change in", "prev": "prior-year", "opt": ""}
_STATEMENT_WORDS = {"cash_flow": "cash flow statement", "income": "income statement", "balance": "balance sheet"}


def words(node: Node) -> str:
    """The expression in words, as an answer names it ("capex as a % of revenue", "quick ratio")."""
    if isinstance(node, Term):
        metric = METRIC_BY_NAME.get(node.name.lower())
        if metric is not None and metric in METRICS:
            return metric.name if metric.name[:2].isupper() else metric.name.lower()
        return node.text.lower() if node.text else BY_NAME[node.name].title.lower()
    if isinstance(node, Number):
        return f"{node.value:g}"
    if isinstance(node, Call):
        return f"{_FUNCTION_WORDS[node.function]} {words(node.arg)}".strip()
    if node.op == "/":
        joint = " as a % of " if node.percent else " to "
        return f"{words(node.left)}{joint}{words(node.right)}"
    if node.op == "*" and unit(node) == "days":
        # "receivables to revenue in days", not "… × 365": a number named before the figure reads as the figure
        ratio = node.right if isinstance(node.left, Number) else node.left
        return f"{words(ratio)} in days"
    joint = {"+": " plus ", "-": " less ", "*": " × "}[node.op]
    return f"{_wrap(node.left, node, False, words(node.left))}{joint}{_wrap(node.right, node, True, words(node.right))}"


def definition(node: Node) -> str:
    """The formula in words, each concept by its title ("capital expenditures / total revenue")."""
    if isinstance(node, Term):
        metric = METRIC_BY_NAME.get(node.name.lower())
        if metric is not None and metric in METRICS:
            return metric.definition if isinstance(node, Term) and node.text == "" else metric.name
        where = f" ({_STATEMENT_WORDS[node.statement]})" if node.statement else ""
        return BY_NAME[node.name].title.lower() + where
    if isinstance(node, Number):
        return f"{node.value:g}"
    if isinstance(node, Call):
        return f"{_FUNCTION_WORDS[node.function]} {definition(node.arg)}".strip()
    left = _wrap(node.left, node, False, definition(node.left))
    return f"{left} {node.op} {_wrap(node.right, node, True, definition(node.right))}"
