"""Where a team library's endpoint, region and keys come from, in one order, for Lance and for pyarrow.

For each value the first source that has it wins:

1. **The standard AWS variables**: ``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL``, ``AWS_REGION`` /
   ``AWS_DEFAULT_REGION``, ``AWS_ACCESS_KEY_ID`` + ``AWS_SECRET_ACCESS_KEY`` (+ ``AWS_SESSION_TOKEN``),
   ``AWS_ALLOW_HTTP``.
2. **A named AWS profile** (``AWS_PROFILE``): when it is set, FinLens passes no keys of its own, so the SDKs read the
   profile's keys (``~/.aws/credentials``).
3. **FinLens Settings** (Settings > Library > Team library): endpoint URL, region, access key id, and the secret
   access key from the OS keyring. They are registered here for the library's URI only (:func:`configure`), so another
   bucket named with ``--library`` never receives them.
4. **The provider chain** of the SDKs: the default profile, an instance or container role.

Everything stays in memory: no value is written to ``library.json``, the settings file or a log line, and
:class:`S3Connection` hides its secret from ``repr``.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

__all__ = ["S3Connection", "configure", "configured_for", "resolve"]


@dataclass(frozen=True)
class S3Connection:
    """How to reach an S3-compatible store: all optional; empty means "let the SDK decide"."""

    endpoint: str = ""
    region: str = ""
    access_key_id: str = ""
    secret_access_key: str = field(default="", repr=False)
    session_token: str = field(default="", repr=False)
    allow_http: bool = False

    @property
    def has_keys(self) -> bool:
        """Whether a key pair is set (else the SDK's provider chain finds credentials)."""
        return bool(self.access_key_id and self.secret_access_key)


_configured: dict[str, S3Connection] = {}
_guard = threading.Lock()


def configure(library_uri: str, connection: S3Connection | None) -> None:
    """Use ``connection`` (from Settings) for the objects under ``library_uri``; None forgets it."""
    key = library_uri.rstrip("/")
    with _guard:
        if connection is None:
            _configured.pop(key, None)
        else:
            _configured[key] = connection


def configured_for(uri: str) -> S3Connection:
    """What Settings registered for the library holding ``uri`` (empty when nothing was)."""
    with _guard:
        matches = [key for key in _configured if uri == key or uri.startswith(key + "/")]
        return _configured[max(matches, key=len)] if matches else S3Connection()


def resolve(uri: str) -> S3Connection:
    """The connection for ``uri``, each value from the first source that has it (see the module docstring)."""
    env = os.environ
    from_settings = configured_for(uri)
    endpoint = env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL") or from_settings.endpoint
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or from_settings.region
    if env.get("AWS_ACCESS_KEY_ID"):
        key_id, secret = env["AWS_ACCESS_KEY_ID"], env.get("AWS_SECRET_ACCESS_KEY", "")
        token = env.get("AWS_SESSION_TOKEN", "")
    elif env.get("AWS_PROFILE"):
        key_id = secret = token = ""  # the profile's keys, read by the SDKs themselves
    else:
        key_id, secret, token = from_settings.access_key_id, from_settings.secret_access_key, ""
    allow_http = endpoint.startswith("http://") or env.get("AWS_ALLOW_HTTP", "").lower() in ("1", "true")
    return S3Connection(endpoint=endpoint.rstrip("/"), region=region, access_key_id=key_id,
                        secret_access_key=secret, session_token=token, allow_http=allow_http)
