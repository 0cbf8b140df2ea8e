"""Company names without their legal form: one list of legal suffixes, two uses.

* :func:`normalize_company` makes the key two spellings of a company share ("NIKE, Inc." and "Nike" → "nike"): the
  library groups documents, filters and ranks by it. It drops every legal form, foreign ones (AG, N.V., S.A., SE)
  and "Group" included.
* :data:`SHORT_NAMES` holds the names analysts use for well-known companies that no filing's cover or file name
  spells ("Amex", "BofA", "Google" for Alphabet); the library adds them to a company's aliases when it holds that
  company's filings.
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


#: Normalised company name (:func:`normalize_company`) → what analysts also call it, squashed (lower case, letters
#: and digits only), for names a filing's cover and file name never give. Tickers come from the filings themselves.
SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "american express": ("amex",),
    "johnson johnson": ("jj", "jnj"),
    "procter gamble": ("pg", "procter"),
    "bank of america": ("bofa", "bankamerica"),
    "jpmorgan chase": ("jpmorgan", "jpm"),
    "goldman sachs": ("goldman",),
    "citigroup": ("citi",),
    "international business machines": ("ibm",),
    "general electric": ("ge",),
    "general motors": ("gm",),
    "ford motor": ("ford",),
    "alphabet": ("google",),
    "meta platforms": ("meta", "facebook"),
    "berkshire hathaway": ("berkshire",),
    "exxon mobil": ("exxon", "exxonmobil"),
    "coca cola": ("coke",),
    "pepsico": ("pepsi",),
    "walt disney": ("disney",),
    "united parcel service": ("ups",),
    "bristol myers squibb": ("bms", "bristolmyers"),
    "eli lilly": ("lilly",),
    "american international": ("aig",),
    "advanced micro devices": ("amd",),
    "verizon communications": ("verizon",),
    "cvs health": ("cvs",),
    "unitedhealth": ("unitedhealthcare",),
    "philip morris international": ("philipmorris", "pmi"),
    "kraft heinz": ("kraft", "heinz"),
    "hewlett packard enterprise": ("hpe",),
    "activision blizzard": ("activision",),
    "pg e": ("pge", "pacificgasandelectric"),
    "lockheed martin": ("lockheed",),
    "northrop grumman": ("northrop",),
    "raytheon technologies": ("raytheon",),
    "texas instruments": ("ti",),
    "thermo fisher scientific": ("thermofisher",),
    "costco wholesale": ("costco",),
}
