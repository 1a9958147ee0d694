"""Reading judgments: the portfolio list, one judgment's full picture, its next best action."""
