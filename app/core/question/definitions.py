"""Definitions a question gives, and where it says to read each input.

* whole sentences: "DPO is defined as …", "Define X as …", "X = …", "Interest coverage is EBIT divided by interest
  expense.", "Use A divided by B.";
* inline, read only when what follows is a formula FinLens reads in full: "… calculated as …", "(EBIT divided by
  interest expense)", ", i.e. total debt less cash", "using A divided by B", "where receivables is the year-end
  balance", "with EBITDA taken as operating income plus D&A";
* how a balance is taken ("year-end", "the average of the opening and closing balances") and the statement an input is
  read from ("the latter two as reported in the cash flow statement");
* several terms in one sentence ("CCC as DSO + DIO - DPO, where DSO = …, DIO = …", "total debt as A + B, and total
  capitalization as …"), and an input named by its printed label ("D&A as the 'depreciation, amortization, and
  decommissioning' line").

A definition of an input that FinLens cannot read is reported as a part not understood: the built-in input would
answer another question.

:func:`read_all` splits them from the question's sentences; :func:`with_inputs_defined` puts the inputs the question
defines into the asked expression; :func:`asked_name` is what a definition of the asked metric keeps calling it;
:func:`read_from` marks the inputs the question says where to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.finance.metrics import BY_NAME, METRIC_BY_NAME, METRICS
from app.core.question import grammar, lexicon, text
from app.core.question.label_formulas import label_of, over_printed_labels, years_lost
from app.core.question.periods import NUMBER_WORDS, read_periods
from app.core.question.record import Definition
from app.core.question.units import read_units

_DEFINE = re.compile(r"^\s*(?:here,?\s+|please\s+|let\s+us\s+|we\s+)?(?:define|take|treat|count|consider)\s+"
                     r"(?P<name>.+?)\s+as\s*:?\s*(?P<expr>.+)$", re.I)
_DEFINED = re.compile(r"^(?P<head>.*?)(?:,\s*|\s+)(?:which\s+|that\s+)?(?:(?:is|are|was|were|should\s+be)\s+)?"
                      r"(?:being\s+)?(?:defined|calculated|computed|measured|derived|taken)\s+as\s*:?\s*(?P<expr>.+)$",
                      re.I)
_WHERE = re.compile(r"^(?P<head>.*?)[,;]?\s*\b(?:where|with)\s+(?P<name>[^=]+?)\s*(?:=|equals|is equal to)\s*"
                    r"(?P<expr>.+)$", re.I)
# Definitions given inline, read only when what follows is a formula FinLens reads in full: "net debt, i.e. total debt
# less cash", "(EBIT divided by interest expense)", "using capital expenditures divided by revenue", "where
# receivables is the year-end balance".
_INLINE = re.compile(r"^(?P<head>.*?)(?:,\s*|\s+|\s*\(\s*)"
                     r"(?:i\.\s?e\.?|ie|that is|namely|using|with|via|(?:by\s+)?taking)\s*,?\s+(?P<expr>.+?)\)?$", re.I)
_PARENTHESES = re.compile(r"\((?P<expr>[^()]+)\)")
_WHERE_IS = re.compile(r"^(?P<head>.*?)[,;]?\s*\b(?:where|with|and|taking|treating|counting)\s+(?P<name>[^,;]+?)\s+"
                       r"(?:is|are|means|refers to|is taken as|taken as|should be|as)\s+(?P<expr>.+)$", re.I)
# How a balance is taken ("the year-end balance", "the average of the opening and closing balances").
YEAR_END = re.compile(r"^(?:the\s+|its\s+)?(?:fiscal\s+)?(?:year[- ]end(?:ing)?|ending|closing|"
                      r"end[- ]of[- ](?:the[- ])?(?:fiscal[- ])?year|period[- ]end)"
                      r"(?:\s+(?:balances?|figures?|values?|amounts?))?$", re.I)
AVERAGED = re.compile(r"^(?:the\s+|its\s+)?(?:(?:two|2)[- ]year\s+)?(?:average|mean)\b.*$", re.I)
# The statement a definition's input is read from: "depreciation (as reported in the cash flow statement)", "the
# latter two from the cash flow statement", "use capex from the cash flow statement and revenue from the income
# statement".
_SOURCE = re.compile(
    r"(?P<scope>\b(?:the\s+)?(?:latter|last|former|first)\s+(?P<n>two|three|four|\d)\b\s*(?:items?\s+|inputs?\s+)?|"
    r"\b(?:both|each|all)\s+(?:of\s+(?:them|which)\s+)?)?"
    r"\b(?:(?:as\s+)?(?:reported|shown|stated|presented|printed|disclosed|taken|read)\s+(?:in|on|from)|from|in|on|per)"
    r"\s+(?:the\s+)?(?:company's\s+|its\s+|their\s+)?(?:consolidated\s+)?(?P<statement>cash ?flows? statements?|"
    r"statements? of (?:consolidated )?cash flows?|balance sheets?|statements? of financial (?:position|condition)|"
    r"income statements?|statements? of (?:consolidated )?(?:income|operations|earnings))\b", re.I)
_PRONOUN = re.compile(r"^(?:it|(?:this|that|the)\s+(?:ratio|metric|measure|margin|figure|one))$", re.I)
_EQUALS = re.compile(r"^(?P<name>[A-Za-z][^=]{0,60}?)\s*=\s*(?P<expr>.+)$")
ASKING = re.compile(r"^\s*(what|how|calculate|compute|determine|find|give|tell|show|estimate|please)\b|\?\s*$", re.I)
_LEAD = re.compile(r"^\s*(?:here,?|note that|and|also|where)\s+", re.I)
# Instructions after the metric: ", using the line items …", "(using cash dividends paid and net income …)".
TRAILING_INSTRUCTION = re.compile(
    r"(?:,|\(|;|\s-|\s)\s*(?:by\s+)?(?:(?:computed|calculated|measured|derived|determined)\s+(?:with|from|on|by)|"
    r"using|utili[sz]ing|based on|according to|relying on|referencing|drawing on|as "
    r"(?:shown|reported|outlined|presented|stated)|in line with|with reference to|taken from|from the (?:data|"
    r"information|details))\b[^?]*", re.I)


def _formula_text(expression_text: str) -> bool:
    """Whether a text is a formula FinLens reads in full (an operator over terms, no word left over): what an inline
    definition must be ("total debt less cash"), so an aside ("that is recurring") is never taken for one."""
    tokens = lexicon.tokens(_definition_text(expression_text))
    if not any(t.kind == "op" and t.value in ("+", "-", "*", "/", "%") for t in tokens):
        return False
    node, rest = grammar.parse([t for t in tokens if t.kind != "name"], definition=True)
    return node is not None and not rest and not any(t.kind == "word" for t in tokens)


def _inline(body: str) -> tuple[list[tuple[str, str]], str]:
    """Definitions given inline in an ask ("(EBIT divided by interest expense)", ", i.e. total debt less cash",
    "using X divided by Y", "where receivables is the year-end balance"), and the ask without them."""
    found: list[tuple[str, str]] = []
    for bracket in _PARENTHESES.finditer(body):
        balance = read_periods(bracket.group("expr"))[1].strip()
        if YEAR_END.match(balance) or AVERAGED.match(balance):
            # "average inventory (the average of the FY2021 and FY2022 year-end balances)": how the balance before
            # it is taken, not a period of the question.
            before = [t for t in lexicon.tokens(body[:bracket.start()]) if t.kind != "name"]
            if before and before[-1].kind == "term":
                found.append((before[-1].text, balance))
                body = body.replace(bracket.group(0), " ")
            continue
        if _formula_text(bracket.group("expr")):
            # After a single metric ("interest coverage (EBIT divided by interest expense)") it defines what is
            # asked; inside an expression ("the ratio of total debt (long-term debt plus current debt) to equity")
            # it defines the term just before it.
            before = [t for t in lexicon.tokens(read_periods(body[:bracket.start()])[1]) if t.kind != "name"]
            after = [t for t in lexicon.tokens(read_periods(body[bracket.end():])[1]) if t.kind != "name"]
            compound = any(t.kind == "op" and t.value in ("+", "-", "*", "/", "%") or t.kind == "prefix" and any(
                later.kind == "term" for later in before[index + 1:]) for index, t in enumerate(before)) or any(
                t.kind in ("term", "op", "prefix") and t.value not in (")", "(", "and") for t in after)
            name = before[-1].text if compound and before and before[-1].kind == "term" else ""
            if compound and not name:
                continue
            found.append((name, bracket.group("expr")))
            body = body.replace(bracket.group(0), " ")
    inline = _INLINE.match(body)
    if inline and _formula_text(inline.group("expr")) and (ASKING.search(inline.group("head"))
                                                           or re.search(r"\d{4}", inline.group("head"))):
        found.append(("", inline.group("expr")))
        body = inline.group("head")
    return found, body


def _where_is(body: str) -> tuple[list[tuple[str, str]], str]:
    """An input defined after the ask ("where receivables is the year-end balance", "with EBITDA taken as
    operating income plus D&A"), and the ask without it."""
    match = _WHERE_IS.match(body)
    if match:
        name, expression_text = match.group("name").strip(), match.group("expr").strip()
        if expression_text.count(")") > expression_text.count("("):  # "(using …, where D&A is A plus B)"
            expression_text = expression_text.rstrip(") ")
        named, rest = grammar.parse([t for t in lexicon.tokens(name) if t.kind != "name"])
        if isinstance(named, grammar.Term) and not rest and (
                YEAR_END.match(expression_text) or AVERAGED.match(expression_text)
                or _formula_text(expression_text)):
            return [(name, expression_text)], match.group("head")
    return [], body


def read_all(sentences: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, expression text) pairs the question defines, and the sentences left (the ask among them)."""
    found: list[tuple[str, str]] = []
    left: list[str] = []
    for sentence in sentences:
        body = sentence.strip().rstrip(".?!")
        qualified, body = _where_is(body)
        explicit = any(p.match(body) for p in (_DEFINE, _DEFINED, _WHERE, _EQUALS))
        inline, body = ([], body) if explicit else _inline(body)
        if qualified or inline:
            found += qualified + inline
            sentence = body + "?"
        match = _DEFINE.match(body)
        if match:
            # "Define it as …", "Define this ratio as …": the metric the question asks.
            name = "" if _PRONOUN.match(match.group("name")) else match.group("name")
            found += _compound(name, match.group("expr"))
            continue
        match = _DEFINED.match(body) or _WHERE.match(body)
        if match:
            head = _LEAD.sub("", match.group("head")).strip(" ,:")
            name = match.groupdict().get("name")
            if name is None:
                name, head = ("", head) if ASKING.search(head) or re.search(r"\d{4}", head) else (head, "")
            name = "" if _PRONOUN.match(name.strip()) else name  # "It is defined as …": the metric asked
            found += _compound(_TRAILING_HERE.sub("", name.strip()), match.group("expr"))
            if head:
                left.append(head + "?")
            continue
        asked = sentence.strip().endswith("?")  # a question is never a stated formula ("…: what is A as a % of B?")
        match = _EQUALS.match(body)
        if match and not asked and not ASKING.search(body):
            found += _compound(_TRAILING_HERE.sub("", _LEAD.sub("", match.group("name")).strip()), match.group("expr"))
            continue
        stated = None if asked else _stated(body)
        if stated is not None:
            found.append(stated)
            continue
        left.append(sentence)
    return found, left


_TRAILING_HERE = re.compile(r"\s+(?:here|below|in this question)$", re.I)
# "…, where DSO = …, DIO = …, and DPO = …" and "Define A as …, and B as …": one sentence defining several terms. The
# split is taken only before a name FinLens reads as one term, so a comma inside a label ("accounts receivable, net")
# stays inside its formula.
_WHERE_LIST = re.compile(r"[,;]?\s+where\s+", re.I)
_NEXT_NAMED = re.compile(r"(?:[,;]\s*(?:and\s+)?|\s+and\s+)(?P<name>[A-Za-z][\w&'’ /-]{0,40}?)\s*"
                         r"(?:=|\bis\b|\bas\b(?!\s+(?:reported|shown|stated|presented|printed|disclosed|an?|the|of|"
                         r"per)\b))\s*:?\s*", re.I)


def _names_a_figure(name: str) -> bool:
    """Whether FinLens reads all of ``name`` as a metric or line ("DSO", "total capitalization", "FCF margin")."""
    tokens = [t for t in lexicon.tokens(name) if t.kind != "name"]
    node, rest = grammar.parse(tokens)
    return node is not None and not rest and not any(t.kind == "word" for t in tokens)


def _compound(name: str, expression_text: str) -> list[tuple[str, str]]:
    """(name, formula) pairs of a definition that goes on to define its inputs ("CCC as DSO + DIO - DPO, where DSO =
    365 * receivables / revenue, DIO = …") or another term ("total debt as A + B, and total capitalization as …")."""
    where = _WHERE_LIST.search(expression_text)
    body = expression_text if where is None else f"{expression_text[:where.start()]}, {expression_text[where.end():]}"
    cuts = [m for m in _NEXT_NAMED.finditer(body) if _names_a_figure(m.group("name"))]
    if not cuts:
        return [(name, expression_text)]
    pieces: list[tuple[str, str]] = []
    start, current = 0, name
    for cut in cuts:
        pieces.append((current, body[start:cut.start()]))
        start, current = cut.end(), cut.group("name").strip()
    pieces.append((current, body[start:]))
    return [(n, e.strip(" ,;")) for n, e in pieces if e.strip(" ,;")]


# A formula stated in a sentence of its own: "Interest coverage is EBIT divided by interest expense.", "Use
# operating income over interest expense." (read only when all of it is a formula FinLens reads).
_IS = re.compile(r"^(?P<name>[A-Za-z][^,;]{0,60}?)\s+(?:is|equals|means)\s+(?P<expr>.+)$", re.I)
# "Give net cash from operations divided by current liabilities." after the ask: what to give is the formula.
_USE = re.compile(r"^\s*(?:please\s+)?(?:use|using|compute it as|calculate it as|take it as|give|report|provide|show)"
                  r"\s+(?P<expr>.+)$", re.I)


def _stated(body: str) -> tuple[str, str] | None:
    """(name, formula) of a sentence that states one; the name may be a word FinLens does not know ("Leverage
    equals …"): it is used only where the ask names it."""
    use = _USE.match(body)
    if use and _formula_text(use.group("expr")):
        return "", use.group("expr")
    match = _IS.match(body)
    if match and not ASKING.search(body) and len(match.group("name").split()) <= 4 \
            and _formula_text(match.group("expr")):
        return match.group("name").strip(), match.group("expr")
    return None


_OPENING_AND_CLOSING = re.compile(r"\b(?:of\s+)?(?:the\s+)?(?:beginning|opening|start(?:ing)?)(?:[- ]of[- ](?:the[- ])?"
                                  r"(?:fiscal[- ])?year)?\s+and\s+(?:the\s+)?(?:ending|closing|end)(?:[- ]of[- ]"
                                  r"(?:the[- ])?(?:fiscal[- ])?year)?(?:\s+balances?)?\b", re.I)


# A balance averaged by naming its two year-ends: "(total assets at the end of FY2019 + total assets at the end of
# FY2020) / 2", "(FY2019 total assets + FY2020 total assets) / 2", "the average of total assets at the end of FY2018
# and FY2019", "the mean of the two year-end balances of total equity".
_YEAR = r"(?:fiscal\s+(?:year\s+)?|FY\s*)?(?:19|20)\d\d"
_AT = r"(?:at\s+(?:the\s+)?end\s+of|as\s+of|at|for|in)"
_TWO_YEAR_ENDS = re.compile(
    rf"\(\s*(?P<x>[^()+]+?)\s+{_AT}\s+{_YEAR}\s*\+\s*(?P=x)\s+{_AT}\s+{_YEAR}\s*\)\s*/\s*(?:2|two)\b"
    rf"|\(\s*{_YEAR}\s+(?P<y>[^()+]+?)\s*\+\s*{_YEAR}\s+(?P=y)\s*\)\s*/\s*(?:2|two)\b", re.I)
_AT_TWO_YEAR_ENDS = re.compile(rf"\b{_AT}\s+{_YEAR}\s+and\s+{_YEAR}\b"
                               r"|\b(?:of\s+)?the\s+two\s+(?:fiscal\s+)?year[- ]end(?:ing)?\s+balances\s+of\b", re.I)
_COMMA_DIVIDED = re.compile(r"^\s*(?P<a>.+?\s(?:plus|minus|less|and|\+|-)\s.+?),\s+(?P<op>divided\s+by|over)\s+"
                            r"(?P<b>.+)$", re.I)
_AND_ANSWER = re.compile(r",?\s+and\s+(?:then\s+)?(?:answer|give|express|round|report|state|show|present)\b.*$", re.I)


def _definition_text(expression_text: str) -> str:
    """A definition's formula without where its inputs are read and how balances are taken (read apart)."""
    cleaned = re.sub(r"\[[^\]]*\]", " ", expression_text)  # "[from the cash flow statement]"
    cleaned = _AND_ANSWER.sub(" ", cleaned)  # "…, and answer in percent to one decimal": how to answer, not the formula
    cleaned = _SOURCE.sub(" ", cleaned)
    for pattern in (TRAILING_INSTRUCTION, text.STATEMENT_PHRASE):
        cleaned = pattern.sub(" ", cleaned)
    # "A plus B, divided by C": the comma closes the sum, it is all divided ((A + B) / C, not A + B / C).
    divided = _COMMA_DIVIDED.match(cleaned)
    if divided and "(" not in divided.group("a"):
        cleaned = f"({divided.group('a')}) {divided.group('op')} {divided.group('b')}"
    cleaned = _TWO_YEAR_ENDS.sub(lambda m: f" average {m.group('x') or m.group('y')} ", cleaned)
    cleaned = _AT_TWO_YEAR_ENDS.sub(" of ", cleaned)
    cleaned = _OPENING_AND_CLOSING.sub(" of ", cleaned)
    cleaned = re.sub(r"\b(?:year[- ]end|ending|closing)\s+(?=\w)", " ", cleaned, flags=re.I)  # a balance: its year-end
    cleaned = re.sub(r"\(\s*\)", " ", read_units(cleaned)[1])  # ", in USD billions" is the answer's unit
    _, blanked = read_periods(cleaned)
    return blanked


def read_definition(name: str, expression_text: str) -> Definition:
    tokens = [t for t in lexicon.tokens(_definition_text(expression_text)) if t.kind != "name"]
    node, rest = grammar.parse(tokens, definition=True)
    echoed = re.sub(r"\s+", " ", read_units(expression_text)[1]).strip(" ,;")  # the answer's unit is no part of it
    if node is None or rest:
        node, rest = over_printed_labels(_definition_text(expression_text)), []
    if node is not None and years_lost(node, expression_text):
        node = None
    return Definition(name, echoed, node if node is not None and not rest else None)


def sources(question: str) -> dict[str, str]:
    """The statement the question says to read each input from ("depreciation … (as reported in the cash flow
    statement)", "the latter two from the cash flow statement"), by concept."""
    found: dict[str, str] = {}
    for sentence in text.sentences(question):
        _sources_in(sentence, found)
    return found


def _sources_in(sentence: str, found: dict[str, str]) -> None:
    """:func:`_sources` of one sentence: a statement phrase right after the terms it qualifies (a phrase after other
    words, "the information provided primarily in the income statement", qualifies no input)."""
    terms: list[str] = []
    start = 0
    for match in _SOURCE.finditer(sentence):
        before = [t for t in lexicon.tokens(sentence[start:match.start()]) if t.kind != "name"]
        while before and before[-1].value in ("(", ","):
            before.pop()
        start = match.end()
        if not before or before[-1].kind != "term":
            terms = []
            continue
        terms += [t.value for t in before if t.kind == "term"]
        scope = (match.group("scope") or "").lower()
        count = len(terms) if scope.startswith(("both", "each", "all")) else \
            NUMBER_WORDS.get((match.group("n") or "").lower()) or int(match.group("n") or 1)
        kind = text.statement_asked(match.group("statement"))
        for name in terms[-count:]:
            found.setdefault(name, kind)
        terms = []


def read_from(node: grammar.Node, sources: dict[str, str]) -> grammar.Node:
    """``node`` with each input the question says where to read marked so; a line only one statement prints
    ("revenue from the income statement") needs no mark."""
    wanted = {name: kind for name, kind in sources.items()
              if name in BY_NAME and kind and BY_NAME[name].statements != (kind,)}
    if not wanted or not set(grammar.concepts(node)) & set(wanted):
        return node
    return _mark(grammar.expand(node), wanted)


def _mark(node: grammar.Node, wanted: dict[str, str]) -> grammar.Node:
    if isinstance(node, grammar.Term):
        return grammar.Term(node.name, node.text, wanted[node.name]) if node.name in wanted else node
    if isinstance(node, grammar.Call):
        return grammar.Call(node.function, _mark(node.arg, wanted))
    if isinstance(node, grammar.Binary):
        return grammar.Binary(node.op, _mark(node.left, wanted), _mark(node.right, wanted), node.percent)
    return node


def with_inputs_defined(node: grammar.Node, definitions: list[tuple[str, str]],
                        used: Definition | None) -> tuple[grammar.Node, Definition | None, str]:
    """The expression with each input the question defines replaced by its definition ("CCC is DIO + DSO - DPO;
    DPO is defined as …": the question's DPO inside its CCC), the definition to echo (all that were used), and the
    text of a definition of an input FinLens could not read ("" when none): the built-in input would answer another
    question, so that is a part not understood."""
    echoed: list[str] = []
    unreadable = ""
    asked = asked_name(node)
    pending = [(name, text) for name, text in definitions if name and not (used is not None and name == used.name)]
    for _ in range(3):  # a definition may use a term another defines ("total capitalization as total debt + equity")
        left: list[tuple[str, str]] = []
        for name, expression_text in pending:
            applied = _apply(node, name, expression_text)
            if applied is None:
                left.append((name, expression_text))
            elif applied[1]:
                node, said = applied
                echoed.append(said)
            else:
                unreadable = unreadable or f"{name.strip()} as {expression_text.strip()}"
        if len(left) == len(pending):
            break
        pending = left
    if not echoed:
        return node, used, unreadable
    text = "; ".join(([used.text] if used is not None else []) + echoed)
    return node, Definition(used.name if used is not None else asked, text, node), unreadable


def _apply(node: grammar.Node, name: str, expression_text: str) -> tuple[grammar.Node, str] | None:
    """``node`` with the term ``name`` defined as ``expression_text`` and the definition to echo; (node, "") when
    the term is in the node but its definition cannot be read; None when the node has no such term."""
    named, rest = grammar.parse([t for t in lexicon.tokens(name) if t.kind != "name"])
    if not isinstance(named, grammar.Term) or rest:
        return None
    how = YEAR_END.match(expression_text.strip()) and "year_end" or \
        AVERAGED.match(expression_text.strip()) and "averaged"
    if how and named.name in grammar.concepts(node):
        # "DSO, where receivables is the year-end balance": the named formula with that input taken so.
        node = getattr(grammar, how)(grammar.expand(node), named.name)
        taken = "at year end" if how == "year_end" else "averaged over the year"
        return node, f"{grammar.definition(node)}, with {name.strip()} {taken}"
    located = _located(node, named.name)
    if located is None:
        return None
    divided = _DIVIDE_IT.search(expression_text)
    if divided:
        # "Define debt as short-term debt plus long-term debt, and divide it by total stockholders' equity": the
        # definition of the numerator of the ratio asked, which must divide by what the question says.
        by = read_definition("", divided.group("by")).expression
        if by is None or not (isinstance(located, grammar.Binary) and located.op == "/"
                              and grammar.key(located.right) == grammar.key(grammar.canonical(by))):
            return node, ""
        expression_text = expression_text[:divided.start()]
    definition = read_definition(name, expression_text)
    if definition.expression is None:
        quoted = _QUOTED_LABEL.search(expression_text)
        label = quoted.group("label") if quoted else re.sub(r"\s+", " ", _definition_text(expression_text)).strip()
        if label_of(named.name, label):
            # "Define D&A as the 'depreciation, amortization, and decommissioning' line", "Capex is defined as
            # payments for acquisition of property, plant and equipment": a printed label FinLens reads as that
            # concept anyway, so the built-in input is the one meant.
            return located, f"{name.strip()} as the \u201c{label}\u201d line"
        return node, ""
    if _defines_whole_ratio(located, named.name, definition.expression):
        # "EBITDA margin, taking EBITDA as operating income plus D&A, divided by revenue": the clause runs on to
        # the margin's denominator, so it defines the whole ratio, not the line alone.
        return definition.expression, f"{grammar.words(located)} as {definition.text}"
    return grammar.substitute(located, named.name, definition.expression), f"{name.strip()} as {definition.text}"


_DIVIDE_IT = re.compile(r"[,;]?\s*(?:and\s+)?(?:then\s+)?divide\s+(?:it|this|that|them|the\s+(?:result|sum|total))\s+"
                        r"by\s+(?P<by>.+)$", re.I)
_QUOTED_LABEL = re.compile(r"^\s*(?:the\s+)?['\"\u2018\u201c](?P<label>[^'\"\u2019\u201d]{3,100})['\"\u2019\u201d]"
                           r"(?:\s+(?:line|row|line item|caption))?\b")


def _located(node: grammar.Node, name: str) -> grammar.Node | None:
    """``node`` written so that the term ``name`` is one of its terms: as it is; a margin as its money line over
    revenue ("EBITDA margin" → EBITDA / revenue); a named metric spelled out in the metrics it is made of ("debt to
    capital" → total debt / total capital → total debt / (total debt + equity)), or in its formula's lines ("EBITDA"
    → operating income + D&A); None when no spelling holds it."""
    if name in grammar.terms(node):
        return node
    ratio = grammar.as_ratio(node)
    if name in grammar.terms(ratio):
        return ratio
    for _ in range(3):
        spelled = _spelled_out(node)
        if spelled == node:
            break
        node = spelled
        if name in grammar.terms(node):
            return node
    expanded = grammar.expand(node)  # a line inside a named metric's formula ("EBITDA, taking D&A as …")
    return expanded if name in grammar.terms(expanded) else None


def _spelled_out(node: grammar.Node) -> grammar.Node:
    """``node`` with each named metric that is made of other metrics (:attr:`Metric.parts`) written as those."""
    if isinstance(node, grammar.Term):
        metric = METRIC_BY_NAME.get(node.name.lower())
        if metric is None or not metric.parts:
            return node
        parts, rest = grammar.parse([t for t in lexicon.tokens(metric.parts) if t.kind != "name"])
        return parts if parts is not None and not rest else node
    if isinstance(node, grammar.Binary):
        return grammar.Binary(node.op, _spelled_out(node.left), _spelled_out(node.right), node.percent)
    return node


def _defines_whole_ratio(node: grammar.Node, name: str, expression: grammar.Node) -> bool:
    """Whether the definition of ``name`` is ``name``'s ratio in ``node`` itself: node is name / D and the definition
    ends "… / D"."""
    return isinstance(node, grammar.Binary) and node.op == "/" and isinstance(node.left, grammar.Term) \
        and node.left.name == name and isinstance(expression, grammar.Binary) and expression.op == "/" \
        and grammar.key(expression.right) == grammar.key(node.right)


def asked_name(node: grammar.Node) -> str:
    """The named metric an expression is, as the question's definition keeps calling it ("days sales outstanding"
    with its receivables at year end), else ""."""
    if isinstance(node, grammar.Term) and node.name.lower() in METRIC_BY_NAME \
            and METRIC_BY_NAME[node.name.lower()] in METRICS:
        return grammar.words(node)
    return ""


# Inputs a question names for a named metric ("DPO using year-end accounts payable and cost of goods sold"): the
# metric's formula that reads just those, with the balances it calls year-end taken at year end.
_USING = re.compile(r"\b(?:using|use|based on|with|taking|from)\s+(?P<rest>[^.?;:()]+)", re.I)
_YEAR_END_INPUT = re.compile(r"\b(?:year[- ]end|ending|closing|end[- ]of[- ](?:the[- ])?(?:fiscal[- ])?year|"
                             r"period[- ]end)\s+(?P<rest>[A-Za-z][^.?;,()]{2,60})", re.I)


#: An instruction naming a year-end input after the metric ("… with closing inventory"): read by :func:`inputs_named`,
#: so no part of the metric phrase.
YEAR_END_CLAUSE = re.compile(r"[,;]?\s*\b(?:with|using|based on|taking)\s+(?:the\s+)?(?:year[- ]end|ending|closing|"
                             r"end[- ]of[- ](?:the[- ])?(?:fiscal[- ])?year|period[- ]end)\s+[^,.?;()]+", re.I)


# An input the question's "using …" clause averages ("using the two-year average of net PP&E", "based on average
# total assets"): the balance averaged over the year, whatever the expression around it.
_AVERAGED_INPUT = re.compile(r"\b(?:(?:two|2)[- ]year\s+|simple\s+)?(?:average|mean)\s+(?:of\s+)?(?:the\s+|its\s+)?"
                             r"(?P<rest>[A-Za-z][^.?;,()]{2,60})", re.I)


def inputs_named(question: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(the concepts the question's "using …" clauses name, those it calls year-end balances, those it averages)."""
    question = _OPENING_AND_CLOSING.sub(" ", question)  # "the average of its opening and closing equity": averaged
    # ("Answer from the cash flow statement: …" says where to read, it names no input.)
    clauses = [text.STATEMENT_PHRASE.sub(" ", m.group("rest")) for m in _USING.finditer(question)]
    named = {t.value for clause in clauses for t in lexicon.tokens(clause) if t.kind == "term" and t.value in BY_NAME}
    year_end = _first_terms(_YEAR_END_INPUT.finditer(question))
    averaged = _first_terms(m for clause in clauses for m in _AVERAGED_INPUT.finditer(clause))
    return frozenset(named), frozenset(year_end), frozenset(averaged - year_end)


def _first_terms(matches: Iterable[re.Match[str]]) -> set[str]:
    """The concept each match's ``rest`` begins with (a company name before it skipped)."""
    found: set[str] = set()
    for match in matches:
        first = next((t for t in lexicon.tokens(match.group("rest")) if t.kind != "name"), None)
        if first is not None and first.kind == "term" and first.value in BY_NAME:
            found.add(first.value)
    return found


def inputs_taken(node: grammar.Node, named: frozenset[str], year_end: frozenset[str],
                 averaged: frozenset[str] = frozenset()) -> tuple[grammar.Node, Definition | None]:
    """A named metric computed from the inputs the question names: its standard fallback when that is the formula
    over just those ("DPO using accounts payable and cost of goods sold": over COGS, not purchases), and each balance
    the question calls year-end at year end; any expression with the balances a "using …" clause averages averaged
    over the year ("net sales per dollar of net PP&E, using the two-year average of net PP&E"); the definition to
    echo, or None when the built-in formula stands."""
    metric = METRIC_BY_NAME.get(node.name.lower()) if isinstance(node, grammar.Term) else None
    averaged_here = sorted(averaged & set(grammar.concepts(node)))
    if averaged_here and (metric is None or metric not in METRICS):
        for name in averaged_here:
            node = grammar.averaged(node, name)
        return node, Definition(asked_name(node), grammar.definition(node), node)
    if metric is None or metric not in METRICS or not (named or year_end or averaged):
        return node, None
    formulas = (metric.expression, *metric.alternatives)
    chosen = metric.expression
    if named:
        chosen = next((f for f in formulas if set(re.findall(r"[a-z_]+", f)) & set(BY_NAME) <= named), chosen)
    try:
        tree = grammar.expand(node) if chosen == metric.expression else \
            grammar.expand_formula(chosen)
    except grammar.NotComputable:
        return node, None
    taken = sorted(year_end & set(grammar.concepts(tree)))
    for name in taken:
        tree = grammar.year_end(tree, name)
    averages = []
    for name in sorted(averaged & set(grammar.concepts(tree))):
        before, tree = tree, grammar.averaged(grammar.year_end(tree, name), name)
        if tree != before:  # the built-in formula may average it already
            averages.append(name)
    if chosen == metric.expression and not taken and not averages:
        return node, None
    said = ", ".join([*(f"{BY_NAME[name].title.lower()} at year end" for name in taken),
                      *(f"{BY_NAME[name].title.lower()} averaged over the year" for name in averages)])
    text = grammar.definition(tree) + (f", with {said}" if said else "")
    return tree, Definition(asked_name(node), text, tree)
