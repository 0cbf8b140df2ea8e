"""The tenth held-out question set: annual and quarterly filings of companies outside the FinanceBench dev set.

Written blind (without looking at FinLens, its phrasing tables or the other sets' questions) from PG&E Corporation's
2015 and 2020 10-Ks, FedEx's fiscal 2023 annual report, eBay's second-quarter 2023 10-Q and first-quarter 2023 earnings
release, McDonald's second-quarter 2023 earnings release, Intel's fourth-quarter 2022 earnings release and Salesforce's
first-quarter fiscal 2024 earnings release (all ``"dev_company": false`` in ``filings-train/documents.jsonl``). Only the
primary statements (income statement, balance sheet, cash flow statement, or a release's equivalent tables) are used.
Page numbers are 0-based PDF page indexes; every :class:`Input` is checked against its page by
``tests/benchmarks/own_questions/build_questions.py`` before a reference is written. No FinLens rule may be tuned on
these questions.
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

PGE15, PGE20 = "PG_E_2015_10K", "PG_E_2020_10K"
FEDEX = "FEDEX_2023_annualreport"
EBAY_Q2, EBAY_Q1 = "EBAY_2023Q2_10Q", "EBAY_2023Q1_EARNINGS"
MCD = "MCDONALDS_2023Q2_EARNINGS"
INTEL = "INTEL_2022Q4_EARNINGS"
CRM = "SALESFORCE_2024Q1_EARNINGS"

# Statement pages (0-based).
PGE15_IS, PGE15_BS_A, PGE15_BS_L, PGE15_CF = 68, 70, 71, 72
PGE20_IS, PGE20_BS_A, PGE20_BS_L, PGE20_CF = 108, 110, 111, 112
FEDEX_BS_A, FEDEX_BS_L, FEDEX_IS, FEDEX_CF = 80, 81, 82, 84
EBAY_Q2_BS, EBAY_Q2_IS, EBAY_Q2_CF = 3, 4, 7
EBAY_Q1_BS_L_IS, EBAY_Q1_CF = 7, 8  # the release's liabilities and income statement share a page
MCD_Q, MCD_H = 4, 5  # quarter and six-month income statements
INTEL_IS, INTEL_BS = 7, 8
CRM_IS, CRM_BS, CRM_CF = 5, 7, 8

SPECS: list[Spec] = [
    # --- PG&E Corporation, 2015 10-K (year ended December 31, 2015) ---
    Spec("own10_001", PGE15, "PG&E", MG,
         "What is the FY2015 operating margin for PG&E? Operating margin is defined as: operating income / total "
         "operating revenues. Answer in units of percents and round to one decimal place. Base your answer on the "
         "consolidated statement of income of PG&E Corporation.",
         [Input("oi", "Operating Income", 0, PGE15_IS, "year ended December 31, 2015", "1,508"),
          Input("rev", "Total operating revenues", 0, PGE15_IS, "year ended December 31, 2015", "16,833")],
         "oi / rev", PERCENT, percent=True,
         reason="Operating margin = operating income / total operating revenues."),
    Spec("own10_002", PGE15, "PG&E", MG,
         "What is PG&E's FY2015 interest coverage ratio? Interest coverage ratio is defined as: operating income / "
         "interest expense. Round your answer to two decimal places. Calculate what was asked by using the line items "
         "shown in the income statement.",
         [Input("oi", "Operating Income", 0, PGE15_IS, "year ended December 31, 2015", "1,508"),
          Input("interest", "Interest expense", 0, PGE15_IS, "year ended December 31, 2015", "(773)")],
         "oi / interest", RATIO,
         reason="Interest coverage = operating income / interest expense."),
    Spec("own10_003", PGE15, "PG&E", MG,
         "What is PG&E's year-end FY2015 current ratio? Current ratio is defined as: total current assets / total "
         "current liabilities. Round your answer to two decimal places. Please base your judgement on the information "
         "in the balance sheet.",
         [Input("ca", "Total current assets", 0, PGE15_BS_A, "December 31, 2015", "5,822"),
          Input("cl", "Total current liabilities", 0, PGE15_BS_L, "December 31, 2015", "6,363")],
         "ca / cl", RATIO,
         reason="Current ratio = total current assets / total current liabilities."),
    Spec("own10_004", PGE15, "PG&E", MG,
         "What is the FY2013 - FY2015 3 year average of capital expenditures for PG&E? Answer in USD millions. Address "
         "the question from the perspective of an analyst who can only use the cash flow statement.",
         [Input("capex15", "Capital expenditures", 0, PGE15_CF, "year ended December 31, 2015", "(5,173)"),
          Input("capex14", "Capital expenditures", 1, PGE15_CF, "year ended December 31, 2014", "(4,833)"),
          Input("capex13", "Capital expenditures", 2, PGE15_CF, "year ended December 31, 2013", "(5,207)")],
         "(capex15 + capex14 + capex13) / 3", MILLIONS,
         reason="Three-year average capital expenditures = (capex FY2013 + FY2014 + FY2015) / 3."),
    Spec("own10_005", PGE15, "PG&E", MG,
         "By how much did PG&E Corporation's total operating revenues change in 2015 compared with 2014, in percent? "
         "One decimal place, please.",
         [Input("rev15", "Total operating revenues", 0, PGE15_IS, "year ended December 31, 2015", "16,833"),
          Input("rev14", "Total operating revenues", 1, PGE15_IS, "year ended December 31, 2014", "17,090")],
         "rev15 / rev14 - 1", PERCENT, percent=True,
         reason="Revenue change = total operating revenues 2015 / total operating revenues 2014 - 1."),
    # --- PG&E Corporation, 2020 10-K (year ended December 31, 2020) ---
    Spec("own10_006", PGE20, "PG&E", MG,
         "What is PG&E's FY2020 total debt to total equity ratio? Total debt is defined as: short-term borrowings + "
         "long-term debt classified as current + long-term debt. Round your answer to two decimal places. Answer the "
         "question using only the balance sheet.",
         [Input("std", "Short-term borrowings", 0, PGE20_BS_L, "December 31, 2020", "3,547"),
          Input("cltd", "Long-term debt, classified as current", 0, PGE20_BS_L, "December 31, 2020", "28"),
          Input("ltd", "Long-term debt (includes $1.0 billion and $0 related to VIEs at respective dates)", 0,
                PGE20_BS_L, "December 31, 2020", "37,288"),
          Input("equity", "Total equity", 0, PGE20_BS_L, "December 31, 2020", "21,253")],
         "(std + cltd + ltd) / equity", RATIO,
         reason="Debt to equity = (short-term borrowings + current portion of long-term debt + long-term debt) / total "
                "equity (including the noncontrolling preferred stock of the subsidiary)."),
    Spec("own10_007", PGE20, "PG&E", MG,
         "What is PG&E's FY2020 capital expenditure as a percentage of total operating revenues? Answer in units of "
         "percents and round to one decimal place. Use the cash flow statement together with the income statement.",
         [Input("capex", "Capital expenditures", 0, PGE20_CF, "year ended December 31, 2020", "(7,690)"),
          Input("rev", "Total operating revenues", 0, PGE20_IS, "year ended December 31, 2020", "18,469")],
         "capex / rev", PERCENT, percent=True,
         reason="Capex intensity = capital expenditures / total operating revenues."),
    Spec("own10_008", PGE20, "PG&E", MG,
         "What is the FY2020 average total assets for PG&E? Average total assets is defined as: (total assets at the "
         "end of FY2019 + total assets at the end of FY2020) / 2. Answer in USD millions. Refer to the balance sheet.",
         [Input("ta20", "TOTAL ASSETS", 0, PGE20_BS_A, "December 31, 2020", "97,856"),
          Input("ta19", "TOTAL ASSETS", 1, PGE20_BS_A, "December 31, 2019", "85,196")],
         "(ta20 + ta19) / 2", MILLIONS,
         reason="Average total assets = (total assets at December 31, 2019 + at December 31, 2020) / 2."),
    Spec("own10_009", PGE20, "PG&E", MG,
         "Adding up the three years 2018 through 2020, how much did PG&E spend on capital expenditures in total? Give "
         "the figure in millions of dollars.",
         [Input("capex20", "Capital expenditures", 0, PGE20_CF, "year ended December 31, 2020", "(7,690)"),
          Input("capex19", "Capital expenditures", 1, PGE20_CF, "year ended December 31, 2019", "(6,313)"),
          Input("capex18", "Capital expenditures", 2, PGE20_CF, "year ended December 31, 2018", "(6,514)")],
         "capex20 + capex19 + capex18", MILLIONS,
         reason="Three-year capital expenditures = capex 2018 + capex 2019 + capex 2020."),
    Spec("own10_010", PGE20, "PG&E", DR,
         "How much cash and cash equivalents did PG&E Corporation hold at December 31, 2020?",
         [Input("cash", "Cash and cash equivalents", 0, PGE20_BS_A, "December 31, 2020", "484")],
         "cash", MILLIONS),
    # --- FedEx, fiscal 2023 annual report (year ended May 31, 2023) ---
    Spec("own10_011", FEDEX, "FedEx", MG,
         "What is FedEx's FY2023 effective tax rate? Effective tax rate is defined as: provision for income taxes / "
         "income before income taxes. Answer in units of percents and round to one decimal place. Rely on the "
         "consolidated statement of income.",
         [Input("tax", "PROVISION FOR INCOME TAXES", 0, FEDEX_IS, "year ended May 31, 2023", "1,391"),
          Input("pretax", "INCOME BEFORE INCOME TAXES", 0, FEDEX_IS, "year ended May 31, 2023", "5,363")],
         "tax / pretax", PERCENT, percent=True,
         reason="Effective tax rate = provision for income taxes / income before income taxes."),
    Spec("own10_012", FEDEX, "FedEx", MG,
         "What is the FY2023 free cash flow for FedEx? Free cash flow is defined as: cash provided by operating "
         "activities - capital expenditures. Answer in USD millions. Please utilize information from the statement of "
         "cash flows.",
         [Input("ocf", "Cash provided by operating activities", 0, FEDEX_CF, "year ended May 31, 2023", "8,848"),
          Input("capex", "Capital expenditures", 0, FEDEX_CF, "year ended May 31, 2023", "(6,174)")],
         "ocf - capex", MILLIONS,
         reason="Free cash flow = cash provided by operating activities - capital expenditures."),
    Spec("own10_013", FEDEX, "FedEx", MG,
         "What is FedEx's FY2023 return on assets (ROA)? ROA is defined as: FY2023 net income / (average total assets "
         "between FY2022 and FY2023). Answer in units of percents and round to one decimal place. Give a response to "
         "the question by relying on the details shown in the income statement and the balance sheet.",
         [Input("ni", "NET INCOME", 0, FEDEX_IS, "year ended May 31, 2023", "3,972"),
          Input("ta23", "TOTAL ASSETS", 0, FEDEX_BS_A, "May 31, 2023", "87,143"),
          Input("ta22", "TOTAL ASSETS", 1, FEDEX_BS_A, "May 31, 2022", "85,994")],
         "ni / ((ta23 + ta22) / 2)", PERCENT, percent=True,
         reason="ROA = net income / ((total assets at May 31, 2022 + at May 31, 2023) / 2)."),
    Spec("own10_014", FEDEX, "FedEx", MG,
         "In the fiscal year ended May 31, 2023, how much cash did FedEx hand back to its shareholders through "
         "dividends and share buybacks combined? Answer in millions of dollars.",
         [Input("div", "Dividends paid", 0, FEDEX_CF, "year ended May 31, 2023", "(1,177)"),
          Input("buyback", "Purchase of treasury stock", 0, FEDEX_CF, "year ended May 31, 2023", "(1,500)")],
         "div + buyback", MILLIONS,
         reason="Cash returned to shareholders = dividends paid + purchase of treasury stock."),
    Spec("own10_015", FEDEX, "FedEx", DR,
         "How much did FedEx spend on fuel in fiscal 2023?",
         [Input("fuel", "Fuel", 0, FEDEX_IS, "year ended May 31, 2023", "5,909")],
         "fuel", MILLIONS),
    # --- eBay, 10-Q for the quarter ended June 30, 2023 ---
    Spec("own10_016", EBAY_Q2, "eBay", MG,
         "What is eBay's Q2 2023 gross margin? Gross margin is defined as: gross profit / net revenues. Answer in "
         "units of percents and round to one decimal place. Base your answer on the condensed statement of income.",
         [Input("gp", "Gross profit", 0, EBAY_Q2_IS, "three months ended June 30, 2023", "1,822"),
          Input("rev", "Net revenues", 0, EBAY_Q2_IS, "three months ended June 30, 2023", "2,540")],
         "gp / rev", PERCENT, percent=True,
         reason="Gross margin = gross profit / net revenues."),
    Spec("own10_017", EBAY_Q2, "eBay", MG,
         "How fast did eBay's net revenues grow in the three months ended June 30, 2023 versus the same quarter of "
         "2022? Give a percentage with one decimal.",
         [Input("rev23", "Net revenues", 0, EBAY_Q2_IS, "three months ended June 30, 2023", "2,540"),
          Input("rev22", "Net revenues", 1, EBAY_Q2_IS, "three months ended June 30, 2022", "2,422")],
         "rev23 / rev22 - 1", PERCENT, percent=True,
         reason="Year-over-year revenue growth = Q2 2023 net revenues / Q2 2022 net revenues - 1."),
    Spec("own10_018", EBAY_Q2, "eBay", MG,
         "What is eBay's operating margin for the six months ended June 30, 2023? Operating margin is defined as: "
         "income from operations / net revenues. Answer in units of percents and round to one decimal place. Use the "
         "income statement.",
         [Input("oi", "Income from operations", 2, EBAY_Q2_IS, "six months ended June 30, 2023", "1,076"),
          Input("rev", "Net revenues", 2, EBAY_Q2_IS, "six months ended June 30, 2023", "5,050")],
         "oi / rev", PERCENT, percent=True,
         reason="Operating margin = income from operations / net revenues (six-month columns)."),
    Spec("own10_019", EBAY_Q2, "eBay", MG,
         "What is eBay's current ratio as of June 30, 2023? Current ratio is defined as: total current assets / total "
         "current liabilities. Round your answer to two decimal places. Answer using the balance sheet.",
         [Input("ca", "Total current assets", 0, EBAY_Q2_BS, "June 30, 2023", "8,717"),
          Input("cl", "Total current liabilities", 0, EBAY_Q2_BS, "June 30, 2023", "3,555")],
         "ca / cl", RATIO,
         reason="Current ratio = total current assets / total current liabilities."),
    Spec("own10_020", EBAY_Q2, "eBay", DR,
         "What were eBay's product development expenses in the second quarter of 2023?",
         [Input("pd", "Product development", 0, EBAY_Q2_IS, "three months ended June 30, 2023", "392")],
         "pd", MILLIONS),
    # --- eBay, first-quarter 2023 earnings release (quarter ended March 31, 2023) ---
    Spec("own10_021", EBAY_Q1, "eBay", MG,
         "What is eBay's Q1 2023 operating margin? Operating margin is defined as: income from operations / net "
         "revenues. Answer in units of percents and round to one decimal place. Use the income statement included in "
         "the release.",
         [Input("oi", "Income from operations", 0, EBAY_Q1_BS_L_IS, "three months ended March 31, 2023", "558"),
          Input("rev", "Net revenues", 0, EBAY_Q1_BS_L_IS, "three months ended March 31, 2023", "2,510")],
         "oi / rev", PERCENT, percent=True,
         reason="Operating margin = income from operations / net revenues."),
    Spec("own10_022", EBAY_Q1, "eBay", MG,
         "For the quarter ended March 31, 2023, what share of eBay's net revenues turned into free cash flow, taking "
         "free cash flow as net cash provided by operating activities minus purchases of property and equipment? "
         "Percent, one decimal.",
         [Input("ocf", "Net cash provided by operating activities", 0, EBAY_Q1_CF, "three months ended March 31, 2023",
                "841"),
          Input("capex", "Purchases of property and equipment", 0, EBAY_Q1_CF, "three months ended March 31, 2023",
                "(132)"),
          Input("rev", "Net revenues", 0, EBAY_Q1_BS_L_IS, "three months ended March 31, 2023", "2,510")],
         "(ocf - capex) / rev", PERCENT, percent=True,
         reason="Free cash flow margin = (net cash provided by operating activities - purchases of property and "
                "equipment) / net revenues."),
    # --- McDonald's, second-quarter 2023 earnings release ---
    Spec("own10_023", MCD, "McDonald's", MG,
         "What is McDonald's Q2 2023 operating margin? Operating margin is defined as: operating income / total "
         "revenues. Answer in units of percents and round to one decimal place. Rely on the condensed consolidated "
         "statement of income.",
         [Input("oi", "OPERATING INCOME", 0, MCD_Q, "quarter ended June 30, 2023", "3,104.1"),
          Input("rev", "TOTAL REVENUES", 0, MCD_Q, "quarter ended June 30, 2023", "6,497.5")],
         "oi / rev", PERCENT, percent=True,
         reason="Operating margin = operating income / total revenues."),
    Spec("own10_024", MCD, "McDonald's", MG,
         "How many times over did McDonald's operating income cover its interest expense in the first half of 2023? "
         "Two decimals.",
         [Input("oi", "OPERATING INCOME", 0, MCD_H, "six months ended June 30, 2023", "5,636.5"),
          Input("interest", "Interest expense", 0, MCD_H, "six months ended June 30, 2023", "659.9")],
         "oi / interest", RATIO,
         reason="Interest coverage = operating income / interest expense."),
    Spec("own10_025", MCD, "McDonald's", MG,
         "What margin did McDonald's Company-operated restaurants earn in the second quarter of 2023, meaning their "
         "sales less Company-operated restaurant expenses, as a share of those sales? Percent, one decimal.",
         [Input("sales", "Sales by Company-operated restaurants", 0, MCD_Q, "quarter ended June 30, 2023", "2,487.0"),
          Input("costs", "Company-operated restaurant expenses", 0, MCD_Q, "quarter ended June 30, 2023", "2,091.3")],
         "(sales - costs) / sales", PERCENT, percent=True,
         reason="Company-operated margin = (sales by Company-operated restaurants - Company-operated restaurant "
                "expenses) / sales by Company-operated restaurants."),
    Spec("own10_026", MCD, "McDonald's", DR,
         "How much revenue did McDonald's collect from franchised restaurants in the quarter ended June 30, 2023?",
         [Input("franchised", "Revenues from franchised restaurants", 0, MCD_Q, "quarter ended June 30, 2023",
                "3,933.3")],
         "franchised", MILLIONS_1),
    Spec("own10_027", MCD, "McDonald's", DECLINE,
         "What was McDonald's free cash flow for the second quarter of 2023?",
         reason="The release only defines free cash flow; it prints no cash flow statement, no cash provided by "
                "operations and no capital expenditures for the quarter (checked across its full text)."),
    # --- Intel, fourth-quarter and full-year 2022 earnings release ---
    Spec("own10_028", INTEL, "Intel", MG,
         "What is Intel's Q4 2022 gross margin percentage? Gross margin percentage is defined as: gross margin / net "
         "revenue. Answer in units of percents and round to one decimal place. Base your answer on the consolidated "
         "statements of income.",
         [Input("gm", "Gross margin", 0, INTEL_IS, "three months ended December 31, 2022", "5,500"),
          Input("rev", "Net revenue", 0, INTEL_IS, "three months ended December 31, 2022", "14,042")],
         "gm / rev", PERCENT, percent=True,
         reason="Gross margin percentage = gross margin / net revenue."),
    Spec("own10_029", INTEL, "Intel", MG,
         "What share of its full-year 2022 net revenue did Intel spend on research and development? Give the "
         "percentage to one decimal place.",
         [Input("rd", "Research and development", 2, INTEL_IS, "twelve months ended December 31, 2022", "17,528"),
          Input("rev", "Net revenue", 2, INTEL_IS, "twelve months ended December 31, 2022", "63,054")],
         "rd / rev", PERCENT, percent=True,
         reason="R&D intensity = research and development / net revenue (twelve-month columns)."),
    Spec("own10_030", INTEL, "Intel", MG,
         "What is Intel's debt to equity ratio at the end of FY2022? Debt to equity is defined as: (short-term debt + "
         "long-term debt) / total stockholders' equity. Round your answer to two decimal places. Use the consolidated "
         "balance sheet.",
         [Input("std", "Short-term debt", 0, INTEL_BS, "December 31, 2022", "4,367"),
          Input("ltd", "Debt", 0, INTEL_BS, "December 31, 2022", "37,684"),
          Input("equity", "Total stockholders' equity", 0, INTEL_BS, "December 31, 2022", "103,286")],
         "(std + ltd) / equity", RATIO,
         reason="Debt to equity = (short-term debt + long-term debt) / total stockholders' equity (including "
                "non-controlling interests)."),
    Spec("own10_031", INTEL, "Intel", DR,
         "What did Intel spend on research and development in the three months ended December 31, 2022?",
         [Input("rd", "Research and development", 0, INTEL_IS, "three months ended December 31, 2022", "4,464")],
         "rd", MILLIONS),
    # --- Salesforce, first-quarter fiscal 2024 earnings release (three months ended April 30, 2023) ---
    Spec("own10_032", CRM, "Salesforce", MG,
         "What is Salesforce's Q1 FY2024 gross margin? Gross margin is defined as: gross profit / total revenues. "
         "Answer in units of percents and round to one decimal place. Use the statement of operations.",
         [Input("gp", "Gross profit", 0, CRM_IS, "three months ended April 30, 2023", "6,122"),
          Input("rev", "Total revenues", 0, CRM_IS, "three months ended April 30, 2023", "8,247")],
         "gp / rev", PERCENT, percent=True,
         reason="Gross margin = gross profit / total revenues."),
    Spec("own10_033", CRM, "Salesforce", MG,
         "What is the free cash flow of Salesforce for the first quarter of fiscal 2024? Free cash flow is defined as: "
         "net cash provided by operating activities - capital expenditures. Answer in USD millions. Work from the cash "
         "flow statement.",
         [Input("ocf", "Net cash provided by operating activities", 0, CRM_CF, "three months ended April 30, 2023",
                "4,491"),
          Input("capex", "Capital expenditures", 0, CRM_CF, "three months ended April 30, 2023", "(243)")],
         "ocf - capex", MILLIONS,
         reason="Free cash flow = net cash provided by operating activities - capital expenditures."),
    Spec("own10_034", CRM, "Salesforce", MG,
         "At April 30, 2023, how many times could Salesforce's cash, cash equivalents and marketable securities cover "
         "its total debt, current plus noncurrent? Two decimals.",
         [Input("cash", "Cash and cash equivalents", 0, CRM_BS, "April 30, 2023", "9,155"),
          Input("securities", "Marketable securities", 0, CRM_BS, "April 30, 2023", "4,822"),
          Input("debt_c", "Debt, current", 0, CRM_BS, "April 30, 2023", "181"),
          Input("debt_nc", "Noncurrent debt", 0, CRM_BS, "April 30, 2023", "9,421")],
         "(cash + securities) / (debt_c + debt_nc)", RATIO,
         reason="Liquidity to debt = (cash and cash equivalents + marketable securities) / (current debt + noncurrent "
                "debt)."),
    Spec("own10_035", CRM, "Salesforce", DR,
         "What unearned revenue did Salesforce report on its balance sheet at April 30, 2023?",
         [Input("unearned", "Unearned revenue", 0, CRM_BS, "April 30, 2023", "15,121")],
         "unearned", MILLIONS),
    Spec("own10_036", CRM, "Salesforce", DECLINE,
         "How much revenue did Slack contribute to Salesforce in the three months ended April 30, 2023?",
         reason="The release breaks revenues down only into subscription and support and professional services; "
                "Slack is named only as a product (Slack GPT) and in the risk language, with no revenue figure."),
    # --- Should-decline questions on other documents ---
    Spec("own10_037", EBAY_Q1, "eBay", DECLINE,
         "How many employees did eBay have at March 31, 2023?",
         reason="The first-quarter 2023 release reports no employee or headcount figure (its full text mentions "
                "employees only in the definitions of non-GAAP adjustments)."),
    Spec("own10_038", FEDEX, "FedEx", DECLINE,
         "What percentage of FedEx's fiscal 2023 revenue came from Amazon?",
         reason="The annual report mentions Amazon.com only as a competitor building its own delivery network; it "
                "discloses no revenue from Amazon."),
]
