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


# --- the window's system libraries --------------------------------------------------------------------------------

LDD_BARE_DEBIAN = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f57)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f57)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f57)
"""


def test_missing_libraries_are_read_from_ldd_output() -> None:
    assert startup_checks.missing_libraries(LDD_BARE_DEBIAN) == [
        "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert startup_checks.missing_libraries("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


def test_one_sentence_names_the_libraries_and_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup_checks.sys, "platform", "linux")
    monkeypatch.setattr(startup_checks, "xcb_plugin_path", lambda: Path("/opt/PySide6/libqxcb.so"))
    problem = startup_checks.window_libraries_problem({"DISPLAY": ":0"}, ldd=lambda _path: LDD_BARE_DEBIAN)

    assert problem is not None and problem.count(". ") == 0 and problem.endswith(".")
    assert "`sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1`" in problem
    assert "libxcb-keysyms.so.1" in problem


def test_without_ldd_each_library_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup_checks.sys, "platform", "linux")
    monkeypatch.setattr(startup_checks, "xcb_plugin_path", lambda: Path("/opt/PySide6/libqxcb.so"))

    def load(name: str) -> object:
        if name in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1"):
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    problem = startup_checks.window_libraries_problem({"DISPLAY": ":0"}, ldd=lambda _path: None, load=load)
    assert problem is not None and "sudo apt-get install libxcb-icccm4 libxcb-keysyms1`" in problem


@pytest.mark.parametrize("environ", [
    {},  # no display: the headless demo runs anyway
    {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"},
    {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"},
])
def test_no_check_when_qt_will_not_use_x11(monkeypatch: pytest.MonkeyPatch, environ: dict[str, str]) -> None:
    monkeypatch.setattr(startup_checks.sys, "platform", "linux")
    monkeypatch.setattr(startup_checks, "xcb_plugin_path", lambda: Path("/opt/PySide6/libqxcb.so"))
    assert startup_checks.window_libraries_problem(environ, ldd=lambda _path: LDD_BARE_DEBIAN) is None


def test_a_complete_system_has_no_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup_checks.sys, "platform", "linux")
    monkeypatch.setattr(startup_checks, "xcb_plugin_path", lambda: Path("/opt/PySide6/libqxcb.so"))
    complete = LDD_BARE_DEBIAN.replace("not found", "/lib/x86_64-linux-gnu/lib.so (0x1)")
    assert startup_checks.window_libraries_problem({"DISPLAY": ":0"}, ldd=lambda _path: complete) is None


def test_the_packages_match_the_deb_dependencies() -> None:
    control = (Path(__file__).parents[2] / "packaging" / "linux" / "control.in").read_text()
    depends = control.split("Depends:", 1)[1].splitlines()[0]
    for package in set(startup_checks.XCB_LIBRARY_PACKAGES.values()) - {"libxcb-util1", "libxcb-shm0",
                                                                          "libxcb-sync1", "libxcb-xfixes0",
                                                                          "libxcb-render0"}:
        assert package in depends, package


def test_demo_runs_headless_when_the_window_cannot_open(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from app import cli

    sentence = ("The FinLens window cannot open because this system lacks libraries Qt needs to draw it "
                "(libxcb-icccm.so.4); install them with `sudo apt-get install libxcb-icccm4` and run FinLens again.")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(startup_checks, "window_libraries_problem", lambda: sentence)
    monkeypatch.setattr("app.cli.window_commands.open_window", lambda *a, **k: pytest.fail("the window was started"))

    assert cli.main(["--library", str(tmp_path / "demo"), "demo"]) == 0
    out, err = capsys.readouterr()
    assert sentence in err
    assert "> capital expenditures (capex)" in out and "the window needs the libraries named above" in out
