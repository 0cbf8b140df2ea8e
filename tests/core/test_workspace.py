"""The workspace: metadata rules, removals, the changes announced, and what the status line reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.ingest.indexing import index_paths
from app.core.library_opening import adds_documents_to
from app.core.retrieval.embedding import OnnxEmbedder
from app.core.settings import Settings
from app.core.store import Library, LibraryError
from app.core.workspace import Changes, Workspace, WorkspaceSummary, metadata_changes


@pytest.fixture
def three_documents(tmp_path: Path, embedder: OnnxEmbedder, filings: Path) -> tuple[Library, OnnxEmbedder]:
    library = Library(tmp_path / "lib", model_id=embedder.model_id, model_hash=embedder.model_hash,
                      dimension=embedder.dimension)
    assert index_paths([filings], library, embedder).count("indexed") == 3
    return library, embedder


def test_edits_and_removals_follow_the_rules_and_are_announced(three_documents: tuple[Library, OnnxEmbedder]) -> None:
    library, embedder = three_documents
    workspace = Workspace(Settings())
    heard: list[Changes] = []
    unsubscribe = workspace.subscribe(heard.append)
    workspace.adopt(library, embedder)
    assert heard[-1].library_switched and heard[-1].document_list_changed
    acme = next(d for d in library.list_documents() if d.title == "ACME_2022_10K")

    updated = workspace.edit_metadata(acme.doc_id, ticker=" acmw ", fiscal_period="Q2 FY2019")
    assert (updated.ticker, updated.fiscal_period, updated.fiscal_year) == ("ACMW", "Q2 FY2019", 2019)
    assert heard[-1].edited == (updated,) and not heard[-1].document_list_changed
    with pytest.raises(ValueError, match="four digits"):
        workspace.edit_metadata(acme.doc_id, fiscal_year="next year")
    with pytest.raises(ValueError, match="known form"):
        metadata_changes(updated, "form_type", "annual report")
    assert metadata_changes(updated, "ticker", "acmw") == {}  # nothing changes: nothing to store
    assert metadata_changes(updated, "fiscal_period", "FY2020") == {"fiscal_period": "FY2020", "fiscal_year": 2020}

    assert workspace.remove_documents([acme.doc_id]) == [acme.doc_id]
    assert heard[-1].removed == (acme.doc_id,) and heard[-1].document_list_changed
    summary = workspace.summary()
    assert summary is not None and summary.documents == 2 == len(library.list_documents())
    assert summary.passages == library.chunk_count() and not summary.remote
    unsubscribe()
    workspace.note_indexed()
    assert len(heard) == 3  # switched, edited, removed: nothing after unsubscribing


def test_a_failing_subscriber_does_not_silence_the_others(tmp_path: Path, embedder: OnnxEmbedder) -> None:
    workspace = Workspace(Settings())
    heard: list[Changes] = []

    def broken(_changes: Changes) -> None:
        raise RuntimeError("subscriber bug")

    workspace.subscribe(broken)
    workspace.subscribe(heard.append)
    workspace.open(tmp_path / "new", "base")
    assert heard and heard[0].library_switched and workspace.library is not None
    # What the status line reads for a new local library: empty, built with the model asked for, writable, no
    # published version and nothing added to a team library.
    assert workspace.summary() == WorkspaceSummary(documents=0, passages=0, model_id=embedder.model_id, remote=False,
                                                   writable=True, published_at=None, adds_documents=False)
    assert not workspace.refresh()  # a local library has no published versions


def test_operations_before_the_library_opens_say_so() -> None:
    workspace = Workspace(Settings())
    with pytest.raises(LibraryError, match="still opening"):
        workspace.remove_documents(["x"])
    assert workspace.summary() is None


def test_only_a_desktop_told_so_adds_documents_to_a_team_library(tmp_path: Path) -> None:
    uri = "s3://research-bucket/finlens"
    adds = Settings(library_kind="team", team_library_uri=uri + "/", team_library_adds_documents=True)
    assert adds_documents_to(uri, adds)
    assert not adds_documents_to("s3://other-bucket/finlens", adds)  # --library names another: only read it
    assert not adds_documents_to(tmp_path, adds)  # a folder is always written; the setting is the team library's
    assert not adds_documents_to(uri, Settings(library_kind="team", team_library_uri=uri))  # off by default

    workspace = Workspace(adds)
    workspace.open(tmp_path / "lib", "base")
    assert workspace.appender is workspace.library and workspace.takes_documents()
    assert not workspace.adds_to_team_library and workspace.open_appender(workspace.library) is None  # type: ignore[arg-type]
    assert not workspace.summary().adds_documents  # type: ignore[union-attr]
