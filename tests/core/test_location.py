"""Which library is active: one precedence (--library > $FINLENS_LIBRARY > Settings > the per-user folder), and a
team library named in Settings brings its keys from the keyring, never to another bucket."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import paths
from app.core.location import library_location, resolve_location
from app.core.settings import Settings, save_settings, set_s3_secret
from app.core.store import credentials, remote
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
