"""Checks run before the window opens, phrased for the person in front of the screen.

Each problem is one or two plain sentences: what is wrong, then what to do next. The UI shows them in a dialog and
``finlens`` prints them; neither needs to know how a check works. Pure Python: no Qt, no native imports, so the
checks run even when a native library is what is broken (:func:`window_libraries_problem` runs before Qt is
imported, because Qt aborts the process when its platform plugin cannot load).
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
from collections.abc import Callable, Mapping
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


# --- the window's system libraries (Linux) -------------------------------------------------------------------------

#: Shared libraries Qt's xcb platform plugin loads, and the Debian/Ubuntu package of each (packaging/linux/control.in
#: lists the same packages as the .deb's dependencies). Qt's own message names only the first one it misses.
XCB_LIBRARY_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as "not found", each once, in the order listed.

    Args:
        ldd_output: what ``ldd`` printed for a shared object.
    """
    missing: list[str] = []
    for line in ldd_output.splitlines():
        name, arrow, where = line.strip().partition("=>")
        if arrow and where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def unloadable_libraries(candidates: list[str], load: Callable[[str], object]) -> list[str]:
    """The libraries among ``candidates`` that ``load`` (e.g. ``ctypes.CDLL``) cannot load (when there is no ldd)."""
    missing = []
    for name in candidates:
        try:
            load(name)
        except OSError:
            missing.append(name)
    return missing


def install_command(libraries: list[str]) -> str:
    """``sudo apt-get install …`` for the packages that provide ``libraries`` (unknown ones are left out)."""
    packages = list(dict.fromkeys(XCB_LIBRARY_PACKAGES[name] for name in libraries if name in XCB_LIBRARY_PACKAGES))
    return f"sudo apt-get install {' '.join(packages)}" if packages else ""


def describe_missing_libraries(libraries: list[str]) -> str:
    """One sentence: which libraries are missing and how to install them."""
    command = install_command(libraries)
    how = f"install them with `{command}`" if command else "install the packages that provide them"
    return (f"The FinLens window cannot open because this system lacks libraries Qt needs to draw it "
            f"({', '.join(libraries)}); {how} and run FinLens again.")


def xcb_plugin_path() -> Path | None:
    """Qt's xcb platform plugin inside the installed PySide6 (or the frozen bundle), without importing Qt."""
    import importlib.util

    frozen_root = getattr(sys, "_MEIPASS", None)
    roots = [Path(frozen_root) / "PySide6"] if frozen_root else []
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.submodule_search_locations:
        roots += [Path(location) for location in spec.submodule_search_locations]
    for root in roots:
        plugin = root / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def _run_ldd(path: Path) -> str | None:
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        return subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will try its xcb (X11) plugin: an X display, and no other platform chosen or preferred."""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland":
        return False  # Qt 6 uses its Wayland plugin in a Wayland session
    return bool(environ.get("DISPLAY"))


def window_libraries_problem(environ: Mapping[str, str] | None = None,
                             ldd: Callable[[Path], str | None] = _run_ldd,
                             load: Callable[[str], object] | None = None) -> str | None:
    """Why the window cannot open on this Linux desktop (missing system libraries), or None.

    Qt aborts the whole process when its platform plugin cannot load, naming one library at best, so FinLens looks
    first: ``ldd`` on the xcb plugin lists every library the system lacks; without ldd, each known library is loaded
    with ``ctypes``.

    Args:
        environ: the environment (default ``os.environ``).
        ldd: runs ldd on a file and returns its output (None when ldd is not available).
        load: loads a shared library by name, raising OSError when it cannot (default ``ctypes.CDLL``).

    Returns:
        A sentence naming the missing libraries and the command that installs them, or None when the window can
        open (or this is not an X11 desktop on Linux).
    """
    environ = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or not _uses_xcb(environ):
        return None
    plugin = xcb_plugin_path()
    if plugin is None:
        return None
    output = ldd(plugin)
    if output is not None:
        missing = missing_libraries(output)
    else:
        import ctypes

        missing = unloadable_libraries(list(XCB_LIBRARY_PACKAGES), load or ctypes.CDLL)
    return describe_missing_libraries(missing) if missing else None
