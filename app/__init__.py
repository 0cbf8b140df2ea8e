"""FinLens: a desktop document explorer for financial analysts."""

import os
import time

__version__ = "0.1.0"

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
