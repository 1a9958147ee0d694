"""What the firm knows about a debtor's assets: recorded, and retired when found wrong, by people.

Every write is audited and revalues every judgment against the debtor at once, so the score,
the tier and the next best action follow what was recorded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

import psycopg
from psycopg.rows import class_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.vocabulary import AssetKind
from dragonfly.errors import Conflict, InputError, NotFound
from dragonfly.services.audit import record_audit

# Where a fact came from.
SOURCES = ("subpoena_answer", "debtor", "public_record", "vendor", "other")


@dataclass(frozen=True)
class DebtorAsset:
    id: int
    debtor_id: int
    kind: AssetKind
    name: str | None
    address: str | None
    detail: str
    benefits_only: bool
    source: str
    learned_on: date
    recorded_by: str | None
    created_at: datetime
    retired_on: date | None
    retired_by: str | None
    retired_reason: str | None


@dataclass(frozen=True)
class NewAsset:
    kind: AssetKind
    name: str
    address: str
    detail: str
    benefits_only: bool
    source: str
    learned_on: date


_COLUMNS = (
    "id, debtor_id, kind, name, address, detail, benefits_only, source, learned_on, recorded_by,"
    " created_at, retired_on, retired_by, retired_reason"
)


def debtor_assets(conn: psycopg.Connection, debtor_id: int) -> list[DebtorAsset]:
    """The debtor's facts, live ones first, newest first within each."""
    with conn.cursor(row_factory=class_row(DebtorAsset)) as cur:
        return cur.execute(
            f"select {_COLUMNS} from debtor_assets where debtor_id = %s"
            " order by retired_on is not null, learned_on desc, id desc",
            (debtor_id,),
        ).fetchall()


def _check(fact: NewAsset, today: date) -> None:
    if fact.source not in SOURCES:
        raise InputError.in_field("source", f"Source must be one of {', '.join(SOURCES)}.")
    if fact.learned_on > today:
        raise InputError.in_field("learned_on", "A fact is learned on or before today.")
    if fact.benefits_only and fact.kind is not AssetKind.BANK:
        raise InputError.in_field("benefits_only", "Only a bank account can be benefits-only.")
    if fact.kind in (AssetKind.BANK, AssetKind.EMPLOYER) and not fact.name.strip():
        what = "bank" if fact.kind is AssetKind.BANK else "employer"
        raise InputError.in_field("name", f"Name the {what}: papers are served on it.")


def add_debtor_asset(
    conn: psycopg.Connection, debtor_id: int, fact: NewAsset, *, actor: str
) -> DebtorAsset:
    from dragonfly.valuation.values_lock import lock_values_for_writing

    _check(fact, today_in_new_york())
    with conn.transaction():
        lock_values_for_writing(conn)
        lock_debtor(conn, debtor_id)
        row = conn.execute(
            "insert into debtor_assets (debtor_id, kind, name, address, detail, benefits_only,"
            " source, learned_on, recorded_by) values (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " returning id",
            (
                debtor_id,
                fact.kind.value,
                fact.name.strip() or None,
                fact.address.strip() or None,
                fact.detail.strip(),
                fact.benefits_only,
                fact.source,
                fact.learned_on,
                actor,
            ),
        ).fetchone()
        assert row is not None
        asset = _asset(conn, int(row[0]))
        revalue_debtor(conn, debtor_id)
        record_audit(
            conn,
            actor=actor,
            action="debtor.asset_add",
            entity="debtor",
            entity_id=debtor_id,
            after=_audited(asset),
        )
    return asset


def retire_debtor_asset(
    conn: psycopg.Connection, debtor_id: int, asset_id: int, *, reason: str, actor: str
) -> DebtorAsset:
    """Mark a fact no longer true (the account closed, the job ended); it stays on record."""
    from dragonfly.valuation.values_lock import lock_values_for_writing

    if not reason.strip():
        raise InputError.in_field(
            "reason", "Say why the fact no longer holds (e.g. 'account closed')."
        )
    with conn.transaction():
        lock_values_for_writing(conn)
        lock_debtor(conn, debtor_id)
        before = _asset(conn, asset_id)
        if before.debtor_id != debtor_id:
            raise NotFound(f"Debtor {debtor_id} has no asset {asset_id}.")
        if before.retired_on is not None:
            raise Conflict(f"Asset {asset_id} was already retired on {before.retired_on}.")
        conn.execute(
            "update debtor_assets set retired_on = %s, retired_by = %s, retired_reason = %s"
            " where id = %s",
            (today_in_new_york(), actor, reason.strip(), asset_id),
        )
        after = _asset(conn, asset_id)
        revalue_debtor(conn, debtor_id)
        record_audit(
            conn,
            actor=actor,
            action="debtor.asset_retire",
            entity="debtor",
            entity_id=debtor_id,
            before=_audited(before),
            after=_audited(after),
        )
    return after


def lock_debtor(conn: psycopg.Connection, debtor_id: int) -> None:
    found = conn.execute("select 1 from debtors where id = %s for update", (debtor_id,))
    if found.fetchone() is None:
        raise NotFound(f"No debtor with id {debtor_id}.")


def _asset(conn: psycopg.Connection, asset_id: int) -> DebtorAsset:
    with conn.cursor(row_factory=class_row(DebtorAsset)) as cur:
        found = cur.execute(f"select {_COLUMNS} from debtor_assets where id = %s", (asset_id,))
        asset = found.fetchone()
    if asset is None:
        raise NotFound(f"No asset with id {asset_id}.")
    return asset


def revalue_debtor(conn: psycopg.Connection, debtor_id: int) -> None:
    from dragonfly.valuation import refresh_judgments

    rows = conn.execute("select id from judgments where debtor_id = %s", (debtor_id,))
    ids = [int(r[0]) for r in rows]
    if ids:
        refresh_judgments(conn, judgment_ids=ids)


def _audited(asset: DebtorAsset) -> dict[str, object]:
    return {k: v for k, v in asdict(asset).items() if k not in ("created_at", "debtor_id")}
