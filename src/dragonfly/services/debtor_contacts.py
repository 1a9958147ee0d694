"""Where to reach a debtor: addresses and phones recorded, corrected and retired by people.

The same pattern as the asset facts (services/debtor_facts.py): every write is audited and
revalues every judgment against the debtor at once. A recorded address counts for the score's
locatability when the debtor's own record has no address (valuation/sql/judgment_inputs.sql).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

import psycopg
from psycopg.rows import class_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.contacts import checked_address, normalise_us_phone
from dragonfly.domain.vocabulary import ContactKind
from dragonfly.errors import Conflict, InputError, NotFound
from dragonfly.services.audit import record_audit
from dragonfly.services.debtor_facts import SOURCES, lock_debtor, revalue_debtor


@dataclass(frozen=True)
class DebtorContact:
    id: int
    debtor_id: int
    kind: ContactKind
    value: str
    street: str | None
    city: str | None
    state: str | None
    zip: str | None
    source: str
    learned_on: date
    recorded_by: str | None
    created_at: datetime
    replaces_id: int | None
    retired_on: date | None
    retired_by: str | None
    retired_reason: str | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ContactKind(self.kind))


@dataclass(frozen=True)
class NewContact:
    kind: ContactKind
    address: str
    phone: str
    source: str
    learned_on: date


_COLUMNS = (
    "id, debtor_id, kind::text as kind, value, street, city, state, zip, source, learned_on,"
    " recorded_by, created_at, replaces_id, retired_on, retired_by, retired_reason"
)


def debtor_contacts(conn: psycopg.Connection, debtor_id: int) -> list[DebtorContact]:
    """The debtor's contact facts: live ones first, addresses before phones, newest first."""
    with conn.cursor(row_factory=class_row(DebtorContact)) as cur:
        return cur.execute(
            f"select {_COLUMNS} from debtor_contacts where debtor_id = %s"
            " order by retired_on is not null, kind, learned_on desc, id desc",
            (debtor_id,),
        ).fetchall()


def _checked(fact: NewContact, today: date) -> tuple[str, dict[str, str | None]]:
    """(value, address parts) of a valid fact; InputError naming the field otherwise."""
    if fact.source not in SOURCES:
        raise InputError.in_field("source", f"Source must be one of {', '.join(SOURCES)}.")
    if fact.learned_on > today:
        raise InputError.in_field("learned_on", "A fact is learned on or before today.")
    given, other = (
        ("address", "phone") if fact.kind is ContactKind.ADDRESS else ("phone", "address")
    )
    if getattr(fact, other).strip():
        raise InputError.in_field(
            other, f"A {given} fact has no {other}; record the {other} as a fact of its own."
        )
    try:
        if fact.kind is ContactKind.PHONE:
            return normalise_us_phone(fact.phone), {}
        address = checked_address(fact.address)
    except ValueError as problem:
        raise InputError.in_field(given, str(problem)) from None
    parts = {"street": address.street, "city": address.city, "state": address.state}
    return address.text, {**parts, "zip": address.zip}


def _insert(
    conn: psycopg.Connection,
    debtor_id: int,
    fact: NewContact,
    value: str,
    parts: dict[str, str | None],
    actor: str,
    replaces_id: int | None = None,
) -> DebtorContact:
    row = conn.execute(
        "insert into debtor_contacts (debtor_id, kind, value, street, city, state, zip, source,"
        " learned_on, recorded_by, replaces_id)"
        " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) returning id",
        (
            debtor_id,
            fact.kind.value,
            value,
            parts.get("street"),
            parts.get("city"),
            parts.get("state"),
            parts.get("zip"),
            fact.source,
            fact.learned_on,
            actor,
            replaces_id,
        ),
    ).fetchone()
    assert row is not None
    return _contact(conn, int(row[0]))


def add_debtor_contact(
    conn: psycopg.Connection, debtor_id: int, fact: NewContact, *, actor: str
) -> DebtorContact:
    """Record an address or a phone; the debtor's judgments are revalued at once."""
    from dragonfly.valuation.values_lock import lock_values_for_writing

    value, parts = _checked(fact, today_in_new_york())
    with conn.transaction():
        lock_values_for_writing(conn)
        lock_debtor(conn, debtor_id)
        contact = _insert(conn, debtor_id, fact, value, parts, actor)
        revalue_debtor(conn, debtor_id)
        record_audit(
            conn,
            actor=actor,
            action="debtor.contact_add",
            entity="debtor",
            entity_id=debtor_id,
            after=_audited(contact),
        )
    return contact


def correct_debtor_contact(
    conn: psycopg.Connection,
    debtor_id: int,
    contact_id: int,
    fact: NewContact,
    *,
    reason: str,
    actor: str,
) -> DebtorContact:
    """Replace a fact typed or learned wrong: the old one is retired with the reason, the new one
    names it; both stay on record. Returns the new fact."""
    from dragonfly.valuation.values_lock import lock_values_for_writing

    if not reason.strip():
        raise InputError.in_field("reason", "Say what was wrong (e.g. 'digits swapped').")
    value, parts = _checked(fact, today_in_new_york())
    with conn.transaction():
        lock_values_for_writing(conn)
        lock_debtor(conn, debtor_id)
        before = _live_contact(conn, debtor_id, contact_id)
        if fact.kind is not before.kind:
            raise InputError.in_field(
                "kind", f"Contact {contact_id} is a {before.kind}; a correction keeps the kind."
            )
        _retire(conn, contact_id, f"corrected: {reason.strip()}", actor)
        after = _insert(conn, debtor_id, fact, value, parts, actor, replaces_id=contact_id)
        revalue_debtor(conn, debtor_id)
        record_audit(
            conn,
            actor=actor,
            action="debtor.contact_correct",
            entity="debtor",
            entity_id=debtor_id,
            before=_audited(before),
            after={**_audited(after), "reason": reason.strip()},
        )
    return after


def retire_debtor_contact(
    conn: psycopg.Connection, debtor_id: int, contact_id: int, *, reason: str, actor: str
) -> DebtorContact:
    """Mark a contact no longer good (moved away, number disconnected); it stays on record."""
    from dragonfly.valuation.values_lock import lock_values_for_writing

    if not reason.strip():
        raise InputError.in_field("reason", "Say why it no longer holds (e.g. 'moved away').")
    with conn.transaction():
        lock_values_for_writing(conn)
        lock_debtor(conn, debtor_id)
        before = _live_contact(conn, debtor_id, contact_id)
        _retire(conn, contact_id, reason.strip(), actor)
        after = _contact(conn, contact_id)
        revalue_debtor(conn, debtor_id)
        record_audit(
            conn,
            actor=actor,
            action="debtor.contact_retire",
            entity="debtor",
            entity_id=debtor_id,
            before=_audited(before),
            after=_audited(after),
        )
    return after


def _live_contact(conn: psycopg.Connection, debtor_id: int, contact_id: int) -> DebtorContact:
    found = _contact(conn, contact_id)
    if found.debtor_id != debtor_id:
        raise NotFound(f"Debtor {debtor_id} has no contact {contact_id}.")
    if found.retired_on is not None:
        raise Conflict(f"Contact {contact_id} was already retired on {found.retired_on}.")
    return found


def _retire(conn: psycopg.Connection, contact_id: int, reason: str, actor: str) -> None:
    conn.execute(
        "update debtor_contacts set retired_on = %s, retired_by = %s, retired_reason = %s"
        " where id = %s",
        (today_in_new_york(), actor, reason, contact_id),
    )


def _contact(conn: psycopg.Connection, contact_id: int) -> DebtorContact:
    with conn.cursor(row_factory=class_row(DebtorContact)) as cur:
        found = cur.execute(f"select {_COLUMNS} from debtor_contacts where id = %s", (contact_id,))
        contact = found.fetchone()
    if contact is None:
        raise NotFound(f"No contact with id {contact_id}.")
    return contact


def _audited(contact: DebtorContact) -> dict[str, object]:
    return {k: v for k, v in asdict(contact).items() if k not in ("created_at", "debtor_id")}
