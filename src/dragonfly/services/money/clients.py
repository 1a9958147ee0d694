"""The Clients screen's list: each client, its terms in force and what escrow holds for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import psycopg
from psycopg.rows import class_row

CLIENTS_SQL = """
with held as (
  select plaintiff_id,
         sum(amount) filter (where party = 'client') as owed_to_client,
         sum(amount) filter (where party = 'firm') as owed_to_firm,
         sum(amount) filter (where party = 'debtor') as owed_to_debtors
  from trust_entries group by plaintiff_id
), collected as (
  select plaintiff_id, sum(amount) as collected, sum(fee) as fees,
         sum(amount) filter (where period = %(period)s) as this_period
  from payment_splits group by plaintiff_id
), latest as (
  select distinct on (plaintiff_id) plaintiff_id, fee_percent, band_basis::text as band_basis,
         cost_handling::text as cost_handling, remittance::text as remittance,
         cadence::text as cadence, effective_on
  from client_agreements where effective_on <= %(today)s
  order by plaintiff_id, effective_on desc, id desc
)
select p.id as plaintiff_id, p.name as client,
       l.fee_percent, l.band_basis, l.cost_handling, l.remittance, l.cadence,
       l.effective_on as terms_since,
       coalesce(h.owed_to_client, 0) as owed_to_client,
       coalesce(h.owed_to_firm, 0) as owed_to_firm,
       coalesce(h.owed_to_debtors, 0) as owed_to_debtors,
       coalesce(c.collected, 0) as collected, coalesce(c.fees, 0) as fees,
       coalesce(c.this_period, 0) as collected_this_period
from plaintiffs p
left join held h on h.plaintiff_id = p.id
left join collected c on c.plaintiff_id = p.id
left join latest l on l.plaintiff_id = p.id
where h.plaintiff_id is not null or c.plaintiff_id is not null or l.plaintiff_id is not null
order by p.name, p.id
limit %(limit)s
"""


@dataclass(frozen=True)
class ClientMoney:
    plaintiff_id: int
    client: str
    fee_percent: Decimal | None
    band_basis: str | None
    cost_handling: str | None
    remittance: str | None
    cadence: str | None
    terms_since: date | None
    owed_to_client: Decimal
    owed_to_firm: Decimal
    owed_to_debtors: Decimal
    collected: Decimal
    fees: Decimal
    collected_this_period: Decimal


def client_money(conn: psycopg.Connection, today: date, limit: int = 1000) -> list[ClientMoney]:
    """Clients with an agreement or money: terms in force today, what is owed, what was earned."""
    with conn.cursor(row_factory=class_row(ClientMoney)) as cur:
        return cur.execute(
            CLIENTS_SQL, {"today": today, "period": today.replace(day=1), "limit": limit}
        ).fetchall()
