"""A team library in the window, on a real S3-compatible server (moto's server mode on 127.0.0.1).

Runs in the default suite when moto is installed (the test extra has it) and is skipped otherwise. The library is
chosen in Settings with its endpoint, region and key id there and the secret in the keyring — no AWS variable is
set — so the test also proves that the Settings' credentials reach Lance and pyarrow, and reach no file or log.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core import paths
from app.core.ingest.indexing import index_paths
from app.core.library_opening import open_library
from app.core.location import resolve_location
from app.core.settings import Settings, save_settings, set_s3_secret
from app.core.store import credentials, remote
from app.ui import messages
from app.ui.application import open_workspace
from app.ui.main_window import MainWindow
from tests.cluster.conftest import KEY_ID, SECRET, make_filings, s3_endpoint  # noqa: F401 - s3_endpoint: a fixture
from tests.memory_keyring import memory_keyring

AWS_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
                 "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ALLOW_HTTP")


def published_status(at: float, documents: int) -> str:
    """The status line the user must read for a published team library."""
    return f"Team library · published {datetime.fromtimestamp(at):%Y-%m-%d %H:%M} · {documents} documents"


def open_window(qtbot, settings: Settings) -> MainWindow:  # noqa: ANN001 - pytest-qt fixture
    """Open the Settings' library the way FinLens starts, in a shown window."""
    opened = open_workspace(settings, ask=lambda title, message, choices: pytest.fail(message),
                            choose_folder=lambda: "")
    assert opened is not None
    window = MainWindow(opened[0], opened[1], settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_team_library_opens_read_only_and_follows_new_publications(  # noqa: ANN001
        qtbot, s3_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        isolated_folders: Path) -> None:
    import boto3

    for name in AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(paths.LIBRARY_ENV)  # no --library: Settings name the team library
    monkeypatch.setattr(credentials, "_configured", {})
    bucket = f"team-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id=KEY_ID,
                 aws_secret_access_key=SECRET).create_bucket(Bucket=bucket)
    uri = f"s3://{bucket}/finlens"
    settings = Settings(library_kind="team", team_library_uri=uri, s3_endpoint_url=s3_endpoint,
                        s3_region="us-east-1", s3_access_key_id=KEY_ID)
    files = make_filings(tmp_path / "filings", 3)
    with memory_keyring():
        assert set_s3_secret(SECRET)
        save_settings(settings)
        assert resolve_location(settings).location == uri
        # The maintainer publishes two filings (with the Settings' credentials: no AWS variable is set).
        maintainer, embedder = open_library(uri, "base", maintenance=True)
        assert index_paths(files[:2], maintainer, embedder).count("indexed") == 2
        maintainer.maintain()

        window = open_window(qtbot, settings)
        assert window.library is not None and not window.library.writable  # read-only, on the published version
        first = maintainer.published()
        assert first is not None
        status = window.library_status.status_label
        qtbot.waitUntil(lambda: status.text() == published_status(first["at"], 2), timeout=30_000)
        qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 2, timeout=30_000)
        assert window.library_status.refresh_button.isVisible() and window.commands.refresh_library.isEnabled()
        assert not window.documents.flags(window.documents.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
        assert not window.library_panel.add_files_button.isEnabled()
        assert "read-only" in window.library_panel.add_files_button.toolTip()
        window.intake.add_paths([str(files[2])])  # a reader cannot add: it says who can
        assert "read-only" in messages.bridge().history[-1].text

        # A cluster job appends and the maintainer publishes: the poll picks the new version up, no restart.
        assert index_paths(files[2:], maintainer, embedder).count("indexed") == 1
        maintainer.maintain()
        second = maintainer.published()
        assert second is not None and second["at"] > first["at"]
        window.workspace_controller.poll_timer.setInterval(200)
        status = window.library_status.status_label
        qtbot.waitUntil(lambda: status.text() == published_status(second["at"], 3), timeout=60_000)
        qtbot.waitUntil(lambda: window.library_panel.proxy.rowCount() == 3, timeout=30_000)
        assert any("newer version" in m.text for m in messages.bridge().history)

        # The Refresh button says so when there is nothing newer, also when the timer's check is still under way.
        window.workspace_controller.poll_timer.stop()
        window.workspace_controller.check_for_published(quiet=True)
        qtbot.mouseClick(window.library_status.refresh_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: messages.bridge().history[-1].text == "The team library is up to date.",
                        timeout=30_000)

    record = remote.read_text(f"{uri}/library.json") or ""
    assert record and SECRET not in record
    settings_text = (isolated_folders / "config" / "settings.json").read_text()
    assert SECRET not in settings_text and KEY_ID in settings_text
    logged = "".join(p.read_text(errors="replace") for p in paths.log_dir().rglob("*") if p.is_file())
    assert SECRET not in logged
