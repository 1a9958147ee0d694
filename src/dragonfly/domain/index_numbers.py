"""Index numbers as one key: how imports store them and how a typed search is matched."""

from __future__ import annotations

import polars as pl


def index_number_norm(expr: pl.Expr) -> pl.Expr:
    """One key per index number: upper-case, `\\` read as `/`, dashes/underscores/dots as `-`,
    no spaces next to a separator, other space runs as `-`, repeated separators collapsed,
    none at either end. `cv 2023 001234` -> `CV-2023-001234`, `943786 / 2023` -> `943786/2023`.
    """
    text = expr.str.to_uppercase().str.replace_all("\\", "/", literal=True)
    text = text.str.replace_all(r"[\u2010-\u2015_.]", "-")
    # Only separators with a space beside them are rewritten (most have none).
    text = text.str.replace_all(r"\s+([/-])\s*|([/-])\s+", "$1$2").str.strip_chars()
    text = text.str.replace_all(r"\s+", "-")
    text = text.str.replace_all(r"-{2,}", "-").str.replace_all(r"/{2,}", "/")
    text = text.str.strip_chars("-/")
    return pl.when(text == "").then(None).otherwise(text)
