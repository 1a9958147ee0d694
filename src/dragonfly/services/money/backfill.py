"""Split, in bulk, every payment that has no split yet: payments recorded before client money
existed, or loaded straight into the ledger. Each split is the same `split_payment` the record
path uses, as of the payment's date; the rows go in with COPY, in one transaction."""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import psycopg

from dragonfly.domain.client_money import (
    NO_AGREEMENT,
    Split,
    Terms,
    fee_percent_for,
    holdings,
    period_for,
    split_payment,
)
from dragonfly.domain.money import ZERO
from dragonfly.domain.vocabulary import TrustEntryKind, TrustParty
from dragonfly.services.audit import record_audit
from dragonfly.services.money.agreements import Agreement, list_agreements
from dragonfly.services.money.locks import lock_for_closing
from dragonfly.services.money.periods import last_closed_period
from dragonfly.services.money.splits import stored_split


@dataclass(frozen=True)
class _Payment:
    id: int
    judgment_id: int
    amount: Decimal
    effective_on: date
    reverses_id: int | None
    plaintiff_id: int | None
    entry_date: date
    principal: Decimal
    reversed: bool


UNSPLIT_SQL = """
select e.id, e.judgment_id, e.amount, e.effective_on, e.reverses_id, j.plaintiff_id,
       j.entry_date, j.principal, r.reverses_id is not null as reversed
from ledger_entries e
join judgments j on j.id = e.judgment_id
left join payment_splits s on s.ledger_entry_id = e.id
left join (select distinct reverses_id from ledger_entries where reverses_id is not null) r
  on r.reverses_id = e.id
where e.kind = 'payment' and s.ledger_entry_id is null
order by e.judgment_id, e.effective_on, e.id
"""

# Per judgment with unsplit payments: costs not yet recovered, overpaid not yet attributed.
OPEN_AMOUNTS_SQL = """
with todo as (
  select distinct e.judgment_id from ledger_entries e
  left join payment_splits s on s.ledger_entry_id = e.id
  where e.kind = 'payment' and s.ledger_entry_id is null
), costs as (
  select c.judgment_id, sum(c.amount) as amount from ledger_entries c
  join todo using (judgment_id) where c.kind = 'cost' group by c.judgment_id
), done as (
  select s.judgment_id, sum(s.cost_recovered) as costs, sum(s.debtor_refund) as refunds
  from payment_splits s join todo using (judgment_id) group by s.judgment_id
)
select t.judgment_id,
       coalesce(c.amount, 0) - coalesce(d.costs, 0) as costs,
       coalesce(v.overpaid, 0) - coalesce(d.refunds, 0) as overpaid
from todo t
left join costs c on c.judgment_id = t.judgment_id
left join done d on d.judgment_id = t.judgment_id
left join judgment_values v on v.judgment_id = t.judgment_id
"""


class _Terms:
    """Agreements by client, dated: the one in force on a day in O(log n)."""

    def __init__(self, agreements: list[Agreement]) -> None:
        self._by_client: dict[int, list[tuple[date, int, int, Terms]]] = defaultdict(list)
        for a in agreements:
            self._by_client[a.plaintiff_id].append((a.effective_on, a.id, a.id, a.terms()))
        for rows in self._by_client.values():
            rows.sort(key=lambda row: (row[0], row[1]))

    def on(self, plaintiff_id: int | None, day: date) -> tuple[int | None, Terms]:
        rows = self._by_client.get(plaintiff_id or 0, [])
        index = bisect.bisect_right(rows, (day, 2**63, 0)) - 1 if rows else -1
        return (rows[index][2], rows[index][3]) if index >= 0 else (None, NO_AGREEMENT)


def _refunds(payments: list[_Payment], overpaid: Decimal) -> dict[int, Decimal]:
    """Overpaid money is taken from the latest surviving payments first."""
    out: dict[int, Decimal] = {}
    left = max(ZERO, overpaid)
    for p in reversed(payments):
        if left <= 0:
            break
        if p.reverses_id is None and not p.reversed:
            out[p.id] = min(p.amount, left)
            left -= out[p.id]
    return out


def split_unsplit_payments(conn: psycopg.Connection, actor: str) -> int:
    """Split every payment lacking a split and post its trust receipts; returns how many."""
    with conn.transaction():
        lock_for_closing(conn)  # no payment recorded or period closed meanwhile
        closed = last_closed_period(conn)
        terms = _Terms(list_agreements(conn))
        open_amounts = {r[0]: (r[1], r[2]) for r in conn.execute(OPEN_AMOUNTS_SQL).fetchall()}
        by_judgment: dict[int, list[_Payment]] = defaultdict(list)
        with conn.cursor(binary=True) as cur:
            for row in cur.execute(UNSPLIT_SQL):
                by_judgment[row[1]].append(_Payment(*row))
        splits: list[tuple[_Payment, int | None, Split]] = []
        for judgment_id, payments in by_judgment.items():
            costs, overpaid = open_amounts.get(judgment_id, (ZERO, ZERO))
            splits += _split_judgment(conn, payments, terms, costs, _refunds(payments, overpaid))
        _copy(conn, splits, closed, actor)
        if splits:
            record_audit(
                conn, actor=actor, action="money.split_unsplit", entity="payment_splits",
                entity_id="bulk", after={"payments": len(splits)},
            )  # fmt: skip
    return len(splits)


def _split_judgment(
    conn: psycopg.Connection,
    payments: list[_Payment],
    terms: _Terms,
    costs: Decimal,
    refunds: dict[int, Decimal],
) -> list[tuple[_Payment, int | None, Split]]:
    done: dict[int, tuple[int | None, Split]] = {}
    out = []
    for p in [p for p in payments if p.reverses_id is None]:
        agreement_id, t = terms.on(p.plaintiff_id, p.effective_on)
        percent = fee_percent_for(
            t, age_days=(p.effective_on - p.entry_date).days, judgment_amount=p.principal
        )
        split = split_payment(
            p.amount, t, percent, unrecovered_costs=costs, overpaid=refunds.get(p.id, ZERO)
        )
        costs -= split.cost_recovered
        done[p.id] = (agreement_id, split)
        out.append((p, agreement_id, split))
    for p in payments:
        if p.reverses_id is None:
            continue
        original = done.get(p.reverses_id) or stored_split(conn, p.reverses_id)
        out.append((p, original[0], original[1].negated()))
    return out


def _copy(
    conn: psycopg.Connection,
    splits: list[tuple[_Payment, int | None, Split]],
    closed: date | None,
    actor: str,
) -> None:
    with conn.cursor() as cur:
        with cur.copy(
            "copy payment_splits (ledger_entry_id, judgment_id, plaintiff_id, agreement_id,"
            " effective_on, period, amount, client_share, fee, cost_recovered, debtor_refund,"
            " fee_percent, remittance, direct) from stdin"
        ) as copy:
            for p, agreement_id, s in splits:
                copy.write_row((
                    p.id, p.judgment_id, p.plaintiff_id, agreement_id, p.effective_on,
                    period_for(p.effective_on, closed), s.amount, s.client_share, s.fee,
                    s.cost_recovered, s.debtor_refund, s.fee_percent, s.remittance, s.direct,
                ))  # fmt: skip
        with cur.copy(
            "copy trust_entries (plaintiff_id, party, kind, amount, effective_on, period,"
            " ledger_entry_id, memo, created_by) from stdin"
        ) as copy:
            for p, _, s in splits:
                held = holdings(s)
                for party, amount in (
                    (TrustParty.CLIENT, held.client),
                    (TrustParty.FIRM, held.firm),
                    (TrustParty.DEBTOR, held.debtor),
                ):
                    if amount:
                        copy.write_row((
                            p.plaintiff_id, party, TrustEntryKind.RECEIPT, amount,
                            p.effective_on, period_for(p.effective_on, closed), p.id, "", actor,
                        ))  # fmt: skip
