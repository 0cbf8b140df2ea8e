"""The frozen Linux build: bundle, tarball and .deb are built and each passes ``--self-test`` (slow: minutes).

Run with ``pytest -m slow tests/packaging/test_bundle.py``; the default test run deselects it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle and .deb"),
    pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None, reason="needs the 'package' extra"),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb"),
]


def test_linux_build_passes_its_smoke_tests() -> None:
    result = subprocess.run(["bash", str(ROOT / "packaging" / "build_linux.sh")], cwd=ROOT,
                            env={**os.environ, "PYTHON": sys.executable}, capture_output=True, text=True,
                            timeout=3600, check=False)

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    for name in ("bundle", "bundle-warm", "deb"):
        report = json.loads((ROOT / "dist" / f"selftest-{name}.json").read_text())
        assert report["ok"] is True, name
        assert report["platform"]["frozen"] is True, name
    assert (ROOT / "dist" / "finlens" / "LICENSE").is_file()
    sources = list((ROOT / "dist" / "finlens").rglob("finlens-*-source.tar.gz"))  # AGPL: the source comes along
    assert sources and sources[0].stat().st_size > 50_000
    assert list((ROOT / "dist").glob("finlens_*.deb")) and list((ROOT / "dist").glob("finlens-*-linux-*.tar.gz"))
