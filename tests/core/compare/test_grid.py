"""Compare's core: columns and years as written, rows from the library, cells with inputs or reasons, question
columns answered by a passage with its citation, formulas that recompute each figure, and saved grids."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from app.core.compare import CompareError, CompareGrid, GridFiller, parse_columns, parse_years, plan_rows
from app.core.compare.metric_cells import _recomputes, compute_metric
from app.core.compare.saved import SavedGrid, SavedGridError, find_grid, load_grids, save_grid
from app.core.ingest.parsing import parse_file
from app.core.ingest.statements import extract_statements
from tests.core.ingest.statements.factory import FIGURES, make_annual_report


def test_columns_and_years_as_the_analyst_writes_them() -> None:
    columns = parse_columns("revenue growth, operating margin; What drove the change in gross margin?\nROE")
    assert [(c.text, c.kind) for c in columns] == [("revenue growth", "metric"), ("operating margin", "metric"),
                                                   ("What drove the change in gross margin?", "text"),
                                                   ("ROE", "metric")]
    assert parse_years("2021-2023") == [2021, 2022, 2023] and parse_years("2023, 2021") == [2021, 2023]
    assert parse_years("2023–2021") == [2021, 2022, 2023]
    with pytest.raises(CompareError, match="2021-2023"):
        parse_years("last year")
    with pytest.raises(CompareError, match="at least one column"):
        parse_columns(" , ")


def test_formulas_with_averages_and_optional_lines_recompute_the_value(tmp_path: Path) -> None:
    statements = extract_statements(parse_file(make_annual_report(tmp_path / "ACME_2023_10K.pdf")))
    roa = compute_metric(statements, "return on assets", 2023)
    assert roa is not None and roa.value is not None
    assert math.isclose(roa.value, FIGURES["net_income"][0] / ((FIGURES["total_assets"][0] +
                                                                 FIGURES["total_assets"][1]) / 2))
    assert roa.excel.count("{") == 3 and _recomputes(roa.excel, [i.value for i in roa.inputs], roa.value)
    quick = compute_metric(statements, "quick ratio", 2023)  # short-term investments: not reported, taken as 0
    assert quick is not None and quick.value is not None and "+0)" in quick.excel
    assert {i.page for i in quick.inputs} == {3}  # pages as printed: the balance sheet is the third page
    assert compute_metric(statements, "happiness index", 2023) is None  # names no metric: a question column
    cagr = compute_metric(statements, "2-year revenue CAGR", 2023)
    assert cagr is not None and cagr.excel == "(({1})/({0}))^(1/2)-1"
    assert math.isclose(cagr.value, (FIGURES["revenue"][0] / FIGURES["revenue"][2]) ** 0.5 - 1)
    average = compute_metric(statements, "3 year average operating margin", 2023)
    assert average is not None and average.excel.startswith("AVERAGE(") and len(average.inputs) == 6
    vague = compute_metric(statements, "net income excluding one-time items", 2023)
    assert vague is not None and vague.value is None and "excluding one-time items" in vague.reason  # no figure
    missing = compute_metric(statements, "return on assets", 2022)  # FY2021's total assets are not reported
    assert missing is not None and missing.value is None and missing.reason and not missing.inputs


def test_a_question_column_holds_the_best_passage_with_its_citation(indexed) -> None:  # noqa: ANN001
    rows, problems = plan_rows(indexed.library.list_documents(), ["GBX", "Initech"], [2023])
    assert [r.label for r in rows] == ["GBX FY2023"] and problems == [
        "No filing of Initech is in the library; check the name or ticker (finlens docs lists them)."]
    grid = GridFiller(indexed.library, indexed.searcher).fill(
        CompareGrid(rows, parse_columns("What are the main risk factors?, net income")))
    passage = grid.cell(0, 0)
    assert passage.passage is not None and passage.document.doc_id == indexed.globex.doc_id
    assert passage.passage.citation.startswith(indexed.globex.label) and ", p. " in passage.passage.citation
    assert passage.text().endswith(f"({passage.passage.citation})")
    without_search = GridFiller(indexed.library).compute(rows[0], parse_columns("What are the main risks?")[0])
    assert without_search.missing and "search model" in without_search.reason
    data = json.loads(json.dumps(grid.to_dict()))
    assert "1-based" in data["page_numbering"] and data["rows"][0]["cells"][0]["passage"]["page"] >= 1


def test_a_year_no_filing_reports_says_so(indexed) -> None:  # noqa: ANN001
    rows, _ = plan_rows(indexed.library.list_documents(), ["ACME"], [2030])
    cell = GridFiller(indexed.library).compute(rows[0], parse_columns("net income")[0])
    assert cell.missing and cell.reason == ("No filing of Acme Corporation reporting FY2030 is in the library; add "
                                            "its FY2030 10-K.")


def test_saved_grids_round_trip_and_an_unreadable_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "grids.json"
    save_grid(SavedGrid("Margins", ["gross margin", "operating margin"], ["NKE", "BBY"], "2021-2023", "10-K"), path)
    assert find_grid("margins", path) == SavedGrid("Margins", ["gross margin", "operating margin"], ["NKE", "BBY"],
                                                    "2021-2023", "10-K")
    with pytest.raises(SavedGridError, match="saved: Margins"):
        find_grid("growth", path)
    with pytest.raises(SavedGridError, match="name"):
        save_grid(SavedGrid(" ", ["roe"]), path)
    path.write_text("{not json", encoding="utf-8")
    assert load_grids(path) == {}
    assert (tmp_path / "grids.json.bad").read_text(encoding="utf-8") == "{not json"  # kept, not overwritten
