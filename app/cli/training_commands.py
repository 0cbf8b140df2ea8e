"""The training commands (``train-embedder``, ``train-reranker``): registered only when the ``train`` extra is
installed, so ``finlens --help`` never imports torch and a desktop install does not list commands it cannot run.

Their options live with the pipelines in :mod:`app.train`; this module only decides whether to offer them.
"""

from __future__ import annotations

import importlib.util
from typing import Any

TRAINING_STACK = ("torch", "transformers")


def training_available() -> bool:
    """Whether the training stack (the ``train`` extra) is installed; checked without importing it."""
    return all(importlib.util.find_spec(name) is not None for name in TRAINING_STACK)


def add_training_commands(commands: Any) -> None:
    """Register the training commands on the CLI's sub-command parsers, when the training stack is installed.

    FinLens's own training modules are imported plainly once the stack is there: a broken one must fail loudly, not
    make its command vanish.
    """
    if not training_available():
        return
    from app.train.pipeline import add_parser as add_embedder_parser
    from app.train.reranker_pipeline import add_parser as add_reranker_parser

    add_embedder_parser(commands)
    add_reranker_parser(commands)
