"""``finlens demo`` indexes the sample filings into a library of its own, never the user's default library."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.core import paths


def test_the_demo_uses_its_own_library(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # where the per-user folders are, on Linux
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.delenv(paths.LIBRARY_ENV, raising=False)
    paths.set_library_override(None)
    try:
        assert main(["demo", "--headless"]) == 0
    finally:
        paths.set_library_override(None)
    out = capsys.readouterr().out
    assert paths.demo_library_dir() != paths.default_library_dir()
    assert f"Library: {paths.demo_library_dir()}" in out
    assert (paths.demo_library_dir() / "library.json").exists()
    assert not paths.default_library_dir().exists()  # the user's library was not touched
