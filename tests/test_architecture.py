"""The layering contract: app.core never imports Qt, the UI or the training stack (import-linter, pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    executable = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if executable is None:
        pytest.fail("import-linter is missing: install the test extra (pip install -e '.[test]')")
    result = subprocess.run([executable], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_imports_without_qt_or_torch() -> None:
    code = ("import sys, app.core.retrieval.search, app.core.ingest.indexing, app.core.workspace, app.cli; "
            "bad = [m for m in ('PySide6', 'torch', 'sentence_transformers') if m in sys.modules]; "
            "print(bad); raise SystemExit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# Names that read a question's words: the patterns and word lists of question understanding. Only app.core.question
# (and the finance vocabulary it is built from, and the training pipeline that writes synthetic questions) may use them.
_QUESTION_READERS = {"YEAR_MENTION", "QUARTER_MENTION", "QUARTER_AND_YEAR", "QUARTER_WORDS", "STATEMENT_HINTS",
                     "expand_abbreviations", "normalise_spellings", "SPELLINGS", "EXPANSIONS"}
# Patterns the question package replaced (they lived in query.py, statements/answers.py, answering/retrieval.py).
_OLD_PARSERS = {"_NUMERIC_QUESTION", "_NOT_A_FIGURE", "_BOILERPLATE", "_FORWARD_LOOKING", "_QUALITATIVE_METRICS",
                "_FORM_NAMES", "_CONCEPT_ALIASES"}
_MAY_READ_QUESTIONS = ("app/core/question/", "app/core/finance/", "app/train/")


def test_only_the_question_package_reads_question_text() -> None:
    import ast

    offenders = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(_MAY_READ_QUESTIONS):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                offenders += [f"{relative}: imports {alias.name}" for alias in node.names
                              if alias.name in _QUESTION_READERS]
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                offenders += [f"{relative}: defines {t.id}" for t in targets
                              if isinstance(t, ast.Name) and t.id in _OLD_PARSERS]
    assert offenders == []
