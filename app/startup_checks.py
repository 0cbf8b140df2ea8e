"""Checks run before the window opens, phrased for the person in front of the screen.

Each problem is one or two plain sentences: what is wrong, then what to do next. The UI shows them in a dialog and
``finlens`` prints them; neither needs to know how a check works. Pure Python: no Qt, no native imports, so the
checks run even when a native library is what is broken.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

# Windows' IsProcessorFeaturePresent code for AVX2 (winnt.h: PF_AVX2_INSTRUCTIONS_AVAILABLE).
PF_AVX2_INSTRUCTIONS_AVAILABLE = 40
# Below this much free space an index build can fail halfway (LanceDB writes new versions before removing old ones).
MIN_FREE_BYTES = 500 * 1024 * 1024


def _is_x86() -> bool:
    return platform.machine().lower() in {"x86_64", "amd64", "i386", "i686", "x86"}


def cpu_supports_avx2() -> bool:
    """Whether the CPU has AVX2, which the x86-64 LanceDB (Lance) wheels are compiled for.

    Without it, importing LanceDB dies with "Illegal instruction" and no Python traceback, so the check has to run
    before that import.

    Returns True when the answer is unknown (and on non-x86 CPUs, such as Apple silicon, where the question does
    not apply), so a detection failure never blocks start-up.
    """
    if not _is_x86():
        return True
    try:
        if sys.platform.startswith("linux"):
            return _linux_avx2(Path("/proc/cpuinfo"))
        if sys.platform == "darwin":
            return _macos_avx2()
        if sys.platform == "win32":
            return _windows_avx2()
    except Exception:  # unknown beats a false alarm: the real failure, if any, is reported when the library loads
        return True
    return True


def _linux_avx2(cpuinfo: Path) -> bool:
    """Read the ``flags`` line of ``/proc/cpuinfo``."""
    for line in cpuinfo.read_text(errors="replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return "avx2" in value.split()
    return True


def _macos_avx2() -> bool:
    """Ask ``sysctl`` for the leaf-7 CPU features (Intel Macs)."""
    result = subprocess.run(["sysctl", "-n", "machdep.cpu.leaf7_features"], capture_output=True, text=True,
                            timeout=5, check=False)
    if result.returncode != 0:
        return True
    return "AVX2" in result.stdout.upper().split()


def _windows_avx2() -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    return bool(kernel32.IsProcessorFeaturePresent(PF_AVX2_INSTRUCTIONS_AVAILABLE))


def check_library_writable(path: str | os.PathLike[str]) -> str | None:
    """Whether FinLens can create, write and delete files in the library folder.

    Creates the folder if needed. The test writes a real file rather than trusting ``os.access``, which is wrong
    for network drives, ACLs and read-only mounts.

    Args:
        path: The library folder.

    Returns:
        ``None`` when the folder is usable, else a plain sentence saying what is wrong and what to do.
    """
    folder = Path(path).expanduser()
    if folder.exists() and not folder.is_dir():
        return f"The library path {folder} is a file, not a folder. Choose a folder with --library."
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return (f"FinLens cannot create its library folder {folder} ({error.strerror or error}). "
                "Choose another folder with --library, or ask your administrator for write access.")
    probe = folder / f".finlens-write-test-{uuid.uuid4().hex}"
    try:
        with open(probe, "wb") as handle:
            handle.write(b"finlens")
            handle.flush()
            os.fsync(handle.fileno())
        probe.unlink()
    except OSError as error:
        with contextlib.suppress(OSError):
            probe.unlink()
        return (f"FinLens cannot save files in its library folder {folder} ({error.strerror or error}). "
                "Choose another folder with --library, or ask your administrator for write access.")
    return None


def _free_space_problem(folder: Path) -> str | None:
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        return None
    if free < MIN_FREE_BYTES:
        return (f"The disk that holds the library ({existing}) has only {free // (1024 * 1024)} MB free. "
                "Free some space or choose a library folder on another disk with --library; indexing needs "
                "at least 500 MB.")
    return None


def _temp_dir_problem() -> str | None:
    try:
        with tempfile.TemporaryFile() as handle:
            handle.write(b"finlens")
    except OSError as error:
        return (f"FinLens cannot write temporary files in {tempfile.gettempdir()} ({error.strerror or error}). "
                "Free some disk space, or set the TMPDIR (TEMP on Windows) variable to a writable folder.")
    return None


def startup_problems(library_dir: str | os.PathLike[str]) -> list[str]:
    """Everything that will stop FinLens from working, as sentences to show the user (empty when all is well).

    Args:
        library_dir: The library folder FinLens is about to open.

    Returns:
        One friendly sentence per problem, each saying what to do next.
    """
    problems: list[str] = []
    if not cpu_supports_avx2():
        problems.append("This computer's processor does not support AVX2, which FinLens's search engine needs "
                        "(processors from about 2013 onwards have it). Please run FinLens on a newer computer.")
    folder = Path(library_dir).expanduser()
    writable = check_library_writable(folder)
    if writable:
        problems.append(writable)
    else:
        space = _free_space_problem(folder)
        if space:
            problems.append(space)
    temp = _temp_dir_problem()
    if temp:
        problems.append(temp)
    return problems
