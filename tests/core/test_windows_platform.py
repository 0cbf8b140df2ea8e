"""Windows behaviour of the core, checked on Linux where faking the platform is honest.

What each test fakes, and what only a Windows run (or the Wine check of ``packaging/build_windows.sh``) can show, is
said per test and listed in packaging/README.md ("Windows behaviour").
"""

from __future__ import annotations

import errno
import os
import sys
import types
from pathlib import Path, PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest

from app.core import paths
from app.core.store import lock as lock_module
from app.core.store.errors import LibraryBusyError
from app.core.store.lock import LOCK_FILE, WINDOWS_LOCK_OFFSET, WriterLock


class FakeMsvcrt(types.ModuleType):
    """``msvcrt.locking`` with Windows' rules: a byte range locked through one handle refuses every other handle.

    Windows' locks belong to the open handle, are mandatory and never wait with ``LK_NBLCK``; unlocking a range the
    handle does not hold is an error. Each of two :class:`WriterLock` objects opens its own handle, as two
    processes would.
    """

    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.ranges: dict[tuple[int, int, int], int] = {}  # (device, inode, offset) -> handle
        self.offsets: list[int] = []

    def locking(self, handle: int, mode: int, nbytes: int) -> None:
        assert nbytes == 1
        status = os.fstat(handle)
        offset = os.lseek(handle, 0, os.SEEK_CUR)
        key = (status.st_dev, status.st_ino, offset)
        self.offsets.append(offset)
        if mode == self.LK_UNLCK:
            if self.ranges.get(key) != handle:
                raise OSError(errno.EACCES, "Permission denied")
            del self.ranges[key]
        elif mode == self.LK_NBLCK:
            if key in self.ranges:
                raise OSError(errno.EACCES, "Permission denied")
            self.ranges[key] = handle
        else:
            raise AssertionError(f"FinLens must not use a blocking lock mode ({mode})")


@pytest.fixture
def windows_locking(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(lock_module, "LOCKS_FOLDER", False)  # Windows cannot lock a folder
    return fake


def test_windows_lock_keeps_a_second_writer_out_and_leaves_the_record_readable(
        tmp_path: Path, windows_locking: FakeMsvcrt) -> None:
    first, second = WriterLock(tmp_path / "library"), WriterLock(tmp_path / "library")

    first.acquire(timeout=1)
    record = (tmp_path / "library" / LOCK_FILE).read_text()
    with pytest.raises(LibraryBusyError, match=f"Another FinLens \\(process {os.getpid()} on "):
        second.acquire(timeout=0.3)
    first.release()
    second.acquire(timeout=1)

    assert '"state": "writing"' in record  # the state is written on Windows too, and readable while locked
    assert len(record) < WINDOWS_LOCK_OFFSET  # the locked byte is past the record, never inside it
    assert set(windows_locking.offsets) == {WINDOWS_LOCK_OFFSET}
    assert second.repair_due is False  # the first writer finished cleanly, and the second could read that
    second.release()
    assert '"state": "clean"' in (tmp_path / "library" / LOCK_FILE).read_text()
    assert windows_locking.ranges == {}


def test_windows_lock_after_a_writer_died_mid_write_asks_for_repair(tmp_path: Path,
                                                                    windows_locking: FakeMsvcrt) -> None:
    first = WriterLock(tmp_path / "library")
    first.acquire(timeout=1)
    first.release(clean=False)  # a failed write: the record keeps "writing"
    second = WriterLock(tmp_path / "library")

    second.acquire(timeout=1)

    assert second.repair_due is True
    second.release()


@pytest.fixture
def windows_folders(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """platformdirs' Windows rules, reading the known folders from the environment (its fallback without ctypes).

    On Windows platformdirs asks SHGetKnownFolderPath; here it reads %APPDATA% and %LOCALAPPDATA%. The folder
    choice (roaming or local, which subfolder) is what FinLens decides and what these tests check.
    """
    folders = {"APPDATA": r"C:\Users\Ana María Lystrøm-Van der Berg\AppData\Roaming",
               "LOCALAPPDATA": r"C:\Users\Ana María Lystrøm-Van der Berg\AppData\Local"}
    for name, value in folders.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(platformdirs.windows, "_RESOLVE_WIN_FOLDER", platformdirs.windows.get_win_folder_from_env_vars)
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.delenv(paths.CONFIG_ENV, raising=False)
    return folders


def test_the_library_and_logs_are_per_user_in_local_appdata(windows_folders: dict[str, str]) -> None:
    local = PureWindowsPath(windows_folders["LOCALAPPDATA"])

    assert PureWindowsPath(str(paths.default_library_dir())) == local / "FinLens" / "library"
    assert PureWindowsPath(str(paths.log_dir())) == local / "FinLens" / "Logs"


def test_settings_roam_with_the_user_in_appdata(windows_folders: dict[str, str]) -> None:
    assert PureWindowsPath(str(paths.config_dir())) == PureWindowsPath(windows_folders["APPDATA"]) / "FinLens"


@pytest.mark.parametrize("location", [
    r"C:\Users\Ana\Documents\Filings",
    "C:/Users/Ana/Documents/Filings",
    r"D:\A folder with a rather long name, spaces and commas\Another long folder name\FinLens library 2024",
    r"\\fileserver\research\FinLens",  # a network share (UNC)
    r"\\?\C:\very\long\path",  # the long-path prefix
    r"\\?\UNC\fileserver\research\FinLens",
])
def test_windows_folders_are_never_mistaken_for_team_library_uris(location: str) -> None:
    # "C:" looks like a URI scheme and "\\server" like an authority; only scheme:// names an object store.
    assert paths.is_uri(location) is False


def test_a_team_library_uri_keeps_its_spelling_on_windows_too() -> None:
    # Path() would turn "s3://bucket/x" into "s3:\bucket\x" on Windows; URIs never go through Path.
    assert paths.normalise_location("s3://Research-Bucket/FinLens/") == "s3://Research-Bucket/FinLens"
