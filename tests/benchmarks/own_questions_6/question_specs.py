"""The sixth held-out question set: wording, the figures each needs (typed in from the statement pages) and formula.

Written blind to FinLens's question-understanding code, in FinanceBench's styles (generated metrics questions with
and without a stated definition, free analyst wordings, single line items, questions the filing cannot answer).
Filings are 10-Ks of companies that also appear in the FinanceBench dev set (other years' filings), none of them a dev
set filing nor one of the first five sets' filings. Page numbers are 0-based PDF page indexes; every filing here
reports in USD millions. Each :class:`Input` is checked against its page by
``tests/benchmarks/own_questions/build_questions.py --specs <this module>``. For a metric question, ``reason`` states
the definition used; it opens the justification.
"""

from __future__ import annotations

from tests.benchmarks.own_questions.question_specs import Input, Spec

MG, DR, DECLINE = "metrics-generated", "domain-relevant", "should-decline"
MILLIONS = "${:,.0f} million"
PERCENT, RATIO = "{:.1f}%", "{:.2f}"

AD, AM, BB, KO = "ADOBE_2021_10K", "AMAZON_2022_10K", "BESTBUY_2022_10K", "COCACOLA_2020_10K"
MS, NK, WM, KH = "MICROSOFT_2022_10K", "NIKE_2022_10K", "WALMART_2023_10K", "KRAFTHEINZ_2022_10K"

# Adobe: income statement and cash flow columns 2021, 2020, 2019; balance sheet 2021, 2020.
_AD_BS, _AD_IS, _AD_CF = 54, 55, 58
_AD_21, _AD_20, _AD_19 = ("year ended December 3, 2021", "year ended November 27, 2020",
                          "year ended November 29, 2019")
_AD_E21, _AD_E20 = "December 3, 2021", "November 27, 2020"
# Amazon: income statement and cash flow columns 2020, 2021, 2022 (oldest first); balance sheet 2021, 2022.
_AM_CF, _AM_IS, _AM_BS = 35, 36, 38
_AM_20, _AM_21, _AM_22 = ("year ended December 31, 2020", "year ended December 31, 2021",
                          "year ended December 31, 2022")
_AM_E21, _AM_E22 = "December 31, 2021", "December 31, 2022"
# Best Buy: fiscal 2022 ended January 29, 2022.
_BB_BS, _BB_IS, _BB_CF = 39, 40, 42
_BB_22, _BB_21 = "fiscal year ended January 29, 2022", "fiscal year ended January 30, 2021"
_BB_E22, _BB_E21 = "January 29, 2022", "January 30, 2021"
# Coca-Cola: columns 2020, 2019, 2018.
_KO_IS, _KO_BS, _KO_CF = 65, 67, 68
_KO_20, _KO_19, _KO_18 = ("year ended December 31, 2020", "year ended December 31, 2019",
                          "year ended December 31, 2018")
_KO_E20 = "December 31, 2020"
# Microsoft: fiscal years end June 30; columns 2022, 2021, 2020.
_MS_IS, _MS_BS, _MS_CF = 56, 58, 59
_MS_22, _MS_21 = "year ended June 30, 2022", "year ended June 30, 2021"
_MS_E22, _MS_E21 = "June 30, 2022", "June 30, 2021"
# Nike: fiscal years end May 31; columns 2022, 2021, 2020.
_NK_IS, _NK_BS, _NK_CF = 57, 59, 60
_NK_22 = "year ended May 31, 2022"
_NK_E22, _NK_E21 = "May 31, 2022", "May 31, 2021"
# Walmart: fiscal 2023 ended January 31, 2023; columns 2023, 2022, 2021.
_WM_IS, _WM_BS, _WM_CF = 53, 55, 57
_WM_23, _WM_22 = "fiscal year ended January 31, 2023", "fiscal year ended January 31, 2022"
_WM_E23, _WM_E22 = "January 31, 2023", "January 31, 2022"
# Kraft Heinz: 52/53-week years; columns December 31, 2022, December 25, 2021, December 26, 2020.
_KH_IS, _KH_BS, _KH_CF = 51, 53, 55
_KH_22, _KH_21 = "year ended December 31, 2022", "year ended December 25, 2021"
_KH_E22 = "December 31, 2022"

SPECS: list[Spec] = [
    # --- Adobe FY2021 ---
    Spec("own6_001", AD, "Adobe", MG,
         "What is the FY2021 total asset turnover ratio for Adobe? Total asset turnover ratio is defined as: FY2021 "
         "total revenue / (average total assets between FY2020 and FY2021). Round your answer to two decimal places. "
         "Address the question by using the line items and information shown within the balance sheet and the income "
         "statement.",
         [Input("rev", "Total revenue", 0, _AD_IS, _AD_21, "15,785"),
          Input("ta21", "Total assets", 0, _AD_BS, _AD_E21, "27,241"),
          Input("ta20", "Total assets", 1, _AD_BS, _AD_E20, "24,284")],
         "rev / ((ta21 + ta20) / 2)", RATIO,
         reason="Total asset turnover = FY2021 total revenue / average total assets (FY2020 and FY2021 year ends)."),
    Spec("own6_002", AD, "Adobe", MG,
         "Out of every dollar of revenue Adobe booked in FY2021, how many cents were left as free cash flow after "
         "paying for property and equipment? Express it as a free cash flow margin in percent, one decimal place.",
         [Input("cfo", "Net cash provided by operating activities", 0, _AD_CF, _AD_21, "7,230"),
          Input("capex", "Purchases of property and equipment", 0, _AD_CF, _AD_21, "(348)"),
          Input("rev", "Total revenue", 0, _AD_IS, _AD_21, "15,785")],
         "(cfo - capex) / rev", PERCENT, percent=True,
         reason="Free cash flow margin = (net cash provided by operating activities - purchases of property and "
                "equipment) / total revenue."),
    Spec("own6_003", AD, "Adobe", MG,
         "What is the FY2019 - FY2021 3 year average of research and development expense as a % of revenue for Adobe? "
         "Answer in units of percents and round to one decimal place. Calculate (or extract) the answer from the "
         "income statement.",
         [Input("rd21", "Research and development", 0, _AD_IS, _AD_21, "2,540"),
          Input("rd20", "Research and development", 1, _AD_IS, _AD_20, "2,188"),
          Input("rd19", "Research and development", 2, _AD_IS, _AD_19, "1,930"),
          Input("rev21", "Total revenue", 0, _AD_IS, _AD_21, "15,785"),
          Input("rev20", "Total revenue", 1, _AD_IS, _AD_20, "12,868"),
          Input("rev19", "Total revenue", 2, _AD_IS, _AD_19, "11,171")],
         "(rd21 / rev21 + rd20 / rev20 + rd19 / rev19) / 3", PERCENT, percent=True,
         reason="The simple average of the three yearly ratios research and development / total revenue."),
    Spec("own6_004", AD, "Adobe", MG,
         "What is Adobe's year-over-year change in unadjusted operating income from FY2020 to FY2021 (in units of "
         "percents and round to one decimal place)? Give a solution to the question by using the income statement.",
         [Input("oi21", "Operating income", 0, _AD_IS, _AD_21, "5,802"),
          Input("oi20", "Operating income", 1, _AD_IS, _AD_20, "4,237")],
         "oi21 / oi20 - 1", PERCENT, percent=True,
         reason="Year-over-year change = FY2021 operating income / FY2020 operating income - 1."),
    Spec("own6_005", AD, "Adobe", DR,
         "How much cash did Adobe pay for income taxes, net of refunds, in FY2021 (in USD millions)?",
         [Input("tax", "Cash paid for income taxes, net of refunds", 0, _AD_CF, _AD_21, "843")],
         "tax", MILLIONS),
    # --- Amazon FY2022 ---
    Spec("own6_006", AM, "Amazon", MG,
         "What is the FY2022 days inventory outstanding (DIO) for Amazon? DIO is defined as: 365 * (average "
         "inventories between FY2021 and FY2022) / (FY2022 cost of sales). Round your answer to two decimal places. "
         "Base your judgments on the information provided primarily in the balance sheet and the statement of "
         "operations.",
         [Input("inv22", "Inventories", 1, _AM_BS, _AM_E22, "34,405"),
          Input("inv21", "Inventories", 0, _AM_BS, _AM_E21, "32,640"),
          Input("cogs", "Cost of sales", 2, _AM_IS, _AM_22, "288,831")],
         "365 * ((inv22 + inv21) / 2) / cogs", RATIO,
         reason="DIO = 365 * average inventories (FY2021 and FY2022 year ends) / FY2022 cost of sales."),
    Spec("own6_007", AM, "Amazon", MG,
         "Using Amazon's FY2022 figures, how many times over did cash generated by operations cover the current "
         "liabilities on the year-end balance sheet? Give the operating cash flow ratio to two decimals.",
         [Input("cfo", "Net cash provided by (used in) operating activities", 2, _AM_CF, _AM_22, "46,752"),
          Input("cl", "Total current liabilities", 1, _AM_BS, _AM_E22, "155,393")],
         "cfo / cl", RATIO,
         reason="Operating cash flow ratio = net cash provided by operating activities / total current liabilities "
                "(FY2022)."),
    Spec("own6_008", AM, "Amazon", MG,
         "At what compound annual rate did Amazon's total net sales grow over the two years from FY2020 to FY2022? "
         "Answer as a percentage with one decimal.",
         [Input("s22", "Total net sales", 2, _AM_IS, _AM_22, "513,983"),
          Input("s20", "Total net sales", 0, _AM_IS, _AM_20, "386,064")],
         "(s22 / s20) ** (1 / 2) - 1", PERCENT, percent=True,
         reason="Two-year CAGR = (FY2022 total net sales / FY2020 total net sales) ^ (1/2) - 1."),
    Spec("own6_009", AM, "Amazon", MG,
         "What is Amazon's FY2022 capital expenditure as a % of total net sales? Define capital expenditure as "
         "purchases of property and equipment, before proceeds from sales and incentives. Answer in units of percents "
         "and round to one decimal place. Answer the question asked by assuming you only have access to information "
         "clearly displayed in the cash flow statement and the statement of operations.",
         [Input("capex", "Purchases of property and equipment", 2, _AM_CF, _AM_22, "(63,645)"),
          Input("sales", "Total net sales", 2, _AM_IS, _AM_22, "513,983")],
         "capex / sales", PERCENT, percent=True,
         reason="Capex % of sales = purchases of property and equipment (gross) / total net sales."),
    Spec("own6_010", AM, "Amazon", DR,
         "What was Amazon's fulfillment expense in FY2021, in USD millions?",
         [Input("ful", "Fulfillment", 1, _AM_IS, _AM_21, "75,111")],
         "ful", MILLIONS),
    # --- Best Buy FY2022 ---
    Spec("own6_011", BB, "Best Buy", MG,
         "What is the FY2022 inventory turnover ratio for Best Buy? Inventory turnover ratio is defined as: (FY2022 "
         "cost of sales) / (average merchandise inventories between FY2021 and FY2022). Round your answer to two "
         "decimal places. Please utilize information provided primarily within the balance sheet and the statement "
         "of earnings.",
         [Input("cogs", "Cost of sales", 0, _BB_IS, _BB_22, "40,121"),
          Input("inv22", "Merchandise inventories", 0, _BB_BS, _BB_E22, "5,965"),
          Input("inv21", "Merchandise inventories", 1, _BB_BS, _BB_E21, "5,612")],
         "cogs / ((inv22 + inv21) / 2)", RATIO,
         reason="Inventory turnover = cost of sales / average merchandise inventories (FY2021 and FY2022 year "
                "ends)."),
    Spec("own6_012", BB, "Best Buy", MG,
         "You are an investment banker and your only resource(s) to answer the following question is (are): the "
         "statement of earnings and the cash flow statement. Here's the question: what is the FY2022 dividend payout "
         "ratio (using total cash dividends paid and net earnings) for Best Buy? Round your answer to two decimal "
         "places.",
         [Input("div", "Dividends paid", 0, _BB_CF, _BB_22, "(688)"),
          Input("ni", "Net earnings", 0, _BB_IS, _BB_22, "2,454")],
         "div / ni", RATIO,
         reason="Dividend payout ratio = dividends paid (cash flow statement) / net earnings."),
    Spec("own6_013", BB, "Best Buy", MG,
         "Best Buy handed a lot of cash back to shareholders in FY2022. Taking stock repurchases plus dividends paid "
         "together, what share of the year's cash provided by operating activities did they represent? Give a "
         "percentage to one decimal place.",
         [Input("buy", "Repurchase of common stock", 0, _BB_CF, _BB_22, "(3,502)"),
          Input("div", "Dividends paid", 0, _BB_CF, _BB_22, "(688)"),
          Input("cfo", "Total cash provided by operating activities", 0, _BB_CF, _BB_22, "3,252")],
         "(buy + div) / cfo", PERCENT, percent=True,
         reason="Shareholder returns % of operating cash flow = (repurchase of common stock + dividends paid) / total "
                "cash provided by operating activities."),
    Spec("own6_014", BB, "Best Buy", MG,
         "What is Best Buy's FY2021 gross margin? Gross margin is defined as gross profit / revenue. Answer in units "
         "of percents and round to one decimal place. Compute it from the statement of earnings.",
         [Input("gp", "Gross profit", 1, _BB_IS, _BB_21, "10,573"),
          Input("rev", "Revenue", 1, _BB_IS, _BB_21, "47,262")],
         "gp / rev", PERCENT, percent=True,
         reason="Gross margin = gross profit / revenue (FY2021, the prior-year column)."),
    # --- Coca-Cola FY2020 ---
    Spec("own6_015", KO, "Coca-Cola", MG,
         "What is the FY2020 interest coverage ratio for Coca-Cola? Interest coverage ratio is defined as: operating "
         "income / interest expense. Round your answer to two decimal places. Calculate what was asked by utilizing "
         "the line items clearly shown in the income statement.",
         [Input("oi", "Operating Income", 0, _KO_IS, _KO_20, "8,997"),
          Input("ie", "Interest expense", 0, _KO_IS, _KO_20, "1,437")],
         "oi / ie", RATIO,
         reason="Interest coverage = operating income / interest expense."),
    Spec("own6_016", KO, "Coca-Cola", MG,
         "What is Coca-Cola's FY2019 effective tax rate? Effective tax rate is defined as income taxes / income "
         "before income taxes. Answer in units of percents and round to one decimal place. Respond to the question "
         "by assuming the perspective of an investment analyst who can only use the details shown within the income "
         "statement.",
         [Input("tax", "Income taxes", 1, _KO_IS, _KO_19, "1,801"),
          Input("pbt", "Income Before Income Taxes", 1, _KO_IS, _KO_19, "10,786")],
         "tax / pbt", PERCENT, percent=True,
         reason="Effective tax rate = income taxes / income before income taxes (FY2019, the prior-year column)."),
    Spec("own6_017", KO, "Coca-Cola", MG,
         "What is the FY2020 total debt to equity ratio for Coca-Cola? Total debt is defined as loans and notes "
         "payable + current maturities of long-term debt + long-term debt; equity is total equity. Round your answer "
         "to two decimal places. Base your judgments on the information provided primarily in the balance sheet.",
         [Input("notes", "Loans and notes payable", 0, _KO_BS, _KO_E20, "2,183"),
          Input("cur", "Current maturities of long-term debt", 0, _KO_BS, _KO_E20, "485"),
          Input("ltd", "Long-term debt", 0, _KO_BS, _KO_E20, "40,125"),
          Input("eq", "Total Equity", 0, _KO_BS, _KO_E20, "21,284")],
         "(notes + cur + ltd) / eq", RATIO,
         reason="Total debt to equity = (loans and notes payable + current maturities of long-term debt + long-term "
                "debt) / total equity."),
    Spec("own6_018", KO, "Coca-Cola", MG,
         "Looking at FY2018 through FY2020, how capital intensive was Coca-Cola on average? I want the mean of the "
         "three yearly ratios of purchases of property, plant and equipment to net operating revenues, in percent "
         "with one decimal.",
         [Input("c20", "Purchases of property, plant and equipment", 0, _KO_CF, _KO_20, "(1,177)"),
          Input("c19", "Purchases of property, plant and equipment", 1, _KO_CF, _KO_19, "(2,054)"),
          Input("c18", "Purchases of property, plant and equipment", 2, _KO_CF, _KO_18, "(1,548)"),
          Input("r20", "Net Operating Revenues", 0, _KO_IS, _KO_20, "33,014"),
          Input("r19", "Net Operating Revenues", 1, _KO_IS, _KO_19, "37,266"),
          Input("r18", "Net Operating Revenues", 2, _KO_IS, _KO_18, "34,300")],
         "(c20 / r20 + c19 / r19 + c18 / r18) / 3", PERCENT, percent=True,
         reason="The simple average of the three yearly ratios purchases of property, plant and equipment / net "
                "operating revenues."),
    Spec("own6_019", KO, "Coca-Cola", DR,
         "What was Coca-Cola's equity income (loss) — net for FY2020, in USD millions?",
         [Input("eqi", "Equity income (loss) — net", 0, _KO_IS, _KO_20, "978")],
         "eqi", MILLIONS),
    # --- Microsoft FY2022 ---
    Spec("own6_020", MS, "Microsoft", MG,
         "What is the FY2022 return on equity (ROE) for Microsoft? ROE is defined as: FY2022 net income / (average "
         "total stockholders' equity between FY2021 and FY2022). Answer in units of percents and round to one "
         "decimal place. Address the question by adopting the perspective of a financial analyst who can only use "
         "the details shown within the income statement and the balance sheet.",
         [Input("ni", "Net income", 0, _MS_IS, _MS_22, "72,738"),
          Input("eq22", "Total stockholders’ equity", 0, _MS_BS, _MS_E22, "166,542"),
          Input("eq21", "Total stockholders’ equity", 1, _MS_BS, _MS_E21, "141,988")],
         "ni / ((eq22 + eq21) / 2)", PERCENT, percent=True,
         reason="ROE = net income / average total stockholders' equity (FY2021 and FY2022 year ends)."),
    Spec("own6_021", MS, "Microsoft", MG,
         "What is Microsoft's FY2022 unadjusted EBITDA (in USD millions)? Define unadjusted EBITDA as unadjusted "
         "operating income + depreciation, amortization, and other from the cash flow statement. Utilize the income "
         "statement and the cash flow statement.",
         [Input("oi", "Operating income", 0, _MS_IS, _MS_22, "83,383"),
          Input("da", "Depreciation, amortization, and other", 0, _MS_CF, _MS_22, "14,460")],
         "oi + da", MILLIONS,
         reason="Unadjusted EBITDA = operating income + depreciation, amortization, and other (cash flow "
                "statement)."),
    Spec("own6_022", MS, "Microsoft", MG,
         "Stripping out inventories and other current assets, could Microsoft cover its current liabilities at June "
         "30, 2022 with cash, short-term investments and receivables alone? Give its quick ratio (cash and cash "
         "equivalents plus short-term investments plus net accounts receivable, over total current liabilities), "
         "two decimals.",
         [Input("cash", "Cash and cash equivalents", 0, _MS_BS, _MS_E22, "13,931"),
          Input("sti", "Short-term investments", 0, _MS_BS, _MS_E22, "90,826"),
          Input("ar", "Accounts receivable, net of allowance for doubtful accounts of $633 and $751", 0, _MS_BS,
                _MS_E22, "44,261"),
          Input("cl", "Total current liabilities", 0, _MS_BS, _MS_E22, "95,082")],
         "(cash + sti + ar) / cl", RATIO,
         reason="Quick ratio = (cash and cash equivalents + short-term investments + accounts receivable, net) / "
                "total current liabilities."),
    Spec("own6_023", MS, "Microsoft", MG,
         "We want to calculate a financial metric. Please help us compute it by basing your answers off of the "
         "income statement. Here's the question: what is Microsoft's FY2021 research and development expense as a % "
         "of total revenue? Answer in units of percents and round to one decimal place.",
         [Input("rd", "Research and development", 1, _MS_IS, _MS_21, "20,716"),
          Input("rev", "Total revenue", 1, _MS_IS, _MS_21, "168,088")],
         "rd / rev", PERCENT, percent=True,
         reason="R&D % of revenue = research and development / total revenue (FY2021, the prior-year column)."),
    Spec("own6_024", MS, "Microsoft", DR,
         "What was Microsoft's short-term unearned revenue on its balance sheet at the end of FY2022 (in USD "
         "millions)?",
         [Input("ur", "Short-term unearned revenue", 0, _MS_BS, _MS_E22, "45,538")],
         "ur", MILLIONS),
    # --- Nike FY2022 ---
    Spec("own6_025", NK, "Nike", MG,
         "What is the FY2022 days payable outstanding (DPO) for Nike? DPO is defined as: 365 * (average accounts "
         "payable between FY2021 and FY2022) / (FY2022 cost of sales). Round your answer to two decimal places. "
         "Please base your judgments on the information provided primarily in the balance sheet and the income "
         "statement.",
         [Input("ap22", "Accounts payable", 0, _NK_BS, _NK_E22, "3,358"),
          Input("ap21", "Accounts payable", 1, _NK_BS, _NK_E21, "2,836"),
          Input("cogs", "Cost of sales", 0, _NK_IS, _NK_22, "25,231")],
         "365 * ((ap22 + ap21) / 2) / cogs", RATIO,
         reason="DPO = 365 * average accounts payable (FY2021 and FY2022 year ends) / FY2022 cost of sales."),
    Spec("own6_026", NK, "Nike", MG,
         "What is the FY2022 cash conversion cycle (CCC) for Nike? CCC is defined as: DIO + DSO - DPO. DIO is "
         "defined as: 365 * (average inventories between FY2021 and FY2022) / (FY2022 cost of sales). DSO is "
         "defined as: 365 * (average accounts receivable, net between FY2021 and FY2022) / (FY2022 revenues). DPO is "
         "defined as: 365 * (average accounts payable between FY2021 and FY2022) / (FY2022 cost of sales). Round "
         "your answer to two decimal places. Address the question by using the line items and information shown "
         "within the balance sheet and the income statement.",
         [Input("inv22", "Inventories", 0, _NK_BS, _NK_E22, "8,420"),
          Input("inv21", "Inventories", 1, _NK_BS, _NK_E21, "6,854"),
          Input("ar22", "Accounts receivable, net", 0, _NK_BS, _NK_E22, "4,667"),
          Input("ar21", "Accounts receivable, net", 1, _NK_BS, _NK_E21, "4,463"),
          Input("ap22", "Accounts payable", 0, _NK_BS, _NK_E22, "3,358"),
          Input("ap21", "Accounts payable", 1, _NK_BS, _NK_E21, "2,836"),
          Input("cogs", "Cost of sales", 0, _NK_IS, _NK_22, "25,231"),
          Input("rev", "Revenues", 0, _NK_IS, _NK_22, "46,710")],
         "365 * (inv22 + inv21) / 2 / cogs + 365 * (ar22 + ar21) / 2 / rev - 365 * (ap22 + ap21) / 2 / cogs",
         RATIO,
         reason="CCC = DIO + DSO - DPO, each on year-end averages of FY2021 and FY2022 and 365 days."),
    Spec("own6_027", NK, "Nike", MG,
         "How much of each revenue dollar did Nike spend on demand creation in FY2022? Give demand creation expense "
         "as a percentage of revenues, to one decimal place.",
         [Input("dc", "Demand creation expense", 0, _NK_IS, _NK_22, "3,850"),
          Input("rev", "Revenues", 0, _NK_IS, _NK_22, "46,710")],
         "dc / rev", PERCENT, percent=True,
         reason="Demand creation expense % of revenues = demand creation expense / revenues."),
    Spec("own6_028", NK, "Nike", DR,
         "How much cash interest, net of capitalized interest, did Nike pay in FY2022 (in USD millions)?",
         [Input("int", "Interest, net of capitalized interest", 0, _NK_CF, _NK_22, "290")],
         "int", MILLIONS),
    # --- Walmart FY2023 ---
    Spec("own6_029", WM, "Walmart", MG,
         "What is Walmart's FY2022 current ratio? Current ratio is defined as total current assets / total current "
         "liabilities. Round your answer to two decimal places. Please utilize information provided primarily within "
         "the balance sheet.",
         [Input("ca", "Total current assets", 1, _WM_BS, _WM_E22, "81,070"),
          Input("cl", "Total current liabilities", 1, _WM_BS, _WM_E22, "87,379")],
         "ca / cl", RATIO,
         reason="Current ratio = total current assets / total current liabilities (January 31, 2022, the prior-year "
                "column)."),
    Spec("own6_030", WM, "Walmart", MG,
         "For the fiscal year that ended January 31, 2023, what return did Walmart earn on its asset base? Use "
         "consolidated net income attributable to Walmart over the average of the opening and closing total assets, "
         "and answer in percent to one decimal.",
         [Input("ni", "Consolidated net income attributable to Walmart", 0, _WM_IS, _WM_23, "11,680"),
          Input("ta23", "Total assets", 0, _WM_BS, _WM_E23, "243,197"),
          Input("ta22", "Total assets", 1, _WM_BS, _WM_E22, "244,860")],
         "ni / ((ta23 + ta22) / 2)", PERCENT, percent=True,
         reason="ROA = consolidated net income attributable to Walmart / average total assets (January 31, 2022 and "
                "2023)."),
    Spec("own6_031", WM, "Walmart", MG,
         "By how much did Walmart's operating income fall from FY2022 to FY2023, in percentage terms? Report the "
         "change as a signed percentage with one decimal.",
         [Input("oi23", "Operating income", 0, _WM_IS, _WM_23, "20,428"),
          Input("oi22", "Operating income", 1, _WM_IS, _WM_22, "25,942")],
         "oi23 / oi22 - 1", PERCENT, percent=True,
         reason="Change = FY2023 operating income / FY2022 operating income - 1 (a decrease, so negative)."),
    Spec("own6_032", WM, "Walmart", MG,
         "What is the FY2023 fixed asset turnover ratio for Walmart? Fixed asset turnover ratio is defined as: FY2023 "
         "total revenues / (average property and equipment, net between FY2022 and FY2023). Round your answer to two "
         "decimal places. Base your judgments on the information provided primarily in the statement of income and "
         "the statement of financial position.",
         [Input("rev", "Total revenues", 0, _WM_IS, _WM_23, "611,289"),
          Input("ppe23", "Property and equipment, net", 0, _WM_BS, _WM_E23, "100,760"),
          Input("ppe22", "Property and equipment, net", 1, _WM_BS, _WM_E22, "94,515")],
         "rev / ((ppe23 + ppe22) / 2)", RATIO,
         reason="Fixed asset turnover = total revenues / average property and equipment, net (January 31, 2022 and "
                "2023)."),
    Spec("own6_033", WM, "Walmart", DR,
         "What did Walmart report as membership and other income for FY2023, in USD millions?",
         [Input("mem", "Membership and other income", 0, _WM_IS, _WM_23, "5,408")],
         "mem", MILLIONS),
    # --- Kraft Heinz FY2022 ---
    Spec("own6_034", KH, "Kraft Heinz", MG,
         "What is the FY2022 unadjusted EBITDA % margin for Kraft Heinz? Define unadjusted EBITDA as unadjusted "
         "operating income + depreciation and amortization from the cash flow statement. Answer in units of percents "
         "and round to one decimal place. Calculate what was asked by utilizing the line items clearly shown in the "
         "income statement and the cash flow statement.",
         [Input("oi", "Operating income/(loss)", 0, _KH_IS, _KH_22, "3,634"),
          Input("da", "Depreciation and amortization", 0, _KH_CF, _KH_22, "933"),
          Input("rev", "Net sales", 0, _KH_IS, _KH_22, "26,485")],
         "(oi + da) / rev", PERCENT, percent=True,
         reason="Unadjusted EBITDA margin = (operating income + depreciation and amortization from the cash flow "
                "statement) / net sales."),
    Spec("own6_035", KH, "Kraft Heinz", MG,
         "A credit analyst wants Kraft Heinz's net leverage at the end of FY2022: net debt (commercial paper and "
         "other short-term debt, plus the current portion of long-term debt, plus long-term debt, minus cash and cash "
         "equivalents) divided by FY2022 EBITDA (operating income plus depreciation and amortization from the cash "
         "flow statement). What multiple is that, to two decimals?",
         [Input("cp", "Commercial paper and other short-term debt", 0, _KH_BS, _KH_E22, "6"),
          Input("cur", "Current portion of long-term debt", 0, _KH_BS, _KH_E22, "831"),
          Input("ltd", "Long-term debt", 0, _KH_BS, _KH_E22, "19,233"),
          Input("cash", "Cash and cash equivalents", 0, _KH_BS, _KH_E22, "1,040"),
          Input("oi", "Operating income/(loss)", 0, _KH_IS, _KH_22, "3,634"),
          Input("da", "Depreciation and amortization", 0, _KH_CF, _KH_22, "933")],
         "(cp + cur + ltd - cash) / (oi + da)", RATIO,
         reason="Net leverage = (commercial paper and other short-term debt + current portion of long-term debt + "
                "long-term debt - cash and cash equivalents) / (operating income + depreciation and amortization)."),
    Spec("own6_036", KH, "Kraft Heinz", MG,
         "What is Kraft Heinz's FY2021 effective tax rate? Define it as provision for income taxes / income before "
         "income taxes. Answer in units of percents and round to one decimal place. Utilize the income statement "
         "only.",
         [Input("tax", "Provision for/(benefit from) income taxes", 1, _KH_IS, _KH_21, "684"),
          Input("pbt", "Income/(loss) before income taxes", 1, _KH_IS, _KH_21, "1,708")],
         "tax / pbt", PERCENT, percent=True,
         reason="Effective tax rate = provision for income taxes / income before income taxes (FY2021, the "
                "prior-year column)."),
    # --- Questions the filing cannot answer ---
    Spec("own6_037", BB, "Best Buy", DECLINE,
         "What was Best Buy's Net Promoter Score in FY2022?",
         reason="The filing reports no Net Promoter Score (the full text has neither 'Net Promoter' nor 'NPS'); it "
                "only says customer satisfaction improved."),
    Spec("own6_038", KO, "Coca-Cola", DECLINE,
         "How many vending machines did Coca-Cola have placed in the market at the end of FY2020?",
         reason="The filing gives no count of vending machines (the phrase does not occur in its full text)."),
    Spec("own6_039", NK, "Nike", DECLINE,
         "How many monthly active users did Nike's apps have in FY2022?",
         reason="The filing discloses no app user counts (no 'monthly active' or 'active user' in its full text)."),
    Spec("own6_040", KH, "Kraft Heinz", DECLINE,
         "What were Kraft Heinz's FY2022 net sales of Heinz ketchup in the United States, in USD millions?",
         reason="The filing reports net sales by segment and product category, not for ketchup (the word does not "
                "occur in its full text)."),
]
