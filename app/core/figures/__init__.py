"""Figures read from a filing's stored statements: the stage between the statements extracted at indexing
(:mod:`app.core.ingest.statements`) and the search, Compare and answers that use them.

* :mod:`concepts` — standard concepts (revenue, inventories, capex …) found in a filing's statements as facts;
* :mod:`formulas` — named metrics as formulas over concepts, evaluated with the facts they used;
* :mod:`answers` — metric questions answered from the facts, with each input's period and cell;
* :mod:`lookup` — over a library: which filing to compute from, and the pages a metric's inputs are on;
* :mod:`statement_export` — a statement table as CSV and Excel (the ``finlens statements`` and ``finlens metric``
  commands are in :mod:`app.cli.statement_commands`).

It reads the question record (:mod:`app.core.question`) and the statements model below it, never the search or the
answers above it. Pure Python: no Qt here.
"""

from app.core.figures.answers import MetricAnswer, MetricQuery, answer_metric, parse_metric_question

__all__ = ["MetricAnswer", "MetricQuery", "answer_metric", "parse_metric_question"]
