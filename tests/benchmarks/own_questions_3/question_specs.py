"""The third held-out question set: wording, the figures each needs (typed in from the statement pages) and formula.

Written blind to FinLens's question-understanding code, in FinanceBench's styles (generated metrics questions with
and without a stated definition, single line items, questions the filing cannot answer). Filings are 10-Ks of
companies outside the FinanceBench dev set (``"dev_company": false`` in ``filings-train/documents.jsonl``) and none
of the first or second set's filings. Page numbers are 0-based PDF page indexes; every filing here reports in USD
millions. Each :class:`Input` is checked against its page by
``tests/benchmarks/own_questions/build_questions.py --specs <this module>``. For a metric question, ``reason`` states
the definition used; it opens the justification.
"""

from __future__ import annotations

from tests.benchmarks.own_questions.question_specs import Input, Spec

MG, DR, DECLINE = "metrics-generated", "domain-relevant", "should-decline"
MILLIONS, PERCENT, RATIO = "${:,.0f} million", "{:.1f}%", "{:.2f}"

A21, A15, E21, E15 = "APPLE_2021_10K", "APPLE_2015_10K", "EBAY_2021_10K", "EBAY_2015_10K"
O22, P17, S16 = "ORACLE_2022_10K", "PG_E_2017_10K", "AES_2016_10K"
APPLE, EBAY, ORACLE, PGE, AES = "Apple", "eBay", "Oracle", "PG&E Corporation", "AES Corporation"
Q = "\u2019"  # the curly apostrophe some statements print in "shareholders' equity"

_A21_IS, _A21_BS, _A21_CF = 31, 33, 35
_A21_Y, _A21_P, _A21_PP = ("year ended September 25, 2021", "year ended September 26, 2020",
                           "year ended September 28, 2019")
_A21_E, _A21_EP = "September 25, 2021", "September 26, 2020"
_A15_IS, _A15_BS, _A15_CF = 40, 42, 44
_A15_Y, _A15_P, _A15_PP = ("year ended September 26, 2015", "year ended September 27, 2014",
                           "year ended September 28, 2013")
_A15_E, _A15_EP = "September 26, 2015", "September 27, 2014"
_E21_BS, _E21_IS, _E21_CF = 56, 57, 60
_E15_BS, _E15_IS, _E15_CF = 57, 58, 61
_O22_BS, _O22_IS, _O22_CF = 67, 68, 71
_O22_Y, _O22_P, _O22_PP = "year ended May 31, 2022", "year ended May 31, 2021", "year ended May 31, 2020"
_O22_E, _O22_EP = "May 31, 2022", "May 31, 2021"
_P17_IS, _P17_BS_ASSETS, _P17_BS_LIABS, _P17_CF = 119, 121, 122, 123
_S16_BS, _S16_IS, _S16_CF = 147, 149, 154


def _year(year: int) -> str:
    return f"year ended December 31, {year}"


def _end(year: int) -> str:
    return f"December 31, {year}"


_APPLE_21 = [
    Spec("own3_001", A21, APPLE, MG,
         "What is the FY2021 fixed asset turnover ratio for Apple? Fixed asset turnover ratio is defined as: FY2021 "
         "total net sales / (average property, plant and equipment, net between FY2020 and FY2021). Round your "
         "answer to two decimal places. Respond by relying on the details shown in the income statement and the "
         "balance sheet.",
         [Input("sales", "Total net sales", 0, _A21_IS, _A21_Y, "365,817"),
          Input("ppe_2021", "Property, plant and equipment, net", 0, _A21_BS, _A21_E, "39,440"),
          Input("ppe_2020", "Property, plant and equipment, net", 1, _A21_BS, _A21_EP, "36,766")],
         "sales / ((ppe_2021 + ppe_2020) / 2)", RATIO,
         reason="Fixed asset turnover as defined in the question (times)."),
    Spec("own3_002", A21, APPLE, MG,
         "You are a supply chain analyst and your only resources are the statement of operations and the balance "
         "sheet. Here's the question: what is Apple's FY2021 days payable outstanding (DPO)? DPO is defined as: 365 "
         "* (average accounts payable between FY2020 and FY2021) / (FY2021 total cost of sales + change in "
         "inventories between FY2020 and FY2021). Round your answer to two decimal places.",
         [Input("ap_2021", "Accounts payable", 0, _A21_BS, _A21_E, "54,763"),
          Input("ap_2020", "Accounts payable", 1, _A21_BS, _A21_EP, "42,296"),
          Input("cogs", "Total cost of sales", 0, _A21_IS, _A21_Y, "212,981"),
          Input("inv_2021", "Inventories", 0, _A21_BS, _A21_E, "6,580"),
          Input("inv_2020", "Inventories", 1, _A21_BS, _A21_EP, "4,061")],
         "365 * ((ap_2021 + ap_2020) / 2) / (cogs + inv_2021 - inv_2020)", RATIO,
         reason="DPO as defined in the question, in days; the change in inventories is FY2021 minus FY2020 "
                "(an increase of 2,519)."),
    Spec("own3_003", A21, APPLE, MG,
         "What is Apple's 3 year average net profit margin from FY2019 to FY2021? Answer in units of percents and "
         "round to one decimal place. Calculate what was asked by utilizing the line items clearly shown in the "
         "income statement.",
         [Input("ni_2021", "Net income", 0, _A21_IS, _A21_Y, "94,680"),
          Input("ni_2020", "Net income", 1, _A21_IS, _A21_P, "57,411"),
          Input("ni_2019", "Net income", 2, _A21_IS, _A21_PP, "55,256"),
          Input("sales_2021", "Total net sales", 0, _A21_IS, _A21_Y, "365,817"),
          Input("sales_2020", "Total net sales", 1, _A21_IS, _A21_P, "274,515"),
          Input("sales_2019", "Total net sales", 2, _A21_IS, _A21_PP, "260,174")],
         "(ni_2021 / sales_2021 + ni_2020 / sales_2020 + ni_2019 / sales_2019) / 3", PERCENT, percent=True,
         reason="Net profit margin (textbook definition, not stated in the question) = net income / total net "
                "sales for each year; the three yearly margins are averaged."),
    Spec("own3_004", A21, APPLE, MG,
         "Using only the statement of operations, what was the year-over-year change in Apple's total cost of sales "
         "from FY2020 to FY2021? Express it in percents, rounded to one decimal place.",
         [Input("cogs_2021", "Total cost of sales", 0, _A21_IS, _A21_Y, "212,981"),
          Input("cogs_2020", "Total cost of sales", 1, _A21_IS, _A21_P, "169,559")],
         "cogs_2021 / cogs_2020 - 1", PERCENT, percent=True,
         reason="Year-over-year change = FY2021 / FY2020 - 1 (textbook definition)."),
    Spec("own3_005", A21, APPLE, MG,
         "Answer the following question as if you are an equity research analyst who can only use the balance "
         "sheet and the cash flow statement: what is Apple's FY2021 operating cash flow ratio? Operating cash flow "
         "ratio is defined as: cash generated by operating activities / total current liabilities. Round your "
         "answer to two decimal places.",
         [Input("cfo", "Cash generated by operating activities", 0, _A21_CF, _A21_Y, "104,038"),
          Input("current_liabilities", "Total current liabilities", 0, _A21_BS, _A21_E, "125,481")],
         "cfo / current_liabilities", RATIO,
         reason="Operating cash flow ratio as defined in the question; FY2021 year-end current liabilities."),
    Spec("own3_006", A21, APPLE, DR,
         "According to the details clearly outlined within the balance sheet, how much total current assets did "
         "Apple have at the end of FY2020? Answer in USD millions.",
         [Input("tca", "Total current assets", 1, _A21_BS, _A21_EP, "143,713")],
         "tca", MILLIONS),
    Spec("own3_007", A21, APPLE, DECLINE,
         "What was the average selling price of an Apple Mac in FY2021? Answer in USD.",
         reason="Apple's FY2021 10-K reports Mac net sales but neither Mac unit sales nor an average selling price "
                "(the full text has no \"average selling price\" and no \"units sold\"), so the filing cannot "
                "answer."),
]

_APPLE_15 = [
    Spec("own3_008", A15, APPLE, MG,
         "What is Apple's FY2015 return on equity (ROE)? Round your answer to two decimal places and answer in "
         "units of percents. Base your judgments on the information provided primarily in the statement of income "
         "and the statement of financial position.",
         [Input("ni", "Net income", 0, _A15_IS, _A15_Y, "53,394"),
          Input("eq_2015", f"Total shareholders{Q} equity", 0, _A15_BS, _A15_E, "119,355"),
          Input("eq_2014", f"Total shareholders{Q} equity", 1, _A15_BS, _A15_EP, "111,547")],
         "ni / ((eq_2015 + eq_2014) / 2)", "{:.2f}%", percent=True,
         reason="ROE (textbook definition, not stated in the question) = FY2015 net income / average total "
                "shareholders' equity between FY2014 and FY2015 year ends."),
    Spec("own3_009", A15, APPLE, MG,
         "What is the FY2013 - FY2015 3 year average of capex as a % of revenue for Apple? Capex is defined as "
         "payments for acquisition of property, plant and equipment. Answer in units of percents and round to one "
         "decimal place. Calculate (or extract) the answer from the statement of income and the cash flow "
         "statement.",
         [Input("capex_2015", "Payments for acquisition of property, plant and equipment", 0, _A15_CF, _A15_Y,
                "(11,247)"),
          Input("capex_2014", "Payments for acquisition of property, plant and equipment", 1, _A15_CF, _A15_P,
                "(9,571)"),
          Input("capex_2013", "Payments for acquisition of property, plant and equipment", 2, _A15_CF, _A15_PP,
                "(8,165)"),
          Input("sales_2015", "Net sales", 0, _A15_IS, _A15_Y, "233,715"),
          Input("sales_2014", "Net sales", 1, _A15_IS, _A15_P, "182,795"),
          Input("sales_2013", "Net sales", 2, _A15_IS, _A15_PP, "170,910")],
         "(capex_2015 / sales_2015 + capex_2014 / sales_2014 + capex_2013 / sales_2013) / 3", PERCENT,
         percent=True,
         reason="Capex as defined in the question (payments for intangible assets are not included) over net "
                "sales for each year; the three yearly ratios are averaged."),
    Spec("own3_010", A15, APPLE, MG,
         "As a credit analyst reading only the income statement and the balance sheet, compute Apple's FY2015 "
         "inventory turnover ratio. Inventory turnover ratio is defined as: FY2015 cost of sales / (average "
         "inventories between FY2014 and FY2015). Round your answer to two decimal places.",
         [Input("cogs", "Cost of sales", 0, _A15_IS, _A15_Y, "140,089"),
          Input("inv_2015", "Inventories", 0, _A15_BS, _A15_E, "2,349"),
          Input("inv_2014", "Inventories", 1, _A15_BS, _A15_EP, "2,111")],
         "cogs / ((inv_2015 + inv_2014) / 2)", RATIO,
         reason="Inventory turnover as defined in the question (times)."),
    Spec("own3_011", A15, APPLE, MG,
         "What is Apple's FY2015 retention ratio (using total cash dividends paid and net income attributable to "
         "shareholders)? Retention ratio is defined as: (net income - total cash dividends paid) / net income. "
         "Round your answer to two decimal places. Address the question by using the line items and information "
         "shown within the income statement and the cash flow statement.",
         [Input("ni", "Net income", 0, _A15_IS, _A15_Y, "53,394"),
          Input("dividends", "Dividends and dividend equivalents paid", 0, _A15_CF, _A15_Y, "(11,561)")],
         "(ni - dividends) / ni", RATIO,
         reason="Retention ratio as defined in the question; dividends are the cash flow statement's dividends "
                "and dividend equivalents paid."),
    Spec("own3_012", A15, APPLE, DR,
         "What is the FY2015 depreciation and amortization expense (in USD millions) for Apple? Respond to the "
         "question by assuming the perspective of an investment analyst who can only use the details shown "
         "within the cash flow statement.",
         [Input("da", "Depreciation and amortization", 0, _A15_CF, _A15_Y, "11,257")],
         "da", MILLIONS),
]

_EBAY_21 = [
    Spec("own3_013", E21, EBAY, MG,
         "What is the FY2021 unadjusted EBITDA % margin for eBay? Define unadjusted EBITDA as unadjusted operating "
         "income + depreciation and amortization from the cash flow statement. Answer in units of percents and "
         "round to one decimal place. Calculate what was asked by utilizing the line items clearly shown in the "
         "P&L statement and the cash flow statement.",
         [Input("op_income", "Income from operations", 0, _E21_IS, _year(2021), "2,923"),
          Input("da", "Depreciation and amortization", 0, _E21_CF, _year(2021), "502"),
          Input("revenue", "Net revenues", 0, _E21_IS, _year(2021), "10,420")],
         "(op_income + da) / revenue", PERCENT, percent=True,
         reason="Unadjusted EBITDA as defined in the question (income from operations + depreciation and "
                "amortization), over net revenues."),
    Spec("own3_014", E21, EBAY, MG,
         "Based only on eBay's FY2021 income statement, what was its effective tax rate? Answer in percents, "
         "rounded to one decimal place.",
         [Input("tax", "Income tax provision", 0, _E21_IS, _year(2021), "(146)"),
          Input("pretax", "Income from continuing operations before income taxes", 0, _E21_IS, _year(2021),
                "398")],
         "tax / pretax", PERCENT, percent=True,
         reason="Effective tax rate (textbook definition, not stated in the question) = income tax provision / "
                "income from continuing operations before income taxes; the filing's pre-tax line covers "
                "continuing operations only."),
    Spec("own3_015", E21, EBAY, MG,
         "Considering the data in the balance sheet, what is eBay's FY2021 quick ratio? Quick ratio is defined as: "
         "(cash and cash equivalents + short-term investments + accounts receivable, net) / total current "
         "liabilities. Round your answer to two decimal places.",
         [Input("cash", "Cash and cash equivalents", 0, _E21_BS, _end(2021), "1,379"),
          Input("investments", "Short-term investments", 0, _E21_BS, _end(2021), "5,944"),
          Input("receivables", "Accounts receivable, net of allowance for doubtful accounts of $42 and $97", 0,
                _E21_BS, _end(2021), "98"),
          Input("current_liabilities", "Total current liabilities", 0, _E21_BS, _end(2021), "4,622")],
         "(cash + investments + receivables) / current_liabilities", RATIO,
         reason="Quick ratio as defined in the question; customer accounts and funds receivable are not "
                "accounts receivable and are left out."),
    Spec("own3_016", E21, EBAY, MG,
         "What is eBay's FY2019 - FY2021 3 year average of product development expense as a % of net revenues? "
         "Answer in units of percents and round to one decimal place. Give a solution to the question by using "
         "the income statement.",
         [Input("pd_2021", "Product development", 0, _E21_IS, _year(2021), "1,325"),
          Input("pd_2020", "Product development", 1, _E21_IS, _year(2020), "1,028"),
          Input("pd_2019", "Product development", 2, _E21_IS, _year(2019), "930"),
          Input("rev_2021", "Net revenues", 0, _E21_IS, _year(2021), "10,420"),
          Input("rev_2020", "Net revenues", 1, _E21_IS, _year(2020), "8,894"),
          Input("rev_2019", "Net revenues", 2, _E21_IS, _year(2019), "7,429")],
         "(pd_2021 / rev_2021 + pd_2020 / rev_2020 + pd_2019 / rev_2019) / 3", PERCENT, percent=True,
         reason="Product development / net revenues for each year (the plain reading of the question), the three "
                "yearly ratios averaged."),
    Spec("own3_017", E21, EBAY, DR,
         "What is the FY2021 cost of net revenues for eBay? Please state answer in USD millions. Provide a "
         "response to the question by primarily using the statement of income.",
         [Input("cogs", "Cost of net revenues", 0, _E21_IS, _year(2021), "2,650")],
         "cogs", MILLIONS),
    Spec("own3_018", E21, EBAY, MG,
         "You are an investment banker and your only resource is the statement of financial position. Here's the "
         "question: what is eBay's FY2021 debt to equity ratio? Debt to equity ratio is defined as: (short-term "
         "debt + long-term debt) / total stockholders' equity. Round your answer to two decimal places.",
         [Input("st_debt", "Short-term debt", 0, _E21_BS, _end(2021), "1,355"),
          Input("lt_debt", "Long-term debt", 0, _E21_BS, _end(2021), "7,727"),
          Input("equity", f"Total stockholders{Q} equity", 0, _E21_BS, _end(2021), "9,778")],
         "(st_debt + lt_debt) / equity", RATIO,
         reason="Debt to equity as defined in the question; operating lease liabilities are not debt here."),
]

_EBAY_15 = [
    Spec("own3_019", E15, EBAY, MG,
         "What is eBay's FY2015 gross margin? Answer in units of percents and round to one decimal place. Use the "
         "income statement only.",
         [Input("gross_profit", "Gross profit", 0, _E15_IS, _year(2015), "6,821"),
          Input("revenue", "Net revenues", 0, _E15_IS, _year(2015), "8,592")],
         "gross_profit / revenue", PERCENT, percent=True,
         reason="Gross margin (textbook definition, not stated in the question) = gross profit / net revenues."),
    Spec("own3_020", E15, EBAY, MG,
         "By how much did eBay's net revenues change year over year from FY2014 to FY2015? Answer in units of "
         "percents and round to one decimal place. Rely on the P&L statement.",
         [Input("rev_2015", "Net revenues", 0, _E15_IS, _year(2015), "8,592"),
          Input("rev_2014", "Net revenues", 1, _E15_IS, _year(2014), "8,790")],
         "rev_2015 / rev_2014 - 1", PERCENT, percent=True,
         reason="Year-over-year change = FY2015 / FY2014 - 1 (textbook definition); negative means a decline."),
    Spec("own3_021", E15, EBAY, MG,
         "What is the FY2015 working capital ratio for eBay? Working capital ratio is defined as total current "
         "assets divided by total current liabilities. Round your answer to two decimal places. Answer the "
         "question using the balance sheet.",
         [Input("tca", "Total current assets", 0, _E15_BS, _end(2015), "7,904"),
          Input("tcl", "Total current liabilities", 0, _E15_BS, _end(2015), "2,263")],
         "tca / tcl", RATIO,
         reason="Working capital ratio as defined in the question."),
    Spec("own3_022", E15, EBAY, MG,
         "Calculate what was asked by utilizing the line items clearly shown in the income statement. What is "
         "eBay's FY2013 - FY2015 3 year average unadjusted operating income % margin? Define unadjusted operating "
         "income % margin as income from operations / net revenues. Answer in units of percents and round to one "
         "decimal place.",
         [Input("op_2015", "Income from operations", 0, _E15_IS, _year(2015), "2,197"),
          Input("op_2014", "Income from operations", 1, _E15_IS, _year(2014), "2,476"),
          Input("op_2013", "Income from operations", 2, _E15_IS, _year(2013), "2,454"),
          Input("rev_2015", "Net revenues", 0, _E15_IS, _year(2015), "8,592"),
          Input("rev_2014", "Net revenues", 1, _E15_IS, _year(2014), "8,790"),
          Input("rev_2013", "Net revenues", 2, _E15_IS, _year(2013), "8,257")],
         "(op_2015 / rev_2015 + op_2014 / rev_2014 + op_2013 / rev_2013) / 3", PERCENT, percent=True,
         reason="Operating margin as defined in the question for each year, the three yearly margins averaged."),
    Spec("own3_023", E15, EBAY, DECLINE,
         "What was eBay's Net Promoter Score among its buyers in FY2015?",
         reason="eBay's FY2015 10-K does not report a Net Promoter Score (the full text has no \"net promoter\"), "
                "so the filing cannot answer."),
]

_ORACLE_22 = [
    Spec("own3_024", O22, ORACLE, MG,
         "What is Oracle's FY2022 interest coverage ratio? Interest coverage ratio is defined as: operating income "
         "/ interest expense. Round your answer to two decimal places. Base your judgments on the information "
         "provided primarily in the statement of operations.",
         [Input("op_income", "Operating income", 0, _O22_IS, _O22_Y, "10,926"),
          Input("interest", "Interest expense", 0, _O22_IS, _O22_Y, "(2,755)")],
         "op_income / interest", RATIO,
         reason="Interest coverage as defined in the question (times)."),
    Spec("own3_025", O22, ORACLE, MG,
         "As an equity analyst using only the income statement, what is Oracle's FY2020 - FY2022 3 year average of "
         "research and development expense as a % of total revenues? R&D % of revenue is defined as research and "
         "development / total revenues. Answer in units of percents and round to one decimal place.",
         [Input("rd_2022", "Research and development", 0, _O22_IS, _O22_Y, "7,219"),
          Input("rd_2021", "Research and development", 1, _O22_IS, _O22_P, "6,527"),
          Input("rd_2020", "Research and development", 2, _O22_IS, _O22_PP, "6,067"),
          Input("rev_2022", "Total revenues", 0, _O22_IS, _O22_Y, "42,440"),
          Input("rev_2021", "Total revenues", 1, _O22_IS, _O22_P, "40,479"),
          Input("rev_2020", "Total revenues", 2, _O22_IS, _O22_PP, "39,068")],
         "(rd_2022 / rev_2022 + rd_2021 / rev_2021 + rd_2020 / rev_2020) / 3", PERCENT, percent=True,
         reason="R&D % of revenue as defined in the question for each year, the three yearly ratios averaged."),
    Spec("own3_026", O22, ORACLE, MG,
         "What is Oracle's year-over-year change in unadjusted operating income from FY2021 to FY2022 (in units of "
         "percents and round to one decimal place)? Give a solution to the question by using the income "
         "statement.",
         [Input("op_2022", "Operating income", 0, _O22_IS, _O22_Y, "10,926"),
          Input("op_2021", "Operating income", 1, _O22_IS, _O22_P, "15,213")],
         "op_2022 / op_2021 - 1", PERCENT, percent=True,
         reason="Year-over-year change = FY2022 / FY2021 - 1 (textbook definition); negative means a decline."),
    Spec("own3_027", O22, ORACLE, MG,
         "What is Oracle's FY2022 return on assets (ROA)? ROA is defined as: FY2022 net income / (average total "
         "assets between FY2021 and FY2022). Round your answer to one decimal place and answer in units of "
         "percents. Address the question by using the line items and information shown within the balance sheet "
         "and the P&L statement.",
         [Input("ni", "Net income", 0, _O22_IS, _O22_Y, "6,717"),
          Input("assets_2022", "Total assets", 0, _O22_BS, _O22_E, "109,297"),
          Input("assets_2021", "Total assets", 1, _O22_BS, _O22_EP, "131,107")],
         "ni / ((assets_2022 + assets_2021) / 2)", PERCENT, percent=True,
         reason="ROA as defined in the question."),
    Spec("own3_028", O22, ORACLE, DR,
         "What is the FY2022 capital expenditure amount (in USD millions) for Oracle? Respond to the question by "
         "assuming the perspective of an investment analyst who can only use the details shown within the cash "
         "flow statement.",
         [Input("capex", "Capital expenditures", 0, _O22_CF, _O22_Y, "(4,511)")],
         "capex", MILLIONS),
    Spec("own3_029", O22, ORACLE, DR,
         "How much did Oracle spend on research and development in FY2021? Answer in USD millions, using the "
         "statement of operations.",
         [Input("rd", "Research and development", 1, _O22_IS, _O22_P, "6,527")],
         "rd", MILLIONS),
    Spec("own3_030", O22, ORACLE, DECLINE,
         "What was Oracle's FY2022 non-GAAP diluted earnings per share?",
         reason="Oracle's FY2022 10-K reports only GAAP earnings per share; its only non-GAAP measure is free cash "
                "flow (the full text mentions \"non-GAAP\" twice, both about free cash flow), so the filing cannot "
                "answer."),
]

_PGE_17 = [
    Spec("own3_031", P17, PGE, MG,
         "What is PG&E's FY2017 unadjusted EBITDA (in USD millions)? Define unadjusted EBITDA as unadjusted "
         "operating income + depreciation and amortization from the cash flow statement. Calculate what was asked "
         "by utilizing the line items clearly shown in the P&L statement and the cash flow statement.",
         [Input("op_income", "Operating Income", 0, _P17_IS, _year(2017), "2,956"),
          Input("da", "Depreciation, amortization, and decommissioning", 0, _P17_CF, _year(2017), "2,854")],
         "op_income + da", MILLIONS,
         reason="Unadjusted EBITDA as defined in the question; PG&E's cash flow statement prints depreciation and "
                "amortization as one line together with decommissioning, which is used as printed. PG&E "
                "Corporation's consolidated statements, not the Utility's."),
    Spec("own3_032", P17, PGE, MG,
         "What was PG&E Corporation's free cash flow in FY2017? Answer in USD millions. Use the cash flow "
         "statement only.",
         [Input("cfo", "Net cash provided by operating activities", 0, _P17_CF, _year(2017), "5,977"),
          Input("capex", "Capital expenditures", 0, _P17_CF, _year(2017), "(5,641)")],
         "cfo - capex", MILLIONS,
         reason="Free cash flow (textbook definition, not stated in the question) = net cash provided by "
                "operating activities - capital expenditures."),
    Spec("own3_033", P17, PGE, MG,
         "You are a utilities analyst and your only resource is the income statement. Here's the question: what is "
         "the FY2015 - FY2017 3 year average net profit margin for PG&E Corporation? Net profit margin is defined "
         "as: net income / total operating revenues. Answer in units of percents and round to one decimal place.",
         [Input("ni_2017", "Net Income", 0, _P17_IS, _year(2017), "1,660"),
          Input("ni_2016", "Net Income", 1, _P17_IS, _year(2016), "1,407"),
          Input("ni_2015", "Net Income", 2, _P17_IS, _year(2015), "888"),
          Input("rev_2017", "Total operating revenues", 0, _P17_IS, _year(2017), "17,135"),
          Input("rev_2016", "Total operating revenues", 1, _P17_IS, _year(2016), "17,666"),
          Input("rev_2015", "Total operating revenues", 2, _P17_IS, _year(2015), "16,833")],
         "(ni_2017 / rev_2017 + ni_2016 / rev_2016 + ni_2015 / rev_2015) / 3", PERCENT, percent=True,
         reason="Net profit margin as defined in the question (net income before the subsidiary's preferred "
                "dividend), the three yearly margins averaged."),
    Spec("own3_034", P17, PGE, DR,
         "By drawing conclusions from the information stated only in the income statement, what was PG&E "
         "Corporation's FY2017 interest expense (in USD millions)?",
         [Input("interest", "Interest expense", 0, _P17_IS, _year(2017), "(888)")],
         "interest", MILLIONS),
    Spec("own3_035", P17, PGE, DR,
         "How much did PG&E Corporation pay in common stock dividends in FY2016? Answer in USD millions based on "
         "the statement of cash flows.",
         [Input("dividends", "Common stock dividends paid", 1, _P17_CF, _year(2016), "(921)")],
         "dividends", MILLIONS),
]

_AES_16 = [
    Spec("own3_036", S16, AES, MG,
         "What is the FY2014 - FY2016 3 year average of COGS as a % of revenue for AES? COGS is defined as total "
         "cost of sales. Answer in units of percents and round to one decimal place. Calculate what was asked by "
         "utilizing the line items clearly shown in the statement of operations.",
         [Input("cogs_2016", "Total cost of sales", 0, _S16_IS, _year(2016), "(11,153)"),
          Input("cogs_2015", "Total cost of sales", 1, _S16_IS, _year(2015), "(11,297)"),
          Input("cogs_2014", "Total cost of sales", 2, _S16_IS, _year(2014), "(13,144)"),
          Input("rev_2016", "Total revenue", 0, _S16_IS, _year(2016), "13,586"),
          Input("rev_2015", "Total revenue", 1, _S16_IS, _year(2015), "14,155"),
          Input("rev_2014", "Total revenue", 2, _S16_IS, _year(2014), "16,124")],
         "(cogs_2016 / rev_2016 + cogs_2015 / rev_2015 + cogs_2014 / rev_2014) / 3", PERCENT, percent=True,
         reason="COGS as defined in the question over total revenue for each year, the three yearly ratios "
                "averaged."),
    Spec("own3_037", S16, AES, MG,
         "What is AES's FY2016 days sales outstanding (DSO)? DSO is defined as: 365 * (average accounts receivable "
         "between FY2015 and FY2016) / FY2016 total revenue. Round your answer to two decimal places. Base your "
         "judgments on the information provided primarily in the balance sheet and the income statement.",
         [Input("ar_2016", "Accounts receivable, net of allowance for doubtful accounts of $111 and $87, "
                "respectively", 0, _S16_BS, _end(2016), "2,166"),
          Input("ar_2015", "Accounts receivable, net of allowance for doubtful accounts of $111 and $87, "
                "respectively", 1, _S16_BS, _end(2015), "2,302"),
          Input("revenue", "Total revenue", 0, _S16_IS, _year(2016), "13,586")],
         "365 * ((ar_2016 + ar_2015) / 2) / revenue", RATIO,
         reason="DSO as defined in the question, in days; accounts receivable net of the allowance."),
    Spec("own3_038", S16, AES, MG,
         "Using the balance sheet and the statement of operations, what is AES's FY2016 days inventory outstanding "
         "(DIO)? DIO is defined as: 365 * (average inventory between FY2015 and FY2016) / FY2016 total cost of "
         "sales. Round your answer to two decimal places.",
         [Input("inv_2016", "Inventory", 0, _S16_BS, _end(2016), "630"),
          Input("inv_2015", "Inventory", 1, _S16_BS, _end(2015), "671"),
          Input("cogs", "Total cost of sales", 0, _S16_IS, _year(2016), "(11,153)")],
         "365 * ((inv_2016 + inv_2015) / 2) / cogs", RATIO,
         reason="DIO as defined in the question, in days."),
    Spec("own3_039", S16, AES, DR,
         "What amount of dividends did AES pay on its common stock in FY2016? Answer in USD millions. Rely on the "
         "details shown in the cash flow statement.",
         [Input("dividends", "Dividends paid on AES common stock", 0, _S16_CF, _year(2016), "(290)")],
         "dividends", MILLIONS),
    Spec("own3_040", S16, AES, DECLINE,
         "How much revenue did AES earn from electric vehicle charging in FY2016?",
         reason="AES's FY2016 10-K reports no electric vehicle charging business or revenue (the full text has no "
                "\"electric vehicle\" or \"e-mobility\"; its one \"charging\" is about interest on receivables), "
                "so the filing cannot answer."),
]

SPECS: list[Spec] = _APPLE_21 + _APPLE_15 + _EBAY_21 + _EBAY_15 + _ORACLE_22 + _PGE_17 + _AES_16
