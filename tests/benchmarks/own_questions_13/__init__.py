"""The thirteenth held-out question set (FinanceBench generated-metrics template only, dev-set companies' 10-Ks)."""
