"""Backstory: a relationship tracker for communications and PR people."""

__version__ = "0.1.0"
