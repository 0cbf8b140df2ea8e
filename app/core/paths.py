"""Every filesystem location FinLens uses, from one place.

The library folder defaults to the per-user data directory; ``--library DIR`` (via :func:`set_library_override`)
or the ``FINLENS_LIBRARY`` environment variable redirect it, so tests and smoke runs never touch a real library.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "FinLens"
LIBRARY_ENV = "FINLENS_LIBRARY"
CONFIG_ENV = "FINLENS_CONFIG_DIR"

_library_override: Path | None = None


def set_library_override(path: str | os.PathLike[str] | None) -> None:
    """Use ``path`` as the library folder for this process (``--library DIR``); ``None`` clears it."""
    global _library_override
    _library_override = Path(path).expanduser().resolve() if path else None


def library_overridden() -> bool:
    """True when ``--library`` or ``$FINLENS_LIBRARY`` chose the library (settings must not move it then)."""
    return _library_override is not None or bool(os.environ.get(LIBRARY_ENV))


def library_dir() -> Path:
    """The active library folder: the override, else ``$FINLENS_LIBRARY``, else the per-user data folder."""
    if _library_override is not None:
        return _library_override
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library"


def config_dir() -> Path:
    """Folder for settings; follows the library override in tests via ``$FINLENS_CONFIG_DIR``."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


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
