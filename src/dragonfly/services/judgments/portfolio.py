"""The judgments list (portfolio): filters, sorts, pages and an honest total over 1M rows."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import polars as pl
import psycopg
from psycopg import sql
from psycopg.rows import class_row

from dragonfly.core.config import Settings, get_settings
from dragonfly.domain.counties import resolve_county
from dragonfly.domain.courts import matching_codes
from dragonfly.domain.index_numbers import index_number_norm
from dragonfly.domain.vocabulary import JudgmentStatus
from dragonfly.errors import ConfigError, InputError
from dragonfly.services.name_search import name_matches, search_words

Sort = Literal[
    "balance", "-balance", "score", "-score", "entry_date", "-entry_date", "index_number"
]
SORTS: dict[str, str] = {
    "balance": "j.balance asc nulls last, j.id",
    "-balance": "j.balance desc nulls last, j.id",
    "score": "j.score asc nulls last, j.id",
    "-score": "j.score desc nulls last, j.id",
    "entry_date": "j.entry_date, j.id",
    "-entry_date": "j.entry_date desc, j.id desc",
    "index_number": "j.index_number_norm, j.id",
}
# Counting past this many matching rows costs more than it tells; beyond it we estimate.
EXACT_COUNT_LIMIT = 10_000

LIST_COLUMNS = sql.SQL(
    "j.id, j.index_number, j.court_name, j.county_code, j.entry_date, j.principal, j.balance,"
    " j.score, j.tier, j.status::text as status, p.name as plaintiff_name, d.name as debtor_name,"
    # The county as people write it ("New York", "St. Lawrence"), for the list and the export.
    " (select c.name from ny_counties c where c.code = j.county_code) as county_name,"
    " j.overpaid, j.enforceable_until"
)


@dataclass(frozen=True)
class JudgmentItem:
    """One line of the judgments list (LIST_COLUMNS, in the same order)."""

    id: int
    index_number: str
    court_name: str
    county_code: str | None
    entry_date: date
    principal: Decimal
    balance: Decimal | None
    score: int | None
    tier: str | None
    status: str
    plaintiff_name: str | None
    debtor_name: str | None
    county_name: str | None
    # Paid beyond the balance (owed back to the debtor); 0 when none.
    overpaid: Decimal
    # The day it is treated as expired (CPLR 211(b)); None until first valued.
    enforceable_until: date | None


@dataclass(frozen=True)
class JudgmentFilters:
    status: JudgmentStatus | None = None
    tier: str | None = None
    county: str | None = None
    court: str | None = None
    plaintiff_id: int | None = None
    balance_min: Decimal | None = None
    balance_max: Decimal | None = None
    score_min: int | None = None
    score_max: int | None = None
    q: str | None = None
    interest_regime: str | None = None
    likely_consumer: bool | None = None
    judgment_id: int | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "", False) for f in fields(self))


_CONDITIONS: dict[str, str] = {
    "status": "j.status = %(status)s::judgment_status",
    "tier": "j.tier = %(tier)s",
    "county": "j.county_code = %(county)s",
    # What a person types ("Supreme", "Kings Supreme", "Berne Town Court"), read by the court
    # registry into code patterns; otherwise the court's name as written.
    "court": "(j.court_code like any(%(court_codes)s) or j.court_name ilike %(court)s)",
    "plaintiff_id": "j.plaintiff_id = %(plaintiff_id)s",
    "balance_min": "j.balance >= %(balance_min)s",
    "balance_max": "j.balance <= %(balance_max)s",
    "score_min": "j.score >= %(score_min)s",
    "score_max": "j.score <= %(score_max)s",
    "interest_regime": "j.interest_regime = %(interest_regime)s::interest_regime",
    "judgment_id": "j.id = %(judgment_id)s",
    # Individuals owing a creditor on the consumer-creditor list, still at the standard rate.
    "likely_consumer": "(j.interest_regime = 'standard'"
    " and exists (select 1 from debtors dl where dl.id = j.debtor_id and dl.kind = 'individual')"
    " and exists (select 1 from plaintiffs pl where pl.id = j.plaintiff_id"
    " and pl.name ilike any(%(consumer_creditors)s)))",
}
# A search (q) matches the index number, or the debtor's or the plaintiff's name folded for
# search (services.name_search: every word of q in the name, whatever case, accents, apostrophes
# or word order). The matching ids, each set found through a trigram or foreign-key index: the
# planner can size the union, so a rare match is found and sorted instead of walking a million
# rows.
SEARCH_IDS = (
    "j.id in (select id from judgments"
    " where index_number_norm ilike %(q_like)s or index_number_norm ilike %(q_norm_like)s"
    " union all select id from judgments where debtor_id in"
    " (select id from debtors where {debtor_name})"
    " union all select id from judgments where plaintiff_id in"
    " (select id from plaintiffs where {plaintiff_name}))"
)
# The same search as a test of each row, for a term that matches a large share of the portfolio
# ("a"): the page is then read off the sort's index, testing rows until it is full, instead of
# collecting and sorting every match.
BROAD_Q = (
    "(j.index_number_norm ilike %(q_like)s or j.index_number_norm ilike %(q_norm_like)s"
    " or exists (select 1 from debtors dq where dq.id = j.debtor_id and {debtor_name})"
    " or exists (select 1 from plaintiffs pq where pq.id = j.plaintiff_id and {plaintiff_name}))"
)
# Above this many expected matches a search is broad: collecting the ids costs more than walking.
BROAD_MATCHES = 20_000


def _where(
    filters: JudgmentFilters, *, broad: bool = False
) -> tuple[sql.Composable, dict[str, Any]]:
    params: dict[str, Any] = {}
    parts: list[sql.Composable] = []
    for f in fields(filters):
        value = getattr(filters, f.name)
        # Not `value in (None, "", False)`: Decimal 0 equals False, and "balance up to $0" (the
        # Enforcement screen's paid-in-full list) is a filter like any other.
        if value is None or value is False or value == "" or f.name == "q":
            continue
        params[f.name] = value
        parts.append(sql.SQL(_CONDITIONS[f.name]))  # fixed text; values stay parameters
    if filters.county:
        params["county"] = _county_filter(filters.county)
    if filters.court:
        codes = matching_codes(filters.court) or []
        params["court_codes"] = [c.replace("_", r"\_") for c in codes]
    if filters.likely_consumer:
        params["consumer_creditors"] = [contains_pattern(n) for n in consumer_creditors()]
    if filters.q and filters.q.strip():
        condition, search_params = _search(filters.q, broad=broad)
        parts.append(condition)
        params.update(search_params)
    if not parts:
        return sql.SQL(""), params
    return sql.SQL("where ") + sql.SQL(" and ").join(parts), params


def check_filters(filters: JudgmentFilters) -> None:
    """Refuse a filter no query can use (an unknown county) now, before a response starts."""
    _where(filters)


def _county_filter(text: str) -> str:
    """`Kings`, `Brooklyn`, `new york`, `KINGS` -> the county code; anything else is refused."""
    code = resolve_county(text)
    if code is None:
        raise InputError.in_field("county", f"'{text}' is not a New York county or borough")
    return code


def _search(q: str, *, broad: bool) -> tuple[sql.Composable, dict[str, Any]]:
    """The condition of a search `q` over index numbers and party names, with its parameters."""
    words = search_words(q)
    debtor, debtor_params = name_matches("search_name", words, "q_debtor")
    plaintiff, plaintiff_params = name_matches("search_name", words, "q_plaintiff")
    if broad:
        debtor, _ = name_matches("dq.search_name", words, "q_debtor")
        plaintiff, _ = name_matches("pq.search_name", words, "q_plaintiff")
    condition = sql.SQL(BROAD_Q if broad else SEARCH_IDS).format(
        debtor_name=debtor, plaintiff_name=plaintiff
    )
    params = {
        **debtor_params,
        **plaintiff_params,
        "q_like": contains_pattern(q.strip()),
        # An index number typed as `cv 2023 001` is stored as `CV-2023-001`.
        "q_norm_like": contains_pattern(_normalised_index_number(q)),
    }
    return condition, params


def consumer_creditors(settings: Settings | None = None) -> list[str]:
    """The creditor names of the likely-consumer review: the firm's own list, or the shipped one."""
    path = (settings or get_settings()).dragonfly_consumer_creditors
    try:
        text = (
            Path(path).read_text(encoding="utf-8")
            if path
            else resources.files("dragonfly.services")
            .joinpath("consumer_creditors.toml")
            .read_text()
        )
        names = tomllib.loads(text).get("names")
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Cannot read the consumer-creditor list {path}: {exc}.") from exc
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise ConfigError(f'{path or "consumer_creditors.toml"} needs names = ["...", ...].')
    return [n.strip() for n in names]


def contains_pattern(text: str) -> str:
    """An ILIKE pattern matching `text` anywhere, with its own % _ and \\ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


def _normalised_index_number(text: str) -> str:
    value = pl.select(index_number_norm(pl.lit(text, dtype=pl.String))).item()
    return str(value) if value else text.strip()


def list_judgments(
    conn: psycopg.Connection, filters: JudgmentFilters, sort: str, page: int, page_size: int
) -> tuple[list[JudgmentItem], int, bool]:
    """One page of judgments, the total, and whether that total is an estimate."""
    where, params = _where(filters)
    estimate = _planner_estimate(conn, where, params)
    page_where = where
    if filters.q and estimate > BROAD_MATCHES:
        page_where, _ = _where(filters, broad=True)
    query = sql.SQL(
        "select {cols} from valued_judgments j left join plaintiffs p on p.id = j.plaintiff_id"
        " left join debtors d on d.id = j.debtor_id {where} order by {order}"
        " limit %(limit)s offset %(offset)s"
    ).format(cols=LIST_COLUMNS, where=page_where, order=sql.SQL(SORTS[sort]))
    with conn.cursor(row_factory=class_row(JudgmentItem)) as cur:
        items = cur.execute(
            query, {**params, "limit": page_size, "offset": (page - 1) * page_size}
        ).fetchall()
    total, estimated = count_judgments(conn, filters, where, params, estimate)
    return items, total, estimated


def count_judgments(
    conn: psycopg.Connection,
    filters: JudgmentFilters,
    where: sql.Composable,
    params: dict[str, Any],
    estimate: int | None = None,
) -> tuple[int, bool]:
    """Exact up to EXACT_COUNT_LIMIT matching rows; past that the planner's estimate, flagged.

    The planner is asked first (a fraction of a millisecond): when it expects far more matches
    than the limit, counting even the first 10,000 would cost more than the page itself.
    """
    if filters.is_empty():
        row = conn.execute(
            "select reltuples::bigint from pg_class where oid = 'judgments'::regclass"
        ).fetchone()
        if row and row[0] > EXACT_COUNT_LIMIT:
            return int(row[0]), True
    if estimate is None:
        estimate = _planner_estimate(conn, where, params)
    if estimate > 2 * EXACT_COUNT_LIMIT:
        return estimate, True
    capped = sql.SQL(
        "select count(*) from (select 1 from valued_judgments j {where} limit %(cap)s) capped"
    ).format(where=where)
    found = conn.execute(capped, {**params, "cap": EXACT_COUNT_LIMIT + 1}).fetchone()
    count = int(found[0]) if found else 0
    if count <= EXACT_COUNT_LIMIT:
        return count, False
    return max(estimate, count), True


def _planner_estimate(
    conn: psycopg.Connection, where: sql.Composable, params: dict[str, Any]
) -> int:
    plan = conn.execute(
        sql.SQL("explain (format json) select 1 from valued_judgments j {where}").format(
            where=where
        ),
        params,
    ).fetchone()
    return int(plan[0][0]["Plan"]["Plan Rows"]) if plan else 0


# valued_judgments spelled out over its tables: the app may lock rows of the tables (it updates
# them) but not of the view.
_LOCKABLE_VALUED = sql.SQL(
    "(select j.*, v.balance, v.balance_as_of, v.score, v.tier, v.score_version, v.score_as_of,"
    " v.score_components, v.overpaid, v.enforceable_until, v.enforceable_basis,"
    " v.enforceable_basis_on from judgments j join judgment_values v on v.judgment_id = j.id)"
)


def selected_judgments(
    conn: psycopg.Connection, filters: JudgmentFilters, limit: int, *, lock: bool = False
) -> list[tuple[int, str, Decimal | None]]:
    """(id, interest regime, balance) of every judgment the filters select, up to `limit` + 1.

    With `lock`, the rows (the judgment and its values) are locked for this transaction; a row
    changed meanwhile by another transaction is waited for and read as committed, and left out
    when it no longer matches the filters.
    """
    where, params = _where(filters)
    query = sql.SQL(
        "select j.id, j.interest_regime::text, j.balance from {source} j {where}"
        " order by j.id limit %(limit)s{lock}"
    ).format(
        source=_LOCKABLE_VALUED if lock else sql.SQL("valued_judgments"),
        where=where,
        lock=sql.SQL(" for update" if lock else ""),
    )
    return [tuple(r) for r in conn.execute(query, {**params, "limit": limit + 1})]  # type: ignore[misc]


EXPORT_HEADER = [f.name for f in fields(JudgmentItem)]


def export_rows(
    conn: psycopg.Connection, filters: JudgmentFilters, sort: str
) -> Iterator[tuple[Any, ...]]:
    """Every matching judgment, streamed through a server-side cursor."""
    where, params = _where(filters)
    query = sql.SQL(
        "select {cols} from valued_judgments j left join plaintiffs p on p.id = j.plaintiff_id"
        " left join debtors d on d.id = j.debtor_id {where} order by {order}"
    ).format(cols=LIST_COLUMNS, where=where, order=sql.SQL(SORTS[sort]))
    with conn.transaction(), conn.cursor(name="judgments_export") as cursor:
        cursor.itersize = 2000
        cursor.execute(query, params)
        yield from cursor
