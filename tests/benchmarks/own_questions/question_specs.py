"""The held-out questions: wording, the figures each needs (typed in from the statement pages) and the formula.

Filings are 10-Ks of companies outside the FinanceBench dev set (``"dev_company": false`` in
``filings-train/documents.jsonl``). Page numbers are 0-based PDF page indexes. Each :class:`Input` is checked against
its page by ``build_questions.py`` before a reference is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Input:
    """One figure read from a statement page.

    Attributes:
        name: the variable name the formula uses.
        label: the row label exactly as printed (start of the row).
        column: the value column of the period (0 = first value column on that row).
        page: 0-based page index in the PDF.
        period: the period or date in words, for the justification.
        value: the figure as printed (parentheses kept); the formula uses its absolute value.
        occurrence: which matching row on the page (0 = first), for labels printed twice.
    """

    name: str
    label: str
    column: int
    page: int
    period: str
    value: str
    occurrence: int = 0

    @property
    def number(self) -> float:
        """The absolute value of the printed figure."""
        return abs(float(self.value.strip("()").replace(",", "")))


@dataclass
class Spec:
    """One question: its inputs, the formula and how the answer is written."""

    qid: str
    doc: str
    company: str
    kind: str  # "metrics-generated", "domain-relevant" or "should-decline"
    question: str
    inputs: list[Input] = field(default_factory=list)
    formula: str = ""  # a Python expression over the input names
    answer_format: str = ""  # e.g. "${:,.0f} million", "{:.1f}%", "{:.2f}"
    percent: bool = False  # the formula gives a fraction shown as a percent
    reason: str = ""  # for should-decline questions: why the statements cannot answer


MG, DR, DECLINE = "metrics-generated", "domain-relevant", "should-decline"
MILLIONS, MILLIONS_1 = "${:,.0f} million", "${:,.1f} million"
PERCENT, RATIO, ONE_DECIMAL = "{:.1f}%", "{:.2f}", "{:.1f}"

EBAY, ORCL, INTC, MCD = "EBAY_2022_10K", "ORACLE_2023_10K", "INTEL_2020_10K", "MCDONALDS_2022_10K"
CRM, AES, AAPL, FDX, PCG = "SALESFORCE_2023_10K", "AES_2021_10K", "APPLE_2022_10K", "FEDEX_2023_10K", "PG_E_2022_10K"

_EBAY_IS, _EBAY_BS, _EBAY_CF = 58, 57, 61
_EBAY_Y = "year ended December 31, 2022"
_ORCL_IS, _ORCL_CF = 66, 69
_INTC_IS, _INTC_BS, _INTC_CF = 75, 77, 78
_MCD_IS, _MCD_BS, _MCD_CF = 35, 37, 38
_CRM_BS, _CRM_IS, _CRM_CF = 59, 60, 63
_AES_BS, _AES_IS, _AES_CF = 128, 130, 133
_AAPL_IS, _AAPL_BS, _AAPL_CF = 31, 33, 35
_FDX_BS2, _FDX_IS, _FDX_CF = 79, 80, 82
_PCG_IS, _PCG_CF = 97, 101

SPECS: list[Spec] = [
    # --- eBay, FY2022 -----------------------------------------------------------------------------------------------
    Spec("own_001", EBAY, "eBay", DR,
         "What were eBay's total net revenues for the year ended December 31, 2022? Answer in USD millions.",
         [Input("revenue", "Net revenues", 0, _EBAY_IS, _EBAY_Y, "9,795")], "revenue", MILLIONS),
    Spec("own_002", EBAY, "eBay", MG,
         "What share of eBay's 2022 net revenues went to purchases of property and equipment? Express it as a "
         "percent rounded to one decimal place.",
         [Input("capex", "Purchases of property and equipment", 0, _EBAY_CF, _EBAY_Y, "(449)"),
          Input("revenue", "Net revenues", 0, _EBAY_IS, _EBAY_Y, "9,795")],
         "capex / revenue", PERCENT, percent=True),
    Spec("own_003", EBAY, "eBay", MG,
         "Define free cash flow as net cash provided by operating activities minus purchases of property and "
         "equipment. Using eBay's cash flow statement, what was its free cash flow for FY2022, in USD millions?",
         [Input("cfo", "Net cash provided by operating activities", 0, _EBAY_CF, _EBAY_Y, "2,254"),
          Input("capex", "Purchases of property and equipment", 0, _EBAY_CF, _EBAY_Y, "(449)")],
         "cfo - capex", MILLIONS),
    Spec("own_004", EBAY, "eBay", MG,
         "Based on the balance sheet, what was eBay's current ratio as of December 31, 2022? Round to two decimal "
         "places.",
         [Input("current_assets", "Total current assets", 0, _EBAY_BS, "December 31, 2022", "9,290"),
          Input("current_liabilities", "Total current liabilities", 0, _EBAY_BS, "December 31, 2022", "4,271")],
         "current_assets / current_liabilities", RATIO),
    Spec("own_005", EBAY, "eBay", DECLINE,
         "What was eBay's adjusted EBITDA for 2022 as defined by management, in USD millions?",
         reason="The EBAY_2022_10K presents no adjusted EBITDA (its only non-GAAP measure is FX-Neutral net "
                "revenues), so management's adjustments are not given and the figure cannot be read or derived "
                "exactly; the right behaviour is to say it is not reported (EBITDA computed from the statements "
                "is not 'as defined by management')."),
    # --- Oracle, FY2023 (year ended May 31, 2023) ---------------------------------------------------------------------
    Spec("own_006", ORCL, "Oracle", DR,
         "How much did Oracle spend on capital expenditures in fiscal year 2023 (ended May 31, 2023)? Give the "
         "figure in USD millions.",
         [Input("capex", "Capital expenditures", 0, _ORCL_CF, "fiscal 2023", "(8,695)")], "capex", MILLIONS),
    Spec("own_007", ORCL, "Oracle", MG,
         "What was Oracle's capex/sales ratio for FY2023, as a percentage with one decimal? Use capital "
         "expenditures from the cash flow statement and total revenues from the income statement.",
         [Input("capex", "Capital expenditures", 0, _ORCL_CF, "fiscal 2023", "(8,695)"),
          Input("revenue", "Total revenues", 0, _ORCL_IS, "fiscal 2023", "49,954")],
         "capex / revenue", PERCENT, percent=True),
    Spec("own_008", ORCL, "Oracle", MG,
         "Compute Oracle's FY2023 EBITDA margin, taking EBITDA as operating income plus depreciation plus "
         "amortization of intangible assets (the latter two as reported in the cash flow statement), divided by "
         "total revenues. Answer as a percent with one decimal.",
         [Input("operating_income", "Operating income", 0, _ORCL_IS, "fiscal 2023", "13,093"),
          Input("depreciation", "Depreciation", 0, _ORCL_CF, "fiscal 2023", "2,526"),
          Input("amortization", "Amortization of intangible assets", 0, _ORCL_CF, "fiscal 2023", "3,582"),
          Input("revenue", "Total revenues", 0, _ORCL_IS, "fiscal 2023", "49,954")],
         "(operating_income + depreciation + amortization) / revenue", PERCENT, percent=True),
    Spec("own_009", ORCL, "Oracle", MG,
         "What is Oracle's two-year compound annual growth rate in total revenues from fiscal 2021 to fiscal 2023? "
         "Give it in percent, rounded to one decimal place.",
         [Input("revenue_2023", "Total revenues", 0, _ORCL_IS, "fiscal 2023", "49,954"),
          Input("revenue_2021", "Total revenues", 2, _ORCL_IS, "fiscal 2021", "40,479")],
         "(revenue_2023 / revenue_2021) ** 0.5 - 1", PERCENT, percent=True),
    Spec("own_010", ORCL, "Oracle", DECLINE,
         "What will Oracle's total revenues be in fiscal 2024, in USD millions?",
         reason="A forecast: the ORACLE_2023_10K reports fiscal 2021-2023 and gives no revenue guidance for fiscal "
                "2024 (it only expects cloud expenses to keep growing); the right behaviour is to decline."),
    # --- Intel, FY2020 (year ended December 26, 2020) -----------------------------------------------------------------
    Spec("own_011", INTC, "Intel", DR,
         "What were Intel's additions to property, plant and equipment in fiscal 2020? Answer in millions of US "
         "dollars.",
         [Input("capex", "Additions to property, plant and equipment", 0, _INTC_CF, "year ended Dec 26, 2020",
                "(14,259)")], "capex", MILLIONS),
    Spec("own_012", INTC, "Intel", MG,
         "What was Intel's gross margin as a percentage of net revenue for 2020? One decimal place.",
         [Input("gross_margin", "Gross margin", 0, _INTC_IS, "year ended Dec 26, 2020", "43,612"),
          Input("revenue", "Net revenue", 0, _INTC_IS, "year ended Dec 26, 2020", "77,867")],
         "gross_margin / revenue", PERCENT, percent=True),
    Spec("own_013", INTC, "Intel", MG,
         "What was Intel's inventory turnover in 2020, using cost of sales over the average of the 2019 and 2020 "
         "year-end inventories? Round to two decimals.",
         [Input("cost_of_sales", "Cost of sales", 0, _INTC_IS, "year ended Dec 26, 2020", "34,255"),
          Input("inventory_2020", "Inventories", 0, _INTC_BS, "Dec 26, 2020", "8,427"),
          Input("inventory_2019", "Inventories", 1, _INTC_BS, "Dec 28, 2019", "8,744")],
         "cost_of_sales / ((inventory_2020 + inventory_2019) / 2)", RATIO),
    Spec("own_014", INTC, "Intel", MG,
         "What proportion of its 2020 net income did Intel pay out as dividends to stockholders (cash dividends "
         "paid, per the cash flow statement)? Express it as a percentage with one decimal.",
         [Input("dividends", "Payment of dividends to stockholders", 0, _INTC_CF, "year ended Dec 26, 2020",
                "(5,568)"),
          Input("net_income", "Net income", 0, _INTC_IS, "year ended Dec 26, 2020", "20,899")],
         "dividends / net_income", PERCENT, percent=True),
    # --- McDonald's, FY2022 -------------------------------------------------------------------------------------------
    Spec("own_015", MCD, "McDonalds", DR,
         "What were McDonald's total revenues in 2022, in USD billions rounded to one decimal place?",
         [Input("revenue", "Total revenues", 0, _MCD_IS, "year ended December 31, 2022", "23,182.6")],
         "revenue / 1000", ONE_DECIMAL),
    Spec("own_016", MCD, "McDonalds", MG,
         "What was McDonald's operating margin for fiscal 2022?",
         [Input("operating_income", "Operating income", 0, _MCD_IS, "year ended December 31, 2022", "9,371.0"),
          Input("revenue", "Total revenues", 0, _MCD_IS, "year ended December 31, 2022", "23,182.6")],
         "operating_income / revenue", PERCENT, percent=True),
    Spec("own_017", MCD, "McDonalds", MG,
         "Calculate McDonald's effective tax rate for 2022 (provision for income taxes over income before "
         "provision for income taxes), as a percent rounded to one decimal.",
         [Input("tax", "Provision for income taxes", 0, _MCD_IS, "year ended December 31, 2022", "1,648.0"),
          Input("pretax", "Income before provision for income taxes", 0, _MCD_IS, "year ended December 31, 2022",
                "7,825.4")],
         "tax / pretax", PERCENT, percent=True),
    Spec("own_018", MCD, "McDonalds", MG,
         "What was McDonald's working capital at year-end 2022, i.e. total current assets less total current "
         "liabilities, in USD millions?",
         [Input("current_assets", "Total current assets", 0, _MCD_BS, "December 31, 2022", "5,424.2"),
          Input("current_liabilities", "Total current liabilities", 0, _MCD_BS, "December 31, 2022", "3,802.1")],
         "current_assets - current_liabilities", MILLIONS_1),
    Spec("own_019", MCD, "McDonalds", MG,
         "What was McDonald's dividend payout ratio in 2022, measured as common stock dividends paid (cash flow "
         "statement) divided by net income? Percent, one decimal.",
         [Input("dividends", "Common stock dividends", 0, _MCD_CF, "year ended December 31, 2022", "(4,168.2)"),
          Input("net_income", "Net income", 0, _MCD_IS, "year ended December 31, 2022", "6,177.4")],
         "dividends / net_income", PERCENT, percent=True),
    # --- Salesforce, FY2023 (year ended January 31, 2023) -------------------------------------------------------------
    Spec("own_020", CRM, "Salesforce", DR,
         "What were Salesforce's total revenues for fiscal 2023 (the year ended January 31, 2023), in USD millions?",
         [Input("revenue", "Total revenues", 0, _CRM_IS, "fiscal 2023", "31,352")], "revenue", MILLIONS),
    Spec("own_021", CRM, "Salesforce", MG,
         "What was Salesforce's days sales outstanding for fiscal 2023? Use year-end net accounts receivable "
         "divided by total revenues, times 365 days, rounded to one decimal place.",
         [Input("receivables", "Accounts receivable, net", 0, _CRM_BS, "January 31, 2023", "10,755"),
          Input("revenue", "Total revenues", 0, _CRM_IS, "fiscal 2023", "31,352")],
         "receivables / revenue * 365", ONE_DECIMAL),
    Spec("own_022", CRM, "Salesforce", MG,
         "What was Salesforce's net profit margin in FY2023? Give a percentage to one decimal place.",
         [Input("net_income", "Net income", 0, _CRM_IS, "fiscal 2023", "208"),
          Input("revenue", "Total revenues", 0, _CRM_IS, "fiscal 2023", "31,352")],
         "net_income / revenue", PERCENT, percent=True),
    Spec("own_023", CRM, "Salesforce", MG,
         "What is Salesforce's FY2023 operating cash flow less capex, in USD millions?",
         [Input("cfo", "Net cash provided by operating activities", 0, _CRM_CF, "fiscal 2023", "7,111"),
          Input("capex", "Capital expenditures", 0, _CRM_CF, "fiscal 2023", "(798)")],
         "cfo - capex", MILLIONS),
    Spec("own_024", CRM, "Salesforce", DECLINE,
         "What was Salesforce's non-GAAP operating margin for fiscal 2023?",
         reason="The SALESFORCE_2023_10K presents no non-GAAP measures; which items management excludes for its "
                "non-GAAP operating margin is defined in its earnings releases, not in this filing, so the figure "
                "cannot be given exactly from it (the GAAP operating margin is a different measure)."),
    # --- AES, FY2021 --------------------------------------------------------------------------------------------------
    Spec("own_025", AES, "AES Corporation", DR,
         "What was The AES Corporation's total revenue in 2021, in millions of dollars?",
         [Input("revenue", "Total revenue", 0, _AES_IS, "year ended December 31, 2021", "11,141")],
         "revenue", MILLIONS),
    Spec("own_026", AES, "AES Corporation", MG,
         "What was AES's capex as a percentage of revenue in 2021? Round to one decimal place.",
         [Input("capex", "Capital expenditures", 0, _AES_CF, "year ended December 31, 2021", "(2,116)"),
          Input("revenue", "Total revenue", 0, _AES_IS, "year ended December 31, 2021", "11,141")],
         "capex / revenue", PERCENT, percent=True),
    Spec("own_027", AES, "AES Corporation", MG,
         "What were AES's average total assets between the 2020 and 2021 year ends, in USD millions?",
         [Input("assets_2021", "TOTAL ASSETS", 0, _AES_BS, "December 31, 2021", "32,963"),
          Input("assets_2020", "TOTAL ASSETS", 1, _AES_BS, "December 31, 2020", "34,603")],
         "(assets_2021 + assets_2020) / 2", MILLIONS),
    # --- Apple, FY2022 (year ended September 24, 2022) ----------------------------------------------------------------
    Spec("own_028", AAPL, "Apple", DR,
         "What were Apple's total net sales for fiscal year 2022, in USD millions?",
         [Input("revenue", "Total net sales", 0, _AAPL_IS, "year ended September 24, 2022", "394,328")],
         "revenue", MILLIONS),
    Spec("own_029", AAPL, "Apple", MG,
         "By how much did Apple's total net sales grow year over year in FY2022? Answer as a percent with one "
         "decimal.",
         [Input("revenue_2022", "Total net sales", 0, _AAPL_IS, "year ended September 24, 2022", "394,328"),
          Input("revenue_2021", "Total net sales", 1, _AAPL_IS, "year ended September 25, 2021", "365,817")],
         "revenue_2022 / revenue_2021 - 1", PERCENT, percent=True),
    Spec("own_030", AAPL, "Apple", MG,
         "What was Apple's quick ratio at the end of fiscal 2022? Use (cash and cash equivalents + current "
         "marketable securities + accounts receivable, net) divided by total current liabilities, two decimals.",
         [Input("cash", "Cash and cash equivalents", 0, _AAPL_BS, "September 24, 2022", "23,646"),
          Input("securities", "Marketable securities", 0, _AAPL_BS, "September 24, 2022 (current assets)",
                "24,658"),
          Input("receivables", "Accounts receivable, net", 0, _AAPL_BS, "September 24, 2022", "28,184"),
          Input("current_liabilities", "Total current liabilities", 0, _AAPL_BS, "September 24, 2022", "153,982")],
         "(cash + securities + receivables) / current_liabilities", RATIO),
    Spec("own_031", AAPL, "Apple", MG,
         "How many dollars of net sales did Apple generate per dollar of net property, plant and equipment in "
         "FY2022, using the two-year average of net PP&E (FY2021 and FY2022 year ends)? Round to two decimal "
         "places.",
         [Input("revenue", "Total net sales", 0, _AAPL_IS, "year ended September 24, 2022", "394,328"),
          Input("ppe_2022", "Property, plant and equipment, net", 0, _AAPL_BS, "September 24, 2022", "42,117"),
          Input("ppe_2021", "Property, plant and equipment, net", 1, _AAPL_BS, "September 25, 2021", "39,440")],
         "revenue / ((ppe_2022 + ppe_2021) / 2)", RATIO),
    Spec("own_032", AAPL, "Apple", DECLINE,
         "How many iPhone units did Apple sell in fiscal 2022?",
         reason="The APPLE_2022_10K reports iPhone net sales in dollars, not units sold (Apple stopped reporting "
                "unit sales); the right behaviour is to say the filing does not give it."),
    # --- FedEx, FY2023 (year ended May 31, 2023) ----------------------------------------------------------------------
    Spec("own_033", FDX, "FedEx", DR,
         "What was FedEx's revenue for fiscal year 2023 (ended May 31, 2023), in USD millions?",
         [Input("revenue", "REVENUE", 0, _FDX_IS, "year ended May 31, 2023", "90,155")], "revenue", MILLIONS),
    Spec("own_034", FDX, "FedEx", MG,
         "What was FedEx's FY2023 EBITDA in USD billions, rounded to one decimal, computed as operating income plus "
         "depreciation and amortization from the cash flow statement?",
         [Input("operating_income", "OPERATING INCOME", 0, _FDX_IS, "year ended May 31, 2023", "4,912"),
          Input("da", "Depreciation and amortization", 0, _FDX_CF, "year ended May 31, 2023", "4,176")],
         "(operating_income + da) / 1000", ONE_DECIMAL),
    Spec("own_035", FDX, "FedEx", MG,
         "What was FedEx's interest coverage ratio in fiscal 2023 (operating income divided by interest expense)? "
         "Two decimals.",
         [Input("operating_income", "OPERATING INCOME", 0, _FDX_IS, "year ended May 31, 2023", "4,912"),
          Input("interest", "Interest expense", 0, _FDX_IS, "year ended May 31, 2023", "(694)")],
         "operating_income / interest", RATIO),
    Spec("own_036", FDX, "FedEx", MG,
         "What was FedEx's ratio of total debt to equity at May 31, 2023? Count as debt the current portion of "
         "long-term debt plus long-term debt (lease liabilities excluded), and as equity the total common "
         "stockholders' investment; two decimals.",
         [Input("current_debt", "Current portion of long-term debt", 0, _FDX_BS2, "May 31, 2023", "126"),
          Input("long_term_debt", "LONG-TERM DEBT, LESS CURRENT PORTION", 0, _FDX_BS2, "May 31, 2023", "20,453"),
          Input("equity", "Total common stockholders\u2019 investment", 0, _FDX_BS2, "May 31, 2023", "26,088")],
         "(current_debt + long_term_debt) / equity", RATIO),
    Spec("own_037", FDX, "FedEx", MG,
         "What was FedEx's 2-year revenue CAGR from FY2021 to FY2023, in percent rounded to one decimal?",
         [Input("revenue_2023", "REVENUE", 0, _FDX_IS, "year ended May 31, 2023", "90,155"),
          Input("revenue_2021", "REVENUE", 2, _FDX_IS, "year ended May 31, 2021", "83,959")],
         "(revenue_2023 / revenue_2021) ** 0.5 - 1", PERCENT, percent=True),
    # --- PG&E Corporation, FY2022 -------------------------------------------------------------------------------------
    Spec("own_038", PCG, "PG&E Corporation", DR,
         "How much did PG&E Corporation report as capital expenditures for 2022, in USD millions?",
         [Input("capex", "Capital expenditures", 0, _PCG_CF, "year ended December 31, 2022", "(9,584)")],
         "capex", MILLIONS),
    Spec("own_039", PCG, "PG&E Corporation", MG,
         "What percentage of PG&E Corporation's 2022 total operating revenues was spent on capital expenditures? "
         "One decimal.",
         [Input("capex", "Capital expenditures", 0, _PCG_CF, "year ended December 31, 2022", "(9,584)"),
          Input("revenue", "Total operating revenues", 0, _PCG_IS, "year ended December 31, 2022", "21,680")],
         "capex / revenue", PERCENT, percent=True),
    Spec("own_040", PCG, "PG&E Corporation", MG,
         "How much did PG&E Corporation's total operating revenues grow from FY2021 to FY2022? Percent, one "
         "decimal place.",
         [Input("revenue_2022", "Total operating revenues", 0, _PCG_IS, "year ended December 31, 2022", "21,680"),
          Input("revenue_2021", "Total operating revenues", 1, _PCG_IS, "year ended December 31, 2021", "20,642")],
         "revenue_2022 / revenue_2021 - 1", PERCENT, percent=True),
]
