"""Transcripts of judgment docketed with a county clerk (CPLR 5018(a)): judgment events that make
a lower court's judgment a lien on real property in that county, and from which the stored lien
dates run (CPLR 5203(a): ten years from docketing). One per county."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg
from psycopg.rows import class_row, dict_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.counties import COUNTY_NAMES, resolve_county
from dragonfly.domain.deadlines import lien_docketing, needs_transcript_for_lien
from dragonfly.errors import Conflict, InputError
from dragonfly.services.audit import record_audit
from dragonfly.services.judgments.dated_events import lock_judgment_for_dated_event


@dataclass(frozen=True)
class Transcript:
    """A transcript of the judgment docketed with the clerk of `county_code` on `docketed_on`."""

    id: int
    county_code: str
    docketed_on: date
    note: str
    created_by: str
    created_at: datetime

    @property
    def county_name(self) -> str:
        return COUNTY_NAMES.get(self.county_code, self.county_code)


COLUMNS = "id, county_code, docketed_on, note, created_by, created_at"


def transcripts_for_judgment(conn: psycopg.Connection, judgment_id: int) -> list[Transcript]:
    with conn.cursor(row_factory=class_row(Transcript)) as cur:
        return cur.execute(
            f"select {COLUMNS} from judgment_transcripts where judgment_id = %s"
            " order by docketed_on, id",
            (judgment_id,),
        ).fetchall()


def lien_standing(
    conn: psycopg.Connection,
    judgment_id: int,
    entry_date: date,
    court_code: str,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Where the judgment's lien dates count from: `docketed_on` (None: no lien yet), and for a
    lower court's judgment without a transcript, `reason` saying so."""
    transcripts = transcripts_for_judgment(conn, judgment_id)
    docketed = lien_docketing(
        entry_date,
        court_code,
        [t.docketed_on for t in transcripts],
        as_of or today_in_new_york(),
        rules_in_force(),
    )
    reason = None
    if docketed is None:
        reason = (
            "No lien on real property yet: a judgment of this court becomes a lien only once a "
            "transcript is docketed with a county clerk (CPLR 5018(a)). Docket a transcript in "
            "each county where the debtor has real property."
        )
    return {
        "docketed_on": docketed,
        "needs_transcript": needs_transcript_for_lien(court_code),
        "reason": reason,
        "transcripts": transcripts,
    }


def record_transcript(
    conn: psycopg.Connection,
    judgment_id: int,
    *,
    county: str,
    docketed_on: date,
    note: str,
    actor: str,
) -> Transcript:
    """Record one transcript docketing, audit it, and refresh the judgment's stored values (its
    lien dates may move), atomically. A second docketing in the same county is refused."""
    from dragonfly.valuation import refresh_judgments
    from dragonfly.valuation.values_lock import lock_values_for_writing

    county_code = resolve_county(county)
    if county_code is None:
        raise InputError.in_field(
            "county", f"county {county!r} is not a New York county; give its name, e.g. Kings."
        )
    with conn.transaction():
        lock_values_for_writing(conn)
        lock_judgment_for_dated_event(
            conn, judgment_id, "docketed_on", docketed_on,
            wait_for="record a transcript once the county clerk has docketed it",
        )  # fmt: skip
        existing = conn.execute(
            "select docketed_on from judgment_transcripts where judgment_id = %s"
            " and county_code = %s",
            (judgment_id, county_code),
        ).fetchone()
        if existing is not None:
            raise Conflict(
                f"A transcript of this judgment is already docketed in "
                f"{COUNTY_NAMES[county_code]} County (on {existing[0]}); one per county."
            )
        before = _lien(conn, judgment_id)
        with conn.cursor(row_factory=class_row(Transcript)) as cur:
            made = cur.execute(
                "insert into judgment_transcripts (judgment_id, county_code, docketed_on, note,"
                f" created_by) values (%s, %s, %s, %s, %s) returning {COLUMNS}",
                (judgment_id, county_code, docketed_on, note, actor),
            ).fetchone()
        assert made is not None
        refresh_judgments(conn, judgment_ids=[judgment_id])
        record_audit(
            conn,
            actor=actor,
            action="judgment.transcript",
            entity="judgment",
            entity_id=judgment_id,
            before=before,
            after={
                "transcript": {
                    "id": made.id,
                    "county": made.county_name,
                    "docketed_on": made.docketed_on,
                    "note": made.note,
                },
                **_lien(conn, judgment_id),
            },
        )
    return made


def _lien(conn: psycopg.Connection, judgment_id: int) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "select lien_docketed_on, lien_lapses_on from judgment_values where judgment_id = %s",
            (judgment_id,),
        ).fetchone()
    return row or {}
