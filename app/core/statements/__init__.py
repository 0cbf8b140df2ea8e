"""Statements as data: a filing's financial statements as line items × periods, every value with its page and cell.

* :mod:`model` — tables, rows, cells and periods, with the JSON payload the library stores per document;
* :mod:`extraction` — finding the statements in parsed rows and reading them into tables (at indexing time);
* :mod:`concepts` — standard concepts (revenue, inventories, capex …) and the labels filings use for them;
* :mod:`formulas` — named metrics as formulas over concepts, evaluated with the facts they used;
* :mod:`answers` — metric questions answered from the facts, with each input's period and cell;
* :mod:`lookup` — over a library: which filing to compute from, and the pages a metric's inputs are on;
* :mod:`grounding` — a computed metric as a cited answer (the answer engine's first step without a model);
* :mod:`xbrl` — the tagged facts of inline XBRL (EDGAR HTML) filings;
* :mod:`export` — CSV and Excel export (the ``finlens statements`` and ``finlens metric`` commands are in
  :mod:`app.cli.statement_commands`).

Pure Python: no Qt here (the Statements view lives in ``app.ui.statements_view``).
"""

from app.core.statements.answers import MetricAnswer, MetricQuery, answer_metric, parse_metric_question
from app.core.statements.extraction import extract_statements
from app.core.statements.model import Cell, Period, StatementRow, Statements, Table

__all__ = ["Cell", "MetricAnswer", "MetricQuery", "Period", "StatementRow", "Statements", "Table", "answer_metric",
           "extract_statements", "parse_metric_question"]
