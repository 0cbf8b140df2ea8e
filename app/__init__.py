"""FinLens: a desktop document explorer for financial analysts.

Importing this package switches off onnxruntime's telemetry for the whole process (see :data:`OFFLINE_ENVIRONMENT`).
Every FinLens entry point (the ``finlens`` command, the window, the self-test, cluster workers) imports ``app``
before its first ``import onnxruntime``, so this is the one place that covers them all.
"""

import os
import time

__version__ = "0.1.0"

# onnxruntime's official Linux/macOS wheels (1.29 and later; 1.32 here) carry a 1DS telemetry uploader that starts
# with the first ``import onnxruntime``: about 9 s later it resolves mobile.events.data.microsoft.com and tries to
# upload a ProcessInfo event, and on the first session it writes a device id and an offline event cache under
# ~/.cache/Microsoft/DeveloperTools. ``disable_telemetry_events()`` comes too late (the environment already exists)
# and only drops later events. ORT_DISABLE_TELEMETRY=1, set before onnxruntime initialises, is the full opt-out: no
# uploader, no device id, no cache, no lookup (read from the library's strings; checked by
# tests/reliability/test_no_network.py under strace). Set unconditionally: nothing leaves the machine unless the user
# configures a model endpoint, and no inherited setting may turn this back on.
OFFLINE_ENVIRONMENT = {"ORT_DISABLE_TELEMETRY": "1"}
os.environ.update(OFFLINE_ENVIRONMENT)

_IMPORTED_AT = time.perf_counter()


def seconds_since_start() -> float:
    """Seconds since the process started (start-up timings in the log).

    On Linux this counts from the process's creation, so a frozen bundle's loader and Python's own start-up are
    included; elsewhere it counts from the first import of this package, a few tenths of a second later.
    """
    try:
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            started_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            return float(uptime.read().split()[0]) - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED_AT
