"""``library.json``: what built a library (app, schema and chunking versions, model id, hash and dimension).

Written only by the writer, atomically (temp file, fsync, rename, fsync of the folder), so a crash or a full disk
leaves the previous record or the new one, never half of one. A record damaged by something else is explained with
the way out instead of ending in a ``JSONDecodeError``. A team library's record is one object in the bucket, written
with a single PUT (whole or not at all; see :mod:`.remote`); it holds no credentials.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from app.core.store import remote
from app.core.store.errors import LibraryError, LibraryMismatchError

SCHEMA_VERSION = 1
META_FILE = "library.json"


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, whole.

    Raises:
        OSError: the folder is read-only or full (``path`` is then unchanged).
    """
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        with contextlib.suppress(OSError):
            folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)


def read_meta(folder: Path | str) -> dict[str, Any] | None:
    """The ``library.json`` of ``folder`` (or of a team library's URI), or None when there is none (a new library).

    Raises:
        LibraryError: the file is unreadable, empty or not a FinLens record; the message says how to recover.
    """
    if remote.is_uri(folder):
        path: Path | str = f"{folder}/{META_FILE}"
        raw = remote.read_bytes(str(path))
        if raw is None:
            return None
    else:
        path = Path(folder) / META_FILE
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise LibraryError(f"The library's record {path} cannot be read ({error.strerror}). Check the folder's "
                               "permissions, or choose another library with --library or in Settings.") from None
    try:
        # Decoded here, not by the reader: bytes that are not UTF-8 (a disk error, another program's file) are a
        # damaged record like a torn one, not an unexpected UnicodeDecodeError.
        meta = json.loads(raw.decode("utf-8"))
        if not isinstance(meta, dict) or "model_id" not in meta:
            raise ValueError("not a FinLens library record")
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are both ValueErrors
        state = "empty" if not raw.strip() else "damaged"
        raise LibraryError(
            f"The library's record {path} is {state}, so FinLens cannot tell which model built this library. "
            "Your documents are still there: run 'finlens reindex' to rebuild the library from its files "
            "(the old folder is kept beside it), or restore library.json from a backup.") from None
    return meta


def write_meta(folder: Path | str, meta: dict[str, Any]) -> dict[str, Any]:
    """Write ``library.json`` atomically (in a folder or a team library's URI); returns ``meta``.

    Raises:
        LibraryError: the folder is not writable.
    """
    if remote.is_uri(folder):
        remote.write_text(f"{folder}/{META_FILE}", json.dumps(meta, indent=2))
        return meta
    try:
        write_atomically(Path(folder) / META_FILE, json.dumps(meta, indent=2))
    except OSError as error:
        raise LibraryError(f"The library folder {folder} is not writable ({error.strerror}). "
                           "Choose another folder with --library or in Settings.") from None
    return meta


def check_meta(meta: dict[str, Any], built_with: dict[str, Any]) -> None:
    """Refuse a library built by another storage version or embedding model.

    Raises:
        LibraryMismatchError: with the sentence that says which model to switch to, or to re-index.
    """
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise LibraryMismatchError(
            f"This library was built by FinLens {meta.get('app_version')} with storage version "
            f"{meta.get('schema_version')}; this FinLens uses version {SCHEMA_VERSION}. Re-index the library "
            "(finlens reindex) to upgrade it.", meta)
    if meta.get("model_id") != built_with["model_id"] or meta.get("model_hash") != built_with["model_hash"] \
            or meta.get("dimension") != built_with["dimension"]:
        built, using = f"'{meta.get('model_id')}'", f"'{built_with['model_id']}'"
        if built == using:  # same name, other weights: an updated or retrained model
            built += f" (version {str(meta.get('model_hash'))[:12]})"
            using += f" (version {str(built_with['model_hash'])[:12]})"
        raise LibraryMismatchError(
            f"This library was indexed with the embedding model {built}, but FinLens is set to use "
            f"{using}. Mixing models would give meaningless results: switch back to the first in Settings "
            "(or --model), or re-index the library with the new model (finlens reindex).", meta)
