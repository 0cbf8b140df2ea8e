"""The seventh held-out question set: quarterly 10-Qs and earnings releases of companies outside the dev set."""
