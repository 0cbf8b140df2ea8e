"""A desktop that adds documents to a team library, in the window, on a real S3-compatible server (moto, 127.0.0.1).

Beside :mod:`tests.ui.test_team_library_window` (the read-only desktop) and like it in the default suite when moto
is installed. Settings name the library and say "This desktop adds documents"; files added with Add Files or dropped
on the window land in the bucket through the appender, search keeps the published version, removing stays the
maintainer's, and a bucket that refuses the write (moto with IAM checks on: a read-only key) ends in one sentence.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.core import paths
from app.core.ingest.indexing import IndexReport, index_paths
from app.core.library_opening import open_library
from app.core.location import resolve_location
from app.core.settings import Settings, load_settings, save_settings, set_s3_secret
from app.core.store import Library, credentials
from app.ui import messages
from app.ui.settings_dialog import SettingsDialog
from tests.cluster.conftest import KEY_ID, SECRET, make_filings, s3_endpoint  # noqa: F401 - s3_endpoint: a fixture
from tests.memory_keyring import memory_keyring
from tests.ui.conftest import drop_paths, press_ok
from tests.ui.test_team_library_window import AWS_VARIABLES, open_window

ADDS = " · this desktop adds documents"


def team_status(at: float, documents: int) -> str:
    """The status line the user must read on a desktop that adds documents to a published team library."""
    noun = "document" if documents == 1 else "documents"
    return f"Team library · published {datetime.fromtimestamp(at):%Y-%m-%d %H:%M} · {documents} {noun}{ADDS}"


@pytest.fixture
def settings_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No AWS variable and no --library: the Settings' team library and credentials decide."""
    for name in AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(paths.LIBRARY_ENV)
    monkeypatch.setattr(credentials, "_configured", {})


def new_bucket(endpoint: str) -> str:
    """A fresh bucket on the server; returns the library URI in it."""
    import boto3

    bucket = f"team-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=KEY_ID,
                 aws_secret_access_key=SECRET).create_bucket(Bucket=bucket)
    return f"s3://{bucket}/finlens"


def test_settings_say_whether_this_desktop_adds_documents(qtbot, isolated_folders: Path) -> None:  # noqa: ANN001
    settings = Settings(library_kind="team", team_library_uri="s3://research-bucket/finlens")
    with memory_keyring():
        dialog = SettingsDialog(settings)
        qtbot.addWidget(dialog)
        dialog.show()
        checkbox = dialog.team_adds_checkbox
        assert checkbox.isVisible() and not checkbox.isChecked()  # off by default: a desktop only reads
        assert "write permission" in checkbox.text()
        qtbot.mouseClick(checkbox, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(dialog.settings_applied) as applied:
            press_ok(qtbot, dialog)
        assert "team_library_adds_documents" in applied.args[1]  # the window opens the library again for adding
        assert settings.team_library_adds_documents
        save_settings(settings)
        assert load_settings().team_library_adds_documents


def test_a_desktop_that_adds_documents_indexes_into_the_team_library(  # noqa: ANN001
        qtbot, s3_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings_only: None) -> None:  # noqa: F811
    uri = new_bucket(s3_endpoint)
    settings = Settings(library_kind="team", team_library_uri=uri, s3_endpoint_url=s3_endpoint, s3_region="us-east-1",
                        s3_access_key_id=KEY_ID, team_library_adds_documents=True)
    files = make_filings(tmp_path / "filings", 2)
    with memory_keyring():
        assert set_s3_secret(SECRET)
        save_settings(settings)
        resolve_location(settings)  # registers the Settings' credentials (the maintainer here uses them too)
        maintainer, embedder = open_library(uri, "base", maintenance=True)
        assert index_paths(files[:1], maintainer, embedder).count("indexed") == 1
        maintainer.maintain()
        first = maintainer.published()
        assert first is not None
        window = open_window(qtbot, settings)
        status = window.library_status.status_label
        qtbot.waitUntil(lambda: status.text() == team_status(first["at"], 1), timeout=30_000)
        panel = window.library_panel
        qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1, timeout=30_000)

        # Adding is on; removing and editing stay with the maintainer.
        assert panel.add_files_button.isEnabled() and panel.add_folder_button.isEnabled()
        assert "next published" in panel.add_files_button.toolTip()
        panel.table.selectRow(0)
        assert panel.selected_documents()
        assert not panel.remove_button.isEnabled()
        assert "maintenance writer" in panel.remove_button.toolTip()
        assert not window.documents.flags(window.documents.index(0, 0)) & Qt.ItemFlag.ItemIsEditable

        # Add Files… the way the user does it: the file dialog answers with a generated filing.
        monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                            staticmethod(lambda *args, **kwargs: ([str(files[1])], "")))
        with qtbot.waitSignal(window.indexing_finished, timeout=120_000) as finished:
            qtbot.mouseClick(panel.add_files_button, Qt.MouseButton.LeftButton)
        report: IndexReport = finished.args[0]
        assert report.count("indexed") == 1 and not report.error, report.summary_lines()
        told = (f"Added 1 document to the team library. It appears in search once the library is next published "
                f"(finlens maintain --library {uri}).")
        assert messages.bridge().history[-1].text == told
        assert window.statusBar().currentMessage() == told
        assert window.indexing_panel.title_label.text() == "Added 1 file"
        # Readers see what was published: the window keeps the published version until the next publication.
        assert panel.proxy.rowCount() == 1
        assert window.library_status.status_label.text() == team_status(first["at"], 1)

        # The file is in the bucket: the maintainer publishes it, and a second reader and the window find it.
        maintainer.maintain()
        second = maintainer.published()
        assert second is not None
        reader = Library(uri, model_id=embedder.model_id, model_hash=embedder.model_hash,
                         dimension=embedder.dimension)
        assert not reader.writable
        assert sorted(Path(d.path).name for d in reader.list_documents()) == sorted(f.name for f in files)
        qtbot.mouseClick(window.library_status.refresh_button, Qt.MouseButton.LeftButton)
        status = window.library_status.status_label
        qtbot.waitUntil(lambda: status.text() == team_status(second["at"], 2), timeout=30_000)
        qtbot.waitUntil(lambda: panel.proxy.rowCount() == 2, timeout=30_000)


def assert_server_enforces_read_only_like_aws(endpoint: str, uri: str, key: credentials.S3Connection) -> None:
    """What the test relies on: a read-only key may HEAD, GET and LIST the library but not PUT into it, as on AWS.

    moto's IAM emulation decides this, and it has changed between releases (5.2.6 refuses HEAD and LIST); without
    this check such a change reads as a FinLens failure far from its cause.
    """
    import boto3
    import botocore.exceptions
    import moto

    bucket, prefix = uri.removeprefix("s3://").split("/", 1)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id=key.access_key_id, aws_secret_access_key=key.secret_access_key)
    name = f"{prefix}/library.json"
    refused = []
    for action, call in (("HeadObject", lambda: client.head_object(Bucket=bucket, Key=name)),
                         ("GetObject", lambda: client.get_object(Bucket=bucket, Key=name)),
                         ("ListObjectsV2", lambda: client.list_objects_v2(Bucket=bucket, Prefix=prefix))):
        try:
            call()
        except botocore.exceptions.ClientError as error:
            refused.append(f"{action} ({error.response['Error']['Code']})")
    assert not refused, (f"moto {moto.__version__} refuses {', '.join(refused)} to a key allowed "
                         "s3:GetObject and s3:ListBucket; this test needs AWS's behaviour (pin moto as "
                         "pyproject.toml's test extra does)")
    with pytest.raises(botocore.exceptions.ClientError):
        client.put_object(Bucket=bucket, Key=f"{prefix}/probe", Body=b"")


def test_a_bucket_that_refuses_the_write_says_what_to_do_and_loses_nothing(  # noqa: ANN001
        qtbot, s3_endpoint: str, tmp_path: Path, settings_only: None) -> None:  # noqa: F811
    import boto3
    import requests

    uri = new_bucket(s3_endpoint)
    # IAM users made while moto checks nothing yet: a maintainer that may write, a desktop key that may only read.
    iam = boto3.client("iam", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id=KEY_ID,
                       aws_secret_access_key=SECRET)
    keys = {}
    for user, actions in (("maintainer", ["s3:*"]), ("desktop", ["s3:GetObject", "s3:ListBucket"])):
        name = f"{user}-{uuid.uuid4().hex[:8]}"
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="finlens", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        keys[user] = credentials.S3Connection(endpoint=s3_endpoint, region="us-east-1",
                                              access_key_id=key["AccessKeyId"],
                                              secret_access_key=key["SecretAccessKey"])
    settings = Settings(library_kind="team", team_library_uri=uri, s3_endpoint_url=s3_endpoint, s3_region="us-east-1",
                        s3_access_key_id=keys["desktop"].access_key_id, team_library_adds_documents=True)
    files = make_filings(tmp_path / "filings", 2)
    before = files[1].read_bytes()
    # From here on moto checks every request against the users' policies (the server is this session's: restored).
    previous = requests.post(f"{s3_endpoint}/moto-api/reset-auth", data=b"0", timeout=10).json()
    try:
        with memory_keyring():
            credentials.configure(uri, keys["maintainer"])
            maintainer, embedder = open_library(uri, "base", maintenance=True)
            assert index_paths(files[:1], maintainer, embedder).count("indexed") == 1
            maintainer.maintain()
            published = maintainer.published()
            assert published is not None
            assert_server_enforces_read_only_like_aws(s3_endpoint, uri, keys["desktop"])

            assert set_s3_secret(keys["desktop"].secret_access_key)
            window = open_window(qtbot, settings)  # the desktop's read-only key, from Settings and the keyring
            status = window.library_status.status_label
            qtbot.waitUntil(lambda: status.text() == team_status(published["at"], 1), timeout=30_000)
            assert window.library_panel.add_files_button.isEnabled()  # Settings say it adds; the bucket decides
            with qtbot.waitSignal(window.indexing_finished, timeout=120_000) as finished:
                drop_paths(window, [files[1]])
            report: IndexReport = finished.args[0]

            told = messages.bridge().history[-1]
            assert told.level == "warning" and "refused this desktop's write" in told.text
            assert "so 1 file was not added; nothing else changed" in told.text
            assert "ask the bucket's owner for write permission" in told.text.lower()
            assert '"This desktop adds documents" in Settings > Library' in told.text
            assert window.statusBar().currentMessage() == told.full_text
            assert "Traceback" not in told.full_text and "lance error" not in told.full_text.lower()
            assert window.indexing_panel.title_label.text() == "Indexing stopped — 0 files added"
            assert [(Path(o.path).name, o.status) for o in report.outcomes] == [(files[1].name, "failed")]

            # Nothing lost: the library holds what it held, the file is untouched, and the window still reads.
            assert [Path(d.path).name for d in maintainer.list_documents()] == [files[0].name]
            assert files[1].read_bytes() == before
            assert window.library_panel.proxy.rowCount() == 1
    finally:
        requests.post(f"{s3_endpoint}/moto-api/reset-auth",
                      data=str(previous["PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT"]).encode(), timeout=10)
