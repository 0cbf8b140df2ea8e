"""Helpers the test groups that start real local servers share (moto's S3, llama.cpp's chat server)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def mark_folder(items: list[pytest.Item], conftest: str, marker: pytest.MarkDecorator) -> None:
    """Give every collected test below the folder of ``conftest`` (a ``__file__``) the ``marker``."""
    here = Path(conftest).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(marker)
