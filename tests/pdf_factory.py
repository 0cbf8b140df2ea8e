"""Small, realistic test documents written with PyMuPDF: 10-K-like filings with a cover page, prose, a statement
table and a paragraph that runs over a page break. Every test builds its own; nothing comes from ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

PAGE_WIDTH, PAGE_HEIGHT = 612, 792
LEFT = 72
CONTINUED_SENTENCE = ("Finally, a cyberattack on our ordering systems could interrupt deliveries and",
                      "permanently damage relationships with our largest distributors.")


def write_lines(page: pymupdf.Page, lines: list[str], y: float, *, size: float = 10, gap: float = 14) -> float:
    for line in lines:
        page.insert_text((LEFT, y), line, fontsize=size, fontname="helv")
        y += gap
    return y


def write_table(page: pymupdf.Page, rows: list[tuple[str, ...]], y: float, columns: tuple[int, ...]) -> float:
    for row in rows:
        for text, x in zip(row, columns, strict=False):
            page.insert_text((x, y), text, fontsize=10, fontname="helv")
        y += 15
    return y


def make_10k(path: Path, *, company: str = "Acme Widgets, Inc.", ticker: str = "ACME", year: int = 2022,
             revenue: tuple[str, str] = ("12,345", "11,002"), capex: tuple[str, str] = ("1,577", "1,203"),
             risk_topic: str = "supply chain disruptions") -> Path:
    """Write a four-page 10-K-like PDF.

    Page 0: cover (form, fiscal year, registrant name, trading symbol). Page 1: business prose and a risk paragraph
    that continues onto page 2. Page 2: the income statement table. Page 3: the cash flow table with capex.
    """
    doc = pymupdf.open()
    cover = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    write_lines(cover, [
        "UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
        "Washington, D.C. 20549",
        "",
        "FORM 10-K",
        f"ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) For the fiscal year ended December 31, {year}",
        "",
        company,
        "(Exact name of registrant as specified in its charter)",
        "",
        "Title of each class Trading Symbol(s) Name of each exchange on which registered",
    ], 90)
    write_table(cover, [("Common Stock", ticker, "New York Stock Exchange")], 250, (LEFT, 250, 360))

    business = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = write_lines(business, ["ITEM 1. BUSINESS"], 80, size=12)
    y = write_lines(business, [
        f"{company.split(',')[0]} designs and manufactures industrial widgets for customers worldwide.",
        "Our products are sold through distributors and directly to original equipment manufacturers.",
    ], y + 10)
    y = write_lines(business, ["ITEM 1A. RISK FACTORS"], y + 20, size=12)
    risk_lines = [
        f"Our results could be adversely affected by {risk_topic} affecting our key suppliers.",
        "A prolonged interruption could delay shipments and increase our costs of raw materials.",
    ] + [f"Additional discussion of operational risk number {i} that our investors should carefully consider."
         for i in range(1, 40)]
    # Fill to the bottom of the page; the last sentence is cut by the page break and continues overleaf.
    remaining = int((PAGE_HEIGHT - 60 - y) // 14) - 1
    write_lines(business, risk_lines[:remaining] + [CONTINUED_SENTENCE[0]], y + 10)

    income = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = write_lines(income, [CONTINUED_SENTENCE[1]], 60)
    y = write_lines(income, ["CONSOLIDATED STATEMENTS OF OPERATIONS", "(In millions, except per share data)"],
                     y + 30, size=11)
    write_table(income, [
        ("", str(year), str(year - 1)),
        ("Net revenues", revenue[0], revenue[1]),
        ("Cost of revenues", "7,100", "6,500"),
        ("Gross profit", "5,245", "4,502"),
        ("Selling, general and administrative", "2,010", "1,900"),
        ("Operating income", "3,235", "2,602"),
        ("Net income", "2,480", "1,990"),
        ("Diluted earnings per share", "4.12", "3.31"),
    ], y + 10, (LEFT, 380, 470))

    cash = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = write_lines(cash, ["CONSOLIDATED STATEMENTS OF CASH FLOWS", "(In millions)"], 80, size=11)
    write_table(cash, [
        ("", str(year), str(year - 1)),
        ("Net cash provided by operating activities", "3,900", "3,100"),
        ("Purchases of property and equipment", f"({capex[0]})", f"({capex[1]})"),
        ("Net cash used in investing activities", "(2,050)", "(1,700)"),
    ], y + 10, (LEFT, 380, 470))
    doc.save(path)
    doc.close()
    return path


def make_two_company_filings(folder: Path) -> Path:
    """Acme's and Globex's FY2022 10-Ks in ``folder`` (the corpus most tests search)."""
    make_10k(folder / "ACME_2022_10K.pdf", company="Acme Widgets, Inc.", ticker="ACME", year=2022)
    make_10k(folder / "GLOBEX_2022_10K.pdf", company="Globex Corporation", ticker="GBX", year=2022,
             revenue=("48,210", "45,977"), capex=("3,402", "3,111"), risk_topic="interest rate volatility")
    return folder


def make_scanned_pdf(path: Path) -> Path:
    """A PDF with an image and no text layer (like a scan)."""
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    page.draw_rect(pymupdf.Rect(100, 100, 400, 300), color=(0, 0, 0), fill=(0.8, 0.8, 0.8))
    doc.save(path)
    doc.close()
    return path


def make_encrypted_pdf(path: Path) -> Path:
    """A password-protected PDF (user password "secret")."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Confidential board materials " * 5)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    doc.close()
    return path
