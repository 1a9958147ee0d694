"""Which interest rate a judgment accrues (standard 9% or consumer 2%), changed with a reason.

One judgment, or every judgment a Portfolio filter selects: a bulk change is previewed first
(how many judgments, and the total change in balance), and applied only to the same selection:
the preview names its selection by a fingerprint of the judgments and their rates, and the
change locks the selected rows, reads them again and refuses (409) when the fingerprint differs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

import psycopg

from dragonfly.core.request_id import current_request_id
from dragonfly.domain.vocabulary import InterestRegime
from dragonfly.errors import Conflict, InputError, NotFound
from dragonfly.services.judgments.portfolio import JudgmentFilters, selected_judgments

# A bulk change this large is a mistake more often than not: it is refused with a message.
MOST_AT_ONCE = 100_000


@dataclass(frozen=True)
class RegimeChange:
    """A change made (or, for a preview, the change that would be made)."""

    regime: InterestRegime
    judgments: int
    balance_before: Decimal
    balance_after: Decimal
    selection: str

    @property
    def change(self) -> Decimal:
        return self.balance_after - self.balance_before


Selection = list[tuple[int, str, Decimal | None]]

_AUDIT = """
insert into audit_events (actor, action, entity, entity_id, before, after, request_id)
select %(actor)s, 'judgment.interest_regime', 'judgment', b.id::text,
       jsonb_build_object('interest_regime', b.regime, 'balance', b.balance),
       jsonb_build_object('interest_regime', %(regime)s::text, 'balance', v.balance,
                          'reason', %(reason)s::text),
       %(request_id)s
from unnest(%(ids)s::bigint[], %(regimes)s::text[], %(balances)s::numeric[])
  as b(id, regime, balance)
join judgment_values v on v.judgment_id = b.id
"""


def _to_change(selection: Selection, regime: InterestRegime) -> Selection:
    return [row for row in selection if row[1] != regime.value]


def fingerprint(rows: Selection) -> str:
    """Names a selection: the judgments to change and the rate each has now (not balances,
    which move with every day's interest)."""
    text = ";".join(f"{r[0]}:{r[1]}" for r in sorted(rows, key=lambda r: r[0]))
    return hashlib.sha256(text.encode()).hexdigest()


def _apply(conn: psycopg.Connection, rows: Selection, regime: InterestRegime) -> Decimal:
    """Set the regime and revalue those judgments; returns their total balance afterwards."""
    from dragonfly.valuation import refresh_judgments

    ids = [r[0] for r in rows]
    conn.execute(
        "update judgments set interest_regime = %s::interest_regime, updated_at = now()"
        " where id = any(%s)",
        (regime.value, ids),
    )
    refresh_judgments(conn, judgment_ids=ids)
    total = conn.execute(
        "select coalesce(sum(balance), 0) from judgment_values where judgment_id = any(%s)", (ids,)
    ).fetchone()
    return Decimal(total[0]) if total else Decimal(0)


def _select(
    conn: psycopg.Connection, filters: JudgmentFilters, regime: InterestRegime, *, lock: bool
) -> Selection:
    found = selected_judgments(conn, filters, MOST_AT_ONCE, lock=lock)
    if len(found) > MOST_AT_ONCE:
        raise InputError(
            f"The selection holds more than {MOST_AT_ONCE:,} judgments; narrow the filters and "
            "change the rate in parts."
        )
    return _to_change(found, regime)


def preview_regime_change(
    conn: psycopg.Connection, filters: JudgmentFilters, regime: InterestRegime
) -> RegimeChange:
    """What changing the selection to `regime` would do. Values it for real, then rolls back."""
    from dragonfly.valuation.values_lock import lock_values_for_writing

    with conn.transaction(force_rollback=True):
        lock_values_for_writing(conn)
        rows = _select(conn, filters, regime, lock=True)
        before = sum((r[2] or Decimal(0) for r in rows), Decimal(0))
        after = _apply(conn, rows, regime) if rows else Decimal(0)
    return RegimeChange(regime, len(rows), before, after, fingerprint(rows))


def change_regime(
    conn: psycopg.Connection,
    filters: JudgmentFilters,
    regime: InterestRegime,
    *,
    reason: str,
    expected: int | None,
    selection: str | None,
    actor: str,
) -> RegimeChange:
    """Change every selected judgment not yet at `regime`, if the selection is the one previewed
    (`expected` judgments whose fingerprint is `selection`; both None when nothing was
    previewed, as for one named judgment); audited one event per judgment, with the reason.

    The selected rows are locked (FOR UPDATE) before anything is compared or changed, so their
    rates and the balances audited as "before" are the ones the change applies to; a change
    committed meanwhile by someone else makes the fingerprint differ: Conflict, nothing changed.
    """
    from dragonfly.valuation.values_lock import lock_values_for_writing

    if not reason.strip():
        raise InputError.in_field(
            "reason", "Say why the rate changes (e.g. 'credit-card debt of an individual').",
            "required",
        )  # fmt: skip
    with conn.transaction():
        lock_values_for_writing(conn)
        rows = _select(conn, filters, regime, lock=True)
        if expected is not None and len(rows) != expected:
            raise Conflict(
                f"The selection now holds {len(rows):,} judgments to change, not the "
                f"{expected:,} previewed; preview it again before changing it."
            )
        if selection is not None and fingerprint(rows) != selection:
            raise Conflict(
                "The selection changed since the preview (a judgment in it was changed, or "
                "another now matches the filters); preview it again before changing it."
            )
        before = sum((r[2] or Decimal(0) for r in rows), Decimal(0))
        after = _apply(conn, rows, regime) if rows else Decimal(0)
        if rows:
            conn.execute(
                _AUDIT,
                {
                    "actor": actor,
                    "regime": regime.value,
                    "reason": reason.strip(),
                    "request_id": current_request_id(),
                    "ids": [r[0] for r in rows],
                    "regimes": [r[1] for r in rows],
                    "balances": [r[2] for r in rows],
                },
            )
    return RegimeChange(regime, len(rows), before, after, fingerprint(rows))


def change_judgment_regime(
    conn: psycopg.Connection,
    judgment_id: int,
    regime: InterestRegime,
    *,
    reason: str,
    actor: str,
) -> RegimeChange:
    """One judgment's rate, changed with a reason (no change when it already has that rate)."""
    exists = conn.execute("select 1 from judgments where id = %s", (judgment_id,)).fetchone()
    if exists is None:
        raise NotFound(f"No judgment with id {judgment_id}.")
    one = JudgmentFilters(judgment_id=judgment_id)
    return change_regime(
        conn, one, regime, reason=reason, expected=None, selection=None, actor=actor
    )
