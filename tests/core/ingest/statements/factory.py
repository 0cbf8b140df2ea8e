"""Generated filings with real statement tables, laid out as filings lay them out (PyMuPDF, right-aligned figures).

:func:`make_annual_report`: a 52/53-week retailer's 10-K — cover, income statement (three fiscal years ended late
January, "in millions, except per share amounts", "$" columns, a loss in parentheses, a dash), a balance sheet with
two as-of dates, a cash flow statement. :func:`make_quarterly_report`: a 10-Q whose income statement spans "Three
Months Ended" and "Nine Months Ended" over four columns. The figures are in :data:`FIGURES` so tests can check
every value and formula against them.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from tests.pdf_factory import PAGE_HEIGHT, PAGE_WIDTH

LEFT = 60
COLUMNS = (380, 470, 560)  # right edges of the figure columns

# label -> (indent, values newest first); None values leave the cell blank; "" labels are skipped.
INCOME = [
    ("Revenue", 0, ("$ 46,298", "$ 51,761", "$ 47,262")),
    ("Cost of sales", 0, ("36,386", "40,121", "36,689")),
    ("Gross profit", 0, ("9,912", "11,640", "10,573")),
    ("Selling, general and administrative expenses", 0, ("7,970", "7,935", "7,928")),
    ("Restructuring charges", 0, ("147", "(34)", "254")),
    ("Operating income", 0, ("1,795", "3,039", "2,391")),
    ("Other income (expense):", 0, None),
    ("Investment income and other", 1, ("28", "10", "38")),
    ("Interest expense", 1, ("(35)", "(25)", "(52)")),
    ("Earnings before income tax expense", 0, ("1,788", "3,024", "2,377")),
    ("Income tax expense", 0, ("370", "574", "579")),
    ("Gain on sale of investments", 0, ("-", "-", "6")),
    ("Net earnings", 0, ("$ 1,419", "$ 2,454", "$ 1,798")),
    ("Diluted earnings per share", 0, ("$ 6.29", "$ 9.84", "$ 6.84")),
]
BALANCE = [
    ("Assets", 0, None),
    ("Current assets:", 0, None),
    ("Cash and cash equivalents", 1, ("$ 1,874", "$ 2,936")),
    ("Receivables, net", 1, ("1,141", "1,042")),
    ("Merchandise inventories", 1, ("5,140", "5,965")),
    ("Other current assets", 1, ("816", "801")),
    ("Total current assets", 1, ("8,971", "10,744")),
    ("Property and equipment, net", 0, ("2,352", "2,250")),
    ("Total assets", 0, ("$ 15,803", "$ 17,504")),
    ("Liabilities and equity", 0, None),
    ("Current liabilities:", 0, None),
    ("Accounts payable", 1, ("$ 5,687", "$ 6,803")),
    ("Current portion of long-term debt", 1, ("16", "13")),
    ("Accrued liabilities", 1, ("2,359", "2,872")),
    ("Total current liabilities", 1, ("8,062", "9,688")),
    ("Long-term debt", 0, ("1,160", "1,216")),
    ("Total equity", 0, ("2,795", "3,020")),
    ("Total liabilities and equity", 0, ("$ 15,803", "$ 17,504")),
]
CASH_FLOW = [
    ("Operating activities", 0, None),
    ("Net earnings", 1, ("$ 1,419", "$ 2,454", "$ 1,798")),
    ("Depreciation and amortization", 1, ("918", "869", "839")),
    ("Total cash provided by operating activities", 0, ("1,824", "3,252", "4,927")),
    ("Investing activities", 0, None),
    ("Additions to property and equipment", 1, ("(930)", "(737)", "(713)")),
    ("Total cash used in investing activities", 0, ("(1,372)", "(1,100)", "(1,400)")),
    ("Financing activities", 0, None),
    ("Dividends paid", 1, ("(789)", "(688)", "(568)")),
]
QUARTER = [
    ("Net sales", 0, ("$ 81,797", "$ 82,959", "$ 293,787", "$ 304,182")),
    ("Cost of sales", 0, ("45,384", "47,074", "165,826", "172,122")),
    ("Gross margin", 0, ("36,413", "35,885", "127,961", "132,060")),
    ("Operating income", 0, ("22,998", "23,076", "88,760", "93,064")),
    ("Net income", 0, ("$ 19,881", "$ 19,442", "$ 74,039", "$ 79,082")),
]
YEARS = (2023, 2022, 2021)  # fiscal years ended January 28, 2023, January 29, 2022 and January 30, 2021
FIGURES = {
    "revenue": (46298, 51761, 47262), "cost_of_revenue": (36386, 40121, 36689), "gross_profit": (9912, 11640, 10573),
    "operating_income": (1795, 3039, 2391), "interest_expense": (35, 25, 52), "pretax_income": (1788, 3024, 2377),
    "income_taxes": (370, 574, 579), "net_income": (1419, 2454, 1798), "d_and_a": (918, 869, 839),
    "operating_cash_flow": (1824, 3252, 4927), "capex": (-930, -737, -713), "dividends_paid": (-789, -688, -568),
    "cash": (1874, 2936), "receivables": (1141, 1042), "inventory": (5140, 5965), "current_assets": (8971, 10744),
    "ppe": (2352, 2250), "total_assets": (15803, 17504), "accounts_payable": (5687, 6803),
    "current_liabilities": (8062, 9688), "long_term_debt": (1160, 1216), "current_debt": (16, 13),
    "equity": (2795, 3020),
}


def _right(page: pymupdf.Page, text: str, right: float, y: float, size: float = 9) -> None:
    """Write ``text`` ending at ``right``; a leading "$ " is written as its own word at the column's left."""
    if text.startswith("$ "):
        page.insert_text((right - 62, y), "$", fontsize=size, fontname="helv")
        text = text[2:]
    width = pymupdf.get_text_length(text, fontname="helv", fontsize=size)
    page.insert_text((right - width, y), text, fontsize=size, fontname="helv")


def _text(page: pymupdf.Page, text: str, x: float, y: float, size: float = 9) -> None:
    page.insert_text((x, y), text, fontsize=size, fontname="helv")


def _centred(page: pymupdf.Page, text: str, centre: float, y: float, size: float = 9) -> None:
    width = pymupdf.get_text_length(text, fontname="helv", fontsize=size)
    page.insert_text((centre - width / 2, y), text, fontsize=size, fontname="helv")


def _rows(page: pymupdf.Page, rows: list, y: float, columns: tuple[float, ...]) -> float:
    for label, indent, values in rows:
        _text(page, label, LEFT + 10 * indent, y)
        for value, right in zip(values or (), columns, strict=False):
            _right(page, value, right, y)
        y += 13
    return y


def _title(page: pymupdf.Page, title: str, scale: str) -> float:
    _text(page, "Table of Contents", LEFT, 40)
    _centred(page, "ACME STORES, INC.", PAGE_WIDTH / 2, 70, 11)
    _centred(page, title, PAGE_WIDTH / 2, 86, 11)
    _centred(page, scale, PAGE_WIDTH / 2, 100)
    return 130


def make_annual_report(path: Path) -> Path:
    """A 10-K of a 52/53-week retailer: cover, income statement, balance sheet, cash flow statement (pages 0-3)."""
    doc = pymupdf.open()
    cover = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    for i, line in enumerate(["FORM 10-K", "For the fiscal year ended January 28, 2023", "Acme Stores, Inc.",
                              "Acme Stores sells consumer electronics in 1,000 stores across the country."]):
        _text(cover, line, LEFT, 100 + 20 * i, 11)
    _primary_pages(doc)
    doc.save(path)
    doc.close()
    return path


def _primary_pages(doc: pymupdf.Document) -> None:
    """The income statement, balance sheet and cash flow statement, a page each."""
    income = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = _title(income, "Consolidated Statements of Earnings", "($ in millions, except per share amounts)")
    _text(income, "Fiscal Years Ended", LEFT, y)
    for (month_day, year), right in zip([("January 28,", "2023"), ("January 29,", "2022"), ("January 30,", "2021")],
                                        COLUMNS, strict=True):
        _right(income, month_day, right, y)
        _right(income, year, right, y + 12)
    _rows(income, INCOME, y + 32, COLUMNS)

    balance = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = _title(balance, "Consolidated Balance Sheets", "($ in millions)")
    for text, right in zip(["January 28, 2023", "January 29, 2022"], COLUMNS[1:], strict=True):
        _right(balance, text, right, y)
    _rows(balance, BALANCE, y + 20, COLUMNS[1:])

    cash = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = _title(cash, "Consolidated Statements of Cash Flows", "($ in millions)")
    _text(cash, "Fiscal Years Ended", LEFT, y)
    for text, right in zip(["January 28, 2023", "January 29, 2022", "January 30, 2021"], COLUMNS, strict=True):
        _right(cash, text, right, y + 12)
    _rows(cash, CASH_FLOW, y + 32, COLUMNS)
    _text(cash, "See Notes to Consolidated Financial Statements.", LEFT, 600)


def make_quarterly_report(path: Path, *, footnote: bool = False) -> Path:
    """A 10-Q income statement: "Three Months Ended" and "Nine Months Ended" each over two columns (page 0).

    ``footnote`` adds, under the statement, a footnote's table of stock-based compensation by line whose header
    repeats the dates alone (no "Three Months Ended"), as filers print it.
    """
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = _title(page, "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS (Unaudited)",
               "(In millions, except number of shares)")
    columns = (290, 380, 470, 560)
    dates = ["July 1, 2023", "June 25, 2022", "July 1, 2023", "June 25, 2022"]
    _centred(page, "Three Months Ended", (columns[0] + columns[1]) / 2 - 15, y)
    _centred(page, "Nine Months Ended", (columns[2] + columns[3]) / 2 - 15, y)
    for text, right in zip(dates, columns, strict=True):
        _right(page, text, right, y + 12)
    y = _rows(page, QUARTER, y + 32, columns)
    if footnote:
        _text(page, "(1) Amounts include stock-based compensation expense, as follows:", LEFT, y + 20)
        for text, right in zip(dates, columns, strict=True):
            _right(page, text, right, y + 40)
        _rows(page, [("Cost of sales", 0, ("250", "272", "785", "624")),
                     ("Research and development", 0, ("287", "276", "863", "646")),
                     ("Selling, general and administrative", 0, ("330", "316", "947", "817"))], y + 58, columns)
    doc.save(path)
    doc.close()
    return path


def make_retailer_income(path: Path) -> Path:
    """A retailer's income statement printing "Net sales", other income and "Total revenues" apart (page 0)."""
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = _title(page, "Consolidated Statements of Income", "(In millions)")
    for text, right in zip(["2023", "2022"], COLUMNS[1:], strict=True):
        _right(page, text, right, y)
    _rows(page, [("Net sales", 0, ("$ 600", "$ 560")), ("Membership and other income", 0, ("10", "9")),
                 ("Total revenues", 0, ("610", "569")), ("Cost of sales", 0, ("450", "420")),
                 ("Operating income", 0, ("25", "22")), ("Net income", 0, ("$ 15", "$ 13"))], y + 20, COLUMNS[1:])
    doc.save(path)
    doc.close()
    return path


def make_continued_balance_sheet(path: Path, *, continued_title: str = "Consolidated Balance Sheets (continued)",
                                 note_after: bool = False) -> Path:
    """A balance sheet over two pages: assets with the dates (page 0), liabilities "(continued)" without (page 1).

    ``continued_title=""`` prints the second page without any title; ``note_after`` adds a page of a note's figures
    (page 2), which is not the statement continued.
    """
    doc = pymupdf.open()
    first = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = _title(first, "Consolidated Balance Sheets", "(In thousands)")
    for text, right in zip(["December 31, 2022", "December 31, 2021"], COLUMNS[1:], strict=True):
        _right(first, text, right, y)
    _rows(first, BALANCE[:9], y + 20, COLUMNS[1:])
    second = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = _title(second, continued_title, "(In thousands)") if continued_title else 60
    _rows(second, BALANCE[9:], y, COLUMNS[1:])
    if note_after:
        note = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        _text(note, "Notes to Consolidated Financial Statements", LEFT, 60, 11)
        _rows(note, KEY_DATA + KEY_DATA, 90, COLUMNS[1:])
    doc.save(path)
    doc.close()
    return path


# Extraction slips seen on real filings, each on a generated table: a one-digit negative in the last value column,
# footnote marks attached to labels and after the figures, note references inside labels, a ratio printed "1.4:1".
SLIPS = [
    ("Revenue (1)", 0, ("$ 5,120", "$ 4,870")),
    ("Cost of revenue", 0, ("3,010", "2,950")),
    ("Accounts receivable, net (Note 4)", 0, ("812", "790")),
    ("Other assets (Notes 5 and 6)", 0, ("64", "71")),
    ("Foreign currency effects", 0, ("12", "(9)")),
    ("Other, net", 0, ("(1)", "(1)")),
    ("Restructuring", 0, ("(3)", "5")),
    ("Loss on disposal", 0, ("", "(9)")),
    ("Current ratio", 0, ("1.4:1", "1.2:1")),
    ("Net income", 0, ("$ 1,005", "$ 960")),
]


def make_slips_table(path: Path) -> Path:
    """One titled two-year table holding the slips above, a footnote mark "(2)" after one row's last figure."""
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    y = _title(page, "Consolidated Statements of Operations", "(In millions)")
    _text(page, "Year Ended December 31,", LEFT + 260, y)
    for text, right in zip(["2023", "2022"], COLUMNS[1:], strict=True):
        _right(page, text, right, y + 12)
    end = _rows(page, SLIPS, y + 32, COLUMNS[1:])
    _text(page, "(2)", COLUMNS[2] + 6, y + 32 + 13 * 4)  # beside "Foreign currency effects": a footnote mark
    _text(page, "(1) Revenue includes sales to related parties.", LEFT, end + 20, 8)
    doc.save(path)
    doc.close()
    return path


# Statement-like tables outside the statements, as a 10-K prints them: the MD&A's summaries and a note's table.
KEY_DATA = [("Cash and cash equivalents", 0, ("$ 1,874", "$ 2,936")), ("Total assets", 0, ("15,803", "17,504")),
            ("Total debt", 0, ("1,176", "1,229")), ("Total equity", 0, ("2,795", "3,020"))]
DERIVATIVES = [("Foreign exchange contracts", 0, ("Other current assets", "12", "9")),
               ("Interest rate swaps", 0, ("Other assets", "31", "44")),
               ("Total assets", 0, ("", "43", "53")),
               ("Foreign exchange contracts", 0, ("Accrued liabilities", "(7)", "(5)")),
               ("Total liabilities", 0, ("", "(7)", "(5)"))]


def _statement_page(doc: pymupdf.Document, heading: str, title: str, rows: list, dates: tuple[str, ...],
                    columns: tuple[float, ...]) -> None:
    page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    _text(page, heading, LEFT, 40, 10)
    _centred(page, title, PAGE_WIDTH / 2, 70, 11)
    _centred(page, "($ in millions)", PAGE_WIDTH / 2, 84)
    for text, right in zip(dates, columns[-len(dates):], strict=True):
        _right(page, text, right, 110)
    _rows(page, rows, 130, columns)


def make_filing_with_notes(path: Path) -> Path:
    """A 10-K with statement-like tables beside its statements (pages 0-9).

    0 cover, 1 contents (the Items with their pages), 2 MD&A: "Key Balance Sheet Data", 3 MD&A: a cash flow table
    titled as the statement, 4 "Item 8." with the index, 5-7 the income statement, balance sheet and cash flow
    statement, 8 a note's "Fair Value of Derivatives by Balance Sheet Location", 9 the parent company's balance sheet
    (Schedule I).
    """
    doc = pymupdf.open()
    cover = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    _text(cover, "FORM 10-K", LEFT, 100, 11)
    _text(cover, "Acme Stores, Inc.", LEFT, 120, 11)
    contents = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    for i, item in enumerate(["Item 1. Business 3", "Item 6. [Reserved] 19", "Item 7. Management's Discussion and "
                              "Analysis of Financial Condition and Results of Operations 20",
                              "Item 7A. Quantitative and Qualitative Disclosures About Market Risk 29",
                              "Item 8. Financial Statements and Supplementary Data 30", "Item 9A. Controls and "
                              "Procedures 70"]):
        _text(contents, item, LEFT, 100 + 16 * i)
    dates = ("January 28, 2023", "January 29, 2022")
    _statement_page(doc, "Item 7. Management's Discussion and Analysis of Financial Condition and Results of "
                    "Operations", "Key Balance Sheet Data", KEY_DATA, dates, COLUMNS[1:])
    _statement_page(doc, "Liquidity and Capital Resources", "Consolidated Statements of Cash Flows", CASH_FLOW,
                    ("January 28, 2023", "January 29, 2022", "January 30, 2021"), COLUMNS)
    index = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    _text(index, "Item 8. Financial Statements and Supplementary Data", LEFT, 60, 11)
    for i, line in enumerate(["Report of Independent Registered Public Accounting Firm", "Consolidated Statements "
                              "of Earnings", "Consolidated Balance Sheets", "Consolidated Statements of Cash Flows",
                              "Notes to Consolidated Financial Statements"]):
        _text(index, line, LEFT, 100 + 16 * i)
    _primary_pages(doc)
    _statement_page(doc, "Notes to Consolidated Financial Statements", "Fair Value of Derivatives by Balance Sheet "
                    "Location", DERIVATIVES, ("Balance Sheet Location", "2023", "2022"), (300,) + COLUMNS[1:])
    _statement_page(doc, "Schedule I - Condensed Financial Information of Registrant (Parent Company Only)",
                    "Balance Sheets", BALANCE, dates, COLUMNS[1:])
    doc.save(path)
    doc.close()
    return path
