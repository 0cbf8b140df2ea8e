"""Global options (``--library``, ``--verbose``, ``--no-err-windows``) before or after every command."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from app.cli import main
from app.cli.parser import build_parser

# The least each command needs to parse; a command missing here fails test_every_command_is_covered.
MINIMAL_ARGUMENTS = {
    "index": ["filing.pdf"], "reindex": [], "docs": [], "remove": ["DOC"], "maintain": [], "search": ["revenue"],
    "ask": ["What was revenue?"], "statements": ["DOC"], "metric": ["quick ratio"], "compare": ["operating margin"],
    "eval-retrieval": ["--questions", "q.jsonl", "--pdf-dir", "pdfs"],
    "eval-answers": ["--questions", "q.jsonl", "--pdf-dir", "pdfs"], "demo": [], "cluster-index": ["filings"],
    "train-embedder": ["--corpus", "filings", "--out", "model"],
    "train-reranker": ["--corpus", "filings", "--out", "model"],
}
OWN_COMMANDS = set(MINIMAL_ARGUMENTS) - {"train-embedder", "train-reranker"}  # the training stack is optional


def registered_commands() -> list[str]:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(commands.choices)


def test_every_command_is_covered() -> None:
    registered = set(registered_commands())
    assert OWN_COMMANDS <= registered and registered <= set(MINIMAL_ARGUMENTS)


@pytest.mark.parametrize("command", registered_commands())
def test_global_options_before_or_after_the_command(command: str) -> None:
    parse = build_parser().parse_args
    rest = MINIMAL_ARGUMENTS[command]
    before = parse(["--library", "/tmp/before", "--verbose", command, *rest])
    after = parse([command, *rest, "--library", "/tmp/after", "--verbose", "--no-err-windows"])
    both = parse(["--library", "/tmp/before", command, *rest, "--library", "/tmp/after"])
    neither = parse([command, *rest])
    assert (before.command, before.library, before.verbose, before.no_err_windows) == \
        (command, "/tmp/before", True, False)
    assert (after.command, after.library, after.verbose, after.no_err_windows) == (command, "/tmp/after", True, True)
    assert both.library == "/tmp/after"  # the one nearer the command's own options wins
    assert (neither.library, neither.verbose, neither.no_err_windows) == (None, False, False)


def test_a_command_may_describe_a_global_option_in_its_own_words(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["cluster-index", "--help"])
    assert "the library to add to" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        build_parser().parse_args(["search", "--help"])
    assert "--library DIR|URI" in capsys.readouterr().out  # and the others keep the shared description


def test_the_library_after_the_command_is_the_one_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs", "--library", str(tmp_path / "nowhere")]) == 2
    assert f"No library at {tmp_path / 'nowhere'}" in capsys.readouterr().err


def test_help_does_not_import_the_heavy_stack() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom app.cli.parser import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in ('torch', 'lancedb', 'PySide6', 'sentence_transformers') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stdout + result.stderr


@pytest.mark.parametrize("command", sorted(MINIMAL_ARGUMENTS))
def test_every_command_prints_its_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    # argparse formats help strings with %-style: a bare "%" in one ("capex as a % of revenue") crashed --help.
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([command, "--help"])
    assert done.value.code == 0
    assert f"usage: finlens {command}" in capsys.readouterr().out
