"""Nothing leaves the machine: real ``finlens`` commands, traced at the system-call level, make no DNS query and no
network connection when no model endpoint is configured.

onnxruntime 1.29+ wheels for Linux resolve ``mobile.events.data.microsoft.com`` about 9 s after ``import onnxruntime``
(issue 27, item 2), so one command here is kept alive for longer than that: ``finlens index --wait`` waits while this
test holds the library's writer lock for :data:`HOLD_SECONDS`, then indexes. ``strace -f`` records every network
system call of the command and its threads; any ``connect``/``send*`` to an internet address (loopback excepted),
any packet to port 53 (a local resolver stub forwards it) and any use of the name-service daemons fails the test.

The commands run with the environment a user has: the variables that make onnxruntime suppress telemetry on its
own (CI markers, ``ORT_DISABLE_TELEMETRY`` inherited from this test process) are removed, so the test checks what
FinLens itself does. HOME points at a temporary folder, so the device id onnxruntime writes when its telemetry is
on would show up there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.core.paths import samples_dir
from app.core.store.lock import writer_lock

HOLD_SECONDS = 13.0  # longer than onnxruntime's ~9 s delay before its first upload attempt
# Environment variables under which onnxruntime turns its telemetry off by itself; a user's shell has none of them.
ORT_SELF_SUPPRESSING = ("CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL",
                        "BUILDKITE", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", "ORT_RUNNING_UNIT_TESTS",
                        "ORT_DISABLE_TELEMETRY")
NETWORK_CALL = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg)\(")
INET_ADDRESS = re.compile(r'sa_family=AF_INET6?, sin6?_port=htons\((\d+)\),.*?(?:inet_addr|inet_pton)\((?:AF_INET6, )?"'
                          r'([^"]+)"')
RESOLVER_SOCKETS = ("nscd/socket", "systemd/resolve")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="strace is Linux-only")


def _network_events(trace: Path) -> list[str]:
    """The traced calls that reach (or would reach) the network, or a name service."""
    events = []
    for line in trace.read_text(errors="replace").splitlines():
        if any(sock in line for sock in RESOLVER_SOCKETS) and "connect(" in line:
            events.append(line)
            continue
        if not NETWORK_CALL.search(line):
            continue
        address = INET_ADDRESS.search(line)
        if address is None:
            continue
        port, host = int(address.group(1)), address.group(2)
        if port == 53 or not (host.startswith("127.") or host == "::1"):
            events.append(line)
    return events


def _finlens(args: list[str], trace: Path, home: Path, library: Path) -> subprocess.CompletedProcess[str]:
    """Run ``finlens ARGS`` under strace with a user's environment; the trace goes to ``trace``."""
    env = {k: v for k, v in os.environ.items() if k not in ORT_SELF_SUPPRESSING and not k.startswith("XDG_")}
    env.update(HOME=str(home))
    command = ["strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace),
               sys.executable, "-m", "app", "--library", str(library), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def strace_available() -> None:
    if shutil.which("strace") is None:
        pytest.fail("This test needs strace (apt-get install strace; .ci/run installs it).")


def test_index_search_docs_and_ask_make_no_dns_query_and_no_connection(strace_available: None,
                                                                        tmp_path: Path) -> None:
    home, library, traces = tmp_path / "home", tmp_path / "library", tmp_path / "traces"
    home.mkdir()
    traces.mkdir()

    first = _finlens(["index", str(samples_dir())], traces / "index.txt", home, library)
    assert first.returncode == 0, first.stderr

    # A second index waits for the lock this test holds, so the process lives past onnxruntime's upload delay.
    lock = writer_lock(library)
    lock.acquire(timeout=30)
    released = threading.Timer(HOLD_SECONDS, lock.release)
    started = time.monotonic()
    released.start()
    try:
        waited = _finlens(["index", "--wait", "120", str(samples_dir())], traces / "index-wait.txt", home, library)
    finally:
        released.join()
    assert waited.returncode == 0, waited.stderr
    assert time.monotonic() - started > HOLD_SECONDS

    for name, args in {"search": ["search", "revenue", "-k", "3"], "docs": ["docs"],
                       "ask": ["ask", "What were total net sales?", "--no-llm"]}.items():
        run = _finlens(args, traces / f"{name}.txt", home, library)
        assert run.returncode == 0, run.stderr

    events = {trace.name: _network_events(trace) for trace in sorted(traces.iterdir())}
    assert not any(events.values()), f"network system calls with no endpoint configured: {events}"
    # With its telemetry on, onnxruntime also persists a device id and an event cache under ~/.cache/Microsoft.
    assert not (home / ".cache" / "Microsoft").exists()


def test_the_trace_check_sees_a_dns_query(strace_available: None, tmp_path: Path) -> None:
    """The check itself: a real lookup (through the system's resolver, as onnxruntime does it) is caught."""
    trace = tmp_path / "lookup.txt"
    code = "import socket\ntry:\n    socket.getaddrinfo('finlens-test.invalid', 443)\nexcept OSError:\n    pass\n"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace), sys.executable, "-c", code],
                   check=True, timeout=60)
    assert _network_events(trace), "a name lookup was not recognised in the trace"
