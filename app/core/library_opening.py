"""Opening a library: which embedding model it opens with, a team library's appender, and a re-index's new library.

The one place both the window (:class:`app.core.workspace.Workspace`) and the commands (:func:`open_for_command`) open
a library, so they follow the same rules. :func:`app.core.location.resolve_location` says which library is active
(``--library`` > ``$FINLENS_LIBRARY`` > Settings > the per-user default folder); this module opens it with the model
that built it (:func:`model_for_library`), read-only on its published version when it is a team library unless asked
to write. A desktop whose Settings say it adds documents to a team library writes through a
:class:`TeamLibraryAppender` (:mod:`app.core.store.remote`). Re-indexing with another model (:func:`prepare_reindex`)
moves the library aside and opens an empty one with the new model. Pure Python (no Qt).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.core import paths
from app.core.location import resolve_location
from app.core.retrieval.embedding import EmbedderError, OnnxEmbedder, load_embedder
from app.core.settings import Settings
from app.core.store import (
    META_FILE,
    WAIT_TIMEOUT_S,
    Library,
    LibraryWriteError,
    WriteRefusedError,
    WriteSession,
    read_indexed_paths,
)
from app.core.store.library import builder_record
from app.core.store.lock import writer_lock
from app.core.store.meta import write_meta

log = logging.getLogger(__name__)


# --- which library --------------------------------------------------------------------------------------------------

def model_for_library(folder: Path | str, requested: str | None = None) -> str:
    """The model to open ``folder`` with: the requested one, else the bundled model that built it, else "default"."""
    if requested:
        return requested
    meta = Library.read_meta(folder)
    if meta is None:
        return "default"
    for candidate in ("base", "finance"):
        try:
            embedder = load_embedder(candidate)
        except EmbedderError:
            continue
        if embedder.model_id == meta.get("model_id") and embedder.model_hash == meta.get("model_hash"):
            return candidate
    return "default"


def model_for_location(location: Path | str, settings: Settings) -> str | None:
    """The model a new library starts with (the one chosen in Settings); None for an existing one (detected)."""
    return None if Library.read_meta(location) is not None else (settings.embedding_model or "default")


def open_library(folder: Path | str | None = None, model: str | None = None, *, writable: bool | None = None,
                 maintenance: bool = False) -> tuple[Library, OnnxEmbedder]:
    """Open (or create) a library and its embedder.

    Args:
        folder: library folder or team library URI; default: the active one (:func:`resolve_location`).
        model: embedding model name or folder; default: the one that built the library, else the app default.
        writable: a team library opens read-only on its published version unless True (local ones always write).
        maintenance: open a team library as its maintenance writer (removes, compacts, publishes).

    Raises:
        LibraryMismatchError: the library was built with another model than ``model``.
        LibraryError, EmbedderError: with a user-facing message.
    """
    location: Path | str = (folder if paths.is_uri(folder) else Path(folder)) if folder \
        else resolve_location().location
    embedder = load_embedder(model_for_library(location, model))
    library = Library(location, model_id=embedder.model_id, model_hash=embedder.model_hash,
                      dimension=embedder.dimension, writable=writable, maintenance=maintenance)
    return library, embedder


def open_for_command(requested_model: str | None = None, *, writable: bool | None = None,
                     maintenance: bool = False) -> tuple[Library, OnnxEmbedder, str | None]:
    """Open the active library as the commands do: with the model that built it unless one is requested.

    Args:
        requested_model: the model to use instead of the library's.
        writable, maintenance: for a team library, see :func:`open_library` (read-only by default).

    Returns:
        The library, its embedder, and the re-index note to print (with the exact command to run), or None.
    """
    location = resolve_location().location
    model = model_for_library(location, requested_model)
    library, embedder = open_library(location, model=model, writable=writable, maintenance=maintenance)
    advice = library.reindex_advice()
    return library, embedder, f"Note: {advice} Run: finlens reindex --model {model}" if advice else None


# --- a desktop that adds documents to a team library ------------------------------------------------------------------

class TeamLibraryAppender(Library):
    """A team library opened by a desktop that adds documents: an appender (:mod:`app.core.store.remote`).

    It only adds (the store refuses removals and edits from an appender) and reads the latest version, which the
    indexer's duplicate checks need; the window keeps searching a reader on the published version. When the bucket
    refuses the write (credentials without write permission), the batch ends in a :class:`LibraryWriteError` whose
    sentence says so and names the files not stored, as a full disk does, instead of the store's raw error.

    Args:
        uri: the team library (``s3://bucket/prefix``).
        model_id, model_hash, dimension: the embedding model's, as for :class:`Library`.
    """

    def __init__(self, uri: str, *, model_id: str, model_hash: str, dimension: int) -> None:
        super().__init__(uri, model_id=model_id, model_hash=model_hash, dimension=dimension, writable=True)

    @contextlib.contextmanager
    def writing(self, *, on_wait: Callable[[str], None] | None = None, timeout: float | None = None,
                should_cancel: Callable[[], bool] | None = None) -> Iterator[WriteSession]:
        """:meth:`Library.writing`, with a refused write told in the window's words (see the class docstring)."""
        try:
            with super().writing(on_wait=on_wait, timeout=timeout, should_cancel=should_cancel) as session:
                yield session
        except WriteRefusedError as error:
            log.warning("the team library %s refused a write: %s", self.folder, error.__cause__ or error)
            lost = error.lost
            files = "1 file was" if len(lost) == 1 else f"{len(lost)} files were" if lost else "the files were"
            raise LibraryWriteError(
                f"The team library {self.folder} refused this desktop's write (access denied: these credentials may "
                f"read the bucket but not write to it), so {files} not added; nothing else changed and your files "
                "stay where they are. Ask the bucket's owner for write permission and add them again, or turn off "
                "\"This desktop adds documents\" in Settings > Library.", lost) from error


def adds_documents_to(location: Path | str, settings: Settings) -> bool:
    """Whether this desktop adds documents to the team library at ``location`` (Settings, for that library only)."""
    return isinstance(location, str) and settings.team_library_adds_documents \
        and bool(settings.team_library_uri.strip()) \
        and paths.normalise_location(settings.team_library_uri.strip()) == location.rstrip("/")


# --- re-indexing ------------------------------------------------------------------------------------------------------

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

    The previous library is kept until the next re-index, so nothing is lost if the new model disappoints. The list
    is read and the folder swapped as the library's only writer: an index run still going (in another FinLens, or
    this window's indexer told to stop) finishes first, and its documents are in the list (issue 27: a list read
    before the lock lost every document the run added while the re-index waited).

    Args:
        folder: the library folder.
        model: the embedding model to rebuild with.
        on_wait: told when another FinLens is writing to the library and the re-index waits for it.

    Raises:
        EmbedderError: the model cannot be loaded (nothing was moved).
        LibraryError: the folder cannot be moved or created.
    """
    folder = Path(folder)
    embedder = load_embedder(model)  # first: a missing model must not leave the library moved aside
    record = {**builder_record(embedder.model_id, embedder.model_hash, embedder.dimension), "created_at": time.time()}
    lock = writer_lock(folder)
    lock.acquire(timeout=WAIT_TIMEOUT_S, on_wait=on_wait, exclusive=True)
    try:
        files = indexed_paths(folder) or []
        backup = None
        if (folder / META_FILE).exists() or (folder / "lance").exists():
            backup = folder.with_name(folder.name + ".previous")
            shutil.rmtree(backup, ignore_errors=True)
            # The new folder starts with its library.json, so a writer that waited for the old library and now
            # takes the new one is told the model changed instead of writing with the old one.
            lock.replace_folder(backup, lambda new: write_meta(new, record))
        library = Library(folder, model_id=embedder.model_id, model_hash=embedder.model_hash,
                          dimension=embedder.dimension)
        with library.writing(on_wait=on_wait):  # the tables now, even if the user quits before indexing
            pass
    finally:
        lock.release()
    present = [f for f in files if Path(f).exists()]
    return ReindexPlan(library, embedder, present, backup, [f for f in files if not Path(f).exists()])
