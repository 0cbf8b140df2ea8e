"""The tenth held-out question set (filings of companies outside the FinanceBench dev set)."""
