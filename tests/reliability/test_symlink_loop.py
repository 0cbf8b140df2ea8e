"""Issue 27, item 3: a symbolic-link loop inside an indexed folder ended the whole batch.

``finlens index FOLDER`` stopped with ``unexpected error (RuntimeError: Symlink loop from '…/loop_a.pdf')`` and no
summary, the same way on every later run, so files deleted from disk were never dropped from the library. The loop is
now skipped with its reason, and the rest of the batch goes on.
"""

from __future__ import annotations

from pathlib import Path

from app.core.ingest.discovery import LINK_LOOP
from tests.reliability.users import files_in, finlens, notes, stored_paths


def test_a_symlink_loop_is_skipped_with_its_reason_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = notes(tmp_path / "filings", 3)
    library = tmp_path / "L"
    assert finlens(library, "index", folder).finish() == 0
    deleted = folder / "note_0001.txt"
    removed = str(deleted.resolve())
    deleted.unlink()
    (folder / "loop_a.pdf").symlink_to("loop_b.pdf")
    (folder / "loop_b.pdf").symlink_to("loop_a.pdf")
    notes(folder, 1, start=10)  # and a new file

    run = finlens(library, "index", folder)
    assert run.finish() == 0, run.output
    assert f"skipped   {folder / 'loop_a.pdf'}: {LINK_LOOP}" in run.lines, run.output
    assert f"skipped   {folder / 'loop_b.pdf'}: {LINK_LOOP}" in run.lines, run.output
    assert f"removed   {removed}: The file no longer exists; removed from the library." in run.lines, run.output
    assert run.lines[-1].startswith("1 indexed (1 pages), 2 unchanged, 0 duplicate, 1 removed, 2 skipped, 0 failed")
    assert stored_paths(library) == files_in(folder)  # the three regular files, not the links


def test_a_symlink_loop_named_on_the_command_line_is_skipped_with_its_reason(tmp_path: Path) -> None:
    loop = tmp_path / "loop.pdf"
    loop.symlink_to("loop.pdf")
    run = finlens(tmp_path / "L", "index", loop, notes(tmp_path / "notes", 1))
    assert run.finish() == 0, run.output
    assert f"skipped   {loop}: {LINK_LOOP}" in run.lines and run.lines[-1].startswith("1 indexed"), run.output
