"""From a question to its :class:`~app.core.question.record.Question`: the one place question text is read.

The question is split into sentences: instructions ("Round your answer to two decimal places.") give the unit and
rounding; definitions ("DPO is defined as …", "Define X as …", "… calculated as …", "where X = …", "(EBIT divided by
interest expense)"; :mod:`definitions`) give a formula; the ask is the sentence left. From the ask, the companies, the
filing, the statement pointed to, the unit and the periods are read and blanked; what remains is the metric phrase,
read by the grammar (:mod:`grammar`) into an expression, a mode (value, growth, change, average, CAGR) and the words it
did not understand.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.core.finance.abbreviations import expand_abbreviations
from app.core.finance.metrics import BY_NAME, METRIC_BY_NAME
from app.core.question import grammar, lexicon, text
from app.core.question.companies import CompanyAliases, company_spans, detect_companies
from app.core.question.definitions import (
    ASKING,
    TRAILING_INSTRUCTION,
    YEAR_END_CLAUSE,
    asked_name,
    inputs_named,
    inputs_taken,
    read_all,
    read_definition,
    read_from,
    sources,
    with_inputs_defined,
)
from app.core.question.label_formulas import restates_growth
from app.core.question.lines import line_name
from app.core.question.periods import Periods, answer_years, read_periods
from app.core.question.record import Definition, MetricAsked, Question
from app.core.question.rewrites import rewritten
from app.core.question.units import UnitAsked, read_units

_FUTURE = re.compile(r"\b(?:will|shall|going to|next (?:fiscal )?year|forecasts?|forecasted|projected|projections?|"
                     r"guidance|guided|outlook|budgeted)\b", re.I)
# Where the question itself starts after an instruction: "Answer the following …: what is …", "Using the balance sheet
# and drawing on …, what is …" (the statement pointed to is read from the whole question, not from here).
_QUESTION_START = re.compile(r"[,:;]\s*(?=(?:what|how|calculate|compute|determine|find|give|tell|please|estimate)\b)",
                             re.I)
_INSTRUCTION_LEAD = re.compile(r"^\s*(?:as\s+an?\s|answer|using|use|based|according|relying|rely|referencing|refer|"
                               r"drawing|taking|"
                               r"considering|consider|looking|look|assume|assuming|utili[sz]ing|utili[sz]e|working|"
                               r"given|by|from|with|in|on|per|please|here|note)\b", re.I)
# A company's former or other name in brackets: "Block (formerly known as Square)".
_OTHER_NAME = re.compile(r"\((?:formerly|previously|now|also|f/k/a|aka)\b[^)]*\)", re.I)
_STATEMENT_WORDS = {"balance": "balance sheet", "income": "statement of operations income",
                    "cash_flow": "statement of cash flows"}


def _ask(sentences: list[str]) -> str:
    """The sentence that asks (the first with a question word or mark that is no instruction), else the first; an
    instruction before the question ("Answer the following question using the balance sheet: what is …") cut off."""
    split: list[str] = []
    for sentence in sentences:
        start = _QUESTION_START.search(sentence)
        lead = sentence[:start.start()] if start else ""
        # Cut an instruction before the question, or any lead that names no metric ("Taking a long view, what …");
        # keep a lead that names one ("Net income FY2023 vs FY2022: what is the percent change?").
        cut = start is not None and (_INSTRUCTION_LEAD.match(lead) is not None or text.is_instruction(lead)
                                     or not any(t.kind == "term" for t in lexicon.tokens(lead)))
        split.append(sentence[start.end():] if cut and start is not None else sentence)
    sentences = split
    candidates = [s for s in sentences if not text.is_instruction(s)]
    for sentence in candidates:
        if ASKING.search(sentence):
            return sentence
    return candidates[0] if candidates else (sentences[0] if sentences else "")


def _blank_spans(phrase: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        phrase = phrase[:start] + " " * (end - start) + phrase[end:]
    return phrase


def _parts_of_the_company(ask: str, spans: list[tuple[int, int]]) -> str:
    """The ask with a capitalised word right after a company's possessive ("Apple's App Store", "Oracle's Cloud
    segment") in lower case, so it is read as what it is: a part of the company, not understood (the company's
    totals would answer another question). A metric's own name ("Acme's Net Income") stays as it is."""
    for start, end in spans:
        if not re.search(r"['’]s$", ask[start:end]):
            continue
        following = re.match(r"\s+([A-Z][A-Za-z&]*)", ask[end:])
        if following and [t.kind for t in lexicon.tokens(following.group(1))][:1] == ["name"]:
            at = end + following.start(1)
            ask = ask[:at] + ask[at].lower() + ask[at + 1:]
    return ask


# With the company named, a capitalised word right after "of", "from", "in", "at" or "on" names a brand, a region or
# a business ("General Mills' net sales of Cheerios", "revenue from Europe"): a word the statements' totals do not
# answer, not a name to drop. (Without a company named it may be the company itself: "revenue of ACME".)
_BRAND_OR_REGION = re.compile(r"\b((?:of|from|in|at|on)\s(?:the\s)?)([A-Z][\w&'’-]+(?:\s[A-Z][\w&'’-]+)*)")


def _metric_phrase(ask: str, aliases: list[CompanyAliases], percent: bool = False) -> tuple[str, Periods, bool]:
    """The ask with companies, filing, statement, unit and periods blanked: the metric phrase; its periods; whether
    it names a company the library knows."""
    share_of = percent and re.search(r"\bhow\s+much\s+of\b", ask, re.I) is not None
    spans = company_spans(ask, aliases)
    phrase = _blank_spans(_parts_of_the_company(ask, spans), spans)
    for pattern in (_OTHER_NAME, TRAILING_INSTRUCTION, YEAR_END_CLAUSE, text.FILING_PHRASE, text.STATEMENT_PHRASE):
        phrase = pattern.sub(lambda m: " " * len(m.group(0)), phrase)
    _, phrase = read_units(phrase)
    periods, phrase = read_periods(phrase)
    phrase = rewritten(phrase, share_of)
    phrase = re.sub(r"\(\s*\)", " ", phrase)
    return re.sub(r"\s+", " ", phrase).strip(" ,.?"), periods, bool(spans)


def _split(tokens: list[lexicon.Token]) -> tuple[list[lexicon.Token], list[str], list[str], list[lexicon.Token]]:
    """(expression tokens, modes, names, unknown words) of an ask's tokens. A capitalised word outside the lexicon
    is taken for a name (a company as the question writes it, "Acme Stores'"), whether or not the library's alias
    table knew it; words that qualify a figure ("Adjusted", "Segment") never are."""
    kept, modes, names, unknown = [], [], [], []
    tokens = _without_repeats(tokens)
    for index, token in enumerate(tokens):
        if token.kind == "prefix" and token.value == "ratio" and all(t.kind == "name" for t in tokens[index + 1:]):
            continue  # "the debt/equity ratio of ACME": the word "ratio", not a ratio of what follows
        if token.kind == "mode":
            modes.append(token.value)
        elif token.kind == "name":
            names.append(token.text)
        elif token.kind == "word":
            unknown.append(token)
        else:
            kept.append(token)
    return kept, modes, names, unknown


_SAME_LINE = frozenset({"loss", "losses", "deficit", "net"})


def _without_repeats(tokens: list[lexicon.Token]) -> list[lexicon.Token]:
    """The tokens without a term or mode repeated in brackets ("days payable outstanding (DPO)", "return on assets
    (ROA)", "compound annual growth rate (CAGR)")."""
    kept: list[lexicon.Token] = []
    index = 0
    while index < len(tokens):
        window = tokens[index:index + 3]
        repeated = bool(kept) and kept[-1].kind in ("term", "mode") and len(window) == 3 and (
            window[1].kind == kept[-1].kind and window[1].value == kept[-1].value
            or window[1].kind == "word" and window[1].value in _SAME_LINE)
        if repeated and window[0].value == "(" and window[2].value == ")":
            index += 3  # "net income (loss)", "retained earnings (deficit)": the same line
            continue
        kept.append(tokens[index])
        index += 1
    return kept


def _combined_first(tokens: list[lexicon.Token]) -> list[lexicon.Token]:
    """"A and B combined" as "the sum of A and B": the word that sums comes after the terms it sums."""
    for index, token in enumerate(tokens):
        if token.kind == "prefix" and token.value == "sum" and index >= 3 and tokens[index - 2].value == "and" \
                and tokens[index - 1].kind == "term" and tokens[index - 3].kind == "term":
            return [*tokens[:index - 3], token, *tokens[index - 3:index], *tokens[index + 1:]]
    return tokens


def _without_empty_brackets(tokens: list[lexicon.Token]) -> list[lexicon.Token]:
    """The tokens without brackets left empty once filler and periods are gone ("total revenues for fiscal 2023 (the
    year ended January 31, 2023)")."""
    kept: list[lexicon.Token] = []
    for token in tokens:
        if token.kind == "op" and token.value == ")" and kept and kept[-1].kind == "op" and kept[-1].value == "(":
            kept.pop()
            continue
        kept.append(token)
    return kept


def _same_metric(name: str, phrase_words: str, node: grammar.Node | None) -> bool:
    tokens = [t for t in lexicon.tokens(name) if t.kind != "name"]
    if " ".join(t.text.lower() for t in tokens) == phrase_words:
        return True
    named, rest = grammar.parse(tokens)
    return named is not None and not rest and node is not None and \
        grammar.key(grammar.canonical(named)) == grammar.key(grammar.canonical(node))


def _mode(modes: list[str], unit: str, asked: UnitAsked) -> str:
    if "cagr" in modes:
        return "cagr"
    if "sum" in modes and not {"growth", "change"} & set(modes):  # "increase in total" is the whole change
        return "sum" if unit in ("money", "") else "value"  # ratios do not add up over years: not understood
    if not modes:
        return "value"
    if unit not in ("money", ""):  # ("": a line FinLens does not name, an amount)
        return "change"  # a ratio or margin changes by points
    # "By how much did revenue increase" is the difference in money; asked in percent, the growth rate.
    explicit_change = "change" in modes and "growth" not in modes
    return "change" if explicit_change and not asked.percent else "growth"


def _read_metric(definitions: list[tuple[str, str]], periods: Periods, asked: UnitAsked, phrase: str,
                 sources: dict[str, str] | None = None, future: str = "",
                 inputs: tuple[frozenset[str], frozenset[str], frozenset[str]] | None = None,
                 company_named: bool = False) -> MetricAsked | None:
    brands = _BRAND_OR_REGION.sub(lambda m: m.group(1) + m.group(2).lower(), phrase) if company_named else phrase
    tokens = _without_empty_brackets(lexicon.tokens(brands))
    kept, modes, _, unknown = _split(_combined_first(tokens))
    while kept and kept[-1].kind == "op" and kept[-1].value == "and":
        kept = kept[:-1]  # "… from 2020 to 2021, and by how many points": the "and" joins the asks, no terms
    if kept and kept[0].kind == "op" and kept[0].text.lower() == "to":
        kept = kept[1:]  # "(How much did Oracle pay) to repurchase its stock": an infinitive, not a division
    average = bool(kept) and kept[0].kind == "prefix" and kept[0].value == "avg" and (
        periods.span is not None or len(periods.years) > 1)
    if average:
        kept = kept[1:]
    node, rest = grammar.parse(kept)
    asked_words = _worded(node) if node is not None else ()
    left = {id(t) for t in unknown + rest}
    unknown = [t for t in tokens if id(t) in left]  # in the question's order
    phrase_words = " ".join(t.text.lower() for t in tokens if t.kind not in ("name",))
    used: Definition | None = None
    unreadable = ""
    lone = len(definitions) == 1 and node is None and not unknown  # the ask names no metric: the one defined
    for name, expression_text in definitions:
        if not name or lone or _same_metric(name, phrase_words, node) or (
                node is None and " ".join(t.text.lower() for t in unknown) == name.lower()):
            candidate = read_definition(name, expression_text)
            if candidate.expression is not None and (unknown or not _unit_contradicts(node, candidate.expression)):
                if not candidate.name and node is not None:  # "net debt, i.e. …": still the net debt
                    candidate = Definition(asked_name(grammar.canonical(node)), candidate.text, candidate.expression)
                used, node, unknown, rest = candidate, candidate.expression, [], []
                break
            if {"growth", "change"} & set(modes) and restates_growth(expression_text, node):
                continue  # "revenue for Q2 2023 divided by revenue for Q2 2022, minus one": the growth asked
            # (without the periods and unit the sentence also gives: ", in FY2023")
            written = read_periods(read_units(expression_text)[1])[1]
            unreadable = unreadable or re.sub(r"\s+", " ", written).strip(" ,;.")
    if used is None and unreadable:
        # The question defines what it asks in words FinLens cannot read: the built-in formula would answer another
        # question, so the definition is the part not understood.
        unknown.append(lexicon.Token("word", "", unreadable))
    if node is not None and definitions:
        node, used, unreadable_input = with_inputs_defined(node, definitions, used)
        if unreadable_input:
            unknown.append(lexicon.Token("word", "", unreadable_input))
    if node is not None and used is None and inputs is not None:
        node, used = inputs_taken(grammar.canonical(node), *inputs)
    if node is None and not unknown:
        return None
    worded = tuple({**dict(asked_words), **dict(_worded(node) if node is not None else ())}.items())
    if node is not None:
        node = read_from(grammar.canonical(node), sources or {})
    if future and not set(future.lower().split()) & {w.lower() for t in unknown for w in t.text.split()}:
        unknown.append(lexicon.Token("word", "", future))  # a forecast: the statements report what was
    mode = "average" if average else _mode(modes, grammar.unit(node) if node is not None else "", asked)
    if periods.span and mode == "value" and not periods.as_of:
        unknown.append(lexicon.Token("word", "", f"each of the last {periods.span} years"))
    elif periods.ranged and mode == "value" and not periods.as_of and len(periods.years) > 1 and used is None:
        # "capex from FY2018 through FY2020": each year, their total or their average? One year's figure would
        # answer another question.
        unknown.append(lexicon.Token("word", "", f"each year from FY{periods.years[0]} to FY{periods.years[-1]}"))
    read = _as_written(" ".join(t.text for t in tokens if t.kind == "term"), phrase)
    return MetricAsked(phrase, node, mode, tuple(answer_years(periods, mode)), read,
                       _as_written(" ".join(t.text for t in unknown), phrase), used, worded=worded)


# Lines filers print under several names side by side, where the question's words pick one: "Net sales" above
# "Total revenues" (Walmart, Costco). Not net income: its words ("net income") would pick "Consolidated net income"
# over the line attributable to the company that the concept's labels rank first.
_WORDED_LINES = frozenset({"revenue"})


def _worded(node: grammar.Node) -> tuple[tuple[str, str], ...]:
    """(concept, the words the question names it with), for each line the expression reads ("revenue", "net sales"):
    where a filer prints a line of exactly that name beside the usual one, that line is the one asked."""
    found: dict[str, str] = {}
    pending: list[grammar.Node] = [node]
    while pending:
        part = pending.pop()
        if isinstance(part, grammar.Term) and part.name in _WORDED_LINES and part.text:
            found.setdefault(part.name, re.sub(r"\s+", " ", part.text.lower()).strip())
        elif isinstance(part, grammar.Call):
            pending.append(part.arg)
        elif isinstance(part, grammar.Binary):
            pending += [part.right, part.left]
    return tuple(found.items())


# "… — A as a % of B", "…: A / B": the ask said again after a dash or colon.
_RESTATED = re.compile(r"(?:\s+(?:—|–|--|-)|\s*[—–:])\s+(?P<again>[^—–:]+?)[?.!]?$")
# "Give/Express/Report … the operating cash flow ratio": a sentence that names the figure to give.
_GIVE = re.compile(r"^\s*(?:please\s+)?(?:give|express|report|state|provide|compute|calculate|show|quote)\s+(?:me\s+)?"
                   r"(?P<again>.+?)[?.!]?$", re.I)


def _restatements(ask: str, sentences: list[str]) -> list[str]:
    """Where a question says its figure again: the ask's clause after a dash or colon, then a sentence that tells
    which figure to give."""
    found = [_ask_clause(ask)] if _ask_clause(ask) else []
    found += [m.group("again") for s in sentences if s != ask for m in [_GIVE.match(s)] if m]
    return found


def _spelled_after(ask: str, sentences: list[str]) -> list[str]:
    """Statements after the ask (no question, no instruction) that may spell the figure in full."""
    after = sentences[sentences.index(ask) + 1:] if ask in sentences else []
    return [s.rstrip(".!") for s in after if "?" not in s and not _GIVE.match(s)]


def _ask_clause(ask: str) -> str:
    """The ask's clause after a dash or colon ("How dependent was X on franchising — A as a % of B?"), else ""."""
    found = _RESTATED.search(ask)
    return found.group("again") if found else ""


def _unit_contradicts(asked: grammar.Node | None, defined: grammar.Node) -> bool:
    """Whether a definition was misread: a ratio, margin or number of days read in full, defined as one line item
    alone (the formula would answer another question: a return on assets of "$31,372 million"). A definition that
    computes an amount from several lines is the question's own choice and is kept."""
    if asked is None or not isinstance(defined, grammar.Term | grammar.Call):
        return False
    return grammar.unit(asked) in ("percent", "ratio", "days", "times") and grammar.unit(defined) == "money"


def _as_written(words: str, phrase: str) -> str:
    """``words`` (read with hyphens as spaces) as the question wrote them ("one time" → "one-time")."""
    if not words:
        return ""
    pattern = r"[\s\-]+".join(re.escape(word) for word in words.split())
    match = re.search(pattern, phrase, re.I)
    return match.group(0) if match else words


def _defines_what_to_give(metric: MetricAsked | None) -> bool:
    """Whether the question defines the figure it wants ("Was X investing faster than its assets wore out? Give the
    ratio of capex to D&A."): then it asks for that figure, whatever its first words."""
    return metric is not None and metric.understood and metric.definition is not None


def _without_terms(question: str, phrase: str) -> str:
    """The question without the line names read in its metric phrase: a line's own words ("product development
    expense") say nothing about what kind of answer is asked."""
    for token in lexicon.tokens(phrase):
        if token.kind == "term" and token.value in BY_NAME:
            pattern = r"[\s,\-]+".join(re.escape(word) for word in token.text.split())
            question = re.sub(pattern, " ", question, flags=re.I)
    return question


def named_metrics(question: str) -> list[str]:
    """Named metrics the question writes out in full anywhere, any sentence ("... Calculate inventory turnover")."""
    return list(dict.fromkeys(token.value for token in lexicon.tokens(question)
                              if token.kind == "term" and token.value in METRIC_BY_NAME and " " in token.text))


def metric_hints(metric: MetricAsked | None, implied: list[str]) -> str:
    """Statement line items and statement names that hold the inputs of the metrics a question asks about.

    A metric phrase read only in part adds nothing: its inputs are a guess at what the question is about ("which
    debt securities are registered …" is not a question about total debt), and pointing the keyword search at
    statement lines then pushes the passages that answer it out of the candidates.
    """
    nodes: list[grammar.Node] = [grammar.Term(name) for name in implied]
    if metric is not None and metric.expression is not None and not metric.unknown and not (
            isinstance(metric.expression, grammar.Term) and metric.expression.name in BY_NAME):
        nodes.append(metric.expression)  # a plain line item ("revenue") is already in the words
    found: list[str] = []
    for node in nodes:
        for name in grammar.concepts(node):
            concept = BY_NAME[name]
            for phrase in (concept.title.lower(), *(_STATEMENT_WORDS.get(s, "") for s in concept.statements)):
                if phrase and phrase not in found:
                    found.append(phrase)
    return " ".join(found)


def understand(question: str, aliases: list[CompanyAliases] | None = None, *, metric: str | None = None) -> Question:
    """Read a question once: companies, filing, periods, statement, unit, and the metric expression asked.

    Args:
        question: the analyst's words (a question, or a metric name such as "quick ratio").
        aliases: the library's company alias table (:func:`app.core.question.companies.company_aliases`).
        metric: a metric name to read instead of the question's own metric phrase (a metric implied in words).
    """
    aliases = aliases or []
    cleaned, hints = text.clean(question)
    definitions, asking = read_all(text.sentences(question))
    ask = _ask(asking) if asking else question
    asked, _ = read_units(question)
    phrase, periods, company_named = _metric_phrase(ask, aliases, asked.percent)
    if not periods.years:
        periods, _ = read_periods(question)
    if metric is not None:
        phrase = metric
    # A metric named in full in another sentence ("… Calculate the inventory turnover ratio.") is the one meant
    # when the asking sentence names none.
    implied = list(dict.fromkeys(name for name in (*text.implied_metrics(cleaned), *named_metrics(question))
                                 if name in METRIC_BY_NAME))
    future = _FUTURE.search(ask) if metric is None else None
    metric_asked = _read_metric(definitions, periods, asked, phrase, sources(question),
                                future.group(0) if future else "", inputs_named(question) if metric is None else None,
                                company_named)
    told_what_to_give = False  # a sentence says which figure to give ("Express the cash ratio to two decimals.")
    if metric is None and (metric_asked is None or not metric_asked.understood):
        # The ask read in part; the question may say the figure again in words FinLens reads: "How dependent was X
        # on franchising — franchised revenues as a % of total revenues?", "… Give the operating cash flow ratio."
        spelled = _spelled_after(ask, asking)
        for restated in [*_restatements(ask, asking), *spelled]:
            phrase_again, periods_again, named_again = _metric_phrase(restated, aliases, asked.percent)
            again = _read_metric(definitions, periods_again if periods_again.years else periods, asked, phrase_again,
                                 sources(question), "", inputs_named(question), named_again)
            # A statement after the ask only when it spells a figure FinLens reads in full ("Revenue over average
            # total assets."), never a printed line guessed from it ("Analysts watch the inventory turnover.").
            # (It must name something itself: a bare "Answer in percent." would read as the question's lone
            # definition, which FinLens could not read in the ask.)
            if again is not None and again.read and (again.understood or again.definition is None
                                                     and restated not in spelled and line_name(again.phrase)[0]):
                metric_asked, phrase = again, phrase_again  # read in full, or a printed line (alone or in a ratio)
                told_what_to_give = any(m and m.group("again") == restated for m in map(_GIVE.match, asking))
                break
    if (metric_asked is None or metric_asked.expression is None) and implied:
        node = grammar.Term(METRIC_BY_NAME[implied[0]].name)
        metric_asked = MetricAsked(implied[0], node, "value", tuple(answer_years(periods, "value")), implied[0], "",
                                   None, implied=True)
    all_years, _ = read_periods(question)
    if metric_asked is not None and not metric_asked.understood and metric_asked.definition is None \
            and not metric_asked.implied and not future and not definitions:
        line, ratio = line_name(metric_asked.phrase)
        metric_asked = replace(metric_asked, line=line, line_ratio=ratio)
    names = tuple(t.text for t in lexicon.tokens(phrase) if t.kind == "name")
    keywords = " ".join(p for p in (cleaned, expand_abbreviations(cleaned), " ".join(hints),
                                    metric_hints(metric_asked, implied)) if p)
    return Question(
        original=question, text=cleaned, keywords=keywords, companies=tuple(detect_companies(question, aliases)),
        names=names, form_types=tuple(text.form_types(question)), periods=periods, years=all_years.years,
        quarter=all_years.quarter, months=all_years.months, end=all_years.end, to_date=all_years.to_date,
        hints=tuple(hints), statement=text.statement_asked(question),
        statements=text.statements_named(question), unit=asked,
        forward_looking=text.forward_looking(cleaned), numeric=text.is_numeric(question),
        asks_figure=text.asks_for_a_figure(_without_terms(question, phrase)) or _defines_what_to_give(metric_asked)
        or told_what_to_give and metric_asked is not None and metric_asked.understood,
        metric=metric_asked,
        implied=tuple(implied))

