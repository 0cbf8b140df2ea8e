"""Company names without their legal form: one list of legal suffixes, two uses.

* :func:`normalize_company` makes the key two spellings of a company share ("NIKE, Inc." and "Nike" → "nike"): the
  library groups documents, filters and ranks by it. It drops every legal form, foreign ones (AG, N.V., S.A., SE)
  and "Group" included.
* :func:`short_company` writes the name as an analyst would in a question ("Activision Blizzard, Inc." →
  "Activision Blizzard"), keeping its case. It drops the common corporate forms only: "Group", "AG", "L.P." stay.
  That is how the training queries of the shipped model were written; dropping more would change them.
"""

from __future__ import annotations

import re

#: Corporate forms written after a name, as regular-expression alternatives (lower case, dots escaped).
LEGAL_SUFFIXES: tuple[str, ...] = ("inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
                                   "plc", "llc")
#: Partnership and non-US forms, dropped only for the matching key.
FOREIGN_LEGAL_SUFFIXES: tuple[str, ...] = ("lp", r"l\.p", r"n\.v", r"s\.a", "ag", "se")


def _suffix_pattern(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"[,\s]+(" + "|".join(alternatives) + r")\.?$", re.I)


_KEY_SUFFIX = _suffix_pattern(LEGAL_SUFFIXES + FOREIGN_LEGAL_SUFFIXES + ("holdings?", "group"))
_SHORT_SUFFIX = _suffix_pattern(LEGAL_SUFFIXES + ("holdings?",))


def normalize_company(name: str) -> str:
    """Lower-case company key without punctuation or legal suffixes: "NIKE, Inc." -> "nike"."""
    name = name.replace("&", " ")
    previous = None
    while previous != name:
        previous = name
        name = _KEY_SUFFIX.sub("", name.strip())
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def short_company(name: str) -> str:
    """The name as an analyst writes it: "Activision Blizzard, Inc" -> "Activision Blizzard" (case kept)."""
    name = name.strip()
    previous = None
    while previous != name:
        previous = name
        name = _SHORT_SUFFIX.sub("", name).strip(" ,.")
    return name
