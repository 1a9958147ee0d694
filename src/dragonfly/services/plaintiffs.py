"""Plaintiffs (the firm's clients): list, the call queue, one plaintiff with their judgments."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import class_row

from dragonfly.domain.vocabulary import PlaintiffStatus
from dragonfly.errors import NotFound
from dragonfly.services.judgments.portfolio import LIST_COLUMNS, JudgmentItem
from dragonfly.services.name_search import name_matches, search_words


@dataclass(frozen=True, kw_only=True)
class PlaintiffItem:
    """A plaintiff with how many judgments they hold and their open balance."""

    id: int
    name: str
    status: PlaintiffStatus
    phone: str | None
    email: str | None
    judgments: int
    total_balance: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", PlaintiffStatus(self.status))


@dataclass(frozen=True, kw_only=True)
class CallItem(PlaintiffItem):
    """A plaintiff to call, with the reason they are on the list."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class PlaintiffFull(PlaintiffItem):
    """A plaintiff with their address and contact preference."""

    kind: str
    street: str | None
    city: str | None
    state: str | None
    zip: str | None
    best_contact_method: str | None
    created_at: datetime


PLAINTIFF_COLUMNS = sql.SQL(
    "p.id, p.name, p.status::text as status, p.phone, p.email,"
    " coalesce(agg.judgments, 0) as judgments, coalesce(agg.total_balance, 0) as total_balance"
)
TOTALS = sql.SQL(
    "left join lateral (select count(*) as judgments, sum(balance) as total_balance"
    " from valued_judgments j where j.plaintiff_id = p.id) agg on true"
)
# Who to call next: clients not yet signed, biggest open balance first. Policy, not law.
CALLABLE = [PlaintiffStatus.NEW, PlaintiffStatus.CONTACTED, PlaintiffStatus.QUALIFIED]


def list_plaintiffs(
    conn: psycopg.Connection,
    status: PlaintiffStatus | None,
    q: str | None,
    page: int,
    page_size: int,
) -> tuple[list[PlaintiffItem], int]:
    parts: list[sql.Composable] = [sql.SQL("true")]
    params: dict[str, Any] = {"limit": page_size, "offset": (page - 1) * page_size}
    if status:
        parts.append(sql.SQL("p.status = %(status)s::plaintiff_status"))
        params["status"] = status
    if q and q.strip():
        # The same folding as the portfolio's search: O'Brien, OBrien and "Brien, O" alike.
        condition, words = name_matches("p.search_name", search_words(q), "q_word")
        parts.append(condition)
        params.update(words)
    where = sql.SQL(" and ").join(parts)
    with conn.cursor(row_factory=class_row(PlaintiffItem)) as cur:
        items = cur.execute(
            sql.SQL(
                "select {cols} from plaintiffs p {totals} where {where} order by p.name, p.id"
                " limit %(limit)s offset %(offset)s"
            ).format(cols=PLAINTIFF_COLUMNS, totals=TOTALS, where=where),
            params,
        ).fetchall()
    total = conn.execute(
        sql.SQL("select count(*) from plaintiffs p where {where}").format(where=where), params
    ).fetchone()
    return items, int(total[0]) if total else 0


def _reason(item: PlaintiffItem) -> str:
    count, balance = item.judgments, item.total_balance
    judgments = f"{count} judgment{'s' if count != 1 else ''} worth ${balance:,.2f}"
    if item.status is PlaintiffStatus.NEW:
        return f"New client, not contacted yet; {judgments}."
    if item.status is PlaintiffStatus.CONTACTED:
        return f"Contacted but not qualified; follow up on {judgments}."
    return f"Qualified but not signed; {judgments} waiting on a signature."


def call_queue(conn: psycopg.Connection, limit: int = 50) -> list[CallItem]:
    """Plaintiffs to call, largest open balance first, with a plain reason for each."""
    with conn.cursor(row_factory=class_row(PlaintiffItem)) as cur:
        items = cur.execute(
            sql.SQL(
                "select {cols} from plaintiffs p {totals}"
                " where p.status = any(%(callable)s::plaintiff_status[])"
                " and (p.phone is not null or p.email is not null) and agg.judgments > 0"
                " order by agg.total_balance desc nulls last, p.id limit %(limit)s"
            ).format(cols=PLAINTIFF_COLUMNS, totals=TOTALS),
            {"callable": CALLABLE, "limit": limit},
        ).fetchall()
    return [CallItem(**_fields_of(item), reason=_reason(item)) for item in items]


def _fields_of(item: PlaintiffItem) -> dict[str, Any]:
    """The item's fields, shallow (dataclasses.asdict would copy nested values too)."""
    return {f.name: getattr(item, f.name) for f in fields(item)}


def plaintiff_with_judgments(conn: psycopg.Connection, plaintiff_id: int) -> dict[str, Any]:
    with conn.cursor(row_factory=class_row(PlaintiffFull)) as cur:
        plaintiff = cur.execute(
            sql.SQL(
                "select {cols}, p.kind::text as kind, p.street, p.city, p.state, p.zip,"
                " p.best_contact_method, p.created_at from plaintiffs p {totals}"
                " where p.id = %(id)s"
            ).format(cols=PLAINTIFF_COLUMNS, totals=TOTALS),
            {"id": plaintiff_id},
        ).fetchone()
    if plaintiff is None:
        raise NotFound(f"No plaintiff with id {plaintiff_id}.")
    with conn.cursor(row_factory=class_row(JudgmentItem)) as cur:
        judgments = cur.execute(
            sql.SQL(
                "select {cols} from valued_judgments j"
                " left join plaintiffs p on p.id = j.plaintiff_id"
                " left join debtors d on d.id = j.debtor_id where j.plaintiff_id = %(id)s"
                " order by j.balance desc nulls last, j.id limit 500"
            ).format(cols=LIST_COLUMNS),
            {"id": plaintiff_id},
        ).fetchall()
    return {"plaintiff": plaintiff, "judgments": judgments}
