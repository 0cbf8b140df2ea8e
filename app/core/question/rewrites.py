"""Sentence shapes that ask for a metric in other words, rewritten to the form the grammar reads.

"What % of revenue was spent on capex" is "capex as a percent of revenue"; "how many times did A cover B" is A / B;
"how much cash did X spend on acquisitions" is the acquisitions; "for every dollar of net income, how many dollars
did X spend on buybacks" is buybacks per dollar of net income; "returned to shareholders through dividends" is the
dividends. :func:`rewritten` applies them to a metric phrase whose companies, units and periods are already blanked.
"""

from __future__ import annotations

import re

from app.core.finance.metrics import BY_NAME
from app.core.question import lexicon

# "what % of revenue was spent on capex" → "capex as a percent of revenue"; "how many times did A cover B" → A / B.
# ("of FY2022 revenue": the period and its "of" are blanked before, leaving a run of spaces.)
_WHAT_SHARE = re.compile(r"\bwhat\s+(?:percent(?:age)?|%|share|portion|proportion|fraction|part)(?:\s+of\b|(?=\s{4,}))"
                         r"\s*(?P<b>.+?)\s+"
                         r"(?:was|were|is|are|did|does|do|went|goes|got|came|represented|turned|converted|became|"
                         r"translated)\b(?P<a>.+)$", re.I)
_TAKES_UP = re.compile(r"\s+(?:absorb(?:ed)?|consum(?:e|ed)|t(?:ake|ook)\s+up|eat\s+up|ate\s+up|soak(?:ed)?\s+up|"
                       r"represent(?:ed)?|account(?:ed)?\s+for|ma(?:ke|de)\s+up|use(?:d)?\s+up)\s*[?.!]?\s*$", re.I)
# "How much of revenue was R&D, in percent?": a share when a percentage is asked, else the part as an amount.
_HOW_MUCH_OF = re.compile(r"\bhow\s+much\s+(?:of\s+)?(?P<b>.+?)\s+(?:was|were|is|are|went|goes|got|did|does)\b"
                          r"(?P<a>.+)$", re.I)
_TIMES_COVER = re.compile(r"\bhow\s+many\s+times\s+(?:over\s+)?(?:did|does|do|could|can|was|is|would)\s+(?P<a>.+?)\s+"
                          r"(?:cover(?:ed|s)?|(?:have\s+)?(?:paid\s+off|pay\s+off|repaid|repay|met|meet|serviced|service))"
                          r"\s+(?:all\s+(?:of\s+)?)?(?P<b>.+)$", re.I)
# "How much cash did Acme use in investing activities?", "cash generated from operations": a cash flow line.
_CASH_VERB = re.compile(r"\bcash\b(?!\s+flows?\b)(?P<mid>[^?.]{0,60}?)\b"
                        r"(?:used|use|provided|provide|generated|generate|spent|spend|produced|produce|brought in|"
                        r"bring in)\s+(?:in|by|from|on|for|through)\s+"
                        r"(?P<what>operations|(?:operating|investing|financing)(?:\s+activities)?)\b", re.I)
# "What return did X earn on its average equity": the return on average equity.
_RETURN_EARNED_ON = re.compile(r"\b(?:what|which)\s+(?:return|rate\s+of\s+return)\s+(?:did|does|do|has|had)\s+"
                               r"(?:\S+\s+){0,4}?(?:earn|make|generate|achieve|deliver|get)\s+on\s+", re.I)
# "the cash its operations generated": the cash from operations.
_OPERATIONS_VERB = re.compile(r"\bcash\s+(?:that\s+)?(?:its|their|the\s+company's|the\s+business's)?\s*operations\s+"
                              r"(?:generated|produced|provided|brought\s+in|threw\s+off)\b", re.I)
# "… go up or down …, and by how many percentage points": the change.
_UP_OR_DOWN = re.compile(r"\b(?:go|went|move|moved|rise|rose|fall|fell)\s+up\s+or\s+down\b|\bup\s+or\s+down\b", re.I)
# "How much net cash did X's operating activities provide?": the cash from operating activities.
_ACTIVITIES_VERB = re.compile(r"\b(?:net\s+)?cash\b(?P<mid>[^?.]{0,40}?)\b(?P<what>operating|investing|financing)\s+"
                              r"activities\s+(?:provide|generate|use|produce|bring in|contribute)d?\b", re.I)
# "… return to shareholders through dividends", "returned to stockholders via buybacks": the dividends, the buybacks.
_RETURNED_VIA = re.compile(r"\b(?:return(?:ed)?|distribut(?:e|ed)|(?:hand(?:ed)?|g[ai]ve|pa(?:y|id)|went|go(?:es)?)\s+"
                           r"(?:back|out))"
                           r"\s+to\s+(?:its\s+|their\s+)?(?:share|stock)holders\s+"
                           r"(?:through|via|in|as|by|by way of|in the form of)\s+", re.I)
# "dividends paid to its stockholders": whom dividends go to says nothing more about the figure.
_TO_HOLDERS = re.compile(r"\b(?:to|for)\s+(?:its\s+|their\s+)?(?:common\s+)?(?:share|stock)holders\b"
                         r"(?!['’]|\s+equity)", re.I)
# "How many dollars of revenue did X produce for every dollar of net PP&E": revenue per dollar of net PP&E.
_DOLLARS_OF = re.compile(r"\b(?:dollars|cents)\s+of\s+(?P<a>.+?)\s+(?:did|does|do|was|were|is|are)\b.*?"
                         r"\b(?:for|per|from|out\s+of|on)\s+(?:each|every)\s+(?:dollar|\$1)\s+(?:of|in)\s+(?P<b>.+)$",
                         re.I)
# "effective tax rate on income from continuing operations": the rate's own denominator, said again.
_RATE_ON_INCOME = re.compile(r"(?<=tax rate)\s+(?:(?:did|does)\s+(?:\S+\s+)?pay\s+)?on\s+(?:its\s+)?(?:pre-?tax\s+)?"
                             r"(?:income|earnings)(?:\s+(?:before\s+(?:income\s+)?taxes|from\s+continuing\s+operations))*",
                             re.I)
_PER_DOLLAR = re.compile(r"\bfor\s+(?:each|every)\s+(?:dollar|\$1)\s+(?:of|in)\s+(?P<b>.+?),?\s+how\s+"
                         r"(?:many\s+dollars|much|many\s+cents)\s+(?:of\s+)?(?P<a>.+)$", re.I)
# "(How much) cash did X spend on Y" with Y a cash flow line of its own: "cash" is the verb's object. ("Cash paid for
# interest" is no interest expense: it stays cash and interest, a printed line or not understood.)
_CASH_ON = re.compile(r"^\s*cash\s+(?=(?:did|does|do|has|had|was|were)\b)", re.I)
# "… how much did X spend on capex in total?": the years added up ("total assets" is a line, not this).
_IN_TOTAL = re.compile(r"\bin\s+(?:total|aggregate)\b(?=\s*(?:[,.;?]|$))", re.I)
_OPENER = re.compile(r"^\s*(?:how\s+many\s+times|how\s+many|how\s+much|how\s+large|how\s+big|how\s+high|how\s+long|"
                     r"how\s+fast|how\s+quickly)\b", re.I)


def rewritten(phrase: str, share_of: bool = False) -> str:
    """The metric phrase with each shape above rewritten; ``share_of``: "how much of B was A" asked in percent is a
    share, else the part as an amount."""
    much = _HOW_MUCH_OF.search(phrase) if share_of else None
    if much:  # "how much of revenue was R&D, in percent": R&D as a percent of revenue
        part = re.sub(r"^\s*(?:\w+\s+)?(?:to|towards?|into|on)\b", " ", much.group("a"))
        phrase = f"{phrase[:much.start()]} {part} as a percent of {much.group('b')}"
    phrase = _OPENER.sub(lambda m: " " * len(m.group(0)) if "times" not in m.group(0).lower() else m.group(0), phrase)
    phrase = _CASH_VERB.sub(lambda m: f"{m.group('mid')} cash from {m.group('what').split()[0]}"
                            f"{'' if m.group('what').lower() == 'operations' else ' activities'}", phrase)
    phrase = _ACTIVITIES_VERB.sub(lambda m: f"{m.group('mid')} cash from {m.group('what')} activities", phrase)
    phrase = _OPERATIONS_VERB.sub(" cash from operations ", phrase)
    phrase = _RETURN_EARNED_ON.sub(" return on ", phrase)
    phrase = _UP_OR_DOWN.sub(" change ", phrase)
    returned = _RETURNED_VIA.search(phrase)
    if returned:
        # "returned to shareholders through buybacks and dividends, as a % of …": the two together
        rest = phrase[returned.end():]
        both = re.match(r"[^,;]*?\s+and\s+", rest) is not None and not re.search(r"\b(?:combined|together)\b", rest)
        phrase = f"{phrase[:returned.start()]} went to {'sum of ' if both else ''}{phrase[returned.end():]}"
    phrase = _TO_HOLDERS.sub(" ", phrase)
    phrase = _RATE_ON_INCOME.sub(" ", phrase)
    phrase = _IN_TOTAL.sub(" cumulative ", phrase)
    per_dollar = _PER_DOLLAR.search(phrase) or _DOLLARS_OF.search(phrase)
    if per_dollar:  # "for every dollar of net income, how many dollars did X spend on buybacks": buybacks / net income
        # (cents of each dollar are a percentage: "how many cents of net earnings did X keep from each dollar of sales")
        per = "as a percent of" if re.search(r"\bcents\b", per_dollar.group(0), re.I) else "per dollar of"
        phrase = f"{phrase[:per_dollar.start()]} {per_dollar.group('a')} {per} {per_dollar.group('b')}"
    cash_on = _CASH_ON.match(phrase)
    if cash_on and any(t.kind == "term" and t.value in BY_NAME and "cash_flow" in BY_NAME[t.value].statements
                       for t in lexicon.tokens(phrase[cash_on.end():])):
        # "How much cash did Oracle spend on acquisitions": the acquisitions, not cash and acquisitions.
        phrase = " " * cash_on.end() + phrase[cash_on.end():]
    share = _WHAT_SHARE.search(phrase)
    if share:
        # "went to SG&A", "financed by total liabilities", "accounted for by inventory": the part after the verb.
        spent = re.sub(r"^\s*(?:\w+\s+){0,2}?(?:to|towards?|into|by)\b", " ", share.group("a"))
        # "what fraction of operating cash flow did buybacks absorb": the verb after the part says nothing more
        spent = _TAKES_UP.sub(" ", spent)
        phrase = f"{phrase[:share.start()]} {spent} as a percent of {share.group('b')}"
    cover = _TIMES_COVER.search(phrase)
    if cover:
        phrase = f"{phrase[:cover.start()]} {cover.group('a')} / {cover.group('b')}"
    return phrase
