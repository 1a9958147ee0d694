"""Every Postgres enum in the schema has a Python enum with exactly the same values, in order."""

from __future__ import annotations

from typing import Any

import psycopg

from dragonfly.domain.vocabulary import POSTGRES_ENUMS

ENUMS_SQL = """
select t.typname, array_agg(e.enumlabel order by e.enumsortorder)
from pg_type t join pg_enum e on e.enumtypid = t.oid
join pg_namespace n on n.oid = t.typnamespace
where n.nspname = 'public'
group by t.typname
"""


def test_python_enums_match_pg_enum(db: psycopg.Connection[Any]) -> None:
    in_database = {name: labels for name, labels in db.execute(ENUMS_SQL).fetchall()}
    in_python = {name: [m.value for m in enum] for name, enum in POSTGRES_ENUMS.items()}
    missing = sorted(set(in_database) - set(in_python))
    assert not missing, f"Postgres enums without a Python mirror: {missing}"
    assert in_python == {name: in_database.get(name) for name in in_python}
