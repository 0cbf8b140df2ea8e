"""Settings: versioned upgrades, the team library fields, and secrets kept in the keyring only."""

from __future__ import annotations

import json
from pathlib import Path

import keyring

from app.core.settings import (
    KEYRING_SERVICE,
    SETTINGS_VERSION,
    Settings,
    get_api_key,
    get_s3_secret,
    load_settings,
    save_settings,
    set_api_key,
    set_s3_secret,
)
from tests.memory_keyring import memory_keyring


def test_a_version_2_file_is_upgraded_to_a_local_library(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 2, "library_dir": "/data/lib", "llm_endpoint": "x"}))
    settings = load_settings(path)
    assert settings.version == SETTINGS_VERSION == 3
    assert settings.library_kind == "local" and settings.library_dir == "/data/lib"
    assert not settings.team_library_chosen


def test_team_library_settings_round_trip_without_the_secret(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings(library_kind="team", team_library_uri="s3://bucket/lib", s3_endpoint_url="https://s3.local",
                        s3_region="eu-central-1", s3_access_key_id="AKIDROUNDTRIP")
    with memory_keyring() as backend:
        assert set_s3_secret("round-trip-secret") and set_api_key("llm-key")
        save_settings(settings, path)
        assert load_settings(path) == settings and load_settings(path).team_library_chosen
        assert get_s3_secret() == "round-trip-secret" and get_api_key() == "llm-key"
        assert backend.secrets[(KEYRING_SERVICE, "team-library-secret-access-key")] == "round-trip-secret"
        assert set_s3_secret("")  # cleared: gone from the keyring
        assert get_s3_secret() == "" and (KEYRING_SERVICE, "team-library-secret-access-key") not in backend.secrets
    text = path.read_text()
    assert "round-trip-secret" not in text and "llm-key" not in text and "AKIDROUNDTRIP" in text


def test_without_a_keyring_the_secret_lasts_for_the_session(monkeypatch) -> None:  # noqa: ANN001
    def unavailable(*_args: object) -> None:
        raise keyring.errors.NoKeyringError("no backend")

    monkeypatch.setattr(keyring, "set_password", unavailable)
    monkeypatch.setattr(keyring, "get_password", unavailable)
    assert not set_s3_secret("memory-only")
    assert get_s3_secret() == "memory-only"
    set_s3_secret("")
    assert get_s3_secret() == ""
