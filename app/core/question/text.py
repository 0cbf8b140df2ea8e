"""What a question's sentences are for: the ask, instructions, definitions; and what the question is about in words.

* :func:`clean` drops instruction sentences ("Assume you are an equities analyst…", "Round your answer to two
  decimal places.") and keeps the statement hints they hold ("statement of income" → income statement keywords);
* :func:`statement_asked` — the statement a question points to ("using the cash flow statement");
* :func:`form_types`, :func:`forward_looking`, :func:`asks_for_a_figure`, :func:`is_numeric`, :func:`implied_metrics`
  — the kind of filing named, whether it asks what a company expects, whether a single figure answers it, whether a
  figure is asked at all (so whole statement tables help), and metrics implied in words ("liquidity profile").

Moved here from ``app.core.query``, ``app.core.statements.answers`` and ``app.core.answering.retrieval``, unchanged in
what they match.
"""

from __future__ import annotations

import re

from app.core.finance.statements import STATEMENT_HINTS

BOILERPLATE = re.compile(
    r"^\s*(assume you are|you are an?|round (your|the) answer|answer (in|with|the following)|please|"
    r"provide (a|the|your)|"
    r"give (a|the) (response|answer)|respond|base your (judgments?|answer)|using the (line items|information|details)|"
    r"express|calculate (what was|it|using)|show your|if (the )?(answer|result)|note that|here,? |"
    r"we need to|compute (it|this) (using|as)|use (the )?(line items|information))", re.I)
# Kinds of filing a question names ("in this 10K report", "the earnings call"), as the library's form types.
_FORM_NAMES = {
    "10-K": re.compile(r"\b10-?K\b|\bannual report\b", re.I),
    "10-Q": re.compile(r"\b10-?Q\b|\bquarterly report\b", re.I),
    "8-K": re.compile(r"\b8-?K\b|\bcurrent report\b", re.I),
    "earnings release": re.compile(r"\b(?:earnings|press) release\b", re.I),
    "transcript": re.compile(r"\btranscript\b|\bearnings call\b|\bconference call\b", re.I),
}
#: A filing named as where to look ("in its FY2022 10-K", "according to the annual report"): not part of a metric.
FILING_PHRASE = re.compile(
    r"\b(?:in|from|according to|per|based on|as (?:reported|stated|disclosed) in|reported in)\s+(?:the|its|their|"
    r"this|that)?\s*(?:(?:FY\s*)?'?\d{2,4}\s+)?(?:company's\s+)?(?:10-?K|10-?Q|8-?K|annual report|quarterly report|"
    r"earnings release|filing|financial statements)(?:\s+(?:report|filing))?\b", re.I)
# Questions about what a company expects: the guidance for FY2023 is given in FY2022's year-end release. Verbs only:
# "expected credit losses" and "projected benefit obligation" are accounting terms, not expectations.
_FORWARD_LOOKING = re.compile(r"\b(?:expects?|expecting|guidance|outlook|forecasts?|forecasted|anticipates?|"
                              r"(?:expected|anticipated|projected|projects?|plans?|planned) to)\b", re.I)
# Questions a single computed figure does not answer: reasons, breakdowns, yes/no judgements, outlooks.
_NOT_A_FIGURE = re.compile(r"\b(why|which|drove|drivers?|reasons?|explain|segments?|categor(y|ies)|products?|regions?|"
                           r"geograph\w*|international|domestic|guidance|outlook|events?|compare[ds]?|"
                           r"comparison)\b|^\s*(does|did|do|is|are|was|were|has|have|can|could|will|would|should)\b",
                           re.I)
_BY_HOW_MUCH = re.compile(r"\bby\s+how\s+(?:much|many)\b", re.I)
_YES_NO = re.compile(r"^\s*(?:does|did|do|is|are|was|were|has|have)\b", re.I)
_YEAR_COMPARED = re.compile(r"\b(?:compared|comparison)\s+(?:with|to)\s+(?:the\s+)?(?:prior\s+year|previous\s+year|"
                            r"(?:fiscal\s+(?:year\s+)?|fy\s*)?'?\d{2,4}|"
                            # a quarter or interim period with another: "… compared with the three months ended …"
                            r"(?:three|six|nine|[369])[- ]months?|same\s+(?:quarter|period)|q[1-4]|"
                            r"(?:first|second|third|fourth)[\s-]+quarter|(?:fiscal\s+)?quarter\s+ended|"
                            r"(?:first|second)\s+half|h[12])\b", re.I)
_NUMERIC_QUESTION = re.compile(
    r"\b(how (much|many)|amount|total|revenues?|sales|income|earnings|profit|loss|margin|ratio|eps|cash|debt|assets?|"
    r"liabilit(y|ies)|expenses?|costs?|capex|capital expenditures?|dividends?|per share|growth|percent(age)?|rates?|"
    r"change|increase|decrease|billion|million|thousand|ebitda|ebit|balance|inventor(y|ies)|payable|receivable|"
    r"equity|spend|paid|value|figure|number)\b|\d|%|\$", re.I)
# What analysts ask about in words rather than by a metric's name, and the metrics that answer it.
_QUALITATIVE_METRICS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bliquidity\b|\bliquid\b", re.I), ("quick ratio", "current ratio")),
    (re.compile(r"capital[- ]intensi(ve|ty)|asset[- ](heavy|light)", re.I), ("capex to revenue",
                                                                           "fixed asset turnover")),
    (re.compile(r"\b(leverage|levered|solvency|indebted)\b", re.I), ("debt to equity",)),
    (re.compile(r"\bprofitab(le|ility)\b", re.I), ("operating margin", "net profit margin")),
    (re.compile(r"\bdividend (policy|sustainab|coverage)", re.I), ("dividend payout ratio",)),
)
#: A statement a question points to ("using the cash flow statement", "based on the balance sheet") → its kind.
_STATEMENT_KINDS = (
    (re.compile(r"cash ?flows? statements?|statements? of cash flows?", re.I), "cash_flow"),
    (re.compile(r"balance sheets?|statements? of financial (?:position|condition)", re.I), "balance"),
    (re.compile(r"income statements?|statements? of (?:consolidated )?(?:income|operations|earnings)|\bp&l\b|"
                r"profit and loss", re.I), "income"),
)
#: The words that point to a statement, to read the rest of the sentence without them.
STATEMENT_PHRASE = re.compile(
    r"[,;]?\s*\b(?:(?:(?:clearly\s+)?(?:using|based on|from|according to|per|in|on|relying on|shown in|"
    r"reported (?:in|on)|as (?:shown|reported|stated) (?:in|on)|by relying on)\s+)(?:the\s+)?"
    r"(?:(?:details|data|information|line items|"
    r"figures|numbers)\s+(?:clearly\s+)?(?:shown|reported|provided|outlined|presented)?\s*(?:in|on)\s+(?:the\s+)?)?"
    r"(?:(?:company's|its|their)\s+)?(?:consolidated\s+)?(?:primarily\s+)?)?(?:cash ?flows? statements?|"
    r"statements? of cash flows?|balance sheets?|statements? of financial (?:position|condition)|income statements?|"
    r"statements? of (?:consolidated )?(?:income|operations|earnings)|p&l|profit and loss statement)\b", re.I)


def sentences(question: str) -> list[str]:
    """The question's sentences (split after ".", "?" or "!" and a space)."""
    return [s for s in _SENTENCE_END.split(question.strip()) if s]


# "i.e." and "e.g." end no sentence ("net debt, i.e. total debt less cash"), nor does a company's "Inc." or "Corp."
# before a word in lower case ("net income attributable to Pfizer Inc. common shareholders / …").
_SENTENCE_END = re.compile(r"(?<=[.?!])(?<!\bi\.e\.)(?<!\be\.g\.)(?<!\bvs\.)"
                           r"(?:(?<!\bInc\.)(?<!\bCorp\.)(?<!\bCo\.)(?<!\bLtd\.)(?<!\bplc\.)|(?=\s+[^a-z\s]))\s+")


def clean(question: str) -> tuple[str, list[str]]:
    """Remove instruction sentences, keeping statement hints they contain: (text, hints)."""
    hints: list[str] = []
    kept: list[str] = []
    for sentence in sentences(question):
        for pattern, hint in STATEMENT_HINTS.items():
            if re.search(pattern, sentence, re.I) and hint not in hints:
                hints.append(hint)
        if not BOILERPLATE.match(sentence):
            kept.append(sentence)
    return (" ".join(kept) or question.strip()), hints


def is_instruction(sentence: str) -> bool:
    """Whether a sentence only tells how to answer ("Round your answer to two decimal places.")."""
    return bool(BOILERPLATE.match(sentence))


def statement_asked(question: str) -> str:
    """"income", "balance" or "cash_flow" when the question points to one statement, else ""."""
    for pattern, kind in _STATEMENT_KINDS:
        if pattern.search(question):
            return kind
    return ""


def statements_named(question: str) -> tuple[str, ...]:
    """Every statement the question names, in the order of :func:`statement_asked`."""
    return tuple(kind for pattern, kind in _STATEMENT_KINDS if pattern.search(question))


def form_types(question: str) -> list[str]:
    """The kinds of filing a question names ("10-K", "earnings release", …)."""
    return [form for form, pattern in _FORM_NAMES.items() if pattern.search(question)]


def forward_looking(text: str) -> bool:
    """Whether the question asks what a company expects, plans or guides."""
    return bool(_FORWARD_LOOKING.search(text))


def asks_for_a_figure(text: str) -> bool:
    """Whether a question asks for a figure a metric answers (not a reason, a breakdown or a yes/no judgement); a
    year "compared with" another is a change over time, not a comparison of things."""
    text = _YEAR_COMPARED.sub(" ", text)
    if _BY_HOW_MUCH.search(text) and not _NOT_A_FIGURE.search(_YES_NO.sub(" ", text)):
        return True  # "Did the tax rate go up or down, and by how many percentage points?": the change is the figure
    return not _NOT_A_FIGURE.search(text)


def is_numeric(question: str) -> bool:
    """Whether a question asks for a figure (an amount, ratio or change), so whole statement tables help."""
    return bool(_NUMERIC_QUESTION.search(question))


def implied_metrics(text: str) -> list[str]:
    """Names of the metrics a question implies in words ("liquidity profile" -> quick ratio, current ratio)."""
    return [name for pattern, names in _QUALITATIVE_METRICS if pattern.search(text) for name in names]
