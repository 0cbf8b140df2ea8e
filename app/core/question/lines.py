"""The words of a line's name, as a question writes it and as a filing prints it.

A question about a line only one filer prints ("cost of natural gas", "cloud services and license support
revenues") names it with the filer's label; :func:`line_name` keeps those words of a metric phrase FinLens did not
understand as a whole, and :func:`content_words` reduces a name or a printed label to the words that tell lines apart
(singular, lower case, no filler or glue words), so the two can be compared (:mod:`app.core.figures.printed_lines`).
"""

from __future__ import annotations

import re

from app.core.question import lexicon

_GLUE = frozenset({"and", "of", "the", "from", "for", "in", "on", "to", "a", "an", "its", "their", "by", "at", "&"})
_LONGEST_LINE_NAME = 7  # words: a longer phrase is a question about something else ("strategy for growing sales")


def content_words(text: str) -> frozenset[str]:
    """Content words, singular ("services" → "service"), without filler and glue."""
    words = re.findall(r"[a-z][a-z&']*", text.lower().replace("’", "'"))
    singular = {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words}
    return frozenset(w for w in singular if w not in _GLUE and w not in lexicon.FILLER)


def line_name(phrase: str) -> str:
    """The words of a metric phrase that may name a printed line (no mode, operator or number; a possessive name is
    the company: "Acme's cost of natural gas"), or "" when the phrase is too long to be a line's name."""
    tokens = lexicon.tokens(phrase)
    if any(t.kind == "prefix" or t.kind == "op" and t.value not in ("and", "(", ")") for t in tokens):
        return ""  # "O&M as a % of revenue" asks a ratio: no line is the answer
    words = [t.text for t in tokens if t.kind in ("term", "word")
             or t.kind == "name" and not re.search(r"['’]s?$", t.text)]
    joined = " ".join(words)
    return joined if len(joined.split()) <= _LONGEST_LINE_NAME else ""
