"""The Windows bundle (``dist/windows/FinLens``, made by ``packaging/build_windows.sh``) holds what FinLens needs.

Listed, not assumed: every FinLens module but training, every resource file and model, the Qt plugins the window
needs, every DLL that a bundled binary links against (or a Windows system DLL), launchers of the right kind; and no
torch, test data, build tool or test-only stand-in. Skipped when no bundle has been built (CI builds it first).
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from app.native_libs import pe_imports

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "windows" / "FinLens"
LIB = BUNDLE / "lib"

pytestmark = pytest.mark.skipif(
    not (BUNDLE / "finlens-cli.exe").is_file(),
    reason="no Windows bundle in dist/windows/FinLens: build it with `WINE_CHECK=0 bash packaging/build_windows.sh`")

# DLLs of Windows itself (present on every Windows 10 1903+ / 11), which a bundle must not carry.
WINDOWS_DLLS = {
    "advapi32.dll", "authz.dll", "bcrypt.dll", "bcryptprimitives.dll", "combase.dll", "comdlg32.dll", "crypt32.dll",
    "d3d11.dll", "d3d12.dll", "d3d9.dll", "dbghelp.dll", "dwmapi.dll", "dwrite.dll", "dxgi.dll", "gdi32.dll",
    "icuuc.dll", "icuin.dll", "imm32.dll", "iphlpapi.dll", "kernel32.dll", "mpr.dll", "mscms.dll", "msvcrt.dll",
    "msi.dll", "netapi32.dll", "ntdll.dll", "ole32.dll", "oleaut32.dll", "pdh.dll", "powrprof.dll", "psapi.dll",
    "rpcrt4.dll", "secur32.dll", "setupapi.dll", "shell32.dll", "shlwapi.dll", "uiautomationcore.dll", "user32.dll",
    "userenv.dll", "uxtheme.dll", "version.dll", "winmm.dll", "ws2_32.dll", "wtsapi32.dll", "ncrypt.dll",
    "cfgmgr32.dll", "dnsapi.dll", "ntdsapi.dll", "normaliz.dll", "wininet.dll", "winhttp.dll", "opengl32.dll",
    "d3dcompiler_47.dll", "dcomp.dll", "propsys.dll", "shcore.dll", "mswsock.dll", "wldap32.dll", "msimg32.dll",
    "usp10.dll", "comctl32.dll", "oleacc.dll", "winspool.drv", "cabinet.dll", "wintrust.dll", "webservices.dll",
}
TEST_ONLY_STANDINS = {"bcryptprimitives.dll", "ucrt_crealf.dll", "linux_amx.dll"}


def _files() -> list[Path]:
    return [p for p in BUNDLE.rglob("*") if p.is_file()]


def _subsystem(path: Path) -> int:
    data = path.read_bytes()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    return struct.unpack_from("<H", data, pe + 24 + 68)[0]


def test_the_top_level_is_what_the_uninstaller_removes() -> None:
    # packaging/windows/finlens.nsi deletes exactly these; anything else would stay behind after uninstalling.
    assert {p.name for p in BUNDLE.iterdir()} == {"FinLens.exe", "finlens-cli.exe", "python", "lib", "licenses",
                                                  "source", "LICENSE", "THIRD_PARTY_NOTICES.md"}


def test_every_finlens_module_but_training_is_inside() -> None:
    modules = [p.relative_to(ROOT) for p in (ROOT / "app").rglob("*.py")
               if not p.relative_to(ROOT).as_posix().startswith(("app/train/", "app/cluster/"))]
    missing = [m.as_posix() for m in modules if not (LIB / m).is_file()]

    assert len(modules) > 50
    assert missing == [], f"not in the bundle (rebuild it if app/ changed since it was built): {missing}"
    assert not (LIB / "app" / "train").exists(), "the training package needs torch; it must not ship"


def test_every_resource_file_and_every_model_is_inside() -> None:
    models = [m for m in (ROOT / "resources" / "models").iterdir()
              if (m / "manifest.json").is_file() and (m / "model.onnx").is_file()]
    resources = [p.relative_to(ROOT) for p in (ROOT / "resources").rglob("*") if p.is_file()
                 and (p.parent.parent.name != "models" or p.parent in models) and "__pycache__" not in p.parts]
    missing = [r.as_posix() for r in resources if not (LIB / r).is_file()]
    different = [r.as_posix() for r in resources if (LIB / r).is_file() and (LIB / r).stat().st_size
                 != (ROOT / r).stat().st_size]

    assert {"finlens-finance-minilm", "minilm-base"} <= {m.name for m in models}  # both embedding models
    assert missing == [] and different == []


def test_the_qt_plugins_the_window_needs_are_inside() -> None:
    plugins = LIB / "PySide6" / "plugins"
    for plugin in ("platforms/qwindows.dll", "platforms/qoffscreen.dll", "imageformats/qsvg.dll",
                   "iconengines/qsvgicon.dll"):
        assert (plugins / plugin).is_file(), plugin
    assert list((plugins / "styles").glob("*.dll")), "no Windows style plugin"
    for module in ("QtCore", "QtGui", "QtWidgets"):
        assert (LIB / "PySide6" / f"{module}.pyd").is_file()
    assert not (LIB / "PySide6" / "qml").exists() and not list((LIB / "PySide6").glob("Qt6Quick*.dll"))


def test_every_dll_a_bundled_binary_links_against_is_inside_or_part_of_windows() -> None:
    files = _files()
    shipped = {p.name.lower() for p in files}
    unresolved: dict[str, str] = {}
    for binary in (p for p in files if p.suffix.lower() in (".dll", ".pyd", ".exe")):
        for name in pe_imports(binary):
            key = name.lower()
            if key.startswith(("api-ms-", "ext-ms-")) or key in shipped or key in WINDOWS_DLLS:
                continue
            unresolved[key] = binary.relative_to(BUNDLE).as_posix()

    assert unresolved == {}
    # The Visual C++ runtime travels with the bundle (no administrator has to install vc_redist).
    assert {"vcruntime140.dll", "vcruntime140_1.dll", "msvcp140.dll"} <= {p.name.lower()
                                                                         for p in (BUNDLE / "python").iterdir()}


def test_the_launchers_are_a_windowed_and_a_console_program_that_need_no_compiler_runtime() -> None:
    assert _subsystem(BUNDLE / "FinLens.exe") == 2  # IMAGE_SUBSYSTEM_WINDOWS_GUI: no console window
    assert _subsystem(BUNDLE / "finlens-cli.exe") == 3  # IMAGE_SUBSYSTEM_WINDOWS_CUI
    for launcher in ("FinLens.exe", "finlens-cli.exe"):
        assert {n.lower() for n in pe_imports(BUNDLE / launcher)} <= {"kernel32.dll", "user32.dll", "msvcrt.dll"}
    # Python imports only the bundle: the ._pth file names python311.zip, python\ and lib\ (and no site).
    assert (BUNDLE / "python" / "python311._pth").read_text().split() == ["python311.zip", ".", "..\\lib"]


def test_no_torch_no_test_data_no_build_tools_and_no_test_only_stand_ins() -> None:
    relative = [p.relative_to(BUNDLE).as_posix() for p in _files()]
    lowered = [r.lower() for r in relative]
    executables = sorted(r for r in relative if r.lower().endswith(".exe"))

    assert not [r for r in lowered if r.startswith(("lib/torch", "lib/sentence_transformers", "lib/transformers"))]
    assert not [r for r in lowered if "/tests/" in r or "/_tests/" in r or r.startswith("lib/tests/")
                or ("/test_" in r and r.endswith(".py"))]
    assert not [r for r in lowered if "financebench" in r or r.startswith(("lib/app/train", "lib/pytest"))]
    assert not [r for r in lowered if r.endswith((".h", ".lib", ".pyi", ".obj", ".a")) or "/cmake/" in r
                or "/include/" in r]
    assert executables == ["FinLens.exe", "finlens-cli.exe", "python/python.exe", "python/pythonw.exe"]
    assert not {Path(r).name for r in lowered} & TEST_ONLY_STANDINS


def test_licences_and_source_travel_with_the_bundle() -> None:
    assert (BUNDLE / "LICENSE").read_text().startswith("                    GNU AFFERO GENERAL PUBLIC LICENSE")
    assert (BUNDLE / "licenses" / "Python" / "LICENSE.txt").is_file()
    for distribution in ("pyside6-essentials", "onnxruntime", "lancedb", "pymupdf", "msvc-runtime"):
        assert [p for p in (BUNDLE / "licenses" / distribution).rglob("*") if p.is_file()], distribution
    assert list((BUNDLE / "source").glob("finlens-*-source.tar.gz"))


def test_paths_stay_short_enough_for_windows_without_long_path_support() -> None:
    # Installed under C:\Users\<name>\AppData\Local\Programs\FinLens\ (about 60 characters for a long user name);
    # Windows' MAX_PATH is 260 unless long paths are enabled, which a locked-down desktop may not allow.
    longest = max((p.relative_to(BUNDLE).as_posix() for p in _files()), key=len)
    assert len(longest) <= 180, longest
