"""Whether a figure computed from two numbers means what the answer claims.

The number check (:mod:`.numbers`) finds a figure the sources do not print by combining two numbers that are in them
(a sum, a difference, a ratio, a percentage or a change). Some pair of a statement's dozens of numbers gives almost
any result, so a combination is evidence only through a *named formula* whose meaning matches the claim:

* **change** — ``a − b`` or ``(a − b) / b × 100`` of the *same line item* in two periods (the same row of a table,
  or the same item in two filings): "revenue grew 10.2%", "rose by $600 million";
* **a named metric** — the operands are the inputs of one of the metrics of
  :data:`app.core.figures.formulas.METRICS` whose formula is one step (``net_income / revenue`` is the net profit
  margin, ``current_assets / current_liabilities`` the current ratio, ``operating_income + d_and_a`` EBITDA);
* **a share or a total the sentence names** — ``a / b × 100`` or ``a + b`` when the sentence names both line items
  ("services were 22% of total net sales").

A claim that names a metric ("gross margin was 10.2%") accepts only that metric's formula. Anything else is not a
derivation, so "250% growth" computed as (revenue − operating income) / operating income stays unsupported.

A number's line item is read from the text before it: the row label of a table line ("Revenues 6,500 5,900"), or
the words naming it in prose ("operating income was $1,234 million"; "… compared with $3,456 million" takes the
label of the figure it is compared with). Which standard concept a label names comes from the statements' concept
table (:mod:`app.core.figures.concepts`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache

from app.core.figures.concepts import concept_matches
from app.core.figures.formulas import METRICS, Metric
from app.core.finance.metrics import BY_NAME, normalise_label

# Operations of a two-number derivation, as :mod:`.numbers` tries them.
CHANGE_PERCENT = "change%"  # (a − b) / b × 100
SHARE_PERCENT = "share%"  # a / b × 100
SUM = "sum"  # a + b
DIFFERENCE = "difference"  # a − b
RATIO = "ratio"  # a / b

_CHUNK = re.compile(r"\n|\S+")
_STOP = {",", ";", ":", ".", "!", "?", "\n"}
_SCALE_WORDS = {"thousand", "thousands", "million", "millions", "billion", "billions", "trillion", "k", "m", "mn",
                "mm", "bn", "b", "percent", "bps", "x", "usd", "us$", "eur"}
_NUMERIC = re.compile(r"^[$€£¥(]*[-−–—]?[$€£¥]?\(?[\d.,]*\d[\d.,]*\)?[%x×]?\)?$|^[$€£¥%()−–—-]+$")
# Words around a figure that say nothing about which line item it is.
_FILLER = {"was", "were", "is", "are", "be", "been", "of", "to", "from", "in", "at", "by", "for", "and", "or", "the",
           "a", "an", "with", "compared", "versus", "vs", "while", "whereas", "but", "than", "increased", "decreased",
           "rose", "fell", "grew", "declined", "totaled", "totalled", "reached", "amounted", "approximately", "about",
           "nearly", "around", "up", "down", "its", "their", "it", "this", "that", "which", "year", "fiscal", "fy",
           "quarter", "prior", "previous", "last", "same", "period", "ended", "ending", "as", "on", "some",
           "roughly", "over", "under", "during", "respectively", "inc", "dec", "inc/", "(dec)", "change"}
_GENERIC_WORDS = {"total", "net", "consolidated"}
_GROWTH = re.compile(r"\b(grow|grew|grown|growth|increas\w*|decreas\w*|declin\w*|rise|rises|rising|rose|fell|fall\w*|"
                     r"drop\w*|jump\w*|gain\w*|higher|lower|up|down|changed?|year[- ]over[- ]year|yoy)\b")
_SHARE = re.compile(r"\b(of|share|portion|proportion)\b")
_CLAUSE_BREAK = re.compile(r"[;,()]|\b(?:and|while|whereas|but|compared)\b")


@dataclass(frozen=True)
class Operand:
    """One input of a derivation: its text as evidence shows it, and the line item it was read as."""

    text: str
    label: str  # the line item's words, lower case, filler removed ("" when none was found)

    @property
    def concept(self) -> str:
        return concept_of(self.label)

    @property
    def key(self) -> str:
        """The label compared for "the same line item": without "total"/"net" and plural endings."""
        return " ".join(w.rstrip("s") for w in self.label.split() if w not in _GENERIC_WORDS)


def line_item(text: str, start: int, hops: int = 2) -> str:
    """The words naming the line item of the number at ``start`` of ``text`` ("" when none).

    Walks back over the number's run of figures (other cells of its row, scale words, currency marks), then takes
    the words before it up to a stop (a figure, punctuation, a line break). A run of filler words only ("compared
    with") stands for the figure before it, whose label is used instead (at most ``hops`` times).
    """
    tokens = _tokens(text[:start])
    index = len(tokens) - 1
    while index >= 0 and _is_figure(tokens[index][0]):
        index -= 1
    words: list[str] = []
    while index >= 0:
        token = tokens[index][0]
        if token in _STOP or _is_figure(token) or len(words) >= 8:
            break
        words.insert(0, token)
        index -= 1
    label = _clean(words)
    if label or hops == 0:
        return label
    # Only filler words ("compared with"): the figure this one is set against names the item.
    while index >= 0 and tokens[index][0] == ",":
        index -= 1
    if index >= 0 and _is_figure(tokens[index][0]):
        return line_item(text, tokens[index][1], hops - 1)
    return ""


def _tokens(text: str) -> list[tuple[str, int]]:
    """Words, figures and stops of ``text`` with their end offsets; a trailing stop ("million,") is its own token,
    a figure's own commas and points ("2,224.3") are not."""
    tokens: list[tuple[str, int]] = []
    for match in _CHUNK.finditer(text):
        chunk = match.group()
        body = chunk.rstrip(",;:.!?")
        if body:
            tokens.append((body, match.start() + len(body)))
        if body != chunk:
            tokens.append((chunk[len(body)], match.end()))
    return tokens


def _is_figure(token: str) -> bool:
    return bool(_NUMERIC.match(token)) or token.lower() in _SCALE_WORDS


def _clean(words: list[str]) -> str:
    lowered = [w.lower().strip("\"'“”") for w in words]
    while lowered and lowered[0] in _FILLER:
        lowered.pop(0)
    while lowered and lowered[-1] in _FILLER:
        lowered.pop()
    return " ".join(lowered)


@lru_cache(maxsize=4096)
def concept_of(label: str) -> str:
    """The standard concept a label names ("" when none): the longest tail of the label that a concept's printed
    labels match ("and operating income" → operating_income)."""
    words = label.split()
    for first in range(len(words)):
        tail = normalise_label(" ".join(words[first:]))
        for name, concept in BY_NAME.items():
            if concept_matches(concept, tail) is not None:
                return name
    return ""


def same_line_item(a: Operand, b: Operand) -> bool:
    """Whether two figures are the same line item (so in two periods): the same label, or short labels that name
    the same concept ("revenue" in prose, "Net sales" in a table)."""
    if not a.key or not b.key:
        return False
    if a.key == b.key:
        return True
    short = len(a.key.split()) <= 3 and len(b.key.split()) <= 3
    return short and bool(a.concept) and a.concept == b.concept


@dataclass(frozen=True)
class _OneStep:
    metric: Metric
    operation: str
    left: str
    right: str


def _input_name(node: ast.AST) -> str:
    """The concept of a formula operand: ``revenue``, ``size(capex)`` or ``opt(x)``; "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("size", "opt") \
            and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
        return node.args[0].id
    return ""


@lru_cache(maxsize=1)
def _one_step_metrics() -> tuple[_OneStep, ...]:
    """The named metrics whose formula (or a standard alternative) is one step over two concepts."""
    found = []
    for metric in METRICS:
        for expression in (metric.expression, *metric.alternatives):
            node = ast.parse(expression, mode="eval").body
            if not isinstance(node, ast.BinOp):
                continue
            left, right = _input_name(node.left), _input_name(node.right)
            if not left or not right:
                continue
            if isinstance(node.op, ast.Div):
                operation = SHARE_PERCENT if metric.unit == "percent" else RATIO
            elif isinstance(node.op, ast.Sub):
                operation = DIFFERENCE
            elif isinstance(node.op, ast.Add):
                operation = SUM
            else:
                continue
            found.append(_OneStep(metric, operation, left, right))
    return tuple(found)


def claimed_metric(clause: str) -> Metric | None:
    """The named metric a clause of the answer speaks of ("the net margin was …"), or None."""
    lowered = clause.lower()
    best: tuple[int, Metric] | None = None
    for metric in METRICS:
        for term in (metric.name.lower(), *metric.terms):
            if len(term) > 2 and re.search(r"\b" + re.escape(term) + r"\b", lowered):
                if best is None or len(term) > best[0]:
                    best = (len(term), metric)
    return best[1] if best else None


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause of ``sentence`` holding the figure at ``start``-``end`` (split at , ; parentheses and "and")."""
    breaks = [m for m in _CLAUSE_BREAK.finditer(sentence)]
    left = max((m.end() for m in breaks if m.end() <= start), default=0)
    right = min((m.start() for m in breaks if m.start() >= end), default=len(sentence))
    return sentence[left:right]


def named_formula(operation: str, a: Operand, b: Operand, sentence: str, clause: str) -> str:
    """The name of the formula through which ``a`` (operation) ``b`` means what the clause claims, or "".

    Args:
        operation: one of :data:`CHANGE_PERCENT`, :data:`SHARE_PERCENT`, :data:`SUM`, :data:`DIFFERENCE`,
            :data:`RATIO`.
        a, b: the operands, in the formula's order.
        sentence: the answer's sentence holding the figure (for the line items it names).
        clause: the part of the sentence that states the figure (for the metric it claims).
    """
    lowered_clause = clause.lower()
    growth = bool(_GROWTH.search(lowered_clause))
    claimed = claimed_metric(clause)
    if operation in (CHANGE_PERCENT, DIFFERENCE) and (growth or claimed is None) and same_line_item(a, b) \
            and _is_the_item_named(a, lowered_clause):
        # A change claim names the item that changed, which may itself be a metric ("debt rose 10%").
        return f"change in {a.label}" if operation == DIFFERENCE else f"growth of {a.label}"
    for step in _one_step_metrics():
        if claimed is not None and step.metric is not claimed:
            continue
        if step.operation != operation and not {step.operation, operation} <= {SHARE_PERCENT, RATIO}:
            continue
        pairs = [(a.concept, b.concept)] + ([(b.concept, a.concept)] if operation == SUM else [])
        if (step.left, step.right) in pairs:
            return step.metric.name
    if claimed is not None:
        return ""
    lowered = sentence.lower()
    named = bool(a.key and b.key) and all(_named_in(op.label, lowered) for op in (a, b)) and a.key != b.key
    if operation == SHARE_PERCENT and named and _SHARE.search(lowered_clause) and not growth:
        return f"{a.label} as a share of {b.label}"
    if operation == SUM and named:
        return f"{a.label} + {b.label}"
    return ""


def _is_the_item_named(operand: Operand, clause: str) -> bool:
    """Whether the clause speaks of the operand's line item: it names no standard item, or this one (by concept or
    by the label's words). "Operating income grew 25%" is not revenue's 25% growth."""
    named = concept_of(re.sub(r"[\d$%.,()]+", " ", clause))
    return not named or named == operand.concept or _named_in(operand.label, clause)


def _named_in(label: str, sentence: str) -> bool:
    """Whether the sentence names the line item: every word of its label that says what it is appears."""
    words = [w for w in label.split() if w not in _GENERIC_WORDS and w not in _FILLER and len(w) > 2]
    return bool(words) and all(re.search(r"\b" + re.escape(w.rstrip("s")) + r"s?\b", sentence) for w in words)
