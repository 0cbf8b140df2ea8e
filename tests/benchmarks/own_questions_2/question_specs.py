"""The second held-out question set: wording, the figures each needs (typed in from the statement pages) and formula.

Written blind to FinLens's question-understanding code, in FinanceBench's styles (generated metrics questions,
free analyst wording, questions the filing cannot answer). Filings are 10-Ks of companies outside the FinanceBench
dev set (``"dev_company": false`` in ``filings-train/documents.jsonl``) and none of the first set's filings. Page
numbers are 0-based PDF page indexes; every filing here reports in USD millions. Each :class:`Input` is checked
against its page by ``tests/benchmarks/own_questions/build_questions.py --specs <this module>``. For a metric
question, ``reason`` states the definition used; it opens the justification.
"""

from __future__ import annotations

from tests.benchmarks.own_questions.question_specs import Input, Spec

MG, DR, DECLINE = "metrics-generated", "domain-relevant", "should-decline"
MILLIONS, BILLIONS_2 = "${:,.0f} million", "${:,.2f} billion"
PERCENT, RATIO, ONE_DECIMAL = "{:.1f}%", "{:.2f}", "{:.1f}"

A19, A17, E19, E17 = "APPLE_2019_10K", "APPLE_2017_10K", "EBAY_2019_10K", "EBAY_2017_10K"
O21, O18, P19, S20 = "ORACLE_2021_10K", "ORACLE_2018_10K", "PG_E_2019_10K", "AES_2020_10K"
APPLE, EBAY, ORACLE, PGE, AES = "Apple", "eBay", "Oracle", "PG&E Corporation", "AES Corporation"
Q = "\u2019"  # the curly apostrophe the statements print in "shareholders' equity"

_A19_IS, _A19_BS, _A19_CF = 31, 33, 35
_A19_Y, _A19_P = "year ended September 28, 2019", "year ended September 29, 2018"
_A19_PP = "year ended September 30, 2017"
_A19_E, _A19_EP = "September 28, 2019", "September 29, 2018"
_A17_IS, _A17_BS, _A17_CF = 41, 43, 45
_A17_Y, _A17_PP = "year ended September 30, 2017", "year ended September 26, 2015"
_A17_E, _A17_EP = "September 30, 2017", "September 24, 2016"
_E19_BS, _E19_IS, _E19_CF = 63, 64, 67
_E17_BS, _E17_IS, _E17_CF = 61, 62, 65
_O21_BS, _O21_IS, _O21_CF = 67, 68, 71
_O18_BS, _O18_IS, _O18_CF = 76, 77, 80
_P19_IS, _P19_BS_ASSETS, _P19_BS_LIABS, _P19_CF = 114, 116, 117, 118
_S20_BS, _S20_IS, _S20_CF = 123, 124, 127


def _year(year: int, month_day: str = "December 31") -> str:
    return f"year ended {month_day}, {year}"


SPECS: list[Spec] = [
    # ---- Apple, fiscal 2019 (year ended September 28, 2019) ----
    Spec("own2_001", A19, APPLE, MG,
         "Considering the data in the balance sheet, what is Apple's FY2019 quick ratio? Quick ratio is defined as: "
         "(cash and cash equivalents + current marketable securities + accounts receivable, net) / total current "
         "liabilities. Round your answer to two decimal places.",
         [Input("cash", "Cash and cash equivalents", 0, _A19_BS, _A19_E, "48,844"),
          Input("securities", "Marketable securities", 0, _A19_BS, _A19_E + ", current assets", "51,713"),
          Input("receivables", "Accounts receivable, net", 0, _A19_BS, _A19_E, "22,926"),
          Input("current_liabilities", "Total current liabilities", 0, _A19_BS, _A19_E, "105,718")],
         "(cash + securities + receivables) / current_liabilities", RATIO,
         reason="Quick ratio as defined in the question; the marketable securities are the current ones (the first "
                "'Marketable securities' row, under current assets); vendor non-trade receivables are not included."),
    Spec("own2_002", A19, APPLE, MG,
         "What is the FY2019 days inventory outstanding (DIO) for Apple? DIO is defined as: 365 * (average "
         "inventories between FY2018 and FY2019) / FY2019 total cost of sales. Round your answer to two decimal "
         "places. Base your judgments on the information provided primarily in the statement of income and the "
         "balance sheet.",
         [Input("inv_2019", "Inventories", 0, _A19_BS, _A19_E, "4,106"),
          Input("inv_2018", "Inventories", 1, _A19_BS, _A19_EP, "3,956"),
          Input("cogs", "Total cost of sales", 0, _A19_IS, _A19_Y, "161,782")],
         "365 * ((inv_2019 + inv_2018) / 2) / cogs", RATIO,
         reason="DIO as defined in the question, in days."),
    Spec("own2_003", A19, APPLE, MG,
         "What is Apple's FY2017 - FY2019 3 year average of R&D expense as a % of total net sales? Answer in units of "
         "percents and round to one decimal place. Calculate what was asked by utilizing the line items clearly "
         "shown in the income statement.",
         [Input("rd_2019", "Research and development", 0, _A19_IS, _A19_Y, "16,217"),
          Input("sales_2019", "Total net sales", 0, _A19_IS, _A19_Y, "260,174"),
          Input("rd_2018", "Research and development", 1, _A19_IS, _A19_P, "14,236"),
          Input("sales_2018", "Total net sales", 1, _A19_IS, _A19_P, "265,595"),
          Input("rd_2017", "Research and development", 2, _A19_IS, _A19_PP, "11,581"),
          Input("sales_2017", "Total net sales", 2, _A19_IS, _A19_PP, "229,234")],
         "(rd_2019 / sales_2019 + rd_2018 / sales_2018 + rd_2017 / sales_2017) / 3", PERCENT, percent=True,
         reason="Each year's research and development expense / total net sales, averaged over the three years."),
    Spec("own2_004", A19, APPLE, MG,
         "Using the cash flow statement, answer the following question to the best of your abilities: what is "
         "Apple's FY2019 ratio of capital expenditures to depreciation and amortization? Round your answer to two "
         "decimal places.",
         [Input("capex", "Payments for acquisition of property, plant and equipment", 0, _A19_CF, _A19_Y,
                "(10,495)"),
          Input("da", "Depreciation and amortization", 0, _A19_CF, _A19_Y, "12,547")],
         "capex / da", RATIO,
         reason="Capital expenditures = payments for acquisition of property, plant and equipment; divided by "
                "depreciation and amortization, both from the cash flow statement."),
    Spec("own2_005", A19, APPLE, MG,
         "Approach the question by assuming the standpoint of a working-capital analyst who only has Apple's income "
         "statement and balance sheet. Here's the question: what was Apple's FY2019 cash conversion cycle? Define "
         "the cash conversion cycle as DSO + DIO - DPO, where DSO = 365 * year-end accounts receivable, net / total "
         "net sales, DIO = 365 * year-end inventories / total cost of sales, and DPO = 365 * year-end accounts "
         "payable / total cost of sales. Answer in days, rounded to two decimal places.",
         [Input("receivables", "Accounts receivable, net", 0, _A19_BS, _A19_E, "22,926"),
          Input("inventories", "Inventories", 0, _A19_BS, _A19_E, "4,106"),
          Input("payables", "Accounts payable", 0, _A19_BS, _A19_E, "46,236"),
          Input("sales", "Total net sales", 0, _A19_IS, _A19_Y, "260,174"),
          Input("cogs", "Total cost of sales", 0, _A19_IS, _A19_Y, "161,782")],
         "365 * receivables / sales + 365 * inventories / cogs - 365 * payables / cogs", RATIO,
         reason="Cash conversion cycle as defined in the question, with FY2019 year-end balances, in days."),
    Spec("own2_006", A19, APPLE, DR,
         "How much did Apple spend buying back its own common stock in fiscal 2019? Answer in USD millions.",
         [Input("buybacks", "Repurchases of common stock", 0, _A19_CF, _A19_Y, "(66,897)")],
         "buybacks", MILLIONS),
    Spec("own2_007", A19, APPLE, DECLINE,
         "How many iPhone units did Apple sell in fiscal 2019?",
         reason="From fiscal 2019 Apple no longer reports unit sales; the 10-K only says iPhone net sales fell on "
                "lower unit sales, without a count."),
    # ---- Apple, fiscal 2017 (year ended September 30, 2017) ----
    Spec("own2_008", A17, APPLE, MG,
         "We want to calculate a financial metric. Please help us compute it by basing your answers off of the cash "
         "flow statement and the income statement. Here's the question: what is the FY2017 dividend payout ratio "
         "(using total cash dividends paid and net income) for Apple? Answer in units of percents and round to one "
         "decimal place.",
         [Input("dividends", "Payments for dividends and dividend equivalents", 0, _A17_CF, _A17_Y, "(12,769)"),
          Input("net_income", "Net income", 0, _A17_IS, _A17_Y, "48,351")],
         "dividends / net_income", PERCENT, percent=True,
         reason="Dividend payout ratio = cash dividends paid (payments for dividends and dividend equivalents) / "
                "net income."),
    Spec("own2_009", A17, APPLE, MG,
         "What is the 2-year compound annual growth rate (CAGR) of Apple's research and development expense from "
         "FY2015 to FY2017? CAGR here is defined as: (FY2017 R&D / FY2015 R&D)^(1/2) - 1. Answer in units of "
         "percents and round to one decimal place. Base your answer on the income statement.",
         [Input("rd_2017", "Research and development", 0, _A17_IS, _A17_Y, "11,581"),
          Input("rd_2015", "Research and development", 2, _A17_IS, _A17_PP, "8,067")],
         "(rd_2017 / rd_2015) ** 0.5 - 1", PERCENT, percent=True,
         reason="Two-year CAGR as defined in the question."),
    Spec("own2_010", A17, APPLE, MG,
         "You are a credit analyst and your only resource is the statement of financial position. Here's the "
         "question: what was Apple's total debt to total capitalization at the end of FY2017? Define total debt as "
         "commercial paper + current portion of long-term debt + long-term debt, and total capitalization as total "
         "debt + total shareholders' equity. Answer in units of percents and round to one decimal place.",
         [Input("paper", "Commercial paper", 0, _A17_BS, _A17_E, "11,977"),
          Input("current_debt", "Current portion of long-term debt", 0, _A17_BS, _A17_E, "6,496"),
          Input("long_debt", "Long-term debt", 0, _A17_BS, _A17_E, "97,207"),
          Input("equity", f"Total shareholders{Q} equity", 0, _A17_BS, _A17_E, "134,047")],
         "(paper + current_debt + long_debt) / (paper + current_debt + long_debt + equity)", PERCENT, percent=True,
         reason="Total debt and total capitalization as defined in the question."),
    Spec("own2_011", A17, APPLE, MG,
         "What is Apple's FY2017 return on assets (ROA), computed with the average of total assets at the end of "
         "FY2016 and FY2017? Answer in units of percents and round to one decimal place. Base your judgments on the "
         "income statement and the balance sheet.",
         [Input("net_income", "Net income", 0, _A17_IS, _A17_Y, "48,351"),
          Input("assets_2017", "Total assets", 0, _A17_BS, _A17_E, "375,319"),
          Input("assets_2016", "Total assets", 1, _A17_BS, _A17_EP, "321,686")],
         "net_income / ((assets_2017 + assets_2016) / 2)", PERCENT, percent=True,
         reason="ROA = FY2017 net income / average total assets (end of FY2016 and end of FY2017)."),
    Spec("own2_012", A17, APPLE, DR,
         "What did Apple report as total current liabilities at fiscal year end 2017?",
         [Input("current_liabilities", "Total current liabilities", 0, _A17_BS, _A17_E, "100,814")],
         "current_liabilities", MILLIONS),
    # ---- eBay, 2019 ----
    Spec("own2_013", E19, EBAY, MG,
         "What is eBay's FY2019 free cash flow margin? Free cash flow is defined as: net cash provided by operating "
         "activities - purchases of property and equipment; FCF margin = free cash flow / net revenues. Answer in "
         "units of percents and round to one decimal place. Use the cash flow statement and the income statement.",
         [Input("cfo", "Net cash provided by operating activities", 0, _E19_CF, _year(2019), "3,114"),
          Input("capex", "Purchases of property and equipment", 0, _E19_CF, _year(2019), "(554)"),
          Input("revenue", "Net revenues", 0, _E19_IS, _year(2019), "10,800")],
         "(cfo - capex) / revenue", PERCENT, percent=True,
         reason="Free cash flow and FCF margin as defined in the question."),
    Spec("own2_014", E19, EBAY, MG,
         "Based on the income statement and the balance sheet, what was eBay's return on equity for FY2019, using "
         "average total stockholders' equity between FY2018 and FY2019? Answer in units of percents and round to "
         "one decimal place.",
         [Input("net_income", "Net income (loss)", 0, _E19_IS, _year(2019), "1,786"),
          Input("equity_2019", f"Total stockholders{Q} equity", 0, _E19_BS, "December 31, 2019", "2,870"),
          Input("equity_2018", f"Total stockholders{Q} equity", 1, _E19_BS, "December 31, 2018", "6,281")],
         "net_income / ((equity_2019 + equity_2018) / 2)", PERCENT, percent=True,
         reason="ROE = FY2019 net income / average total stockholders' equity (December 31, 2018 and 2019)."),
    Spec("own2_015", E19, EBAY, MG,
         "Using only the balance sheet, what is eBay's debt-to-equity ratio at the end of FY2019? Debt-to-equity is "
         "defined as: (short-term debt + long-term debt) / total stockholders' equity. Round your answer to two "
         "decimal places.",
         [Input("short_debt", "Short-term debt", 0, _E19_BS, "December 31, 2019", "1,022"),
          Input("long_debt", "Long-term debt", 0, _E19_BS, "December 31, 2019", "6,738"),
          Input("equity", f"Total stockholders{Q} equity", 0, _E19_BS, "December 31, 2019", "2,870")],
         "(short_debt + long_debt) / equity", RATIO,
         reason="Debt-to-equity as defined in the question; operating lease liabilities are not debt here."),
    Spec("own2_016", E19, EBAY, MG,
         "What is the FY2019 days sales outstanding (DSO) for eBay? DSO is defined as: 365 * (average accounts "
         "receivable, net between FY2018 and FY2019) / FY2019 net revenues. Round your answer to two decimal places.",
         [Input("ar_2019", "Accounts receivable, net", 0, _E19_BS, "December 31, 2019", "700"),
          Input("ar_2018", "Accounts receivable, net", 1, _E19_BS, "December 31, 2018", "712"),
          Input("revenue", "Net revenues", 0, _E19_IS, _year(2019), "10,800")],
         "365 * ((ar_2019 + ar_2018) / 2) / revenue", RATIO,
         reason="DSO as defined in the question, in days."),
    Spec("own2_017", E19, EBAY, MG,
         "Considering the data in the balance sheet, what was eBay's cash ratio at December 31, 2019? The cash ratio "
         "here is defined as: cash and cash equivalents / total current liabilities. Round your answer to two "
         "decimal places.",
         [Input("cash", "Cash and cash equivalents", 0, _E19_BS, "December 31, 2019", "975"),
          Input("current_liabilities", "Total current liabilities", 0, _E19_BS, "December 31, 2019", "4,066")],
         "cash / current_liabilities", RATIO,
         reason="Cash ratio as defined in the question (short-term investments excluded)."),
    Spec("own2_018", E19, EBAY, DR,
         "How much cash did eBay return to shareholders through dividends in FY2019?",
         [Input("dividends", "Payments for dividends", 0, _E19_CF, _year(2019), "(473)")],
         "dividends", MILLIONS),
    Spec("own2_019", E19, EBAY, DECLINE,
         "What adjusted EBITDA did eBay report for fiscal 2019?",
         reason="eBay's 2019 10-K reports no adjusted EBITDA (its only non-GAAP measure there is FX-Neutral net "
                "revenues)."),
    # ---- eBay, 2017 ----
    Spec("own2_020", E17, EBAY, MG,
         "What is eBay's FY2015 - FY2017 3 year average operating margin, using income from operations? Answer in "
         "units of percents and round to one decimal place. Base your answer on the income statement.",
         [Input("op_2017", "Income from operations", 0, _E17_IS, _year(2017), "2,265"),
          Input("rev_2017", "Net revenues", 0, _E17_IS, _year(2017), "9,567"),
          Input("op_2016", "Income from operations", 1, _E17_IS, _year(2016), "2,325"),
          Input("rev_2016", "Net revenues", 1, _E17_IS, _year(2016), "8,979"),
          Input("op_2015", "Income from operations", 2, _E17_IS, _year(2015), "2,197"),
          Input("rev_2015", "Net revenues", 2, _E17_IS, _year(2015), "8,592")],
         "(op_2017 / rev_2017 + op_2016 / rev_2016 + op_2015 / rev_2015) / 3", PERCENT, percent=True,
         reason="Operating margin = income from operations / net revenues for each year, averaged over three years."),
    Spec("own2_021", E17, EBAY, MG,
         "What was eBay's SG&A as a percentage of net revenues in FY2017? Define SG&A as sales and marketing plus "
         "general and administrative expenses. Answer in units of percents and round to one decimal place.",
         [Input("sales_marketing", "Sales and marketing", 0, _E17_IS, _year(2017), "2,515"),
          Input("general_admin", "General and administrative", 0, _E17_IS, _year(2017), "1,031"),
          Input("revenue", "Net revenues", 0, _E17_IS, _year(2017), "9,567")],
         "(sales_marketing + general_admin) / revenue", PERCENT, percent=True,
         reason="SG&A as defined in the question (sales and marketing + general and administrative)."),
    Spec("own2_022", E17, EBAY, MG,
         "What is eBay's FY2017 receivables turnover ratio? Round your answer to two decimal places. Calculate what "
         "was asked by utilizing the line items clearly shown in the income statement and the balance sheet.",
         [Input("revenue", "Net revenues", 0, _E17_IS, _year(2017), "9,567"),
          Input("ar_2017", "Accounts receivable, net", 0, _E17_BS, "December 31, 2017", "695"),
          Input("ar_2016", "Accounts receivable, net", 1, _E17_BS, "December 31, 2016", "592")],
         "revenue / ((ar_2017 + ar_2016) / 2)", RATIO,
         reason="Receivables turnover = net revenues / average accounts receivable, net (end of 2016 and 2017)."),
    Spec("own2_023", E17, EBAY, DR,
         "What long-term debt did eBay carry on its balance sheet at December 31, 2017?",
         [Input("long_debt", "Long-term debt", 0, _E17_BS, "December 31, 2017", "9,234")],
         "long_debt", MILLIONS),
    # ---- Oracle, fiscal 2021 (year ended May 31, 2021) ----
    Spec("own2_024", O21, ORACLE, MG,
         "What is Oracle's FY2021 interest coverage ratio? Round your answer to one decimal place. Base your "
         "judgments on the information provided primarily in the statement of operations.",
         [Input("operating_income", "Operating income", 0, _O21_IS, _year(2021, "May 31"), "15,213"),
          Input("interest", "Interest expense", 0, _O21_IS, _year(2021, "May 31"), "(2,496)")],
         "operating_income / interest", ONE_DECIMAL,
         reason="Interest coverage = operating income (EBIT) / interest expense."),
    Spec("own2_025", O21, ORACLE, MG,
         "What is Oracle's FY2021 unadjusted EBITDA? Define unadjusted EBITDA as unadjusted operating income + "
         "depreciation + amortization of intangible assets from the cash flow statement. Answer in USD millions. "
         "Calculate what was asked by utilizing the line items clearly shown in the P&L statement and the cash flow "
         "statement.",
         [Input("operating_income", "Operating income", 0, _O21_IS, _year(2021, "May 31"), "15,213"),
          Input("depreciation", "Depreciation", 0, _O21_CF, _year(2021, "May 31"), "1,537"),
          Input("amortization", "Amortization of intangible assets", 0, _O21_CF, _year(2021, "May 31"), "1,379")],
         "operating_income + depreciation + amortization", MILLIONS,
         reason="Unadjusted EBITDA as defined in the question."),
    Spec("own2_026", O21, ORACLE, MG,
         "What is the FY2019 - FY2021 3 year average of capital expenditures as a % of total revenues for Oracle? "
         "Answer in units of percents and round to one decimal place. Use the cash flow statement and the income "
         "statement.",
         [Input("capex_2021", "Capital expenditures", 0, _O21_CF, _year(2021, "May 31"), "(2,135)"),
          Input("rev_2021", "Total revenues", 0, _O21_IS, _year(2021, "May 31"), "40,479"),
          Input("capex_2020", "Capital expenditures", 1, _O21_CF, _year(2020, "May 31"), "(1,564)"),
          Input("rev_2020", "Total revenues", 1, _O21_IS, _year(2020, "May 31"), "39,068"),
          Input("capex_2019", "Capital expenditures", 2, _O21_CF, _year(2019, "May 31"), "(1,660)"),
          Input("rev_2019", "Total revenues", 2, _O21_IS, _year(2019, "May 31"), "39,506")],
         "(capex_2021 / rev_2021 + capex_2020 / rev_2020 + capex_2019 / rev_2019) / 3", PERCENT, percent=True,
         reason="Each year's capital expenditures (cash flow statement) / total revenues, averaged over three years."),
    Spec("own2_027", O21, ORACLE, MG,
         "As an equity analyst looking at the statement of operations and the balance sheet, what total asset "
         "turnover did Oracle achieve in FY2021 (based on average total assets)? Round your answer to two decimal "
         "places.",
         [Input("revenue", "Total revenues", 0, _O21_IS, _year(2021, "May 31"), "40,479"),
          Input("assets_2021", "Total assets", 0, _O21_BS, "May 31, 2021", "131,107"),
          Input("assets_2020", "Total assets", 1, _O21_BS, "May 31, 2020", "115,438")],
         "revenue / ((assets_2021 + assets_2020) / 2)", RATIO,
         reason="Total asset turnover = total revenues / average total assets (May 31, 2020 and 2021)."),
    Spec("own2_028", O21, ORACLE, DR,
         "How much did Oracle pay to repurchase its common stock in fiscal 2021? Answer in USD billions, rounded to "
         "two decimal places.",
         [Input("buybacks", "Payments for repurchases of common stock", 0, _O21_CF, _year(2021, "May 31"),
                "(20,934)")],
         "buybacks / 1000", BILLIONS_2),
    Spec("own2_029", O21, ORACLE, DECLINE,
         "What total revenues in USD does Oracle forecast for fiscal 2022?",
         reason="The 10-K gives no revenue forecast; it only says fiscal 2022 expense growth is expected to exceed "
                "revenue growth."),
    # ---- Oracle, fiscal 2018 (year ended May 31, 2018) ----
    Spec("own2_030", O18, ORACLE, MG,
         "What was Oracle's effective tax rate in FY2018? Answer in units of percents and round to one decimal place.",
         [Input("tax", "Provision for income taxes", 0, _O18_IS, _year(2018, "May 31"), "9,066"),
          Input("pretax", "Income before provision for income taxes", 0, _O18_IS, _year(2018, "May 31"), "12,891")],
         "tax / pretax", PERCENT, percent=True,
         reason="Effective tax rate = provision for income taxes / income before provision for income taxes."),
    Spec("own2_031", O18, ORACLE, MG,
         "Using the cash flow statement, answer the following question to the best of your abilities: what was "
         "Oracle's free cash flow in FY2018? Answer in USD millions.",
         [Input("cfo", "Net cash provided by operating activities", 0, _O18_CF, _year(2018, "May 31"), "15,386"),
          Input("capex", "Capital expenditures", 0, _O18_CF, _year(2018, "May 31"), "(1,736)")],
         "cfo - capex", MILLIONS,
         reason="Free cash flow = net cash provided by operating activities - capital expenditures."),
    Spec("own2_032", O18, ORACLE, MG,
         "By how much did Oracle's cloud services and license support revenues grow year over year in FY2018? "
         "Answer in units of percents and round to one decimal place.",
         [Input("rev_2018", "Cloud services and license support", 0, _O18_IS, _year(2018, "May 31"), "26,254"),
          Input("rev_2017", "Cloud services and license support", 1, _O18_IS, _year(2017, "May 31"), "23,800")],
         "rev_2018 / rev_2017 - 1", PERCENT, percent=True,
         reason="Growth = FY2018 cloud services and license support revenues / FY2017 - 1."),
    Spec("own2_033", O18, ORACLE, MG,
         "Oracle FY2018: what was the net profit margin? Answer in units of percents and round to one decimal place. "
         "Base your judgments on the statement of operations.",
         [Input("net_income", "Net income", 0, _O18_IS, _year(2018, "May 31"), "3,825"),
          Input("revenue", "Total revenues", 0, _O18_IS, _year(2018, "May 31"), "39,831")],
         "net_income / revenue", PERCENT, percent=True,
         reason="Net profit margin = net income / total revenues."),
    Spec("own2_034", O18, ORACLE, MG,
         "We want to calculate a financial metric. Please help us compute it by basing your answers off of the cash "
         "flow statement and the income statement. Here's the question: what is the FY2018 retention ratio for "
         "Oracle? Retention ratio is defined as: (net income - payments of dividends to stockholders) / net income. "
         "Round answer to two decimal places.",
         [Input("net_income", "Net income", 0, _O18_IS, _year(2018, "May 31"), "3,825"),
          Input("dividends", "Payments of dividends to stockholders", 0, _O18_CF, _year(2018, "May 31"),
                "(3,140)")],
         "(net_income - dividends) / net_income", RATIO,
         reason="Retention ratio as defined in the question."),
    Spec("own2_035", O18, ORACLE, DR,
         "How much cash did Oracle spend on acquisitions, net of cash acquired, in fiscal 2017?",
         [Input("acquisitions", "Acquisitions, net of cash acquired", 1, _O18_CF, _year(2017, "May 31"),
                "(11,221)")],
         "acquisitions", MILLIONS),
    # ---- PG&E Corporation, 2019 ----
    Spec("own2_036", P19, PGE, MG,
         "What is PG&E Corporation's FY2019 D&A as a % of total operating revenues? Define D&A as the "
         "'depreciation, amortization, and decommissioning' line of the income statement. Answer in units of "
         "percents and round to one decimal place.",
         [Input("da", "Depreciation, amortization, and decommissioning", 0, _P19_IS, _year(2019), "3,234"),
          Input("revenue", "Total operating revenues", 0, _P19_IS, _year(2019), "17,129")],
         "da / revenue", PERCENT, percent=True,
         reason="D&A as defined in the question / total operating revenues."),
    Spec("own2_037", P19, PGE, MG,
         "What was PG&E Corporation's working capital at the end of FY2019? Answer in USD millions. Base your "
         "judgments on the consolidated balance sheets.",
         [Input("current_assets", "Total current assets", 0, _P19_BS_ASSETS, "December 31, 2019", "10,165"),
          Input("current_liabilities", "Total current liabilities", 0, _P19_BS_LIABS, "December 31, 2019",
                "7,631")],
         "current_assets - current_liabilities", MILLIONS,
         reason="Working capital = total current assets - total current liabilities (PG&E Corporation, not the "
                "Utility)."),
    Spec("own2_038", P19, PGE, DR,
         "What was PG&E Corporation's net property, plant, and equipment at December 31, 2019?",
         [Input("ppe", "Net property, plant, and equipment", 0, _P19_BS_ASSETS, "December 31, 2019", "61,635")],
         "ppe", MILLIONS),
    Spec("own2_039", P19, PGE, DECLINE,
         "What non-GAAP core earnings per share did PG&E Corporation report for 2019?",
         reason="The 10-K reports only GAAP earnings per share; it has no core earnings or other non-GAAP EPS."),
    # ---- AES Corporation, 2020 ----
    Spec("own2_040", S20, AES, MG,
         "What is AES's FY2020 gross margin? Gross margin is defined as: (total revenue - total cost of sales) / "
         "total revenue. Answer in units of percents and round to one decimal place.",
         [Input("revenue", "Total revenue", 0, _S20_IS, _year(2020), "9,660"),
          Input("cost_of_sales", "Total cost of sales", 0, _S20_IS, _year(2020), "(6,967)")],
         "(revenue - cost_of_sales) / revenue", PERCENT, percent=True,
         reason="Gross margin as defined in the question."),
    Spec("own2_041", S20, AES, MG,
         "Considering the data in the balance sheet, what is AES's total debt to total assets ratio at the end of "
         "FY2020? Total debt here is defined as: (current non-recourse debt + recourse debt + noncurrent non-recourse "
         "debt). Round your answer to two decimal places.",
         [Input("nonrecourse_current",
                "Non-recourse debt, including $336 and $337, respectively, related to variable interest entities", 0,
                _S20_BS, "December 31, 2020, current liabilities", "1,430"),
          Input("recourse", "Recourse debt", 0, _S20_BS, "December 31, 2020", "3,446"),
          Input("nonrecourse_noncurrent",
                "Non-recourse debt, including $3,918 and $3,872, respectively, related to variable interest entities",
                0, _S20_BS, "December 31, 2020, noncurrent liabilities", "15,005"),
          Input("assets", "TOTAL ASSETS", 0, _S20_BS, "December 31, 2020", "34,603")],
         "(nonrecourse_current + recourse + nonrecourse_noncurrent) / assets", RATIO,
         reason="Total debt as defined in the question (held-for-sale liabilities excluded) / total assets."),
    Spec("own2_042", S20, AES, MG,
         "What is AES's FY2020 inventory turnover ratio? Round your answer to two decimal places. Base your "
         "judgments on the income statement and the balance sheet.",
         [Input("cost_of_sales", "Total cost of sales", 0, _S20_IS, _year(2020), "(6,967)"),
          Input("inv_2020", "Inventory", 0, _S20_BS, "December 31, 2020", "461"),
          Input("inv_2019", "Inventory", 1, _S20_BS, "December 31, 2019", "487")],
         "cost_of_sales / ((inv_2020 + inv_2019) / 2)", RATIO,
         reason="Inventory turnover = total cost of sales / average inventory (December 31, 2019 and 2020)."),
    Spec("own2_043", S20, AES, DR,
         "How much did AES pay in dividends on its common stock during 2020?",
         [Input("dividends", "Dividends paid on AES common stock", 0, _S20_CF, _year(2020), "(381)")],
         "dividends", MILLIONS),
    Spec("own2_044", S20, AES, DR,
         "What was AES's total revenue for the year 2019, as shown in its 2020 annual report?",
         [Input("revenue", "Total revenue", 1, _S20_IS, _year(2019), "10,189")],
         "revenue", MILLIONS),
    Spec("own2_045", S20, AES, DECLINE,
         "How much revenue did AES earn from green hydrogen production in 2020?",
         reason="The 2020 10-K reports no hydrogen business or revenue."),
]
