"""The writer lock: an OS file lock that makes one process at a time the writer of a library folder.

``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows, on ``write.lock`` in the library folder. The OS releases
the lock when its holder exits, kill -9 included, so a crash never leaves a library locked. Within one process
every :class:`~app.core.store.library.Library` object on a folder shares one :class:`WriterLock` (counted), so the
window's indexer and its metadata edits do not lock each other out; their individual writes serialise on
:attr:`WriterLock.mutex`.

The lock file also records whether its last holder finished cleanly (``"state": "clean"``). A holder that died
mid-write leaves ``"writing"``, and the next writer repairs the library before writing. A library made before the
lock existed has no lock file, which counts as "not known to be clean".

Network folders: ``flock`` over NFS/SMB is only as good as the server's lock support; FinLens assumes a local folder.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from app.core.store.errors import LibraryBusyError, LibraryError, WaitCancelled

LOCK_FILE = "write.lock"
WAIT_MESSAGE = "Another FinLens is indexing this library; waiting…"
POLL_SECONDS = 0.25


def _try_lock(handle: int) -> bool:
    """Take the lock on an open file without blocking; False when another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        import msvcrt

        try:
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _unlock(handle: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle, fcntl.LOCK_UN)


class WriterLock:
    """The writer lock of one library folder, shared by every thread of this process (see module docstring).

    Attributes:
        mutex: serialises this process's individual writes to the folder (a batch commit, a metadata edit).
        generation: bumped after every commit by this process, so a writer's cached view knows another thread wrote.
        repair_due: True right after the OS lock was taken from a holder that did not finish cleanly.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_FILE
        self.mutex = threading.RLock()
        self.generation = 0
        self.repair_due = False
        self._guard = threading.Lock()
        self._count = 0
        self._dirty = False  # a user of the lock left after a failed write
        self._handle: int | None = None

    @property
    def held(self) -> bool:
        """Whether this process holds the lock."""
        return self._count > 0

    def acquire(self, *, timeout: float, on_wait: Callable[[str], None] | None = None,
                should_cancel: Callable[[], bool] | None = None) -> None:
        """Become (or join) the folder's writer, waiting up to ``timeout`` seconds for another process.

        Raises:
            WaitCancelled: ``should_cancel`` said so while waiting.
            LibraryBusyError: another process kept the lock for ``timeout`` seconds.
            LibraryError: the folder cannot be created or written.
        """
        with self._guard:
            if self._count:
                self._count += 1
                return
            deadline = time.monotonic() + timeout
            announced = False
            while True:
                handle = self._open()
                if _try_lock(handle):
                    # The folder may have been moved aside (re-index) while we waited: a lock on a file that is no
                    # longer at our path guards nothing, so take the new one.
                    if self._same_file(handle):
                        break
                    _unlock(handle)
                os.close(handle)
                if not announced and on_wait is not None:
                    on_wait(WAIT_MESSAGE)
                    announced = True
                if should_cancel is not None and should_cancel():
                    raise WaitCancelled("Cancelled while waiting for another FinLens to finish; nothing was changed.")
                if time.monotonic() >= deadline:
                    raise LibraryBusyError(
                        f"Another FinLens{self._holder()} kept this library busy for {timeout:.0f} s, so nothing was "
                        "changed. Try again when it has finished indexing.")
                time.sleep(POLL_SECONDS)
            self._handle = handle
            self._count = 1
            self.repair_due = self._read_state() != "clean"
            self._write_state("writing")

    def release(self, *, clean: bool = True) -> None:
        """Leave the writer role; the OS lock goes when the last user of this process leaves.

        Args:
            clean: every change was committed (False after a failed write: the next writer repairs first).
        """
        with self._guard:
            if not self._count:
                return
            self._count -= 1
            if not clean:
                self._dirty = True
            if self._count or self._handle is None:
                return
            handle, self._handle = self._handle, None
            try:
                if not self._dirty:
                    self._write_state("clean", handle)
            finally:
                self._dirty = False
                _unlock(handle)
                os.close(handle)

    # --- the lock file --------------------------------------------------------------------------------------------

    def _open(self) -> int:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise LibraryError(f"The library folder {self.folder} is not writable ({error.strerror}). "
                               "Choose another folder with --library or in Settings.") from None

    def _same_file(self, handle: int) -> bool:
        try:
            here, there = os.fstat(handle), os.stat(self.path)
        except OSError:
            return False
        return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)

    def _read_state(self) -> str:
        if sys.platform == "win32":  # pragma: no cover - the locked byte cannot be read there; assume the worst
            return "unknown"
        try:
            return str(json.loads(self.path.read_text() or "{}").get("state", "unknown"))
        except (OSError, ValueError):
            return "unknown"

    def _write_state(self, state: str, handle: int | None = None) -> None:
        if sys.platform == "win32":  # pragma: no cover
            return
        handle = self._handle if handle is None else handle
        if handle is None:
            return
        record = json.dumps({"state": state, "pid": os.getpid(), "host": socket.gethostname(),
                             "since": time.strftime("%Y-%m-%d %H:%M:%S")}).encode()
        try:
            os.ftruncate(handle, 0)
            os.pwrite(handle, record, 0)
        except OSError:  # a full disk must not hide the real error; the next writer simply repairs
            pass

    def _holder(self) -> str:
        try:
            record = json.loads(self.path.read_text() or "{}")
            return f" (process {record['pid']} on {record['host']}, since {record['since']})"
        except (OSError, ValueError, KeyError):
            return ""


_locks: dict[str, WriterLock] = {}
_locks_guard = threading.Lock()


def writer_lock(folder: Path) -> WriterLock:
    """The process-wide :class:`WriterLock` of ``folder``."""
    key = os.path.realpath(folder)
    with _locks_guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = WriterLock(Path(folder))
        return lock
