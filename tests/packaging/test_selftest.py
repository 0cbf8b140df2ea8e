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
