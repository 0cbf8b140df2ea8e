"""``finlens statements`` and ``finlens metric`` on a team library (s3://, moto): they read the published version
through the store like every other reader, with no local folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.core.ingest.statements.factory import make_annual_report


def test_statements_and_metric_read_a_team_library(team_library: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    filing = make_annual_report(tmp_path / "ACME_2023_10K.pdf")
    assert main(["--library", team_library, "index", str(filing), "--model", "base"]) == 0
    assert main(["maintain", "--library", team_library]) == 0
    capsys.readouterr()

    assert main(["statements", "ACME_2023", "--json", "--library", team_library]) == 0
    tables = json.loads(capsys.readouterr().out)["tables"]
    assert [t["kind"] for t in tables] == ["income", "balance", "cash_flow"]

    assert main(["--library", team_library, "metric", "inventory turnover", "--company", "acme", "--year", "2023",
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["display"] == f"{36386 / ((5140 + 5965) / 2):.2f}"
