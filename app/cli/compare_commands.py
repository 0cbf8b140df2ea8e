"""The ``finlens compare`` command: companies × fiscal years against metrics and questions, from the statements.

``finlens compare "revenue growth, operating margin, capex as a % of revenue" --companies NKE,BBY --years
2021-2023`` prints a table (each figure as an analyst writes it; a missing one as "—" with its reason below), or
``--json`` (every cell with its inputs, ``page`` 1-based as printed everywhere), ``--csv``, or writes ``--xlsx FILE``
(a Grid sheet of Excel formulas over an Inputs sheet). ``--save NAME`` keeps the columns (and companies and years)
under a name; ``--grid NAME`` reopens them.

Metrics only read the library; a question column (free text) loads the library's search model to find the passage.

Exit status: 0 with a grid, 1 when it cannot be built or written (the reason is printed), 2 when the library or a
company is not found.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli.active_library import open_active_library, open_library_for_reading

EXIT_NO_GRID, EXIT_NOT_FOUND = 1, 2
CELL_WIDTH = 18


def run_compare(args: argparse.Namespace) -> int:
    """``finlens compare``."""
    from app.core.compare import CompareError, CompareGrid, GridFiller, parse_columns, parse_years, plan_rows
    from app.core.compare.saved import SavedGrid, SavedGridError, find_grid, save_grid

    try:
        saved = find_grid(args.grid) if args.grid else None
        columns_text: Any = args.columns or (saved.columns if saved else "")
        companies = _split(args.companies) or (saved.companies if saved else [])
        years_text = args.years or (saved.years if saved else "")
        form = args.form or (saved.form if saved else "") or None
        if not companies:
            raise CompareError("Name the companies with --companies (tickers or names, comma-separated).")
        if not years_text:
            raise CompareError("Name the fiscal years with --years, e.g. 2021-2023.")
        columns = parse_columns(columns_text)
        years = parse_years(years_text)
    except (CompareError, SavedGridError) as error:
        print(f"finlens: {error}", file=sys.stderr)
        return EXIT_NO_GRID
    library = open_library_for_reading()
    rows, problems = plan_rows(library.list_documents(), companies, years, form=form)
    for problem in problems:
        print(f"finlens: {problem}", file=sys.stderr)
    if not rows:
        return EXIT_NOT_FOUND
    searcher = None
    if any(c.kind == "text" for c in columns):
        from app.core.retrieval.search import Searcher

        library, embedder = open_active_library(args, create=False)
        searcher = Searcher(library, embedder, reranker="none")
    grid = GridFiller(library, searcher).fill(CompareGrid(rows, columns))
    if args.save:
        try:
            save_grid(SavedGrid(args.save, [c.text for c in columns], companies, years_text, form or ""))
        except SavedGridError as error:
            print(f"finlens: {error}", file=sys.stderr)
            return EXIT_NO_GRID
        print(f"Saved the grid as '{args.save}'; reopen it with: finlens compare --grid \"{args.save}\"",
              file=sys.stderr)
    return _write(grid, args)


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _write(grid: Any, args: argparse.Namespace) -> int:
    from app.core.compare.grid_export import CompareExportError, to_csv, write_xlsx

    if args.json:
        print(json.dumps(grid.to_dict(), indent=1))
    elif args.csv:
        sys.stdout.write(to_csv(grid))
    elif args.xlsx:
        try:
            write_xlsx(grid, args.xlsx)
        except CompareExportError as error:
            print(f"finlens: {error}", file=sys.stderr)
            return EXIT_NO_GRID
        print(f"Wrote {len(grid.rows)} rows × {len(grid.columns)} columns to {args.xlsx} (sheets Grid and Inputs)")
    else:
        print_grid(grid)
    return 0


def print_grid(grid: Any) -> None:
    """The grid as aligned text; below it, numbered notes: each reason a figure is missing (said once for all the
    cells it applies to) and each question column's passage with its citation."""
    label_width = max([len("Company / year")] + [len(r.label) for r in grid.rows]) + 2
    headers = [c.text if len(c.text) <= CELL_WIDTH - 2 else c.text[:CELL_WIDTH - 3] + "…" for c in grid.columns]
    print(f"{'Company / year':{label_width}}" + "".join(f"{h:>{CELL_WIDTH}}" for h in headers))
    notes: dict[str, list[tuple[int, int]]] = {}  # note text -> the cells it is about, in order
    for number, row in enumerate(grid.rows):
        texts = []
        for column in range(len(grid.columns)):
            cell = grid.cell(number, column)
            if cell is not None and not cell.missing and cell.passage is None:
                texts.append(_short(cell))
                continue
            note = cell.reason if cell is not None and cell.missing else cell.text() if cell else "Not computed."
            places = notes.setdefault(note, [])
            places.append((number, column))
            mark = f"[{list(notes).index(note) + 1}]"
            texts.append(f"— {mark}" if cell is None or cell.missing else mark)
        print(f"{row.label:{label_width}}" + "".join(f"{t:>{CELL_WIDTH}}" for t in texts))
    if notes:
        print()
    for number, (note, places) in enumerate(notes.items(), start=1):
        print(f"[{number}] {_places(grid, places)}: {note}")


def _places(grid: Any, places: list[tuple[int, int]]) -> str:
    """"NKE FY2022" for a whole row, else "BBY FY2021 revenue growth" — the cells a note is about."""
    rows: dict[int, list[int]] = {}
    for row, column in places:
        rows.setdefault(row, []).append(column)
    return "; ".join(grid.rows[row].label if len(columns) == len(grid.columns) else
                     f"{grid.rows[row].label} {', '.join(grid.columns[c].text for c in columns)}"
                     for row, columns in rows.items())


def _short(cell: Any) -> str:
    """A figure in a narrow column ("$2,323M" rather than "$2,323 million")."""
    return str(cell.display).replace(" million", "M")
