"""Every filesystem location FinLens uses, from one place.

A leaf: it imports nothing from FinLens. Which library is active is decided in one place,
:func:`app.core.location.resolve_location`, with one precedence: ``--library DIR`` (via
:func:`set_library_override`), then the ``FINLENS_LIBRARY`` environment variable (so tests and smoke runs never touch
a real library), then the library chosen in Settings, then the per-user default folder (:func:`default_library_dir`).
Any of them may name a team library on object storage (``s3://bucket/prefix``, ``gs://…``, ``az://…``).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "FinLens"
LIBRARY_ENV = "FINLENS_LIBRARY"
CONFIG_ENV = "FINLENS_CONFIG_DIR"

#: Object stores Lance reads and writes without extra code (``s3://`` also covers S3-compatible servers).
URI_SCHEMES = ("s3", "s3a", "gs", "az", "abfss")

_library_override: Path | str | None = None


class NotALocalFolderError(ValueError):
    """The active library is a team library URI, and the caller needs a local folder."""


def is_uri(location: object) -> bool:
    """Whether ``location`` names an object-store library (``s3://bucket/prefix``) rather than a folder."""
    text = str(location)
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.lower() in URI_SCHEMES


def normalise_location(location: str | os.PathLike[str]) -> Path | str:
    """One spelling of a library location: a resolved folder, or a URI without a trailing slash."""
    text = os.fspath(location)
    # A URI keeps its exact spelling (Path() would fold "s3://b" into "s3:/b"); no trailing slash, one spelling.
    return text.rstrip("/") if is_uri(text) else Path(text).expanduser().resolve()


def set_library_override(path: str | os.PathLike[str] | None) -> None:
    """Use ``path`` (a folder or an object-store URI) as the library for this process (``--library``)."""
    global _library_override
    _library_override = normalise_location(path) if path else None


def library_override() -> tuple[Path | str, str] | None:
    """The library named by ``--library`` or ``$FINLENS_LIBRARY`` and which of the two named it, or None."""
    if _library_override is not None:
        return _library_override, "--library"
    env = os.environ.get(LIBRARY_ENV)
    return (normalise_location(env), LIBRARY_ENV) if env else None


def library_overridden() -> bool:
    """True when ``--library`` or ``$FINLENS_LIBRARY`` chose the library (settings must not move it then)."""
    return library_override() is not None


def default_library_dir() -> Path:
    """The per-user library folder, used when nothing else names one."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library"


def demo_library_dir() -> Path:
    """The library ``finlens demo`` indexes the sample filings into: its own, never the user's filings."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo-library"


def config_dir() -> Path:
    """Folder for settings; follows the library override in tests via ``$FINLENS_CONFIG_DIR``.

    On Windows the settings roam with the user (``%APPDATA%\\FinLens``), while the library and logs stay on this
    computer (``%LOCALAPPDATA%\\FinLens``); elsewhere ``roaming`` changes nothing.
    """
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=True))


def compare_grids_file() -> Path:
    """The saved Compare grids (named sets of columns), beside the settings."""
    return config_dir() / "compare-grids.json"


def log_dir() -> Path:
    """Folder for the log file and crash reports."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) if not os.environ.get(CONFIG_ENV) \
        else config_dir() / "logs"


def resources_dir() -> Path:
    """The bundled ``resources/`` folder (next to ``app/`` in a checkout, inside the bundle when frozen)."""
    import sys

    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def models_dir() -> Path:
    """Folder of the bundled embedding models."""
    return resources_dir() / "models"


def samples_dir() -> Path:
    """Folder of the bundled sample filings (the demo library)."""
    return resources_dir() / "samples"
