"""The ninth held-out question set (see README.md)."""
