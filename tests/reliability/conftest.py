"""FinLens's own reliability suite: each case is a fault an attacking tester found, reproduced as a user would.

A case runs what the user ran — the ``finlens`` command in its own process (``python -m app.cli --library DIR``),
on real files in a temporary folder, with real locks, real symbolic links and real damage — and asserts what the
user must see: one plain sentence or success, and nothing indexed lost. The issue a case comes from is named in its
docstring, so the next round of changes is checked against every fault found so far.

Cases that take more than about 20 seconds carry the ``reliability_slow`` marker: excluded from the default run
like ``slow``, and run as their own CI step (``pytest -m reliability_slow``, see ``.ci/run``).
"""

from tests.core.conftest import embedder

__all__ = ["embedder"]
