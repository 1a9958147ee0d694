"""Client agreements: dated terms per plaintiff; a change applies to payments from its date."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import class_row

from dragonfly.domain.client_money import NO_AGREEMENT, FeeBand, Terms, check_terms, next_month
from dragonfly.domain.vocabulary import (
    CostHandling,
    FeeBandBasis,
    RemittanceBasis,
    RemittanceCadence,
)
from dragonfly.errors import Conflict, NotFound
from dragonfly.services.audit import record_audit
from dragonfly.services.money.locks import lock_for_recording
from dragonfly.services.money.periods import last_closed_period


@dataclass(frozen=True)
class Agreement:
    id: int
    plaintiff_id: int
    plaintiff: str
    effective_on: date
    fee_percent: Decimal
    band_basis: str | None
    fee_bands: list[dict[str, Any]]
    cost_handling: str
    remittance: str
    cadence: str
    created_by: str
    created_at: datetime

    def terms(self) -> Terms:
        return Terms(
            fee_percent=self.fee_percent,
            cost_handling=CostHandling(self.cost_handling),
            remittance=RemittanceBasis(self.remittance),
            cadence=RemittanceCadence(self.cadence),
            band_basis=FeeBandBasis(self.band_basis) if self.band_basis else None,
            bands=bands_from_json(self.fee_bands),
        )


def bands_from_json(raw: list[dict[str, Any]]) -> tuple[FeeBand, ...]:
    return tuple(
        FeeBand(
            up_to=None if band.get("up_to") is None else Decimal(str(band["up_to"])),
            percent=Decimal(str(band["percent"])),
        )
        for band in raw
    )


def _bands_to_json(bands: tuple[FeeBand, ...]) -> str:
    return json.dumps(
        [
            {"up_to": None if b.up_to is None else str(b.up_to), "percent": str(b.percent)}
            for b in bands
        ]
    )


COLUMNS = (
    "a.id, a.plaintiff_id, p.name as plaintiff, a.effective_on, a.fee_percent,"
    " a.band_basis::text as band_basis, a.fee_bands, a.cost_handling::text as cost_handling,"
    " a.remittance::text as remittance, a.cadence::text as cadence, a.created_by, a.created_at"
)


def list_agreements(conn: psycopg.Connection, plaintiff_id: int | None = None) -> list[Agreement]:
    """Every agreement, oldest first per client (the history of terms)."""
    with conn.cursor(row_factory=class_row(Agreement)) as cur:
        return cur.execute(
            f"select {COLUMNS} from client_agreements a join plaintiffs p on p.id = a.plaintiff_id"
            " where %(p)s::bigint is null or a.plaintiff_id = %(p)s"
            " order by p.name, a.plaintiff_id, a.effective_on, a.id",
            {"p": plaintiff_id},
        ).fetchall()


def agreement_in_force(
    conn: psycopg.Connection, plaintiff_id: int | None, on: date
) -> tuple[int | None, Terms]:
    """The agreement dated on or before `on` (the latest written wins a tie); none: NO_AGREEMENT."""
    if plaintiff_id is None:
        return None, NO_AGREEMENT
    with conn.cursor(row_factory=class_row(Agreement)) as cur:
        row = cur.execute(
            f"select {COLUMNS} from client_agreements a join plaintiffs p on p.id = a.plaintiff_id"
            " where a.plaintiff_id = %s and a.effective_on <= %s"
            " order by a.effective_on desc, a.id desc limit 1",
            (plaintiff_id, on),
        ).fetchone()
    return (row.id, row.terms()) if row else (None, NO_AGREEMENT)


def _refuse_a_closed_or_split_date(
    conn: psycopg.Connection, plaintiff_id: int, effective_on: date
) -> None:
    closed = last_closed_period(conn)
    if closed is not None and effective_on < next_month(closed):
        raise Conflict(
            f"{effective_on:%Y-%m} is in a closed remittance period (closed up to "
            f"{closed:%Y-%m}); date the change in an open period.",
            details={"field": "effective_on"},
        )
    split = conn.execute(
        "select max(effective_on) from payment_splits"
        " where plaintiff_id = %s and effective_on >= %s",
        (plaintiff_id, effective_on),
    ).fetchone()
    if split and split[0] is not None:
        raise Conflict(
            f"Payments dated up to {split[0]:%Y-%m-%d} are already split under the earlier terms; "
            f"date the change after {split[0]:%Y-%m-%d}, or reverse and record those payments "
            "again.",
            details={"field": "effective_on"},
        )


def set_agreement(
    conn: psycopg.Connection, plaintiff_id: int, terms: Terms, effective_on: date, actor: str
) -> Agreement:
    """Record new terms for a client from `effective_on`; refused (writing nothing) for a bad
    fee, a date in a closed period, or a date before payments already split."""
    check_terms(terms)
    with conn.transaction():
        lock_for_recording(conn)  # no month closes while the date is checked
        found = conn.execute(
            "select id from plaintiffs where id = %s for update", (plaintiff_id,)
        ).fetchone()
        if found is None:
            raise NotFound(f"No client (plaintiff) with id {plaintiff_id}.")
        _refuse_a_closed_or_split_date(conn, plaintiff_id, effective_on)
        new_id = conn.execute(
            "insert into client_agreements (plaintiff_id, effective_on, fee_percent, band_basis,"
            " fee_bands, cost_handling, remittance, cadence, created_by)"
            " values (%s, %s, %s, %s, %s::jsonb, %s, %s, %s, %s) returning id",
            (
                plaintiff_id,
                effective_on,
                terms.fee_percent,
                terms.band_basis,
                _bands_to_json(terms.bands),
                terms.cost_handling,
                terms.remittance,
                terms.cadence,
                actor,
            ),
        ).fetchone()
        assert new_id is not None
        agreement = next(a for a in list_agreements(conn, plaintiff_id) if a.id == new_id[0])
        record_audit(
            conn,
            actor=actor,
            action="client_agreement.set",
            entity="plaintiff",
            entity_id=plaintiff_id,
            after={
                "agreement_id": agreement.id,
                "effective_on": effective_on,
                "fee_percent": terms.fee_percent,
                "band_basis": terms.band_basis,
                "fee_bands": agreement.fee_bands,
                "cost_handling": terms.cost_handling,
                "remittance": terms.remittance,
                "cadence": terms.cadence,
            },
        )
    return agreement
