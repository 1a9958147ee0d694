"""Applying a validated file to the database: COPY into staging, then set-based SQL.

Everything runs in the caller's transaction, so an error or a kill leaves nothing behind.
Judgment identity is (state, court_code, index_number_norm). Plaintiffs are shared by name key.
Debtors are created per judgment (the same person on two judgments is two debtor rows; linking
them is a later, reviewed step), and updated in place when a later file changes them.
judgments.debtor_id is a judgment's (first) debtor; judgment_debtors lists its further debtors
(co-debtors from one-party-per-row files). Linking the first debtor there too would double the
foreign-key checks of a bulk import for no new fact.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
import psycopg
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter

from dragonfly.ingest.specs import SourceSpec
from dragonfly.valuation.values_lock import lock_values_for_writing
from dragonfly.valuation.values_query import (
    insert_values_sql,
    valuation_parameters,
    values_over,
)

STAGE_COLUMNS: dict[str, str] = {
    "line_number": "integer not null",
    "rows": "integer not null",
    "state": "text not null",
    "court_code": "text not null",
    "court_name": "text not null",
    "county_code": "text",
    "index_number": "text not null",
    "index_number_norm": "text not null",
    "entry_date": "date not null",
    "principal": "numeric(14,2) not null",
    "costs": "numeric(14,2)",
    "interest_regime": "interest_regime",
    "case_title": "text",
    "external_ref": "text",
    "plaintiff_key": "text",
    "debtor_name": "text",
    "debtor_key": "text",
    "debtor_kind": "party_kind",
    "debtor_street": "text",
    "debtor_city": "text",
    "debtor_state": "text",
    "debtor_zip": "text",
    "debtor_raw_address": "text",
    "debtor_phone": "text",
}
# Each plaintiff once, as the first row naming it gives it: a file of a million rows names a few
# hundred, so its staged rows carry only the key.
PLAINTIFF_COLUMNS = {
    "plaintiff_key": "text not null",
    "plaintiff_name": "text",
    "plaintiff_kind": "party_kind",
    "plaintiff_street": "text",
    "plaintiff_city": "text",
    "plaintiff_state": "text",
    "plaintiff_zip": "text",
    "plaintiff_phone": "text",
    "plaintiff_email": "text",
    "plaintiff_contact_method": "text",
}
EXTRA_DEBTOR_COLUMNS = {
    "state": "text not null",
    "court_code": "text not null",
    "index_number_norm": "text not null",
    "debtor_name": "text not null",
    "debtor_key": "text",
    "debtor_kind": "party_kind not null",
    "debtor_phone": "text",
}
# Judgment columns a file may change, each with the canonical fields that must be mapped for
# the file to speak about it. A field the source does not have is never overwritten, and
# index_number keeps its first spelling (a respaced number is the same judgment, not a change).
JUDGMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "court_name": ("court",),
    "county_code": ("county", "court"),
    "entry_date": ("entry_date",),
    "principal": ("principal",),
    "costs": ("costs",),
    "interest_regime": ("interest_regime",),
    "case_title": ("case_title",),
    "external_ref": ("external_ref",),
}
DEBTOR_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("debtor_name", "party_name"),
    "street": ("debtor_address",),
    "city": ("debtor_address", "debtor_city"),
    "state": ("debtor_address", "debtor_state"),
    "zip": ("debtor_address", "debtor_zip"),
    "phone": ("debtor_phone", "party_phone"),
}


@dataclass(frozen=True)
class Outcome:
    inserted: int
    updated: int
    unchanged: int


def _stage_ddl(name: str, columns: dict[str, str]) -> sql.Composed:
    cols = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(t)) for c, t in columns.items()
    )
    return sql.SQL("create temp table {} ({}) on commit drop").format(sql.Identifier(name), cols)


def _copy_frame(conn: psycopg.Connection, table: str, frame: pl.DataFrame) -> None:
    columns = list(frame.columns)
    statement = sql.SQL("copy {} ({}) from stdin (format csv)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    step = 50_000
    # A thread sends each chunk while the next is formatted: the server parses as Polars writes.
    with conn.cursor() as cur, cur.copy(statement, writer=QueuedLibpqWriter(cur)) as copy:
        for offset in range(0, frame.height, step):
            buffer = io.BytesIO()
            frame.slice(offset, step).write_csv(buffer, include_header=False)
            copy.write(buffer.getvalue())


def first_row_of_each_plaintiff(clean: pl.DataFrame) -> pl.DataFrame:
    """The plaintiff columns of the first row (by line) naming each plaintiff key."""
    named = clean.filter(pl.col("plaintiff_key").is_not_null())
    firsts = named.group_by("plaintiff_key").agg(pl.col("line_number").min())
    return named.join(firsts, on=["plaintiff_key", "line_number"]).select(list(PLAINTIFF_COLUMNS))


def stage(conn: psycopg.Connection, clean: pl.DataFrame, extra_debtors: pl.DataFrame) -> None:
    """COPY the clean rows, their plaintiffs (and any further debtors) into temp tables dropped
    at commit."""
    conn.execute(_stage_ddl("import_stage", STAGE_COLUMNS))
    conn.execute(_stage_ddl("import_plaintiffs", PLAINTIFF_COLUMNS))
    conn.execute(_stage_ddl("import_extra_debtors", EXTRA_DEBTOR_COLUMNS))
    typed = {"entry_date", "principal", "costs"}
    frame = clean.select(
        pl.col(f"{c}_value").alias(c) if c in typed else pl.col(c) for c in STAGE_COLUMNS
    )
    _copy_frame(conn, "import_stage", frame)
    _copy_frame(conn, "import_plaintiffs", first_row_of_each_plaintiff(clean))
    _copy_frame(conn, "import_extra_debtors", extra_debtors.select(list(EXTRA_DEBTOR_COLUMNS)))
    # Statistics for the columns the joins use only: the others cost time and plan nothing.
    conn.execute(
        "analyze import_stage (line_number, state, court_code, index_number_norm, plaintiff_key)"
    )


def _sequence(conn: psycopg.Connection, table: str) -> str:
    row = conn.execute("select pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()
    assert row is not None and row[0]
    return str(row[0])


# A staged row tells of a debtor when it names one or gives an address: a nameless debtor keeps
# its address (and the locatability it scores).
DEBTOR_KNOWN = (
    "coalesce(s.debtor_name, s.debtor_raw_address, s.debtor_street, s.debtor_city,"
    " s.debtor_zip, s.debtor_phone) is not null"
)

# The new judgments' staged rows with their new ids: the inserts below read them in chunks of
# pages (a TID range scan each), so progress moves with the rows stored.
FIND_NEW = (
    """
create temp table import_new on commit drop as
select s.*,
       nextval(%(judgment_seq)s::regclass) as judgment_id,
       case when """
    + DEBTOR_KNOWN
    + """ then nextval(%(debtor_seq)s::regclass) end as debtor_id
from import_stage s
where not exists (
  select 1 from judgments j
  where j.state = s.state and j.court_code = s.court_code
    and j.index_number_norm = s.index_number_norm)
"""
)

# A chunk of import_new: the rows on pages [chunk_from, chunk_to).
IN_CHUNK = "s.ctid >= %(chunk_from)s::tid and s.ctid < %(chunk_to)s::tid"
CHUNK_ROWS = 50_000
PAGES = "select pg_relation_size('import_new') / current_setting('block_size')::bigint"

FIND_MATCHED = """
create temp table import_matched on commit drop as
select s.line_number, j.id as judgment_id, j.debtor_id
from import_stage s
join judgments j on j.state = s.state and j.court_code = s.court_code
  and j.index_number_norm = s.index_number_norm;
"""

# Each plaintiff as its first row names it (staged once, see first_row_of_each_plaintiff).
INSERT_PLAINTIFFS = """
insert into plaintiffs (name, name_key, kind, street, city, state, zip, phone, email,
                        best_contact_method)
select plaintiff_name, plaintiff_key, plaintiff_kind, plaintiff_street, plaintiff_city,
       plaintiff_state, plaintiff_zip, plaintiff_phone, plaintiff_email, plaintiff_contact_method
from import_plaintiffs
order by plaintiff_key
on conflict (name_key) do nothing
"""

INSERT_DEBTORS = (
    """
insert into debtors (id, name, name_key, kind, street, city, state, zip, raw_address, phone)
overriding system value
select s.debtor_id, s.debtor_name, s.debtor_key, coalesce(s.debtor_kind, 'unknown'),
       s.debtor_street, s.debtor_city, s.debtor_state, s.debtor_zip, s.debtor_raw_address,
       s.debtor_phone
from import_new s
where s.debtor_id is not null and """
    + IN_CHUNK
)

# The scoring inputs of the new judgments, straight from the staged rows: a new judgment has a
# new debtor (or none), so no ledger entries, acknowledgments or assets yet (nothing overpaid,
# enforceable twenty years from entry), and starts 'active'.
NEW_JUDGMENT_INPUTS = (
    """
select s.judgment_id as id, s.entry_date,
  df_plain_balance_v1(s.principal, coalesce(s.costs, 0), s.entry_date,
                      coalesce(s.interest_regime, %(default_regime)s::interest_regime,
                               'standard'), %(as_of)s, %(standard_rate)s,
                      %(consumer_rate)s, %(act_date)s, %(nine_then_two)s, %(days_per_year)s)
    as balance,
  0::numeric(14,2) as overpaid,
  (s.entry_date + make_interval(years => %(enforceable_years)s))::date as enforceable_until,
  'entry' as enforceable_basis, s.entry_date as enforceable_basis_on,
  null::date as satisfied_on,
  -- a new judgment has no transcript docketed yet: a lower court's has no lien (CPLR 5018(a))
  case when split_part(upper(btrim(s.court_code)), '-', 1) = any(%(lower_court_kinds)s::text[])
       then null else s.entry_date end as lien_docketed_on,
  df_score_zeroed_v2('active'::judgment_status,
                     (s.entry_date + make_interval(years => %(enforceable_years)s))::date,
                     %(as_of)s) as zeroed,
  case when s.debtor_id is not null then s.debtor_name end as name,
  case when s.debtor_id is not null then s.debtor_kind end as kind,
  case when s.debtor_id is not null then s.debtor_street end as street,
  case when s.debtor_id is not null then s.debtor_city end as city,
  case when s.debtor_id is not null then s.debtor_state end as state,
  case when s.debtor_id is not null then s.debtor_zip end as zip,
  case when s.debtor_id is not null then s.debtor_raw_address end as raw_address,
  null::boolean as has_employer, null::boolean as has_bank,
  null::boolean as has_real_property, null::boolean as has_vehicle
from import_new s
where """
    + IN_CHUNK
)

# New judgments get their values row (balance and score v1, the same SQL as
# refresh_judgments) written once, before the judgments themselves: the judgments_have_values
# trigger then finds the row there and adds no empty one.
INSERT_VALUES = insert_values_sql("judgment_values", values_over(NEW_JUDGMENT_INPUTS))

INSERT_JUDGMENTS = (
    """
insert into judgments (id, state, court_code, court_name, county_code, index_number,
                       index_number_norm, entry_date, principal, costs, interest_regime,
                       plaintiff_id, debtor_id, case_title, external_ref, source, import_batch_id)
overriding system value
select s.judgment_id, s.state, s.court_code, s.court_name, s.county_code, s.index_number,
       s.index_number_norm, s.entry_date, s.principal, coalesce(s.costs, 0),
       coalesce(s.interest_regime, %(default_regime)s::interest_regime, 'standard'), p.id,
       s.debtor_id, s.case_title, s.external_ref,
       %(source)s, %(batch_id)s
from import_new s
left join plaintiffs p on p.name_key = s.plaintiff_key
where """
    + IN_CHUNK
)

INSERT_EXTRA_DEBTORS = """
with extra as materialized (
  select nextval(%(debtor_seq)s::regclass) as debtor_id, n.judgment_id, e.*
  from import_extra_debtors e
  join import_new n on n.state = e.state and n.court_code = e.court_code
    and n.index_number_norm = e.index_number_norm
),
new_debtors as (
  insert into debtors (id, name, name_key, kind, phone)
  overriding system value
  select debtor_id, debtor_name, debtor_key, debtor_kind, debtor_phone from extra
)
insert into judgment_debtors (judgment_id, debtor_id) select judgment_id, debtor_id from extra
"""


def _mapped(fields: dict[str, tuple[str, ...]], spec: SourceSpec) -> list[str]:
    present = set(spec.columns)
    return [column for column, needs in fields.items() if not present.isdisjoint(needs)]


def _debtor_stage_column(column: str) -> str:
    return "debtor_key" if column == "name" else f"debtor_{column}"


def _value_objects(spec: SourceSpec) -> tuple[sql.Composable, sql.Composable]:
    """(old, new) jsonb objects over the fields this source speaks about; blanks keep old values."""
    old: list[sql.Composable] = []
    new: list[sql.Composable] = []

    def add(key: str, old_expr: sql.Composable, new_expr: sql.Composable) -> None:
        old.extend([sql.Literal(key), old_expr])
        new.extend([sql.Literal(key), sql.SQL("coalesce({}, {})").format(new_expr, old_expr)])

    for column in _mapped(JUDGMENT_FIELDS, spec):
        add(
            column,
            sql.SQL("j.{}").format(sql.Identifier(column)),
            sql.SQL("s.{}").format(sql.Identifier(column)),
        )
    if {"plaintiff_name", "party_name"} & set(spec.columns):
        add("plaintiff", sql.SQL("op.name_key"), sql.SQL("s.plaintiff_key"))
    for column in _mapped(DEBTOR_FIELDS, spec):
        key = "debtor" if column == "name" else f"debtor_{column}"
        target = "name_key" if column == "name" else column
        add(
            key,
            sql.SQL("od.{}").format(sql.Identifier(target)),
            sql.SQL("s.{}").format(sql.Identifier(_debtor_stage_column(column))),
        )

    def build(parts: list[sql.Composable]) -> sql.Composable:
        if not parts:
            return sql.SQL("'{}'::jsonb")
        return sql.SQL("jsonb_build_object({})").format(sql.SQL(", ").join(parts))

    return build(old), build(new)


FIND_CHANGES = """
create temp table import_changes on commit drop as
select m.line_number, m.judgment_id, m.debtor_id, j.import_batch_id as previous_batch_id,
       c.before, c.after
from import_matched m
join import_stage s using (line_number)
join judgments j on j.id = m.judgment_id
left join plaintiffs op on op.id = j.plaintiff_id
left join debtors od on od.id = j.debtor_id
cross join lateral (select {old} as o, {new} as n) v
cross join lateral (
  select jsonb_object_agg(e.key, v.o -> e.key) as before, jsonb_object_agg(e.key, e.value) as after
  from jsonb_each(v.n) e
  where e.value is distinct from v.o -> e.key
) c
where c.after is not null
"""

UPDATE_JUDGMENTS = """
update judgments j
set {assignments} plaintiff_id = coalesce(p.id, j.plaintiff_id),
    source = %(source)s, import_batch_id = %(batch_id)s, updated_at = now()
from import_changes c
join import_stage s using (line_number)
left join plaintiffs p on p.name_key = s.plaintiff_key
where j.id = c.judgment_id
"""

UPDATE_DEBTORS = """
update debtors d
set name = coalesce(s.debtor_name, d.name), name_key = coalesce(s.debtor_key, d.name_key),
    kind = case when s.debtor_name is null then d.kind else s.debtor_kind end,
    street = coalesce(s.debtor_street, d.street), city = coalesce(s.debtor_city, d.city),
    state = coalesce(s.debtor_state, d.state), zip = coalesce(s.debtor_zip, d.zip),
    raw_address = coalesce(s.debtor_raw_address, d.raw_address),
    phone = coalesce(s.debtor_phone, d.phone), updated_at = now()
from import_changes c
join import_stage s using (line_number)
where d.id = c.debtor_id
"""

ADD_MISSING_DEBTORS = (
    """
with added as materialized (
  select nextval(%(debtor_seq)s::regclass) as debtor_id, c.judgment_id, s.*
  from import_changes c join import_stage s using (line_number)
  where c.debtor_id is null and """
    + DEBTOR_KNOWN
    + """
),
new_debtors as (
  insert into debtors (id, name, name_key, kind, street, city, state, zip, raw_address, phone)
  overriding system value
  select debtor_id, debtor_name, debtor_key, coalesce(debtor_kind, 'unknown'), debtor_street,
         debtor_city, debtor_state, debtor_zip, debtor_raw_address, debtor_phone
  from added
)
update judgments j set debtor_id = a.debtor_id from added a where j.id = a.judgment_id
"""
)

AUDIT_CHANGES = """
insert into audit_events (actor, action, entity, entity_id, before, after)
select %(actor)s, 'import.update', 'judgment', judgment_id::text,
       before || jsonb_build_object('batch_id', previous_batch_id),
       after || jsonb_build_object('batch_id', %(batch_id)s::bigint)
from import_changes
"""

COUNT_OUTCOMES = """
select
  coalesce((select sum(rows) from import_new), 0),
  coalesce((select sum(s.rows) from import_changes c join import_stage s using (line_number)), 0),
  coalesce((select sum(s.rows) from import_matched m join import_stage s using (line_number)), 0)
"""


def find_new(conn: psycopg.Connection) -> int:
    """Set the staged judgments not stored yet apart (import_new), with their new ids; returns
    how many. Imports run one at a time (under the import lock) and are the only code that
    inserts judgments, so the answer holds until apply_staged stores them."""
    params = {
        "judgment_seq": _sequence(conn, "judgments"),
        "debtor_seq": _sequence(conn, "debtors"),
    }
    return conn.execute(FIND_NEW, params).rowcount


def apply_staged(
    conn: psycopg.Connection,
    spec: SourceSpec,
    batch_id: int,
    actor: str,
    new_rows: int,
    default_regime: str | None = None,
    stored: Callable[[int], None] | None = None,
) -> Outcome:
    """Insert the new judgments (`new_rows` of them, set apart by find_new), update changed
    ones (audited), leave the rest; return the counts.

    `default_regime` is the interest regime of new judgments whose row states none. Existing
    judgments keep theirs (it may have been set by hand) unless the row states one. `stored` is
    told how many new judgments each chunk stored, as it goes."""
    params: dict[str, object] = {
        **valuation_parameters(),
        "judgment_seq": _sequence(conn, "judgments"),
        "debtor_seq": _sequence(conn, "debtors"),
        "source": spec.name,
        "batch_id": batch_id,
        "actor": actor,
        "default_regime": default_regime,
    }
    lock_values_for_writing(conn)
    conn.execute(FIND_MATCHED)
    conn.execute(INSERT_PLAINTIFFS)
    for chunk in _chunks(conn, new_rows):
        conn.execute(INSERT_DEBTORS, chunk)
        conn.execute(INSERT_VALUES, {**params, **chunk})
        inserted = conn.execute(INSERT_JUDGMENTS, {**params, **chunk}).rowcount
        if stored is not None:
            stored(inserted)
    conn.execute(INSERT_EXTRA_DEBTORS, params)
    old, new = _value_objects(spec)
    conn.execute(sql.SQL(FIND_CHANGES).format(old=old, new=new))
    _update_changed(conn, spec, params)
    row = conn.execute(COUNT_OUTCOMES).fetchone()
    assert row is not None
    inserted, updated, matched = (int(v) for v in row)
    return Outcome(inserted, updated, matched - updated)


def _chunks(conn: psycopg.Connection, rows: int) -> list[dict[str, object]]:
    """Page ranges of import_new holding about CHUNK_ROWS rows each, covering all its pages."""
    row = conn.execute(PAGES).fetchone()
    assert row is not None
    pages = max(1, int(row[0]))
    if rows <= 0:
        return []
    step = max(1, pages * CHUNK_ROWS // rows)
    return [
        {"chunk_from": f"({first},0)", "chunk_to": f"({first + step},0)"}
        for first in range(0, pages, step)
    ]


def changed_judgment_ids(conn: psycopg.Connection) -> list[int]:
    """The existing judgments this import changed (after apply_staged, same transaction)."""
    return [row[0] for row in conn.execute("select judgment_id from import_changes")]


def _update_changed(conn: psycopg.Connection, spec: SourceSpec, params: dict[str, object]) -> None:
    assignments = sql.SQL("").join(
        sql.SQL("{col} = coalesce(s.{col}, j.{col}), ").format(col=sql.Identifier(c))
        for c in _mapped(JUDGMENT_FIELDS, spec)
    )
    conn.execute(sql.SQL(UPDATE_JUDGMENTS).format(assignments=assignments), params)
    if _mapped(DEBTOR_FIELDS, spec):
        conn.execute(UPDATE_DEBTORS)
        conn.execute(ADD_MISSING_DEBTORS, params)
    conn.execute(AUDIT_CHANGES, params)
