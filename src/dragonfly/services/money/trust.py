"""The trust (escrow) ledger: receipts and disbursements, per client and party; append-only.

Receipts are posted with each payment's split (`post_receipts`); disbursements pay a client, the
firm's operating account or a debtor's refund out of what escrow holds for that client and
party, never more. A refund names the judgment the debtor overpaid and never pays out more than
was held for that judgment, so one debtor is never paid with another's money. A disbursement
made in error is undone by a reversing entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import psycopg
from psycopg.rows import class_row

from dragonfly.domain.client_money import Holdings, next_month, period_for
from dragonfly.domain.vocabulary import TrustEntryKind, TrustParty
from dragonfly.errors import Conflict, InputError, NotFound
from dragonfly.services.audit import record_audit
from dragonfly.services.judgments.dated_events import refuse_a_future_day
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
    judgment_id: int | None  # a refund: the judgment the debtor overpaid


# Escrow records money that has moved: a cheque dated ahead is recorded when it is paid.
MONEY_MOVES = "record it on the day the money moves"
COLUMNS = (
    "id, plaintiff_id, party::text as party, kind::text as kind, amount, effective_on, period,"
    " ledger_entry_id, reverses_id, memo, created_by, created_at, judgment_id"
)
# What has been refunded to each judgment's debtor (reversals netted): only refunds and their
# reversals name a judgment (a check on trust_entries).
REFUNDED_BY_JUDGMENT = """
select judgment_id, -sum(amount) as refunded from trust_entries
where judgment_id is not null group by judgment_id
"""
# What escrow holds for one judgment's debtor: the debtor's part of its payments (receipts name
# the payment), less the refunds paid for it. A refund recorded before refunds named their
# judgment (or its reversal) could have been for any of the client's debtors whose money was
# held by then, so it counts against each of those (never against money received after it):
# none of that money is paid out twice.
HELD_FOR_REFUND = """
select coalesce(sum(t.amount), 0) from trust_entries t
left join ledger_entries le on le.id = t.ledger_entry_id
where t.party = 'debtor' and t.plaintiff_id = %(client)s
  and (coalesce(t.judgment_id, le.judgment_id) = %(judgment)s
       or (t.kind = 'disbursement' and t.judgment_id is null and exists (
             select 1 from trust_entries r join ledger_entries rl on rl.id = r.ledger_entry_id
             where r.party = 'debtor' and r.kind = 'receipt' and r.plaintiff_id = t.plaintiff_id
               and rl.judgment_id = %(judgment)s and r.created_at <= t.created_at)))
"""
# The judgment's overpaid amount now (a later cost or a reversed payment lowers it); no row when
# its balance cannot be computed (a ledger that cannot be valued).
OVERPAID_NOW = """
select coalesce(overpaid, 0) from judgment_values
where judgment_id = %(judgment)s and balance is not null
"""


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
    judgment_id: int | None = None,
) -> TrustEntry:
    with conn.cursor(row_factory=class_row(TrustEntry)) as cur:
        row = cur.execute(
            "insert into trust_entries (plaintiff_id, party, kind, amount, effective_on, period,"
            " ledger_entry_id, reverses_id, memo, created_by, judgment_id)"
            f" values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) returning {COLUMNS}",
            (
                plaintiff_id, party, kind, amount, effective_on, period,
                ledger_entry_id, reverses_id, memo, actor, judgment_id,
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


def _refuse_a_closed_date(conn: psycopg.Connection, effective_on: date) -> date:
    closed = last_closed_period(conn)
    if closed is not None and effective_on < next_month(closed):
        raise Conflict(
            f"{effective_on:%Y-%m} is a closed remittance period (closed up to {closed:%Y-%m}); "
            "a closed period is never edited: date the entry in an open period.",
            details={"field": "effective_on"},
        )
    return period_for(effective_on, closed)


def refunded_to_debtor(conn: psycopg.Connection, judgment_id: int) -> Decimal:
    """What escrow has paid back to this judgment's debtor (reversals netted)."""
    row = conn.execute(
        "select coalesce(-sum(amount), 0) from trust_entries where judgment_id = %s",
        (judgment_id,),
    ).fetchone()
    return Decimal(row[0]) if row else Decimal(0)


def _refuse_a_misplaced_judgment(party: TrustParty, judgment_id: int | None) -> None:
    if party is TrustParty.DEBTOR and judgment_id is None:
        raise InputError.in_field(
            "judgment_id",
            "Say which judgment this refund is for: judgment_id (on the command line, "
            "--judgment ID; the ID is the number at the end of the judgment page's address).",
        )
    if party is not TrustParty.DEBTOR and judgment_id is not None:
        raise InputError.in_field(
            "judgment_id",
            f"Only a refund to a debtor names a judgment, not a payment to the {party}.",
        )


def _amount(conn: psycopg.Connection, query: str, params: dict[str, int]) -> Decimal | None:
    row = conn.execute(query, params).fetchone()
    return Decimal(row[0]) if row and row[0] is not None else None


def _refuse_more_than_owed_back(
    conn: psycopg.Connection, plaintiff_id: int, judgment_id: int, amount: Decimal
) -> None:
    """A refund pays this judgment's debtor no more than is still owed back to them, and no
    more than escrow holds for them."""
    row = conn.execute(
        "select plaintiff_id, index_number from judgments where id = %s", (judgment_id,)
    ).fetchone()
    if row is None:
        raise InputError.in_field("judgment_id", f"No judgment with id {judgment_id}.")
    if row[0] != plaintiff_id:
        raise InputError.in_field(
            "judgment_id", f"Judgment {row[1]} is not this client's: its refund is paid from "
            "the escrow of the client it was collected for.",
        )  # fmt: skip
    params = {"client": plaintiff_id, "judgment": judgment_id}
    overpaid = _amount(conn, OVERPAID_NOW, params)
    if overpaid is None:
        raise InputError.in_field(
            "judgment_id",
            f"The balance of judgment {row[1]} cannot be computed (its page says why), so what "
            "is owed back to the debtor is not known: correct its ledger first.",
        )
    owed = overpaid - refunded_to_debtor(conn, judgment_id)
    if owed <= 0:
        raise InputError.in_field(
            "amount",
            f"Nothing is owed back to the debtor of judgment {row[1]}: nothing paid on it is "
            "beyond its balance now, or it has been refunded already.",
        )
    held = _amount(conn, HELD_FOR_REFUND, params) or Decimal(0)
    if held <= 0:
        raise InputError.in_field(
            "amount",
            f"Escrow holds nothing for the debtor of judgment {row[1]}, though {owed:,.2f} is "
            "owed back to them: a payment made to the client directly is refunded by the "
            "client, and a refund paid before refunds named their judgment may have been "
            "theirs. Ask whoever keeps the escrow account to check.",
        )
    payable = min(owed, held)
    if amount > payable:
        raise InputError.in_field(
            "amount",
            f"At most {payable:,.2f} can be refunded to the debtor of judgment {row[1]} "
            f"({owed:,.2f} is owed back to them, {held:,.2f} is held in escrow for them); "
            f"{amount:,.2f} is more.",
        )


def _pay_out(
    conn: psycopg.Connection,
    plaintiff_id: int | None,
    party: TrustParty,
    amount: Decimal,
    effective_on: date,
    period: date,
    memo: str,
    actor: str,
    judgment_id: int | None,
) -> TrustEntry:
    return _insert(
        conn, plaintiff_id, party, TrustEntryKind.DISBURSEMENT, -amount, effective_on, period,
        memo=memo, actor=actor, judgment_id=judgment_id,
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
    judgment_id: int | None = None,
) -> TrustEntry:
    """Pay money held for a client out of escrow: to the client, to the firm, or back to a
    debtor who overpaid (naming the judgment). Refused, writing nothing, beyond what escrow
    holds for that party (and, for a refund, for that judgment)."""
    if not amount.is_finite() or amount <= 0:
        raise InputError.in_field("amount", "A disbursement is a positive amount.")
    refuse_a_future_day("effective_on", effective_on, wait_for=MONEY_MOVES)
    _refuse_a_misplaced_judgment(party, judgment_id)
    with conn.transaction():
        lock_for_recording(conn)
        name = _lock_client(conn, plaintiff_id)
        period = _refuse_a_closed_date(conn, effective_on)
        if judgment_id is not None:  # first: it says the most this debtor can be paid
            _refuse_more_than_owed_back(conn, plaintiff_id, judgment_id, amount)
        held = balance(conn, plaintiff_id, party)
        if amount > held:
            raise InputError.in_field(
                "amount",
                f"Escrow holds {held:,.2f} for {name} ({party}); a disbursement of "
                f"{amount:,.2f} would overdraw that client's ledger.",
            )
        entry = _pay_out(
            conn, plaintiff_id, party, amount, effective_on, period, memo, actor, judgment_id
        )
        after: dict[str, object] = {
            "entry_id": entry.id, "party": party, "amount": -amount, "memo": memo,
        }  # fmt: skip
        if judgment_id is not None:
            after["judgment_id"] = judgment_id
        record_audit(
            conn, actor=actor, action="trust.disbursement", entity="plaintiff",
            entity_id=plaintiff_id, after=after,
        )  # fmt: skip
    return entry


def reverse_disbursement(
    conn: psycopg.Connection, entry_id: int, effective_on: date, memo: str, actor: str
) -> TrustEntry:
    """Undo a disbursement (a returned cheque): a new entry, the old one kept."""
    refuse_a_future_day("effective_on", effective_on, wait_for=MONEY_MOVES)
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
            memo=memo, actor=actor, reverses_id=entry_id, judgment_id=original.judgment_id,
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
