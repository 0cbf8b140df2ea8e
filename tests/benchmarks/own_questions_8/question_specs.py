"""The eighth held-out question set: FinanceBench-style metric questions on 10-Ks FinLens was never tuned on.

Nine annual filings of companies that also appear in the FinanceBench dev set (``"dev_company": true`` in
``filings-train/documents.jsonl``) but none of the dev set's own filings, and none used by an earlier set. Metric
questions follow FinanceBench's generated-metrics template (metric named, an optional definition, a unit or rounding
sentence, a sentence pointing at the statements); each ``reason`` states the definition the reference uses. Inputs
come from the consolidated income statement, balance sheet and cash flow statement only, typed in from the page with
the printed label, value column and 0-based page index; ``build_questions.py`` checks each against its page.
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

ATVI, ADBE, GLW = "ACTIVISIONBLIZZARD_2022_10K", "ADOBE_2020_10K", "CORNING_2019_10K"
GIS, JNJ, KHC = "GENERALMILLS_2023_10K", "JOHNSON_JOHNSON_2021_10K", "KRAFTHEINZ_2021_10K"
PFE, WMT, MSFT = "PFIZER_2022_10K", "WALMART_2022_10K", "MICROSOFT_2021_10K"
PERCENT_2, DAYS = "{:.2f}%", "{:.1f} days"

# Statement pages (0-based): income statement, balance sheet, cash flow statement.
ATVI_IS, ATVI_BS, ATVI_CF = 67, 66, 69
ADBE_IS, ADBE_BS, ADBE_CF = 62, 61, 65
GLW_IS, GLW_BS, GLW_CF = 69, 71, 72
GIS_IS, GIS_BS, GIS_CF = 41, 43, 45
JNJ_IS, JNJ_BS, JNJ_CF = 47, 46, 50
KHC_IS, KHC_BS, KHC_CF = 53, 55, 57
PFE_IS, PFE_BS, PFE_CF = 53, 55, 57
WMT_IS, WMT_BS, WMT_CF = 52, 54, 56
MSFT_IS, MSFT_BS, MSFT_CF = 56, 58, 59

ATVI_22, ATVI_21, ATVI_20 = "year ended Dec 31, 2022", "year ended Dec 31, 2021", "year ended Dec 31, 2020"
ADBE_20, ADBE_18 = "year ended Nov 27, 2020", "year ended Nov 30, 2018"
GLW_19, GLW_18 = "year ended Dec 31, 2019", "year ended Dec 31, 2018"
GIS_23 = "fiscal year ended May 28, 2023"
JNJ_21 = "fiscal year ended Jan 2, 2022"
KHC_21 = "year ended Dec 25, 2021"
PFE_22 = "year ended Dec 31, 2022"
WMT_22 = "fiscal year ended Jan 31, 2022"
MSFT_21, MSFT_20, MSFT_19 = "year ended Jun 30, 2021", "year ended Jun 30, 2020", "year ended Jun 30, 2019"

SPECS: list[Spec] = [
    # --- Activision Blizzard, FY2022 (year ended December 31, 2022) ---
    Spec("own8_001", ATVI, "Activision Blizzard", MG,
         "What is the FY2022 unadjusted EBITDA % margin for Activision Blizzard? Calculate unadjusted EBITDA using "
         "unadjusted operating income and D&A (from cash flow statement). Answer in units of percents and round to "
         "one decimal place. Base your judgments on the information provided primarily in the income statement and "
         "the cash flow statement.",
         [Input("op", "Operating income", 0, ATVI_IS, ATVI_22, "1,670"),
          Input("da", "Depreciation and amortization", 0, ATVI_CF, ATVI_22, "106"),
          Input("rev", "Total net revenues", 0, ATVI_IS, ATVI_22, "7,528")],
         "(op + da) / rev", PERCENT, True,
         "Unadjusted EBITDA % margin = (operating income + depreciation and amortization as shown in the cash flow "
         "statement) / total net revenues. The separate amortization of capitalized software development costs is "
         "not part of the printed D&A line and is left out."),
    Spec("own8_002", ATVI, "Activision Blizzard", MG,
         "What is Activision Blizzard's FY2020 - FY2022 3 year average of capex as a % of revenue? Answer in units "
         "of percents and round to two decimal places. Give a response to the question by relying on the details "
         "shown in the statement of cash flows and the P&L statement.",
         [Input("c22", "Capital expenditures", 0, ATVI_CF, ATVI_22, "(91)"),
          Input("c21", "Capital expenditures", 1, ATVI_CF, ATVI_21, "(80)"),
          Input("c20", "Capital expenditures", 2, ATVI_CF, ATVI_20, "(78)"),
          Input("r22", "Total net revenues", 0, ATVI_IS, ATVI_22, "7,528"),
          Input("r21", "Total net revenues", 1, ATVI_IS, ATVI_21, "8,803"),
          Input("r20", "Total net revenues", 2, ATVI_IS, ATVI_20, "8,086")],
         "(c22 / r22 + c21 / r21 + c20 / r20) / 3", PERCENT_2, True,
         "3-year average capex % of revenue = mean over FY2020, FY2021 and FY2022 of (capital expenditures as shown "
         "in the cash flow statement / total net revenues)."),
    Spec("own8_003", ATVI, "Activision Blizzard", MG,
         "Address the question by adopting the perspective of a financial analyst who can only use the details "
         "shown within the balance sheet. What is Activision Blizzard's FY2022 cash ratio? Cash ratio is defined "
         "as: cash and cash equivalents / total current liabilities. Round your answer to two decimal places.",
         [Input("cash", "Cash and cash equivalents", 0, ATVI_BS, "Dec 31, 2022", "7,060"),
          Input("cl", "Total current liabilities", 0, ATVI_BS, "Dec 31, 2022", "3,555")],
         "cash / cl", RATIO, False,
         "Cash ratio = cash and cash equivalents / total current liabilities, at the FY2022 year end (held-to-"
         "maturity investments excluded, as the question's definition names cash and cash equivalents only)."),
    Spec("own8_004", ATVI, "Activision Blizzard", DECLINE,
         "How much net revenue did Call of Duty: Modern Warfare II alone generate for Activision Blizzard in FY2022 "
         "(in USD millions)?",
         reason="The 10-K names Call of Duty: Modern Warfare II only as a driver of revenue changes (together with "
                "other titles, e.g. a combined $871 million increase with Diablo Immortal and Candy Crush); no "
                "title's own net revenues are disclosed anywhere in the filing (full text searched for the title and "
                "for 'Call of Duty' near 'revenue')."),
    # --- Adobe, FY2020 (year ended November 27, 2020) ---
    Spec("own8_005", ADBE, "Adobe", MG,
         "What is Adobe's FY2020 R&D expense as a % of total revenue? Answer in units of percents and round to one "
         "decimal place. Give a response to the question by relying on the details shown in the income statement.",
         [Input("rd", "Research and development", 0, ADBE_IS, ADBE_20, "2,188"),
          Input("rev", "Total revenue", 0, ADBE_IS, ADBE_20, "12,868")],
         "rd / rev", PERCENT, True,
         "R&D % of revenue = research and development expense / total revenue."),
    Spec("own8_006", ADBE, "Adobe", MG,
         "You are an investment banker and your only resource(s) to answer the following question is the statement "
         "of income. Here's the question: what is Adobe's 2 year total revenue CAGR from FY2018 to FY2020 (in % "
         "units, rounded to one decimal place)?",
         [Input("r20", "Total revenue", 0, ADBE_IS, ADBE_20, "12,868"),
          Input("r18", "Total revenue", 2, ADBE_IS, ADBE_18, "9,030")],
         "(r20 / r18) ** (1 / 2) - 1", PERCENT, True,
         "2-year CAGR = (FY2020 total revenue / FY2018 total revenue) ^ (1/2) - 1."),
    Spec("own8_007", ADBE, "Adobe", MG,
         "What is the FY2020 return on equity (ROE) for Adobe? ROE is defined as: FY2020 net income / (average "
         "total stockholders' equity between FY2019 and FY2020). Answer in units of percents and round to one "
         "decimal place. Base your judgments on the information provided primarily in the balance sheet and the "
         "income statement.",
         [Input("ni", "Net income", 0, ADBE_IS, ADBE_20, "5,260"),
          Input("eq20", "Total stockholders’ equity", 0, ADBE_BS, "Nov 27, 2020", "13,264"),
          Input("eq19", "Total stockholders’ equity", 1, ADBE_BS, "Nov 29, 2019", "10,530")],
         "ni / ((eq20 + eq19) / 2)", PERCENT, True,
         "ROE = FY2020 net income / average of total stockholders' equity at the FY2019 and FY2020 year ends."),
    Spec("own8_008", ADBE, "Adobe", DR,
         "How much did Adobe spend on purchases of property and equipment in FY2020 (in USD millions), as shown in "
         "its cash flow statement?",
         [Input("capex", "Purchases of property and equipment", 0, ADBE_CF, ADBE_20, "(419)")],
         "capex", MILLIONS, False),
    # --- Corning, FY2019 (year ended December 31, 2019) ---
    Spec("own8_009", GLW, "Corning", MG,
         "What is Corning's FY2019 interest coverage ratio? Interest coverage ratio is defined as: operating income "
         "/ interest expense. Round your answer to two decimal places. Respond to the question by assuming the "
         "perspective of an investment analyst who can only use the details shown within the income statement.",
         [Input("op", "Operating income", 0, GLW_IS, GLW_19, "1,306"),
          Input("ie", "Interest expense", 0, GLW_IS, GLW_19, "(221)")],
         "op / ie", RATIO, False,
         "Interest coverage = operating income / interest expense (gross, as printed; interest income not netted)."),
    Spec("own8_010", GLW, "Corning", MG,
         "What is Corning's net debt at the end of FY2019? Net debt is defined as: current portion of long-term "
         "debt and short-term borrowings + long-term debt - cash and cash equivalents. Answer in USD millions. "
         "Utilize the balance sheet only.",
         [Input("cur", "Current portion of long-term debt and short-term borrowings (Note 11)", 0, GLW_BS,
                "Dec 31, 2019", "11"),
          Input("ltd", "Long-term debt (Note 11)", 0, GLW_BS, "Dec 31, 2019", "7,729"),
          Input("cash", "Cash and cash equivalents", 0, GLW_BS, "Dec 31, 2019", "2,434")],
         "cur + ltd - cash", MILLIONS, False,
         "Net debt = current portion of long-term debt and short-term borrowings + long-term debt - cash and cash "
         "equivalents, at the FY2019 year end."),
    Spec("own8_011", GLW, "Corning", MG,
         "By how many percentage points did Corning's gross margin change from FY2018 to FY2019? Gross margin is "
         "defined as: gross margin (in USD) / net sales. Answer in units of percents and round to one decimal place "
         "(a decline is negative). Base your judgments on the information provided primarily in the statement of "
         "income.",
         [Input("gm19", "Gross margin", 0, GLW_IS, GLW_19, "4,035"),
          Input("s19", "Net sales", 0, GLW_IS, GLW_19, "11,503"),
          Input("gm18", "Gross margin", 1, GLW_IS, GLW_18, "4,461"),
          Input("s18", "Net sales", 1, GLW_IS, GLW_18, "11,290")],
         "gm19 / s19 - gm18 / s18", PERCENT, True,
         "Change in gross margin = FY2019 gross margin % - FY2018 gross margin %, each = gross margin / net sales; "
         "in percentage points."),
    Spec("own8_012", GLW, "Corning", DR,
         "What is Corning's FY2019 total current assets (in USD millions)?",
         [Input("ca", "Total current assets", 0, GLW_BS, "Dec 31, 2019", "7,463")],
         "ca", MILLIONS, False),
    # --- General Mills, FY2023 (fiscal year ended May 28, 2023) ---
    Spec("own8_013", GIS, "General Mills", MG,
         "What is the FY2023 inventory turnover ratio for General Mills? Inventory turnover ratio is defined as: "
         "(FY2023 cost of sales) / (average inventories between FY2022 and FY2023). Round your answer to two "
         "decimal places. Please base your judgments on the information provided primarily in the balance sheet "
         "and the P&L statement.",
         [Input("cogs", "Cost of sales", 0, GIS_IS, GIS_23, "13,548.4"),
          Input("inv23", "Inventories", 0, GIS_BS, "May 28, 2023", "2,172.0"),
          Input("inv22", "Inventories", 1, GIS_BS, "May 29, 2022", "1,867.3")],
         "cogs / ((inv23 + inv22) / 2)", RATIO, False,
         "Inventory turnover = FY2023 cost of sales / average of inventories at the FY2022 and FY2023 year ends."),
    Spec("own8_014", GIS, "General Mills", MG,
         "We need to calculate a financial metric by using information only provided within the cash flow statement "
         "and the income statement. What is General Mills' FY2023 retention ratio (using total cash dividends paid "
         "and net earnings attributable to General Mills)? Answer in units of percents and round to one decimal "
         "place.",
         [Input("div", "Dividends paid", 0, GIS_CF, GIS_23, "(1,287.9)"),
          Input("ni", "Net earnings attributable to General Mills", 0, GIS_IS, GIS_23, "2,593.9")],
         "1 - div / ni", PERCENT, True,
         "Retention ratio = 1 - (total cash dividends paid / net earnings attributable to General Mills)."),
    Spec("own8_015", GIS, "General Mills", MG,
         "What is General Mills' FY2023 unadjusted EBITDA less capital expenditures? Define unadjusted EBITDA as "
         "unadjusted operating profit plus depreciation and amortization [from the cash flow statement]. Answer in "
         "USD millions, rounded to one decimal place. Respond to the question by assuming the perspective of an "
         "investment analyst who can only use the details shown within the statement of cash flows and the income "
         "statement.",
         [Input("op", "Operating profit", 0, GIS_IS, GIS_23, "3,433.8"),
          Input("da", "Depreciation and amortization", 0, GIS_CF, GIS_23, "546.6"),
          Input("capex", "Purchases of land, buildings, and equipment", 0, GIS_CF, GIS_23, "(689.5)")],
         "op + da - capex", MILLIONS_1, False,
         "Unadjusted EBITDA less capex = operating profit + depreciation and amortization (cash flow statement) - "
         "purchases of land, buildings, and equipment (the filer's capital expenditures line)."),
    Spec("own8_016", GIS, "General Mills", DECLINE,
         "What were General Mills' FY2023 net sales of Cheerios (in USD millions)?",
         reason="Cheerios appears only once in the 10-K, in the list of the company's trademarks; net sales are "
                "disclosed by segment and product category, never by brand (full text searched for 'Cheerios' and "
                "for brand-level net sales)."),
    # --- Johnson & Johnson, FY2021 (fiscal year ended January 2, 2022) ---
    Spec("own8_017", JNJ, "Johnson & Johnson", MG,
         "What is Johnson & Johnson's FY2021 free cash flow margin? Free cash flow is defined as: net cash flows "
         "from operating activities - additions to property, plant and equipment. Answer in units of percents and "
         "round to one decimal place. Base your judgments on the information provided primarily in the cash flow "
         "statement and the income statement.",
         [Input("cfo", "Net cash flows from operating activities", 0, JNJ_CF, JNJ_21, "23,410"),
          Input("capex", "Additions to property, plant and equipment", 0, JNJ_CF, JNJ_21, "(3,652)"),
          Input("sales", "Sales to customers", 0, JNJ_IS, JNJ_21, "93,775")],
         "(cfo - capex) / sales", PERCENT, True,
         "FCF margin = (net cash flows from operating activities - additions to property, plant and equipment) / "
         "sales to customers."),
    Spec("own8_018", JNJ, "Johnson & Johnson", MG,
         "Answer the following question as if you are an equity research analyst and have lost internet "
         "connection so you do not have access to financial metric providers. According to the information "
         "provided in the balance sheet, what is Johnson & Johnson's FY2021 quick ratio? Round your answer to two "
         "decimal places.",
         [Input("cash", "Cash and cash equivalents (Notes 1 and 2)", 0, JNJ_BS, "Jan 2, 2022", "14,487"),
          Input("ms", "Marketable securities (Notes 1 and 2)", 0, JNJ_BS, "Jan 2, 2022", "17,121"),
          Input("ar", "Accounts receivable trade, less allowances for doubtful accounts $230 (2020, $293)", 0,
                JNJ_BS, "Jan 2, 2022", "15,283"),
          Input("cl", "Total current liabilities", 0, JNJ_BS, "Jan 2, 2022", "45,226")],
         "(cash + ms + ar) / cl", RATIO, False,
         "Quick ratio (textbook, no definition given) = (cash and cash equivalents + marketable securities + "
         "accounts receivable) / total current liabilities; inventories and prepaid expenses excluded."),
    Spec("own8_019", JNJ, "Johnson & Johnson", MG,
         "What is the FY2021 total asset turnover ratio for Johnson & Johnson? Total asset turnover ratio is "
         "defined as: sales to customers / (average total assets between FY2020 and FY2021). Round your answer to "
         "two decimal places. Address the question by using the line items and information shown within the "
         "balance sheet and the income statement.",
         [Input("sales", "Sales to customers", 0, JNJ_IS, JNJ_21, "93,775"),
          Input("ta21", "Total assets", 0, JNJ_BS, "Jan 2, 2022", "182,018"),
          Input("ta20", "Total assets", 1, JNJ_BS, "Jan 3, 2021", "174,894")],
         "sales / ((ta21 + ta20) / 2)", RATIO, False,
         "Total asset turnover = FY2021 sales to customers / average of total assets at the FY2020 and FY2021 "
         "year ends."),
    Spec("own8_020", JNJ, "Johnson & Johnson", DR,
         "What is Johnson & Johnson's FY2021 research and development expense (in USD millions)?",
         [Input("rd", "Research and development expense", 0, JNJ_IS, JNJ_21, "14,714")],
         "rd", MILLIONS, False),
    # --- Kraft Heinz, FY2021 (year ended December 25, 2021) ---
    Spec("own8_021", KHC, "Kraft Heinz", MG,
         "What is Kraft Heinz's FY2021 debt to equity ratio? Total debt is defined as: commercial paper and other "
         "short-term debt + current portion of long-term debt + long-term debt; equity is total shareholders' "
         "equity. Round your answer to two decimal places. Please utilize information provided primarily within "
         "the balance sheet.",
         [Input("cp", "Commercial paper and other short-term debt", 0, KHC_BS, "Dec 25, 2021", "14"),
          Input("cur", "Current portion of long-term debt", 0, KHC_BS, "Dec 25, 2021", "740"),
          Input("ltd", "Long-term debt", 0, KHC_BS, "Dec 25, 2021", "21,061"),
          Input("eq", "Total shareholders' equity", 0, KHC_BS, "Dec 25, 2021", "49,298")],
         "(cp + cur + ltd) / eq", RATIO, False,
         "Debt to equity = (commercial paper and other short-term debt + current portion of long-term debt + "
         "long-term debt) / total shareholders' equity (noncontrolling interest excluded), at the FY2021 year end."),
    Spec("own8_022", KHC, "Kraft Heinz", MG,
         "What is the FY2021 operating cash flow ratio for Kraft Heinz? Operating cash flow ratio is defined as: "
         "cash from operations / total current liabilities. Round your answer to two decimal places. Please rely "
         "on the information shown in the balance sheet and the cash flow statement.",
         [Input("cfo", "Net cash provided by/(used for) operating activities", 0, KHC_CF, KHC_21, "5,364"),
          Input("cl", "Total current liabilities", 0, KHC_BS, "Dec 25, 2021", "9,064")],
         "cfo / cl", RATIO, False,
         "Operating cash flow ratio = net cash provided by operating activities / total current liabilities at the "
         "FY2021 year end."),
    Spec("own8_023", KHC, "Kraft Heinz", MG,
         "What is the FY2021 COGS % margin for Kraft Heinz? Answer in units of percents and round to one decimal "
         "place. Give a response to the question by relying on the details shown in the income statement.",
         [Input("cogs", "Cost of products sold", 0, KHC_IS, KHC_21, "17,360"),
          Input("sales", "Net sales", 0, KHC_IS, KHC_21, "26,042")],
         "cogs / sales", PERCENT, True,
         "COGS % margin = cost of products sold / net sales."),
    Spec("own8_024", KHC, "Kraft Heinz", DECLINE,
         "What were Kraft Heinz's FY2021 net sales of ketchup (in USD millions)?",
         reason="The 10-K discloses net sales by segment and by broad product category only; the word 'ketchup' "
                "does not occur anywhere in the filing (full text searched)."),
    # --- Pfizer, FY2022 (year ended December 31, 2022) ---
    Spec("own8_025", PFE, "Pfizer", MG,
         "Using only the income statement, what is Pfizer's FY2022 effective tax rate? Effective tax rate is "
         "defined as: provision for taxes on income / income from continuing operations before provision for taxes "
         "on income. Answer in units of percents and round to one decimal place.",
         [Input("tax", "Provision/(benefit) for taxes on income", 0, PFE_IS, PFE_22, "3,328"),
          Input("pbt", "Income from continuing operations before provision/(benefit) for taxes on income", 0,
                PFE_IS, PFE_22, "34,729")],
         "tax / pbt", PERCENT, True,
         "Effective tax rate = provision for taxes on income / income from continuing operations before taxes."),
    Spec("own8_026", PFE, "Pfizer", MG,
         "What is Pfizer's FY2022 return on assets (ROA)? ROA is defined as: FY2022 net income attributable to "
         "Pfizer Inc. common shareholders / (average total assets between FY2021 and FY2022). Answer in units of "
         "percents and round to one decimal place. Address the question by using the line items and information "
         "shown within the income statement and the balance sheet.",
         [Input("ni", "Net income attributable to Pfizer Inc. common shareholders", 0, PFE_IS, PFE_22, "31,372"),
          Input("ta22", "Total assets", 0, PFE_BS, "Dec 31, 2022", "197,205"),
          Input("ta21", "Total assets", 1, PFE_BS, "Dec 31, 2021", "181,476")],
         "ni / ((ta22 + ta21) / 2)", PERCENT, True,
         "ROA = FY2022 net income attributable to Pfizer Inc. common shareholders / average of total assets at the "
         "FY2021 and FY2022 year ends."),
    Spec("own8_027", PFE, "Pfizer", MG,
         "You are an investment banker and your only resource(s) to answer the following question is the "
         "statement of income and the cash flow statement. Here's the question: what is Pfizer's FY2022 dividend "
         "payout ratio (using total cash dividends paid and net income attributable to shareholders)? Round your "
         "answer to two decimal places.",
         [Input("div", "Cash dividends paid", 0, PFE_CF, PFE_22, "(8,983)"),
          Input("ni", "Net income attributable to Pfizer Inc. common shareholders", 0, PFE_IS, PFE_22, "31,372")],
         "div / ni", RATIO, False,
         "Dividend payout ratio = total cash dividends paid / net income attributable to Pfizer Inc. common "
         "shareholders, as a ratio."),
    Spec("own8_028", PFE, "Pfizer", DECLINE,
         "What was Pfizer's FY2022 employee turnover rate (in percent)?",
         reason="The 10-K says only that Pfizer 'continued to maintain low turnover rates relative to the "
                "pharmaceutical industry' in 2022; no turnover rate is given (full text searched for 'turnover' and "
                "'attrition')."),
    # --- Walmart, FY2022 (fiscal year ended January 31, 2022) ---
    Spec("own8_029", WMT, "Walmart", MG,
         "What is Walmart's FY2022 cash conversion cycle (CCC)? CCC is defined as: DIO + DSO - DPO. DIO is defined "
         "as: 365 * (average inventories between FY2021 and FY2022) / (FY2022 cost of sales). DSO is defined as: "
         "365 * (average receivables, net between FY2021 and FY2022) / (FY2022 total revenues). DPO is defined as: "
         "365 * (average accounts payable between FY2021 and FY2022) / (FY2022 cost of sales). Round your answer "
         "to two decimal places. Address the question by using the line items and information shown within the "
         "balance sheet and the P&L statement.",
         [Input("inv22", "Inventories", 0, WMT_BS, "Jan 31, 2022", "56,511"),
          Input("inv21", "Inventories", 1, WMT_BS, "Jan 31, 2021", "44,949"),
          Input("ar22", "Receivables, net", 0, WMT_BS, "Jan 31, 2022", "8,280"),
          Input("ar21", "Receivables, net", 1, WMT_BS, "Jan 31, 2021", "6,516"),
          Input("ap22", "Accounts payable", 0, WMT_BS, "Jan 31, 2022", "55,261"),
          Input("ap21", "Accounts payable", 1, WMT_BS, "Jan 31, 2021", "49,141"),
          Input("cogs", "Cost of sales", 0, WMT_IS, WMT_22, "429,000"),
          Input("rev", "Total revenues", 0, WMT_IS, WMT_22, "572,754")],
         "365 * ((inv22 + inv21) / 2) / cogs + 365 * ((ar22 + ar21) / 2) / rev - 365 * ((ap22 + ap21) / 2) / cogs",
         RATIO, False,
         "CCC = DIO + DSO - DPO (days), as the question defines each: averages of the FY2021 and FY2022 year-end "
         "balances; DIO and DPO over cost of sales, DSO over total revenues."),
    Spec("own8_030", WMT, "Walmart", MG,
         "What is the FY2022 fixed asset turnover ratio for Walmart? Fixed asset turnover ratio is defined as: "
         "FY2022 total revenues / (average property and equipment, net between FY2021 and FY2022). Round your "
         "answer to two decimal places. Base your judgments on the information provided primarily in the balance "
         "sheet and the income statement.",
         [Input("rev", "Total revenues", 0, WMT_IS, WMT_22, "572,754"),
          Input("ppe22", "Property and equipment, net", 0, WMT_BS, "Jan 31, 2022", "94,515"),
          Input("ppe21", "Property and equipment, net", 1, WMT_BS, "Jan 31, 2021", "92,201")],
         "rev / ((ppe22 + ppe21) / 2)", RATIO, False,
         "Fixed asset turnover = FY2022 total revenues / average of property and equipment, net at the FY2021 and "
         "FY2022 year ends (lease right-of-use assets excluded)."),
    Spec("own8_031", WMT, "Walmart", MG,
         "Give a response to the question by relying on the details shown in the P&L statement. What is Walmart's "
         "FY2022 SG&A as a % of total revenues? Answer in units of percents and round to one decimal place.",
         [Input("sga", "Operating, selling, general and administrative expenses", 0, WMT_IS, WMT_22, "117,812"),
          Input("rev", "Total revenues", 0, WMT_IS, WMT_22, "572,754")],
         "sga / rev", PERCENT, True,
         "SG&A % of revenue = operating, selling, general and administrative expenses (the filer's SG&A line) / "
         "total revenues."),
    Spec("own8_032", WMT, "Walmart", DR,
         "What is Walmart's year-end FY2022 inventories balance (in USD billions)?",
         [Input("inv", "Inventories", 0, WMT_BS, "Jan 31, 2022", "56,511")],
         "inv / 1000", "${:,.1f} billion", False),
    # --- Microsoft, FY2021 (year ended June 30, 2021) ---
    Spec("own8_033", MSFT, "Microsoft", MG,
         "What is the year-over-year growth in Microsoft's operating income from FY2020 to FY2021? Answer in units "
         "of percents and round to one decimal place. Please base your judgments on the information provided "
         "primarily in the income statement.",
         [Input("op21", "Operating income", 0, MSFT_IS, MSFT_21, "69,916"),
          Input("op20", "Operating income", 1, MSFT_IS, MSFT_20, "52,959")],
         "op21 / op20 - 1", PERCENT, True,
         "Growth = FY2021 operating income / FY2020 operating income - 1."),
    Spec("own8_034", MSFT, "Microsoft", MG,
         "What is Microsoft's FY2019 - FY2021 3 year average net profit margin (as a %)? Answer in units of "
         "percents and round to one decimal place. Respond to the question by assuming the perspective of an "
         "investment analyst who can only use the details shown within the income statement.",
         [Input("n21", "Net income", 0, MSFT_IS, MSFT_21, "61,271"),
          Input("n20", "Net income", 1, MSFT_IS, MSFT_20, "44,281"),
          Input("n19", "Net income", 2, MSFT_IS, MSFT_19, "39,240"),
          Input("r21", "Total revenue", 0, MSFT_IS, MSFT_21, "168,088"),
          Input("r20", "Total revenue", 1, MSFT_IS, MSFT_20, "143,015"),
          Input("r19", "Total revenue", 2, MSFT_IS, MSFT_19, "125,843")],
         "(n21 / r21 + n20 / r20 + n19 / r19) / 3", PERCENT, True,
         "3-year average net profit margin = mean over FY2019, FY2020 and FY2021 of (net income / total revenue)."),
    Spec("own8_035", MSFT, "Microsoft", MG,
         "What is Microsoft's FY2021 free cash flow? Free cash flow is defined as: net cash from operations - "
         "additions to property and equipment. Answer in USD millions. Base your judgments on the information "
         "provided primarily in the statement of cash flows.",
         [Input("cfo", "Net cash from operations", 0, MSFT_CF, MSFT_21, "76,740"),
          Input("capex", "Additions to property and equipment", 0, MSFT_CF, MSFT_21, "(20,622)")],
         "cfo - capex", MILLIONS, False,
         "Free cash flow = net cash from operations - additions to property and equipment."),
    Spec("own8_036", MSFT, "Microsoft", MG,
         "Using only the balance sheet, what is Microsoft's FY2021 working capital? Working capital is defined as: "
         "total current assets - total current liabilities. Answer in USD billions, rounded to one decimal place.",
         [Input("ca", "Total current assets", 0, MSFT_BS, "Jun 30, 2021", "184,406"),
          Input("cl", "Total current liabilities", 0, MSFT_BS, "Jun 30, 2021", "88,657")],
         "(ca - cl) / 1000", "${:,.1f} billion", False,
         "Working capital = total current assets - total current liabilities at the FY2021 year end, in USD "
         "billions."),
]
