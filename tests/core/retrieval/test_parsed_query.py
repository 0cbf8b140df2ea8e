"""Query understanding: boilerplate removed, companies from the library's own documents, years, abbreviations."""

from __future__ import annotations

from app.core.question import company_aliases, detect_companies, distinct_companies
from app.core.records import DocumentInfo
from app.core.retrieval.parsed_query import parse_query


def _aliases():  # noqa: ANN202
    documents = [
        DocumentInfo("1", "/x/ACTIVISIONBLIZZARD_2019_10K.pdf", "ACTIVISIONBLIZZARD_2019_10K",
                     company="Activision Blizzard, Inc", ticker="ATVI", fiscal_year=2019),
        DocumentInfo("2", "/x/JOHNSON_JOHNSON_2022_10K.pdf", "JOHNSON_JOHNSON_2022_10K", company="Johnson & Johnson",
                     ticker="JNJ"),
        DocumentInfo("3", "/x/BLOCK_2020_10K.pdf", "BLOCK_2020_10K", company="Square, Inc", ticker="SQ"),
        DocumentInfo("4", "/x/GENERALMILLS_2020_10K.pdf", "GENERALMILLS_2020_10K", company="General Mills, Inc",
                     ticker="GIS"),
    ]
    return company_aliases(documents)


def test_finance_question_is_understood() -> None:
    parsed = parse_query(
        "Assume you are an equities analyst. What is the FY2019 fixed asset turnover ratio for Activision Blizzard? "
        "Fixed asset turnover ratio is defined as: FY2019 revenue / (average PP&E between FY2018 and FY2019). "
        "Round your answer to two decimal places. Base your judgments on the information provided primarily in the "
        "statement of income and the statement of financial position.", _aliases())
    assert parsed.companies == ["Activision Blizzard, Inc"]
    assert parsed.target_year == 2019 and set(parsed.years) == {2018, 2019}
    assert "Assume" not in parsed.text and "Round" not in parsed.text
    assert "property plant and equipment" in parsed.keywords
    assert "balance sheet" in parsed.keywords and "statement of operations" in parsed.keywords


def test_company_spellings_and_tickers() -> None:
    aliases = _aliases()
    assert parse_query("Johnson & Johnson's Q2 2023 sales", aliases).companies == ["Johnson & Johnson"]
    assert parse_query("JNJ pharma growth", aliases).companies == ["Johnson & Johnson"]
    assert parse_query("Are JnJ's FY2022 financials that of a high growth company?", aliases).companies == [
        "Johnson & Johnson"]
    assert parse_query("Sq. footage", aliases).companies == []
    assert detect_companies("jnj", aliases, any_case=True) == ["Johnson & Johnson"]
    assert detect_companies("general mills", aliases) == ["General Mills, Inc"]
    ebay = company_aliases([DocumentInfo("5", "/x/EBAY_2023Q1_8K.pdf", "EBAY_2023Q1_8K", company="eBay Inc")])
    assert parse_query("eBay's Q1 revenue", ebay).companies == ["eBay Inc"]
    assert parse_query("Block FY2020 bitcoin revenue", aliases).companies == ["Square, Inc"]
    assert parse_query("Did GIS raise prices?", aliases).companies == ["General Mills, Inc"]
    # Ordinary words are not companies.
    assert parse_query("general and administrative expenses at a square footage level", aliases).companies == []
    assert parse_query("What was Q2 revenue?", aliases).quarter == 2
    assert parse_query("FY22 capex", aliases).years == [2022]


def test_quarter_and_year_written_together() -> None:
    for text in ("Q22023 revenue by region", "Q2 2023 revenue", "Q2-2023 revenue", "Q2 FY2023 revenue",
                 "Q2'23 revenue", "Q2 FY23 revenue", "2Q23 revenue", "2Q 2023 revenue"):
        parsed = parse_query(text)
        assert (parsed.quarter, parsed.years) == (2, [2023]), text
    assert parse_query("second quarter of fiscal 2024").quarter == 2
    assert parse_query("Q3 revenue grew 23% to $2,021 million").years == []


def test_every_spelling_of_a_company_is_matched() -> None:
    # An earnings release without a cover name takes its company from the file name ("Johnson Johnson"); a filter on
    # the question's company must still reach the 10-K whose cover says "Johnson & Johnson".
    aliases = company_aliases([
        DocumentInfo("2", "/x/JOHNSON_JOHNSON_2023Q2_EARNINGS.pdf", "JOHNSON_JOHNSON_2023Q2_EARNINGS",
                     company="Johnson Johnson"),
        DocumentInfo("1", "/x/JOHNSON_JOHNSON_2022_10K.pdf", "JOHNSON_JOHNSON_2022_10K", company="Johnson & Johnson",
                     ticker="JNJ"),
    ])
    # The cover's spelling (its document has a ticker) comes first, so it is the one shown.
    assert parse_query("What did JnJ gain from the Kenvue separation?", aliases).companies == [
        "Johnson & Johnson", "Johnson Johnson"]
    # Shown once, by its first spelling.
    assert distinct_companies(["Johnson & Johnson", "Johnson Johnson", "Pfizer Inc"]) == ["Johnson & Johnson",
                                                                                         "Pfizer Inc"]


def test_named_filings_and_forward_looking_questions() -> None:
    assert parse_query("What are three main companies acquired by Pfizer mentioned in this 10K report?").form_types \
        == ["10-K"]
    assert parse_query("What did the CFO say on the Q2 earnings call?").form_types == ["transcript"]
    assert parse_query("What was the gain reported in the 8-K?").form_types == ["8-K"]
    assert parse_query("What was FY2023 revenue?").form_types == []
    assert parse_query("Is growth in JnJ's adjusted EPS expected to accelerate in FY2023?").forward_looking
    assert parse_query("What is the FY2024 revenue guidance?").forward_looking
    assert not parse_query("What was FY2023 revenue?").forward_looking
    assert parse_query("How much does Pfizer expect to pay to spin off Upjohn?").forward_looking
    assert not parse_query("What was the allowance for expected credit losses in FY2022?").forward_looking
    assert not parse_query("What was the projected benefit obligation at the end of FY2022?").forward_looking


def test_two_character_company_names_in_capitals() -> None:
    documents = [DocumentInfo(doc_id="m", path="3M_2018_10K.pdf", title="3M_2018_10K", company="3M Company",
                              ticker="MMM"),
                 DocumentInfo(doc_id="h", path="HP_2022_10K.pdf", title="HP_2022_10K", company="HP Inc.",
                              ticker="HPQ")]
    aliases = company_aliases(documents)
    assert detect_companies("Is 3M a capital-intensive business?", aliases) == ["3M Company"]
    assert detect_companies("HP gross margin FY2022", aliases) == ["HP Inc."]
    # Lower or mixed case in prose is a word, not a company.
    assert detect_companies("the hp of an engine; Hp ratings", aliases) == []
    assert detect_companies("hp", aliases, any_case=True) == ["HP Inc."]


def test_metric_questions_look_for_the_statement_lines_they_need() -> None:
    quick = parse_query("Does Acme have a healthy liquidity profile based on its quick ratio for FY22?")
    assert "total current liabilities" in quick.keywords and "balance sheet" in quick.keywords
    capital = parse_query("Is Acme a capital-intensive business based on FY2022 data?")
    assert "capital expenditures" in capital.keywords and "statement of cash flows" in capital.keywords
    assert "total revenue" in capital.keywords
    tax = parse_query("What is Acme's FY2019 effective tax rate?")
    assert "income before income taxes" in tax.keywords
    # A plain line item is already in the words: nothing is added, and the dense text never changes.
    revenue = parse_query("What was Acme's revenue in 2020?")
    assert revenue.keywords == revenue.text and quick.text.startswith("Does Acme")


def test_well_known_short_names_reach_the_company() -> None:
    # Analysts write "Amex" and "Google"; neither the cover ("American Express Company", "Alphabet Inc.") nor the file
    # name gives those words, so the library adds them for the companies it holds.
    documents = [DocumentInfo("a", "/x/AMERICANEXPRESS_2022_10K.pdf", "AMERICANEXPRESS_2022_10K",
                              company="American Express Company", ticker="AXP"),
                 DocumentInfo("g", "/x/ALPHABET_2022_10K.pdf", "ALPHABET_2022_10K", company="Alphabet Inc.",
                              ticker="GOOGL")]
    aliases = company_aliases(documents)
    assert detect_companies("Does AMEX have an improving operating margin profile?", aliases) == [
        "American Express Company"]
    assert detect_companies("Google's FY2022 capex", aliases) == ["Alphabet Inc."]
    # Only for companies the library holds, and a one-word name still needs its capital in prose.
    assert detect_companies("What was Pepsi's revenue?", aliases) == []
    assert detect_companies("the amex card fee", aliases) == []
