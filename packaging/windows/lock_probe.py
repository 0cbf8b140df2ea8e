"""Run by the bundle's python.exe under Wine (packaging/windows/wine_check.py): the writer lock across processes.

    python.exe lock_probe.py FOLDER [--preload DLL]            takes the lock, starts a second process, releases,
                                                              starts a third
    python.exe lock_probe.py FOLDER --second [--preload DLL]   tries to take it for half a second: exit 0 took it,
                                                              3 found it busy

``--preload`` loads a test-only stand-in DLL first (wine_check.py's ucrt_crealf.dll, for Wine 8.0).

Prints ``<second's status> <third's status> <lock file's content>``: ``3 0 {...clean...}`` is right.
"""

import ctypes
import subprocess
import sys
from pathlib import Path


def main() -> int:
    folder, options = Path(sys.argv[1]), sys.argv[2:]
    preload = options[options.index("--preload") + 1] if "--preload" in options else None
    if preload:
        ctypes.WinDLL(preload)  # type: ignore[attr-defined]  # Windows only
    from app.core.store.errors import LibraryBusyError
    from app.core.store.lock import writer_lock

    if "--second" in options:
        try:
            writer_lock(folder).acquire(timeout=0.5)
        except LibraryBusyError:
            return 3
        return 0
    lock = writer_lock(folder)
    lock.acquire(timeout=5)
    second = [sys.executable, __file__, str(folder), "--second", *(["--preload", preload] if preload else [])]
    busy = subprocess.run(second, check=False).returncode
    lock.release()
    free = subprocess.run(second, check=False).returncode
    print(busy, free, (folder / "write.lock").read_text().strip() or "(empty)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
