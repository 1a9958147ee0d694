"""Finding parties by name however the name was typed.

One folding serves the stored keys and the query: `df_name_search_key` (SQL, migration
20261201130000_name_search_keys) keeps letters and digits only, lower case, without accents, so
case, accents (Peña = Pena), apostrophes and spaces (O'Brien = OBrien = O Brien) and punctuation
are ignored. PostgreSQL stores it for every debtor and plaintiff as `search_name` (a generated
column, so every writer, the import included, keeps it current), under a trigram index.

A query is split into words at spaces and commas; each word, folded by the same function, must
occur in the key. Word order therefore does not matter: "Jackson, Tyrone" finds Tyrone Jackson
and "Tyrone Jackson" finds JACKSON, TYRONE.
"""

from __future__ import annotations

import re
from typing import Any

from psycopg import sql

from dragonfly.errors import InputError

# More words than any party's name has; each word is one more condition on the index.
MAX_WORDS = 12
_WORD_BREAK = re.compile(r"[\s,;/]+")
MATCH = "{column} like ('%%' || coalesce(df_name_search_key({word}), '') || '%%')"


def search_words(text: str, field: str = "q") -> list[str]:
    """The searchable words of `text`; InputError naming `field` when there are none or too many.

    A word is searchable when it holds a letter or digit: "--" or "'" alone cannot find anyone.
    """
    words = [w for w in _WORD_BREAK.split(text) if any(ch.isalnum() for ch in w)]
    if not words:
        raise InputError.in_field(
            field,
            "Search needs a letter or digit: punctuation alone matches no name or index number.",
        )
    if len(words) > MAX_WORDS:
        raise InputError.in_field(field, f"Search with at most {MAX_WORDS} words.")
    return words


def name_matches(
    column: str, words: list[str], prefix: str = "name_word"
) -> tuple[sql.Composable, dict[str, Any]]:
    """SQL true when every word occurs in the folded key `column`, with its parameters.

    Each word is folded by df_name_search_key on the server, so the query and the stored keys
    are folded by the very same function; the planner folds it to a constant, and the trigram
    index serves the `like`.
    """
    params: dict[str, Any] = {}
    conditions: list[sql.Composable] = []
    for n, word in enumerate(words):
        name = f"{prefix}_{n}"
        params[name] = word
        condition = sql.SQL(MATCH).format(column=sql.SQL(column), word=sql.Placeholder(name))
        conditions.append(condition)
    return sql.SQL("(") + sql.SQL(" and ").join(conditions) + sql.SQL(")"), params
