"""``finlens compare`` end to end on generated filings: the table, ``--json`` (pages 1-based, said), ``--csv`` and
``--xlsx`` (each metric an Excel formula over the Inputs sheet, recomputed to the value printed), saved grids."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import formulas
import pytest
from openpyxl import load_workbook

from app.cli import main
from app.core import paths
from tests.pdf_factory import make_10k

COLUMNS = "revenue growth, operating margin, free cash flow, quick ratio"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # noqa: ANN202
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))  # saved grids and logs stay in the test
    yield
    paths.set_library_override(None)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("compare-cli")
    make_10k(folder / "ACME_2021_10K.pdf", year=2021, revenue=("11,002", "10,100"), capex=("1,203", "1,100"))
    make_10k(folder / "ACME_2022_10K.pdf", year=2022)
    make_10k(folder / "GLOBEX_2022_10K.pdf", company="Globex Corporation", ticker="GBX", year=2022,
             revenue=("48,210", "45,977"), capex=("3,402", "3,111"))
    library = str(folder / "lib")
    assert main(["--library", library, "index", str(folder), "--model", "base"]) == 0
    paths.set_library_override(None)
    return library


def test_the_grid_as_json_with_inputs_and_printed_pages(library: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--library", library, "compare", COLUMNS, "--companies", "ACME,GBX", "--years", "2021-2022",
                 "--json"]) == 0
    grid = json.loads(capsys.readouterr().out)
    assert "1-based" in grid["page_numbering"]
    assert [r["label"] for r in grid["rows"]] == ["ACME FY2021", "ACME FY2022", "GBX FY2021", "GBX FY2022"]
    acme_2021 = grid["rows"][0]["cells"]
    growth = acme_2021[0]
    # FY2021 growth comes from ACME's own FY2021 10-K (its FY2020 column): 11,002 / 10,100 - 1.
    assert math.isclose(growth["value"], 11002 / 10100 - 1) and growth["document"]["fiscal_period"] == "FY2021"
    assert {(i["label"], i["period"], i["page"]) for i in growth["inputs"]} == \
        {("Net revenues", "FY2021", 3), ("Net revenues", "FY2020", 3)}  # the income statement is page 3 as printed
    fcf = grid["rows"][3]["cells"][2]
    assert fcf["value"] == 3900e6 - 3402e6 and fcf["display"] == "$498 million" and fcf["scale"] == "millions"
    assert {i["page"] for i in fcf["inputs"]} == {4}
    quick = grid["rows"][1]["cells"][3]
    assert quick["value"] is None and "cash and cash equivalents" in quick["reason"].lower()
    assert grid["rows"][2]["cells"][1]["document"]["fiscal_period"] == "FY2022"  # GBX FY2021 from its FY2022 10-K


def test_text_and_csv_output(library: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--library", library, "compare", COLUMNS, "--companies", "acme", "--years", "2022"]) == 0
    out = capsys.readouterr().out
    assert "ACME FY2022" in out and "26.2%" in out and "$2,323M" in out
    assert "[1] ACME FY2022 quick ratio: " in out and "cash and cash equivalents" in out.lower()

    assert main(["--library", library, "compare", COLUMNS, "--companies", "ACME,GBX", "--years", "2022",
                 "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["Company", "Ticker", "Fiscal year", *COLUMNS.split(", ")]
    assert rows[1][2:] == ["2022", str(12345 / 11002 - 1), str(3235 / 12345), "2323000000", ""]


def test_xlsx_formulas_recompute_every_figure(library: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "grid.xlsx"
    assert main(["--library", library, "compare", COLUMNS, "--companies", "ACME,GBX", "--years", "2021-2022",
                 "--xlsx", str(path)]) == 0
    assert main(["--library", library, "compare", COLUMNS, "--companies", "ACME,GBX", "--years", "2021-2022",
                 "--json"]) == 0
    shown = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    workbook = load_workbook(path)
    grid, inputs = workbook["Grid"], workbook["Inputs"]
    assert grid.freeze_panes == "D2" and inputs.freeze_panes == "A2"
    assert [c.value for c in inputs[1]] == ["Row", "Column", "Line item", "Period", "Value", "Printed", "Scale",
                                            "Page", "Document"]
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {key.split("!")[1]: value.value[0][0] for key, value in solution.items()
              if key.upper().startswith("'[GRID.XLSX]GRID'!")}
    checked = 0
    for row_number, row in enumerate(shown["rows"]):
        for column_number, cell in enumerate(row["cells"]):
            target = grid.cell(row=row_number + 2, column=column_number + 4)
            if cell["value"] is None:
                assert target.value is None and target.comment is not None
                continue
            assert str(target.value).startswith("=") and "Inputs!" in str(target.value)
            assert "#,##0.##" not in target.number_format
            assert math.isclose(float(values[target.coordinate]), cell["value"], rel_tol=1e-12)
            checked += 1
    assert checked == 11  # margin and FCF for four rows, growth for three (GBX reports no FY2020); no quick ratio


def test_a_compound_growth_rate_is_an_excel_power(library: str, tmp_path: Path) -> None:
    path = tmp_path / "cagr.xlsx"
    assert main(["--library", library, "compare", "revenue CAGR", "--companies", "ACME", "--years", "2022",
                 "--xlsx", str(path)]) == 0
    cell = load_workbook(path)["Grid"]["D2"]
    assert "^" in cell.value and cell.number_format == "0.0%"
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    assert math.isclose(float(solution["'[cagr.xlsx]GRID'!D2"].value[0][0]), 12345 / 11002 - 1, rel_tol=1e-12)


def test_a_saved_grid_reopens_and_bad_input_says_what_to_do(library: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--library", library, "compare", COLUMNS, "--companies", "ACME", "--years", "2022", "--save",
                 "core", "--csv"]) == 0
    first = capsys.readouterr().out
    assert main(["--library", library, "compare", "--grid", "core", "--csv"]) == 0
    assert capsys.readouterr().out == first
    assert main(["--library", library, "compare", "--grid", "nothing"]) == 1
    assert "No saved grid is called 'nothing'" in capsys.readouterr().err
    assert main(["--library", library, "compare", COLUMNS, "--companies", "ACME", "--years", "twenty"]) == 1
    assert "2021-2023" in capsys.readouterr().err
    assert main(["--library", library, "compare", COLUMNS, "--companies", "NOPE", "--years", "2022"]) == 2
    assert "No filing of NOPE" in capsys.readouterr().err
