"""The valuation store: balance and score per judgment, computed in bulk in SQL and stored."""

from dragonfly.valuation.detail import JudgmentNotFound, Valuation, judgment_valuation
from dragonfly.valuation.refresh import refresh_judgments

__all__ = ["JudgmentNotFound", "Valuation", "judgment_valuation", "refresh_judgments"]
