"""The PE import reader names the DLL a Windows extension misses (tiny real DLLs, built with MinGW-w64).

Skipped without ``x86_64-w64-mingw32-gcc`` (``apt-get install gcc-mingw-w64-x86-64``; CI installs it for the
Windows build and runs this file after it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.native_libs import NotAPEFile, missing_dlls, missing_dlls_for, pe_imports

GCC = shutil.which("x86_64-w64-mingw32-gcc")
needs_mingw = pytest.mark.skipif(GCC is None, reason="needs x86_64-w64-mingw32-gcc (apt-get install "
                                                     "gcc-mingw-w64-x86-64)")


def _dll(folder: Path, name: str, imports: list[str] = ()) -> Path:  # type: ignore[assignment]
    """A DLL ``name`` whose exported function calls one function of each DLL in ``imports`` (linked, not loaded)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{name}.c"
    calls = "".join(f"__declspec(dllimport) int f_{dep}(void);\n" for dep in imports)
    body = " + ".join(f"f_{dep}()" for dep in imports) or "0"
    source.write_text(f"{calls}__declspec(dllexport) int f_{name}(void) {{ return {body}; }}\n")
    out = folder / f"{name}.dll"
    subprocess.run([GCC, "-shared", "-s", str(source), "-o", str(out), f"-L{folder}",
                    *[f"-l{dep}" for dep in imports]], check=True, capture_output=True)
    return out


@needs_mingw
def test_pe_imports_lists_the_linked_dlls(tmp_path: Path) -> None:
    _dll(tmp_path, "leaf")
    top = _dll(tmp_path, "top", ["leaf"])

    names = [name.lower() for name in pe_imports(top)]

    assert "leaf.dll" in names and "kernel32.dll" in names


@needs_mingw
def test_a_missing_dll_is_named_with_the_module_that_needs_it_also_one_level_down(tmp_path: Path) -> None:
    built = tmp_path / "built"
    _dll(built, "icuuc")
    _dll(built, "qtcore", ["icuuc"])
    _dll(built, "extension", ["qtcore"])
    shipped = tmp_path / "shipped"  # the extension and Qt are shipped; the "system" DLL icuuc is not there
    shipped.mkdir()
    for name in ("extension.dll", "qtcore.dll"):
        shutil.copy2(built / name, shipped / name)
    system = tmp_path / "system32"
    system.mkdir()
    for name in ("kernel32.dll", "msvcrt.dll"):
        (system / name).write_bytes(b"")  # present is all that counts; system DLLs are not opened

    assert missing_dlls(shipped / "extension.dll", [], [system]) == {"icuuc.dll": "qtcore.dll"}
    shutil.copy2(built / "icuuc.dll", system / "icuuc.dll")
    assert missing_dlls(shipped / "extension.dll", [], [system]) == {}


@needs_mingw
def test_an_import_error_on_windows_leads_to_the_extension_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the platform is faked: on Windows, Python's ImportError for a .pyd carries its path, as here.
    _dll(tmp_path / "built", "bcryptprimitives")
    extension = _dll(tmp_path / "built", "tokenizers", ["bcryptprimitives"])
    package = tmp_path / "site" / "tokenizers"
    package.mkdir(parents=True)
    shutil.copy2(extension, package / "tokenizers.pyd")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "site")])
    monkeypatch.setenv("SYSTEMROOT", str(tmp_path / "Windows"))
    error = ImportError("DLL load failed while importing tokenizers: The specified module could not be found.",
                        name="tokenizers.tokenizers", path=str(package / "tokenizers.pyd"))

    try:
        raise RuntimeError("the tokenizer could not be loaded") from error
    except RuntimeError as wrapped:
        found = missing_dlls_for(wrapped)

    assert "bcryptprimitives.dll" in found and found["bcryptprimitives.dll"] == "tokenizers.pyd"


def test_other_platforms_name_nothing_and_a_non_program_is_refused(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert missing_dlls_for(ImportError("libxcb-cursor.so.0: cannot open", path=str(tmp_path / "x.so"))) == {}
    (tmp_path / "notes.txt").write_text("not a program")
    with pytest.raises(NotAPEFile):
        pe_imports(tmp_path / "notes.txt")
