"""The fifth held-out question set: wording, the figures each needs (typed in from the statement pages) and formula.

Written blind to FinLens's question-understanding code, in FinanceBench's styles (generated metrics questions with
and without a stated definition, free analyst wordings, single line items, questions the filing cannot answer).
Filings are 10-Ks of companies outside the FinanceBench dev set (``"dev_company": false`` in
``filings-train/documents.jsonl``) and none of the first four sets' filings. Page numbers are 0-based PDF page
indexes; every filing here reports in USD millions. Each :class:`Input` is checked against its page by
``tests/benchmarks/own_questions/build_questions.py --specs <this module>``. For a metric question, ``reason`` states
the definition used; it opens the justification.
"""

from __future__ import annotations

from tests.benchmarks.own_questions.question_specs import Input, Spec

MG, DR, DECLINE = "metrics-generated", "domain-relevant", "should-decline"
MILLIONS = "${:,.0f} million"
PERCENT, RATIO = "{:.1f}%", "{:.2f}"

A16, E16, O15, O16 = "APPLE_2016_10K", "EBAY_2016_10K", "ORACLE_2015_10K", "ORACLE_2016_10K"
O20, P18, P21 = "ORACLE_2020_10K", "PG_E_2018_10K", "PG_E_2021_10K"
APPLE, EBAY, ORACLE, PGE = "Apple", "eBay", "Oracle", "PG&E Corporation"

_A16_IS, _A16_BS, _A16_CF = 41, 43, 45
_A16_Y, _A16_P, _A16_PP = ("year ended September 24, 2016", "year ended September 26, 2015",
                           "year ended September 27, 2014")
_A16_E, _A16_EP = "September 24, 2016", "September 26, 2015"
_E16_BS, _E16_IS, _E16_CF = 60, 61, 64
_E16_Y, _E16_P, _E16_PP = "year ended December 31, 2016", "year ended December 31, 2015", "year ended December 31, 2014"
_E16_E, _E16_EP = "December 31, 2016", "December 31, 2015"
_O15_BS, _O15_IS, _O15_CF = 89, 90, 93
_O15_Y, _O15_P, _O15_PP = "year ended May 31, 2015", "year ended May 31, 2014", "year ended May 31, 2013"
_O15_E, _O15_EP = "May 31, 2015", "May 31, 2014"
_O16_BS, _O16_IS, _O16_CF = 87, 88, 91
_O16_Y, _O16_P = "year ended May 31, 2016", "year ended May 31, 2015"
_O16_E, _O16_EP = "May 31, 2016", "May 31, 2015"
_O20_BS, _O20_IS, _O20_CF = 70, 71, 74
_O20_Y, _O20_P, _O20_PP = "year ended May 31, 2020", "year ended May 31, 2019", "year ended May 31, 2018"
_P18_IS, _P18_BSA, _P18_BSL, _P18_CF = 94, 96, 97, 98
_P18_Y, _P18_P = "year ended December 31, 2018", "year ended December 31, 2017"
_P21_IS, _P21_BSA, _P21_BSL, _P21_CF = 99, 101, 102, 103
_P21_Y = "year ended December 31, 2021"
_P21_E, _P21_EP = "December 31, 2021", "December 31, 2020"


def _i(name: str, label: str, column: int, page: int, period: str, value: str) -> Input:
    """One input (shorthand)."""
    return Input(name, label, column, page, period, value)


SPECS: list[Spec] = [
    # --- Apple FY2016 (year ended September 24, 2016) ---
    Spec("own5_001", A16, APPLE, MG,
         "What is the FY2016 days payable outstanding (DPO) for Apple? DPO is defined as: 365 * (average accounts "
         "payable between FY2015 and FY2016) / (FY2016 cost of sales). Round your answer to two decimal places. "
         "Base your judgments on the information provided primarily in the statement of financial position and the "
         "statement of income.",
         [_i("ap", "Accounts payable", 0, _A16_BS, _A16_E, "37,294"),
          _i("ap_prev", "Accounts payable", 1, _A16_BS, _A16_EP, "35,490"),
          _i("cogs", "Cost of sales", 0, _A16_IS, _A16_Y, "131,376")],
         "365 * ((ap + ap_prev) / 2) / cogs", RATIO,
         reason="DPO = 365 x average accounts payable (FY2015 and FY2016 year-ends) / FY2016 cost of sales."),
    Spec("own5_002", A16, APPLE, MG,
         "What is the FY2016 unadjusted EBITDA % margin for Apple? Calculate unadjusted EBITDA using unadjusted "
         "operating income and D&A (from cash flow statement). Answer in units of percents and round to one decimal "
         "place. Calculate what was asked by utilizing the line items clearly shown in the cash flow statement and "
         "the income statement.",
         [_i("oi", "Operating income", 0, _A16_IS, _A16_Y, "60,024"),
          _i("da", "Depreciation and amortization", 0, _A16_CF, _A16_Y, "10,505"),
          _i("rev", "Net sales", 0, _A16_IS, _A16_Y, "215,639")],
         "(oi + da) / rev", PERCENT, percent=True,
         reason="Unadjusted EBITDA margin = (operating income + depreciation and amortization from the cash flow "
                "statement) / net sales."),
    Spec("own5_003", A16, APPLE, MG,
         "What is the FY2014 - FY2016 3 year average gross margin % for Apple? Gross margin % is gross margin / net "
         "sales for each year. Answer in units of percents and round to one decimal place. Address the question by "
         "using the line items and information shown within the income statement.",
         [_i("gm", "Gross margin", 0, _A16_IS, _A16_Y, "84,263"),
          _i("gm_p", "Gross margin", 1, _A16_IS, _A16_P, "93,626"),
          _i("gm_pp", "Gross margin", 2, _A16_IS, _A16_PP, "70,537"),
          _i("rev", "Net sales", 0, _A16_IS, _A16_Y, "215,639"),
          _i("rev_p", "Net sales", 1, _A16_IS, _A16_P, "233,715"),
          _i("rev_pp", "Net sales", 2, _A16_IS, _A16_PP, "182,795")],
         "(gm / rev + gm_p / rev_p + gm_pp / rev_pp) / 3", PERCENT, percent=True,
         reason="Simple average of the three yearly gross margin percentages (gross margin / net sales)."),
    Spec("own5_004", A16, APPLE, MG,
         "Apple's top line shrank in fiscal 2016 for the first time in years. By what percentage did its net sales "
         "change from fiscal 2015 to fiscal 2016? Give the answer in percent to one decimal place.",
         [_i("rev", "Net sales", 0, _A16_IS, _A16_Y, "215,639"),
          _i("rev_p", "Net sales", 1, _A16_IS, _A16_P, "233,715")],
         "rev / rev_p - 1", PERCENT, percent=True,
         reason="Year-over-year change in net sales = FY2016 net sales / FY2015 net sales - 1."),
    Spec("own5_005", A16, APPLE, MG,
         "You are a credit analyst and your only resource to answer the following question is the statement of "
         "financial position. Here's the question: what is the FY2016 quick ratio for Apple? Quick ratio is "
         "defined as: (cash and cash equivalents + short-term marketable securities + accounts receivable) / total "
         "current liabilities. Round your answer to two decimal places.",
         [_i("cash", "Cash and cash equivalents", 0, _A16_BS, _A16_E, "20,484"),
          _i("sec", "Short-term marketable securities", 0, _A16_BS, _A16_E, "46,671"),
          _i("ar", "Accounts receivable, less allowances of $53 and $63, respectively", 0, _A16_BS, _A16_E, "15,754"),
          _i("cl", "Total current liabilities", 0, _A16_BS, _A16_E, "79,006")],
         "(cash + sec + ar) / cl", RATIO,
         reason="Quick ratio = (cash and cash equivalents + short-term marketable securities + net accounts "
                "receivable) / total current liabilities, at September 24, 2016."),
    Spec("own5_006", A16, APPLE, MG,
         "For fiscal 2016, what share of the cash Apple generated from operations went back to shareholders as "
         "dividends and share buybacks combined? Express it as a percentage with one decimal.",
         [_i("div", "Payments for dividends and dividend equivalents", 0, _A16_CF, _A16_Y, "(12,150)"),
          _i("rep", "Repurchases of common stock", 0, _A16_CF, _A16_Y, "(29,722)"),
          _i("cfo", "Cash generated by operating activities", 0, _A16_CF, _A16_Y, "65,824")],
         "(div + rep) / cfo", PERCENT, percent=True,
         reason="Shareholder payout as % of operating cash flow = (dividends and dividend equivalents paid + "
                "repurchases of common stock) / cash generated by operating activities."),
    Spec("own5_007", A16, APPLE, DR,
         "How much cash did Apple pay for interest in FY2015? Answer in USD millions.",
         [_i("x", "Cash paid for interest", 1, _A16_CF, _A16_P, "514")],
         "x", MILLIONS),
    # --- eBay FY2016 (year ended December 31, 2016) ---
    Spec("own5_008", E16, EBAY, MG,
         "What is the FY2016 days sales outstanding (DSO) for eBay? DSO is defined as: 365 * (average accounts "
         "receivable between FY2015 and FY2016) / (FY2016 revenue). Round your answer to two decimal places. Please "
         "base your judgments on the information provided primarily in the balance sheet and the P&L statement.",
         [_i("ar", "Accounts receivable, net", 0, _E16_BS, _E16_E, "592"),
          _i("ar_prev", "Accounts receivable, net", 1, _E16_BS, _E16_EP, "619"),
          _i("rev", "Net revenues", 0, _E16_IS, _E16_Y, "8,979")],
         "365 * ((ar + ar_prev) / 2) / rev", RATIO,
         reason="DSO = 365 x average net accounts receivable (FY2015 and FY2016 year-ends) / FY2016 net revenues."),
    Spec("own5_009", E16, EBAY, MG,
         "What was eBay's effective tax rate on income from continuing operations in FY2015? Answer in units of "
         "percents and round to one decimal place. Use only the income statement.",
         [_i("tax", "Income tax benefit (provision)", 1, _E16_IS, _E16_P, "(459)"),
          _i("pbt", "Income from continuing operations before income taxes", 1, _E16_IS, _E16_P, "2,406")],
         "tax / pbt", PERCENT, percent=True,
         reason="Effective tax rate = income tax provision / income from continuing operations before income taxes "
                "(FY2015 column)."),
    Spec("own5_010", E16, EBAY, MG,
         "We want to calculate a financial metric. Please help us compute it by basing your answers off of the cash "
         "flow statement and the income statement. Here's the question: what is eBay's FY2016 free cash flow margin? "
         "Free cash flow is net cash provided by operating activities minus purchases of property and equipment; "
         "the margin divides it by net revenues. Answer in units of percents and round to one decimal place.",
         [_i("cfo", "Net cash provided by operating activities", 0, _E16_CF, _E16_Y, "2,826"),
          _i("capex", "Purchases of property and equipment", 0, _E16_CF, _E16_Y, "(626)"),
          _i("rev", "Net revenues", 0, _E16_IS, _E16_Y, "8,979")],
         "(cfo - capex) / rev", PERCENT, percent=True,
         reason="FCF margin = (net cash provided by operating activities - purchases of property and equipment) / "
                "net revenues (using continuing operating cash flow, 2,827, gives the same rounded answer)."),
    Spec("own5_011", E16, EBAY, MG,
         "What is eBay's FY2016 debt-to-equity ratio? Define total debt as short-term debt plus long-term debt, and "
         "divide it by total stockholders' equity. Round your answer to two decimal places. Base your judgments on "
         "the information provided primarily in the balance sheet.",
         [_i("std", "Short-term debt", 0, _E16_BS, _E16_E, "1,451"),
          _i("ltd", "Long-term debt", 0, _E16_BS, _E16_E, "7,509"),
          _i("eq", "Total stockholders\u2019 equity", 0, _E16_BS, _E16_E, "10,539")],
         "(std + ltd) / eq", RATIO,
         reason="Debt to equity = (short-term debt + long-term debt) / total stockholders' equity, at December 31, "
                "2016."),
    Spec("own5_012", E16, EBAY, MG,
         "On average over 2014, 2015 and 2016, how many cents of each net revenue dollar did eBay put into product "
         "development? Give it as a percentage of net revenues (the simple average of the three yearly ratios), "
         "to one decimal place.",
         [_i("pd", "Product development", 0, _E16_IS, _E16_Y, "1,114"),
          _i("pd_p", "Product development", 1, _E16_IS, _E16_P, "923"),
          _i("pd_pp", "Product development", 2, _E16_IS, _E16_PP, "983"),
          _i("rev", "Net revenues", 0, _E16_IS, _E16_Y, "8,979"),
          _i("rev_p", "Net revenues", 1, _E16_IS, _E16_P, "8,592"),
          _i("rev_pp", "Net revenues", 2, _E16_IS, _E16_PP, "8,790")],
         "(pd / rev + pd_p / rev_p + pd_pp / rev_pp) / 3", PERCENT, percent=True,
         reason="Simple average of the three yearly ratios of product development expense to net revenues."),
    # --- Oracle FY2015 (year ended May 31, 2015) ---
    Spec("own5_013", O15, ORACLE, MG,
         "What is Oracle's FY2015 return on equity? ROE is defined as: FY2015 net income / (average total Oracle "
         "Corporation stockholders' equity between FY2014 and FY2015). Answer in units of percents and round to one "
         "decimal place. Answer the question asked by assuming you only had access to the income statement and the "
         "balance sheet.",
         [_i("ni", "Net income", 0, _O15_IS, _O15_Y, "9,938"),
          _i("eq", "Total Oracle Corporation stockholders\u2019 equity", 0, _O15_BS, _O15_E, "48,663"),
          _i("eq_prev", "Total Oracle Corporation stockholders\u2019 equity", 1, _O15_BS, _O15_EP, "46,878")],
         "ni / ((eq + eq_prev) / 2)", PERCENT, percent=True,
         reason="ROE = net income / average total Oracle Corporation stockholders' equity (May 31, 2014 and 2015)."),
    Spec("own5_014", O15, ORACLE, MG,
         "What is the FY2013 - FY2015 3 year average of capex as a % of revenue for Oracle? Answer in units of "
         "percents and round to one decimal place. Calculate (or extract) the answer from the statement of income "
         "and the cash flow statement.",
         [_i("capex", "Capital expenditures", 0, _O15_CF, _O15_Y, "(1,391)"),
          _i("capex_p", "Capital expenditures", 1, _O15_CF, _O15_P, "(580)"),
          _i("capex_pp", "Capital expenditures", 2, _O15_CF, _O15_PP, "(650)"),
          _i("rev", "Total revenues", 0, _O15_IS, _O15_Y, "38,226"),
          _i("rev_p", "Total revenues", 1, _O15_IS, _O15_P, "38,275"),
          _i("rev_pp", "Total revenues", 2, _O15_IS, _O15_PP, "37,180")],
         "(capex / rev + capex_p / rev_p + capex_pp / rev_pp) / 3", PERCENT, percent=True,
         reason="Simple average of the three yearly ratios of capital expenditures to total revenues."),
    Spec("own5_015", O15, ORACLE, MG,
         "You are an investment banker and your only resource(s) to answer the following question is (are): the "
         "statement of financial position. Here's the question: what is the FY2015 cash ratio for Oracle? Cash "
         "ratio is defined as: cash and cash equivalents / total current liabilities. Round your answer to two "
         "decimal places.",
         [_i("cash", "Cash and cash equivalents", 0, _O15_BS, _O15_E, "21,716"),
          _i("cl", "Total current liabilities", 0, _O15_BS, _O15_E, "15,291")],
         "cash / cl", RATIO,
         reason="Cash ratio = cash and cash equivalents / total current liabilities, at May 31, 2015 (marketable "
                "securities excluded, as defined)."),
    Spec("own5_016", O15, ORACLE, MG,
         "Looking back one year from its fiscal 2015 report: what did Oracle spend on research and development in "
         "fiscal 2014 as a percentage of total revenues? One decimal place, please.",
         [_i("rd", "Research and development", 1, _O15_IS, _O15_P, "5,151"),
          _i("rev", "Total revenues", 1, _O15_IS, _O15_P, "38,275")],
         "rd / rev", PERCENT, percent=True,
         reason="R&D intensity = research and development expense / total revenues (FY2014 column)."),
    Spec("own5_017", O15, ORACLE, MG,
         "What is Oracle's FY2015 unadjusted EBITDA (using unadjusted operating income and D&A from the cash flow "
         "statement, where D&A is depreciation plus amortization of intangible assets)? Answer in USD millions. "
         "Respond to the question by assuming the perspective of an investment analyst who can only use the details "
         "shown within the income statement and the cash flow statement.",
         [_i("oi", "Operating income", 0, _O15_IS, _O15_Y, "13,871"),
          _i("dep", "Depreciation", 0, _O15_CF, _O15_Y, "712"),
          _i("amort", "Amortization of intangible assets", 0, _O15_CF, _O15_Y, "2,149")],
         "oi + dep + amort", MILLIONS,
         reason="Unadjusted EBITDA = operating income + depreciation + amortization of intangible assets (cash flow "
                "statement)."),
    Spec("own5_018", O15, ORACLE, DR,
         "What were Oracle's FY2015 revenues from cloud infrastructure as a service? Answer in USD millions.",
         [_i("x", "Cloud infrastructure as a service", 0, _O15_IS, _O15_Y, "608")],
         "x", MILLIONS),
    # --- Oracle FY2016 (year ended May 31, 2016) ---
    Spec("own5_019", O16, ORACLE, MG,
         "What is Oracle's FY2016 dividend payout ratio (cash dividends paid to stockholders / net income)? Answer "
         "in units of percents and round to one decimal place. Compute it from "
         "the cash flow statement.",
         [_i("div", "Payments of dividends to stockholders", 0, _O16_CF, _O16_Y, "(2,541)"),
          _i("ni", "Net income", 0, _O16_CF, _O16_Y, "8,901")],
         "div / ni", PERCENT, percent=True,
         reason="Dividend payout ratio = payments of dividends to stockholders / net income."),
    Spec("own5_020", O16, ORACLE, MG,
         "Oracle's cloud push was the story of fiscal 2016. How fast did its total cloud revenues grow from fiscal "
         "2015 to fiscal 2016? Answer as a percentage rounded to one decimal.",
         [_i("cloud", "Total cloud revenues", 0, _O16_IS, _O16_Y, "2,853"),
          _i("cloud_p", "Total cloud revenues", 1, _O16_IS, _O16_P, "2,093")],
         "cloud / cloud_p - 1", PERCENT, percent=True,
         reason="Growth = FY2016 total cloud revenues / FY2015 total cloud revenues - 1."),
    Spec("own5_021", O16, ORACLE, MG,
         "What is Oracle's FY2016 return on assets (ROA)? ROA is defined as: FY2016 net income / (average total "
         "assets between FY2015 and FY2016). Round your answer to two decimal places and answer in percent. Base "
         "your judgments on the information provided primarily in the balance sheet and the income statement.",
         [_i("ni", "Net income", 0, _O16_IS, _O16_Y, "8,901"),
          _i("ta", "Total assets", 0, _O16_BS, _O16_E, "112,180"),
          _i("ta_prev", "Total assets", 1, _O16_BS, _O16_EP, "110,903")],
         "ni / ((ta + ta_prev) / 2)", "{:.2f}%", percent=True,
         reason="ROA = net income / average total assets (May 31, 2015 and 2016, both as printed in the FY2016 "
                "balance sheet)."),
    Spec("own5_022", O16, ORACLE, MG,
         "How many dollars of revenue did Oracle produce for every dollar of net property, plant and equipment in "
         "fiscal 2016? Use the average of the opening and closing net PP&E balances and round to two decimals.",
         [_i("rev", "Total revenues", 0, _O16_IS, _O16_Y, "37,047"),
          _i("ppe", "Property, plant and equipment, net", 0, _O16_BS, _O16_E, "4,000"),
          _i("ppe_prev", "Property, plant and equipment, net", 1, _O16_BS, _O16_EP, "3,686")],
         "rev / ((ppe + ppe_prev) / 2)", RATIO,
         reason="Fixed asset turnover = FY2016 total revenues / average net PP&E (May 31, 2015 and 2016)."),
    Spec("own5_023", O16, ORACLE, DR,
         "What restructuring expense did Oracle report in its income statement for FY2016? Answer in USD millions.",
         [_i("x", "Restructuring", 0, _O16_IS, _O16_Y, "458")],
         "x", MILLIONS),
    # --- Oracle FY2020 (year ended May 31, 2020) ---
    Spec("own5_024", O20, ORACLE, MG,
         "As a portfolio manager I look at free cash flow conversion: free cash flow (net cash provided by operating "
         "activities less capital expenditures) divided by net income. What was Oracle's in fiscal 2020? Two "
         "decimals.",
         [_i("cfo", "Net cash provided by operating activities", 0, _O20_CF, _O20_Y, "13,139"),
          _i("capex", "Capital expenditures", 0, _O20_CF, _O20_Y, "(1,564)"),
          _i("ni", "Net income", 0, _O20_IS, _O20_Y, "10,135")],
         "(cfo - capex) / ni", RATIO,
         reason="FCF conversion = (net cash provided by operating activities - capital expenditures) / net "
                "income."),
    Spec("own5_025", O20, ORACLE, MG,
         "What is Oracle's FY2020 effective tax rate? Effective tax rate is defined as: provision for income taxes / "
         "income before provision for income taxes. Answer in units of percents and round to one decimal place. "
         "Give a solution to the question by using the income statement.",
         [_i("tax", "Provision for income taxes", 0, _O20_IS, _O20_Y, "1,928"),
          _i("pbt", "Income before provision for income taxes", 0, _O20_IS, _O20_Y, "12,063")],
         "tax / pbt", PERCENT, percent=True,
         reason="Effective tax rate = provision for income taxes / income before provision for income taxes."),
    Spec("own5_026", O20, ORACLE, MG,
         "What is the 2 year total revenues CAGR from FY2018 to FY2020 (in units of percents and round to one "
         "decimal place) for Oracle? Provide a response to the question by primarily using the statement of income.",
         [_i("rev", "Total revenues", 0, _O20_IS, _O20_Y, "39,068"),
          _i("rev_pp", "Total revenues", 2, _O20_IS, _O20_PP, "39,383")],
         "(rev / rev_pp) ** 0.5 - 1", PERCENT, percent=True,
         reason="2-year CAGR = (FY2020 total revenues / FY2018 total revenues)^(1/2) - 1."),
    Spec("own5_027", O20, ORACLE, MG,
         "In fiscal 2019 Oracle bought back stock on a massive scale. How many times its net cash from operating "
         "activities did it spend on repurchases of common stock that year? Round to two decimals.",
         [_i("rep", "Payments for repurchases of common stock", 1, _O20_CF, _O20_P, "(36,140)"),
          _i("cfo", "Net cash provided by operating activities", 1, _O20_CF, _O20_P, "14,551")],
         "rep / cfo", RATIO,
         reason="Buybacks to operating cash flow = payments for repurchases of common stock / net cash provided by "
                "operating activities (FY2019 column)."),
    Spec("own5_028", O20, ORACLE, DR,
         "How much cash did Oracle pay for income taxes in FY2020? Answer in USD millions.",
         [_i("x", "Cash paid for income taxes", 0, _O20_CF, _O20_Y, "3,218")],
         "x", MILLIONS),
    # --- PG&E Corporation FY2018 (year ended December 31, 2018) ---
    Spec("own5_029", P18, PGE, MG,
         "What is PG&E Corporation's FY2018 capital expenditure as a % of total operating revenues? Answer in units "
         "of percents and round to one decimal place. Calculate what was asked by utilizing the line items clearly "
         "shown in the cash flow statement and the income statement.",
         [_i("capex", "Capital expenditures", 0, _P18_CF, _P18_Y, "(6,514)"),
          _i("rev", "Total operating revenues", 0, _P18_IS, _P18_Y, "16,759")],
         "capex / rev", PERCENT, percent=True,
         reason="Capex intensity = capital expenditures / total operating revenues."),
    Spec("own5_030", P18, PGE, MG,
         "What is PG&E Corporation's year-over-year change in total operating revenues from FY2017 to FY2018 (in "
         "units of percents and round to one decimal place)? Give a solution to the question by using the income "
         "statement.",
         [_i("rev", "Total operating revenues", 0, _P18_IS, _P18_Y, "16,759"),
          _i("rev_p", "Total operating revenues", 1, _P18_IS, _P18_P, "17,135")],
         "rev / rev_p - 1", PERCENT, percent=True,
         reason="Year-over-year change = FY2018 total operating revenues / FY2017 total operating revenues - 1."),
    Spec("own5_031", P18, PGE, MG,
         "What is the FY2017 interest coverage ratio for PG&E Corporation? Interest coverage ratio is defined as: "
         "operating income / interest expense. Round your answer to two decimal places. Base your judgments on the "
         "information provided primarily in the statement of income.",
         [_i("oi", "Operating Income (Loss)", 1, _P18_IS, _P18_P, "2,905"),
          _i("ie", "Interest expense", 1, _P18_IS, _P18_P, "(888)")],
         "oi / ie", RATIO,
         reason="Interest coverage = operating income / interest expense (FY2017 column of the FY2018 filing)."),
    Spec("own5_032", P18, PGE, DR,
         "What did PG&E Corporation record for wildfire-related claims, net of insurance recoveries, as an operating "
         "expense in FY2018? Answer in USD millions.",
         [_i("x", "Wildfire-related claims, net of insurance recoveries", 0, _P18_IS, _P18_Y, "11,771")],
         "x", MILLIONS),
    # --- PG&E Corporation FY2021 (year ended December 31, 2021) ---
    Spec("own5_033", P21, PGE, MG,
         "What is PG&E Corporation's FY2020 current ratio? Current ratio is defined as: total current assets / total "
         "current liabilities. Round your answer to two decimal places. Base your judgments on the information "
         "provided primarily in the balance sheet of the FY2021 annual report.",
         [_i("ca", "Total current assets", 1, _P21_BSA, _P21_EP, "9,602"),
          _i("cl", "Total current liabilities", 1, _P21_BSL, _P21_EP, "13,581")],
         "ca / cl", RATIO,
         reason="Current ratio = total current assets / total current liabilities, at December 31, 2020 (prior-year "
                "column of the FY2021 balance sheet)."),
    Spec("own5_034", P21, PGE, MG,
         "What is PG&E Corporation's FY2021 operating and maintenance expense as a % of total operating revenues? "
         "Answer in units of percents and round to one decimal place. Address the question by using the line items "
         "and information shown within the income statement.",
         [_i("om", "Operating and maintenance", 0, _P21_IS, _P21_Y, "10,200"),
          _i("rev", "Total operating revenues", 0, _P21_IS, _P21_Y, "20,642")],
         "om / rev", PERCENT, percent=True,
         reason="Operating and maintenance expense / total operating revenues."),
    Spec("own5_035", P21, PGE, MG,
         "A credit analyst wants PG&E Corporation's leverage at the end of 2021: long-term debt, including the part "
         "classified as current, divided by total equity (short-term borrowings left out). What is it, to two "
         "decimals?",
         [_i("cur", "Long-term debt, classified as current (includes $18 million and $0 related to VIEs at respective "
                    "dates)", 0, _P21_BSL, _P21_E, "4,481"),
          _i("ltd", "Long-term debt (includes $1.82 billion and $1.0 billion related to VIEs at respective dates)", 0,
             _P21_BSL, _P21_E, "38,225"),
          _i("eq", "Total equity", 0, _P21_BSL, _P21_E, "21,223")],
         "(cur + ltd) / eq", RATIO,
         reason="Long-term debt to equity = (long-term debt classified as current + long-term debt) / total equity, "
                "at December 31, 2021."),
    Spec("own5_036", P21, PGE, DR,
         "What was PG&E Corporation's wildfire fund expense in FY2021? Answer in USD millions.",
         [_i("x", "Wildfire fund expense", 0, _P21_IS, _P21_Y, "517")],
         "x", MILLIONS),
    # --- Questions the filing cannot answer ---
    Spec("own5_037", A16, APPLE, DECLINE,
         "How much revenue did Apple's App Store generate in FY2016, in USD millions?",
         reason="Apple's FY2016 10-K reports App Store sales only inside the Services category (net sales of "
                "$24,348 million in 2016, which also includes iTunes, AppleCare, Apple Pay and licensing); no App "
                "Store figure is disclosed."),
    Spec("own5_038", E16, EBAY, DECLINE,
         "What was eBay's customer acquisition cost per new active buyer in FY2016?",
         reason="eBay's FY2016 10-K discloses sales and marketing expense and the number of active buyers but "
                "neither the number of new buyers nor any acquisition cost per buyer."),
    Spec("own5_039", O20, ORACLE, DECLINE,
         "What revenue did Oracle's Autonomous Database offerings generate in FY2020? Answer in USD millions.",
         reason="Oracle's FY2020 10-K describes the Autonomous Database offerings but reports revenue only by broad "
                "category (cloud services and license support, cloud license and on-premise license, hardware, "
                "services); no Autonomous Database revenue is disclosed."),
    Spec("own5_040", P18, PGE, DECLINE,
         "What share of California's total retail electricity sales did PG&E Corporation hold in 2018, in percent?",
         reason="PG&E Corporation's FY2018 10-K reports its own electricity sales and customers but gives no share of "
                "California's total retail electricity sales (no market share figure appears in the filing)."),
]
