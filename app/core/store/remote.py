"""Team libraries on object storage (``s3://bucket/prefix``; ``gs://`` and ``az://`` as Lance supports them).

The library keeps the local layout under its URI: ``library.json`` beside the LanceDB database ``lance/``. What
differs is who may write, because object storage has no OS file lock:

* **Appenders** (``finlens index`` on the URI, the commits of ``finlens cluster-index``) only *add* documents. Lance
  commits are conditional (put-if-absent on the next manifest), so concurrent appends from many processes and
  machines all land; a losing commit is retried on the new version by Lance. An appender never removes, updates,
  compacts or deletes old versions (:class:`RemoteLock` refuses it), since those would race other appenders.
* **One maintenance writer** (``finlens maintain``, ``finlens remove``) repairs (duplicates two appenders stored for
  the same bytes, chunks of a commit that died), refreshes the indexes, compacts, moves the ``published`` tag on
  every table and deletes versions older than the grace period. Run it from one place (a scheduled job), when no
  appender is running or at least none is expected to finish mid-run; FinLens cannot check that on object storage.
* **Readers** (the window, ``search``, ``docs``, ``ask``) open the library read-only on the ``published`` tag: they
  see the version the maintenance writer published, never a half-maintained one, and move to a newer one with
  :meth:`Library.refresh`. A library never maintained has no tag yet; readers then read its latest version.

Endpoint, region and credentials come from the standard AWS variables (``AWS_ENDPOINT_URL``, ``AWS_REGION``,
``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``, ``AWS_ALLOW_HTTP``), an ``AWS_PROFILE``, or
FinLens Settings (secret in the OS keyring), in that order (:mod:`.credentials`), passed to Lance as
``storage_options`` and to pyarrow for ``library.json``; without keys both fall back to the provider chain (profiles,
instance roles). They live in memory only: never in ``library.json``, never in a log line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from app.core.paths import is_uri
from app.core.store import credentials
from app.core.store.errors import LibraryError

__all__ = ["APPEND_ONLY", "KEEP_VERSIONS", "PUBLISHED_TAG", "RemoteLock", "exists", "is_uri", "read_text",
           "storage_options", "write_text"]

#: The Lance tag (on every table) that readers open.
PUBLISHED_TAG = "published"
#: How long the maintenance writer keeps versions it no longer publishes: readers on them have this long to refresh.
KEEP_VERSIONS = timedelta(minutes=10)
#: Why an appender may not remove or change documents.
APPEND_ONLY = ("A team library only takes new documents from indexers; removing or changing documents is the "
               "maintenance writer's job (finlens maintain / finlens remove on the library, run from one place).")


def storage_options(uri: str) -> dict[str, str]:
    """Lance ``storage_options`` for ``uri`` (see :mod:`.credentials` for where each value comes from; empty for
    gs/az: their SDK variables are read by Lance itself)."""
    if not uri.lower().startswith(("s3://", "s3a://")):
        return {}
    connection = credentials.resolve(uri)
    options: dict[str, str] = {}
    if connection.access_key_id:
        options["aws_access_key_id"] = connection.access_key_id
        options["aws_secret_access_key"] = connection.secret_access_key
    if connection.session_token:
        options["aws_session_token"] = connection.session_token
    if connection.region:
        options["aws_region"] = connection.region
    if connection.endpoint:
        # A custom endpoint is an S3-compatible server (MinIO, Ceph, moto): those want path-style requests.
        options["aws_endpoint"] = connection.endpoint
        options["aws_virtual_hosted_style_request"] = "false"
        if connection.allow_http:
            options["allow_http"] = "true"
    return options


def _filesystem(uri: str) -> tuple[Any, str]:
    """A pyarrow filesystem and the path of ``uri`` in it (pyarrow ships S3, GCS and Azure support)."""
    from pyarrow import fs

    if uri.lower().startswith(("s3://", "s3a://")):
        connection = credentials.resolve(uri)
        kwargs: dict[str, Any] = {"force_virtual_addressing": False}
        if connection.access_key_id:
            kwargs.update(access_key=connection.access_key_id, secret_key=connection.secret_access_key,
                          session_token=connection.session_token or None)
        if connection.region:
            kwargs["region"] = connection.region
        if connection.endpoint:
            scheme, _, host = connection.endpoint.partition("://")
            kwargs.update(endpoint_override=host.rstrip("/") or scheme, scheme=scheme if host else "https")
        return fs.S3FileSystem(**kwargs), uri.split("://", 1)[1]
    found: tuple[Any, str] = fs.FileSystem.from_uri(uri)
    return found


def read_text(uri: str) -> str | None:
    """The text (UTF-8) of the object at ``uri``, or None when there is none.

    Raises:
        LibraryError: the store cannot be reached or refuses (the sentence names the variables to check).
        UnicodeDecodeError: the object is not UTF-8 text.
    """
    raw = read_bytes(uri)
    return None if raw is None else raw.decode("utf-8")


def read_bytes(uri: str) -> bytes | None:
    """The bytes of the object at ``uri``, or None when there is none.

    Raises:
        LibraryError: the store cannot be reached or refuses (the sentence names the variables to check).
    """
    from pyarrow import fs

    try:
        filesystem, path = _filesystem(uri)
        if filesystem.get_file_info(path).type == fs.FileType.NotFound:
            return None
        with filesystem.open_input_stream(path) as stream:
            return bytes(stream.read())
    except OSError as error:
        raise LibraryError(f"The team library at {uri} cannot be read ({_short(error)}). Check the bucket name, "
                           "then the endpoint, region and credentials (the AWS variables, or Settings > Library).") \
            from None


def write_text(uri: str, text: str) -> None:
    """Write the object at ``uri`` (a single PUT: readers see the old object or the new one, whole).

    Raises:
        LibraryError: the store refuses (read-only credentials, missing bucket).
    """
    try:
        filesystem, path = _filesystem(uri)
        with filesystem.open_output_stream(path) as stream:
            stream.write(text.encode("utf-8"))
    except OSError as error:
        raise LibraryError(f"The team library at {uri} cannot be written ({_short(error)}). Writing needs "
                           "credentials with write permission on the bucket.") from None


def exists(uri: str) -> bool:
    """Whether anything is stored under ``uri`` (a prefix counts)."""
    from pyarrow import fs

    try:
        filesystem, path = _filesystem(uri)
        return bool(filesystem.get_file_info(fs.FileSelector(path, allow_not_found=True, recursive=False)))
    except OSError:
        return False


def _short(error: BaseException) -> str:
    # pyarrow's S3 errors are long and may quote the request; keep the first line, which names the failure.
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__


class RemoteLock:
    """The writer role of a team library: the same interface as :class:`~app.core.store.lock.WriterLock`, without
    an OS lock (object storage has none; see the module docstring for the rule that replaces it).

    Attributes:
        mutex: serialises this process's own commits.
        generation: bumped after every commit by this process (the writer's cached view re-reads).
        repair_due: always False here: repair is the maintenance writer's job, not every appender's.
        maintenance: whether this process is the library's maintenance writer (may remove, compact, publish).
    """

    def __init__(self, uri: str, *, maintenance: bool) -> None:
        self.folder = uri
        self.mutex = threading.RLock()
        self.generation = 0
        self.repair_due = False
        self.maintenance = maintenance
        self._count = 0
        self._guard = threading.Lock()

    @property
    def held(self) -> bool:
        """Whether this process is writing."""
        return self._count > 0

    def acquire(self, *, timeout: float, on_wait: Callable[[str], None] | None = None,
                should_cancel: Callable[[], bool] | None = None) -> None:
        """Become a writer at once: appenders do not wait for each other (Lance's commits settle concurrency)."""
        with self._guard:
            self._count += 1

    def release(self, *, clean: bool = True) -> None:
        """Leave the writer role."""
        with self._guard:
            self._count = max(0, self._count - 1)
