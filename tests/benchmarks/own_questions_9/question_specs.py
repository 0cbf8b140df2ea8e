"""The ninth held-out question set: annual 10-K filings of FinanceBench dev-set companies, none a dev-set filing.

Written blind (without reading FinLens's code, its phrasing tables or the other sets' questions) from the consolidated
income statements, balance sheets and cash flow statements only. Filings are ``"dev_company": true`` in
``filings-train/documents.jsonl`` and none is in ``financebench-dev``. Page numbers are 0-based PDF page indexes;
each :class:`Input` is checked against its page by ``build_questions.py`` before a reference is written. Fiscal years
follow FinanceBench's naming: FY2021 is the fiscal year that ends in 2021 (Best Buy's year to 30 January 2021 is
FY2021; Johnson & Johnson's 53-week year to 3 January 2021 is FY2020).
"""

from __future__ import annotations

from tests.benchmarks.own_questions.question_specs import (
    DECLINE,
    DR,
    MG,
    MILLIONS,
    PERCENT,
    RATIO,
    Input,
    Spec,
)

ATVI, AMZN, BBY, KO = "ACTIVISIONBLIZZARD_2021_10K", "AMAZON_2021_10K", "BESTBUY_2021_10K", "COCACOLA_2019_10K"
NKE, PFE, JNJ, GIS = "NIKE_2020_10K", "PFIZER_2020_10K", "JOHNSON_JOHNSON_2020_10K", "GENERALMILLS_2021_10K"
POINTS, BILLIONS_1 = "{:.1f} percentage points", "${:,.1f} billion"

# Statement pages (0-based) and the period words each column stands for.
_ATVI_BS, _ATVI_IS, _ATVI_CF = 69, 70, 72  # columns: 2021, 2020 (, 2019)
_AMZN_CF, _AMZN_IS, _AMZN_BS = 35, 36, 38  # columns oldest first: 2019, 2020, 2021; balance sheet 2020, 2021
_BBY_BS, _BBY_IS, _BBY_CF = 40, 41, 43  # columns: FY2021 (to Jan 30, 2021), FY2020 (to Feb 1, 2020), FY2019
_KO_IS, _KO_BS, _KO_CF = 67, 69, 70  # columns: 2019, 2018 (, 2017)
_NKE_IS, _NKE_BS, _NKE_CF = 57, 59, 60  # columns: year ended May 31, 2020, 2019 (, 2018)
_PFE_IS, _PFE_BS, _PFE_CF = 60, 62, 64  # columns: 2020, 2019 (, 2018)
_JNJ_BS, _JNJ_IS, _JNJ_CF = 44, 45, 48  # columns: 2020 (to Jan 3, 2021), 2019 (, 2018)
_GIS_IS, _GIS_BS, _GIS_CF = 45, 47, 49  # columns: FY2021 (to May 30, 2021), FY2020 (, FY2019)

_ATVI_21, _ATVI_20 = "year ended December 31, 2021", "year ended December 31, 2020"
_ATVI_END21 = "December 31, 2021"
_AMZN_19, _AMZN_20, _AMZN_21 = ("year ended December 31, 2019", "year ended December 31, 2020",
                                "year ended December 31, 2021")
_AMZN_END20, _AMZN_END21 = "December 31, 2020", "December 31, 2021"
_BBY_21 = "fiscal year ended January 30, 2021"
_BBY_END21, _BBY_END20 = "January 30, 2021", "February 1, 2020"
_KO_19, _KO_18, _KO_17 = ("year ended December 31, 2019", "year ended December 31, 2018",
                          "year ended December 31, 2017")
_KO_END19, _KO_END18 = "December 31, 2019", "December 31, 2018"
_NKE_20, _NKE_19 = "year ended May 31, 2020", "year ended May 31, 2019"
_PFE_20 = "year ended December 31, 2020"
_PFE_END20, _PFE_END19 = "December 31, 2020", "December 31, 2019"
_JNJ_20, _JNJ_19, _JNJ_18 = "fiscal year 2020 (ended January 3, 2021)", "fiscal year 2019", "fiscal year 2018"
_JNJ_END20 = "January 3, 2021"
_GIS_21, _GIS_19 = "fiscal year ended May 30, 2021", "fiscal year 2019"
_GIS_END21, _GIS_END20 = "May 30, 2021", "May 31, 2020"

SPECS: list[Spec] = [
    # --- Activision Blizzard, FY2021 -------------------------------------------------------------------------------
    Spec("own9_001", ATVI, "Activision Blizzard", MG,
         "What is the FY2021 operating margin for Activision Blizzard? Operating margin is defined as: operating "
         "income divided by total net revenues. Answer in units of percents and round to one decimal place. Base "
         "your answer on the consolidated statement of operations.",
         [Input("op_income", "Operating income", 0, _ATVI_IS, _ATVI_21, "3,259"),
          Input("revenue", "Total net revenues", 0, _ATVI_IS, _ATVI_21, "8,803")],
         "op_income / revenue", PERCENT, percent=True,
         reason="Definition used (as the question states): operating margin = operating income / total net "
                "revenues."),
    Spec("own9_002", ATVI, "Activision Blizzard", MG,
         "Using the cash flow statement, what is Activision Blizzard's FY2021 free cash flow? Free cash flow is "
         "defined as: cash from operations minus capital expenditures. Answer in USD millions.",
         [Input("cfo", "Net cash provided by operating activities", 0, _ATVI_CF, _ATVI_21, "2,414"),
          Input("capex", "Capital expenditures", 0, _ATVI_CF, _ATVI_21, "(80)")],
         "cfo - capex", MILLIONS,
         reason="Definition used (as the question states): free cash flow = net cash provided by operating "
                "activities - capital expenditures."),
    Spec("own9_003", ATVI, "Activision Blizzard", MG,
         "Did Activision Blizzard's effective tax rate go up or down from 2020 to 2021, and by how many percentage "
         "points? Give the change to one decimal place, negative if it fell.",
         [Input("tax21", "Income tax expense", 0, _ATVI_IS, _ATVI_21, "465"),
          Input("pretax21", "Income before income tax expense", 0, _ATVI_IS, _ATVI_21, "3,164"),
          Input("tax20", "Income tax expense", 1, _ATVI_IS, _ATVI_20, "419"),
          Input("pretax20", "Income before income tax expense", 1, _ATVI_IS, _ATVI_20, "2,616")],
         "tax21 / pretax21 - tax20 / pretax20", POINTS, percent=True,
         reason="Definition used (standard, none given): effective tax rate = income tax expense / income before "
                "income tax expense; the change is FY2021's rate minus FY2020's, in percentage points."),
    Spec("own9_004", ATVI, "Activision Blizzard", MG,
         "How many times over could Activision Blizzard's cash and cash equivalents at the end of 2021 have paid off "
         "all of its current liabilities?",
         [Input("cash", "Cash and cash equivalents", 0, _ATVI_BS, _ATVI_END21, "10,423"),
          Input("cl", "Total current liabilities", 0, _ATVI_BS, _ATVI_END21, "2,411")],
         "cash / cl", RATIO,
         reason="Definition used (standard cash ratio): cash and cash equivalents / total current liabilities, both "
                "at December 31, 2021."),
    Spec("own9_005", ATVI, "Activision Blizzard", DR,
         "How much did Activision Blizzard spend on product development in 2021?",
         [Input("rd", "Product development", 0, _ATVI_IS, _ATVI_21, "1,337")], "rd", MILLIONS),
    # --- Amazon, FY2021 ----------------------------------------------------------------------------------------------
    Spec("own9_006", AMZN, "Amazon", MG,
         "What is Amazon's FY2021 inventory turnover ratio? Inventory turnover ratio is defined as: cost of sales "
         "divided by the average of inventories at the end of FY2020 and FY2021. Round your answer to two decimal "
         "places. Please utilize information from the income statement and the balance sheet.",
         [Input("cogs", "Cost of sales", 2, _AMZN_IS, _AMZN_21, "272,344"),
          Input("inv21", "Inventories", 1, _AMZN_BS, _AMZN_END21, "32,640"),
          Input("inv20", "Inventories", 0, _AMZN_BS, _AMZN_END20, "23,795")],
         "cogs / ((inv21 + inv20) / 2)", RATIO,
         reason="Definition used (as the question states): inventory turnover = cost of sales / average of the "
                "FY2020 and FY2021 year-end inventories."),
    Spec("own9_007", AMZN, "Amazon", MG,
         "Relying on the statement of cash flows and the statement of operations, what is the FY2019 - FY2021 "
         "3 year average of capital expenditures as a % of revenue for Amazon? Capital expenditures are the "
         "purchases of property and equipment, revenue is total net sales. Answer in units of percents and round "
         "to one decimal place.",
         [Input("capex19", "Purchases of property and equipment", 0, _AMZN_CF, _AMZN_19, "(16,861)"),
          Input("capex20", "Purchases of property and equipment", 1, _AMZN_CF, _AMZN_20, "(40,140)"),
          Input("capex21", "Purchases of property and equipment", 2, _AMZN_CF, _AMZN_21, "(61,053)"),
          Input("rev19", "Total net sales", 0, _AMZN_IS, _AMZN_19, "280,522"),
          Input("rev20", "Total net sales", 1, _AMZN_IS, _AMZN_20, "386,064"),
          Input("rev21", "Total net sales", 2, _AMZN_IS, _AMZN_21, "469,822")],
         "(capex19 / rev19 + capex20 / rev20 + capex21 / rev21) / 3", PERCENT, percent=True,
         reason="Definition used (as the question states): each year's purchases of property and equipment (gross, "
                "before proceeds from sales and incentives) / total net sales; the three yearly ratios averaged."),
    Spec("own9_008", AMZN, "Amazon", MG,
         "At what compound annual rate did Amazon's total net sales grow over the two years from 2019 to 2021? "
         "Percent, one decimal.",
         [Input("rev21", "Total net sales", 2, _AMZN_IS, _AMZN_21, "469,822"),
          Input("rev19", "Total net sales", 0, _AMZN_IS, _AMZN_19, "280,522")],
         "(rev21 / rev19) ** (1 / 2) - 1", PERCENT, percent=True,
         reason="Definition used (standard CAGR): (FY2021 total net sales / FY2019 total net sales) ^ (1/2) - 1."),
    Spec("own9_009", AMZN, "Amazon", DR,
         "How much long-term debt did Amazon carry on its balance sheet at the end of 2021, in USD billions?",
         [Input("ltd", "Long-term debt", 1, _AMZN_BS, _AMZN_END21, "48,744")], "ltd / 1000", BILLIONS_1),
    Spec("own9_010", AMZN, "Amazon", DECLINE,
         "What were Amazon's FY2021 net sales generated in Brazil?",
         reason="The filing never gives a figure for Brazil (the word does not appear in its text); the statements "
                "report consolidated net sales, and the segment note only gives net sales for the United States, "
                "Germany, the United Kingdom, Japan and the rest of the world (PDF page index 65)."),
    # --- Best Buy, FY2021 (ended January 30, 2021) ------------------------------------------------------------------
    Spec("own9_011", BBY, "Best Buy", MG,
         "What is Best Buy's FY2021 days inventory outstanding (DIO)? DIO is defined as: 365 times the average of "
         "merchandise inventories at the end of FY2020 and FY2021, divided by cost of sales. Round your answer to "
         "two decimal places. Look at the balance sheet and the statement of earnings.",
         [Input("inv21", "Merchandise inventories", 0, _BBY_BS, _BBY_END21, "5,612"),
          Input("inv20", "Merchandise inventories", 1, _BBY_BS, _BBY_END20, "5,174"),
          Input("cogs", "Cost of sales", 0, _BBY_IS, _BBY_21, "36,689")],
         "365 * ((inv21 + inv20) / 2) / cogs", RATIO,
         reason="Definition used (as the question states): DIO = 365 x average of the FY2020 and FY2021 year-end "
                "merchandise inventories / FY2021 cost of sales."),
    Spec("own9_012", BBY, "Best Buy", MG,
         "What is the FY2021 dividend payout ratio for Best Buy? Dividend payout ratio is defined as: dividends "
         "paid divided by net earnings. Answer in units of percents and round to one decimal place. Take the "
         "figures from the cash flow statement.",
         [Input("div", "Dividends paid", 0, _BBY_CF, _BBY_21, "(568)"),
          Input("ni", "Net earnings", 0, _BBY_CF, _BBY_21, "1,798")],
         "div / ni", PERCENT, percent=True,
         reason="Definition used (as the question states): dividend payout ratio = dividends paid / net earnings."),
    Spec("own9_013", BBY, "Best Buy", MG,
         "Credit check on Best Buy at the January 30, 2021 year-end: what was its quick ratio, counting only cash "
         "and cash equivalents plus receivables as quick assets?",
         [Input("cash", "Cash and cash equivalents", 0, _BBY_BS, _BBY_END21, "5,494"),
          Input("rec", "Receivables, net", 0, _BBY_BS, _BBY_END21, "1,061"),
          Input("cl", "Total current liabilities", 0, _BBY_BS, _BBY_END21, "10,521")],
         "(cash + rec) / cl", RATIO,
         reason="Definition used (as the question states): quick ratio = (cash and cash equivalents + receivables, "
                "net) / total current liabilities, at January 30, 2021."),
    Spec("own9_014", BBY, "Best Buy", DR,
         "What was Best Buy's total cash provided by operating activities in fiscal 2021?",
         [Input("cfo", "Total cash provided by operating activities", 0, _BBY_CF, _BBY_21, "4,927")],
         "cfo", MILLIONS),
    # --- Coca-Cola, FY2019 -----------------------------------------------------------------------------------------
    Spec("own9_015", KO, "Coca-Cola", MG,
         "What is Coca-Cola's FY2019 return on assets (ROA)? ROA is defined as: net income attributable to "
         "shareowners of The Coca-Cola Company divided by the average of total assets at the end of FY2018 and "
         "FY2019. Answer in units of percents and round to one decimal place. Use the income statement and the "
         "balance sheet.",
         [Input("ni", "Net Income Attributable to Shareowners of The Coca-Cola Company", 0, _KO_IS, _KO_19,
                "8,920"),
          Input("ta19", "Total Assets", 0, _KO_BS, _KO_END19, "86,381"),
          Input("ta18", "Total Assets", 1, _KO_BS, _KO_END18, "83,216")],
         "ni / ((ta19 + ta18) / 2)", PERCENT, percent=True,
         reason="Definition used (as the question states): ROA = net income attributable to shareowners / average "
                "of the FY2018 and FY2019 year-end total assets."),
    Spec("own9_016", KO, "Coca-Cola", MG,
         "What is the FY2019 interest coverage ratio for Coca-Cola? Interest coverage ratio is defined as: operating "
         "income divided by interest expense. Round your answer to two decimal places. Refer to the income "
         "statement.",
         [Input("op", "Operating Income", 0, _KO_IS, _KO_19, "10,086"),
          Input("interest", "Interest expense", 0, _KO_IS, _KO_19, "946")],
         "op / interest", RATIO,
         reason="Definition used (as the question states): interest coverage = operating income / interest "
                "expense."),
    Spec("own9_017", KO, "Coca-Cola", MG,
         "What is the FY2017 - FY2019 3 year average unadjusted EBITDA % margin for Coca-Cola? Define unadjusted "
         "EBITDA as unadjusted operating income + depreciation and amortization [from cash flow statement]. Answer "
         "in units of percents and round to one decimal place. Calculate what was asked by utilizing the line items "
         "clearly shown in the P&L statement and the cash flow statement.",
         [Input("op19", "Operating Income", 0, _KO_IS, _KO_19, "10,086"),
          Input("op18", "Operating Income", 1, _KO_IS, _KO_18, "9,152"),
          Input("op17", "Operating Income", 2, _KO_IS, _KO_17, "7,755"),
          Input("da19", "Depreciation and amortization", 0, _KO_CF, _KO_19, "1,365"),
          Input("da18", "Depreciation and amortization", 1, _KO_CF, _KO_18, "1,086"),
          Input("da17", "Depreciation and amortization", 2, _KO_CF, _KO_17, "1,260"),
          Input("rev19", "Net Operating Revenues", 0, _KO_IS, _KO_19, "37,266"),
          Input("rev18", "Net Operating Revenues", 1, _KO_IS, _KO_18, "34,300"),
          Input("rev17", "Net Operating Revenues", 2, _KO_IS, _KO_17, "36,212")],
         "((op19 + da19) / rev19 + (op18 + da18) / rev18 + (op17 + da17) / rev17) / 3", PERCENT, percent=True,
         reason="Definition used (as the question states): each year's EBITDA margin = (operating income + "
                "depreciation and amortization from the cash flow statement) / net operating revenues; the three "
                "yearly margins averaged."),
    Spec("own9_018", KO, "Coca-Cola", MG,
         "Coca-Cola's leverage at year-end 2019: put loans and notes payable, current maturities of long-term debt "
         "and long-term debt together and divide by total equity. What multiple do you get?",
         [Input("notes", "Loans and notes payable", 0, _KO_BS, _KO_END19, "10,994"),
          Input("cur", "Current maturities of long-term debt", 0, _KO_BS, _KO_END19, "4,253"),
          Input("ltd", "Long-term debt", 0, _KO_BS, _KO_END19, "27,516"),
          Input("equity", "Total Equity", 0, _KO_BS, _KO_END19, "21,098")],
         "(notes + cur + ltd) / equity", RATIO,
         reason="Definition used (as the question states): debt-to-equity = (loans and notes payable + current "
                "maturities of long-term debt + long-term debt) / total equity, at December 31, 2019."),
    Spec("own9_019", KO, "Coca-Cola", DECLINE,
         "What were Coca-Cola's FY2019 net operating revenues from the Sprite brand?",
         reason="Sprite is only named in lists of the company's brands and in a unit case volume growth rate "
                "(Trademark Sprite, 5 percent); the filing reports revenues by operating segment and by concentrate "
                "versus finished-product operations, never by brand."),
    # --- NIKE, FY2020 (ended May 31, 2020) ---------------------------------------------------------------------------
    Spec("own9_020", NKE, "NIKE", MG,
         "What is NIKE's FY2020 cash conversion ratio? Cash conversion ratio is defined as: cash from operations "
         "divided by net income. Round your answer to two decimal places. Answer the question based on the cash "
         "flow statement and the income statement.",
         [Input("cfo", "Cash provided (used) by operations", 0, _NKE_CF, _NKE_20, "2,485"),
          Input("ni", "NET INCOME", 0, _NKE_IS, _NKE_20, "2,539")],
         "cfo / ni", RATIO,
         reason="Definition used (as the question states): cash conversion = cash provided by operations / net "
                "income."),
    Spec("own9_021", NKE, "NIKE", MG,
         "What is the FY2020 net income margin for NIKE? Answer in units of percents and round to one decimal "
         "place. Only the income statement is needed.",
         [Input("ni", "NET INCOME", 0, _NKE_IS, _NKE_20, "2,539"),
          Input("rev", "Revenues", 0, _NKE_IS, _NKE_20, "37,403")],
         "ni / rev", PERCENT, percent=True,
         reason="Definition used (standard, none given): net income margin = net income / revenues."),
    Spec("own9_022", NKE, "NIKE", MG,
         "Nike's top line in fiscal 2020 versus fiscal 2019: what was the percentage change in revenues? One "
         "decimal, negative for a decline.",
         [Input("rev20", "Revenues", 0, _NKE_IS, _NKE_20, "37,403"),
          Input("rev19", "Revenues", 1, _NKE_IS, _NKE_19, "39,117")],
         "rev20 / rev19 - 1", PERCENT, percent=True,
         reason="Definition used (standard growth rate): FY2020 revenues / FY2019 revenues - 1."),
    Spec("own9_023", NKE, "NIKE", MG,
         "In fiscal 2020, what did Nike hand back to shareholders through share repurchases and dividends, as a "
         "percentage of the cash its operations generated?",
         [Input("buyback", "Repurchase of common stock", 0, _NKE_CF, _NKE_20, "(3,067)"),
          Input("div", "Dividends — common and preferred", 0, _NKE_CF, _NKE_20, "(1,452)"),
          Input("cfo", "Cash provided (used) by operations", 0, _NKE_CF, _NKE_20, "2,485")],
         "(buyback + div) / cfo", PERCENT, percent=True,
         reason="Definition used (as the question states): (repurchase of common stock + dividends paid) / cash "
                "provided by operations, all from the FY2020 cash flow statement."),
    Spec("own9_024", NKE, "NIKE", DECLINE,
         "How many pairs of footwear did NIKE sell in fiscal 2020?",
         reason="Unit volumes are a non-financial figure the filing does not report: 'pairs' appears only for "
                "currency pairs, and the statements give revenues in dollars, not units sold."),
    # --- Pfizer, FY2020 ----------------------------------------------------------------------------------------------
    Spec("own9_025", PFE, "Pfizer", MG,
         "What is Pfizer's FY2020 R&D intensity? R&D intensity is defined as: research and development expenses "
         "divided by revenues. Answer in units of percents and round to one decimal place. Use the consolidated "
         "statement of income.",
         [Input("rd", "Research and development expenses (a)", 0, _PFE_IS, _PFE_20, "9,405"),
          Input("rev", "Revenues", 0, _PFE_IS, _PFE_20, "41,908")],
         "rd / rev", PERCENT, percent=True,
         reason="Definition used (as the question states): R&D intensity = research and development expenses / "
                "revenues."),
    Spec("own9_026", PFE, "Pfizer", MG,
         "Based on the balance sheet, what is the FY2020 current ratio for Pfizer? Current ratio is defined as: "
         "total current assets divided by total current liabilities. Round your answer to two decimal places.",
         [Input("ca", "Total current assets", 0, _PFE_BS, _PFE_END20, "35,067"),
          Input("cl", "Total current liabilities", 0, _PFE_BS, _PFE_END20, "25,920")],
         "ca / cl", RATIO,
         reason="Definition used (as the question states): current ratio = total current assets / total current "
                "liabilities, at December 31, 2020."),
    Spec("own9_027", PFE, "Pfizer", MG,
         "What return did Pfizer earn on its average shareholders' equity in 2020? Use net income attributable to "
         "Pfizer common shareholders and the mean of the two year-end balances of total Pfizer Inc. shareholders' "
         "equity; percent to one decimal.",
         [Input("ni", "Net income attributable to Pfizer Inc. common shareholders", 0, _PFE_IS, _PFE_20, "9,616"),
          Input("eq20", "Total Pfizer Inc. shareholders’ equity", 0, _PFE_BS, _PFE_END20, "63,238"),
          Input("eq19", "Total Pfizer Inc. shareholders’ equity", 1, _PFE_BS, _PFE_END19, "63,143")],
         "ni / ((eq20 + eq19) / 2)", PERCENT, percent=True,
         reason="Definition used (as the question states): ROE = net income attributable to Pfizer common "
                "shareholders / average of the 2019 and 2020 year-end total Pfizer Inc. shareholders' equity."),
    Spec("own9_028", PFE, "Pfizer", DR,
         "What was Pfizer's long-term debt at December 31, 2020?",
         [Input("ltd", "Long-term debt", 0, _PFE_BS, _PFE_END20, "37,133")], "ltd", MILLIONS),
    # --- Johnson & Johnson, FY2020 (ended January 3, 2021) -----------------------------------------------------------
    Spec("own9_029", JNJ, "Johnson & Johnson", MG,
         "What is Johnson & Johnson's FY2020 SG&A to sales ratio? SG&A to sales ratio is defined as: selling, "
         "marketing and administrative expenses divided by sales to customers. Answer in units of percents and "
         "round to one decimal place. Answer based on the statement of earnings.",
         [Input("sga", "Selling, marketing and administrative expenses", 0, _JNJ_IS, _JNJ_20, "22,084"),
          Input("sales", "Sales to customers", 0, _JNJ_IS, _JNJ_20, "82,584")],
         "sga / sales", PERCENT, percent=True,
         reason="Definition used (as the question states): SG&A ratio = selling, marketing and administrative "
                "expenses / sales to customers."),
    Spec("own9_030", JNJ, "Johnson & Johnson", MG,
         "What is Johnson & Johnson's FY2020 working capital? Working capital is defined as: total current assets "
         "minus total current liabilities. Answer in USD millions. Use the balance sheet.",
         [Input("ca", "Total current assets", 0, _JNJ_BS, _JNJ_END20, "51,237"),
          Input("cl", "Total current liabilities", 0, _JNJ_BS, _JNJ_END20, "42,493")],
         "ca - cl", MILLIONS,
         reason="Definition used (as the question states): working capital = total current assets - total current "
                "liabilities, at January 3, 2021."),
    Spec("own9_031", JNJ, "Johnson & Johnson", MG,
         "Answer from the cash flow statement: what is the FY2018 - FY2020 3 year average of net cash flows from "
         "operating activities for Johnson & Johnson? Answer in USD millions.",
         [Input("cfo20", "Net cash flows from operating activities", 0, _JNJ_CF, _JNJ_20, "23,536"),
          Input("cfo19", "Net cash flows from operating activities", 1, _JNJ_CF, _JNJ_19, "23,416"),
          Input("cfo18", "Net cash flows from operating activities", 2, _JNJ_CF, _JNJ_18, "22,201")],
         "(cfo20 + cfo19 + cfo18) / 3", MILLIONS,
         reason="Definition used (standard simple average): (FY2018 + FY2019 + FY2020 net cash flows from "
                "operating activities) / 3."),
    Spec("own9_032", JNJ, "Johnson & Johnson", DECLINE,
         "How much revenue did BAND-AID Brand Adhesive Bandages bring Johnson & Johnson in FY2020?",
         reason="BAND-AID is only named as a brand of the Wound Care/Other franchise, whose sales are given as a "
                "whole ($0.7 billion in 2020); the filing gives no sales figure for the BAND-AID brand itself."),
    # --- General Mills, FY2021 (ended May 30, 2021) ------------------------------------------------------------------
    Spec("own9_033", GIS, "General Mills", MG,
         "What is General Mills's FY2021 fixed asset turnover ratio? Fixed asset turnover ratio is defined as: net "
         "sales divided by the average of land, buildings, and equipment at the end of FY2020 and FY2021. Round "
         "your answer to two decimal places. Use the statement of earnings and the balance sheet.",
         [Input("sales", "Net sales", 0, _GIS_IS, _GIS_21, "18,127.0"),
          Input("ppe21", "Land, buildings, and equipment", 0, _GIS_BS, _GIS_END21, "3,606.8"),
          Input("ppe20", "Land, buildings, and equipment", 1, _GIS_BS, _GIS_END20, "3,580.6")],
         "sales / ((ppe21 + ppe20) / 2)", RATIO,
         reason="Definition used (as the question states): fixed asset turnover = net sales / average of the FY2020 "
                "and FY2021 year-end land, buildings, and equipment (net)."),
    Spec("own9_034", GIS, "General Mills", MG,
         "Using the balance sheet and the P&L, what is General Mills's FY2021 days payable outstanding (DPO)? DPO is "
         "defined as: 365 times the average of accounts payable at the end of FY2020 and FY2021, divided by cost of "
         "sales. Round your answer to two decimal places.",
         [Input("ap21", "Accounts payable", 0, _GIS_BS, _GIS_END21, "3,653.5"),
          Input("ap20", "Accounts payable", 1, _GIS_BS, _GIS_END20, "3,247.7"),
          Input("cogs", "Cost of sales", 0, _GIS_IS, _GIS_21, "11,678.7")],
         "365 * ((ap21 + ap20) / 2) / cogs", RATIO,
         reason="Definition used (as the question states): DPO = 365 x average of the FY2020 and FY2021 year-end "
                "accounts payable / FY2021 cost of sales."),
    Spec("own9_035", GIS, "General Mills", MG,
         "How many times did General Mills' operating profit cover its net interest in fiscal 2021?",
         [Input("op", "Operating profit", 0, _GIS_IS, _GIS_21, "3,144.8"),
          Input("interest", "Interest, net", 0, _GIS_IS, _GIS_21, "420.3")],
         "op / interest", RATIO,
         reason="Definition used (standard interest coverage, as the question words it): operating profit / "
                "interest, net."),
    Spec("own9_036", GIS, "General Mills", MG,
         "Between fiscal 2019 and fiscal 2021, by what percentage did net earnings attributable to General Mills "
         "increase in total? Round to one decimal.",
         [Input("ni21", "Net earnings attributable to General Mills", 0, _GIS_IS, _GIS_21, "2,339.8"),
          Input("ni19", "Net earnings attributable to General Mills", 2, _GIS_IS, _GIS_19, "1,752.7")],
         "ni21 / ni19 - 1", PERCENT, percent=True,
         reason="Definition used (standard cumulative growth over two years): FY2021 / FY2019 net earnings "
                "attributable to General Mills - 1."),
]
