"""Check the Windows installer under Wine: silent install, ``finlens-cli.exe --self-test``, silent uninstall.

    python packaging/windows/wine_check.py --installer dist/FinLens-<v>-windows-x64-setup.exe \\
        --bundle dist/windows/FinLens --out dist/selftest-windows-wine.json
    python packaging/windows/wine_check.py --summary dist/selftest-windows-wine.json

In a fresh Wine prefix (``build/windows/wine``, its own HOME so nothing reaches the real one):

1. ``setup.exe /S`` installs per user; the program files, both shortcuts and the uninstall entry must be there, and
   every file of the bundle must have arrived.
2. ``finlens-cli.exe --self-test`` runs as shipped. Each check passes, or is *not checkable under Wine 8.0*: it
   failed only for DLLs that Windows 10/11 has and Wine 8.0 lacks (:data:`WINE_8_0_GAPS`), which the self-test names
   from the import tables. Any other failure, or a missing DLL not in that list (one the bundle should carry), fails.
   Wine 8.0 cannot run it to the end: NumPy calls ``crealf``/``cimagf``, unimplemented stubs in Wine 8.0's
   ucrtbase.dll (:data:`WINE_8_0_STUBS`), and the process aborts. That abort is recorded; any other is a failure.
3. The same self-test (``python.exe -m app --self-test``, what ``finlens-cli.exe`` runs) with the test-only
   stand-ins of ``packaging/windows/standins`` for what every Windows 10/11 has and Wine 8.0 lacks:
   ``bcryptprimitives.dll`` in the prefix's system32; ``ucrt_crealf.dll`` loaded first to give the two ucrtbase
   stubs an implementation; ``linux_amx.dll`` loaded first to let the process use AMX, as Windows lets every process
   (onnxruntime uses it on this CPU; Wine 8.0 never asks Linux for it, and the process dies). The stand-ins live in
   the prefix only and never enter the bundle (checked here and by tests/packaging/test_windows_bundle.py).
4. Windows behaviour of the core through Wine's Windows API (``windows_probe.py``): the writer lock between two
   processes, the keyring's Windows backend, and the per-user folders.
5. The uninstaller removes every file, folder, shortcut and registry entry the installer made.

The JSON report holds the timings, the checks passed / not checkable (with the missing DLL) / failed per run, and
what the uninstaller left; the exit status is non-zero on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIX = ROOT / "build" / "windows" / "wine"
STANDINS = ROOT / "packaging" / "windows" / "standins"

#: DLLs every supported Windows (10 1903+, 11) has that Wine 8.0 does not: bcryptprimitives.dll (Rust's random
#: numbers, added in Wine 8.13) and the system ICU that Qt 6 links (icuuc.dll/icuin.dll). A check that fails only
#: for these is reported as not checkable under Wine, never as passed.
WINE_8_0_GAPS = {"bcryptprimitives.dll", "icuuc.dll", "icuin.dll", "icu.dll"}
#: Functions Wine 8.0's ucrtbase.dll exports as unimplemented stubs that the bundle calls (NumPy, at import).
WINE_8_0_STUBS = {"ucrtbase.dll.crealf", "ucrtbase.dll.cimagf"}
#: Checks that must pass under Wine 8.0 with the stand-ins: everything that does not need Qt (icuuc.dll).
MUST_PASS_WITH_STANDINS = {"embedding", "pdf", "lancedb"}
STANDIN_DIR = r"C:\finlens-standins"
PRELOADED_STANDINS = ("ucrt_crealf.dll", "linux_amx.dll")

def _env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISPLAY", "WAYLAND", "QT_"))}
    env.update(WINEPREFIX=str(PREFIX), WINEARCH="win64", WINEDEBUG="-all", HOME=str(home),
               WINEDLLOVERRIDES="mscoree,mshtml=",  # no Mono/Gecko download prompts
               QT_QPA_PLATFORM="offscreen", FINLENS_LIBRARY=r"C:\finlens-smoke\library",
               FINLENS_CONFIG_DIR=r"C:\finlens-smoke\config")
    return env


def _wine(args: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["wine", *args], env=env, capture_output=True, text=True, timeout=timeout,
                            check=False)
    subprocess.run(["wineserver", "-w"], env=env, check=False, timeout=timeout)
    return result


def _files(root: Path, skip: tuple[str, ...]) -> set[str]:
    """Every file and folder (ending in /) under ``root``, relative, except those under a ``skip`` prefix."""
    found = set()
    for path in root.rglob("*"):
        relative = path.relative_to(root).as_posix() + ("/" if path.is_dir() and not path.is_symlink() else "")
        if not relative.lower().startswith(skip):
            found.add(relative)
    return found


def _user_dir() -> Path:
    users = [p for p in (PREFIX / "drive_c" / "users").iterdir() if p.name.lower() != "public"]
    return users[0]


def classify(report: dict[str, object]) -> dict[str, object]:
    """Split a self-test report into passed / not checkable (with the missing DLLs) / failed checks."""
    passed, not_checkable, failed = [], {}, {}
    for check in report.get("checks", []):  # type: ignore[union-attr]
        missing = set((check.get("details") or {}).get("missing_dlls") or {})
        if check["ok"]:
            passed.append(check["name"])
        elif missing and missing <= WINE_8_0_GAPS:
            details = check.get("details") or {}
            not_checkable[check["name"]] = {"missing_dlls": sorted(missing),
                                            "modules_imported": details.get("modules"),
                                            "modules_blocked": sorted(details.get("failed_modules") or {})}
        else:
            failed[check["name"]] = {"error": check.get("error"), "stderr": check.get("stderr"),
                                     "missing_dlls": sorted(missing)}
    return {"passed": passed, "not_checkable_under_wine_8_0": not_checkable, "failed": failed}


def _preloading(preload: str, arguments: list[str]) -> list[str]:
    """``python.exe -c`` that loads the stand-in DLLs (``;``-separated), then runs ``python -m app <arguments>``."""
    return ["-c", f"import ctypes, runpy, sys; [ctypes.WinDLL(dll) for dll in {preload.split(';')!r}]; "
                  f"sys.argv[1:] = {arguments!r}; runpy.run_module('app', run_name='__main__', alter_sys=True)"]


def self_test(command: list[str], env: dict[str, str]) -> dict[str, object]:
    start = time.perf_counter()
    result = _wine(command, env)
    wall = round(time.perf_counter() - start, 2)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        output = result.stdout + result.stderr
        aborted = re.search(r"unimplemented function (\S+?),? ", output)
        stub = aborted.group(1) if aborted else None
        outcome = {"wall_seconds": wall, "exit_status": result.returncode, "passed": [],
                   "not_checkable_under_wine_8_0": {}, "failed": {}}
        if stub in WINE_8_0_STUBS:
            outcome["aborted_on_wine_8_0_stub"] = stub
        else:
            outcome["failed"] = {"self-test": {"error": "no JSON report", "output": output[-3000:]}}
        return outcome
    return {"wall_seconds": wall, "report_seconds": report.get("seconds"), "exit_status": result.returncode,
            **classify(report), "versions": report.get("versions"), "report": report}


def _build_standins(target: Path) -> dict[str, Path]:
    """Compile the stand-ins of packaging/windows/standins into ``target`` (a folder of the prefix)."""
    target.mkdir(parents=True, exist_ok=True)
    built = {}
    for source in sorted(STANDINS.glob("*.c")):
        dll = target / f"{source.stem}.dll"
        subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-Wall", "-Werror", "-shared", "-s", str(source),
                        "-lbcrypt", "-o", str(dll)], check=True)
        built[dll.name] = dll
    return built


def install(installer: Path, bundle: Path, env: dict[str, str]) -> tuple[dict[str, object], Path]:
    start = time.perf_counter()
    result = _wine([str(installer), "/S"], env)
    user = _user_dir()
    target = user / "AppData" / "Local" / "Programs" / "FinLens"
    shortcuts = {"start_menu": user / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
                 / "FinLens.lnk", "desktop": user / "Desktop" / "FinLens.lnk"}
    expected = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    arrived = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} if target.is_dir() else set()
    registry = _wine(["reg", "query", r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\FinLens"], env)
    # Per user without administrator rights: the installer's manifest asks Windows for no elevation (Wine runs
    # everything alike, so the manifest is what can be checked here).
    manifest = re.search(rb'requestedExecutionLevel level="(\w+)"', installer.read_bytes())
    outcome = {"seconds": round(time.perf_counter() - start, 2), "exit_status": result.returncode,
               "execution_level": manifest.group(1).decode() if manifest else None,
               "folder": str(target.relative_to(PREFIX)), "files": len(arrived & expected),
               "files_missing": sorted(expected - arrived)[:20],
               "uninstaller": (target / "Uninstall FinLens.exe").is_file(),
               "shortcuts": {name: path.is_file() for name, path in shortcuts.items()},
               "uninstall_entry": "UninstallString" in registry.stdout}
    outcome["ok"] = bool(result.returncode == 0 and arrived and not outcome["files_missing"]
                         and outcome["execution_level"] == "asInvoker"
                         and outcome["uninstaller"] and all(outcome["shortcuts"].values())  # type: ignore[union-attr]
                         and outcome["uninstall_entry"])
    return outcome, target


def windows_probe(target: Path, env: dict[str, str], preload: str) -> dict[str, object]:
    """The writer lock across processes, the keyring's Windows backend and the per-user folders (windows_probe.py)."""
    probe = PREFIX / "drive_c" / "finlens-smoke" / "windows_probe.py"
    probe.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(Path(__file__).with_name("windows_probe.py"), probe)
    result = _wine([str(target / "python" / "python.exe"), r"C:\finlens-smoke\windows_probe.py",
                    r"C:\finlens-smoke\lock-library", "--preload", preload], env)
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": (result.stdout + result.stderr)[-3000:]}


def uninstall(target: Path, before: set[str], env: dict[str, str], skip: tuple[str, ...]) -> dict[str, object]:
    start = time.perf_counter()
    result = _wine([str(target / "Uninstall FinLens.exe"), "/S"], env)
    time.sleep(1)
    subprocess.run(["wineserver", "-w"], env=env, check=False)
    left = sorted(_files(PREFIX / "drive_c", skip) - before)
    # %LOCALAPPDATA%\Programs is the shared parent of per-user programs; the installer made it here only because
    # the prefix is new, and an uninstaller must not remove it (other programs live there), so an empty one is fine.
    left = [p for p in left if not (p.lower().endswith("/appdata/local/programs/")
                                    and not any((PREFIX / "drive_c" / p).iterdir()))]
    temp = [p for p in _files(PREFIX / "drive_c", ()) if p.lower().startswith(skip[-1]) and "~nsu" in p.lower()]
    registry = _wine(["reg", "query", r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\FinLens"], env)
    return {"seconds": round(time.perf_counter() - start, 2), "exit_status": result.returncode,
            "files_left": left[:50], "uninstaller_copy_in_temp": sorted(temp),  # NSIS runs from %TEMP%
            "uninstall_entry_left": "UninstallString" in registry.stdout,
            "ok": result.returncode == 0 and not left and "UninstallString" not in registry.stdout}


def check(installer: Path, bundle: Path) -> dict[str, object]:
    """Run steps 1-5 of the module docstring in a fresh prefix; the report's ``ok`` says whether all held."""
    shutil.rmtree(PREFIX.parent / "wine-home", ignore_errors=True)
    shutil.rmtree(PREFIX, ignore_errors=True)
    home = PREFIX.parent / "wine-home"
    home.mkdir(parents=True)
    env = _env(home)
    start = time.perf_counter()
    subprocess.run(["wineboot", "--init"], env=env, capture_output=True, check=True, timeout=600)
    subprocess.run(["wineserver", "-w"], env=env, check=False, timeout=600)
    report: dict[str, object] = {"wine": subprocess.run(["wine", "--version"], capture_output=True, text=True,
                                                        check=False).stdout.strip(),
                                 "prefix_seconds": round(time.perf_counter() - start, 2),
                                 "installer": installer.name, "installer_bytes": installer.stat().st_size}
    user = _user_dir().relative_to(PREFIX / "drive_c").as_posix().lower()
    # Wine's own folders, the smoke run's library and settings, the stand-ins and the temporary folder (Wine's
    # %TEMP% is users/<name>/Temp) are not the installer's.
    skip = ("windows/", "finlens-smoke/", "finlens-standins/", f"{user}/temp/")
    before = _files(PREFIX / "drive_c", skip)
    report["install"], target = install(installer, bundle, env)
    if report["install"]["ok"]:  # type: ignore[index]
        report["selftest"] = self_test([str(target / "finlens-cli.exe"), "--self-test"], env)
        standins = _build_standins(PREFIX / "drive_c" / "finlens-standins")
        system32 = PREFIX / "drive_c" / "windows" / "system32"
        shutil.copy2(standins["bcryptprimitives.dll"], system32 / "bcryptprimitives.dll")
        preload = ";".join(f"{STANDIN_DIR}\\{name}" for name in PRELOADED_STANDINS)
        python = str(target / "python" / "python.exe")
        report["selftest_with_test_standins"] = {
            "standins": sorted(standins), **self_test([python, *_preloading(preload, ["--self-test"])], env)}
        report["windows_behaviour"] = windows_probe(target, env, preload)
        (system32 / "bcryptprimitives.dll").unlink()
        shutil.rmtree(PREFIX / "drive_c" / "finlens-standins")
        shipped = {p.name.lower() for p in bundle.rglob("*.dll")}
        report["standins_in_bundle"] = sorted(name for name in standins if name.lower() in shipped)
        report["uninstall"] = uninstall(target, before, env, skip)
    report["ok"] = verdict(report)
    return report


def verdict(report: dict[str, object]) -> bool:
    """Every step held, no check failed, and every check that needs no Qt passed with the stand-ins."""
    as_shipped = report.get("selftest") or {}
    with_standins = report.get("selftest_with_test_standins") or {}
    return bool(report["install"]["ok"]  # type: ignore[index]
                and as_shipped and not as_shipped["failed"]
                and with_standins and not with_standins["failed"]
                and MUST_PASS_WITH_STANDINS <= set(with_standins["passed"])
                and all(isinstance(part, dict) and part.get("ok")
                        for part in report["windows_behaviour"].values())  # type: ignore[union-attr]
                and report["windows_behaviour"] and not report["standins_in_bundle"]
                and report["uninstall"]["ok"])  # type: ignore[index]


def summary(path: Path) -> str:
    """The report in a few lines, for the build log."""
    report = json.loads(path.read_text())
    lines = [f"Wine check ({report.get('wine')}): {'passed' if report['ok'] else 'FAILED'}  ({path})",
             f"  silent install: {report['install']['seconds']} s, {report['install']['files']} files, "
             f"per user ({report['install'].get('execution_level')}), ok={report['install']['ok']}"]
    for key, label in (("selftest", "as shipped"), ("selftest_with_test_standins", "with test-only stand-ins")):
        run = report.get(key)
        if not run:
            continue
        reported = f" (the report's own time: {run['report_seconds']} s)" if run.get("report_seconds") else ""
        lines.append(f"  --self-test {label}: {run['wall_seconds']} s from start to report{reported}; "
                     f"passed: {', '.join(run['passed']) or 'none'}")
        if run.get("aborted_on_wine_8_0_stub"):
            lines.append(f"    not checkable under Wine 8.0: every check (the process aborts: NumPy calls "
                         f"{run['aborted_on_wine_8_0_stub']}, a stub in Wine 8.0)")
        for name, gap in run["not_checkable_under_wine_8_0"].items():
            blocked = gap["modules_blocked"]
            extent = (f"; {gap['modules_imported'] or 'the other'} modules imported, {len(blocked)} need it: "
                      f"{', '.join(blocked[:3])}{', ...' if len(blocked) > 3 else ''}") if blocked else ""
            lines.append(f"    not checkable under Wine 8.0: {name} (missing {', '.join(gap['missing_dlls'])}{extent})")
        for name, problem in run["failed"].items():
            lines.append(f"    FAILED: {name}: {problem}")
    for name, part in (report.get("windows_behaviour") or {}).items():
        lines.append(f"  {name} (through Wine's Windows API): {part.get('ok') if isinstance(part, dict) else part}")
    if "uninstall" in report:
        left = report["uninstall"]["files_left"]
        lines.append(f"  uninstall: {report['uninstall']['seconds']} s, "
                     f"{'no files left' if not left else 'LEFT ' + ', '.join(left[:5])}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installer", type=Path)
    parser.add_argument("--bundle", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "selftest-windows-wine.json")
    parser.add_argument("--summary", type=Path, help="print the summary of an earlier report and exit")
    args = parser.parse_args()
    if args.summary:
        print(summary(args.summary))
        return 0
    if not (args.installer and args.bundle):
        parser.error("--installer and --bundle are required")
    for tool in ("wine", "wineserver", "wineboot", "x86_64-w64-mingw32-gcc"):
        if shutil.which(tool) is None:
            print(f"{tool} missing: apt-get install wine wine64 gcc-mingw-w64-x86-64", file=sys.stderr)
            return 1
    report = check(args.installer.resolve(), args.bundle.resolve())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(summary(args.out))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
