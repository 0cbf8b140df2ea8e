"""The writer lock: OS locks that make one process at a time the writer of a library folder.

``fcntl.flock`` on POSIX, on the library folder itself and on ``write.lock`` in it; ``msvcrt.locking`` (Windows'
mandatory ``LockFile``, on a byte past the state record) on ``write.lock`` on Windows (it cannot lock a folder).
The OS releases the locks when their holder exits, kill -9 included, so a crash never leaves a library locked.
Within one process every :class:`~app.core.store.library.Library` object on a folder shares one :class:`WriterLock`
(counted), so the window's indexer and its metadata edits do not lock each other out; their individual writes
serialise on :attr:`WriterLock.mutex`.

Why the folder as well as the file: a lock on the file alone ended when someone deleted the file (cleaning up what
looked like a stale lock) — the next writer created a new ``write.lock``, locked it and wrote beside the first
(issue 27). A folder cannot be deleted while it holds the library, so a second writer finds it locked and waits as
it would with the file in place. The file stays: it records the holder and its state, and an older FinLens locks
only the file.

The lock file records whether its last holder finished cleanly (``"state": "clean"``). A holder that died
mid-write leaves ``"writing"``, and the next writer repairs the library before writing. A library made before the
lock existed (or whose lock file was deleted) has no record, which counts as "not known to be clean".

Re-indexing replaces the whole folder (:meth:`WriterLock.replace_folder`): the new folder is made beside the old
one and locked before it takes the old one's place, so a writer waiting for the library never finds the place empty
or unlocked; it notices that what it waited for moved, and waits for the new folder's lock instead.

Network folders: ``flock`` over NFS/SMB is only as good as the server's lock support; FinLens assumes a local folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.store.errors import LibraryBusyError, LibraryError, WaitCancelled

LOCK_FILE = "write.lock"
WAIT_MESSAGE = "Another FinLens is indexing this library; waiting…"
POLL_SECONDS = 0.25
#: A waiter recreates a library folder that vanished only after this long: for an instant during a re-index on a
#: file system that cannot swap two folders atomically, the folder is missing, and must not be recreated empty.
MISSING_GRACE_S = 2.0
LOCKS_FOLDER = sys.platform != "win32"


# Windows locks are mandatory: no other handle can read a locked byte. So the lock is one byte far past the state
# record (locking beyond the end of a file is allowed), and the record stays readable to the next writer.
WINDOWS_LOCK_OFFSET = 0x7FFFFFFF


def _try_lock(handle: int) -> bool:
    """Take the lock on an open file (or folder) without blocking; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(handle, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
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
    if sys.platform == "win32":
        import msvcrt

        os.lseek(handle, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class _Held:
    """The open, locked lock file and library folder (``folder`` is None where folders cannot be locked)."""

    file: int
    folder: int | None

    def release(self) -> None:
        """Unlock and close both (the file first: it is what an older FinLens waits for)."""
        for handle in (self.file, self.folder):
            if handle is not None:
                with contextlib.suppress(OSError):
                    _unlock(handle)
                os.close(handle)

    def same_as(self, folder: Path) -> bool:
        """Whether what is locked is still the folder at ``folder`` and its lock file (not moved, not replaced)."""
        try:
            pairs = [(os.fstat(self.file), os.stat(folder / LOCK_FILE))]
            if self.folder is not None:
                pairs.append((os.fstat(self.folder), os.stat(folder)))
        except OSError:
            return False
        return all((here.st_dev, here.st_ino) == (there.st_dev, there.st_ino) for here, there in pairs)


def _not_writable(folder: Path, error: OSError) -> LibraryError:
    return LibraryError(f"The library folder {folder} is not writable ({error.strerror}). "
                        "Choose another folder with --library or in Settings.")


def _take(folder: Path, *, create: bool) -> tuple[_Held | None, bool]:
    """Lock ``folder`` and its lock file without blocking.

    Returns:
        The locks, or None and whether that was because the folder is missing (not created unless ``create``).

    Raises:
        LibraryError: the folder cannot be created or the lock file not written.
    """
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _not_writable(folder, error) from None
    folder_handle: int | None = None
    try:
        if LOCKS_FOLDER:
            folder_handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            if not _try_lock(folder_handle):
                os.close(folder_handle)
                return None, False
        handle = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except FileNotFoundError:
        if folder_handle is not None:
            os.close(folder_handle)
        return None, True
    except OSError as error:
        if folder_handle is not None:
            os.close(folder_handle)
        raise _not_writable(folder, error) from None
    if not _try_lock(handle):
        _Held(handle, folder_handle).release()
        return None, False
    return _Held(handle, folder_handle), False


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc < 2.28, musl)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):  # a file system that cannot swap
        return False
    raise OSError(code, os.strerror(code), str(second))


def _swap_in(folder: Path, new: Path, backup: Path) -> None:
    """Put ``new`` at ``folder`` and the previous ``folder`` at ``backup``; on failure, everything where it was."""
    if _exchange(new, folder):  # the place is never empty
        try:
            os.rename(new, backup)
        except OSError:
            _exchange(new, folder)
            raise
        return
    os.rename(folder, backup)
    try:
        os.rename(new, folder)
    except OSError:
        os.rename(backup, folder)
        raise


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
        self._held: _Held | None = None
        self._exclusive: int | None = None  # the thread that holds the lock alone (re-indexing), if any

    @property
    def held(self) -> bool:
        """Whether this process holds the lock."""
        return self._count > 0

    def acquire(self, *, timeout: float, on_wait: Callable[[str], None] | None = None,
                should_cancel: Callable[[], bool] | None = None, exclusive: bool = False) -> None:
        """Become (or join) the folder's writer, waiting up to ``timeout`` seconds for another process.

        Args:
            exclusive: also wait until no other thread of this process holds the lock, and keep them out until
                :meth:`release` (re-indexing: the window's own indexer must have finished, not just been told to).

        Raises:
            WaitCancelled: ``should_cancel`` said so while waiting.
            LibraryBusyError: another process kept the lock for ``timeout`` seconds.
            LibraryError: the folder cannot be created or written.
        """
        deadline = time.monotonic() + timeout
        announced = False
        first = True
        missing_since: float | None = None
        while True:
            with self._guard:
                if self._count and not exclusive and self._exclusive in (None, threading.get_ident()):
                    self._count += 1
                    return
                if not self._count:
                    # The folder may have been moved aside (re-index) while we waited: a lock on a file or folder
                    # that is no longer at our path guards nothing, so take the new one.
                    grace_over = missing_since is not None and time.monotonic() - missing_since > MISSING_GRACE_S
                    held, missing = _take(self.folder, create=first or grace_over)
                    if held is not None and not held.same_as(self.folder):
                        held.release()
                        held = None
                    if held is not None:
                        self._held, self._count = held, 1
                        self._exclusive = threading.get_ident() if exclusive else None
                        self.repair_due = self._read_state() != "clean"
                        self._write_state("writing")
                        return
                    missing_since = (missing_since or time.monotonic()) if missing else None
            first = False
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

    def release(self, *, clean: bool = True) -> None:
        """Leave the writer role; the OS locks go when the last user of this process leaves.

        Args:
            clean: every change was committed (False after a failed write: the next writer repairs first).
        """
        with self._guard:
            if not self._count:
                return
            self._count -= 1
            if not clean:
                self._dirty = True
            if self._count or self._held is None:
                return
            held, self._held, self._exclusive = self._held, None, None
            try:
                if not self._dirty:
                    self._write_state("clean", held.file)
            finally:
                self._dirty = False
                held.release()

    def replace_folder(self, backup: Path, fill: Callable[[Path], object]) -> None:
        """Move the library folder to ``backup`` and put a new one, first filled by ``fill``, in its place, as the
        writer throughout (see the module docstring); the caller then holds the new folder's lock.

        Needs the lock taken with ``exclusive=True``; ``backup`` must not exist.

        Raises:
            LibraryError: a folder cannot be made or moved (the library is then where it was, unchanged).
        """
        with self._guard:
            if self._held is None or self._exclusive != threading.get_ident():
                raise RuntimeError("replace_folder needs the lock taken with exclusive=True by this thread")
            staging = self.folder.with_name(f".{self.folder.name}.new")
            try:
                shutil.rmtree(staging, ignore_errors=True)
                staging.mkdir()
                new, _ = _take(staging, create=False)
                if new is None:
                    raise OSError(errno.EAGAIN, "cannot lock the new folder", str(staging))
            except OSError as error:
                raise LibraryError(f"A new library folder could not be made beside {self.folder} for re-indexing "
                                   f"({error.strerror}). Free some space or make the folder's parent writable, "
                                   "and try again.") from None
            try:
                fill(staging)
                _swap_in(self.folder, staging, backup)
            except BaseException as error:
                new.release()
                shutil.rmtree(staging, ignore_errors=True)
                if isinstance(error, OSError):
                    raise LibraryError(f"The library folder {self.folder} could not be moved aside for re-indexing "
                                       f"({error.strerror}). Close other programs using it and try again.") from None
                raise
            old, self._held = self._held, new
            try:
                self._write_state("clean", old.file)  # the previous library is whole: opening it needs no repair
            finally:
                old.release()
            self.repair_due = False
            self.generation += 1
            self._write_state("writing")

    # --- the lock file --------------------------------------------------------------------------------------------

    def _read_state(self) -> str:
        try:
            return str(json.loads(self.path.read_text() or "{}").get("state", "unknown"))
        except (OSError, ValueError):
            return "unknown"

    def _write_state(self, state: str, handle: int | None = None) -> None:
        if handle is None:
            handle = self._held.file if self._held is not None else None
        if handle is None:
            return
        record = json.dumps({"state": state, "pid": os.getpid(), "host": socket.gethostname(),
                             "since": time.strftime("%Y-%m-%d %H:%M:%S")}).encode()
        try:
            os.ftruncate(handle, 0)
            if sys.platform == "win32":  # no pwrite there; the lock is far past the record (WINDOWS_LOCK_OFFSET)
                os.lseek(handle, 0, os.SEEK_SET)
                os.write(handle, record)
            else:
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
