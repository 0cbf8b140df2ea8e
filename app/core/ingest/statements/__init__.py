"""Statements as data, read at indexing: a filing's financial statements as line items × periods, every value with its
page and cell.

What runs while a file is indexed (:func:`app.core.ingest.indexing.statements_payload` calls
:func:`extract_statements` on the parsed rows, and the library stores the payload):

* :mod:`model` — tables, rows, cells and periods, with the JSON payload the library stores per document;
* :mod:`extraction` — finding the statements in parsed rows and reading them into tables;
* :mod:`statement_periods` — the period each column of a table reports (fiscal years, quarters, "six months ended");
* :mod:`roles` — which tables are primary statements, summaries or notes, and the filing's sections;
* :mod:`xbrl` — the tagged facts of inline XBRL (EDGAR HTML) filings.

Reading figures back out of stored statements (concepts, formulas, metric answers, which filing to compute from,
export) is :mod:`app.core.figures`, a stage above; a computed figure becomes a cited answer in
:mod:`app.core.answering.grounding`. Pure Python: no Qt here (the Statements view lives in ``app.ui.statements_view``).
"""

from app.core.ingest.statements.extraction import extract_statements
from app.core.ingest.statements.model import Cell, Period, StatementRow, Statements, Table

__all__ = ["Cell", "Period", "StatementRow", "Statements", "Table", "extract_statements"]
