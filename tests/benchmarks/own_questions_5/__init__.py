"""A fifth held-out question set: blind wordings about filings FinLens was never tuned on."""
