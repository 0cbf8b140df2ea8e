"""Which DLL a Windows extension module could not load, read from the import tables of the PE files.

On Windows a failed native import says only "DLL load failed while importing _lancedb: The specified module could
not be found", without naming the module that is missing. The self-test uses :func:`missing_dlls_for` to name it:
it reads the import table of the extension (``.pyd``) and, recursively, of every DLL it finds beside it, and reports
the first-level names that none of the places Windows searches holds. The packaging uses :func:`pe_imports` too,
to keep only the Qt libraries something in the bundle links against.

The reader is plain Python over the file's bytes (no Windows API), so it runs, and is tested, on Linux.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

# Windows resolves these "API set" names virtually; they are never files an application ships.
_API_SETS = ("api-ms-", "ext-ms-")


class NotAPEFile(ValueError):
    """The file is not a Windows executable or DLL (or is truncated)."""


def _rva_to_offset(rva: int, sections: list[tuple[int, int, int, int]]) -> int:
    for virtual_address, virtual_size, raw_offset, raw_size in sections:
        if virtual_address <= rva < virtual_address + max(virtual_size, raw_size):
            return rva - virtual_address + raw_offset
    raise NotAPEFile(f"address {rva:#x} is in no section")


def _c_string(data: bytes, offset: int) -> str:
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii", errors="replace")


def pe_imports(path: str | os.PathLike[str]) -> list[str]:
    """The DLL names a PE file imports, from its import and delay-import tables, in table order.

    Raises:
        NotAPEFile: ``path`` is not a PE file.
        OSError: it cannot be read.
    """
    data = Path(path).read_bytes()
    if data[:2] != b"MZ" or len(data) < 64:
        raise NotAPEFile(f"{path} is not a Windows executable")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise NotAPEFile(f"{path} has no PE header")
    section_count, optional_size = struct.unpack_from("<H12xH", data, pe + 6)
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (112 if magic == 0x20B else 96)  # PE32+ (64-bit) or PE32
    table = optional + optional_size
    sections = []  # (virtual address, virtual size, pointer to raw data, size of raw data)
    for i in range(section_count):
        virtual_size, virtual_address, raw_size, raw_offset = struct.unpack_from("<8xIIII", data, table + 40 * i)
        sections.append((virtual_address, virtual_size, raw_offset, raw_size))
    names: list[str] = []
    # Data directory 1 is the import table (20-byte descriptors, name RVA at +12); 13 the delay-import table
    # (32-byte descriptors, name RVA at +4). Both end with an all-zero descriptor.
    for index, size, name_at in ((1, 20, 12), (13, 32, 4)):
        rva = struct.unpack_from("<I", data, directories + 8 * index)[0]
        if not rva:
            continue
        offset = _rva_to_offset(rva, sections)
        while offset + size <= len(data):
            descriptor = data[offset:offset + size]
            if not any(descriptor):
                break
            name_rva = struct.unpack_from("<I", descriptor, name_at)[0]
            if name_rva:
                names.append(_c_string(data, _rva_to_offset(name_rva, sections)))
            offset += size
    return names


def _find(name: str, directories: Iterable[Path]) -> Path | None:
    lowered = name.lower()
    for directory in directories:
        try:
            for entry in directory.iterdir():
                if entry.name.lower() == lowered:
                    return entry
        except OSError:
            continue
    return None


def missing_dlls(path: str | os.PathLike[str], search_dirs: Iterable[str | os.PathLike[str]],
                 system_dirs: Iterable[str | os.PathLike[str]] = ()) -> dict[str, str]:
    """The DLLs that ``path`` needs, directly or through the DLLs it finds, that no search directory holds.

    Each DLL is looked up in its importer's folder, then ``search_dirs``, then ``system_dirs``. DLLs found in a
    system directory are not opened further (the system's own dependencies are the system's business).

    Returns:
        ``{missing DLL name (lower case): file name of the module that imports it}``.
    """
    searched = [Path(d) for d in search_dirs]
    system = [Path(d) for d in system_dirs]
    missing: dict[str, str] = {}
    seen: set[str] = set()
    pending = [Path(path)]
    while pending:
        current = pending.pop()
        key = str(current).lower()
        if key in seen:
            continue
        seen.add(key)
        try:
            imports = pe_imports(current)
        except (OSError, ValueError, struct.error):
            continue
        for name in imports:
            if name.lower().startswith(_API_SETS):
                continue
            found = _find(name, [current.parent, *searched])
            if found is not None:
                pending.append(found)
            elif _find(name, system) is None:
                missing.setdefault(name.lower(), current.name)
    return missing


def _windows_search_dirs() -> tuple[list[Path], list[Path]]:
    """Where Windows looks for an extension's DLLs in this process, and the system folders."""
    application = {Path(sys.executable).parent, Path(sys.base_prefix)}
    # Wheels put their DLLs in the package folder (added with os.add_dll_directory) or in a "<name>.libs" folder
    # beside it (delvewheel); Python keeps no list of the added folders, so every package folder holding a DLL counts.
    packages: list[Path] = []
    for entry in sys.path:
        try:
            children = [c for c in Path(entry or ".").iterdir() if c.is_dir()]
        except OSError:
            continue
        packages += [c for c in children if any(f.suffix.lower() == ".dll" for f in c.iterdir())]
    windows = Path(os.environ.get("SYSTEMROOT", r"C:\Windows"))
    return [*application, *packages], [windows / "System32", windows]


def missing_dlls_for(error: BaseException) -> dict[str, str]:
    """For an import that failed on Windows, the DLLs that are missing (see :func:`missing_dlls`); else ``{}``.

    The extension module's path comes from the ``ImportError`` in the exception's chain (Python sets ``path`` when a
    ``.pyd`` fails to load).
    """
    if sys.platform != "win32":
        return {}
    current: BaseException | None = error
    while current is not None:
        path = getattr(current, "path", None) if isinstance(current, ImportError) else None
        if path and str(path).lower().endswith((".pyd", ".dll")):
            search, system = _windows_search_dirs()
            return missing_dlls(path, search, system)
        current = current.__cause__ or current.__context__
    return {}
