"""``finlens --self-test``: it passes on this machine, reports JSON, and fails loudly on stderr noise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.selftest import CheckResult, _run_check, capture_stderr

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_CHECKS = ["imports", "app_modules", "qt", "embedding", "pdf", "lancedb"]
EXPECTED_VERSIONS = {"finlens", "python", "qt", "pyside6", "onnxruntime", "lancedb", "pyarrow", "pymupdf", "numpy"}


def _smoke_env(tmp_path: Path) -> dict[str, str]:
    """Offscreen Qt, and a library and settings folder of the test's own."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FINLENS_LIBRARY": str(tmp_path / "library"),
            "FINLENS_CONFIG_DIR": str(tmp_path / "config")}


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=_smoke_env(tmp_path), capture_output=True,
                          text=True, timeout=300, check=False)


def test_self_test_passes_and_reports_every_check(tmp_path: Path) -> None:
    result = _run(["-c", "from app.selftest import run_self_test; raise SystemExit(run_self_test())"], tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    failed = {c["name"]: c["error"] or c["stderr"] for c in report["checks"] if not c["ok"]}
    assert report["ok"] is True, failed
    assert [check["name"] for check in report["checks"]] == EXPECTED_CHECKS
    assert EXPECTED_VERSIONS <= report["versions"].keys()
    assert not any(v.startswith("unavailable") for v in report["versions"].values()), report["versions"]
    assert report["platform"]["frozen"] is False
    assert result.stderr == ""
    assert not (tmp_path / "library").exists(), "the self-test must not touch the library"


def test_finlens_self_test_option_runs_the_self_test(tmp_path: Path) -> None:
    result = _run(["-m", "app", "--self-test"], tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert [check["name"] for check in json.loads(result.stdout)["checks"]] == EXPECTED_CHECKS


def test_output_from_native_code_on_stderr_fails_the_check() -> None:
    result = _run_check("noisy", lambda: (os.write(2, b"QFont: missing font\n"), {})[1])

    assert result.ok is False
    assert result.error == "unexpected output on stderr"
    assert result.stderr == "QFont: missing font"


def test_python_warnings_fail_the_check(tmp_path: Path) -> None:
    # In a subprocess: under pytest, sys.stderr is pytest's capture object, not file descriptor 2.
    code = ("import json, warnings\n"
            "from app.selftest import _run_check\n"
            "def warn():\n"
            "    warnings.warn('the FTS index is deprecated', UserWarning, stacklevel=1)\n"
            "    return {}\n"
            "print(json.dumps(_run_check('warning', warn).__dict__))\n")
    result = _run(["-c", code], tmp_path)

    check = json.loads(result.stdout)
    assert check["ok"] is False
    assert "UserWarning: the FTS index is deprecated" in check["stderr"]
    assert result.stderr == ""


def test_an_exception_fails_the_check_with_its_message() -> None:
    def broken() -> dict[str, object]:
        raise OSError("libxcb-cursor.so.0: cannot open shared object file")

    result = _run_check("broken", broken)

    assert result == CheckResult(name="broken", ok=False, seconds=result.seconds, details=result.details,
                                 error="OSError: libxcb-cursor.so.0: cannot open shared object file")
    assert "Traceback" in result.details["traceback"]


def test_capture_restores_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    with capture_stderr() as captured:
        os.write(2, b"inside\n")
    os.write(2, b"after\n")

    assert captured.text == "inside"
    assert capfd.readouterr().err == "after\n"


def test_every_check_runs_even_when_an_import_fails(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # Under Wine, Qt cannot load while PyMuPDF and LanceDB can: each check must still report on its own stack.
    import app.selftest as selftest

    def imports() -> dict[str, object]:
        raise ImportError("DLL load failed while importing QtCore: The specified module could not be found.")

    monkeypatch.setattr(selftest, "check_imports", imports)
    for name in ("check_app_modules", "check_qt", "check_embedding"):
        monkeypatch.setattr(selftest, name, lambda: {"ran": True})
    for name in ("check_pdf", "check_lancedb"):
        monkeypatch.setattr(selftest, name, lambda workdir: {"ran": True})
    monkeypatch.setattr(selftest, "collect_versions", lambda: {})

    status = selftest.run_self_test()
    report = json.loads(capsys.readouterr().out)

    assert status == 1 and report["ok"] is False
    assert [check["name"] for check in report["checks"]] == EXPECTED_CHECKS
    assert [check["ok"] for check in report["checks"]] == [False, True, True, True, True, True]


def test_a_failure_explained_by_a_missing_dll_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # On Windows app.native_libs reads the name from the import tables; here only that answer is given.
    import app.selftest as selftest

    monkeypatch.setattr(selftest, "missing_dlls_for",
                        lambda error: {"icuuc.dll": "Qt6Core.dll"} if "QtCore" in str(error) else {})

    def qt() -> dict[str, object]:
        raise ImportError("DLL load failed while importing QtCore: Module not found.")

    result = _run_check("qt", qt)

    assert result.ok is False and result.details["missing_dlls"] == {"icuuc.dll": "Qt6Core.dll"}


def test_import_failures_name_missing_dlls_only_when_they_explain_every_failure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import app.selftest as selftest

    monkeypatch.setattr(selftest, "missing_dlls_for",
                        lambda error: {"icuuc.dll": "Qt6Core.dll"} if "QtCore" in str(error) else {})
    qt = ImportError("DLL load failed while importing QtCore")
    broken = SyntaxError("invalid syntax in app/core/x.py")

    only_qt = selftest._import_failures({"app.ui.about": qt}, {"modules": 80})
    mixed = selftest._import_failures({"app.ui.about": qt, "app.core.x": broken}, {"modules": 79})

    assert only_qt.details["missing_dlls"] == {"icuuc.dll": "Qt6Core.dll"}
    assert only_qt.details["modules"] == 80 and list(only_qt.details["failed_modules"]) == ["app.ui.about"]
    assert "missing_dlls" not in mixed.details  # a real fault is never excused as a Wine gap
    assert sorted(mixed.details["failed_modules"]) == ["app.core.x", "app.ui.about"]
