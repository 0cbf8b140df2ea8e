"""Fixtures of the command-line tests: the core tests' embedder and the answer engine's indexed fixture filings and
fake model server, shared rather than copied."""

from tests.core.answering.conftest import indexed, llm_server
from tests.core.conftest import embedder

__all__ = ["embedder", "indexed", "llm_server"]
