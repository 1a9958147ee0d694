"""Importing the good rows of a refused upload anyway: an ops or admin user states a reason and
the kept copy of the file is queued again, this time to import its good rows."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from dragonfly.domain.vocabulary import ImportStatus
from dragonfly.errors import Conflict
from dragonfly.ingest.batches import completed_batch_for, get_batch
from dragonfly.ingest.pipeline import accept_reason


@dataclass(frozen=True)
class Reopened:
    upload_id: int
    filename: str
    reason: str


def reopen_refused_upload(
    conn: psycopg.Connection, batch_id: int, reason: str | None, actor: str
) -> Reopened:
    """A new upload of refused batch `batch_id`'s file, to import its good rows for `reason`.

    The refused upload's bytes move to the new one, so a second request for the same refusal
    (a double click, a second user) finds nothing left to import and is told so.
    """
    text = accept_reason(reason)
    batch = get_batch(conn, batch_id)
    if batch.status is not ImportStatus.REFUSED:
        raise Conflict(
            f"Batch {batch_id} ({batch.filename}) was not refused (it is {batch.status}), so "
            "there are no held-back rows to import."
        )
    done = completed_batch_for(conn, batch.sha256)
    if done is not None:
        raise Conflict(
            f"{batch.filename} was already imported as batch {done.id}; nothing more to import."
        )
    with conn.transaction():
        row = conn.execute(
            "select id, filename, source, content, interest_regime from import_uploads"
            " where batch_id = %s and content is not null order by id desc limit 1 for update",
            (batch_id,),
        ).fetchone()
        if row is None:
            raise Conflict(
                f"The server holds no copy of {batch.filename} (batch {batch_id}): it was imported "
                "from the command line, or its good rows are already being imported. Upload the "
                'file again, or run `dragonfly import FILE --accept-rejects --reason "..."`.'
            )
        new = conn.execute(
            "insert into import_uploads"
            " (filename, source, content, created_by, accept_reason, interest_regime)"
            " values (%s, %s, %s, %s, %s, %s) returning id",
            (row[1], batch.source or row[2], row[3], actor, text, row[4]),
        ).fetchone()
        assert new is not None
        conn.execute("update import_uploads set content = null where id = %s", (row[0],))
    return Reopened(int(new[0]), str(row[1]), text)


def holds_refused_file(conn: psycopg.Connection, batch_id: int) -> bool:
    """Whether the server still holds the refused file of `batch_id` (uploaded, not yet re-run)."""
    row = conn.execute(
        "select exists (select 1 from import_uploads where batch_id = %s and content is not null)",
        (batch_id,),
    ).fetchone()
    return bool(row and row[0])
