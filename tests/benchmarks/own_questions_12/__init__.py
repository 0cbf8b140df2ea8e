"""The twelfth held-out question set (FinanceBench generated-metrics template only)."""
