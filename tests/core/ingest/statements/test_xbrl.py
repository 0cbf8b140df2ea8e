"""Inline XBRL: an EDGAR HTML filing's tagged facts are read with their periods, scale and sign."""

from __future__ import annotations

from pathlib import Path

from app.core.figures.concepts import find_fact
from app.core.ingest.parsing import parse_file
from app.core.ingest.statements import Statements, extract_statements

CONTEXTS = """
<xbrli:context id="d2023"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
 </xbrli:entity><xbrli:period><xbrli:startDate>2022-10-01</xbrli:startDate><xbrli:endDate>2023-09-30</xbrli:endDate>
 </xbrli:period></xbrli:context>
<xbrli:context id="d2022"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
 </xbrli:entity><xbrli:period><xbrli:startDate>2021-10-01</xbrli:startDate><xbrli:endDate>2022-09-30</xbrli:endDate>
 </xbrli:period></xbrli:context>
<xbrli:context id="i2023"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
 </xbrli:entity><xbrli:period><xbrli:instant>2023-09-30</xbrli:instant></xbrli:period></xbrli:context>
<xbrli:context id="seg2023"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
 <xbrli:segment><xbrldi:explicitMember dimension="us-gaap:StatementBusinessSegmentsAxis">x:AmericasMember
 </xbrldi:explicitMember></xbrli:segment></xbrli:entity><xbrli:period><xbrli:startDate>2022-10-01</xbrli:startDate>
 <xbrli:endDate>2023-09-30</xbrli:endDate></xbrli:period></xbrli:context>
"""


def _fact(name: str, context: str, text: str, extra: str = "") -> str:
    return (f'<ix:nonFraction name="us-gaap:{name}" contextRef="{context}" unitRef="usd" decimals="-6" scale="6" '
            f'format="ixt:num-dot-decimal" {extra}>{text}</ix:nonFraction>')


def test_tagged_facts_are_read_with_period_scale_and_sign(tmp_path: Path) -> None:
    body = f"""<html xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"><body>
<div style="display:none"><ix:header><ix:resources>{CONTEXTS}</ix:resources></ix:header></div>
<p>CONSOLIDATED STATEMENTS OF OPERATIONS (In millions)</p>
<table>
<tr><td>Net sales</td><td>{_fact("RevenueFromContractWithCustomerExcludingAssessedTax", "d2023", "383,285")}</td>
    <td>{_fact("RevenueFromContractWithCustomerExcludingAssessedTax", "d2022", "394,328")}</td></tr>
<tr><td>Americas</td><td>{_fact("RevenueFromContractWithCustomerExcludingAssessedTax", "seg2023", "162,560")}</td></tr>
<tr><td>Other income/(expense), net</td><td>({_fact("OperatingIncomeLoss", "d2023", "114,301")})</td></tr>
<tr><td>Net income</td><td>{_fact("NetIncomeLoss", "d2023", "96,995")}</td></tr>
<tr><td>Total assets</td><td>{_fact("Assets", "i2023", "352,583")}</td></tr>
<tr><td>Income tax benefit</td><td>({_fact("IncomeTaxExpenseBenefit", "d2022", "19,300", 'sign="-"')})</td></tr>
</table></body></html>"""
    path = tmp_path / "aapl-20230930.htm"
    path.write_text(body, encoding="utf-8")
    statements = extract_statements(parse_file(path))
    tagged = [t for t in statements.tables if "inline XBRL" in t.title]
    assert [t.kind for t in tagged] == ["income", "balance"]
    assert [t.role for t in tagged] == ["primary", "primary"]  # a filing's tagged facts are its statements'
    revenue = find_fact(statements, "revenue", 2023)
    assert revenue.value == 383_285e6 and revenue.cell.text == "383,285" and revenue.row.concept == "revenue"
    assert find_fact(statements, "revenue", 2022).value == 394_328e6  # the segment's 162,560 is not the company's
    assert find_fact(statements, "total_assets", 2023).period.instant
    assert find_fact(statements, "income_taxes", 2022).value == -19_300e6
    assert find_fact(statements, "operating_income", 2023).value == 114_301e6
    again = Statements.from_payload(statements.to_payload())
    assert find_fact(again, "net_income", 2023).value == 96_995e6
