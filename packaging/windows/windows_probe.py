r"""Run by the bundle's python.exe under Wine (packaging/windows/wine_check.py): Windows behaviour of the core.

    python.exe windows_probe.py FOLDER [--preload DLL;DLL]            prints one JSON object
    python.exe windows_probe.py FOLDER --second [--preload DLL;DLL]   (internal) exit 0 took the lock, 3 found it busy

* ``lock``: this process takes the writer lock of FOLDER (Windows' LockFile through msvcrt), a second process must
  find the library busy and read who holds it, a third (after release) must take it;
* ``keyring``: the OS keyring's Windows backend (Credential Manager) stores, returns and deletes the team library's
  secret through FinLens's settings functions;
* ``folders``: where platformdirs puts the library, settings and logs (SHGetKnownFolderPath);
* ``library_paths``: ``finlens index`` and ``finlens search`` on a bundled sample filing, in a library under a long
  folder name with spaces, commas and accents, and in one named with the ``\\?\`` long-path prefix.

``--preload`` loads test-only stand-in DLLs first (wine_check.py's stand-ins for Wine 8.0's gaps).
"""

import contextlib
import ctypes
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


def _second(folder: Path) -> int:
    from app.core.store.errors import LibraryBusyError
    from app.core.store.lock import writer_lock

    try:
        writer_lock(folder).acquire(timeout=0.5)
    except LibraryBusyError as error:
        print(error)  # names the holder, read from the lock file while it is locked
        return 3
    writer_lock(folder).release()
    return 0


def _lock(folder: Path, preload: str | None) -> dict[str, object]:
    from app.core.store.lock import writer_lock

    lock = writer_lock(folder)
    lock.acquire(timeout=5)
    second = [sys.executable, __file__, str(folder), "--second", *(["--preload", preload] if preload else [])]
    busy = subprocess.run(second, check=False, capture_output=True, text=True)
    lock.release()
    free = subprocess.run(second, check=False, capture_output=True, text=True)
    return {"ok": busy.returncode == 3 and free.returncode == 0 and f"process {os.getpid()}" in busy.stdout,
            "while_held": busy.stdout.strip() or busy.stderr[-500:], "after_release": free.returncode,
            "record": (folder / "write.lock").read_text().strip()}


def _keyring() -> dict[str, object]:
    import keyring

    from app.core import settings

    backend = type(keyring.get_keyring()).__name__
    stored = settings.set_s3_secret("probe-secret-ÄÖ-1234")
    read = settings.get_s3_secret()
    settings.set_s3_secret("")
    return {"ok": backend == "WinVaultKeyring" and stored and read == "probe-secret-ÄÖ-1234"
            and settings.get_s3_secret() == "", "backend": backend, "stored_in_keyring": stored}


def _folders() -> dict[str, object]:
    from app.core import paths

    redirected = os.environ.pop(paths.CONFIG_ENV, None)  # the smoke run's redirect, put back below
    try:
        local, roaming = os.environ.get("LOCALAPPDATA", ""), os.environ.get("APPDATA", "")
        found = {"library": str(paths.default_library_dir()), "settings": str(paths.config_dir()),
                 "logs": str(paths.log_dir())}
    finally:
        if redirected is not None:
            os.environ[paths.CONFIG_ENV] = redirected
    ok = (bool(local and roaming) and found["library"] == os.path.join(local, "FinLens", "library")
          and found["settings"] == os.path.join(roaming, "FinLens")
          and found["logs"] == os.path.join(local, "FinLens", "Logs"))
    return {"ok": ok, **found}


def _library_paths(root: Path) -> dict[str, object]:
    from app.cli import main as finlens
    from app.core.paths import samples_dir

    named = root / "A folder with a rather long name, spaces, commas and accents (ünïcödé)"
    named.mkdir(parents=True, exist_ok=True)
    document = named / "Apple 10-Q (Q3 2023).pdf"
    shutil.copy2(samples_dir() / "APPLE_2023Q3_10Q.pdf", document)
    runs: dict[str, dict[str, object]] = {}
    for label, library in (("long name", named / "FinLens library 2024"),
                           ("long-path prefix", Path("\\\\?\\" + str(root / "prefixed library")))):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            indexed = finlens(["--library", str(library), "index", str(document)])
            searched = finlens(["--library", str(library), "search", "iPhone net sales"])
        runs[label] = {"library": str(library), "index": indexed, "search": searched,
                       "found": "Apple Inc 10-Q" in printed.getvalue()}
    return {"ok": all(r["index"] == 0 and r["search"] == 0 and r["found"] for r in runs.values()), **runs}


def main() -> int:
    folder, options = Path(sys.argv[1]), sys.argv[2:]
    preload = options[options.index("--preload") + 1] if "--preload" in options else None
    for dll in preload.split(";") if preload else []:
        ctypes.WinDLL(dll)  # type: ignore[attr-defined]  # Windows only
    if "--second" in options:
        return _second(folder)
    print(json.dumps({"lock": _lock(folder, preload), "keyring": _keyring(), "folders": _folders(),
                      "library_paths": _library_paths(folder.parent)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
