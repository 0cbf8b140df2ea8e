"""Opening the library a command works on: the one ``--library`` (or ``$FINLENS_LIBRARY``, or the default) names.

Every command opens it through here, so a team library URI (``s3://bucket/prefix``) works wherever a folder does:
read-only on its published version unless the command writes.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.terminal import say


def _no_library(location: object) -> Exception:
    """The error of a command that needs a library where there is none (main() prints it; exit status 2)."""
    from app.core.store import LibraryError

    return LibraryError(f"No library at {location}. Add files first: finlens index PATH")


def open_active_library(args: argparse.Namespace, *, create: bool = True, writable: bool | None = None,
                        maintenance: bool = False) -> tuple[Any, Any]:
    """Open the active library and its embedder (the model that built it unless ``--model`` names one).

    Args:
        args: the command's arguments (``model`` and ``wait`` are used when present).
        create: False raises :class:`~app.core.store.LibraryError` when there is no library yet.
        writable, maintenance: for a team library, see :func:`app.core.library_opening.open_library`.

    Returns:
        The :class:`~app.core.store.Library` and its embedder; a re-index note, if any, is printed on stderr.
    """
    from app.core.library_opening import open_for_command
    from app.core.location import library_location
    from app.core.store import Library

    location = library_location()
    if not create and Library.read_meta(location) is None:
        raise _no_library(location)
    library, embedder, note = open_for_command(getattr(args, "model", None), writable=writable,
                                               maintenance=maintenance)
    library.on_wait = say
    if getattr(args, "wait", None) is not None:
        library.wait_timeout = args.wait
    if note:
        say(note)
    return library, embedder


def open_library_for_reading() -> Any:
    """The active library, read-only, with the model that built it recorded but not loaded (no embedder).

    For the commands that only read stored data (statements, metrics); a team library opens on its published
    version.
    """
    from app.core.location import library_location
    from app.core.store import Library

    location = library_location()
    meta = Library.read_meta(location)
    if meta is None:
        raise _no_library(location)
    return Library(location, model_id=meta["model_id"], model_hash=meta.get("model_hash", ""),
                   dimension=int(meta["dimension"]))
