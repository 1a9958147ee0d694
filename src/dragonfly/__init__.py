"""Dragonfly: judgment enforcement for New York civil money judgments."""

__version__ = "0.1.0"
