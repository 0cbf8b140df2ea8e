"""Fixtures of the Compare tests: the answer engine's indexed Acme and Globex filings, shared rather than copied."""

from tests.core.answering.conftest import indexed

__all__ = ["indexed"]
