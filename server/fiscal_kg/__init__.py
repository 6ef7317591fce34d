"""fiscal-kg: Chinese government final-accounts reports as linked open data."""

__version__ = "0.1.0"
