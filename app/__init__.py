"""FinLens: a desktop document explorer for financial analysts."""

__version__ = "0.1.0"
