"""Compare: a grid of companies × fiscal years against metrics and questions, every figure traceable to its cell.

* :mod:`metric_cells` — the one seam into the metric machinery: a metric expression computed for one filing and year,
  with its inputs and an Excel formula over them;
* :mod:`grid` — columns and rows from what the analyst asked, cells computed one at a time (streamable, stoppable);
* :mod:`grid_export` — CSV, and an Excel workbook whose metrics are formulas over a sheet of inputs;
* :mod:`saved` — named grids saved beside the settings and reopened.

Pure Python: the Compare tab lives in ``app.ui.compare_panel``, the command in ``app.cli.compare_commands``.
"""

from app.core.compare.grid import (
    CompareCell,
    CompareColumn,
    CompareError,
    CompareGrid,
    CompareRow,
    GridFiller,
    parse_columns,
    parse_years,
    plan_rows,
)
from app.core.figures.statement_export import PAGE_NUMBERING

__all__ = ["PAGE_NUMBERING", "CompareCell", "CompareColumn", "CompareError", "CompareGrid", "CompareRow",
           "GridFiller", "parse_columns", "parse_years", "plan_rows"]
