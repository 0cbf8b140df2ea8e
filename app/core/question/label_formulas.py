"""Formulas a definition writes over printed labels, and definitions that name one line for two periods.

A definition may name its inputs by the filer's labels, joined by symbols or words ("notes payable and other
borrowings, current + notes payable and other borrowings, non-current", "selling, marketing and administrative
expenses divided by sales to customers"): :func:`over_printed_labels` reads each part as a line FinLens names or a
label exactly one concept reads. A definition that names one line for two periods is either a growth written out
(:func:`restates_growth`: nothing to read that the ask does not say) or a formula FinLens cannot read without its
years (:func:`years_lost`): never the line added to itself.
"""

from __future__ import annotations

import re

from app.core.finance.metrics import BY_NAME, CONCEPTS, METRIC_BY_NAME
from app.core.question import grammar, lexicon
from app.core.question.periods import read_periods


def label_of(concept_name: str, label: str) -> bool:
    """Whether a printed label (quoted by the question) is one FinLens reads as ``concept_name``."""
    concept = BY_NAME.get(concept_name)
    return concept is not None and concept.rank(label) is not None


def over_printed_labels(text: str) -> grammar.Node | None:
    """A formula over lines named by their printed labels, joined by symbols ("notes payable and other borrowings,
    current + notes payable and other borrowings, non-current", "operating income + depreciation, amortization, and
    other"): each part a line FinLens names, or a label exactly one concept reads; else None."""
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    for words, symbol in _WORD_OPERATORS:  # "selling, marketing and administrative expenses divided by sales to …"
        text = words.sub(f" {symbol} ", text)
    pieces = _top_level(_unbracketed(text))
    if len(pieces) < 3:
        return None
    formula: list[str] = []
    try:
        for index, piece in enumerate(pieces):
            if index % 2:
                formula.append(piece)
                continue
            piece = _unbracketed(piece)
            named, rest = grammar.parse([t for t in lexicon.tokens(piece) if t.kind != "name"])
            if named is not None and not rest and not (isinstance(named, grammar.Term) and named.name not in BY_NAME
                                                       and METRIC_BY_NAME.get(named.name.lower()) is None):
                # a line FinLens names, a number, or a part it reads whole ("(average total assets)")
                formula.append(f"({grammar.formula(named)})")
                continue
            if re.search(r"\s[-+*/]\s", piece):
                return None  # an expression FinLens read only in part is no label (a label pattern reads its start)
            readers = [c.name for c in CONCEPTS if label_of(c.name, piece)]
            if len(readers) != 1:
                return None
            formula.append(readers[0])
        return grammar.expand_formula(" ".join(formula))
    except (SyntaxError, grammar.NotComputable):
        return None


_WORD_OPERATORS = [(re.compile(rf"\s+(?:{words})\s+", re.I), symbol) for words, symbol in (
    ("divided by|over", "/"), ("plus", "+"), ("minus|less", "-"), ("times|multiplied by", "*"))]


def _unbracketed(text: str) -> str:
    """``text`` without brackets around all of it ("(cash + receivables)", not "(A) + (B)")."""
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


def _top_level(text: str) -> list[str]:
    """``text`` split at the operators outside brackets written with spaces around them ("A / (B + C)" → A, /,
    (B + C)); [] when its brackets do not balance."""
    if not _balanced(text):
        return []
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0 and char in "+-*/" and 0 < index < len(text) - 1 and text[index - 1] == " " \
                and text[index + 1] == " ":
            pieces += [text[start:index].strip(), char]
            start = index + 1
    return [*pieces, text[start:].strip()]


# A growth rate written out with the periods of its two values: "revenue for the quarter ended July 29, 2023 divided
# by revenue for the quarter ended July 30, 2022, minus one", "(revenue in FY2023 - revenue in FY2022) / revenue in
# FY2022".
_PERIOD_OF = r"\s+(?:for|in|of)\s+"
_GROWTH_WRITTEN = re.compile(
    rf"^\s*\(?\s*(?P<x>[^()]+?){_PERIOD_OF}[^()]+?\s+(?:divided\s+by|/|over)\s+(?P=x){_PERIOD_OF}[^()]+?\)?\s*,?\s*"
    rf"(?:minus|less|-)\s+(?:one|1)\s*$"
    rf"|^\s*\(\s*(?P<y>[^()]+?){_PERIOD_OF}[^()]+?\s+(?:minus|less|-)\s+(?P=y){_PERIOD_OF}[^()]+?\)\s*"
    rf"(?:divided\s+by|/|over)\s+(?P=y){_PERIOD_OF}[^()]+$", re.I)


def restates_growth(expression_text: str, asked: grammar.Node | None) -> bool:
    """Whether a definition writes out the growth of the line asked, each value with its own period (the question's
    mode and periods say the same): nothing to read from it that the ask does not already say."""
    written = _GROWTH_WRITTEN.match(expression_text.strip().rstrip("."))
    if written is None or not isinstance(asked, grammar.Term):
        return False
    line, rest = grammar.parse([t for t in lexicon.tokens(written.group("x") or written.group("y"))
                                if t.kind != "name"])
    return isinstance(line, grammar.Term) and not rest and line.name == asked.name


def years_lost(node: grammar.Node, expression_text: str) -> bool:
    """Whether a definition read a line twice where it named it for two different years ("revenue in FY2020 -
    revenue in FY2019"): without the years the formula would compute another figure, so it is not read."""
    years, _ = read_periods(expression_text)
    plain = [t for t in _plain_terms(node)]
    return len(years.years) > 1 and len(plain) != len(set(plain))


def _plain_terms(node: grammar.Node) -> list[str]:
    """The lines an expression reads as they are (not averaged, not the year before)."""
    if isinstance(node, grammar.Term):
        return [node.name]
    if isinstance(node, grammar.Binary):
        return _plain_terms(node.left) + _plain_terms(node.right)
    return []
