"""The window while another FinLens (a terminal's ``finlens index``) holds the library: the indexing panel says it
waits, then indexes when the other writer is done."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.core.retrieval.embedding import OnnxEmbedder
from app.core.store import Library
from app.ui.indexing_panel import IndexingController, IndexingPanel

ROOT = Path(__file__).resolve().parents[2]
_HOLDER = """
import sys, time
from pathlib import Path
from app.core.store.lock import writer_lock
lock = writer_lock(Path(sys.argv[1]))
lock.acquire(timeout=5)
print("HELD", flush=True)
sys.stdin.readline()  # until the test says so
lock.release()
"""


def test_the_panel_says_it_waits_for_another_finlens(qtbot, empty_library: tuple[Library, OnnxEmbedder],  # noqa: ANN001
                                                     tmp_path: Path) -> None:
    library, embedder = empty_library
    note = tmp_path / "note.txt"
    note.write_text("Initech raised its dividend by ten percent and bought back shares worth two hundred million.")
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(library.folder)], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "HELD"
        controller = IndexingController(library, embedder)
        panel = IndexingPanel(controller)
        qtbot.addWidget(panel)
        controller.add([str(note)])
        qtbot.waitUntil(lambda: "Another FinLens is indexing this library" in panel.detail_label.text(),
                        timeout=20_000)
        assert panel.title_label.text() == "Waiting…" and controller.is_running
    finally:
        holder.communicate("go\n", timeout=30)
    with qtbot.waitSignal(controller.finished, timeout=60_000) as finished:
        pass
    assert finished.args[0].count("indexed") == 1 and not finished.args[0].error
    assert [Path(d.path).name for d in library.list_documents()] == ["note.txt"]


def test_cancel_while_waiting_stops_at_once(qtbot, empty_library: tuple[Library, OnnxEmbedder],  # noqa: ANN001
                                            tmp_path: Path) -> None:
    library, embedder = empty_library
    note = tmp_path / "note.txt"
    note.write_text("Initech raised its dividend by ten percent and bought back shares worth two hundred million.")
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(library.folder)], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "HELD"
        controller = IndexingController(library, embedder)
        panel = IndexingPanel(controller)
        qtbot.addWidget(panel)
        controller.add([str(note)])
        qtbot.waitUntil(lambda: panel.title_label.text() == "Waiting…", timeout=20_000)
        with qtbot.waitSignal(controller.finished, timeout=10_000) as finished:
            panel.cancel()
        assert finished.args[0].cancelled and not finished.args[0].error
        assert library.list_documents() == []
    finally:
        holder.communicate("go\n", timeout=30)
