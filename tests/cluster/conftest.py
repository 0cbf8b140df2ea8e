"""Real parts for the ``cluster`` test group: an S3-compatible server (moto's server mode) on 127.0.0.1 and a local Ray.

Every test here is marked ``cluster`` (the default run excludes the group; run it with ``pytest -m cluster``). The
server starts once per session on a free port and each test gets a fresh bucket; Ray starts once per session with
two CPUs. Credentials are fake but distinctive (:data:`SECRET`), so a test can prove none reaches a file or a log.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.local_servers import free_port, mark_folder
from tests.pdf_factory import make_10k

SECRET = "finlens-test-secret-7f3a9c"
KEY_ID = "FINLENSTESTKEYID"
COMPANIES = [("Acme Widgets, Inc.", "ACME"), ("Borealis Foods Corp.", "BORE"), ("Cobalt Mining Ltd.", "CBLT"),
             ("Delta Freight Co.", "DLTF"), ("Ember Energy Inc.", "EMBR"), ("Fjord Shipping ASA", "FJRD")]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``cluster``."""
    mark_folder(items, __file__, pytest.mark.cluster)


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on a free local port, for the whole session."""
    pytest.importorskip("moto.server")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("moto server did not start") from None
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def team_library(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh bucket with the standard AWS variables pointing at it; returns the library URI."""
    import boto3

    for name, value in {"AWS_ENDPOINT_URL": s3_endpoint, "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": KEY_ID,
                        "AWS_SECRET_ACCESS_KEY": SECRET}.items():
        monkeypatch.setenv(name, value)
    bucket = f"team-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id=KEY_ID,
                 aws_secret_access_key=SECRET).create_bucket(Bucket=bucket)
    return f"s3://{bucket}/finlens"


@pytest.fixture(scope="session")
def ray_local() -> Iterator[None]:
    """A real local Ray with two CPUs, once per session."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def make_filings(folder: Path, count: int, *, offset: int = 0) -> list[Path]:
    """``count`` distinct generated 10-Ks (companies and years differ, so their bytes do)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(offset, offset + count):
        company, ticker = COMPANIES[number % len(COMPANIES)]
        year = 2015 + number // len(COMPANIES)
        made.append(make_10k(folder / f"{ticker}-{year}-10K.pdf", company=company, ticker=ticker, year=year,
                             revenue=(f"{10_000 + number:,}", "9,000"), capex=(f"{1_000 + number:,}", "900")))
    return made
