"""A held-out question set on filings of companies outside the FinanceBench dev set (see README.md)."""
