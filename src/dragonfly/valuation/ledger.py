"""Reading ledger entries into domain LedgerItems (reversals cancel the entries they reverse),
and a stored judgment's balance from them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from dragonfly.domain.interest import BalanceBreakdown, LedgerItem, compute_balance
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import InterestRegime, LedgerKind

# (id, kind, amount, effective_on, reverses_id) as selected from ledger_entries.
LedgerRow = tuple[int, str, Decimal, date, int | None]


def ledger_items(rows: Iterable[LedgerRow]) -> list[LedgerItem]:
    """A reversal and the entry it reverses both drop out, as if neither had been recorded."""
    rows = list(rows)
    reversed_ids = {row[4] for row in rows if row[4] is not None}
    return [
        LedgerItem(LedgerKind(kind), amount, effective_on)
        for entry_id, kind, amount, effective_on, reverses_id in rows
        if reverses_id is None and entry_id not in reversed_ids
    ]


def stored_judgment_balance(
    principal: Decimal,
    costs: Decimal,
    entry_date: date,
    regime: str,
    rows: Iterable[LedgerRow],
    as_of: date,
    rules: Rules,
    interest_stops_on: date | None = None,
) -> BalanceBreakdown:
    """The balance of a judgment as stored, over its ledger rows; an as-of before entry is entry.

    Raises LedgerError when the ledger cannot be valued (a payment before entry).
    """
    return compute_balance(
        principal,
        entry_date,
        InterestRegime(regime),
        ledger_items(rows),
        max(as_of, entry_date),
        rules,
        costs=costs,
        interest_stops_on=interest_stops_on,
    )
