"""User settings: a typed schema declared once, with defaults, a version and upgrade steps.

Stored as JSON in the config folder (``paths.config_dir()``). Secrets (the LLM API key, a team library's secret
access key) never go to that file: they live in the OS keyring (``keyring``, service "FinLens"), with an in-memory
fallback when no keyring backend exists (a headless server), in which case the secret lasts only for the session and
the user is told so.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from app.core import paths

SETTINGS_VERSION = 3
KEYRING_SERVICE = "FinLens"
KEYRING_LLM_USER = "llm-api-key"
KEYRING_S3_SECRET_USER = "team-library-secret-access-key"
#: The settings that choose the library and how it opens (changing one opens it again); the team library's fields
#: after the first two.
LIBRARY_FIELDS = ("library_kind", "library_dir", "team_library_uri", "s3_endpoint_url", "s3_region",
                  "s3_access_key_id", "team_library_adds_documents")
log = logging.getLogger(__name__)


@dataclass
class Settings:
    """Every user setting with its default."""

    version: int = SETTINGS_VERSION
    library_kind: str = "local"  # "local" (library_dir) | "team" (team_library_uri)
    library_dir: str = ""  # empty: the per-user default (paths.default_library_dir)
    team_library_uri: str = ""  # s3://bucket/prefix
    s3_endpoint_url: str = ""  # empty: AWS (or $AWS_ENDPOINT_URL)
    s3_region: str = ""
    s3_access_key_id: str = ""  # its secret is in the keyring (get_s3_secret), never here
    # This desktop adds documents to the team library (an appender: needs write permission on the bucket); off, the
    # window only reads it. Removing and editing stay with the library's maintenance writer either way.
    team_library_adds_documents: bool = False
    embedding_model: str = "default"
    llm_base_url: str = ""  # empty: no LLM configured (extractive answers)
    llm_model: str = ""
    llm_timeout_s: float = 60.0
    llm_temperature: float = 0.0
    search_method: str = "hybrid"
    reranker: str = "default"  # "default" (the bundled finance reranker), "none", or a reranker folder
    results_per_page: int = 20
    watched_folders: list[str] = field(default_factory=list)
    window_geometry: str = ""  # base64 Qt geometry/state, owned by the UI
    window_state: str = ""
    theme: str = "system"  # "system" | "light" | "dark"

    @property
    def team_library_chosen(self) -> bool:
        """True when Settings say to open a team library (and name one)."""
        return self.library_kind == "team" and bool(self.team_library_uri.strip())

    @property
    def llm_configured(self) -> bool:
        """True when an LLM endpoint and model are set."""
        return bool(self.llm_base_url.strip() and self.llm_model.strip())


def settings_path() -> Path:
    """Where the settings file lives."""
    return paths.config_dir() / "settings.json"


def _upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older settings file up to :data:`SETTINGS_VERSION`."""
    version = int(data.get("version", 1))
    if version < 2:
        # v1 stored the endpoint as "llm_endpoint"; v2 calls it llm_base_url.
        if "llm_endpoint" in data:
            data["llm_base_url"] = data.pop("llm_endpoint")
        version = 2
    if version < 3:
        # v3 adds the team library (library_kind and the S3 fields); a v2 file always meant a local folder.
        data.setdefault("library_kind", "local")
        version = 3
    data["version"] = version
    return data


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing or damaged file gives defaults (a damaged one is kept aside as ``.bad``)."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = _upgrade(json.loads(path.read_text()))
    except (OSError, ValueError) as error:
        log.warning("settings file %s unreadable (%s); using defaults", path, error)
        try:
            path.replace(path.with_suffix(".bad"))
        except OSError:
            pass
        return Settings()
    known = {f.name: f for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in known}
    settings = Settings(**values)
    settings.version = SETTINGS_VERSION
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write settings atomically (temp file, fsync, rename), so a crash or a full disk never leaves half a file."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(settings), indent=2))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


_memory_secrets: dict[str, str] = {}


def _get_secret(user: str) -> str:
    """A secret from the OS keyring ("" when none; this session's memory when there is no keyring)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, user) or _memory_secrets.get(user, "")
    except Exception:  # no backend (headless Linux): fall back to this session's memory
        return _memory_secrets.get(user, "")


def _set_secret(user: str, value: str) -> bool:
    """Store (or, when empty, delete) a secret in the OS keyring. Returns False when only kept in memory."""
    try:
        import keyring

        if value:
            keyring.set_password(KEYRING_SERVICE, user, value)
        else:
            try:
                keyring.delete_password(KEYRING_SERVICE, user)
            except Exception:
                pass
        _memory_secrets.pop(user, None)
        return True
    except Exception:
        _memory_secrets[user] = value
        return False


def get_api_key() -> str:
    """The LLM API key from the OS keyring ("" when none)."""
    return _get_secret(KEYRING_LLM_USER)


def set_api_key(value: str) -> bool:
    """Store the LLM API key in the OS keyring. Returns False when only kept in memory for this session."""
    return _set_secret(KEYRING_LLM_USER, value)


def get_s3_secret() -> str:
    """The team library's secret access key from the OS keyring ("" when none)."""
    return _get_secret(KEYRING_S3_SECRET_USER)


def set_s3_secret(value: str) -> bool:
    """Store the team library's secret access key in the OS keyring. Returns False when only kept in memory."""
    return _set_secret(KEYRING_S3_SECRET_USER, value)
