"""``finlens --self-test``: exercise every native dependency and report as JSON.

The self-test is what CI runs against every frozen build, and what support asks a user to run when FinLens will
not start. Each check uses only temporary files (never the user's library) and covers one native stack:

* ``imports``: onnxruntime, tokenizers, numpy, pyarrow, LanceDB, PyMuPDF and Qt import, with their import times;
* ``app_modules``: every FinLens module except training imports (the CLI and UI import most of them lazily);
* ``qt``: a ``QMainWindow`` rendered offscreen to a ``QImage`` that must not be blank, plus the app icon loaded
  through the PNG and SVG image-format plugins (the packaging trims plugins, so this proves the right ones stayed);
* ``embedding``: the bundled ONNX model through onnxruntime and ``tokenizers``;
* ``pdf``: a PDF written with PyMuPDF, read back and rendered to a pixmap;
* ``lancedb``: a table round trip with a vector search and a native full-text (BM25) search.

Anything a check writes to the process's stderr (a Qt plugin warning, a deprecation warning, a missing-library
message from a native loader) fails that check: in a frozen build such output is usually the first sign of a
missing file. Stderr is captured at the file-descriptor level so messages from C/C++/Rust code are caught too.

Every check runs even when another failed. On Windows a check that failed because a DLL could not be found says
which one in ``details.missing_dlls`` (``{dll: module that needs it}``, from the import tables, :mod:`app.native_libs`):
Windows' own message names none, and a Windows too old for the bundle (or Wine) lacks e.g. ``icuuc.dll``.

The JSON report goes to stdout; the exit status is 0 only when every check passed.
"""

from __future__ import annotations

# onnxruntime must be imported before PySide6: on Windows the PySide6 wheel ships its own, older MSVC runtime
# (msvcp140.dll), and whichever copy loads first is used by the whole process; with Qt's, onnxruntime fails to load
# or crashes. Importing it here, before any Qt import, keeps ``python -m app.selftest`` correct on its own;
# ``app.cli.main`` does the same for the app.
try:
    import onnxruntime  # noqa: F401
except Exception:  # the "imports" check reports the real error
    pass

import contextlib
import importlib
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.native_libs import missing_dlls_for

EMBEDDING_PROBE = "revenue"
PDF_TEXT = "FinLens self-test: revenue 2024 was $1,234 million."

# The QApplication the Qt check creates when none exists; it must outlive the check (Qt allows one per process).
_keep_alive: list[object] = []


@dataclass
class CheckResult:
    """The outcome of one check, as it appears in the JSON report."""

    name: str
    ok: bool = False
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    stderr: str | None = None


class SelfTestFailure(Exception):
    """A check found something wrong; the message says what, ``details`` what the check saw before failing."""

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.details = details or {}


class _Captured:
    """Text a block wrote to file descriptor 2, filled in when the block ends."""

    text: str = ""


@contextlib.contextmanager
def capture_stderr() -> Iterator[_Captured]:
    """Redirect file descriptor 2 to a temporary file for the duration of the block.

    Redirecting the descriptor (not just ``sys.stderr``) also catches output from native libraries. Where there is no
    usable descriptor 2 (a windowed Windows executable) nothing is captured.
    """
    captured = _Captured()
    try:
        saved = os.dup(2)
    except OSError:
        yield captured
        return
    with tempfile.TemporaryFile(mode="w+b") as sink:
        if sys.stderr is not None:
            sys.stderr.flush()
        os.dup2(sink.fileno(), 2)
        try:
            yield captured
        finally:
            if sys.stderr is not None:
                sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            captured.text = sink.read().decode("utf-8", errors="replace").strip()


def _run_check(name: str, check: Callable[[], dict[str, Any]]) -> CheckResult:
    """Run one check with stderr captured; any exception or stderr output fails it."""
    result = CheckResult(name=name)
    start = time.perf_counter()
    with capture_stderr() as captured:
        try:
            result.details = check()
            result.ok = True
        except Exception as error:  # a self-test reports every failure instead of stopping at the first
            result.error = f"{type(error).__name__}: {error}"
            if isinstance(error, SelfTestFailure):
                result.details.update(error.details)
            else:
                result.details["traceback"] = traceback.format_exc(limit=8)
            # Windows names no DLL in "DLL load failed"; name the missing ones so the report says what to install.
            missing = result.details.get("missing_dlls") or missing_dlls_for(error)
            if missing:
                result.details["missing_dlls"] = missing
    result.seconds = round(time.perf_counter() - start, 3)
    if captured.text:
        result.stderr = captured.text
        if result.ok:
            result.ok = False
            result.error = "unexpected output on stderr"
    return result


def _module_version(module_name: str, attribute: str = "__version__") -> str:
    """The version of an importable module, or a short note why it could not be imported."""
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # the imports check reports the failure itself
        return f"unavailable ({type(error).__name__}: {error})"
    return str(getattr(module, attribute, "unknown"))


def collect_versions() -> dict[str, str]:
    """Versions of Python, FinLens and every native dependency, for bug reports."""
    from app import __version__

    versions = {
        "finlens": __version__,
        "python": platform.python_version(),
        "onnxruntime": _module_version("onnxruntime"),
        "lancedb": _module_version("lancedb"),
        "pyarrow": _module_version("pyarrow"),
        "pymupdf": _module_version("pymupdf"),
        "numpy": _module_version("numpy"),
        "tokenizers": _module_version("tokenizers"),
        "pyside6": _module_version("PySide6"),
    }
    try:
        from PySide6 import QtCore

        versions["qt"] = QtCore.qVersion()
    except Exception as error:
        versions["qt"] = f"unavailable ({type(error).__name__}: {error})"
    try:
        import pymupdf

        versions["mupdf"] = str(pymupdf.mupdf_version)
    except Exception:
        pass
    return versions


def _platform_info() -> dict[str, Any]:
    from app.startup_checks import cpu_supports_avx2

    return {
        "system": platform.system(),
        "release": platform.release(),
        "machine": platform.machine(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable,
        "cpu_avx2": cpu_supports_avx2(),
    }


def _import_failures(failures: dict[str, Exception], details: dict[str, Any]) -> SelfTestFailure:
    """One failure for the modules that did not import, with the DLLs they miss (Windows) in its details."""
    missing: dict[str, str] = {}
    explained = True
    for error in failures.values():
        found = missing_dlls_for(error)
        explained = explained and bool(found)
        missing.update(found)
    details = {**details, "failed_modules": {name: f"{type(e).__name__}: {e}" for name, e in sorted(failures.items())}}
    if missing and explained:  # only when a missing DLL explains every failure, else the DLLs would hide the rest
        details["missing_dlls"] = missing
    return SelfTestFailure("; ".join(f"{name}: {type(e).__name__}: {e}" for name, e in sorted(failures.items())),
                           details)


def check_imports() -> dict[str, Any]:
    """Import every native module FinLens needs (onnxruntime first, see the module header); report all failures."""
    modules = ["onnxruntime", "tokenizers", "numpy", "pyarrow", "lancedb", "pymupdf",
               "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"]
    timings: dict[str, float] = {}
    failures: dict[str, Exception] = {}
    for name in modules:
        start = time.perf_counter()
        try:
            importlib.import_module(name)
        except Exception as error:  # the others may still import: report every one that does not
            failures[name] = error
            continue
        timings[name] = round(time.perf_counter() - start, 3)
    if failures:
        raise _import_failures(failures, {"import_seconds": timings})
    return {"import_seconds": timings}


def check_app_modules() -> dict[str, Any]:
    """Import every FinLens module the app ships (all but the training package).

    The CLI and the UI import most modules lazily, so a frozen build can start and still miss one; importing them
    all here makes a missing module or data file fail the release instead of a user's first click.
    """
    import pkgutil

    import app

    failures: dict[str, Exception] = {}
    imported = 0
    pending = [(list(app.__path__), "app.")]
    while pending:
        path, prefix = pending.pop()
        for info in pkgutil.iter_modules(path, prefix):
            # __main__ modules run the program when imported; app.train needs the training extra.
            if info.name.rsplit(".", 1)[-1] == "__main__" or info.name == "app.train":
                continue
            try:
                module = importlib.import_module(info.name)
            except Exception as error:  # report every module that fails, not just the first
                failures[info.name] = error
                continue
            imported += 1
            if info.ispkg:
                pending.append((list(module.__path__), info.name + "."))
    if failures:
        raise _import_failures(failures, {"modules": imported})
    return {"modules": imported}


def check_qt() -> dict[str, Any]:
    """Render a main window offscreen and load the app icon through the image-format plugins."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    if QApplication.instance() is None:
        _keep_alive.append(QApplication(["finlens"]))
    window = QMainWindow()
    window.setWindowTitle("FinLens self-test")
    label = QLabel("FinLens self-test")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("QLabel { background: white; color: black; font-size: 24px; }")
    window.setCentralWidget(label)
    window.resize(360, 120)
    # Rendering a hidden widget polishes and lays it out without mapping a window, so nothing appears on a real
    # display and offscreen platforms do not warn about window-manager hints.
    image = QImage(window.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    window.render(image)
    window.deleteLater()
    dark = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
               if QColor(image.pixel(x, y)).lightness() < 128)
    if dark < 20:
        raise SelfTestFailure(f"the rendered window is blank ({dark} dark pixels); Qt could not draw text")

    from app.core.paths import resources_dir

    icons: dict[str, list[int]] = {}
    for name in ("finlens.png", "finlens.svg"):
        icon = QImage(str(resources_dir() / "icons" / name))
        if icon.isNull():
            raise SelfTestFailure(f"the app icon {name} could not be loaded (missing file or image-format plugin)")
        icons[name] = [icon.width(), icon.height()]
    return {"platform": QGuiApplication.platformName(), "image": [image.width(), image.height()],
            "dark_pixels": dark, "icons": icons, "style": QApplication.style().name()}


def check_embedding() -> dict[str, Any]:
    """Embed a word with the default bundled model and check shape, norm and a sanity ordering."""
    import numpy as np

    from app.core.retrieval.embedding import load_embedder

    embedder = load_embedder("default")
    vectors = embedder.embed([EMBEDDING_PROBE])
    if vectors.shape != (1, embedder.dimension):
        raise SelfTestFailure(f"embedding shape {vectors.shape}, expected (1, {embedder.dimension})")
    norm = float(np.linalg.norm(vectors[0]))
    if not np.isfinite(vectors).all() or abs(norm - 1.0) > 1e-3:
        raise SelfTestFailure(f"embedding is not L2-normalised (norm {norm:.4f})")
    # A broken tokenizer or a truncated model still yields unit vectors; related words must still be closer.
    related, unrelated = embedder.embed(["sales", "giraffe"])
    close, far = float(vectors[0] @ related), float(vectors[0] @ unrelated)
    if close <= far:
        raise SelfTestFailure(f"the model does not rank 'sales' ({close:.3f}) above 'giraffe' ({far:.3f})")
    return {"model": embedder.model_id, "dimension": embedder.dimension, "norm": round(norm, 5),
            "similarity_related": round(close, 3), "similarity_unrelated": round(far, 3)}


def check_pdf(workdir: Path) -> dict[str, Any]:
    """Write a one-page PDF, read its text back and render it to a pixmap."""
    import pymupdf

    path = workdir / "selftest.pdf"
    with pymupdf.open() as document:
        page = document.new_page()
        page.insert_text((72, 72), PDF_TEXT, fontsize=14)
        page.draw_rect(pymupdf.Rect(72, 100, 300, 160), color=(0, 0, 0), fill=(0.2, 0.4, 0.8))
        document.save(path)
    with pymupdf.open(path) as document:
        text = document[0].get_text()
        pixmap = document[0].get_pixmap(dpi=72)
        samples = pixmap.samples
    if "1,234" not in text:
        raise SelfTestFailure(f"text extraction returned {text[:80]!r}")
    if len(set(samples[:: max(1, len(samples) // 4096)])) < 2:
        raise SelfTestFailure("the rendered page is blank")
    return {"pixmap": [pixmap.width, pixmap.height], "bytes": path.stat().st_size}


def check_lancedb(workdir: Path) -> dict[str, Any]:
    """Create a table, then run a vector search and a native full-text search on it."""
    import lancedb
    import numpy as np
    from lancedb.index import FTS

    texts = ["Revenue grew ten percent on strong iPhone sales",
             "Operating margin fell because of higher freight costs",
             "Free cash flow funded the share repurchase program"]
    rng = np.random.default_rng(6)
    vectors = rng.standard_normal((len(texts), 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    db = lancedb.connect(str(workdir / "lance"))
    table = db.create_table("chunks", data=[{"id": i, "text": t, "vector": v.tolist()}
                                            for i, (t, v) in enumerate(zip(texts, vectors, strict=True))])
    nearest = table.search(vectors[2].tolist()).limit(1).to_list()
    if not nearest or nearest[0]["id"] != 2:
        raise SelfTestFailure(f"vector search returned {[r['id'] for r in nearest]}, expected [2]")
    # create_index(config=FTS()) is the native (Rust) BM25 index; create_fts_index is deprecated in lancedb 0.40.
    table.create_index("text", config=FTS(), replace=True)
    matches = table.search("freight margin", query_type="fts").limit(2).to_list()
    if not matches or matches[0]["id"] != 1:
        raise SelfTestFailure(f"full-text search returned {[r['id'] for r in matches]}, expected 1 first")
    return {"rows": table.count_rows(), "vector_hit": 2, "fts_hit": 1}


def _use_offscreen_without_display() -> None:
    """Pick Qt's offscreen platform when there is no display (CI, SSH), unless the caller chose one."""
    if "QT_QPA_PLATFORM" in os.environ:
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def run_self_test() -> int:
    """Run every check, print the JSON report to stdout, and return the exit status (0 when all passed)."""
    started = time.perf_counter()
    _use_offscreen_without_display()
    with tempfile.TemporaryDirectory(prefix="finlens-selftest-", ignore_cleanup_errors=True) as temporary:
        workdir = Path(temporary)
        # Every check runs even when an import failed: each reports on its own stack (under Wine, PyMuPDF works
        # while Qt lacks a DLL), and a failure names what it misses.
        checks = [
            _run_check("imports", check_imports),
            _run_check("app_modules", check_app_modules),
            _run_check("qt", check_qt),
            _run_check("embedding", check_embedding),
            _run_check("pdf", lambda: check_pdf(workdir)),
            _run_check("lancedb", lambda: check_lancedb(workdir)),
        ]
    ok = all(check.ok for check in checks)
    report = {
        "ok": ok,
        "versions": collect_versions(),
        "platform": _platform_info(),
        "checks": [asdict(check) for check in checks],
        "seconds": round(time.perf_counter() - started, 3),
    }
    if sys.stdout is not None:
        print(json.dumps(report, indent=2), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(run_self_test())
