"""The firm's profile: who signs the papers and where the debtor and banks write back.

One row in firm_profile, edited by admins through the API; every replica reads the same row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

from dragonfly.services.audit import record_audit

# Field -> how a refusal names it.
REQUIRED = {
    "firm_name": "firm name",
    "attorney_name": "attorney",
    "street": "street address",
    "city": "city",
    "state": "state",
    "zip": "ZIP code",
    "phone": "phone",
}
EDITABLE = (*REQUIRED, "email", "signature_block")


@dataclass(frozen=True)
class FirmProfile:
    firm_name: str = ""
    attorney_name: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    phone: str = ""
    email: str = ""
    signature_block: str = ""
    updated_by: str | None = None
    updated_at: datetime | None = None

    def missing(self) -> list[str]:
        """What a paper needs from the profile and it lacks, in words."""
        return [label for name, label in REQUIRED.items() if not getattr(self, name).strip()]

    @property
    def address_lines(self) -> list[str]:
        return [self.street, f"{self.city}, {self.state} {self.zip}".strip(", ")]


_COLUMNS = ", ".join(f.name for f in fields(FirmProfile))


def firm_profile(conn: psycopg.Connection) -> FirmProfile:
    """The profile, or an empty one when nobody has filled it in yet."""
    with conn.cursor(row_factory=class_row(FirmProfile)) as cur:
        row = cur.execute(f"select {_COLUMNS} from firm_profile where id").fetchone()
    return row or FirmProfile()


def save_firm_profile(
    conn: psycopg.Connection, changes: dict[str, str], *, actor: str
) -> FirmProfile:
    """Set the given fields (others keep their value); audited with before and after."""
    unknown = set(changes) - set(EDITABLE)
    assert not unknown, f"not profile fields: {sorted(unknown)}"
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext('firm_profile'))")
        before = firm_profile(conn)
        values: dict[str, Any] = {n: getattr(before, n) for n in EDITABLE}
        values.update({k: v.strip() for k, v in changes.items()})
        names = ", ".join(EDITABLE)
        placeholders = ", ".join(f"%({n})s" for n in EDITABLE)
        updates = ", ".join(f"{n} = excluded.{n}" for n in EDITABLE)
        conn.execute(
            f"insert into firm_profile (id, {names}, updated_by) values (true, {placeholders},"
            f" %(actor)s) on conflict (id) do update set {updates},"
            " updated_by = excluded.updated_by, updated_at = now()",
            {**values, "actor": actor},
        )
        after = firm_profile(conn)
        record_audit(
            conn,
            actor=actor,
            action="firm_profile.update",
            entity="firm_profile",
            entity_id="firm",
            before=_audited(before),
            after=_audited(after),
        )
    return after


def _audited(profile: FirmProfile) -> dict[str, object]:
    return {k: v for k, v in asdict(profile).items() if k in EDITABLE}
