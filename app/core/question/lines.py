"""The words of a line's name, as a question writes it and as a filing prints it.

A question about a line only one filer prints ("cost of natural gas", "cloud services and license support
revenues") names it with the filer's label; :func:`line_name` keeps those words of a metric phrase FinLens did not
understand as a whole, and :func:`content_words` reduces a name or a printed label to the words that tell lines apart
(singular, lower case, no filler or glue words), so the two can be compared (:mod:`app.core.figures.printed_lines`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.question import grammar, lexicon

_GLUE = frozenset({"and", "of", "the", "from", "for", "in", "on", "to", "a", "an", "its", "their", "by", "at", "&"})
_LONGEST_LINE_NAME = 7  # words: a longer phrase is a question about something else ("strategy for growing sales")


def content_words(text: str) -> frozenset[str]:
    """Content words, singular ("services" → "service"), without filler and glue."""
    words = re.findall(r"[a-z][a-z&']*", text.lower().replace("’", "'"))
    singular = {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words}
    return frozenset(w for w in singular if w not in _GLUE and w not in lexicon.FILLER)


@dataclass(frozen=True)
class LineRatio:
    """A printed line over (or under) an expression FinLens reads: "operating and maintenance expense as a % of
    total operating revenues" is the line "operating and maintenance" over revenue."""

    other: grammar.Node  # the side FinLens reads
    line_first: bool  # the line is the numerator
    percent: bool  # asked "as a % of"


def line_name(phrase: str) -> tuple[str, LineRatio | None]:
    """The words of a metric phrase that may name a printed line (a possessive name is the company: "Acme's cost of
    natural gas"), and, when the phrase is that line divided by (or dividing) an expression FinLens reads, that
    expression; ("", None) when no line may be meant (a mode or prefix word, several operators, a long phrase)."""
    tokens = lexicon.tokens(phrase)
    if any(t.kind in ("prefix", "number") for t in tokens):
        return "", None
    divisions = [i for i, t in enumerate(tokens) if t.kind == "op" and t.value in ("/", "%")]
    others = [t for t in tokens if t.kind == "op" and t.value not in ("and", "(", ")", "/", "%")]
    if others or len(divisions) > 1:
        return "", None
    if not divisions:
        return _words(tokens), None
    at = divisions[0]
    left, right = tokens[:at], tokens[at + 1:]
    for line_side, other_side, line_first in ((left, right, True), (right, left, False)):
        other, rest = grammar.parse([t for t in other_side if t.kind != "name"])
        words = _words(line_side)
        if other is not None and not rest and words and not any(t.kind == "word" for t in other_side):
            return words, LineRatio(other, line_first, tokens[at].value == "%")
    return "", None


def _words(tokens: list[lexicon.Token]) -> str:
    words = [t.text for t in tokens if t.kind in ("term", "word")
             or t.kind == "name" and not re.search(r"['’]s?$", t.text)]
    joined = " ".join(words)
    return joined if len(joined.split()) <= _LONGEST_LINE_NAME else ""
