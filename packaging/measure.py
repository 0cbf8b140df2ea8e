"""Time a command and report its peak memory, optionally from a cold page cache, for the packaging smoke tests.

Usage::

    python packaging/measure.py [--evict DIR] [--idle SECONDS] [--out FILE] -- COMMAND [ARGS...]

``--evict DIR`` drops DIR's files from the page cache first (``posix_fadvise(DONTNEED)``, no root needed), so the
run reads the bundle from disk as after a reboot; system libraries stay cached. ``--idle SECONDS`` is for the GUI:
the command is left running for that long, its resident memory is sampled (that is the idle memory), and it is
then terminated. The summary is printed as one JSON line and, with ``--out``, the command's stdout is saved.
Linux only (``/proc``, ``wait4``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def evict_page_cache(folder: Path) -> int:
    """Ask the kernel to drop every file under ``folder`` from the page cache; returns the number of files."""
    os.sync()  # dirty pages cannot be dropped
    count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                count += 1
            finally:
                os.close(fd)
    return count


def _memory_mib(pid: int) -> dict[str, float]:
    """Resident (VmRSS) and proportional (Pss) memory of a running process, in MiB."""
    values: dict[str, float] = {}
    for source, key, name in (("status", "VmRSS", "rss_mib"), ("smaps_rollup", "Pss", "pss_mib")):
        try:
            for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
                if line.startswith(key + ":"):
                    values[name] = round(int(line.split()[1]) / 1024, 1)
        except OSError:
            pass
    return values


def _wait(pid: int, kill_after: float | None) -> tuple[int, os.struct_rusage]:  # type: ignore[name-defined]
    """Reap the child with its resource usage; SIGKILL it if it ignores SIGTERM for ``kill_after`` seconds."""
    deadline = time.monotonic() + kill_after if kill_after else None
    while True:
        reaped, status, usage = os.wait4(pid, os.WNOHANG if deadline else 0)
        if reaped:
            return status, usage
        if deadline and time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            deadline = None
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    """Run the command, print a JSON summary, and return the command's exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evict", type=Path, help="folder to drop from the page cache before the run")
    parser.add_argument("--idle", type=float, help="sample memory after this many seconds, then stop the command")
    parser.add_argument("--out", type=Path, help="file for the command's stdout")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    summary: dict[str, object] = {"command": " ".join(command)}
    if args.evict:
        summary["evicted_files"] = evict_page_cache(args.evict)
    stdout = open(args.out, "wb") if args.out else subprocess.DEVNULL  # noqa: SIM115 - closed below
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout)
    if args.idle:
        time.sleep(args.idle)
        if process.poll() is None:
            summary["idle_after_s"] = args.idle
            summary.update(_memory_mib(process.pid))
            process.send_signal(signal.SIGTERM)
    status, usage = _wait(process.pid, kill_after=10.0 if args.idle else None)
    process.returncode = os.waitstatus_to_exitcode(status)
    summary["wall_s"] = round(time.perf_counter() - start, 2)
    summary["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)
    summary["returncode"] = process.returncode
    if args.out:
        stdout.close()  # type: ignore[union-attr]
    print(json.dumps(summary), flush=True)
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
