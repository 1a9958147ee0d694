"""Three-way reconciliation of the escrow account: the bank statement balance a user enters,
the book balance (the trust journal) and the sum of the client ledgers (rebuilt from each
payment's split and each disbursement), with every difference listed line by line."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

import psycopg
from psycopg.rows import class_row

from dragonfly.errors import InputError
from dragonfly.services.audit import record_audit

# Per client: the journal's balance, and the client ledger (what the splits put in escrow less
# what was paid out). Mirrors domain.client_money.holdings: a direct payment holds nothing.
CLIENT_LINES_SQL = """
with journal as (
  select plaintiff_id, sum(amount) as amount from trust_entries
  where effective_on <= %(as_of)s group by plaintiff_id
), held as (
  select plaintiff_id, sum(amount) as amount from payment_splits
  where not direct and effective_on <= %(as_of)s group by plaintiff_id
), paid as (
  select plaintiff_id, sum(amount) as amount from trust_entries
  where kind = 'disbursement' and effective_on <= %(as_of)s group by plaintiff_id
), clients as (
  select plaintiff_id from journal union select plaintiff_id from held
)
select c.plaintiff_id, coalesce(p.name, '(no client)') as client,
       coalesce(j.amount, 0) as book, coalesce(h.amount, 0) + coalesce(d.amount, 0) as ledger
from clients c
left join journal j on j.plaintiff_id is not distinct from c.plaintiff_id
left join held h on h.plaintiff_id is not distinct from c.plaintiff_id
left join paid d on d.plaintiff_id is not distinct from c.plaintiff_id
left join plaintiffs p on p.id = c.plaintiff_id
order by client, c.plaintiff_id
"""


@dataclass(frozen=True)
class ClientLine:
    plaintiff_id: int | None
    client: str
    book: Decimal
    ledger: Decimal

    @property
    def difference(self) -> Decimal:
        return self.book - self.ledger


@dataclass(frozen=True)
class Reconciliation:
    as_of: date
    bank_balance: Decimal
    book_balance: Decimal
    client_ledgers: Decimal
    clients: list[ClientLine]

    @property
    def differences(self) -> list[dict[str, str]]:
        """Each difference in words and figures; empty when all three agree."""
        found = [
            {
                "line": f"client {line.client}",
                "book": str(line.book),
                "client_ledger": str(line.ledger),
                "difference": str(line.difference),
            }
            for line in self.clients
            if line.difference
        ]
        if self.bank_balance != self.book_balance:
            found.insert(
                0,
                {
                    "line": "bank statement vs book",
                    "bank": str(self.bank_balance),
                    "book": str(self.book_balance),
                    "difference": str(self.bank_balance - self.book_balance),
                },
            )
        return found

    @property
    def balanced(self) -> bool:
        return not self.differences


def client_lines(conn: psycopg.Connection, as_of: date) -> list[ClientLine]:
    with conn.cursor(row_factory=class_row(ClientLine)) as cur:
        return cur.execute(CLIENT_LINES_SQL, {"as_of": as_of}).fetchall()


def compare(conn: psycopg.Connection, bank_balance: Decimal, as_of: date) -> Reconciliation:
    """Compare without recording (a preview)."""
    lines = client_lines(conn, as_of)
    return Reconciliation(
        as_of=as_of,
        bank_balance=bank_balance,
        book_balance=sum((line.book for line in lines), Decimal("0.00")),
        client_ledgers=sum((line.ledger for line in lines), Decimal("0.00")),
        clients=lines,
    )


def reconcile(
    conn: psycopg.Connection, bank_balance: Decimal, as_of: date, actor: str
) -> Reconciliation:
    """Compare and keep the result (Rule 1.15 records), differences included."""
    if not bank_balance.is_finite() or bank_balance != bank_balance.quantize(Decimal("0.01")):
        raise InputError.in_field("bank_balance", "The bank balance is an amount in cents.")
    with conn.transaction():
        result = compare(conn, bank_balance, as_of)
        row = conn.execute(
            "insert into trust_reconciliations (as_of, bank_balance, book_balance,"
            " client_ledgers, lines, created_by) values (%s, %s, %s, %s, %s::jsonb, %s)"
            " returning id",
            (
                as_of,
                bank_balance,
                result.book_balance,
                result.client_ledgers,
                json.dumps(result.differences),
                actor,
            ),
        ).fetchone()
        assert row is not None
        record_audit(
            conn,
            actor=actor,
            action="trust.reconcile",
            entity="trust_reconciliation",
            entity_id=row[0],
            after={"as_of": as_of, **{k: v for k, v in asdict(result).items() if k != "clients"}},
        )
    return result
