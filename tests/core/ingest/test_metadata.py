"""Company, ticker, form and period come from the cover page and the file name."""

from __future__ import annotations

from pathlib import Path

from app.core.finance.company_names import normalize_company
from app.core.ingest.metadata import infer_metadata
from app.core.ingest.parsing import parse_file
from tests.pdf_factory import make_10k


def test_cover_page(tmp_path: Path) -> None:
    path = make_10k(tmp_path / "annual-report.pdf", company="Globex Corporation", ticker="GBX", year=2021)
    meta = infer_metadata(path, parse_file(path).text)
    assert meta.company == "Globex Corporation"
    assert meta.ticker == "GBX"
    assert meta.form_type == "10-K"
    assert (meta.fiscal_year, meta.fiscal_period) == (2021, "FY2021")


def test_file_name_only() -> None:
    meta = infer_metadata(Path("PEPSICO_2023Q1_10Q.pdf"), "nothing useful here")
    assert meta.company == "Pepsico"
    assert meta.form_type == "10-Q"
    assert (meta.fiscal_year, meta.fiscal_period) == (2023, "Q1 FY2023")
    assert infer_metadata(Path("JOHNSON_JOHNSON_2022Q4_EARNINGS.pdf"), "").form_type == "earnings release"


def test_normalize_company() -> None:
    assert normalize_company("NIKE, Inc.") == "nike"
    assert normalize_company("Johnson & Johnson") == "johnson johnson"
    assert normalize_company("The Kraft Heinz Company") == "the kraft heinz"
