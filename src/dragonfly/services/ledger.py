"""The ledger: record payments, costs and adjustments; never delete; reverse a mistake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import class_row, dict_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.money import MAX_AMOUNT
from dragonfly.domain.vocabulary import LedgerKind
from dragonfly.errors import Conflict, InputError
from dragonfly.services.audit import record_audit
from dragonfly.services.deadlines import reopen_extended_judgments
from dragonfly.services.judgments.dated_events import lock_judgment_for_dated_event
from dragonfly.services.money.splits import record_split


@dataclass(frozen=True)
class LedgerEntry:
    """One ledger row: money received, a cost, or an adjustment (or the reversal of one)."""

    id: int
    kind: str
    amount: Decimal
    effective_on: date
    memo: str
    reverses_id: int | None
    created_by: str
    created_at: datetime


LEDGER_COLUMNS = (
    "id, kind::text as kind, amount, effective_on, memo, reverses_id, created_by, created_at"
)
# What an entry's audit event records about it.
AUDITED = ("id", "kind", "amount", "effective_on", "memo", "reverses_id")


def ledger_for_judgment(conn: psycopg.Connection, judgment_id: int) -> list[LedgerEntry]:
    with conn.cursor(row_factory=class_row(LedgerEntry)) as cur:
        return cur.execute(
            f"select {LEDGER_COLUMNS} from ledger_entries where judgment_id = %s"
            " order by effective_on, id",
            (judgment_id,),
        ).fetchall()


def _check_entry(
    conn: psycopg.Connection,
    judgment_id: int,
    kind: LedgerKind,
    amount: Decimal,
    effective_on: date,
    reverses_id: int | None,
) -> None:
    lock_judgment_for_dated_event(
        conn, judgment_id, "effective_on", effective_on, wait_for="record money when it is received"
    )
    if amount == 0:
        raise InputError.in_field("amount", "amount must not be zero.")
    _check_within_bounds(conn, judgment_id, kind, amount)
    if reverses_id is None:
        if kind != LedgerKind.ADJUSTMENT and amount < 0:
            raise InputError.in_field(
                "amount",
                f"A {kind} is a positive amount; to undo one, reverse it (reverses_id) instead.",
            )
        return
    _check_reversal(conn, judgment_id, kind, amount, reverses_id)


def _check_within_bounds(
    conn: psycopg.Connection, judgment_id: int, kind: LedgerKind, amount: Decimal
) -> None:
    """One entry, and the judgment's total of its kind, stay within MAX_AMOUNT either way."""
    limit = f"${MAX_AMOUNT:,.2f}"
    if abs(amount) > MAX_AMOUNT:
        raise InputError.in_field(
            "amount",
            f"amount {amount:,.2f} is over the {limit} limit for one entry; "
            "check the figure, or split a genuine larger sum over several judgments.",
        )
    row = conn.execute(
        "select coalesce(sum(amount), 0) from ledger_entries"
        " where judgment_id = %s and kind = %s::ledger_kind",
        (judgment_id, kind),
    ).fetchone()
    total = (row[0] if row else 0) + amount
    if abs(total) > MAX_AMOUNT:
        raise InputError.in_field(
            "amount",
            f"amount {amount:,.2f} would bring this judgment's {kind} total to {total:,.2f}, "
            f"over the {limit} limit; check the figures already recorded.",
        )


def _check_reversal(
    conn: psycopg.Connection,
    judgment_id: int,
    kind: LedgerKind,
    amount: Decimal,
    reverses_id: int,
) -> None:
    original = conn.execute(
        "select judgment_id, kind::text, amount,"
        " exists(select 1 from ledger_entries r where r.reverses_id = e.id)"
        " from ledger_entries e where id = %s",
        (reverses_id,),
    ).fetchone()
    if original is None or original[0] != judgment_id:
        raise InputError.in_field(
            "reverses_id", f"reverses_id {reverses_id} is not an entry of judgment {judgment_id}."
        )
    if original[3]:
        raise InputError.in_field("reverses_id", f"Entry {reverses_id} has already been reversed.")
    if original[1] != kind or amount != -original[2]:
        raise InputError.in_field(
            "amount",
            f"A reversal of entry {reverses_id} must be a {original[1]} of {-original[2]:.2f}.",
        )


class PossibleDuplicate(Conflict):
    """The same amount is already recorded on this judgment for the same day."""

    code = "possible_duplicate"


def _refuse_a_likely_duplicate(
    conn: psycopg.Connection, judgment_id: int, kind: str, amount: Decimal, effective_on: date
) -> None:
    same = conn.execute(
        "select e.id from ledger_entries e where e.judgment_id = %s and e.kind = %s::ledger_kind"
        " and e.amount = %s and e.effective_on = %s and e.reverses_id is null"
        " and not exists (select 1 from ledger_entries r where r.reverses_id = e.id)"
        " order by e.id limit 1",
        (judgment_id, kind, amount, effective_on),
    ).fetchone()
    if same:
        raise PossibleDuplicate(
            f"A {kind} of ${amount:,.2f} dated {effective_on:%Y-%m-%d} is already recorded on "
            f"this judgment (entry {same[0]}). If it really happened twice, confirm to record "
            "it again.",
            details={"entry_id": same[0]},
        )


def record_entry(
    conn: psycopg.Connection,
    judgment_id: int,
    *,
    kind: LedgerKind,
    amount: Decimal,
    effective_on: date,
    memo: str,
    reverses_id: int | None,
    actor: str,
    confirm_duplicate: bool = False,
    direct: bool = False,
) -> LedgerEntry:
    """Add one entry, audit it and refresh the judgment's stored balance and score, atomically.
    A payment is split between client, firm and debtor in the same transaction (`direct`: paid
    to the client rather than to the firm; docs/CLIENT_MONEY.md)."""
    from dragonfly.valuation import refresh_judgments
    from dragonfly.valuation.values_lock import lock_values_for_writing

    with conn.transaction():
        lock_values_for_writing(conn)
        _check_entry(conn, judgment_id, kind, amount, effective_on, reverses_id)
        if reverses_id is None and not confirm_duplicate:
            _refuse_a_likely_duplicate(conn, judgment_id, kind, amount, effective_on)
        with conn.cursor(row_factory=class_row(LedgerEntry)) as cur:
            entry = cur.execute(
                f"insert into ledger_entries (judgment_id, kind, amount, effective_on, memo,"
                f" reverses_id, created_by) values (%s, %s, %s, %s, %s, %s, %s)"
                f" returning {LEDGER_COLUMNS}",
                (judgment_id, kind, amount, effective_on, memo, reverses_id, actor),
            ).fetchone()
        assert entry is not None
        before = _stored_value(conn, judgment_id)
        refresh_judgments(conn, judgment_ids=[judgment_id])
        # A payment within the twenty years may give an expired judgment its life back (CPLR
        # 211(b)), at once, as a written acknowledgment does.
        reopen_extended_judgments(conn, today_in_new_york(), [judgment_id], actor)
        after = _stored_value(conn, judgment_id)
        if kind == LedgerKind.PAYMENT:
            record_split(
                conn,
                ledger_entry_id=entry.id,
                judgment_id=judgment_id,
                amount=amount,
                effective_on=effective_on,
                reverses_id=reverses_id,
                overpaid_before=before.get("overpaid") or Decimal(0),
                overpaid_after=after.get("overpaid") or Decimal(0),
                direct=direct,
                actor=actor,
            )
        elif direct:
            raise InputError.in_field("direct", "Only a payment can be paid directly to a client.")
        record_audit(
            conn,
            actor=actor,
            action=f"ledger.{kind}",
            entity="judgment",
            entity_id=judgment_id,
            before=before,
            after={"entry": {k: getattr(entry, k) for k in AUDITED}, **after},
        )
    return entry


def _stored_value(conn: psycopg.Connection, judgment_id: int) -> dict[str, Any]:
    """The judgment's stored balance, overpaid amount, enforceable-until date, score and tier
    (empty before it was first valued)."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "select balance, overpaid, enforceable_until, score, tier from judgment_values"
            " where judgment_id = %s",
            (judgment_id,),
        ).fetchone()
    return row or {}
