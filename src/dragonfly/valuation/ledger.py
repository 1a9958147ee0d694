"""Reading ledger entries into domain LedgerItems: reversals cancel the entries they reverse."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from dragonfly.domain.interest import LedgerItem
from dragonfly.domain.vocabulary import LedgerKind

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
