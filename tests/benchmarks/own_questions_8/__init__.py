"""The eighth held-out question set, on other filings of FinanceBench dev-set companies (see README.md)."""
