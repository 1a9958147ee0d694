"""Looking at a database the way a migration test needs to: schema, migration history, tables."""

from __future__ import annotations

import psycopg

SCHEMA_FINGERPRINT = """
select c.relkind::text || ' ' || n.nspname || '.' || c.relname || coalesce(
  ' (' || (select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                             order by a.attnum)
           from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped)
  || ')', '')
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
union all
select 'f ' || p.oid::regprocedure::text from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
where n.nspname not in ('pg_catalog', 'information_schema')
union all
select 't ' || t.typname || ' ' || coalesce(
  (select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e
   where e.enumtypid = t.oid), '')
from pg_type t join pg_namespace n on n.oid = t.typnamespace
where t.typtype = 'e' and n.nspname not in ('pg_catalog', 'information_schema')
order by 1
"""


def schema_fingerprint(url: str) -> list[str]:
    """Every relation with its columns, every function and enum: what a replay must reproduce."""
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute(SCHEMA_FINGERPRINT).fetchall()]


def history_versions(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select version from supabase_migrations.schema_migrations order by version"
        ).fetchall()
    return [r[0] for r in rows]


def table_exists(url: str, name: str) -> bool:
    with psycopg.connect(url) as conn:
        row = conn.execute("select to_regclass(%s) is not null", (name,)).fetchone()
    return bool(row and row[0])
