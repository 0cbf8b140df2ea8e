"""A real keyring backend that keeps secrets in a dict, so tests never touch the OS keychain.

It implements keyring's own backend API (:class:`keyring.backend.KeyringBackend`), installed with
``keyring.set_keyring``: FinLens's settings code runs unchanged against it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import keyring.backend
import keyring.errors


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Secrets by (service, user), in memory."""

    priority = 0.1  # type: ignore[assignment] - a plain number is what keyring reads

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.secrets:
            raise keyring.errors.PasswordDeleteError("no such secret")
        del self.secrets[(service, username)]


@contextmanager
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Use a fresh :class:`MemoryKeyring` inside the ``with`` block, then the previous backend again."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
