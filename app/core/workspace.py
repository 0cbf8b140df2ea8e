"""Opening the active library with the right embedding model: the one entry point shared by CLI and GUI."""

from __future__ import annotations

from pathlib import Path

from app.core import paths
from app.core.embedding import EmbedderError, OnnxEmbedder, load_embedder
from app.core.library import Library


def model_for_library(folder: Path, requested: str | None = None) -> str:
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


def open_library(folder: Path | None = None, model: str | None = None) -> tuple[Library, OnnxEmbedder]:
    """Open (or create) a library and its embedder.

    Args:
        folder: library folder; default: :func:`app.core.paths.library_dir`.
        model: embedding model name or folder; default: the one that built the library, else the app default.

    Raises:
        LibraryMismatchError: the library was built with another model than ``model``.
        LibraryError, EmbedderError: with a user-facing message.
    """
    folder = Path(folder) if folder else paths.library_dir()
    embedder = load_embedder(model_for_library(folder, model))
    library = Library(folder, model_id=embedder.model_id, model_hash=embedder.model_hash,
                      dimension=embedder.dimension)
    return library, embedder
