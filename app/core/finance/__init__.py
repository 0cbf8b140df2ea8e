"""Finance knowledge in one place: how filings write numbers, name their statements, their companies and their terms.

Pure Python, no I/O, no Qt: ingestion, chunking, query understanding, answering and training import from here, so a
rule about finance text (a scale word, a statement synonym, a legal suffix, an abbreviation) is changed once.

* :mod:`~app.core.finance.quantities` — numbers as filings write them: ``(5,563)`` negatives, ``$1.5 billion``
  scales, ``24.3%`` and ``40 bps``, years (``FY'23``), quarters (``Q2 2023``, ``2Q23``), table number cells and
  the "(In millions)" a table states.
* :mod:`~app.core.finance.statements` — the financial statements' titles and the names analysts call them by.
* :mod:`~app.core.finance.company_names` — company names without their legal suffixes ("NIKE, Inc." → "nike").
* :mod:`~app.core.finance.abbreviations` — PP&E, FCF, bps, SG&A… both ways: expanded for search, abbreviated for
  synthetic queries.
* :mod:`~app.core.finance.metrics` — the one table of metrics: standard concepts (their statement labels and the
  names analysts use for them) and the named formulas over them, read by the statements, question understanding,
  the search priors, the CLI and the training pipeline.

The patterns here decide what the search index and the shipped model see (chunk boundaries, headings, training
queries): change what one matches only on purpose, and bump ``app.core.records.CHUNKING_VERSION`` when chunks move.
"""
