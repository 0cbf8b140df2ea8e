"""Start-up checks: plain sentences for problems, nothing for a healthy machine."""

from __future__ import annotations

import os
import sys
from collections import namedtuple
from pathlib import Path

import pytest

from app import startup_checks
from app.startup_checks import check_library_writable, cpu_supports_avx2, startup_problems


def test_avx2_detection_returns_a_bool() -> None:
    assert isinstance(cpu_supports_avx2(), bool)


@pytest.mark.parametrize(("flags", "expected"), [("fpu sse4_2 avx avx2 fma", True), ("fpu sse4_2 avx", False)])
def test_avx2_is_read_from_cpuinfo_flags(tmp_path: Path, flags: str, expected: bool) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: {flags}\n\nprocessor\t: 1\n")

    assert startup_checks._linux_avx2(cpuinfo) is expected


def test_avx2_is_assumed_on_arm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup_checks.platform, "machine", lambda: "arm64")

    assert cpu_supports_avx2() is True


def test_avx2_is_assumed_when_detection_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable(_: Path) -> bool:
        raise PermissionError("no /proc")

    monkeypatch.setattr(startup_checks.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(startup_checks.sys, "platform", "linux")
    monkeypatch.setattr(startup_checks, "_linux_avx2", unreadable)

    assert cpu_supports_avx2() is True


def test_writable_library_has_no_problem_and_leaves_no_file(tmp_path: Path) -> None:
    library = tmp_path / "new" / "library"

    assert check_library_writable(library) is None
    assert library.is_dir()
    assert list(library.iterdir()) == []


def test_library_under_a_file_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "report.pdf"
    blocker.write_bytes(b"%PDF-1.7")

    problem = check_library_writable(blocker / "library")

    assert problem is not None
    assert "cannot create its library folder" in problem
    assert "--library" in problem


def test_library_path_that_is_a_file_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "library"
    blocker.write_text("not a folder")

    problem = check_library_writable(blocker)

    assert problem is not None and "is a file, not a folder" in problem


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root (and Windows ACLs) ignore chmod")
def test_read_only_library_is_reported(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    library.chmod(0o500)
    try:
        problem = check_library_writable(library)
    finally:
        library.chmod(0o700)

    assert problem is not None and "cannot save files" in problem


def test_failed_write_is_reported_as_a_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails (read-only mount, ACL, full disk) whatever the user's privileges."""

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(startup_checks, "open", refuse, raising=False)

    problem = check_library_writable(tmp_path)

    assert problem == (f"FinLens cannot save files in its library folder {tmp_path} (Permission denied). "
                       "Choose another folder with --library, or ask your administrator for write access.")


def test_healthy_machine_has_no_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup_checks, "cpu_supports_avx2", lambda: True)

    assert startup_problems(tmp_path / "library") == []


def test_problems_are_sentences_that_say_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setattr(startup_checks, "cpu_supports_avx2", lambda: False)

    problems = startup_problems(blocker / "library")

    assert len(problems) == 2
    assert "AVX2" in problems[0] and "newer computer" in problems[0]
    assert "--library" in problems[1]
    assert all(p[0].isupper() and p.endswith(".") for p in problems)


def test_low_disk_space_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(startup_checks, "cpu_supports_avx2", lambda: True)
    monkeypatch.setattr(startup_checks.shutil, "disk_usage", lambda _: usage(10**9, 10**9 - 10**7, 10**7))

    problems = startup_problems(tmp_path)

    assert len(problems) == 1
    assert "only 9 MB free" in problems[0]
