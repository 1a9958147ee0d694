"""A person confirms that a paper was served or mailed, on a day: only that moves its action.

Making a paper changes no action's state (the paper may never leave the office). The confirmation
is kept once per paper, audited, and takes the paper's action through the state machine with the
enforcement service's own checks: a draft action is first issued on the day the paper was made,
then served on the day confirmed; an action already served, or closed, refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import psycopg
from psycopg.rows import class_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.action_guards import why_step_date_is_wrong
from dragonfly.domain.vocabulary import ActionState
from dragonfly.errors import Conflict, InputError
from dragonfly.papers.documents import PaperDocument, get_document
from dragonfly.services.audit import record_audit
from dragonfly.services.enforcement import get_action, move_action


class ServiceWay(StrEnum):
    SERVED = "served"
    MAILED = "mailed"


@dataclass(frozen=True)
class Confirmation:
    id: int
    document_id: int
    how: ServiceWay
    done_on: date
    action_id: int | None
    created_by: str
    created_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "how", ServiceWay(self.how))


_COLUMNS = "id, document_id, how, done_on, action_id, created_by, created_at"


def confirmation_of(conn: psycopg.Connection, document_id: int) -> Confirmation | None:
    with conn.cursor(row_factory=class_row(Confirmation)) as cur:
        return cur.execute(
            f"select {_COLUMNS} from paper_service_confirmations where document_id = %s",
            (document_id,),
        ).fetchone()


def confirmations_for(conn: psycopg.Connection, document_ids: list[int]) -> dict[int, Confirmation]:
    with conn.cursor(row_factory=class_row(Confirmation)) as cur:
        rows = cur.execute(
            f"select {_COLUMNS} from paper_service_confirmations where document_id = any(%s)",
            (document_ids,),
        ).fetchall()
    return {row.document_id: row for row in rows}


def _why_the_day_is_wrong(document: PaperDocument, entry_date: date, on: date) -> str | None:
    problem = why_step_date_is_wrong(on, entry_date, today_in_new_york())
    if problem is None and on < document.as_of:
        problem = (
            f"The date {on:%Y-%m-%d} is before the paper was made ({document.as_of:%Y-%m-%d}); "
            "a paper is served or mailed after it is made."
        )
    return problem


def _move_its_action(
    conn: psycopg.Connection, document: PaperDocument, how: ServiceWay, on: date, actor: str
) -> None:
    assert document.action_id is not None
    action = get_action(conn, document.action_id)
    paper = f"paper {document.id}, {document.kind.value.replace('_', ' ')} v{document.version}"
    if action.state is ActionState.DRAFT:
        move_action(
            conn,
            action.id,
            ActionState.ISSUED,
            on=document.as_of,
            note=f"Issued: {paper} made {document.as_of:%Y-%m-%d}.",
            actor=actor,
        )
    elif action.state is not ActionState.ISSUED:
        raise Conflict(
            f"This paper's action (action {action.id}) is already {action.state.value}, so "
            f"confirming that the paper was {how.value} would not move it. Record what happened "
            "on the action itself."
        )
    move_action(
        conn,
        action.id,
        ActionState.SERVED,
        on=on,
        note=f"{how.value.capitalize()} on {on:%Y-%m-%d}: {paper}.",
        actor=actor,
    )


def confirm_served(
    conn: psycopg.Connection, document_id: int, how: ServiceWay, on: date, *, actor: str
) -> Confirmation:
    """Record that the paper was served or mailed on `on` and move its action to served (audited).

    Refused (nothing written) for a day in the future, before the paper was made or before the
    judgment was entered, for a paper confirmed already, or when its action cannot be served now.
    """
    with conn.transaction():
        document = get_document(conn, document_id)
        entry = conn.execute(
            "select entry_date from judgments where id = %s for update",
            (document.judgment_id,),
        ).fetchone()
        assert entry is not None
        problem = _why_the_day_is_wrong(document, entry[0], on)
        if problem:
            raise InputError.in_field("on", problem)
        earlier = confirmation_of(conn, document_id)
        if earlier is not None:
            raise Conflict(
                f"Paper {document_id} was already confirmed {earlier.how.value} on "
                f"{earlier.done_on:%Y-%m-%d} by {earlier.created_by}; a confirmation is not "
                "changed."
            )
        if document.action_id is not None:
            _move_its_action(conn, document, how, on, actor)
        row = conn.execute(
            "insert into paper_service_confirmations (document_id, how, done_on, action_id,"
            " created_by) values (%s, %s, %s, %s, %s) returning id",
            (document_id, how.value, on, document.action_id, actor),
        ).fetchone()
        assert row is not None
        record_audit(
            conn,
            actor=actor,
            action="paper.served",
            entity="judgment",
            entity_id=document.judgment_id,
            after={
                "document_id": document_id,
                "kind": document.kind.value,
                "version": document.version,
                "how": how.value,
                "on": on,
                "action_id": document.action_id,
            },
        )
    found = confirmation_of(conn, document_id)
    assert found is not None
    return found
