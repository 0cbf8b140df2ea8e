"""A team library on a real S3-compatible server (moto) and a real local Ray (the ``cluster`` group).

What an analyst team relies on: every command works on ``s3://``; two indexers at once lose and duplicate nothing;
desktops read the published version until the maintenance run moves the tag; a killed Ray worker changes nothing in
the result; no credential reaches ``library.json`` or the log.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from app.cli import main
from app.core import paths
from app.core.ingest.indexing import MAINTAINER_REPLACES, index_paths
from app.core.library_opening import open_library
from app.core.store import Library, LibraryError, remote
from tests.cluster.conftest import SECRET, make_filings

REPO = Path(__file__).resolve().parents[2]


def _state(library: Library) -> tuple[dict[str, int], Counter[str]]:
    """Each document's chunk count by content hash, and how often each chunk id is stored."""
    documents = {d.content_hash: d.chunk_count for d in library.list_documents()}
    chunk_ids = Counter(r["chunk_id"] for r in library.tables.rows("chunks", columns=["chunk_id"]))
    return documents, chunk_ids


def test_commands_work_on_s3_and_no_secret_is_stored(team_library: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    make_filings(tmp_path / "filings", 3)
    assert main(["--library", team_library, "index", str(tmp_path / "filings")]) == 0
    assert main(["--library", team_library, "maintain"]) == 0
    capsys.readouterr()
    assert main(["--library", team_library, "docs", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 3
    assert main(["--library", team_library, "search", "purchases of property and equipment", "--json",
                 "--reranker", "none"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and "Purchases of property and equipment" in json.dumps(hits)
    record = remote.read_text(f"{team_library}/library.json") or ""
    assert json.loads(record)["published"]["documents"] == 3
    logged = "".join(p.read_text(errors="replace") for p in paths.log_dir().rglob("*") if p.is_file())
    for text in (record, logged):
        assert SECRET not in text and "FINLENSTESTKEYID" not in text
    assert "s3://" in logged  # the log does name the library, just not its keys


def test_a_reader_is_read_only_and_an_appender_cannot_remove(team_library: str, tmp_path: Path) -> None:
    make_filings(tmp_path / "filings", 1)
    assert main(["--library", team_library, "index", str(tmp_path / "filings")]) == 0
    reader, _ = open_library(team_library)
    with pytest.raises(LibraryError, match="read-only"):
        with reader.writing():
            pass
    appender, _ = open_library(team_library, writable=True)
    document = appender.list_documents()[0]
    with pytest.raises(LibraryError, match="maintenance writer"):
        appender.remove_document(document.doc_id)
    maintainer, _ = open_library(team_library, maintenance=True)
    assert maintainer.remove_document(document.doc_id)


def test_an_appender_adds_new_files_and_leaves_changed_and_deleted_ones_to_the_maintainer(team_library: str,
                                                                                         tmp_path: Path) -> None:
    folder = tmp_path / "filings"
    changed, deleted, touched = make_filings(folder, 3)
    assert main(["--library", team_library, "index", str(folder)]) == 0
    changed.write_bytes(make_filings(tmp_path / "other", 1, offset=7)[0].read_bytes())
    deleted.unlink()
    os.utime(touched, (1_000_000_000, 1_000_000_000))
    added = make_filings(folder, 1, offset=3)[0]

    appender, embedder = open_library(team_library, writable=True)
    report = index_paths([folder], appender, embedder)  # a watched folder indexed again on a desktop that adds
    assert not report.error
    outcomes = {Path(o.path).name: (o.status, o.reason) for o in report.outcomes}
    assert outcomes == {changed.name: ("skipped", MAINTAINER_REPLACES), added.name: ("indexed", ""),
                        touched.name: ("unchanged", "Content unchanged.")}
    stored = {Path(d.path).name for d in appender.list_documents()}
    assert stored == {changed.name, deleted.name, touched.name, added.name}  # the deleted one stays, for the maintainer


def test_two_indexers_at_once_lose_and_duplicate_nothing(team_library: str, tmp_path: Path) -> None:
    # Two processes append at once; one file is in both sets (both embed and store it: the maintenance run
    # keeps one copy).
    first = make_filings(tmp_path / "a", 4)
    make_filings(tmp_path / "b", 4, offset=4)
    shared = tmp_path / "b" / first[0].name
    shared.write_bytes(first[0].read_bytes())
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [subprocess.Popen([sys.executable, "-m", "app.cli", "--library", team_library, "index", str(folder)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for folder in (tmp_path / "a", tmp_path / "b")]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert main(["--library", team_library, "maintain"]) == 0
    library, _ = open_library(team_library)
    documents, chunk_ids = _state(library)
    assert len(documents) == 8  # 4 + 4 distinct contents, the shared one once
    assert max(chunk_ids.values()) == 1
    assert sum(documents.values()) == sum(chunk_ids.values())


def test_a_reader_sees_the_published_version_until_the_tag_moves(team_library: str, tmp_path: Path) -> None:
    make_filings(tmp_path / "first", 2)
    make_filings(tmp_path / "later", 2, offset=2)
    assert main(["--library", team_library, "index", str(tmp_path / "first")]) == 0
    assert main(["--library", team_library, "maintain"]) == 0
    desktop, embedder = open_library(team_library)
    assert len(desktop.list_documents()) == 2
    query = embedder.embed(["Cobalt Mining revenue"])[0]
    assert main(["--library", team_library, "index", str(tmp_path / "later")]) == 0   # appended, not published
    assert len(desktop.list_documents()) == 2
    assert not desktop.refresh()
    assert {r.chunk.doc_id for r in desktop.vector_search(query, limit=50)} <= {d.doc_id for d in
                                                                             desktop.list_documents()}
    fresh, _ = open_library(team_library)
    assert len(fresh.list_documents()) == 2   # a new desktop opens the published version too
    assert main(["--library", team_library, "maintain"]) == 0
    assert desktop.refresh()
    assert len(desktop.list_documents()) == 4
    assert any(d.ticker == "CBLT" for d in desktop.list_documents())  # one of the later filings
    assert desktop.published() is not None and desktop.published()["documents"] == 4


def _kill_once(marker: str) -> object:
    """A hook that SIGKILLs the Ray worker running it, the first time only (the marker file remembers)."""
    def hook(path: str) -> None:
        if not os.path.exists(marker):
            Path(marker).write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
    return hook


def test_cluster_index_survives_a_killed_worker(team_library: str, tmp_path: Path, ray_local: None) -> None:
    from app.cluster.indexer import cluster_index
    from app.core.ingest.indexing import index_paths

    files = make_filings(tmp_path / "filings", 6)
    expected_library, embedder = open_library(tmp_path / "local-reference")
    index_paths([tmp_path / "filings"], expected_library, embedder)
    expected = _state(expected_library)[0]

    library, embedder = open_library(team_library, writable=True)
    marker = tmp_path / "killed"
    report = cluster_index([tmp_path / "filings"], library, str(embedder.folder), workers=2,
                           on_task_start=_kill_once(str(marker)))
    assert marker.exists()  # a worker really died mid-job
    assert report.count("indexed") == len(files) and report.count("failed") == 0
    published, _ = open_library(team_library)
    documents, chunk_ids = _state(published)
    assert documents == expected  # the same documents, each with the same passages as a local index
    assert max(chunk_ids.values()) == 1

    again = cluster_index([tmp_path / "filings"], library, str(embedder.folder), workers=2)
    assert again.known == len(files) and not again.outcomes  # content already in the library is skipped


def test_a_desktop_keeps_the_published_version_while_a_cluster_job_appends(team_library: str, tmp_path: Path,
                                                                           ray_local: None) -> None:
    from app.cluster.indexer import cluster_index

    make_filings(tmp_path / "first", 2)
    make_filings(tmp_path / "later", 3, offset=2)
    assert main(["--library", team_library, "index", str(tmp_path / "first")]) == 0
    assert main(["--library", team_library, "maintain"]) == 0
    desktop, _ = open_library(team_library)
    before = {d.doc_id for d in desktop.list_documents()}
    appender, embedder = open_library(team_library, writable=True)
    cluster_index([tmp_path / "later"], appender, str(embedder.folder), workers=2, maintain=False)
    assert len(appender.list_documents()) == 5          # committed...
    assert {d.doc_id for d in desktop.list_documents()} == before and not desktop.refresh()  # ...not published
    maintainer, _ = open_library(team_library, maintenance=True)
    maintainer.maintain()
    assert desktop.refresh() and len(desktop.list_documents()) == 5
