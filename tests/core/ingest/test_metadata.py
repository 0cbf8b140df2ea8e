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


def test_a_cover_laid_out_as_a_table_of_registrants_names_the_first() -> None:
    # A combined filing's cover (two registrants): the heading row first, each registrant's name in a row below it.
    cover = "\n".join(["FORM 10-K", "ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT",
                       "OF 1934", "For the fiscal year ended December 31, 2017", "Commission", "File Number",
                       "Exact Name of Registrant", "as Specified In Its Charter", "State or Other Jurisdiction of",
                       "Incorporation or Organization", "IRS Employer", "Identification Number", "1-12609",
                       "PG&E CORPORATION", "California", "94-3234914", "1-2348", "PACIFIC GAS AND ELECTRIC COMPANY"])
    meta = infer_metadata(Path("PG_E_2017_10K.pdf"), cover)
    assert normalize_company(meta.company) == normalize_company("PG&E Corporation")
    assert meta.fiscal_year == 2017 and meta.form_type == "10-K"
