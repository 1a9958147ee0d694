"""The valuation store: balance and score per judgment, computed in bulk in SQL and stored."""

from dragonfly.valuation.detail import JudgmentNotFound, Valuation, judgment_valuation
from dragonfly.valuation.refresh import refresh_judgments
from dragonfly.valuation.settings import active_rules, today_in_new_york

__all__ = [
    "JudgmentNotFound",
    "Valuation",
    "active_rules",
    "judgment_valuation",
    "refresh_judgments",
    "today_in_new_york",
]
