"""The eleventh held-out question set (blind; see README.md)."""
