"""Issue 27, item 5: random bytes in ``library.json`` ended in ``unexpected error (UnicodeDecodeError …)``.

An empty or torn record already got a sentence with the way out; bytes that are not UTF-8 at all (a disk error,
another program's file) now get the same one, and the way out it names works.
"""

from __future__ import annotations

import random
from pathlib import Path

from tests.reliability.users import files_in, finlens, notes, stored_paths

DAMAGE = {
    "random bytes": random.Random(27).randbytes(4096) + b"\xff\xfe\x80",
    "torn": b'{"app_version": "0.9", "model_id": "sentence-transformers/all-Mini',
    "empty": b"",
}


def test_a_damaged_library_json_is_one_sentence_with_the_way_out(tmp_path: Path) -> None:
    folder = notes(tmp_path / "notes", 3)
    library = tmp_path / "L"
    assert finlens(library, "index", folder).finish() == 0
    for damage in ("empty", "torn", "random bytes"):  # random bytes last: the re-index below starts from them
        (library / "library.json").write_bytes(DAMAGE[damage])
        docs = finlens(library, "docs")
        assert docs.finish() == 2, docs.output
        state = "empty" if damage == "empty" else "damaged"
        assert docs.lines == [f"finlens: The library's record {library / 'library.json'} is {state}, so FinLens "
                              "cannot tell which model built this library. Your documents are still there: run "
                              "'finlens reindex' to rebuild the library from its files (the old folder is kept "
                              "beside it), or restore library.json from a backup."], damage

    reindex = finlens(library, "reindex")  # the way out the sentence names
    assert reindex.finish() == 0 and "3 indexed" in reindex.output, reindex.output
    assert stored_paths(library) == files_in(folder)
