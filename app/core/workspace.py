"""Opening the active library with the right embedding model, and re-indexing it with another one.

The one entry point shared by the CLI and the window.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.core import paths
from app.core.embedding import EmbedderError, OnnxEmbedder, load_embedder
from app.core.library import WAIT_TIMEOUT_S, Library, LibraryError, read_indexed_paths
from app.core.store.lock import writer_lock

log = logging.getLogger(__name__)


def model_for_library(folder: Path | str, requested: str | None = None) -> str:
    """The model to open ``folder`` with: the requested one, else the bundled model that built it, else "default"."""
    if requested:
        return requested
    meta = Library.read_meta(folder)
    if meta is None:
        return "default"
    for candidate in ("default", "base"):
        try:
            embedder = load_embedder(candidate)
        except EmbedderError:
            continue
        if embedder.model_id == meta.get("model_id") and embedder.model_hash == meta.get("model_hash"):
            return candidate
    return "default"


def open_library(folder: Path | str | None = None, model: str | None = None, *, writable: bool | None = None,
                 maintenance: bool = False) -> tuple[Library, OnnxEmbedder]:
    """Open (or create) a library and its embedder.

    Args:
        folder: library folder or team library URI; default: :func:`app.core.paths.library_location`.
        model: embedding model name or folder; default: the one that built the library, else the app default.
        writable: a team library opens read-only on its published version unless True (local ones always write).
        maintenance: open a team library as its maintenance writer (removes, compacts, publishes).

    Raises:
        LibraryMismatchError: the library was built with another model than ``model``.
        LibraryError, EmbedderError: with a user-facing message.
    """
    location: Path | str = (folder if paths.is_uri(folder) else Path(folder)) if folder \
        else paths.library_location()
    embedder = load_embedder(model_for_library(location, model))
    library = Library(location, model_id=embedder.model_id, model_hash=embedder.model_hash,
                      dimension=embedder.dimension, writable=writable, maintenance=maintenance)
    return library, embedder


def open_for_command(requested_model: str | None = None, *, writable: bool | None = None,
                     maintenance: bool = False) -> tuple[Library, OnnxEmbedder, str | None]:
    """Open the current library as the commands do: with the model that built it unless one is requested.

    Args:
        requested_model: the model to use instead of the library's.
        writable, maintenance: for a team library, see :func:`open_library` (read-only by default).

    Returns:
        The library, its embedder, and the re-index note to print (with the exact command to run), or None.
    """
    model = model_for_library(paths.library_location(), requested_model)
    library, embedder = open_library(model=model, writable=writable, maintenance=maintenance)
    advice = library.reindex_advice()
    return library, embedder, f"Note: {advice} Run: finlens reindex --model {model}" if advice else None


@dataclass
class ReindexPlan:
    """A fresh library built with the new model, and the files to index into it."""

    library: Library
    embedder: OnnxEmbedder
    paths: list[str]
    backup: Path | None = None
    missing: list[str] = field(default_factory=list)  # files of the old library that no longer exist


def indexed_paths(folder: Path) -> list[str] | None:
    """The files a library holds (duplicates included), whatever model built it (None if unreadable)."""
    return read_indexed_paths(folder)


def prepare_reindex(folder: Path, model: str, on_wait: Callable[[str], None] | None = None) -> ReindexPlan:
    """Move the library aside (``<folder>.previous``), create an empty one with ``model`` and list what to index.

    The previous library is kept until the next re-index, so nothing is lost if the new model disappoints.

    Args:
        folder: the library folder.
        model: the embedding model to rebuild with.
        on_wait: told when another FinLens is writing to the library and the move waits for it.

    Raises:
        EmbedderError: the model cannot be loaded (nothing was moved).
        LibraryError: the folder cannot be moved or created.
    """
    folder = Path(folder)
    embedder = load_embedder(model)  # first: a missing model must not leave the library moved aside
    files = indexed_paths(folder) or []
    backup = None
    if (folder / "library.json").exists() or (folder / "lance").exists():
        backup = folder.with_name(folder.name + ".previous")
        shutil.rmtree(backup, ignore_errors=True)
        # Moved aside as its writer, so no indexer is half-way through a batch; a writer waiting on the old lock
        # notices the folder moved and takes the new library's lock instead.
        lock = writer_lock(folder)
        lock.acquire(timeout=WAIT_TIMEOUT_S, on_wait=on_wait)
        try:
            folder.rename(backup)
        except OSError as error:
            raise LibraryError(f"The library folder {folder} could not be moved aside for re-indexing "
                               f"({error.strerror}). Close other programs using it and try again.") from None
        finally:
            lock.release()
    library = Library(folder, model_id=embedder.model_id, model_hash=embedder.model_hash,
                      dimension=embedder.dimension)
    with library.writing(on_wait=on_wait):  # record the new model now, even if the user quits before indexing
        pass
    present = [f for f in files if Path(f).exists()]
    return ReindexPlan(library, embedder, present, backup, [f for f in files if not Path(f).exists()])
