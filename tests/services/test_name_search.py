"""The one folding of names for search (df_name_search_key) and how a query becomes words."""

from __future__ import annotations

import psycopg
import pytest

from dragonfly.errors import InputError
from dragonfly.services.name_search import MAX_WORDS, search_words

SAME_KEY = [
    # (spellings a person or a file may use, the key they all fold to)
    (["O'Brien", "OBrien", "O Brien", "o’brien", "O-BRIEN", "O`Brien"], "obrien"),
    (["Peña", "Pena", "PEÑA", "Pe\u0301na"], "pena"),  # the last: n + a combining accent
    (["Tyrone Jackson", "TYRONE  JACKSON", "Tyrone-Jackson"], "tyronejackson"),
    (["Seán Ó Súilleabháin", "SEAN O SUILLEABHAIN"], "seanosuilleabhain"),
    (["Smith & Co., L.L.C.", "SMITH & CO LLC", "smith co llc"], "smithcollc"),
    (["Straße", "STRASSE"], "strasse"),
    (["Łódź Ærø", "Lodz Aero"], "lodzaero"),
    (["Jean-François Côté", "JEAN FRANCOIS COTE"], "jeanfrancoiscote"),
    (["ＡＢＣ Ｆｕｎｄｉｎｇ", "ABC Funding"], "abcfunding"),  # full-width letters
    (["Иван Петров", "иван петров"], "иванпетров"),  # other scripts keep their letters
    (["123 Main St. Realty #2", "123 MAIN ST REALTY 2"], "123mainstrealty2"),
]


@pytest.mark.parametrize(("spellings", "key"), SAME_KEY)
def test_spellings_of_one_name_fold_to_one_key(
    db: psycopg.Connection, spellings: list[str], key: str
) -> None:
    folded = [db.execute("select df_name_search_key(%s)", (s,)).fetchone()[0] for s in spellings]  # type: ignore[index]
    if key is None:
        assert folded[0] != folded[1]
    else:
        assert folded == [key] * len(spellings)


def test_names_with_no_letters_or_digits_have_no_key(db: psycopg.Connection) -> None:
    for text in ["", "   ", "---", "'", "&", None]:
        row = db.execute("select df_name_search_key(%s)", (text,)).fetchone()
        assert row == (None,), text


def test_stored_keys_follow_every_write_of_a_name(db: psycopg.Connection) -> None:
    """A generated column: an insert, an edit and a cleared name each leave the key right."""
    debtor = db.execute(
        "insert into debtors (name, name_key) values ('PEÑA, MARÍA', 'x') returning id"
    ).fetchone()[0]  # type: ignore[index]
    key = "select search_name from debtors where id = %s"
    assert db.execute(key, (debtor,)).fetchone() == ("penamaria",)
    db.execute("update debtors set name = 'Seán O''Brien' where id = %s", (debtor,))
    assert db.execute(key, (debtor,)).fetchone() == ("seanobrien",)
    db.execute("update debtors set name = null where id = %s", (debtor,))
    assert db.execute(key, (debtor,)).fetchone() == (None,)
    with pytest.raises(psycopg.errors.GeneratedAlways):
        db.execute("update debtors set search_name = 'x' where id = %s", (debtor,))


def test_a_query_splits_into_words_at_spaces_and_commas() -> None:
    assert search_words("Jackson, Tyrone") == ["Jackson", "Tyrone"]
    assert search_words("  O'Brien  ") == ["O'Brien"]
    assert search_words("Peña; María / Lopez") == ["Peña", "María", "Lopez"]
    assert search_words("Smith & Co") == ["Smith", "Co"]  # '&' alone finds no one


@pytest.mark.parametrize("text", ["", "   ", "%", "--- ''' ,,,", "& / ;"])
def test_a_query_without_a_letter_or_digit_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InputError) as caught:
        search_words(text)
    assert caught.value.details == {"errors": [{"field": "q", "message": str(caught.value)}]}
    assert "letter or digit" in str(caught.value)


def test_a_query_of_too_many_words_is_refused() -> None:
    assert len(search_words(" ".join(["w"] * MAX_WORDS))) == MAX_WORDS
    with pytest.raises(InputError, match=f"at most {MAX_WORDS} words"):
        search_words(" ".join(["w"] * (MAX_WORDS + 1)))


def test_plain_ascii_names_take_the_short_path_to_the_same_key(db: psycopg.Connection) -> None:
    """Every ASCII character, in an ASCII name (the short path) and beside an accent (the long
    path), is kept lower-cased when it is a letter or digit and dropped otherwise."""
    for code in range(1, 128):
        c = chr(code)
        kept = c.lower() if c.isalnum() else ""
        row = db.execute(
            "select df_name_search_key(%s), df_name_search_key(%s)", (f"A{c}b", f"É{c}b")
        ).fetchone()
        assert row == (f"a{kept}b", f"e{kept}b"), (code, row)
