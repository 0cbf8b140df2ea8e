"""The document library: kept importable here; the implementation and its concurrency model live in
:mod:`app.core.store`."""

from app.core.store import *  # noqa: F403 - this module is the store's public name
from app.core.store import __all__  # noqa: F401
