"""Which library is active: one precedence, decided here and nowhere else.

:func:`resolve_location` picks the active library — ``--library`` (:func:`app.core.paths.set_library_override`) >
``$FINLENS_LIBRARY`` > the library chosen in Settings (a folder, or a team library on object storage) > the per-user
default folder — so ``finlens search`` opens the library the window shows. :func:`library_location` returns it as a
folder or a URI string, while :func:`library_dir` (for the parts that need a local folder) refuses a URI with a
sentence. :mod:`app.core.paths` only names folders; this module asks the settings and registers a team library's
credentials with the store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.core import paths
from app.core.settings import Settings, get_s3_secret, load_settings
from app.core.store import credentials

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LibraryLocation:
    """The active library and what chose it.

    Attributes:
        location: a resolved folder, or a team library URI (``s3://bucket/prefix``).
        source: ``"--library"``, ``"FINLENS_LIBRARY"``, ``"Settings"`` or ``"default"``.
    """

    location: Path | str
    source: str

    @property
    def remote(self) -> bool:
        """Whether the library is on object storage (a team library)."""
        return isinstance(self.location, str)

    def __str__(self) -> str:
        return str(self.location)


def resolve_location(settings: Settings | None = None) -> LibraryLocation:
    """The library to open: ``--library`` > ``$FINLENS_LIBRARY`` > Settings > the per-user default folder.

    A team library chosen in Settings also makes its endpoint, region and keys (the secret from the OS keyring)
    available to the store for that URI only (:mod:`app.core.store.credentials`; the AWS variables still win).

    Args:
        settings: the user's settings (read from the settings file when None, and only when needed).
    """
    override = paths.library_override()
    if override is not None:
        return LibraryLocation(*override)
    settings = settings if settings is not None else load_settings()
    if settings.team_library_chosen:
        uri = paths.normalise_location(settings.team_library_uri.strip())
        if isinstance(uri, str):
            connect_team_library(uri, settings)
            return LibraryLocation(uri, "Settings")
        log.warning("the team library in Settings is not an s3:// URI; opening the library folder instead")
    if settings.library_dir.strip():
        return LibraryLocation(paths.normalise_location(settings.library_dir.strip()), "Settings")
    return LibraryLocation(paths.default_library_dir(), "default")


def connect_team_library(uri: str, settings: Settings) -> None:
    """Register the Settings' endpoint, region and keys for ``uri`` (in memory only; see :mod:`.store.credentials`)."""
    credentials.configure(uri, credentials.S3Connection(
        endpoint=settings.s3_endpoint_url.strip(), region=settings.s3_region.strip(),
        access_key_id=settings.s3_access_key_id.strip(),
        secret_access_key=get_s3_secret() if settings.s3_access_key_id.strip() else ""))


def library_location() -> Path | str:
    """The active library, as :func:`resolve_location` decides it (Settings included).

    Returns:
        A resolved folder, or the URI string of a team library on object storage.
    """
    return resolve_location().location


def library_dir() -> Path:
    """The active library folder, for the parts that work on local folders only.

    Raises:
        NotALocalFolderError: the active library is a team library URI (use :func:`library_location`).
    """
    location = library_location()
    if isinstance(location, str):
        raise paths.NotALocalFolderError(f"{location} is a team library on object storage; this command works on a "
                                         "library folder on this computer only.")
    return location
