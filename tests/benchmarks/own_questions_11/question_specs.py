"""The eleventh held-out question set: blind numeric questions on other filings of FinanceBench dev-set companies.

Filings are 10-Ks, 10-Qs, an annual report and earnings releases of companies in the FinanceBench dev split
(``"dev_company": true`` in ``filings-train/documents.jsonl``), none of them a dev-set filing and none used by another
set. The questions were written blind to FinLens and to the wordings of the other sets. Every figure is typed from a
primary statement page (income statement, balance sheet, cash flow statement, or an earnings release's equivalent
tables); page numbers are 0-based PDF page indexes, and ``build_questions.py`` checks each :class:`Input` against its
page before a reference is written. All filings used report in USD millions.
"""

from __future__ import annotations

from tests.benchmarks.own_questions.question_specs import Input, Spec

MG, DR, DECLINE = "metrics-generated", "domain-relevant", "should-decline"
MILLIONS, MILLIONS_1 = "${:,.0f} million", "${:,.1f} million"
PERCENT, RATIO = "{:.1f}%", "{:.2f}"

GLW18, GIS23, ATVI, GLW23 = "CORNING_2018_10K", "GENERALMILLS_2023_annualreport", "ACTIVSIONBLIZZARD_2023Q2_10Q", \
    "CORNING_2023Q2_10Q"
WMT, BBY, JNJ, PFE = "WALMART_2024Q1_10Q", "BESTBUY_2024Q2_EARNINGS", "JOHNSON_JOHNSON_2023Q1_EARNINGS", \
    "PFIZER_2023Q2_EARNINGS"

# Statement pages (0-based) of each filing.
GLW18_IS, GLW18_BS, GLW18_CF = 79, 81, 82
GIS_IS, GIS_BS, GIS_CF = 42, 44, 46
ATVI_BS, ATVI_IS, ATVI_CF = 3, 4, 6
GLW23_IS, GLW23_BS, GLW23_CF = 2, 4, 5
WMT_IS, WMT_BS, WMT_CF = 2, 4, 6
BBY_IS, BBY_BS, BBY_CF = 4, 5, 6
JNJ_IS, PFE_IS = 9, 17

FY18, FY17, FY16 = "fiscal year ended December 31, 2018", "fiscal year ended December 31, 2017", \
    "fiscal year ended December 31, 2016"
DEC18, DEC17 = "December 31, 2018", "December 31, 2017"
GIS_FY23, GIS_FY22, MAY23, MAY22 = "fiscal 2023 (ended May 28, 2023)", "fiscal 2022 (ended May 29, 2022)", \
    "May 28, 2023", "May 29, 2022"
Q2_23, Q2_22, H1_23, H1_22, JUN23 = "three months ended June 30, 2023", "three months ended June 30, 2022", \
    "six months ended June 30, 2023", "six months ended June 30, 2022", "June 30, 2023"
WMT_Q1, APR23 = "three months ended April 30, 2023 (Q1 fiscal 2024)", "April 30, 2023"
BBY_Q2, BBY_Q2_PRIOR, BBY_H1, JUL23 = "three months ended July 29, 2023 (Q2 fiscal 2024)", \
    "three months ended July 30, 2022 (Q2 fiscal 2023)", "six months ended July 29, 2023", "July 29, 2023"
JNJ_Q1, JNJ_Q1_PRIOR = "first quarter 2023 (ended April 2, 2023)", "first quarter 2022"
PFE_Q2, PFE_Q2_PRIOR, PFE_H1 = "second quarter 2023 (ended July 2, 2023)", "second quarter 2022", \
    "six months ended July 2, 2023"

SPECS: list[Spec] = [
    # --- Corning, 10-K for 2018 ---
    Spec("own11_001", GLW18, "Corning", MG,
         "What is the FY2018 gross margin percentage for Corning? Gross margin percentage is defined as: gross margin "
         "divided by net sales. Answer in units of percents and round to one decimal place. Use the income statement "
         "to answer.",
         [Input("gm", "Gross margin", 0, GLW18_IS, FY18, "4,461"),
          Input("sales", "Net sales", 0, GLW18_IS, FY18, "11,290")],
         "gm / sales", PERCENT, percent=True,
         reason="Gross margin percentage = gross margin / net sales."),
    Spec("own11_002", GLW18, "Corning", MG,
         "What is Corning's FY2018 free cash flow? Free cash flow is defined as: cash from operations minus capital "
         "expenditures. Answer in USD millions. Base your answer on the cash flow statement.",
         [Input("cfo", "Net cash provided by operating activities", 0, GLW18_CF, FY18, "2,919"),
          Input("capex", "Capital expenditures", 0, GLW18_CF, FY18, "(2,242)")],
         "cfo - capex", MILLIONS,
         reason="Free cash flow = net cash provided by operating activities - capital expenditures."),
    Spec("own11_003", GLW18, "Corning", MG,
         "Over the two years from 2016 to 2018, at what compound annual rate did Corning grow its net sales? "
         "Give the rate as a percentage with one decimal.",
         [Input("s18", "Net sales", 0, GLW18_IS, FY18, "11,290"),
          Input("s16", "Net sales", 2, GLW18_IS, FY16, "9,390")],
         "(s18 / s16) ** 0.5 - 1", PERCENT, percent=True,
         reason="Two-year CAGR of net sales = (net sales 2018 / net sales 2016) ^ (1/2) - 1."),
    Spec("own11_004", GLW18, "Corning", MG,
         "What is the FY2018 return on average total assets for Corning? Return on average total assets is defined "
         "as: net income attributable to Corning divided by the average of total assets at the beginning and end of "
         "the year. Answer in units of percents and round to one decimal place. Refer to the income statement and the "
         "balance sheet.",
         [Input("ni", "Net income (loss) attributable to Corning Incorporated", 0, GLW18_IS, FY18, "1,066"),
          Input("ta18", "Total Assets", 0, GLW18_BS, DEC18, "27,505"),
          Input("ta17", "Total Assets", 1, GLW18_BS, DEC17, "27,494")],
         "ni / ((ta18 + ta17) / 2)", PERCENT, percent=True,
         reason="Return on average total assets = net income attributable to Corning / ((total assets 2018 + total "
                "assets 2017) / 2)."),
    Spec("own11_005", GLW18, "Corning", MG,
         "I'd like to know how much of its 2018 earnings Corning paid out in cash dividends: compare the dividends "
         "paid in the cash flow statement with net income attributable to Corning, as a percent rounded to one "
         "decimal.",
         [Input("div", "Dividends paid", 0, GLW18_CF, FY18, "(685)"),
          Input("ni", "Net income (loss) attributable to Corning Incorporated", 0, GLW18_IS, FY18, "1,066")],
         "div / ni", PERCENT, percent=True,
         reason="Dividend payout ratio = cash dividends paid / net income attributable to Corning."),
    Spec("own11_006", GLW18, "Corning", DR,
         "How much did Corning spend on capital expenditures in 2018, in USD millions?",
         [Input("capex", "Capital expenditures", 0, GLW18_CF, FY18, "(2,242)")],
         "capex", MILLIONS),

    # --- General Mills, annual report for fiscal 2023 ---
    Spec("own11_007", GIS23, "General Mills", MG,
         "What is General Mills's FY2023 inventory turnover ratio? Inventory turnover ratio is defined as: cost of "
         "sales divided by the average of inventories at the start and end of the fiscal year. Round your answer to "
         "two decimal places. Please utilize the details in the statement of earnings and the balance sheet.",
         [Input("cogs", "Cost of sales", 0, GIS_IS, GIS_FY23, "13,548.4"),
          Input("inv23", "Inventories", 0, GIS_BS, MAY23, "2,172.0"),
          Input("inv22", "Inventories", 1, GIS_BS, MAY22, "1,867.3")],
         "cogs / ((inv23 + inv22) / 2)", RATIO,
         reason="Inventory turnover = cost of sales / ((inventories May 2023 + inventories May 2022) / 2)."),
    Spec("own11_008", GIS23, "General Mills", MG,
         "What is the FY2023 interest coverage ratio for General Mills? Interest coverage ratio is defined as: "
         "operating profit divided by net interest expense. Round your answer to two decimal places. Answer the "
         "question from the figures in the consolidated statement of earnings.",
         [Input("op", "Operating profit", 0, GIS_IS, GIS_FY23, "3,433.8"),
          Input("interest", "Interest, net", 0, GIS_IS, GIS_FY23, "382.1")],
         "op / interest", RATIO,
         reason="Interest coverage = operating profit / interest, net."),
    Spec("own11_009", GIS23, "General Mills", MG,
         "For fiscal 2023, what share of its pre-tax earnings (before joint-venture earnings) did General Mills "
         "record as income tax expense? Express it as a percentage to one decimal place.",
         [Input("tax", "Income taxes", 0, GIS_IS, GIS_FY23, "612.2"),
          Input("ebt", "Earnings before income taxes and after-tax earnings from joint ventures", 0, GIS_IS,
                GIS_FY23, "3,140.5")],
         "tax / ebt", PERCENT, percent=True,
         reason="Effective tax rate = income taxes / earnings before income taxes and after-tax earnings from joint "
                "ventures."),
    Spec("own11_010", GIS23, "General Mills", MG,
         "What is General Mills's debt-to-equity ratio at the end of FY2023? Debt-to-equity ratio is defined as: "
         "total debt (current portion of long-term debt plus notes payable plus long-term debt) divided by total "
         "equity. Round your answer to two decimal places. Look at the balance sheet.",
         [Input("cur", "Current portion of long-term debt", 0, GIS_BS, MAY23, "1,709.1"),
          Input("notes", "Notes payable", 0, GIS_BS, MAY23, "31.7"),
          Input("ltd", "Long-term debt", 0, GIS_BS, MAY23, "9,965.1"),
          Input("eq", "Total equity", 0, GIS_BS, MAY23, "10,700.0")],
         "(cur + notes + ltd) / eq", RATIO,
         reason="Debt-to-equity = (current portion of long-term debt + notes payable + long-term debt) / total "
                "equity, at May 28, 2023."),
    Spec("own11_011", GIS23, "General Mills", DR,
         "How much cash did General Mills pay out in dividends in fiscal 2023? Answer in USD millions.",
         [Input("div", "Dividends paid", 0, GIS_CF, GIS_FY23, "(1,287.9)")],
         "div", MILLIONS_1),

    # --- Activision Blizzard, 10-Q for the quarter ended June 30, 2023 ---
    Spec("own11_012", ATVI, "Activision Blizzard", MG,
         "What is Activision Blizzard's Q2 2023 operating margin? Operating margin is defined as: operating income "
         "divided by total net revenues, for the three months ended June 30, 2023. Answer in units of percents and "
         "round to one decimal place. Rely on the statement of operations.",
         [Input("oi", "Operating income", 0, ATVI_IS, Q2_23, "583"),
          Input("rev", "Total net revenues", 0, ATVI_IS, Q2_23, "2,207")],
         "oi / rev", PERCENT, percent=True,
         reason="Operating margin = operating income / total net revenues (three months ended June 30, 2023)."),
    Spec("own11_013", ATVI, "Activision Blizzard", MG,
         "By how much did Activision Blizzard's total net revenues for the first half of 2023 grow compared with the "
         "first half of 2022? Give the percentage change to one decimal.",
         [Input("h1_23", "Total net revenues", 2, ATVI_IS, H1_23, "4,590"),
          Input("h1_22", "Total net revenues", 3, ATVI_IS, H1_22, "3,412")],
         "h1_23 / h1_22 - 1", PERCENT, percent=True,
         reason="Revenue growth = total net revenues for the six months ended June 30, 2023 / the same for 2022 - 1."),
    Spec("own11_014", ATVI, "Activision Blizzard", MG,
         "What is Activision Blizzard's current ratio as of June 30, 2023? Current ratio is defined as: total current "
         "assets divided by total current liabilities. Round your answer to two decimal places. The balance sheet has "
         "what you need.",
         [Input("ca", "Total current assets", 0, ATVI_BS, JUN23, "15,496"),
          Input("cl", "Total current liabilities", 0, ATVI_BS, JUN23, "3,322")],
         "ca / cl", RATIO,
         reason="Current ratio = total current assets / total current liabilities, at June 30, 2023."),
    Spec("own11_015", ATVI, "Activision Blizzard", MG,
         "What is Activision Blizzard's free cash flow for the six months ended June 30, 2023? Free cash flow is "
         "defined as: net cash provided by operating activities less capital expenditures. Answer in USD millions. "
         "Use the cash flow statement.",
         [Input("cfo", "Net cash provided by operating activities", 0, ATVI_CF, H1_23, "1,167"),
          Input("capex", "Capital expenditures", 0, ATVI_CF, H1_23, "(60)")],
         "cfo - capex", MILLIONS,
         reason="Free cash flow = net cash provided by operating activities - capital expenditures (six months ended "
                "June 30, 2023)."),
    Spec("own11_016", ATVI, "Activision Blizzard", DR,
         "What were Activision Blizzard's deferred revenues (current liabilities) at June 30, 2023, in USD millions?",
         [Input("dr", "Deferred revenues", 0, ATVI_BS, JUN23, "1,877")],
         "dr", MILLIONS),

    # --- Corning, 10-Q for the quarter ended June 30, 2023 ---
    Spec("own11_017", GLW23, "Corning", MG,
         "What is Corning's year-over-year change in net sales for the second quarter of 2023 (three months ended "
         "June 30, 2023 versus the same quarter of 2022)? Answer in units of percents and round to one decimal place. "
         "Use the consolidated statements of income.",
         [Input("q2_23", "Net sales", 0, GLW23_IS, Q2_23, "3,243"),
          Input("q2_22", "Net sales", 1, GLW23_IS, Q2_22, "3,615")],
         "q2_23 / q2_22 - 1", PERCENT, percent=True,
         reason="Net sales change = net sales Q2 2023 / net sales Q2 2022 - 1."),
    Spec("own11_018", GLW23, "Corning", MG,
         "What portion of Corning's operating cash flow in the first six months of 2023 went out as dividends paid? "
         "Show it as a percent, one decimal place.",
         [Input("div", "Dividends paid", 0, GLW23_CF, H1_23, "(495)"),
          Input("cfo", "Net cash provided by operating activities", 0, GLW23_CF, H1_23, "570")],
         "div / cfo", PERCENT, percent=True,
         reason="Dividends as a share of operating cash flow = dividends paid / net cash provided by operating "
                "activities (six months ended June 30, 2023)."),
    Spec("own11_019", GLW23, "Corning", MG,
         "What is Corning's quick ratio at June 30, 2023? Quick ratio is defined as: cash and cash equivalents plus "
         "trade accounts receivable, divided by total current liabilities. Round your answer to two decimal places. "
         "Refer to the consolidated balance sheet.",
         [Input("cash", "Cash and cash equivalents", 0, GLW23_BS, JUN23, "1,538"),
          Input("ar", "Trade accounts receivable, net of doubtful accounts - $29 and $40", 0, GLW23_BS, JUN23,
                "1,674"),
          Input("cl", "Total current liabilities", 0, GLW23_BS, JUN23, "4,411")],
         "(cash + ar) / cl", RATIO,
         reason="Quick ratio = (cash and cash equivalents + trade accounts receivable, net) / total current "
                "liabilities, at June 30, 2023."),

    # --- Walmart, 10-Q for the quarter ended April 30, 2023 (Q1 fiscal 2024) ---
    Spec("own11_020", WMT, "Walmart", MG,
         "What is Walmart's gross profit margin for the first quarter of fiscal 2024 (three months ended April 30, "
         "2023)? Gross profit margin is defined as: net sales minus cost of sales, divided by net sales. Answer in "
         "units of percents and round to one decimal place. Please base your answer on the income statement.",
         [Input("sales", "Net sales", 0, WMT_IS, WMT_Q1, "151,004"),
          Input("cogs", "Cost of sales", 0, WMT_IS, WMT_Q1, "115,284")],
         "(sales - cogs) / sales", PERCENT, percent=True,
         reason="Gross profit margin = (net sales - cost of sales) / net sales."),
    Spec("own11_021", WMT, "Walmart", MG,
         "Taking Walmart's short-term borrowings, long-term debt due within one year and long-term debt together, "
         "how many dollars of debt did it carry per dollar of total equity on April 30, 2023? Two decimals, please.",
         [Input("stb", "Short-term borrowings", 0, WMT_BS, APR23, "1,711"),
          Input("cur", "Long-term debt due within one year", 0, WMT_BS, APR23, "3,975"),
          Input("ltd", "Long-term debt", 0, WMT_BS, APR23, "38,120"),
          Input("eq", "Total equity", 0, WMT_BS, APR23, "79,231")],
         "(stb + cur + ltd) / eq", RATIO,
         reason="Debt-to-equity = (short-term borrowings + long-term debt due within one year + long-term debt) / "
                "total equity, at April 30, 2023 (finance lease obligations excluded)."),
    Spec("own11_022", WMT, "Walmart", MG,
         "What is Walmart's Q1 FY2024 interest coverage ratio? Interest coverage ratio is defined as: operating "
         "income divided by interest, net. Round your answer to two decimal places. Consult the statement of income "
         "for the quarter ended April 30, 2023.",
         [Input("oi", "Operating income", 0, WMT_IS, WMT_Q1, "6,240"),
          Input("interest", "Interest, net", 0, WMT_IS, WMT_Q1, "557")],
         "oi / interest", RATIO,
         reason="Interest coverage = operating income / interest, net (three months ended April 30, 2023)."),
    Spec("own11_023", WMT, "Walmart", DR,
         "What was the value of Walmart's inventories on its balance sheet at April 30, 2023? Answer in USD "
         "millions.",
         [Input("inv", "Inventories", 0, WMT_BS, APR23, "56,932")],
         "inv", MILLIONS),

    # --- Best Buy, earnings release for Q2 fiscal 2024 (quarter ended July 29, 2023) ---
    Spec("own11_024", BBY, "Best Buy", MG,
         "What is Best Buy's Q2 FY2024 revenue growth compared with Q2 FY2023? Revenue growth is defined as: revenue "
         "for the quarter ended July 29, 2023 divided by revenue for the quarter ended July 30, 2022, minus one. "
         "Answer in units of percents and round to one decimal place. Use the statement of earnings in the release.",
         [Input("q2_24", "Revenue", 0, BBY_IS, BBY_Q2, "9,583"),
          Input("q2_23", "Revenue", 1, BBY_IS, BBY_Q2_PRIOR, "10,329")],
         "q2_24 / q2_23 - 1", PERCENT, percent=True,
         reason="Revenue growth = revenue Q2 fiscal 2024 / revenue Q2 fiscal 2023 - 1."),
    Spec("own11_025", BBY, "Best Buy", MG,
         "Over the first six months of its fiscal 2024, how many cents of net earnings did Best Buy keep from each "
         "dollar of revenue? Give the net margin as a percentage rounded to one decimal.",
         [Input("ni", "Net earnings", 2, BBY_IS, BBY_H1, "518"),
          Input("rev", "Revenue", 2, BBY_IS, BBY_H1, "19,050")],
         "ni / rev", PERCENT, percent=True,
         reason="Net margin = net earnings / revenue (six months ended July 29, 2023)."),
    Spec("own11_026", BBY, "Best Buy", MG,
         "What is Best Buy's cash ratio as of July 29, 2023? Cash ratio is defined as: cash and cash equivalents "
         "divided by total current liabilities. Round your answer to two decimal places. Answer using the condensed "
         "consolidated balance sheet.",
         [Input("cash", "Cash and cash equivalents", 0, BBY_BS, JUL23, "1,093"),
          Input("cl", "Total current liabilities", 0, BBY_BS, JUL23, "8,433")],
         "cash / cl", RATIO,
         reason="Cash ratio = cash and cash equivalents / total current liabilities, at July 29, 2023."),
    Spec("own11_027", BBY, "Best Buy", DR,
         "What did Best Buy report as merchandise inventories on July 29, 2023, in USD millions?",
         [Input("inv", "Merchandise inventories", 0, BBY_BS, JUL23, "5,651")],
         "inv", MILLIONS),

    # --- Johnson & Johnson, earnings release for Q1 2023 ---
    Spec("own11_028", JNJ, "Johnson & Johnson", MG,
         "What is Johnson & Johnson's first-quarter 2023 gross margin? Gross margin is defined as: gross profit "
         "divided by sales to customers. Answer in units of percents and round to one decimal place. Use the "
         "condensed consolidated statement of earnings.",
         [Input("gp", "Gross Profit", 0, JNJ_IS, JNJ_Q1, "16,351"),
          Input("sales", "Sales to customers", 0, JNJ_IS, JNJ_Q1, "24,746")],
         "gp / sales", PERCENT, percent=True,
         reason="Gross margin = gross profit / sales to customers (first quarter 2023)."),
    Spec("own11_029", JNJ, "Johnson & Johnson", MG,
         "Adding selling, marketing and administrative expenses to research and development expense, what "
         "percentage of its Q1 2023 sales to customers did Johnson & Johnson spend? One decimal place.",
         [Input("sga", "Selling, marketing and administrative expenses", 0, JNJ_IS, JNJ_Q1, "6,138"),
          Input("rd", "Research and development expense", 0, JNJ_IS, JNJ_Q1, "3,563"),
          Input("sales", "Sales to customers", 0, JNJ_IS, JNJ_Q1, "24,746")],
         "(sga + rd) / sales", PERCENT, percent=True,
         reason="Operating expense ratio = (selling, marketing and administrative expenses + research and "
                "development expense) / sales to customers (first quarter 2023)."),

    # --- Pfizer, earnings release for Q2 2023 ---
    Spec("own11_030", PFE, "Pfizer", MG,
         "What is Pfizer's second-quarter 2023 revenue change versus the second quarter of 2022? Revenue change is "
         "defined as: revenues for Q2 2023 divided by revenues for Q2 2022, minus one. Answer in units of percents "
         "and round to one decimal place. Use the consolidated statement of income in the release.",
         [Input("q2_23", "Revenues", 0, PFE_IS, PFE_Q2, "12,734"),
          Input("q2_22", "Revenues", 1, PFE_IS, PFE_Q2_PRIOR, "27,742")],
         "q2_23 / q2_22 - 1", PERCENT, percent=True,
         reason="Revenue change = revenues Q2 2023 / revenues Q2 2022 - 1."),
    Spec("own11_031", PFE, "Pfizer", MG,
         "What is Pfizer's effective tax rate for the first six months of 2023? Effective tax rate is defined as: "
         "provision for taxes on income divided by income from continuing operations before provision for taxes on "
         "income. Answer in units of percents and round to one decimal place. Use the income statement.",
         [Input("tax", "Provision/(benefit) for taxes on income(6)", 2, PFE_IS, PFE_H1, "644"),
          Input("ebt", "for taxes on income", 3, PFE_IS, PFE_H1, "8,539")],
         "tax / ebt", PERCENT, percent=True,
         reason="Effective tax rate = provision for taxes on income / income from continuing operations before "
                "provision for taxes on income (six months ended July 2, 2023)."),
    Spec("own11_032", PFE, "Pfizer", DR,
         "How much did Pfizer record as research and development expenses in the second quarter of 2023? Answer in "
         "USD millions.",
         [Input("rd", "Research and development expenses(2)", 0, PFE_IS, PFE_Q2, "2,648")],
         "rd", MILLIONS),

    # --- Questions the documents cannot answer ---
    Spec("own11_033", JNJ, "Johnson & Johnson", DECLINE,
         "What was Johnson & Johnson's net cash flow from operating activities in the first quarter of 2023?",
         reason="The Q1 2023 earnings release prints a statement of earnings and non-GAAP reconciliations but no cash "
                "flow statement; its text never mentions operating activities or operating cash flow."),
    Spec("own11_034", PFE, "Pfizer", DECLINE,
         "What were Pfizer's total inventories on its balance sheet at July 2, 2023?",
         reason="The Q2 2023 earnings release has no balance sheet; it mentions inventory only as Comirnaty "
                "write-offs and in risk language, never an inventory balance."),
    Spec("own11_035", BBY, "Best Buy", DECLINE,
         "How much did Best Buy spend on research and development in Q2 of fiscal 2024?",
         reason="Best Buy's Q2 fiscal 2024 earnings release reports no research and development expense; the word "
                "'research' does not occur in it."),
    Spec("own11_036", WMT, "Walmart", DECLINE,
         "What was Walmart's operating income for the quarter ended July 31, 2023?",
         reason="The 10-Q covers the quarter ended April 30, 2023; results for the quarter ended July 31, 2023 "
                "(Q2 fiscal 2024) were not yet reported and appear nowhere in it."),
]
