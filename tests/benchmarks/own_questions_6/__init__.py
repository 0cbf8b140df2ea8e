"""The sixth held-out question set: 40 questions on 10-Ks of companies that also appear in the FinanceBench dev set."""
