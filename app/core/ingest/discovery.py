"""Finding the files to index: files and folders expanded into the supported files, in a stable order.

What :func:`discover_files` cannot index (an unsupported type, an unreadable folder, a link that loops back to itself)
becomes a :class:`FileOutcome` with a reason, so a batch reports every path it was given and never stops on one.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.core.ingest.parsing import SUPPORTED_SUFFIXES

#: Why a symbolic link that leads back to itself is skipped (see :func:`link_loop`).
LINK_LOOP = ("A symbolic link that leads back to itself (a loop), so there is no file to read; fix or delete the "
             "link.")


@dataclass
class FileOutcome:
    """What happened to one file."""

    path: str
    status: str  # "indexed" | "unchanged" | "duplicate" | "removed" | "skipped" | "failed" | "cancelled"
    reason: str = ""
    doc_id: str = ""
    pages: int = 0
    chunks: int = 0
    seconds: float = 0.0


def discover_files(paths: Iterable[str | os.PathLike[str]], *, skipped: list[FileOutcome] | None = None) -> list[Path]:
    """Expand files and folders (recursively) into the supported files to index, in a stable order.

    Symlinked folders are not followed (no loops); a file reachable twice is listed once. Hidden files and
    folders are ignored. Explicitly named files of an unsupported type, unreadable paths and symbolic links that
    lead back to themselves (a loop: there is no file to read) are reported in ``skipped``; unsupported files found
    while walking a folder are counted in one summary line.
    """
    found: list[Path] = []
    seen: set[str] = set()
    ignored_in_folders = 0

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            found.append(path)

    for raw in paths:
        path = Path(raw).expanduser()
        if link_loop(path):
            if skipped is not None:
                skipped.append(FileOutcome(str(path), "skipped", LINK_LOOP))
            continue
        if not path.exists() and not path.is_symlink():
            if skipped is not None:
                skipped.append(FileOutcome(str(path), "skipped", "No such file or folder."))
            continue
        if path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                add(path)
            elif skipped is not None:
                skipped.append(FileOutcome(str(path), "skipped",
                                           "Unsupported file type; FinLens reads PDF, HTML, text and Markdown."))
            continue
        if not path.is_dir():
            if skipped is not None:
                skipped.append(FileOutcome(str(path), "skipped", "Not a regular file or folder (broken link?)."))
            continue
        walk_errors: list[OSError] = []
        for folder, dirnames, filenames in os.walk(path, followlinks=False, onerror=walk_errors.append):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                candidate = Path(folder) / name
                if candidate.suffix.lower() in SUPPORTED_SUFFIXES and link_loop(candidate):
                    if skipped is not None:
                        skipped.append(FileOutcome(str(candidate), "skipped", LINK_LOOP))
                elif candidate.suffix.lower() in SUPPORTED_SUFFIXES and not candidate.is_dir():
                    add(candidate)
                else:
                    ignored_in_folders += 1
        if skipped is not None:
            for error in walk_errors:
                skipped.append(FileOutcome(str(error.filename), "skipped",
                                           "Folder cannot be read (permission denied)."))
    if skipped is not None and ignored_in_folders:
        skipped.append(FileOutcome("(in folders)", "skipped",
                                   f"{ignored_in_folders} files of unsupported types were ignored."))
    return found


def link_loop(path: Path) -> bool:
    """Whether ``path`` is a symbolic link that never reaches a file (it leads back to itself).

    ``Path.resolve`` raises ``RuntimeError`` on such a link, which ended a whole batch; it is skipped with
    :data:`LINK_LOOP` at discovery instead.
    """
    if not path.is_symlink():
        return False
    try:
        os.path.realpath(path, strict=True)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def resolved_path(path: Path) -> str:
    """The absolute path with links resolved, as the library records it; never raises (a link that became a loop
    since discovery keeps its own absolute path)."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)
