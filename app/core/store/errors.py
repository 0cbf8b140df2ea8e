"""The library's errors: each carries a plain sentence that says what happened and what to do."""

from __future__ import annotations

from typing import Any


class LibraryError(Exception):
    """A library problem with a plain-language message that says what to do."""


class LibraryMismatchError(LibraryError):
    """The library was built by another embedding model or schema version."""

    def __init__(self, message: str, built_with: dict[str, Any]) -> None:
        super().__init__(message)
        self.built_with = built_with


class LibraryBusyError(LibraryError):
    """Another process held the library's writer lock for longer than this one would wait."""


class WaitCancelled(LibraryBusyError):
    """The user cancelled while this writer waited for another process's writer; nothing was changed."""


class LibraryWriteError(LibraryError):
    """A write failed (full disk, read-only folder); what was committed before is intact.

    Attributes:
        lost: paths of files whose indexing was finished but could not be stored.
    """

    def __init__(self, message: str, lost: list[str] | None = None) -> None:
        super().__init__(message)
        self.lost = lost or []


class WriteRefusedError(LibraryWriteError):
    """The object store refused a write: the credentials may read the library but not write to it."""
