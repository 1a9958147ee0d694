"""Plaintiffs (the firm's clients): list, the call queue, one plaintiff with their judgments."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from dragonfly.errors import NotFound
from dragonfly.services.judgments.portfolio import ITEM_KEYS, LIST_COLUMNS, contains_pattern

PLAINTIFF_COLUMNS = sql.SQL(
    "p.id, p.name, p.status::text, p.phone, p.email, coalesce(agg.judgments, 0),"
    " coalesce(agg.total_balance, 0)"
)
PLAINTIFF_KEYS = ("id", "name", "status", "phone", "email", "judgments", "total_balance")
TOTALS = sql.SQL(
    "left join lateral (select count(*) as judgments, sum(balance) as total_balance"
    " from valued_judgments j where j.plaintiff_id = p.id) agg on true"
)
# Who to call next: clients not yet signed, biggest open balance first. Policy, not law.
CALLABLE = "('new', 'contacted', 'qualified')"


def list_plaintiffs(
    conn: psycopg.Connection, status: str | None, q: str | None, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    parts = [sql.SQL("true")]
    params: dict[str, Any] = {"limit": page_size, "offset": (page - 1) * page_size}
    if status:
        parts.append(sql.SQL("p.status = %(status)s::plaintiff_status"))
        params["status"] = status
    if q:
        parts.append(sql.SQL("p.name ilike %(q)s"))
        params["q"] = contains_pattern(q)
    where = sql.SQL(" and ").join(parts)
    rows = conn.execute(
        sql.SQL(
            "select {cols} from plaintiffs p {totals} where {where} order by p.name, p.id"
            " limit %(limit)s offset %(offset)s"
        ).format(cols=PLAINTIFF_COLUMNS, totals=TOTALS, where=where),
        params,
    ).fetchall()
    total = conn.execute(
        sql.SQL("select count(*) from plaintiffs p where {where}").format(where=where), params
    ).fetchone()
    return [dict(zip(PLAINTIFF_KEYS, r, strict=True)) for r in rows], int(total[0]) if total else 0


def _reason(item: dict[str, Any]) -> str:
    count, balance = item["judgments"], item["total_balance"]
    judgments = f"{count} judgment{'s' if count != 1 else ''} worth ${balance:,.2f}"
    if item["status"] == "new":
        return f"New client, not contacted yet; {judgments}."
    if item["status"] == "contacted":
        return f"Contacted but not qualified; follow up on {judgments}."
    return f"Qualified but not signed; {judgments} waiting on a signature."


def call_queue(conn: psycopg.Connection, limit: int = 50) -> list[dict[str, Any]]:
    """Plaintiffs to call, largest open balance first, with a plain reason for each."""
    rows = conn.execute(
        sql.SQL(
            f"select {{cols}} from plaintiffs p {{totals}} where p.status in {CALLABLE}"
            " and (p.phone is not null or p.email is not null) and agg.judgments > 0"
            " order by agg.total_balance desc nulls last, p.id limit %(limit)s"
        ).format(cols=PLAINTIFF_COLUMNS, totals=TOTALS),
        {"limit": limit},
    ).fetchall()
    items = [dict(zip(PLAINTIFF_KEYS, r, strict=True)) for r in rows]
    return [{**item, "reason": _reason(item)} for item in items]


def plaintiff_with_judgments(conn: psycopg.Connection, plaintiff_id: int) -> dict[str, Any]:
    row = conn.execute(
        sql.SQL(
            "select {cols}, p.kind::text, p.street, p.city, p.state, p.zip,"
            " p.best_contact_method, p.created_at from plaintiffs p {totals}"
            " where p.id = %(id)s"
        ).format(cols=PLAINTIFF_COLUMNS, totals=TOTALS),
        {"id": plaintiff_id},
    ).fetchone()
    if row is None:
        raise NotFound(f"No plaintiff with id {plaintiff_id}.")
    keys = (
        *PLAINTIFF_KEYS,
        "kind",
        "street",
        "city",
        "state",
        "zip",
        "best_contact_method",
        "created_at",
    )
    judgments = conn.execute(
        sql.SQL(
            "select {cols} from valued_judgments j left join plaintiffs p on p.id = j.plaintiff_id"
            " left join debtors d on d.id = j.debtor_id where j.plaintiff_id = %(id)s"
            " order by j.balance desc nulls last, j.id limit 500"
        ).format(cols=LIST_COLUMNS),
        {"id": plaintiff_id},
    ).fetchall()
    return {
        "plaintiff": dict(zip(keys, row, strict=True)),
        "judgments": [dict(zip(ITEM_KEYS, j, strict=True)) for j in judgments],
    }
