"""Finance vocabulary of metrics in one table: standard concepts, their names, and the named formulas over them.

* :data:`CONCEPTS` — standard line items (revenue, inventories, capex …): the statements they are read from, the
  label patterns filings print for them (most preferred first; matched after
  :func:`app.core.figures.concepts.normalise`), and :attr:`Concept.terms`, the words analysts and filings use for
  them ("Additions to property and equipment", "purchases of PP&E", "capex").
* :data:`METRICS` — named metrics as formulas over concept names (quick ratio, DPO, free cash flow …), each with its
  terms, unit and definition in words. The formula language is :mod:`app.core.figures.formulas`'s: ``avg(x)``,
  ``prev(x)``, ``change(x)``, ``opt(x)`` (0 when absent, said), ``size(x)`` (capex and dividends print as outflows).

Everything reads this table: the statements (which line is which concept, how a metric is computed), question
understanding (:mod:`app.core.question`: its lexicon is built from the terms here), the search priors, the ``metric``
command's list of known metrics and the training pipeline's metric queries. A new synonym or formula goes here once.
Terms are plain lower-case words, not patterns: the question grammar matches them word by word, longest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Concept:
    """A standard line item: where it is read and the labels that name it."""

    name: str
    title: str
    statements: tuple[str, ...]
    labels: tuple[str, ...]  # regexes over the normalised label, most preferred first
    exclude: str = ""  # a regex that rules a label out
    outflow: bool = False  # printed negative in a cash flow statement; formulas use its size
    expense: bool = False  # some statements print expenses as negatives ("(491)"): such a row is read as positive
    terms: tuple[str, ...] = ()  # what analysts call it in a question, and filings' other names for it (plain words)

    def patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.labels]

    def rank(self, label: str) -> int | None:
        """The rank of the first pattern that names a printed ``label`` (lower is better), or None."""
        text = normalise_label(label)
        if self.exclude and re.search(self.exclude, text):
            return None
        return next((rank for rank, pattern in enumerate(self.patterns()) if pattern.search(text)), None)


_LIGATURES = re.compile(r"(?<=[A-Za-z])[Þß]|[Þß](?=[a-z])")


def normalise_label(label: str) -> str:
    """A label as the patterns see it: lower case, plain quotes and spaces, no footnote or note references."""
    text = label.replace("\u00a0", " ").replace("Â", "").replace("’", "'").replace("‘", "'")
    # The "fi" and "fl" ligatures of some PDF fonts come out as "Þ" and "ß" ("Gross proÞt", "Cash ßows").
    text = _LIGATURES.sub(lambda m: "fi" if m.group(0) == "Þ" else "fl", text).lower()
    text = re.sub(r"\((note|notes|see note)s? [^)]*\)|\(\d\)|\*+", "", text)
    # "Cash provided (used) by operations", "Net income/(loss)", "Consolidated net income attributable to …".
    text = re.sub(r"\s*\((used|used in|used for|provided by|provision for|benefit from|expense|benefit)\)", "",
                  text.replace("/(", " ("))
    text = re.sub(r"^(consolidated|total consolidated) (?=net (income|earnings|loss))", "", text)
    text = re.sub(r"(stockholders|shareholders|shareowners)(?!')", r"\1'", text)
    text = re.sub(r"[\s:]+$", "", re.sub(r"\s+", " ", text)).strip(" .$")
    return text


_NCI = r"noncontrolling|non-controlling|minority|per share|per common share|discontinued|preferred"
_CONCEPTS: tuple[Concept, ...] = (
    Concept("revenue", "Total revenue", ("income",), (
        r"^total (net )?(revenues?|sales|net sales|net revenues?)( and other income)?$",
        r"^(net )?(revenues?|sales)$", r"^net sales$", r"^net revenues?$", r"^revenues?, net$",
        r"^(total )?(net )?(operating )?revenues?\b", r"^net sales\b", r"^sales\b"),
        exclude=r"cost|deferred|unearned|expenses?$|per |excise|marketing"),
    Concept("cost_of_revenue", "Cost of revenue (COGS)", ("income",), (
        r"^total cost of (revenues?|sales|net revenues?)$", r"^cost of (goods sold|products sold|sales|revenues?|"
        r"net revenues?|net sales|merchandise sold)$",
        r"^cost of (sales|goods sold|products sold|revenues?)\b",
        r"^(total )?costs (of|of the) (revenues?|sales|goods sold|products sold)\b"),
        exclude=r"excluding|exclusive of depreciation and amortization shown|gross", expense=True),
    Concept("gross_profit", "Gross profit", ("income",), (r"^gross (profit|margin)$", r"^gross (profit|margin)\b"),
            exclude=r"%|percent"),
    Concept("operating_income", "Operating income", ("income",), (
        r"^(total )?operating (income|profit)( \(loss\))?$", r"^(income|earnings|profit) from operations$",
        r"^operating (income|profit)\b", r"^(income|earnings) \(loss\) from operations$",
        r"^operating (loss|income \(loss\))$"), exclude=r"before|non-?operating|other operating"),
    Concept("pretax_income", "Income before income taxes", ("income",), (
        r"^(income|earnings|profit) (\(loss\) )?(from continuing operations )?before (provision for |benefit from )?"
        r"(income )?tax",
        r"^(income|earnings) before taxes", r"before income tax", r"^pre-?tax income$"),
        exclude=r"noncontrolling|per share"),
    Concept("income_taxes", "Income tax expense", ("income",), (
        r"^(provision for|benefit from|\(benefit\) provision for|provision \(benefit\) for) income taxes?$",
        r"^income tax (expense|provision)( \(benefit\))?$", r"^income taxes?$", r"^(total )?income tax",
        r"^provision for (income )?taxes", r"^taxes on income"), exclude=r"before|payable|deferred|paid", expense=True),
    Concept("interest_expense", "Interest expense", ("income",), (
        r"^interest expense(, net)?$", r"^interest expense\b", r"^interest and debt expense",
        # "Interest, net" (General Mills, Walmart): the net interest expense an industrial filer prints alone.
        r"^(net )?interest, net$", r"^net interest expense$"),
        # (not the capitalized interest itself; "Interest expense-net of capitalized interest of $9.5" is the expense)
        exclude=r"income and|^capitalized|interest capitalized", expense=True),
    Concept("sga", "Selling, general and administrative expenses", ("income",), (
        r"^(total )?selling, general(,)? (and|&) administrative( expenses?)?$", r"^selling, general(,)? (and|&) admin",
        r"^sg&a\b",
        # Filers' own spellings: "Operating, selling, general and administrative expenses" (Walmart), "Selling,
        # marketing and administrative expenses", "Marketing, selling and administrative expenses".
        r"^(operating, )?(selling|marketing), (general|marketing|selling)(,)? (and|&) administrative( expenses?)?$"),
        exclude=r"excluding|percent|%", expense=True),
    # Filers that print no SG&A line print these two (SG&A's stated fallback is their sum).
    Concept("sales_marketing", "Sales and marketing expenses", ("income",), (
        r"^(sales|selling) and marketing( expenses?| costs?)?$", r"^marketing and sales( expenses?)?$"),
        exclude=r"percent|%", expense=True),
    Concept("g_and_a", "General and administrative expenses", ("income",), (
        r"^general and administrative( expenses?| costs?)?$",), exclude=r"percent|%|selling", expense=True),
    Concept("opex", "Total operating expenses", ("income",), (
        r"^total operating (expenses|costs and expenses|costs)$", r"^total costs and expenses$",
        r"^operating expenses$", r"^total operating expenses\b"), exclude=r"other|per |non-?operating", expense=True),
    Concept("rnd", "Research and development expenses", ("income",), (
        r"^(total )?research(,)? (and|&) development( expenses?| costs?)?$", r"^research(,)? (and|&) development\b",
        r"^r&d\b", r"^(product|technology) (and )?development( expenses?| costs?)?$",
        r"^research, development(,)? and engineering\b"),
        exclude=r"in-process|acquired|percent|%|credit", expense=True),
    Concept("net_income", "Net income", ("income",), (
        r"^net (income|earnings|profit|\(loss\) income|income \(loss\)|earnings \(loss\)) attributable to "
        r"(?!noncontrolling|non-controlling|minority)",
        r"^net (income|earnings|profit)( \(loss\))?$", r"^net (loss|\(loss\) income|income \(loss\))$",
        r"^net (income|earnings)\b"), exclude=_NCI + r"|before|adjust|comprehensive|margin"),
    Concept("d_and_a", "Depreciation and amortization", ("cash_flow",), (
        r"^depreciation(,)? (and|&) amortization$", r"^depreciation, amortization\b",
        r"^depreciation(,)? (and|&) amortization\b", r"^depreciation\b.*\bamorti[sz]ation\b"), exclude=r"accumulated"),
    # Depreciation and amortization printed apart (a definition may sum them: "operating income plus depreciation
    # plus amortization of intangible assets"); either is read from the cash flow statement or the income statement.
    Concept("depreciation", "Depreciation", ("cash_flow", "income"), (
        r"^depreciation( expense)?$", r"^depreciation (of|on) (property|fixed assets|plant|premises)"),
        exclude=r"amorti[sz]ation|accumulated|depletion"),
    Concept("amortization", "Amortization of intangible assets", ("cash_flow", "income"), (
        r"^amorti[sz]ation of (acquired |acquisition[- ]related |purchased |other )?intangible",
        r"^amorti[sz]ation of intangibles\b", r"^(intangible assets? )?amorti[sz]ation( expense)?$"),
        exclude=r"depreciation|accumulated|debt|financing|deferred|premium|discount|lease"),
    Concept("operating_cash_flow", "Cash from operations", ("cash_flow",), (
        r"^net cash (provided by|from|generated (by|from)|provided by \(used (in|for)\)) operating activities$",
        r"^(net )?cash (provided by|from|generated by) operati", r"^cash flows? from operating activities$",
        r"operating activities$"), exclude=r"discontinued|investing|financing|adjustments"),
    Concept("capex", "Capital expenditures", ("cash_flow",), (
        r"^capital expenditures?\b", r"^(purchases?|acquisitions?|additions?) (of|to) property(,)? (plant|and)",
        r"^(purchases?|additions?) (of|to) (land, buildings|property|fixed assets|premises)",
        r"^payments? for (property|acquisition of property|capital expenditures)",
        r"^expenditures? for property", r"^(purchases?|additions?) (of|to) property and equipment",
        # Filers' own names for the same line, after the usual ones.
        r"^(purchases?|additions?|acquisitions?) (of|to) pp&e\b", r"^capital (spending|investments?)\b",
        r"^investments? in (property|pp&e|fixed assets)", r"^(purchases?|acquisitions?) of (fixed|capital) assets",
        r"^payments? for (the )?(purchases?|acquisitions?) of (property|pp&e|fixed assets)"),
        exclude=r"sale|proceeds|accrued|unpaid|intangible|software development", outflow=True),
    Concept("dividends_paid", "Dividends paid", ("cash_flow",), (
        r"^(cash )?dividends paid( to (common )?(stockholders|shareholders|shareowners))?$",
        r"^dividends paid\b", r"^(payments? (of|for) )?(cash )?dividends( to (common )?(stock|share)holders)?$",
        r"^(common )?(stock )?dividends paid\b", r"^cash dividends\b", r"^payments? (of|for) (cash )?dividends",
        r"^(cash )?dividends\b", r"^common (stock )?dividends$"),
        exclude=r"noncontrolling|^preferred|received|declared|per share|subsidiar|payable", outflow=True),
    Concept("investing_cash_flow", "Cash from investing activities", ("cash_flow",), (
        r"^(net )?cash (used in|provided by|from|used for|flows? from|generated by|\(used in\)) investing activities$",
        r"^(total )?(net )?cash (used in|from|provided by) investing", r"investing activities$"),
        exclude=r"discontinued|operating|financing|adjustments|other investing"),
    Concept("financing_cash_flow", "Cash from financing activities", ("cash_flow",), (
        r"^(net )?cash (used in|provided by|from|used for|flows? from|generated by|\(used in\)) financing activities$",
        r"^(total )?(net )?cash (used in|from|provided by) financing", r"financing activities$"),
        exclude=r"discontinued|operating|investing|adjustments|other financing"),
    Concept("acquisitions", "Acquisitions, net of cash acquired", ("cash_flow",), (
        r"^(cash paid for |payments? for |purchases? of )?(business(es)? )?acquisitions?(,? net of cash acquired|"
        r", net| of businesses)?\b", r"^acquisitions? of (businesses|companies)\b"),
        exclude=r"property|intangible|investments?|proceeds|equipment|land|treasury|stock|shares", outflow=True),
    Concept("share_repurchases", "Repurchases of common stock", ("cash_flow",), (
        r"^(purchases?|repurchases?) of (the company's )?(common |treasury |capital |ordinary )?(stock|shares)\b",
        r"^(common )?stock repurchased\b", r"^share repurchases?\b", r"^treasury stock (purchases?|acquired)\b",
        r"^payments? for (the )?(repurchases?|purchases?) of (common )?(stock|shares)"),
        exclude=r"proceeds|issuance|issued|employee|withh?eld|tax", outflow=True),
    Concept("cash", "Cash and cash equivalents", ("balance",), (
        r"^(total )?cash and (cash )?equivalents$", r"^cash and cash equivalents\b", r"^cash and equivalents\b",
        r"^cash$"), exclude=r"restricted(?! cash and)|beginning|end of|increase|decrease"),
    Concept("short_term_investments", "Short-term investments", ("balance",), (
        r"^short-term investments$", r"^(short-term|current) (marketable securities|investments)\b",
        r"^marketable securities$", r"^short-term investments\b"), exclude=r"long-term|non-?current"),
    Concept("receivables", "Accounts receivable, net", ("balance",), (
        r"^(trade )?(accounts |notes and accounts )?receivables?(, net| - net| net)?$",
        r"^(trade )?accounts receivable\b", r"^receivables?\b", r"^trade receivables?\b",
        r"^(trade )?accounts and notes receivables?\b"),
        exclude=r"non-?current|long-term|financing|^(less )?allowance for|other receivables"),
    Concept("inventory", "Inventories", ("balance",), (
        r"^(total )?(merchandise )?inventor(y|ies)(, net)?$", r"^(merchandise )?inventor(y|ies)\b"),
        exclude=r"non-?current|long-term|reserve|lifo"),
    Concept("current_assets", "Total current assets", ("balance",), (r"^total current assets$",)),
    Concept("ppe", "Property, plant and equipment, net", ("balance",), (
        r"^(total )?property(,)? (plant,? )?(and|&) equipment(, net| - net| net)?\b.*(net|less)",
        r"^(land, buildings,? and equipment|property and equipment|premises and equipment|property, plant and "
        r"equipment), net\b", r"^net property(,)? (plant,? )?(and|&) equipment", r"^property(,)? (plant,? )?(and|&) "
        r"equipment(, net)?$", r"^property(,)? (plant,? )?(and|&) equipment", r"^land, buildings,? and equipment$"),
        # "Property and equipment, net of accumulated depreciation of $51,351 and $43,197" is the net line.
        exclude=r"gross|(?<!net of )accumulated|at cost|purchases|held for sale|lease"),
    Concept("total_assets", "Total assets", ("balance",), (r"^total assets$",)),
    Concept("accounts_payable", "Accounts payable", ("balance",), (
        r"^(trade )?accounts payable(, trade)?$", r"^accounts payable\b(?! and accrued)", r"^trade payables?\b",
        # Filers that print payables with accruals as one line (the only payables line there is).
        r"^accounts payable and accrued (expenses|liabilities)$"),
        exclude=r"^accrued|related part|income tax|other liabilities"),
    Concept("current_liabilities", "Total current liabilities", ("balance",), (r"^total current liabilities$",)),
    Concept("long_term_debt", "Long-term debt", ("balance",), (
        r"^long-term debt(, net| excluding current|, less current)?", r"^long-term debt\b", r"^long-term borrowings",
        r"^(notes payable and other )?borrowings, non-?current$", r"^non-?current (portion of )?(long-term )?debt",
        # "Debt, noncurrent" (Salesforce); a bare "Debt" line is the long-term one (Intel prints it after the total
        # of current liabilities, the current part apart as "Short-term debt").
        r"^debt, non-?current$", r"^debt$"),
        exclude=r"(?<!less )(?<!excluding )current (portion|maturities)|due within|classified as current|, current$"),
    # Debt due within a year, in the two lines filers print apart (Coca-Cola: "Loans and notes payable" and "Current
    # maturities of long-term debt"); total debt adds both, so neither is counted twice nor left out.
    Concept("current_debt", "Current portion of long-term debt", ("balance",), (
        r"^(current portion of|current maturities of) long-term (debt|borrowings)", r"^current portion of debt\b",
        r"^(notes payable and other )?borrowings, current$", r"^long-term debt, current\b",
        r"^long-term debt,? classified as current$", r"^debt, current$", r"^long-term debt due within one year$"),
        exclude=r"lease"),
    Concept("short_term_debt", "Short-term borrowings", ("balance",), (
        r"^short-term (debt|borrowings)", r"^(loans and )?notes payable$", r"^commercial paper$",
        r"^commercial paper and (other )?short-term (debt|borrowings)"),
        exclude=r"lease|current portion|current maturities"),
    Concept("total_liabilities", "Total liabilities", ("balance",), (r"^total liabilities$",)),
    Concept("goodwill", "Goodwill", ("balance",), (r"^goodwill(, net)?$", r"^goodwill\b"),
            exclude=r"impairment|acquired|and (other )?intangible"),
    Concept("retained_earnings", "Retained earnings", ("balance",), (
        r"^retained earnings( \(accumulated deficit\))?$", r"^(accumulated deficit|reinvested earnings)$",
        r"^retained earnings\b", r"^earnings (retained|reinvested)"),
        exclude=r"beginning|end of|appropriated|statements?"),
    Concept("equity", "Total shareholders' equity", ("balance",), (
        r"^total (stockholders|shareholders|shareowners|share owners)' (equity|investment)"
        r"( attributable to| \(deficit\))?",
        r"^total (company |parent )?(stockholders|shareholders|shareowners)' equity",
        r"^total [a-z0-9 .,&'-]{2,50} (stockholders|shareholders|shareowners)' (equity|investment)", r"^total equity$",
        r"^total (stockholders|shareholders|shareowners)' equity"),
        exclude=r"liabilities and|noncontrolling interests$"),
    # "Total equity" as asked: the line of that name (noncontrolling interests included) where a filer prints one
    # beside its shareholders' equity; else the shareholders' equity.
    Concept("total_equity", "Total equity", ("balance",), (
        r"^total equity$", r"^total (stockholders|shareholders|shareowners)' equity( \(deficit\))?$",
        r"^total (stockholders|shareholders|shareowners|share owners)' (equity|investment)"),
        exclude=r"liabilities and|noncontrolling interests$|attributable"),
)


# What analysts call each concept in a question (and other names filings print for it), plain lower-case words.
# "&" and "/" stay inside words ("pp&e", "d&a"); "PPNE"/"PPE" are spelled "pp&e" before matching.
_TERMS: dict[str, tuple[str, ...]] = {
    "revenue": ("revenue", "revenues", "total revenue", "total revenues", "net revenue", "net revenues", "sales",
                "net sales", "total sales", "total net sales", "total net revenue", "top line", "operating revenue",
                "operating revenues", "total operating revenue", "total operating revenues"),
    "cost_of_revenue": ("cost of revenue", "cost of revenues", "cost of sales", "cost of goods sold", "cogs",
                        "cost of products sold", "cost of merchandise sold", "total cost of revenue"),
    "gross_profit": ("gross profit", "gross profits"),
    "operating_income": ("operating income", "operating profit", "income from operations", "ebit",
                         "earnings from operations", "operating earnings", "profit from operations"),
    "pretax_income": ("pretax income", "pre-tax income", "pre-tax profit", "pretax profit",
                      "income before income taxes", "income before taxes", "earnings before income taxes",
                      "earnings before taxes", "profit before tax",
                      "profit before taxes", "ebt", "pretax earnings", "income before provision for income taxes",
                      "earnings before provision for income taxes", "income before tax", "earnings before income tax",
                      "pre-tax earnings", "pretax", "pre-tax"),
    "income_taxes": ("income tax expense", "income taxes", "income tax", "provision for income taxes", "tax expense",
                     "income tax provision", "tax provision", "taxes"),
    "interest_expense": ("interest expense", "interest expenses", "interest cost", "interest costs", "interest",
                         "net interest expense", "interest expense net"),
    "net_income": ("net income", "net earnings", "net profit", "bottom line", "net income attributable to shareholders",
                   "net income attributable to the company", "profit", "earnings", "net profits"),
    "d_and_a": ("depreciation and amortization", "d&a", "depreciation & amortization", "depreciation and amortisation"),
    "depreciation": ("depreciation", "depreciation expense"),
    "amortization": ("amortization of intangible assets", "amortization of intangibles", "amortisation of intangible "
                     "assets", "intangible amortization", "intangibles amortization", "amortization"),
    "operating_cash_flow": ("cash from operations", "cash flow from operations", "operating cash flow",
                            "operating cash flows", "cash from operating activities",
                            "cash flow from operating activities", "cash flows from operating activities",
                            "net cash provided by operating activities", "net cash from operating activities",
                            "net cash flows from operating activities", "net cash flow from operating activities",
                            "cash provided by operations", "cash provided by operating activities", "cfo", "ocf",
                            "cash generated from operations", "cash flows from operations",
                            "cash generated by operating activities", "cash generated from operating activities",
                            "net cash generated by operating activities",
                            "net cash generated from operating activities", "cash generated by operations"),
    "capex": ("capex", "capital expenditure", "capital expenditures", "capital spending", "capital investment",
              "capital investments", "purchases of property and equipment", "purchase of property and equipment",
              "purchases of property plant and equipment", "purchases of pp&e", "additions to property and equipment",
              "additions to property plant and equipment", "additions to pp&e", "payments for property and equipment",
              "investments in property and equipment", "expenditures for property and equipment",
              "payments for acquisition of property plant and equipment", "acquisition of property plant and equipment",
              "payments for property plant and equipment",
              "payments for acquisition of property and equipment", "purchases of land buildings and equipment",
              "additions to property plant and equipment net", "capital additions"),
    "dividends_paid": ("dividends paid", "cash dividends", "cash dividends paid", "dividends", "dividend payments",
                       "dividends to shareholders", "dividend", "common stock dividends",
                       "common stock dividends paid", "dividends on common stock", "common dividends",
                       "common dividends paid", "payments of dividends", "cash dividends paid to shareholders",
                       "dividends to stockholders", "dividends paid to stockholders", "dividends paid to shareholders",
                       "payments of dividends to stockholders", "payments of dividends to shareholders",
                       "cash dividends paid to stockholders", "dividends paid on common stock"),
    "cash": ("cash and cash equivalents", "cash and equivalents", "cash"),
    "short_term_investments": ("short-term investments", "short term investments", "marketable securities",
                               "current marketable securities", "short-term marketable securities",
                               "short term marketable securities"),
    "receivables": ("accounts receivable", "receivables", "receivable", "trade receivables", "net receivables", "ar",
                    "net ar", "net accounts receivable", "trade accounts receivable", "trade receivable",
                    "accounts receivable net", "a/r"),
    "inventory": ("inventory", "inventories", "merchandise inventory", "merchandise inventories", "inventories net",
                  "inventory net"),
    "current_assets": ("current assets", "total current assets"),
    "ppe": ("pp&e", "net pp&e", "property plant and equipment", "property and equipment", "fixed assets",
            "net fixed assets", "net property plant and equipment", "net property and equipment",
            "property plant and equipment net", "property and equipment net", "pp&e net",
            "land buildings and equipment"),
    "total_assets": ("total assets", "assets"),
    "accounts_payable": ("accounts payable", "payables", "trade payables", "a/p", "ap"),
    "sga": ("selling general and administrative expenses", "selling general and administrative expense",
            "selling general and administrative", "sg&a", "sg&a expenses", "sg&a expense",
            "selling general and administrative costs", "sg&a costs"),
    "rnd": ("research and development", "research and development expenses", "research and development expense",
            "r&d", "r&d expenses", "r&d expense", "r&d spending", "research and development costs", "r&d costs",
            "product development", "product development expense", "product development expenses",
            "technology and development", "technology and development expense", "technology and development expenses"),
    "current_liabilities": ("current liabilities", "total current liabilities"),
    "long_term_debt": ("long-term debt", "long term debt", "long-term borrowings", "long term borrowings"),
    "current_debt": ("current portion of long-term debt", "current debt", "current portion of debt",
                     "current maturities of long-term debt", "current portion of long-term borrowings"),
    "short_term_debt": ("short-term debt", "short term debt", "short-term borrowings", "short term borrowings",
                        "commercial paper", "notes payable", "loans and notes payable",
                        "commercial paper and other short-term debt"),
    "total_liabilities": ("total liabilities", "liabilities"),
    "investing_cash_flow": ("cash from investing activities", "cash flow from investing activities",
                            "cash flows from investing activities", "investing cash flow", "investing cash flows",
                            "net cash used in investing activities", "cash used in investing activities",
                            "net cash from investing activities", "investing activities"),
    "financing_cash_flow": ("cash from financing activities", "cash flow from financing activities",
                            "cash flows from financing activities", "financing cash flow", "financing cash flows",
                            "net cash used in financing activities", "cash used in financing activities",
                            "net cash from financing activities", "financing activities"),
    "share_repurchases": ("share repurchases", "stock repurchases", "buybacks", "share buybacks", "stock buybacks",
                          "repurchases of common stock", "purchases of treasury stock", "repurchase of shares",
                          "treasury stock purchases", "share repurchase", "stock buyback", "share buyback",
                          "repurchases of stock", "repurchase common stock", "repurchase stock", "repurchase shares",
                          "repurchasing common stock", "repurchasing stock", "repurchasing shares", "buy back stock",
                          "buy back common stock", "buy back shares", "buying back stock", "buying back common stock",
                          "buying back shares", "bought back stock", "bought back shares", "common stock repurchases",
                          "repurchases of common shares", "repurchase of common stock"),
    "sales_marketing": ("sales and marketing", "sales and marketing expenses", "sales and marketing expense",
                        "selling and marketing", "selling and marketing expenses", "marketing and sales",
                        "sales and marketing costs", "marketing and sales costs", "marketing and sales expenses"),
    "g_and_a": ("general and administrative", "general and administrative expenses",
                "general and administrative expense", "g&a", "g&a expenses", "general and administrative costs",
                "g&a costs"),
    "acquisitions": ("acquisitions", "acquisitions net of cash acquired", "business acquisitions",
                     "cash paid for acquisitions", "payments for acquisitions", "acquisitions of businesses",
                     "cash payments for acquisitions", "cash spent on acquisitions",
                     "acquisition spending"),
    "opex": ("operating expenses", "total operating expenses", "opex", "operating costs", "total costs and expenses",
             "operating expense"),
    "goodwill": ("goodwill",),
    "retained_earnings": ("retained earnings", "accumulated deficit", "reinvested earnings"),
    "total_equity": ("total equity", "total equity including noncontrolling interests"),
    "equity": ("shareholders' equity", "stockholders' equity", "equity", "shareholders equity",
               "stockholders equity", "total shareholders' equity", "total stockholders' equity",
               "book value of equity", "book value", "shareowners' equity", "net worth",
               "common stockholders' equity", "common shareholders' equity", "total common stockholders' equity",
               "stockholders' investment", "shareholders' investment", "common stockholders' investment",
               "total common stockholders' investment", "total stockholders' investment"),
}
CONCEPTS: tuple[Concept, ...] = tuple(replace(c, terms=_TERMS.get(c.name, ())) for c in _CONCEPTS)
BY_NAME = {c.name: c for c in CONCEPTS}


@dataclass(frozen=True)
class Metric:
    """A named metric: how it is computed and shown."""

    name: str
    terms: tuple[str, ...]  # what analysts call it (plain lower-case words; the name is one too)
    expression: str
    unit: str  # "ratio" | "percent" | "money" | "days" | "times"
    definition: str  # the formula in words, as answers show it
    alternatives: tuple[str, ...] = ()  # standard fallbacks, in order, when an input of ``expression`` is missing
    short: str = ""  # the abbreviation analysts write ("DPO")
    # The metric in words over other metrics and concepts ("total debt / total assets"), so a question that defines
    # one of those ("Total debt here is defined as …") can put its definition in.
    parts: str = ""

    @property
    def aliases(self) -> tuple[str, ...]:
        """The name and terms as patterns over lower-case text (whole words), for matching printed labels."""
        return tuple(r"\b" + re.escape(t) + r"\b" for t in (self.name.lower(), *self.terms))


# Days payable outstanding divides by purchases (cost of revenue + the change in inventory), the standard form when
# the statements give both; cost of revenue alone is the stated fallback.
_PURCHASES = "(cost_of_revenue + change(inventory))"
# Total debt: long-term debt and the debt due within a year, in both lines filers print it in.
_TOTAL_DEBT = "long_term_debt + opt(short_term_debt) + opt(current_debt)"
_TOTAL_DEBT_WORDS = "long-term debt + short-term borrowings + current portion of long-term debt"
# EBIT as income before taxes plus interest expense: the standard fallback when a filing prints no operating income.
_EBIT_DA = "pretax_income + interest_expense + d_and_a"
METRICS: tuple[Metric, ...] = (
    Metric("gross margin", ("gross margin", "gross profit margin", "gross margin percentage", "gross margin ratio"),
           "gross_profit / revenue", "percent", "gross profit / revenue", ("(revenue - cost_of_revenue) / revenue",)),
    Metric("operating margin", ("operating margin", "operating profit margin", "operating income margin",
                                "ebit margin", "operating margin percentage"),
           "operating_income / revenue", "percent", "operating income / revenue",
           ("(pretax_income + interest_expense) / revenue",)),
    Metric("net profit margin", ("net profit margin", "net margin", "net income margin", "profit margin",
                                 "net earnings margin", "return on sales"),
           "net_income / revenue", "percent", "net income / revenue"),
    Metric("EBITDA", ("ebitda", "earnings before interest taxes depreciation and amortization"),
           "operating_income + d_and_a", "money", "operating income + depreciation and amortization", (_EBIT_DA,)),
    Metric("EBITDA margin", ("ebitda margin",), "(operating_income + d_and_a) / revenue", "percent",
           "(operating income + depreciation and amortization) / revenue", (f"({_EBIT_DA}) / revenue",),
           parts="EBITDA / revenue"),
    Metric("current ratio", ("current ratio", "working capital ratio"), "current_assets / current_liabilities",
           "ratio", "total current assets / total current liabilities"),
    Metric("quick ratio", ("quick ratio", "acid-test ratio", "acid test ratio", "acid-test", "acid test"),
           "(cash + opt(short_term_investments) + receivables) / current_liabilities", "ratio",
           "(cash and equivalents + short-term investments + receivables) / current liabilities"),
    Metric("working capital", ("working capital", "net working capital"), "current_assets - current_liabilities",
           "money", "total current assets - total current liabilities"),
    Metric("operating cash flow ratio", ("operating cash flow ratio",),
           "operating_cash_flow / current_liabilities", "ratio", "cash from operations / total current liabilities"),
    Metric("capex to revenue", ("capex to revenue", "capital intensity", "capex intensity", "capex to sales"),
           "size(capex) / revenue", "percent", "capital expenditures / revenue"),
    Metric("free cash flow", ("free cash flow", "fcf", "free cash flows", "free cash flow after capex",
                              "free cash flow after capital expenditures", "fcf after capex"),
           "operating_cash_flow - size(capex)", "money", "cash from operations - capital expenditures", short="FCF"),
    Metric("FCF conversion", ("fcf conversion", "free cash flow conversion", "free cash flow conversion rate",
                              "fcf conversion rate", "fcf conversion ratio"),
           "(operating_cash_flow - size(capex)) / net_income", "percent",
           "(cash from operations - capital expenditures) / net income", parts="free cash flow / net income"),
    Metric("effective tax rate", ("effective tax rate", "etr", "effective income tax rate", "tax rate"),
           "income_taxes / pretax_income", "percent", "income tax expense / income before income taxes"),
    Metric("dividend payout ratio", ("dividend payout ratio", "payout ratio", "dividend payout"),
           "size(dividends_paid) / net_income", "ratio", "cash dividends paid / net income"),
    Metric("retention ratio", ("retention ratio", "earnings retention ratio", "plowback ratio"),
           "1 - size(dividends_paid) / net_income", "ratio", "1 - cash dividends paid / net income"),
    Metric("interest coverage", ("interest coverage", "interest coverage ratio", "times interest earned"),
           "operating_income / interest_expense", "times", "operating income / interest expense",
           ("(pretax_income + interest_expense) / interest_expense",)),
    Metric("total debt", ("total debt", "total borrowings", "debt", "borrowings"), _TOTAL_DEBT, "money",
           f"{_TOTAL_DEBT_WORDS}"),
    Metric("net debt", ("net debt",), f"{_TOTAL_DEBT} - cash", "money", f"{_TOTAL_DEBT_WORDS} - cash and equivalents",
           parts="total debt - cash"),
    Metric("debt to equity", ("debt to equity", "debt-to-equity", "d/e", "debt/equity", "debt equity ratio",
                              "debt-to-equity ratio"),
           f"({_TOTAL_DEBT}) / equity", "ratio", f"({_TOTAL_DEBT_WORDS}) / equity", parts="total debt / equity"),
    Metric("total capital", ("total capital", "total capitalization", "total capitalisation"),
           f"{_TOTAL_DEBT} + equity", "money", f"{_TOTAL_DEBT_WORDS} + equity", parts="total debt + equity"),
    Metric("debt to capital", ("debt to capital", "debt to total capital", "debt to capitalization",
                               "debt to total capitalization", "debt to capital ratio", "debt/capital"),
           f"({_TOTAL_DEBT}) / ({_TOTAL_DEBT} + equity)", "ratio",
           "total debt / (total debt + equity)", parts="total debt / total capital"),
    Metric("debt to assets", ("debt to assets", "debt to total assets", "debt to asset ratio", "debt to assets ratio"),
           f"({_TOTAL_DEBT}) / total_assets", "ratio", "total debt / total assets", parts="total debt / total assets"),
    Metric("cash ratio", ("cash ratio",), "(cash + opt(short_term_investments)) / current_liabilities", "ratio",
           "(cash and equivalents + short-term investments) / current liabilities"),
    Metric("return on assets", ("return on assets", "roa", "return on average assets", "return on total assets",
                                "return on average total assets"),
           "net_income / avg(total_assets)", "ratio", "net income / average total assets", short="ROA"),
    Metric("return on equity", ("return on equity", "roe", "return on average equity", "return on shareholders' equity",
                                "return on stockholders' equity", "return on common equity",
                                "return on average shareholders' equity", "return on average stockholders' equity",
                                "return on average common equity", "return on average total equity"),
           "net_income / avg(equity)", "ratio", "net income / average shareholders' equity", short="ROE"),
    Metric("fixed asset turnover", ("fixed asset turnover", "fixed assets turnover", "pp&e turnover"),
           "revenue / avg(ppe)", "ratio", "revenue / average PP&E"),
    Metric("asset turnover", ("asset turnover", "total asset turnover", "assets turnover", "total assets turnover"),
           "revenue / avg(total_assets)", "ratio", "revenue / average total assets"),
    Metric("inventory turnover", ("inventory turnover", "inventory turns", "stock turnover"),
           "cost_of_revenue / avg(inventory)", "ratio", "cost of revenue / average inventory"),
    Metric("receivables turnover", ("receivables turnover", "receivable turnover", "accounts receivable turnover",
                                    "receivables turnover ratio", "accounts receivable turnover ratio"),
           "revenue / avg(receivables)", "ratio", "revenue / average receivables"),
    Metric("payables turnover", ("payables turnover", "payable turnover", "accounts payable turnover",
                                 "payables turnover ratio", "accounts payable turnover ratio"),
           "cost_of_revenue / avg(accounts_payable)", "ratio", "cost of revenue / average accounts payable"),
    Metric("days inventory outstanding", ("days inventory outstanding", "dio", "days in inventory", "inventory days",
                                          "days sales of inventory", "dsi", "days of inventory"),
           "365 * avg(inventory) / cost_of_revenue", "days", "365 * average inventory / cost of revenue", short="DIO"),
    Metric("days sales outstanding", ("days sales outstanding", "dso", "receivable days", "receivables days",
                                      "days receivables outstanding", "days receivable outstanding"),
           "365 * avg(receivables) / revenue", "days", "365 * average receivables / revenue", short="DSO"),
    Metric("days payable outstanding", ("days payable outstanding", "dpo", "days payables outstanding",
                                        "payable days", "payables days"),
           f"365 * avg(accounts_payable) / {_PURCHASES}", "days",
           "365 * average accounts payable / (cost of revenue + change in inventory)",
           ("365 * avg(accounts_payable) / cost_of_revenue",), short="DPO"),
    Metric("cash conversion cycle", ("cash conversion cycle", "ccc"),
           "365 * avg(inventory) / cost_of_revenue + 365 * avg(receivables) / revenue"
           f" - 365 * avg(accounts_payable) / {_PURCHASES}", "days", "DIO + DSO - DPO"),
    Metric("cost of revenue to revenue", ("cogs ratio", "cost of sales ratio", "cost of revenue ratio"),
           "cost_of_revenue / revenue", "percent", "cost of revenue / revenue"),
)
# Standard fallbacks for line items some filings do not print (the answer says which was used).
CONCEPT_FALLBACKS: dict[str, tuple[str, ...]] = {
    "gross_profit": ("revenue - cost_of_revenue",),
    "sga": ("sales_marketing + g_and_a",),
    # Printed apart ("Depreciation", "Amortization of intangible assets"): D&A is their sum.
    "d_and_a": ("depreciation + opt(amortization)",),
    "total_liabilities": ("total_assets - equity",),
}
# Every concept is also a metric on its own ("FY2019 inventories"), shown in money.
CONCEPT_METRICS: tuple[Metric, ...] = tuple(
    Metric(c.title, c.terms, f"size({c.name})" if c.outflow else c.name, "money", c.title,
           CONCEPT_FALLBACKS.get(c.name, ())) for c in CONCEPTS)
ALL_METRICS = METRICS + CONCEPT_METRICS
METRIC_BY_NAME = {m.name.lower(): m for m in ALL_METRICS}


def known_metrics() -> str:
    """The named metrics as a short list for messages ("gross margin, quick ratio, DPO, …")."""
    return ", ".join(m.short or m.name for m in METRICS)
