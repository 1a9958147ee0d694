"""The trust (escrow) ledger: receipts and disbursements, per client and party; append-only.

Receipts are posted with each payment's split (`post_receipts`); disbursements pay a client, the
firm's operating account or a debtor's refund out of what escrow holds for that client and
party, never more. A disbursement made in error is undone by a reversing entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import psycopg
from psycopg.rows import class_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.client_money import Holdings, next_month, period_for
from dragonfly.domain.vocabulary import TrustEntryKind, TrustParty
from dragonfly.errors import Conflict, InputError, NotFound
from dragonfly.services.audit import record_audit
from dragonfly.services.money.locks import lock_for_recording
from dragonfly.services.money.periods import last_closed_period


@dataclass(frozen=True)
class TrustEntry:
    id: int
    plaintiff_id: int | None
    party: str
    kind: str
    amount: Decimal
    effective_on: date
    period: date
    ledger_entry_id: int | None
    reverses_id: int | None
    memo: str
    created_by: str
    created_at: datetime


COLUMNS = (
    "id, plaintiff_id, party::text as party, kind::text as kind, amount, effective_on, period,"
    " ledger_entry_id, reverses_id, memo, created_by, created_at"
)


def post_receipts(
    conn: psycopg.Connection,
    *,
    plaintiff_id: int | None,
    held: Holdings,
    effective_on: date,
    period: date,
    ledger_entry_id: int,
    actor: str,
) -> None:
    """One receipt line per party the payment holds money for (negative for a reversal)."""
    for party, amount in (
        (TrustParty.CLIENT, held.client),
        (TrustParty.FIRM, held.firm),
        (TrustParty.DEBTOR, held.debtor),
    ):
        if amount:
            _insert(
                conn, plaintiff_id, party, TrustEntryKind.RECEIPT, amount, effective_on, period,
                ledger_entry_id=ledger_entry_id, memo="", actor=actor,
            )  # fmt: skip


def _insert(
    conn: psycopg.Connection,
    plaintiff_id: int | None,
    party: TrustParty,
    kind: TrustEntryKind,
    amount: Decimal,
    effective_on: date,
    period: date,
    *,
    memo: str,
    actor: str,
    ledger_entry_id: int | None = None,
    reverses_id: int | None = None,
) -> TrustEntry:
    with conn.cursor(row_factory=class_row(TrustEntry)) as cur:
        row = cur.execute(
            "insert into trust_entries (plaintiff_id, party, kind, amount, effective_on, period,"
            " ledger_entry_id, reverses_id, memo, created_by)"
            f" values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) returning {COLUMNS}",
            (
                plaintiff_id, party, kind, amount, effective_on, period,
                ledger_entry_id, reverses_id, memo, actor,
            ),
        ).fetchone()  # fmt: skip
    assert row is not None
    return row


def balance(
    conn: psycopg.Connection,
    plaintiff_id: int | None,
    party: TrustParty,
    through: date | None = None,
) -> Decimal:
    """What escrow holds for this client and party (counting only periods up to `through`)."""
    row = conn.execute(
        "select coalesce(sum(amount), 0) from trust_entries"
        " where plaintiff_id is not distinct from %s and party = %s"
        " and (%s::date is null or period <= %s::date)",
        (plaintiff_id, party, through, through),
    ).fetchone()
    return Decimal(row[0]) if row else Decimal(0)


def _lock_client(conn: psycopg.Connection, plaintiff_id: int) -> str:
    row = conn.execute(
        "select name from plaintiffs where id = %s for update", (plaintiff_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"No client (plaintiff) with id {plaintiff_id}.")
    return str(row[0])


def _refuse_a_future_date(effective_on: date, what: str) -> None:
    """Escrow records money that has moved: a cheque dated ahead is recorded when it is paid."""
    if effective_on > today_in_new_york():
        raise InputError.in_field(
            "effective_on",
            f"The date {effective_on} is in the future; record the {what} on the day the money "
            "moves.",
        )


def _refuse_a_closed_date(conn: psycopg.Connection, effective_on: date) -> date:
    closed = last_closed_period(conn)
    if closed is not None and effective_on < next_month(closed):
        raise Conflict(
            f"{effective_on:%Y-%m} is a closed remittance period (closed up to {closed:%Y-%m}); "
            "a closed period is never edited: date the entry in an open period.",
            details={"field": "effective_on"},
        )
    return period_for(effective_on, closed)


def _pay_out(
    conn: psycopg.Connection,
    plaintiff_id: int | None,
    party: TrustParty,
    amount: Decimal,
    effective_on: date,
    period: date,
    memo: str,
    actor: str,
) -> TrustEntry:
    return _insert(
        conn, plaintiff_id, party, TrustEntryKind.DISBURSEMENT, -amount, effective_on, period,
        memo=memo, actor=actor,
    )  # fmt: skip


@dataclass(frozen=True)
class Payout:
    plaintiff_id: int | None
    party: TrustParty
    amount: Decimal
    effective_on: date
    period: date
    memo: str


def pay_out_many(conn: psycopg.Connection, payouts: list[Payout], actor: str) -> None:
    """Disbursements within the caller's transaction and checks (the period close)."""
    with conn.cursor() as cur:
        cur.executemany(
            "insert into trust_entries (plaintiff_id, party, kind, amount, effective_on, period,"
            " memo, created_by) values (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (p.plaintiff_id, p.party, TrustEntryKind.DISBURSEMENT, -p.amount,
                 p.effective_on, p.period, p.memo, actor)
                for p in payouts
            ],
        )  # fmt: skip


def disburse(
    conn: psycopg.Connection,
    plaintiff_id: int,
    party: TrustParty,
    amount: Decimal,
    effective_on: date,
    memo: str,
    actor: str,
) -> TrustEntry:
    """Pay money held for a client out of escrow: to the client, to the firm, or back to a
    debtor who overpaid. Refused, writing nothing, beyond what escrow holds for that party."""
    if not amount.is_finite() or amount <= 0:
        raise InputError.in_field("amount", "A disbursement is a positive amount.")
    _refuse_a_future_date(effective_on, "disbursement")
    with conn.transaction():
        lock_for_recording(conn)
        name = _lock_client(conn, plaintiff_id)
        period = _refuse_a_closed_date(conn, effective_on)
        held = balance(conn, plaintiff_id, party)
        if amount > held:
            raise InputError.in_field(
                "amount",
                f"Escrow holds {held:,.2f} for {name} ({party}); a disbursement of "
                f"{amount:,.2f} would overdraw that client's ledger.",
            )
        entry = _pay_out(conn, plaintiff_id, party, amount, effective_on, period, memo, actor)
        record_audit(
            conn, actor=actor, action="trust.disbursement", entity="plaintiff",
            entity_id=plaintiff_id,
            after={"entry_id": entry.id, "party": party, "amount": -amount, "memo": memo},
        )  # fmt: skip
    return entry


def reverse_disbursement(
    conn: psycopg.Connection, entry_id: int, effective_on: date, memo: str, actor: str
) -> TrustEntry:
    """Undo a disbursement (a returned cheque): a new entry, the old one kept."""
    _refuse_a_future_date(effective_on, "reversal")
    with conn.transaction():
        lock_for_recording(conn)
        with conn.cursor(row_factory=class_row(TrustEntry)) as cur:
            original = cur.execute(
                f"select {COLUMNS} from trust_entries where id = %s for update", (entry_id,)
            ).fetchone()
        if original is None:
            raise NotFound(f"No trust entry {entry_id}.")
        if original.kind != TrustEntryKind.DISBURSEMENT or original.reverses_id is not None:
            raise InputError.in_field(
                "entry_id",
                f"Entry {entry_id} is not a disbursement; a receipt is reversed by reversing "
                "its payment in the ledger.",
            )
        done = conn.execute(
            "select 1 from trust_entries where reverses_id = %s", (entry_id,)
        ).fetchone()
        if done:
            raise InputError.in_field("entry_id", f"Entry {entry_id} has already been reversed.")
        period = _refuse_a_closed_date(conn, effective_on)
        entry = _insert(
            conn, original.plaintiff_id, TrustParty(original.party),
            TrustEntryKind.DISBURSEMENT, -original.amount, effective_on, period,
            memo=memo, actor=actor, reverses_id=entry_id,
        )  # fmt: skip
        record_audit(
            conn, actor=actor, action="trust.reversal", entity="plaintiff",
            entity_id=original.plaintiff_id,
            after={"entry_id": entry.id, "reverses_id": entry_id, "amount": entry.amount},
        )  # fmt: skip
    return entry


def journal(
    conn: psycopg.Connection, plaintiff_id: int | None = None, limit: int = 500
) -> list[TrustEntry]:
    """The newest trust entries, for one client or all."""
    with conn.cursor(row_factory=class_row(TrustEntry)) as cur:
        return cur.execute(
            f"select {COLUMNS} from trust_entries"
            " where %(p)s::bigint is null or plaintiff_id = %(p)s"
            " order by id desc limit %(limit)s",
            {"p": plaintiff_id, "limit": limit},
        ).fetchall()
