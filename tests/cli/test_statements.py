"""``finlens statements`` and ``finlens metric`` end to end on a generated filing; CSV and Excel read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.core import paths
from app.core.figures.statement_export import to_csv, write_csv, write_xlsx
from app.core.ingest.parsing import parse_file
from app.core.ingest.statements import Statements, extract_statements
from tests.core.ingest.statements.factory import make_annual_report


@pytest.fixture(autouse=True)
def _reset_override():  # noqa: ANN202
    yield
    paths.set_library_override(None)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("cli")
    make_annual_report(folder / "ACME_2023_10K.pdf")
    library = str(folder / "lib")
    assert main(["--library", library, "index", str(folder / "ACME_2023_10K.pdf"), "--model", "base"]) == 0
    paths.set_library_override(None)
    return library


def test_statements_text_json_and_csv(library: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--library", library, "statements", "ACME_2023"]) == 0
    out = capsys.readouterr().out
    assert "Balance sheet — Consolidated Balance Sheets (in millions, page 3)" in out
    assert "as of 2023-01-28" in out and "Merchandise inventories" in out

    assert main(["--library", library, "statements", "ACME_2023", "--json"]) == 0
    tables = json.loads(capsys.readouterr().out)["tables"]
    assert [t["kind"] for t in tables] == ["income", "balance", "cash_flow"]

    assert main(["--library", library, "statements", "ACME_2023", "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert ["Line item", "FY2023", "FY2022", "FY2021"] in rows

    assert main(["--library", library, "statements", "nothing-like-it"]) == 2
    assert "finlens docs" in capsys.readouterr().err


def test_metric_answers_with_inputs_and_cells(library: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--library", library, "metric", "inventory turnover", "--company", "acme", "--year", "2023",
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["display"] == f"{36386 / ((5140 + 5965) / 2):.2f}"
    assert result["formula"] == "cost of revenue / average inventory"
    periods = {(i["concept"], i["period"], i["printed"], i["page"]) for i in result["inputs"]}
    assert periods == {("cost_of_revenue", "FY2023", "36,386", 2), ("inventory", "as of 2023-01-28", "5,140", 3),
                       ("inventory", "as of 2022-01-29", "5,965", 3)}
    assert all(len(i["rect"]) == 4 for i in result["inputs"])

    assert main(["--library", library, "metric", "What is Acme Stores' FY2023 quick ratio?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Acme's FY2023 quick ratio was {(1874 + 1141) / 8062:.2f}, computed as")
    assert "Receivables, net" in out and "page 3" in out

    assert main(["--library", library, "metric", "return on assets", "--year", "2022"]) == 1
    out = capsys.readouterr().out
    assert "Total assets for FY2021 is not in the statements" in out

    assert main(["--library", library, "metric", "happiness index", "--year", "2022"]) == 1
    assert "did not understand 'happiness index'" in capsys.readouterr().err  # and no statement line is named so
    assert main(["--library", library, "metric", "current ratio", "--year", "2023", "--company", "Globex"]) == 2


@pytest.mark.parametrize("asked", ["capex as a % of revenue", "capex as percent of sales",
                                   "ratio of capex to net sales", "what % of revenue was spent on capex"])
def test_a_ratio_asked_any_way_is_computed_never_its_numerator_or_denominator(
        library: str, capsys: pytest.CaptureFixture[str], asked: str) -> None:
    capsys.readouterr()
    assert main(["--library", library, "metric", asked, "--company", "acme", "--year", "2023", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["metric"] == "capex to revenue" and result["value"] == pytest.approx(930 / 46298)
    assert result["display"] == "2.01%"


def test_a_metric_phrase_with_a_part_not_understood_gets_no_figure(library: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--library", library, "metric", "net income excluding one-time items", "--company", "acme",
                 "--year", "2023"]) == 1
    captured = capsys.readouterr()
    assert "FinLens read 'net income' but not 'excluding one-time items'." in captured.err
    assert "$" not in captured.out and "1,419" not in captured.out + captured.err


def test_export_round_trip(tmp_path: Path) -> None:
    statements = extract_statements(parse_file(make_annual_report(tmp_path / "ACME_2023_10K.pdf")))
    expected = _values(statements)

    write_csv(statements, tmp_path / "s.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "s.csv").read_text(encoding="utf-8-sig"))))
    assert _values_from_rows(rows) == expected
    assert to_csv(statements).count("Line item") == 3

    write_xlsx(statements, tmp_path / "s.xlsx")
    workbook = load_workbook(tmp_path / "s.xlsx")
    assert workbook.sheetnames == ["Income statement p2", "Balance sheet p3", "Cash flow statement p4"]
    assert workbook["Balance sheet p3"]["A1"].value.startswith("Balance sheet — Consolidated Balance Sheets")
    rows = [[("" if v is None else v) for v in row] for sheet in workbook
            for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert _values_from_rows(rows) == expected


def _values(statements: Statements) -> list[tuple[str, list[float | None]]]:
    return [(row.label, [c.value if c is not None else None for c in row.cells])
            for table in statements.tables for row in table.rows]


def _values_from_rows(rows: list[list[object]]) -> list[tuple[str, list[float | None]]]:
    values = []
    for row in rows:
        if len(row) < 2 or row[0] == "Line item":
            continue
        values.append((str(row[0]).strip(), [float(v) if v not in ("", None) else None for v in row[1:]]))
    return values


def test_json_pages_are_printed_pages_and_exports_read_as_written(library: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--library", library, "statements", "ACME_2023", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "1-based" in data["page_numbering"]
    balance = next(t for t in data["tables"] if t["kind"] == "balance")
    assert balance["page"] == 3 and balance["pages"] == [3]  # "page 3", as the text output and the window say
    inventories = next(r for r in balance["rows"] if r["label"] == "Merchandise inventories")
    assert inventories["cells"][0][0] == "5,140" and inventories["cells"][0][2][4] == 3

    assert main(["--library", library, "statements", "ACME_2023", "--csv"]) == 0
    cash = next(r for r in csv.reader(io.StringIO(capsys.readouterr().out)) if r and r[0].strip() == "Cash and cash "
                "equivalents")
    assert cash[1:] == ["1874", "2936"]  # not 1874.0

    assert main(["--library", library, "statements", "ACME_2023", "--xlsx", str(tmp_path / "s.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "s.xlsx")["Income statement p2"]
    assert sheet.freeze_panes == "B3"
    formats = {c.number_format for row in sheet.iter_rows(min_row=3, min_col=2) for c in row if c.value is not None}
    assert formats == {"#,##0;(#,##0)", "#,##0.00;(#,##0.00)"}  # whole figures and the per-share ones; no "51,217."


@pytest.mark.parametrize("question", ["What was ACME's capex as a percentage of revenue in FY2023?",
                                      "What was the ratio of capex to net sales for ACME in FY2023?"])
def test_ask_answers_the_ratio_asked_not_revenue(library: str, capsys: pytest.CaptureFixture[str],
                                                 question: str) -> None:
    capsys.readouterr()
    assert main(["--library", library, "ask", question, "--no-llm", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["answer"].startswith("Acme's FY2023 capex to revenue was 2.01%, computed as capital expenditures / "
                                       "revenue")


def test_ask_with_a_part_not_understood_shows_passages_and_says_which_part(
        library: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--library", library, "ask", "What was ACME's net income excluding one-time items in FY2023?",
                 "--no-llm", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["note"].startswith("FinLens read 'net income' but not 'excluding one-time items'. Showing the "
                                     "passages instead.")
    assert not result["answer"].startswith("Acme's FY2023 net income was")
