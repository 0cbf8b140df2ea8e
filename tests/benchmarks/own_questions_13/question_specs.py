"""The thirteenth held-out question set: FinanceBench's generated-metrics template only, on dev-set companies' 10-Ks
other sets also ask about.

Every question follows FinanceBench's "metrics-generated" wording ("What is the FY20XX <metric> for <Company>?" or
"What is <Company>'s FY20XX <metric>?", an optional definition, a unit or rounding sentence and a sentence pointing at
the statement(s) to use), written without looking at FinLens or at the other sets' wordings. The filings are 10-Ks of
companies in the FinanceBench dev set (``"dev_company": true``) that are not themselves dev-set filings. Page numbers
are 0-based PDF page indexes; ``build_questions.py`` checks every input against its page. Fiscal years follow
FinanceBench: FY20XX is the fiscal year ending in 20XX (retailers' years ending late January and General Mills' and
Nike's years ending in May are named by the calendar year they end in).
"""

from __future__ import annotations

from tests.benchmarks.own_questions.question_specs import (
    DECLINE,
    DR,
    MG,
    MILLIONS,
    MILLIONS_1,
    PERCENT,
    RATIO,
    Input,
    Spec,
)

AMZN, ADBE, BBY, KO = "AMAZON_2022_10K", "ADOBE_2021_10K", "BESTBUY_2022_10K", "COCACOLA_2020_10K"
NKE, KHC, WMT, GIS = "NIKE_2022_10K", "KRAFTHEINZ_2022_10K", "WALMART_2023_10K", "GENERALMILLS_2023_10K"
BILLIONS_2 = "${:,.2f} billion"
DAYS = "{:.2f}"

# Statement pages (0-based) and their value columns, as printed.
AMZN_IS, AMZN_BS = 36, 38  # IS columns: 2020, 2021, 2022; BS columns: Dec 31 2021, Dec 31 2022
ADBE_BS, ADBE_IS, ADBE_CF = 54, 55, 58  # BS: FY2021, FY2020; IS and CF: FY2021, FY2020, FY2019
BBY_BS, BBY_IS, BBY_CF = 39, 40, 42  # BS: Jan 29 2022, Jan 30 2021; IS and CF: FY2022, FY2021, FY2020
KO_IS, KO_BS, KO_CF = 65, 67, 68  # IS and CF: 2020, 2019, 2018; BS: 2020, 2019
NKE_IS, NKE_BS, NKE_CF = 57, 59, 60  # IS and CF: FY2022, FY2021, FY2020; BS: May 31 2022, May 31 2021
KHC_IS, KHC_BS, KHC_CF = 51, 53, 55  # IS and CF: 2022, 2021, 2020; BS: Dec 31 2022, Dec 25 2021
WMT_IS, WMT_BS, WMT_CF = 53, 55, 57  # IS and CF: FY2023, FY2022, FY2021; BS: Jan 31 2023, Jan 31 2022
GIS_IS, GIS_BS, GIS_CF = 41, 43, 45  # IS and CF: FY2023, FY2022, FY2021; BS: May 28 2023, May 29 2022

_AMAZON = [
    Spec("own13_001", AMZN, "Amazon", MG,
         "What is the FY2022 inventory turnover ratio for Amazon? Inventory turnover ratio is defined as: (FY2022 "
         "cost of sales) / (average inventories between FY2021 and FY2022). Round your answer to two decimal places. "
         "Please base your judgments on the information provided primarily in the P&L statement and the balance "
         "sheet.",
         [Input("cogs", "Cost of sales", 2, AMZN_IS, "year ended December 31, 2022", "288,831"),
          Input("inv_22", "Inventories", 1, AMZN_BS, "December 31, 2022", "34,405"),
          Input("inv_21", "Inventories", 0, AMZN_BS, "December 31, 2021", "32,640")],
         "cogs / ((inv_21 + inv_22) / 2)", RATIO,
         reason="Inventory turnover = FY2022 cost of sales / average of FY2021 and FY2022 year-end inventories."),
    Spec("own13_002", AMZN, "Amazon", MG,
         "Using only the information within the income statement, what is Amazon's 2 year total net sales compound "
         "annual growth rate (CAGR) from FY2020 to FY2022? Answer in units of percents and round to one decimal "
         "place.",
         [Input("sales_22", "Total net sales", 2, AMZN_IS, "year ended December 31, 2022", "513,983"),
          Input("sales_20", "Total net sales", 0, AMZN_IS, "year ended December 31, 2020", "386,064")],
         "(sales_22 / sales_20) ** (1 / 2) - 1", PERCENT, percent=True,
         reason="2-year CAGR = (FY2022 total net sales / FY2020 total net sales) ^ (1/2) - 1."),
    Spec("own13_003", AMZN, "Amazon", MG,
         "Address the question by adopting the perspective of a financial analyst who can only use the details "
         "shown within the balance sheet. What is Amazon's FY2022 current ratio? Current ratio is defined as: total "
         "current assets / total current liabilities. Round your answer to two decimal places.",
         [Input("ca", "Total current assets", 1, AMZN_BS, "December 31, 2022", "146,791"),
          Input("cl", "Total current liabilities", 1, AMZN_BS, "December 31, 2022", "155,393")],
         "ca / cl", RATIO,
         reason="Current ratio = FY2022 total current assets / FY2022 total current liabilities."),
]

_ADOBE = [
    Spec("own13_004", ADBE, "Adobe", MG,
         "What is the FY2021 unadjusted EBITDA % margin for Adobe? Calculate unadjusted EBITDA using unadjusted "
         "operating income and D&A (from cash flow statement). Answer in units of percents and round to one "
         "decimal place. Calculate what was asked by utilizing the line items clearly shown in the income "
         "statement and the cash flow statement.",
         [Input("oi", "Operating income", 0, ADBE_IS, "fiscal year ended December 3, 2021", "5,802"),
          Input("da", "Depreciation, amortization and accretion", 0, ADBE_CF, "fiscal year ended December 3, 2021",
                "788"),
          Input("rev", "Total revenue", 0, ADBE_IS, "fiscal year ended December 3, 2021", "15,785")],
         "(oi + da) / rev", PERCENT, percent=True,
         reason="Unadjusted EBITDA % margin = (FY2021 operating income + FY2021 depreciation, amortization and "
                "accretion from the cash flow statement) / FY2021 total revenue."),
    Spec("own13_005", ADBE, "Adobe", MG,
         "You are an investment banker and your only resources to answer the following question are the income "
         "statement and the balance sheet. Here's the question: what is Adobe's FY2021 return on equity (ROE)? ROE "
         "is defined as: FY2021 net income / (average total stockholders' equity between FY2020 and FY2021). "
         "Answer in units of percents and round to one decimal place.",
         [Input("ni", "Net income", 0, ADBE_IS, "fiscal year ended December 3, 2021", "4,822"),
          Input("eq_21", "Total stockholders\u2019 equity", 0, ADBE_BS, "December 3, 2021", "14,797"),
          Input("eq_20", "Total stockholders\u2019 equity", 1, ADBE_BS, "November 27, 2020", "13,264")],
         "ni / ((eq_20 + eq_21) / 2)", PERCENT, percent=True,
         reason="ROE = FY2021 net income / average of FY2020 and FY2021 total stockholders' equity."),
    Spec("own13_006", ADBE, "Adobe", MG,
         "What is the FY2021 days sales outstanding (DSO) for Adobe? DSO is defined as: 365 * (average trade "
         "receivables, net between FY2020 and FY2021) / (FY2021 total revenue). Round your answer to two decimal "
         "places. Respond to the question by assuming the perspective of an investment analyst who can only use "
         "the details shown within the balance sheet and the P&L statement.",
         [Input("ar_21", "Trade receivables, net of allowances for doubtful accounts of $16 and of $21, "
                "respectively", 0, ADBE_BS, "December 3, 2021", "1,878"),
          Input("ar_20", "Trade receivables, net of allowances for doubtful accounts of $16 and of $21, "
                "respectively", 1, ADBE_BS, "November 27, 2020", "1,398"),
          Input("rev", "Total revenue", 0, ADBE_IS, "fiscal year ended December 3, 2021", "15,785")],
         "365 * ((ar_20 + ar_21) / 2) / rev", DAYS,
         reason="DSO = 365 * average of FY2020 and FY2021 net trade receivables / FY2021 total revenue."),
    Spec("own13_007", ADBE, "Adobe", MG,
         "By how many percentage points did Adobe's operating margin change from FY2020 to FY2021? Operating "
         "margin is defined as: operating income / total revenue. Answer in units of percents and round to one "
         "decimal place. Base your judgments on the information provided primarily in the statement of income.",
         [Input("oi_21", "Operating income", 0, ADBE_IS, "fiscal year ended December 3, 2021", "5,802"),
          Input("rev_21", "Total revenue", 0, ADBE_IS, "fiscal year ended December 3, 2021", "15,785"),
          Input("oi_20", "Operating income", 1, ADBE_IS, "fiscal year ended November 27, 2020", "4,237"),
          Input("rev_20", "Total revenue", 1, ADBE_IS, "fiscal year ended November 27, 2020", "12,868")],
         "oi_21 / rev_21 - oi_20 / rev_20", PERCENT, percent=True,
         reason="Change in operating margin = FY2021 operating income / FY2021 total revenue - FY2020 operating "
                "income / FY2020 total revenue, in percentage points."),
]

_BESTBUY = [
    Spec("own13_008", BBY, "Best Buy", MG,
         "What is Best Buy's FY2022 cash conversion cycle (CCC)? CCC is defined as: DIO + DSO - DPO. DIO is defined "
         "as: 365 * (average merchandise inventories between FY2021 and FY2022) / (FY2022 cost of sales). DSO is "
         "defined as: 365 * (average receivables, net between FY2021 and FY2022) / (FY2022 revenue). DPO is defined "
         "as: 365 * (average accounts payable between FY2021 and FY2022) / (FY2022 cost of sales). Round your "
         "answer to two decimal places. Address the question by using the line items and information shown within "
         "the balance sheet and the P&L statement.",
         [Input("inv_22", "Merchandise inventories", 0, BBY_BS, "January 29, 2022", "5,965"),
          Input("inv_21", "Merchandise inventories", 1, BBY_BS, "January 30, 2021", "5,612"),
          Input("ar_22", "Receivables, net", 0, BBY_BS, "January 29, 2022", "1,042"),
          Input("ar_21", "Receivables, net", 1, BBY_BS, "January 30, 2021", "1,061"),
          Input("ap_22", "Accounts payable", 0, BBY_BS, "January 29, 2022", "6,803"),
          Input("ap_21", "Accounts payable", 1, BBY_BS, "January 30, 2021", "6,979"),
          Input("cogs", "Cost of sales", 0, BBY_IS, "fiscal year ended January 29, 2022", "40,121"),
          Input("rev", "Revenue", 0, BBY_IS, "fiscal year ended January 29, 2022", "51,761")],
         "365 * (inv_21 + inv_22) / 2 / cogs + 365 * (ar_21 + ar_22) / 2 / rev - 365 * (ap_21 + ap_22) / 2 / cogs",
         DAYS,
         reason="CCC = DIO + DSO - DPO, each on FY2021/FY2022 year-end averages: DIO = 365 * average merchandise "
                "inventories / FY2022 cost of sales; DSO = 365 * average net receivables / FY2022 revenue; DPO = "
                "365 * average accounts payable / FY2022 cost of sales."),
    Spec("own13_009", BBY, "Best Buy", MG,
         "What is the FY2022 dividend payout ratio (using total cash dividends paid and net income attributable to "
         "shareholders) for Best Buy? Round your answer to two decimal places. Please utilize information "
         "provided primarily within the income statement and the cash flow statement.",
         [Input("div", "Dividends paid", 0, BBY_CF, "fiscal year ended January 29, 2022", "(688)"),
          Input("ni", "Net earnings", 0, BBY_IS, "fiscal year ended January 29, 2022", "2,454")],
         "div / ni", RATIO,
         reason="Dividend payout ratio = FY2022 cash dividends paid / FY2022 net earnings."),
    Spec("own13_010", BBY, "Best Buy", MG,
         "Respond to the question by assuming the perspective of an investment analyst who can only use the "
         "details shown within the P&L statement. What is Best Buy's FY2022 interest coverage ratio? Interest "
         "coverage ratio is defined as: operating income / interest expense. Round your answer to two decimal "
         "places.",
         [Input("oi", "Operating income", 0, BBY_IS, "fiscal year ended January 29, 2022", "3,039"),
          Input("int", "Interest expense", 0, BBY_IS, "fiscal year ended January 29, 2022", "(25)")],
         "oi / int", RATIO,
         reason="Interest coverage = FY2022 operating income / FY2022 interest expense."),
]

_COCACOLA = [
    Spec("own13_011", KO, "Coca-Cola", MG,
         "What is the retention ratio (using total cash dividends paid and net income attributable to shareholders) "
         "for Coca-Cola's FY2020? Round answer to two decimal places. Answer the question asked by assuming you "
         "only have access to information clearly displayed in the cash flow statement and the income statement.",
         [Input("div", "Dividends", 0, KO_CF, "year ended December 31, 2020", "(7,047)"),
          Input("ni", "Net Income Attributable to Shareowners of The Coca-Cola Company", 0, KO_IS,
                "year ended December 31, 2020", "7,747")],
         "1 - div / ni", RATIO,
         reason="Retention ratio = 1 - FY2020 cash dividends paid / FY2020 net income attributable to shareowners "
                "of The Coca-Cola Company."),
    Spec("own13_012", KO, "Coca-Cola", MG,
         "What is Coca-Cola's FY2020 debt to equity ratio? Debt to equity is defined as: (loans and notes payable + "
         "current maturities of long-term debt + long-term debt) / total equity. Round your answer to two decimal "
         "places. Base your judgments on the information provided primarily in the balance sheet.",
         [Input("notes", "Loans and notes payable", 0, KO_BS, "December 31, 2020", "2,183"),
          Input("cur_ltd", "Current maturities of long-term debt", 0, KO_BS, "December 31, 2020", "485"),
          Input("ltd", "Long-term debt", 0, KO_BS, "December 31, 2020", "40,125"),
          Input("eq", "Total Equity", 0, KO_BS, "December 31, 2020", "21,284")],
         "(notes + cur_ltd + ltd) / eq", RATIO,
         reason="Debt to equity = (FY2020 loans and notes payable + current maturities of long-term debt + "
                "long-term debt) / FY2020 total equity."),
    Spec("own13_013", KO, "Coca-Cola", MG,
         "What is the FY2020 operating cash flow ratio for Coca-Cola? Operating cash flow ratio is defined as: cash "
         "from operations / total current liabilities. Round your answer to two decimal places. Calculate what was "
         "asked by utilizing the line items clearly shown in the balance sheet and the cash flow statement.",
         [Input("ocf", "Net Cash Provided by Operating Activities", 0, KO_CF, "year ended December 31, 2020",
                "9,844"),
          Input("cl", "Total Current Liabilities", 0, KO_BS, "December 31, 2020", "14,601")],
         "ocf / cl", RATIO,
         reason="Operating cash flow ratio = FY2020 net cash provided by operating activities / FY2020 total "
                "current liabilities."),
]

_KRAFTHEINZ = [
    Spec("own13_014", KHC, "Kraft Heinz", MG,
         "What is the FY2022 COGS % margin for Kraft Heinz? COGS % margin is defined as: cost of products sold / "
         "net sales. Answer in units of percents and round to one decimal place. Give a response to the question "
         "by relying on the details shown in the statement of income.",
         [Input("cogs", "Cost of products sold", 0, KHC_IS, "year ended December 31, 2022", "18,363"),
          Input("sales", "Net sales", 0, KHC_IS, "year ended December 31, 2022", "26,485")],
         "cogs / sales", PERCENT, percent=True,
         reason="COGS % margin = FY2022 cost of products sold / FY2022 net sales."),
    Spec("own13_015", KHC, "Kraft Heinz", MG,
         "What is Kraft Heinz's FY2022 capital expenditure % of revenue? Answer in units of percents and round to "
         "one decimal place. Please utilize information provided primarily within the statement of cash flows and "
         "the income statement.",
         [Input("capex", "Capital expenditures", 0, KHC_CF, "year ended December 31, 2022", "(916)"),
          Input("sales", "Net sales", 0, KHC_IS, "year ended December 31, 2022", "26,485")],
         "capex / sales", PERCENT, percent=True,
         reason="Capex % of revenue = FY2022 capital expenditures / FY2022 net sales."),
    Spec("own13_016", KHC, "Kraft Heinz", MG,
         "You are an investment banker and your only resources to answer the following question are the balance "
         "sheet and the income statement. Here's the question: what is Kraft Heinz's FY2022 return on assets "
         "(ROA)? ROA is defined as: FY2022 net income attributable to common shareholders / (average total assets "
         "between FY2021 and FY2022). Answer in units of percents and round to one decimal place.",
         [Input("ni", "Net income/(loss) attributable to common shareholders", 0, KHC_IS,
                "year ended December 31, 2022", "2,363"),
          Input("ta_22", "TOTAL ASSETS", 0, KHC_BS, "December 31, 2022", "90,513"),
          Input("ta_21", "TOTAL ASSETS", 1, KHC_BS, "December 25, 2021", "93,394")],
         "ni / ((ta_21 + ta_22) / 2)", PERCENT, percent=True,
         reason="ROA = FY2022 net income attributable to common shareholders / average of FY2021 and FY2022 total "
                "assets."),
]

_WALMART = [
    Spec("own13_017", WMT, "Walmart", MG,
         "What is Walmart's FY2023 quick ratio? Quick ratio is defined as: (cash and cash equivalents + receivables, "
         "net) / total current liabilities. Round your answer to two decimal places. Address the question by "
         "adopting the perspective of a financial analyst who can only use the details shown within the balance "
         "sheet.",
         [Input("cash", "Cash and cash equivalents", 0, WMT_BS, "January 31, 2023", "8,625"),
          Input("ar", "Receivables, net", 0, WMT_BS, "January 31, 2023", "7,933"),
          Input("cl", "Total current liabilities", 0, WMT_BS, "January 31, 2023", "92,198")],
         "(cash + ar) / cl", RATIO,
         reason="Quick ratio = (FY2023 cash and cash equivalents + receivables, net) / FY2023 total current "
                "liabilities."),
    Spec("own13_018", WMT, "Walmart", MG,
         "What is the FY2021 - FY2023 3 year average of capex for Walmart? Answer in USD millions. Respond to the "
         "question by assuming the perspective of an investment analyst who can only use the details shown within "
         "the statement of cash flows.",
         [Input("c23", "Payments for property and equipment", 0, WMT_CF, "fiscal year ended January 31, 2023",
                "(16,857)"),
          Input("c22", "Payments for property and equipment", 1, WMT_CF, "fiscal year ended January 31, 2022",
                "(13,106)"),
          Input("c21", "Payments for property and equipment", 2, WMT_CF, "fiscal year ended January 31, 2021",
                "(10,264)")],
         "(c21 + c22 + c23) / 3", MILLIONS,
         reason="3-year average capex = (FY2021 + FY2022 + FY2023 payments for property and equipment) / 3."),
    Spec("own13_019", WMT, "Walmart", MG,
         "What is Walmart's year-over-year change in total revenues from FY2022 to FY2023 (in units of percents "
         "and round to one decimal place)? Give a solution to the question by using the income statement.",
         [Input("rev_23", "Total revenues", 0, WMT_IS, "fiscal year ended January 31, 2023", "611,289"),
          Input("rev_22", "Total revenues", 1, WMT_IS, "fiscal year ended January 31, 2022", "572,754")],
         "rev_23 / rev_22 - 1", PERCENT, percent=True,
         reason="YoY change in total revenues = FY2023 total revenues / FY2022 total revenues - 1."),
]

_GENERALMILLS = [
    Spec("own13_020", GIS, "General Mills", MG,
         "What is the FY2023 days payable outstanding (DPO) for General Mills? DPO is defined as: 365 * (average "
         "accounts payable between FY2022 and FY2023) / (FY2023 cost of sales). Round your answer to two decimal "
         "places. Please base your judgments on the information provided primarily in the balance sheet and the "
         "P&L statement.",
         [Input("ap_23", "Accounts payable", 0, GIS_BS, "May 28, 2023", "4,194.2"),
          Input("ap_22", "Accounts payable", 1, GIS_BS, "May 29, 2022", "3,982.3"),
          Input("cogs", "Cost of sales", 0, GIS_IS, "fiscal year ended May 28, 2023", "13,548.4")],
         "365 * ((ap_22 + ap_23) / 2) / cogs", DAYS,
         reason="DPO = 365 * average of FY2022 and FY2023 accounts payable / FY2023 cost of sales."),
    Spec("own13_021", GIS, "General Mills", MG,
         "Using the P&L statement, answer the following question to the best of your abilities: what is General "
         "Mills's FY2023 net profit margin? Net profit margin is defined as: net earnings attributable to General "
         "Mills / net sales. Answer in units of percents and round to one decimal place.",
         [Input("ni", "Net earnings attributable to General Mills", 0, GIS_IS, "fiscal year ended May 28, 2023",
                "2,593.9"),
          Input("sales", "Net sales", 0, GIS_IS, "fiscal year ended May 28, 2023", "20,094.2")],
         "ni / sales", PERCENT, percent=True,
         reason="Net profit margin = FY2023 net earnings attributable to General Mills / FY2023 net sales."),
    Spec("own13_022", GIS, "General Mills", MG,
         "What is the FY2023 free cash flow (FCF) for General Mills? FCF here is defined as: (cash from operations "
         "- capex). Answer in USD millions. Answer the question asked by assuming you only have access to "
         "information clearly displayed in the cash flow statement.",
         [Input("ocf", "Net cash provided by operating activities", 0, GIS_CF, "fiscal year ended May 28, 2023",
                "2,778.6"),
          Input("capex", "Purchases of land, buildings, and equipment", 0, GIS_CF,
                "fiscal year ended May 28, 2023", "(689.5)")],
         "ocf - capex", MILLIONS_1,
         reason="FCF = FY2023 net cash provided by operating activities - FY2023 purchases of land, buildings, "
                "and equipment."),
]

_NIKE = [
    Spec("own13_023", NKE, "Nike", MG,
         "What is the change in Nike's gross margin from FY2021 to FY2022 (in units of percents and round to one "
         "decimal place)? Gross margin is defined as: gross profit / revenues. Give a response to the question by "
         "relying on the details shown in the income statement.",
         [Input("gp_22", "Gross profit", 0, NKE_IS, "year ended May 31, 2022", "21,479"),
          Input("rev_22", "Revenues", 0, NKE_IS, "year ended May 31, 2022", "46,710"),
          Input("gp_21", "Gross profit", 1, NKE_IS, "year ended May 31, 2021", "19,962"),
          Input("rev_21", "Revenues", 1, NKE_IS, "year ended May 31, 2021", "44,538")],
         "gp_22 / rev_22 - gp_21 / rev_21", PERCENT, percent=True,
         reason="Change in gross margin = FY2022 gross profit / FY2022 revenues - FY2021 gross profit / FY2021 "
                "revenues, in percentage points."),
    Spec("own13_024", NKE, "Nike", MG,
         "Address the question by adopting the perspective of a financial analyst who can only use the details "
         "shown within the balance sheet. What is Nike's FY2022 working capital? Working capital is defined as: "
         "total current assets - total current liabilities. Answer in USD millions.",
         [Input("ca", "Total current assets", 0, NKE_BS, "May 31, 2022", "28,213"),
          Input("cl", "Total current liabilities", 0, NKE_BS, "May 31, 2022", "10,730")],
         "ca - cl", MILLIONS,
         reason="Working capital = FY2022 total current assets - FY2022 total current liabilities."),
]

_DOMAIN = [
    Spec("own13_025", WMT, "Walmart", DR,
         "What is Walmart's FY2023 net cash provided by operating activities? Answer in USD billions. Base your "
         "judgments on the information provided primarily in the statement of cash flows.",
         [Input("ocf", "Net cash provided by operating activities", 0, WMT_CF, "fiscal year ended January 31, 2023",
                "28,841")],
         "ocf / 1000", BILLIONS_2),
    Spec("own13_026", KO, "Coca-Cola", DR,
         "What is the FY2020 total assets for Coca-Cola? Answer in USD millions. Respond to the question by "
         "assuming the perspective of an investment analyst who can only use the details shown within the balance "
         "sheet.",
         [Input("ta", "Total Assets", 0, KO_BS, "December 31, 2020", "87,296")],
         "ta", MILLIONS),
    Spec("own13_027", KHC, "Kraft Heinz", DR,
         "You are an investment banker and your only resource to answer the following question is the statement "
         "of cash flows. Here's the question: what is Kraft Heinz's FY2022 total cash dividends paid? Answer in "
         "USD millions.",
         [Input("div", "Dividends paid", 0, KHC_CF, "year ended December 31, 2022", "(1,960)")],
         "div", MILLIONS),
]

_DECLINE = [
    Spec("own13_028", ADBE, "Adobe", DECLINE,
         "What is Adobe's FY2021 revenue from Photoshop alone? Answer in USD millions. Base your judgments on the "
         "information provided primarily in the statement of income.",
         reason="Adobe's FY2021 10-K reports revenue by subscription, product and services and by segment; it never "
                "gives Photoshop's own revenue (Photoshop is sold inside Creative Cloud and plans)."),
    Spec("own13_029", KO, "Coca-Cola", DECLINE,
         "What is Coca-Cola's FY2016 capital expenditure? Answer in USD millions. Respond to the question by "
         "assuming the perspective of an investment analyst who can only use the details shown within the "
         "statement of cash flows.",
         reason="Coca-Cola's FY2020 10-K shows cash flows for 2018, 2019 and 2020 only; FY2016 purchases of "
                "property, plant and equipment are not in the filing."),
    Spec("own13_030", KHC, "Kraft Heinz", DECLINE,
         "What is the FY2019 net sales for Kraft Heinz? Answer in USD millions. Give a response to the question by "
         "relying on the details shown in the income statement.",
         reason="Kraft Heinz's FY2022 10-K shows income statements for 2020, 2021 and 2022 only; FY2019 net sales "
                "are not given anywhere in the filing."),
]

SPECS: list[Spec] = [*_AMAZON, *_ADOBE, *_BESTBUY, *_COCACOLA, *_KRAFTHEINZ, *_WALMART, *_GENERALMILLS, *_NIKE,
                     *_DOMAIN, *_DECLINE]
