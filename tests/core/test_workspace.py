"""The workspace: one precedence for the active library, metadata rules, removals, and the changes announced."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import paths
from app.core.ingest.indexing import index_paths
from app.core.library_opening import adds_documents_to
from app.core.location import library_location, resolve_location
from app.core.retrieval.embedding import OnnxEmbedder
from app.core.settings import Settings, save_settings, set_s3_secret
from app.core.store import Library, LibraryError, credentials, remote, write_refused
from app.core.workspace import Changes, Workspace, WorkspaceSummary, metadata_changes
from tests.memory_keyring import memory_keyring


@pytest.fixture
def no_library_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No $FINLENS_LIBRARY (the test conftest sets one for isolation) and no AWS variables from the machine."""
    monkeypatch.delenv(paths.LIBRARY_ENV)
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
                 "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ALLOW_HTTP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(credentials, "_configured", {})  # what a test registers is forgotten after it


def test_one_precedence_decides_the_library(no_library_env: None, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_location(Settings()).source == "default"
    assert resolve_location(Settings()).location == paths.default_library_dir()
    chosen = Settings(library_dir=str(tmp_path / "moved"))
    assert resolve_location(chosen).location == (tmp_path / "moved").resolve()
    assert resolve_location(chosen).source == "Settings"
    save_settings(chosen)  # without settings passed in, the settings file decides (what the CLI does)
    assert library_location() == (tmp_path / "moved").resolve()
    monkeypatch.setenv(paths.LIBRARY_ENV, str(tmp_path / "env"))
    assert resolve_location(chosen).location == (tmp_path / "env").resolve()
    assert resolve_location(chosen).source == paths.LIBRARY_ENV
    paths.set_library_override("s3://bucket/team/")
    assert resolve_location(chosen).location == "s3://bucket/team" and resolve_location(chosen).remote


def test_a_team_library_in_settings_brings_its_keys_from_the_keyring(no_library_env: None, isolated_folders: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    uri = "s3://research-bucket/finlens"
    settings = Settings(library_kind="team", team_library_uri=uri + "/", library_dir="/ignored/for/team",
                        s3_endpoint_url="http://127.0.0.1:9000", s3_region="eu-west-1", s3_access_key_id="AKIDSETTINGS")
    with memory_keyring() as backend:
        assert set_s3_secret("settings-secret-41")
        assert ("FinLens", "team-library-secret-access-key") in backend.secrets
        location = resolve_location(settings)
        assert location.location == uri and location.source == "Settings"
        options = remote.storage_options(uri + "/lance")
        assert options["aws_access_key_id"] == "AKIDSETTINGS"
        assert options["aws_secret_access_key"] == "settings-secret-41"
        assert options["aws_endpoint"] == "http://127.0.0.1:9000" and options["aws_region"] == "eu-west-1"
        assert options["allow_http"] == "true"
        # Another bucket named with --library never receives the Settings' keys.
        assert "aws_access_key_id" not in remote.storage_options("s3://other-bucket/lance")
        # The AWS variables win over Settings; a named profile keeps Settings' keys out too.
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
        monkeypatch.setenv("AWS_REGION", "us-east-2")
        assert remote.storage_options(uri)["aws_access_key_id"] == "AKIDENV"
        assert remote.storage_options(uri)["aws_region"] == "us-east-2"
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.setenv("AWS_PROFILE", "research")
        assert "aws_access_key_id" not in remote.storage_options(uri)
        assert "settings-secret-41" not in repr(credentials.resolve(uri))
        save_settings(settings)
    saved = (isolated_folders / "config" / "settings.json").read_text()
    assert "settings-secret-41" not in saved and "AKIDSETTINGS" in saved


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


def test_a_refused_write_is_recognised_by_its_wording() -> None:
    lance = ("lance error: LanceError(IO): single PUT of finlens/lance/chunks.lance/data/1.lance failed: The operation "
             "lacked the necessary privileges to complete for path finlens/lance/chunks.lance/data/1.lance: Error "
             "performing PUT http://127.0.0.1:9000/b/1.lance - Server returned non-2xx status code: 403 Forbidden: "
             "<Error><Code>AccessDenied</Code></Error>")
    assert write_refused(RuntimeError(lance))
    assert write_refused(OSError("When initiating multiple part upload for key 'finlens/library.json': AWS Error "
                                 "ACCESS_DENIED during CreateMultipartUpload operation"))
    assert not write_refused(RuntimeError("lance error: Commit conflict for version 7"))
    assert not write_refused(OSError("No space left on device"))


def test_a_refused_write_is_one_sentence_for_every_writer() -> None:
    # The store words it (the CLI's `finlens index` on a bucket, the window's appender on top), naming the batch lost.
    from app.core.store.session import write_error

    refused = RuntimeError("Server returned non-2xx status code: 403 Forbidden: <Code>AccessDenied</Code>")
    friendly = write_error(refused, ["/filings/a.pdf"])
    assert friendly is not None and friendly.lost == ["/filings/a.pdf"]
    assert "refused the write" in str(friendly) and "write permission" in str(friendly)
    assert write_error(RuntimeError("lance error: Commit conflict for version 7"), []) is None
