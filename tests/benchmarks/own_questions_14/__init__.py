"""The fourteenth held-out question set: free analyst wordings on 10-Ks outside the FinanceBench dev set."""
