"""Saved grids: a named set of columns (and the companies and years last used with them), reopened by name.

They live in one JSON file beside the settings (:func:`app.core.paths.compare_grids_file`); a file that cannot be
read is set aside as ``.bad`` rather than overwritten, so a hand edit gone wrong never loses the other grids.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.core import paths

log = logging.getLogger(__name__)
VERSION = 1


@dataclass
class SavedGrid:
    """What a saved grid remembers."""

    name: str
    columns: list[str]
    companies: list[str] = field(default_factory=list)
    years: str = ""
    form: str = ""


class SavedGridError(Exception):
    """A grid could not be saved or found; ``str(error)`` says why and what to do."""


def _path(path: Path | None) -> Path:
    return path if path is not None else paths.compare_grids_file()


def load_grids(path: Path | None = None) -> dict[str, SavedGrid]:
    """Every saved grid by name (none when the file does not exist or is unreadable)."""
    file = _path(path)
    if not file.exists():
        return {}
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return {name: SavedGrid(name, [str(c) for c in item["columns"]], [str(c) for c in item.get("companies", [])],
                                str(item.get("years", "")), str(item.get("form", "")))
                for name, item in data.get("grids", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        log.warning("saved grids unreadable (%s); keeping the file as %s.bad", error, file.name)
        try:
            file.replace(file.with_name(file.name + ".bad"))
        except OSError:
            pass
        return {}


def save_grid(grid: SavedGrid, path: Path | None = None) -> None:
    """Save (or replace) a grid under its name."""
    if not grid.name.strip():
        raise SavedGridError("Give the grid a name to save it under.")
    if not grid.columns:
        raise SavedGridError("A grid needs at least one column to be saved.")
    grids = load_grids(path)
    grids[grid.name.strip()] = SavedGrid(grid.name.strip(), grid.columns, grid.companies, grid.years, grid.form)
    file = _path(path)
    payload = {"version": VERSION, "grids": {name: {k: v for k, v in asdict(g).items() if k != "name"}
                                             for name, g in sorted(grids.items())}}
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary = file.with_name(file.name + ".tmp")
        temporary.write_text(json.dumps(payload, indent=1), encoding="utf-8")
        os.replace(temporary, file)  # never a half-written file in place of the grids
    except OSError as error:
        raise SavedGridError(f"The grid could not be saved ({error.strerror or error}); check that {file.parent} "
                             "is writable.") from None


def find_grid(name: str, path: Path | None = None) -> SavedGrid:
    """A saved grid by name (case-insensitive)."""
    grids = load_grids(path)
    found = grids.get(name) or next((g for n, g in grids.items() if n.lower() == name.strip().lower()), None)
    if found is None:
        known = ", ".join(sorted(grids)) or "none yet"
        raise SavedGridError(f"No saved grid is called '{name}' (saved: {known}); save one with --save NAME.")
    return found
