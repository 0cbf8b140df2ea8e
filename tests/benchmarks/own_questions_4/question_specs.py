"""The fourth held-out question set: wording, the figures each needs (typed in from the statement pages) and formula.

Written blind to FinLens's question-understanding code, in FinanceBench's styles (generated metrics questions with
and without a stated definition, free analyst wordings, single line items, questions the filing cannot answer).
Filings are 10-Ks of companies outside the FinanceBench dev set (``"dev_company": false`` in
``filings-train/documents.jsonl``) and none of the first, second or third set's filings. Page numbers are 0-based
PDF page indexes; every filing here reports in USD millions. Each :class:`Input` is checked against its page by
``tests/benchmarks/own_questions/build_questions.py --specs <this module>``. For a metric question, ``reason`` states
the definition used; it opens the justification.
"""

from __future__ import annotations

from tests.benchmarks.own_questions.question_specs import Input, Spec

MG, DR, DECLINE = "metrics-generated", "domain-relevant", "should-decline"
MILLIONS, BILLIONS_1 = "${:,.0f} million", "${:,.1f} billion"
PERCENT, PERCENT_2, RATIO = "{:.1f}%", "{:.2f}%", "{:.2f}"

A18, A20, E18, E20 = "APPLE_2018_10K", "APPLE_2020_10K", "EBAY_2018_10K", "EBAY_2020_10K"
O17, O19, P16, S15 = "ORACLE_2017_10K", "ORACLE_2019_10K", "PG_E_2016_10K", "AES_2015_10K"
APPLE, EBAY, ORACLE, PGE, AES = "Apple", "eBay", "Oracle", "PG&E Corporation", "AES Corporation"
Q = "\u2019"  # the curly apostrophe Apple and eBay print in "shareholders' equity"

_A18_IS, _A18_BS, _A18_CF = 40, 42, 44
_A18_Y, _A18_P, _A18_PP = ("year ended September 29, 2018", "year ended September 30, 2017",
                           "year ended September 24, 2016")
_A18_E, _A18_EP = "September 29, 2018", "September 30, 2017"
_A20_IS, _A20_BS, _A20_CF = 33, 35, 37
_A20_Y, _A20_P = "year ended September 26, 2020", "year ended September 28, 2019"
_A20_PP = "year ended September 29, 2018"
_A20_E, _A20_EP = "September 26, 2020", "September 28, 2019"
_E18_BS, _E18_IS, _E18_CF = 60, 61, 64
_E18_Y, _E18_P, _E18_PP = "year ended December 31, 2018", "year ended December 31, 2017", "year ended December 31, 2016"
_E18_E = "December 31, 2018"
_E20_BS, _E20_IS, _E20_CF = 60, 61, 64
_E20_Y, _E20_P, _E20_PP = "year ended December 31, 2020", "year ended December 31, 2019", "year ended December 31, 2018"
_O17_BS, _O17_IS, _O17_CF = 83, 84, 87
_O17_Y, _O17_P, _O17_PP = "year ended May 31, 2017", "year ended May 31, 2016", "year ended May 31, 2015"
_O17_E, _O17_EP = "May 31, 2017", "May 31, 2016"
_O19_BS, _O19_IS, _O19_CF = 68, 69, 72
_O19_Y, _O19_P = "year ended May 31, 2019", "year ended May 31, 2018"
_O19_E = "May 31, 2019"
_P16_IS, _P16_BS1, _P16_BS2, _P16_CF = 84, 86, 87, 88
_P16_Y, _P16_P, _P16_PP = "year ended December 31, 2016", "year ended December 31, 2015", "year ended December 31, 2014"
_P16_E, _P16_EP = "December 31, 2016", "December 31, 2015"
_S15_BS, _S15_IS, _S15_CF = 138, 140, 145
_S15_Y, _S15_P = "year ended December 31, 2015", "year ended December 31, 2014"
_S15_E, _S15_EP = "December 31, 2015", "December 31, 2014"

_APPLE_SPECS: list[Spec] = [
    # --- Apple, FY2018 (year ended September 29, 2018) --------------------------------------------------------------
    Spec("own4_001", A18, APPLE, MG,
         "What is the FY2018 inventory turnover ratio for Apple? Inventory turnover ratio is defined as: FY2018 cost "
         "of sales / (average inventories between FY2017 and FY2018). Round your answer to two decimal places. Base "
         "your judgments on the information provided primarily in the statement of income and the statement of "
         "financial position.",
         [Input("cogs", "Cost of sales", 0, _A18_IS, _A18_Y, "163,756"),
          Input("inv", "Inventories", 0, _A18_BS, _A18_E, "3,956"),
          Input("inv_p", "Inventories", 1, _A18_BS, _A18_EP, "4,855")],
         "cogs / ((inv + inv_p) / 2)", RATIO,
         reason="Inventory turnover as defined in the question (times)."),
    Spec("own4_002", A18, APPLE, MG,
         "What is the FY2016 - FY2018 3 year average of research and development expense as a % of net sales for "
         "Apple? Answer in units of percents and round to one decimal place. Calculate what was asked by utilizing "
         "the line items clearly shown in the income statement.",
         [Input("rd", "Research and development", 0, _A18_IS, _A18_Y, "14,236"),
          Input("rd_p", "Research and development", 1, _A18_IS, _A18_P, "11,581"),
          Input("rd_pp", "Research and development", 2, _A18_IS, _A18_PP, "10,045"),
          Input("rev", "Net sales", 0, _A18_IS, _A18_Y, "265,595"),
          Input("rev_p", "Net sales", 1, _A18_IS, _A18_P, "229,234"),
          Input("rev_pp", "Net sales", 2, _A18_IS, _A18_PP, "215,639")],
         "(rd / rev + rd_p / rev_p + rd_pp / rev_pp) / 3", PERCENT, percent=True,
         reason="Mean of the three yearly ratios research and development / net sales, FY2016-FY2018."),
    Spec("own4_003", A18, APPLE, MG,
         "Using the average of its opening and closing total shareholders' equity, what return on equity did Apple "
         "earn in fiscal 2018? Give the answer as a percentage rounded to one decimal place.",
         [Input("ni", "Net income", 0, _A18_IS, _A18_Y, "59,531"),
          Input("eq", f"Total shareholders{Q} equity", 0, _A18_BS, _A18_E, "107,147"),
          Input("eq_p", f"Total shareholders{Q} equity", 1, _A18_BS, _A18_EP, "134,047")],
         "ni / ((eq + eq_p) / 2)", PERCENT, percent=True,
         reason="ROE = FY2018 net income / average of FY2017 and FY2018 total shareholders' equity."),
    Spec("own4_004", A18, APPLE, DR,
         "What is Apple's FY2017 capital expenditure (in USD millions)? Respond to the question by assuming the "
         "perspective of an investment analyst who can only use the details shown within the cash flow statement.",
         [Input("capex", "Payments for acquisition of property, plant and equipment", 1, _A18_CF, _A18_P,
                "(12,451)")],
         "capex", MILLIONS),
    # --- Apple, FY2020 (year ended September 26, 2020) --------------------------------------------------------------
    Spec("own4_005", A20, APPLE, MG,
         "What is Apple's FY2020 days sales outstanding (DSO)? DSO is defined as: 365 * (average accounts receivable, "
         "net between FY2019 and FY2020) / (FY2020 total net sales). Round your answer to two decimal places. Address "
         "the question by using the line items and information shown within the balance sheet and the P&L statement.",
         [Input("ar", "Accounts receivable, net", 0, _A20_BS, _A20_E, "16,120"),
          Input("ar_p", "Accounts receivable, net", 1, _A20_BS, _A20_EP, "22,926"),
          Input("sales", "Total net sales", 0, _A20_IS, _A20_Y, "274,515")],
         "365 * ((ar + ar_p) / 2) / sales", RATIO,
         reason="DSO as defined in the question, in days."),
    Spec("own4_006", A20, APPLE, MG,
         "Roughly how much free cash flow did Apple generate in fiscal 2020, taking cash generated by operating "
         "activities minus payments for property, plant and equipment? Give it in USD billions to one decimal place.",
         [Input("cfo", "Cash generated by operating activities", 0, _A20_CF, _A20_Y, "80,674"),
          Input("capex", "Payments for acquisition of property, plant and equipment", 0, _A20_CF, _A20_Y,
                "(7,309)")],
         "(cfo - capex) / 1000", BILLIONS_1,
         reason="Free cash flow = cash generated by operating activities - payments for acquisition of property, "
                "plant and equipment, converted from USD millions to USD billions."),
    Spec("own4_007", A20, APPLE, MG,
         "What gross margin did Apple earn on its Services business in fiscal 2020, i.e. Services net sales less "
         "Services cost of sales, as a share of Services net sales? Answer as a percentage with one decimal.",
         [Input("svc_sales", "Services", 0, _A20_IS, _A20_Y, "53,768"),
          Input("svc_cost", "Services", 0, _A20_IS, _A20_Y, "18,273", occurrence=1)],
         "(svc_sales - svc_cost) / svc_sales", PERCENT, percent=True,
         reason="Services gross margin = (Services net sales - Services cost of sales) / Services net sales."),
    Spec("own4_008", A20, APPLE, MG,
         "What is the FY2019 year-over-year change in total net sales for Apple (in units of percents, rounded to "
         "one decimal place)? Base your answer on the statement of operations.",
         [Input("sales_p", "Total net sales", 1, _A20_IS, _A20_P, "260,174"),
          Input("sales_pp", "Total net sales", 2, _A20_IS, _A20_PP, "265,595")],
         "(sales_p - sales_pp) / sales_pp", PERCENT, percent=True,
         reason="Year-over-year change = (FY2019 total net sales - FY2018 total net sales) / FY2018 total net sales."),
    Spec("own4_009", A20, APPLE, MG,
         "What share of its fiscal 2020 net income did Apple hand back to shareholders through common stock "
         "repurchases and dividend payments combined? Express it as a percentage of net income, one decimal.",
         [Input("buyback", "Repurchases of common stock", 0, _A20_CF, _A20_Y, "(72,358)"),
          Input("div", "Payments for dividends and dividend equivalents", 0, _A20_CF, _A20_Y, "(14,081)"),
          Input("ni", "Net income", 0, _A20_IS, _A20_Y, "57,411")],
         "(buyback + div) / ni", PERCENT, percent=True,
         reason="Total shareholder payout ratio = (repurchases of common stock + payments for dividends and dividend "
                "equivalents) / net income."),
    Spec("own4_010", A20, APPLE, DECLINE,
         "How many iPhone units did Apple sell in fiscal 2020?",
         reason="Apple's FY2020 10-K reports iPhone net sales in dollars but no unit volumes; the full text has no "
                "\"units sold\", \"unit sales\", \"iPhone unit\" or \"million units\"."),
]

_EBAY_SPECS: list[Spec] = [
    # --- eBay, FY2018 -----------------------------------------------------------------------------------------------
    Spec("own4_011", E18, EBAY, MG,
         "What is the FY2018 unadjusted EBITDA % margin for eBay? Define unadjusted EBITDA as unadjusted operating "
         "income + depreciation and amortization from the cash flow statement. Answer in units of percents and round "
         "to one decimal place. Calculate what was asked by utilizing the line items clearly shown in the P&L "
         "statement and the cash flow statement.",
         [Input("op", "Income from operations", 0, _E18_IS, _E18_Y, "2,222"),
          Input("da", "Depreciation and amortization", 0, _E18_CF, _E18_Y, "696"),
          Input("rev", "Net revenues", 0, _E18_IS, _E18_Y, "10,746")],
         "(op + da) / rev", PERCENT, percent=True,
         reason="Unadjusted EBITDA margin = (income from operations + depreciation and amortization) / net revenues."),
    Spec("own4_012", E18, EBAY, MG,
         "Using eBay's FY2018 balance sheet, what is its debt-to-equity ratio? Define debt as short-term debt plus "
         "long-term debt, and divide it by total stockholders' equity. Round to two decimal places.",
         [Input("std", "Short-term debt", 0, _E18_BS, _E18_E, "1,546"),
          Input("ltd", "Long-term debt", 0, _E18_BS, _E18_E, "7,685"),
          Input("eq", f"Total stockholders{Q} equity", 0, _E18_BS, _E18_E, "6,281")],
         "(std + ltd) / eq", RATIO,
         reason="Debt to equity = (short-term debt + long-term debt) / total stockholders' equity."),
    Spec("own4_013", E18, EBAY, MG,
         "You are a marketing analyst and your only resource is eBay's income statement. What is eBay's FY2016 - "
         "FY2018 3 year average of sales and marketing expense as a percentage of net revenues? Answer in percent, "
         "rounded to one decimal place.",
         [Input("sm", "Sales and marketing", 0, _E18_IS, _E18_Y, "3,391"),
          Input("sm_p", "Sales and marketing", 1, _E18_IS, _E18_P, "2,878"),
          Input("sm_pp", "Sales and marketing", 2, _E18_IS, _E18_PP, "2,691"),
          Input("rev", "Net revenues", 0, _E18_IS, _E18_Y, "10,746"),
          Input("rev_p", "Net revenues", 1, _E18_IS, _E18_P, "9,927"),
          Input("rev_pp", "Net revenues", 2, _E18_IS, _E18_PP, "9,298")],
         "(sm / rev + sm_p / rev_p + sm_pp / rev_pp) / 3", PERCENT, percent=True,
         reason="Mean of the three yearly ratios sales and marketing / net revenues, FY2016-FY2018."),
    Spec("own4_014", E18, EBAY, MG,
         "What is eBay's FY2018 cash ratio? Cash ratio is defined as: (cash and cash equivalents + short-term "
         "investments) / total current liabilities. Round your answer to two decimal places. Answer the question "
         "using the balance sheet.",
         [Input("cash", "Cash and cash equivalents", 0, _E18_BS, _E18_E, "2,202"),
          Input("sti", "Short-term investments", 0, _E18_BS, _E18_E, "2,713"),
          Input("cl", "Total current liabilities", 0, _E18_BS, _E18_E, "4,454")],
         "(cash + sti) / cl", RATIO,
         reason="Cash ratio as defined in the question."),
    Spec("own4_015", E18, EBAY, DR,
         "What was eBay's provision for transaction losses in FY2018 (in USD millions)? Use the income statement.",
         [Input("ptl", "Provision for transaction losses", 0, _E18_IS, _E18_Y, "286")],
         "ptl", MILLIONS),
    Spec("own4_016", E18, EBAY, DECLINE,
         "What was eBay's average order value in FY2018?",
         reason="eBay's FY2018 10-K reports GMV, active buyers and revenue but no average order or transaction value; "
                "the full text has no \"order value\", \"average order\", \"average transaction\" or \"basket\"."),
    # --- eBay, FY2020 -----------------------------------------------------------------------------------------------
    Spec("own4_017", E20, EBAY, MG,
         "What effective tax rate did eBay pay on its 2020 pre-tax income from continuing operations? Answer as a "
         "percentage to one decimal place.",
         [Input("tax", "Income tax provision", 0, _E20_IS, _E20_Y, "(878)"),
          Input("pti", "Income from continuing operations before income taxes", 0, _E20_IS, _E20_Y, "3,420")],
         "tax / pti", PERCENT, percent=True,
         reason="Effective tax rate = income tax provision / income from continuing operations before income taxes."),
    Spec("own4_018", E20, EBAY, MG,
         "What is the 2 year compound annual growth rate (CAGR) of net revenues for eBay from FY2018 to FY2020? Answer "
         "in units of percents and round to one decimal place. Please base your answer on the income statement.",
         [Input("rev", "Net revenues", 0, _E20_IS, _E20_Y, "10,271"),
          Input("rev_pp", "Net revenues", 2, _E20_IS, _E20_PP, "8,650")],
         "(rev / rev_pp) ** 0.5 - 1", PERCENT, percent=True,
         reason="2-year CAGR = (FY2020 net revenues / FY2018 net revenues)^(1/2) - 1 (FY2018 as restated in the "
                "FY2020 10-K, continuing operations)."),
    Spec("own4_019", E20, EBAY, MG,
         "We want to calculate a financial metric. Please help us compute it by basing your answers off of the cash "
         "flow statement and the income statement. Here's the question: what is the FY2020 dividend payout ratio "
         "(using total cash dividends paid and net income) for eBay? Answer as a percentage rounded to one decimal "
         "place.",
         [Input("div", "Payments for dividends", 0, _E20_CF, _E20_Y, "(447)"),
          Input("ni", "Net income", 0, _E20_IS, _E20_Y, "5,667")],
         "div / ni", PERCENT, percent=True,
         reason="Dividend payout ratio = payments for dividends / net income (including discontinued operations)."),
    Spec("own4_020", E20, EBAY, MG,
         "What was eBay's gross margin in 2019? Give gross profit divided by net revenues as a decimal, rounded to "
         "two decimal places.",
         [Input("gp", "Gross profit", 1, _E20_IS, _E20_P, "6,500"),
          Input("rev", "Net revenues", 1, _E20_IS, _E20_P, "8,636")],
         "gp / rev", RATIO,
         reason="Gross margin = FY2019 gross profit / FY2019 net revenues (as a decimal; FY2019 as restated in the "
                "FY2020 10-K, continuing operations)."),
    Spec("own4_021", E20, EBAY, DR,
         "How much did eBay spend repurchasing its own common stock in FY2020? Answer in USD millions based on the "
         "statement of cash flows.",
         [Input("buyback", "Repurchases of common stock", 0, _E20_CF, _E20_Y, "(5,137)")],
         "buyback", MILLIONS),
]

_ORACLE_SPECS: list[Spec] = [
    # --- Oracle, FY2017 (year ended May 31, 2017) -------------------------------------------------------------------
    Spec("own4_022", O17, ORACLE, MG,
         "What is Oracle's FY2017 interest coverage ratio? Interest coverage ratio is defined as: FY2017 operating "
         "income / FY2017 interest expense. Round your answer to two decimal places. Base your judgments on the "
         "information provided primarily in the income statement.",
         [Input("op", "Operating income", 0, _O17_IS, _O17_Y, "12,710"),
          Input("interest", "Interest expense", 0, _O17_IS, _O17_Y, "(1,798)")],
         "op / interest", RATIO,
         reason="Interest coverage as defined in the question (times)."),
    Spec("own4_023", O17, ORACLE, MG,
         "What is the FY2017 return on assets (ROA) for Oracle? ROA is defined as: FY2017 net income / (average total "
         "assets between FY2016 and FY2017). Answer in units of percents and round to two decimal places. Base your "
         "judgments on the information provided primarily in the statement of income and the statement of financial "
         "position.",
         [Input("ni", "Net income", 0, _O17_IS, _O17_Y, "9,335"),
          Input("ta", "Total assets", 0, _O17_BS, _O17_E, "134,991"),
          Input("ta_p", "Total assets", 1, _O17_BS, _O17_EP, "112,180")],
         "ni / ((ta + ta_p) / 2)", PERCENT_2, percent=True,
         reason="ROA as defined in the question."),
    Spec("own4_024", O17, ORACLE, MG,
         "By how much, in percent, did Oracle's new software licenses revenue change in fiscal 2017 compared with "
         "fiscal 2016? Round to one decimal place.",
         [Input("lic", "New software licenses", 0, _O17_IS, _O17_Y, "6,418"),
          Input("lic_p", "New software licenses", 1, _O17_IS, _O17_P, "7,276")],
         "(lic - lic_p) / lic_p", PERCENT, percent=True,
         reason="Change = (FY2017 new software licenses - FY2016 new software licenses) / FY2016 new software "
                "licenses."),
    Spec("own4_025", O17, ORACLE, MG,
         "What is the FY2015 - FY2017 3 year average of capital expenditures as a % of total revenues for Oracle? "
         "Answer in units of percents and round to one decimal place. Calculate what was asked by utilizing the line "
         "items clearly shown in the cash flow statement and the income statement.",
         [Input("capex", "Capital expenditures", 0, _O17_CF, _O17_Y, "(2,021)"),
          Input("capex_p", "Capital expenditures", 1, _O17_CF, _O17_P, "(1,189)"),
          Input("capex_pp", "Capital expenditures", 2, _O17_CF, _O17_PP, "(1,391)"),
          Input("rev", "Total revenues", 0, _O17_IS, _O17_Y, "37,728"),
          Input("rev_p", "Total revenues", 1, _O17_IS, _O17_P, "37,047"),
          Input("rev_pp", "Total revenues", 2, _O17_IS, _O17_PP, "38,226")],
         "(capex / rev + capex_p / rev_p + capex_pp / rev_pp) / 3", PERCENT, percent=True,
         reason="Mean of the three yearly ratios capital expenditures / total revenues, FY2015-FY2017."),
    Spec("own4_026", O17, ORACLE, DR,
         "What amount of dividends did Oracle pay to its stockholders in FY2016? Answer in USD millions. Respond by "
         "assuming the perspective of an investment analyst who can only use the details shown within the cash flow "
         "statement.",
         [Input("div", "Payments of dividends to stockholders", 1, _O17_CF, _O17_P, "(2,541)")],
         "div", MILLIONS),
    Spec("own4_027", O17, ORACLE, MG,
         "What portion of Oracle's fiscal 2017 total revenues came from its cloud offerings (total cloud revenues)? "
         "Express it as a percentage rounded to one decimal.",
         [Input("cloud", "Total cloud revenues", 0, _O17_IS, _O17_Y, "4,571"),
          Input("rev", "Total revenues", 0, _O17_IS, _O17_Y, "37,728")],
         "cloud / rev", PERCENT, percent=True,
         reason="Cloud share = total cloud revenues / total revenues."),
    # --- Oracle, FY2019 (year ended May 31, 2019) -------------------------------------------------------------------
    Spec("own4_028", O19, ORACLE, MG,
         "What is Oracle's FY2019 unadjusted EBITDA (using unadjusted operating income and D&A from the cash flow "
         "statement)? Take D&A as depreciation plus amortization of intangible assets. Answer in USD millions. Base "
         "your answer on the income statement and the cash flow statement.",
         [Input("op", "Operating income", 0, _O19_IS, _O19_Y, "13,535"),
          Input("dep", "Depreciation", 0, _O19_CF, _O19_Y, "1,230"),
          Input("amort", "Amortization of intangible assets", 0, _O19_CF, _O19_Y, "1,689")],
         "op + dep + amort", MILLIONS,
         reason="Unadjusted EBITDA = operating income + depreciation + amortization of intangible assets."),
    Spec("own4_029", O19, ORACLE, MG,
         "What is Oracle's FY2019 total debt to total equity ratio? Total debt is defined as: notes payable and other "
         "borrowings, current + notes payable and other borrowings, non-current; divide it by total equity. Round "
         "your answer to two decimal places. Use the balance sheet.",
         [Input("cur", "Notes payable and other borrowings, current", 0, _O19_BS, _O19_E, "4,494"),
          Input("noncur", "Notes payable and other borrowings, non-current", 0, _O19_BS, _O19_E, "51,673"),
          Input("eq", "Total equity", 0, _O19_BS, _O19_E, "22,363")],
         "(cur + noncur) / eq", RATIO,
         reason="Debt to equity as defined in the question; total equity includes noncontrolling interests."),
    Spec("own4_030", O19, ORACLE, MG,
         "As a credit analyst, how well did Oracle's fiscal 2019 operating cash flow cover its current liabilities at "
         "year end? Give net cash provided by operating activities divided by total current liabilities, to two "
         "decimals.",
         [Input("cfo", "Net cash provided by operating activities", 0, _O19_CF, _O19_Y, "14,551"),
          Input("cl", "Total current liabilities", 0, _O19_BS, _O19_E, "18,630")],
         "cfo / cl", RATIO,
         reason="Operating cash flow ratio = net cash provided by operating activities / total current liabilities."),
    Spec("own4_031", O19, ORACLE, MG,
         "For every dollar of net income in fiscal 2019, how many dollars did Oracle spend on repurchases of its "
         "common stock? Round to two decimal places.",
         [Input("buyback", "Payments for repurchases of common stock", 0, _O19_CF, _O19_Y, "(36,140)"),
          Input("ni", "Net income", 0, _O19_IS, _O19_Y, "11,083")],
         "buyback / ni", RATIO,
         reason="Payments for repurchases of common stock / net income."),
    Spec("own4_032", O19, ORACLE, MG,
         "What is the FY2018 effective tax rate for Oracle? Effective tax rate is defined as: provision for income "
         "taxes / income before provision for income taxes. Answer in units of percents and round to one decimal "
         "place. Base your answer on the income statement.",
         [Input("tax", "Provision for income taxes", 1, _O19_IS, _O19_P, "8,837"),
          Input("pti", "Income before provision for income taxes", 1, _O19_IS, _O19_P, "12,424")],
         "tax / pti", PERCENT, percent=True,
         reason="Effective tax rate as defined in the question, for the prior-year column (FY2018)."),
    Spec("own4_033", O19, ORACLE, DR,
         "What were Oracle's FY2019 revenues from cloud services and license support, in USD millions?",
         [Input("csls", "Cloud services and license support", 0, _O19_IS, _O19_Y, "26,707")],
         "csls", MILLIONS),
    Spec("own4_034", O19, ORACLE, DECLINE,
         "What was Oracle's customer churn rate in FY2019?",
         reason="Oracle's FY2019 10-K gives no churn or customer retention figure; the full text has no \"churn\", "
                "\"attrition\", \"retention rate\" or \"customer retention\" (\"renewal rates\" appear only in risk "
                "factors, without a figure)."),
]

_UTILITY_SPECS: list[Spec] = [
    # --- PG&E Corporation, FY2016 -----------------------------------------------------------------------------------
    Spec("own4_035", P16, PGE, MG,
         "What is the FY2016 fixed asset turnover ratio for PG&E Corporation? Fixed asset turnover ratio is defined "
         "as: FY2016 total operating revenues / (average net property, plant, and equipment between FY2015 and "
         "FY2016). Round your answer to two decimal places. Base your judgments on the information provided "
         "primarily in the statement of income and the statement of financial position.",
         [Input("rev", "Total operating revenues", 0, _P16_IS, _P16_Y, "17,666"),
          Input("ppe", "Net property, plant, and equipment", 0, _P16_BS1, _P16_E, "50,581"),
          Input("ppe_p", "Net property, plant, and equipment", 1, _P16_BS1, _P16_EP, "46,723")],
         "rev / ((ppe + ppe_p) / 2)", RATIO,
         reason="Fixed asset turnover as defined in the question (times)."),
    Spec("own4_036", P16, PGE, MG,
         "What is the FY2014 - FY2016 3 year average net profit margin (as a %) for PG&E Corporation? Net profit "
         "margin is defined as net income / total operating revenues. Answer in units of percents and round to one "
         "decimal place. Calculate what was asked by utilizing the line items clearly shown in the income statement.",
         [Input("ni", "Net Income", 0, _P16_IS, _P16_Y, "1,407"),
          Input("ni_p", "Net Income", 1, _P16_IS, _P16_P, "888"),
          Input("ni_pp", "Net Income", 2, _P16_IS, _P16_PP, "1,450"),
          Input("rev", "Total operating revenues", 0, _P16_IS, _P16_Y, "17,666"),
          Input("rev_p", "Total operating revenues", 1, _P16_IS, _P16_P, "16,833"),
          Input("rev_pp", "Total operating revenues", 2, _P16_IS, _P16_PP, "17,090")],
         "(ni / rev + ni_p / rev_p + ni_pp / rev_pp) / 3", PERCENT, percent=True,
         reason="Mean of the three yearly ratios net income / total operating revenues, FY2014-FY2016 (net income "
                "before the subsidiary's preferred dividend)."),
    Spec("own4_037", P16, PGE, MG,
         "How much did PG&E Corporation's cost of natural gas change in 2016 versus 2015, in percent? One decimal, "
         "please.",
         [Input("gas", "Cost of natural gas", 0, _P16_IS, _P16_Y, "615"),
          Input("gas_p", "Cost of natural gas", 1, _P16_IS, _P16_P, "663")],
         "(gas - gas_p) / gas_p", PERCENT, percent=True,
         reason="Change = (FY2016 cost of natural gas - FY2015 cost of natural gas) / FY2015 cost of natural gas."),
    Spec("own4_038", P16, PGE, DR,
         "What was PG&E Corporation's cost of electricity in FY2016? Answer in USD millions.",
         [Input("elec", "Cost of electricity", 0, _P16_IS, _P16_Y, "4,765")],
         "elec", MILLIONS),
    # --- AES Corporation, FY2015 ------------------------------------------------------------------------------------
    Spec("own4_039", S15, AES, MG,
         "What is AES's FY2015 total cost of sales as a % of total revenue? Answer in units of percents and round to "
         "one decimal place. Base your judgments on the information provided primarily in the statement of "
         "operations.",
         [Input("cogs", "Total cost of sales", 0, _S15_IS, _S15_Y, "(12,097)"),
          Input("rev", "Total revenue", 0, _S15_IS, _S15_Y, "14,963")],
         "cogs / rev", PERCENT, percent=True,
         reason="Cost of sales % of revenue = total cost of sales / total revenue."),
    Spec("own4_040", S15, AES, MG,
         "What is AES's FY2015 days inventory outstanding (DIO)? DIO is defined as: 365 * (average inventory between "
         "FY2014 and FY2015) / (FY2015 total cost of sales). Round your answer to two decimal places. Address the "
         "question by using the line items and information shown within the balance sheet and the P&L statement.",
         [Input("inv", "Inventory", 0, _S15_BS, _S15_E, "675"),
          Input("inv_p", "Inventory", 1, _S15_BS, _S15_EP, "702"),
          Input("cogs", "Total cost of sales", 0, _S15_IS, _S15_Y, "(12,097)")],
         "365 * ((inv + inv_p) / 2) / cogs", RATIO,
         reason="DIO as defined in the question, in days."),
    Spec("own4_041", S15, AES, MG,
         "Was AES investing faster than its assets wore out in 2015? Give the ratio of capital expenditures to "
         "depreciation and amortization, both from the cash flow statement, rounded to two decimals.",
         [Input("capex", "Capital expenditures", 0, _S15_CF, _S15_Y, "(2,308)"),
          Input("da", "Depreciation and amortization", 0, _S15_CF, _S15_Y, "1,144")],
         "capex / da", RATIO,
         reason="Capex to D&A = capital expenditures / depreciation and amortization (financed capital expenditures "
                "are a separate financing line and are left out)."),
    Spec("own4_042", S15, AES, DR,
         "What were AES's dividends paid on common stock in FY2014? Answer in USD millions; use the cash flow "
         "statement.",
         [Input("div", "Dividends paid on AES common stock", 1, _S15_CF, _S15_P, "(144)")],
         "div", MILLIONS),
    Spec("own4_043", S15, AES, DR,
         "What is the interest expense of AES for FY2015 in USD millions? Answer based on the statement of "
         "operations.",
         [Input("interest", "Interest expense", 0, _S15_IS, _S15_Y, "(1,436)")],
         "interest", MILLIONS),
    Spec("own4_044", S15, AES, DECLINE,
         "What customer satisfaction score did AES report for FY2015?",
         reason="AES's FY2015 10-K reports no customer satisfaction measure; the full text has no \"customer "
                "satisfaction\", \"J.D. Power\" or \"net promoter\" (the one \"satisfaction\" is about delivering "
                "shares)."),
]

SPECS: list[Spec] = _APPLE_SPECS + _EBAY_SPECS + _ORACLE_SPECS + _UTILITY_SPECS
