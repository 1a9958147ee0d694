"""Enforcement actions: create, move through the state machine (audited), list what is due."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import psycopg
from psycopg import sql
from psycopg.rows import class_row

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.action_guards import (
    same_garnishee,
    why_no_action_can_start,
    why_step_date_is_wrong,
    why_step_dates_disagree,
)
from dragonfly.domain.actions import CLOSED, allowed_transitions, transition
from dragonfly.domain.deadlines import Deadline, open_action_deadlines
from dragonfly.domain.vocabulary import ActionKind, ActionState, JudgmentStatus
from dragonfly.errors import Conflict, InputError, NotFound
from dragonfly.services.audit import record_audit


@dataclass(frozen=True)
class Transition:
    """One line of an action's history (a row of action_transitions)."""

    action_id: int
    from_state: ActionState | None
    to_state: ActionState
    actor: str
    at: datetime
    note: str

    def __post_init__(self) -> None:
        if self.from_state is not None:
            object.__setattr__(self, "from_state", ActionState(self.from_state))
        object.__setattr__(self, "to_state", ActionState(self.to_state))


@dataclass(frozen=True, kw_only=True)
class Action:
    """An enforcement action, with the moves it allows and its history."""

    id: int
    judgment_id: int
    kind: ActionKind
    state: ActionState
    third_party: str | None
    notes: str
    created_on: date
    issued_on: date | None
    served_on: date | None
    due_on: date | None
    returned_on: date | None
    leave_of_court: str | None
    allowed_transitions: tuple[ActionState, ...] = ()
    history: tuple[Transition, ...] = ()

    def __post_init__(self) -> None:
        # Rows carry the enum labels as text; hold them as the vocabulary's members.
        object.__setattr__(self, "kind", ActionKind(self.kind))
        object.__setattr__(self, "state", ActionState(self.state))


@dataclass(frozen=True, kw_only=True)
class DueAction(Action):
    """An action in the "what is due" list: with its judgment's index number and days left."""

    index_number: str
    days_left: int | None = None


AnyAction = TypeVar("AnyAction", bound=Action)

# Qualified by the alias `a`, so the same list serves the join with judgments.
ACTION_COLUMNS = (
    "a.id, a.judgment_id, a.kind::text as kind, a.state::text as state, a.third_party, a.notes,"
    " a.created_on, a.issued_on, a.served_on, a.due_on, a.returned_on, a.leave_of_court"
)
# Which date a move stamps on the action.
STAMPS: dict[ActionState, str] = {
    ActionState.ISSUED: "issued_on",
    ActionState.SERVED: "served_on",
    ActionState.COMPLETED: "returned_on",
    ActionState.FAILED: "returned_on",
    ActionState.EXPIRED: "returned_on",
    ActionState.CANCELLED: "returned_on",
}


def _history(conn: psycopg.Connection, action_ids: list[int]) -> dict[int, list[Transition]]:
    found: dict[int, list[Transition]] = {i: [] for i in action_ids}
    with conn.cursor(row_factory=class_row(Transition)) as cur:
        rows = cur.execute(
            "select action_id, from_state::text as from_state, to_state::text as to_state,"
            " actor, at, note from action_transitions where action_id = any(%s) order by at, id",
            (action_ids,),
        ).fetchall()
    for row in rows:
        found[row.action_id].append(row)
    return found


def _present(conn: psycopg.Connection, actions: list[AnyAction]) -> list[AnyAction]:
    history = _history(conn, [a.id for a in actions])
    return [
        replace(
            action,
            allowed_transitions=tuple(allowed_transitions(action.state, action.kind)),
            history=tuple(history[action.id]),
        )
        for action in actions
    ]


def actions_for_judgment(conn: psycopg.Connection, judgment_id: int) -> list[Action]:
    with conn.cursor(row_factory=class_row(Action)) as cur:
        rows = cur.execute(
            f"select {ACTION_COLUMNS} from enforcement_actions a where a.judgment_id = %s"
            " order by a.id",
            (judgment_id,),
        ).fetchall()
    return _present(conn, rows)


def get_action(conn: psycopg.Connection, action_id: int) -> Action:
    with conn.cursor(row_factory=class_row(Action)) as cur:
        row = cur.execute(
            f"select {ACTION_COLUMNS} from enforcement_actions a where a.id = %s", (action_id,)
        ).fetchone()
    if row is None:
        raise NotFound(f"No enforcement action with id {action_id}.")
    return _present(conn, [row])[0]


def create_action(
    conn: psycopg.Connection,
    judgment_id: int,
    kind: ActionKind,
    *,
    third_party: str | None,
    notes: str,
    actor: str,
    leave_of_court: str | None = None,
) -> Action:
    """A new draft action on a judgment, with its first history line; refused (Conflict) when
    the judgment cannot be enforced or the CPLR forbids this action now."""
    with conn.transaction():
        judgment = conn.execute(
            "select j.index_number, j.status::text, j.debtor_id, v.balance from judgments j"
            " left join judgment_values v on v.judgment_id = j.id where j.id = %s for update of j",
            (judgment_id,),
        ).fetchone()
        if not judgment:
            raise NotFound(f"No judgment with id {judgment_id}.")
        index_number, status, debtor_id, balance = judgment
        refusal = why_no_action_can_start(index_number, JudgmentStatus(status), balance)
        if refusal:
            raise Conflict(refusal)
        if kind is ActionKind.INCOME_EXECUTION and debtor_id is not None:
            _refuse_a_second_income_execution(conn, debtor_id)
        if kind is ActionKind.RESTRAINING_NOTICE and not (leave_of_court or "").strip():
            _refuse_a_second_restraint(conn, judgment_id, third_party)
        row = conn.execute(
            "insert into enforcement_actions (judgment_id, kind, third_party, notes, created_by,"
            " created_on, leave_of_court) values (%s, %s, %s, %s, %s, %s, %s) returning id",
            (
                judgment_id,
                kind.value,
                third_party,
                notes,
                actor,
                today_in_new_york(),
                (leave_of_court or "").strip() or None,
            ),
        ).fetchone()
        assert row is not None
        action_id = int(row[0])
        conn.execute(
            "insert into action_transitions (action_id, from_state, to_state, actor, note)"
            " values (%s, null, %s, %s, 'created')",
            (action_id, ActionState.DRAFT, actor),
        )
        _touch_judgment(conn, judgment_id)
        action = get_action(conn, action_id)
        record_audit(
            conn,
            actor=actor,
            action="action.create",
            entity="judgment",
            entity_id=judgment_id,
            after=_audit_view(action),
        )
    return action


def _refuse_a_second_income_execution(conn: psycopg.Connection, debtor_id: int) -> None:
    """CPLR 5231: one income execution withholds from a debtor at a time."""
    conn.execute("select 1 from debtors where id = %s for update", (debtor_id,))
    open_one = conn.execute(
        "select a.id, j.index_number from enforcement_actions a"
        " join judgments j on j.id = a.judgment_id"
        " where j.debtor_id = %s and a.kind = %s and a.state <> all(%s::action_state[])"
        " order by a.id limit 1",
        (debtor_id, ActionKind.INCOME_EXECUTION, sorted(CLOSED)),
    ).fetchone()
    if open_one:
        raise Conflict(
            f"This debtor already has an open income execution (action {open_one[0]} on "
            f"judgment {open_one[1]}); only one may withhold at a time (CPLR 5231). "
            "Close that one first."
        )


def _refuse_a_second_restraint(
    conn: psycopg.Connection, judgment_id: int, third_party: str | None, *, other_than: int = 0
) -> None:
    """CPLR 5222(c): a second restraining notice to the same person needs leave of court. Any
    other notice to that person counts, served or on its way; one cancelled or failed before
    it was served does not."""
    others = conn.execute(
        "select id, third_party, served_on from enforcement_actions where judgment_id = %s"
        " and kind = %s and id <> %s"
        " and (served_on is not null or state <> all(%s::action_state[])) order by id",
        (
            judgment_id,
            ActionKind.RESTRAINING_NOTICE,
            other_than,
            [ActionState.CANCELLED, ActionState.FAILED],
        ),
    ).fetchall()
    for action_id, earlier_party, served_on in others:
        if same_garnishee(earlier_party, third_party):
            whom = earlier_party or "the debtor"
            when = f"served {served_on:%Y-%m-%d}" if served_on else "not yet served"
            raise Conflict(
                f"This judgment already has a restraining notice to {whom} (action {action_id}, "
                f"{when}); another needs leave of court (CPLR 5222(c)). Record the order under "
                "'Leave of court' to go ahead."
            )


def move_action(
    conn: psycopg.Connection,
    action_id: int,
    target: ActionState,
    *,
    on: date | None,
    note: str,
    actor: str,
) -> Action:
    """Validate the move (InvalidTransition otherwise), stamp its date, recompute due_on."""
    with conn.transaction():
        locked = conn.execute(
            "select id from enforcement_actions where id = %s for update", (action_id,)
        ).fetchone()
        if not locked:
            raise NotFound(f"No enforcement action with id {action_id}.")
        before = get_action(conn, action_id)
        kind, state = before.kind, before.state
        new_state = transition(action_id, kind, state, target)
        if (
            kind is ActionKind.RESTRAINING_NOTICE
            and new_state is ActionState.SERVED
            and not before.leave_of_court
        ):
            _refuse_a_second_restraint(
                conn, before.judgment_id, before.third_party, other_than=action_id
            )
        if on is not None:
            _refuse_a_wrong_step_date(conn, before.judgment_id, on)
        dates = {k: getattr(before, k) for k in ("issued_on", "served_on", "returned_on")}
        if new_state in STAMPS:
            dates[STAMPS[new_state]] = on or today_in_new_york()
            disagree = why_step_dates_disagree(dates)
            if disagree:
                raise InputError.in_field("on", disagree)
        deadlines = open_action_deadlines(
            kind, new_state, dates["issued_on"], dates["served_on"], rules_in_force(),
            third_party=before.third_party,
        )  # fmt: skip
        conn.execute(
            "update enforcement_actions set state = %s, issued_on = %s, served_on = %s,"
            " returned_on = %s, due_on = %s, updated_at = now() where id = %s",
            (
                new_state.value,
                dates["issued_on"],
                dates["served_on"],
                dates["returned_on"],
                min((d.due_on for d in deadlines), default=None),
                action_id,
            ),
        )
        _store_deadlines(conn, action_id, deadlines)
        conn.execute(
            "insert into action_transitions (action_id, from_state, to_state, actor, note)"
            " values (%s, %s, %s, %s, %s)",
            (action_id, state.value, new_state.value, actor, note),
        )
        _touch_judgment(conn, before.judgment_id)
        after = get_action(conn, action_id)
        record_audit(
            conn,
            actor=actor,
            action="action.transition",
            entity="judgment",
            entity_id=before.judgment_id,
            before=_audit_view(before),
            after=_audit_view(after),
        )
    return after


def _refuse_a_wrong_step_date(conn: psycopg.Connection, judgment_id: int, on: date) -> None:
    row = conn.execute("select entry_date from judgments where id = %s", (judgment_id,)).fetchone()
    assert row is not None
    problem = why_step_date_is_wrong(on, row[0], today_in_new_york())
    if problem:
        raise InputError.in_field("on", problem)


def _store_deadlines(conn: psycopg.Connection, action_id: int, deadlines: list[Deadline]) -> None:
    """Replace the action's stored deadlines (action_deadlines: what the desk reads)."""
    conn.execute("delete from action_deadlines where action_id = %s", (action_id,))
    if deadlines:
        with conn.cursor() as cur:
            cur.executemany(
                "insert into action_deadlines (action_id, name, due_on) values (%s, %s, %s)",
                [(action_id, d.name, d.due_on) for d in deadlines],
            )


def refresh_action_deadlines(conn: psycopg.Connection) -> int:
    """Compute every open action's deadlines again from its recorded steps and the rules in
    force (after a rule change, or the upgrade that added a kind); how many actions carry any."""
    rules = rules_in_force()
    closed = sorted(CLOSED)
    rows = conn.execute(
        "select id, kind::text, state::text, issued_on, served_on, third_party"
        " from enforcement_actions where state <> all(%s::action_state[]) for update",
        (closed,),
    ).fetchall()
    carrying = 0
    for action_id, kind, state, issued_on, served_on, third_party in rows:
        deadlines = open_action_deadlines(
            ActionKind(kind), ActionState(state), issued_on, served_on, rules,
            third_party=third_party,
        )  # fmt: skip
        conn.execute(
            "update enforcement_actions set due_on = %s where id = %s",
            (min((d.due_on for d in deadlines), default=None), action_id),
        )
        _store_deadlines(conn, action_id, deadlines)
        carrying += bool(deadlines)
    return carrying


def _touch_judgment(conn: psycopg.Connection, judgment_id: int) -> None:
    conn.execute("update judgments set last_action_at = now() where id = %s", (judgment_id,))


def _audit_view(action: Action) -> dict[str, Any]:
    keys = (
        "id", "kind", "state", "third_party", "issued_on", "served_on", "due_on", "returned_on",
        "leave_of_court",
    )  # fmt: skip
    return {k: getattr(action, k) for k in keys}


DUE_FILTERS: dict[str, str] = {
    "overdue": "a.due_on < %(today)s",
    "next_7_days": "a.due_on between %(today)s and %(week)s",
}


def list_actions(
    conn: psycopg.Connection,
    state: ActionState | None,
    due: str | None,
    page: int,
    page_size: int,
) -> tuple[list[DueAction], int]:
    """Actions (newest first), or open ones due soon / overdue (soonest first)."""
    today = today_in_new_york()
    params: dict[str, Any] = {
        "today": today,
        "week": today + timedelta(days=7),
        "state": state,
        "closed": sorted(CLOSED),
        "limit": page_size,
        "offset": (page - 1) * page_size,
    }
    parts = [sql.SQL("true")]
    if state:
        parts.append(sql.SQL("a.state = %(state)s::action_state"))
    if due:
        parts.append(sql.SQL("a.state <> all(%(closed)s::action_state[])"))
        parts.append(sql.SQL(DUE_FILTERS[due]))
    where = sql.SQL(" and ").join(parts)
    order = sql.SQL("a.due_on, a.id" if due else "a.id desc")
    with conn.cursor(row_factory=class_row(DueAction)) as cur:
        rows = cur.execute(
            sql.SQL(
                "select {cols}, j.index_number from enforcement_actions a"
                " join judgments j on j.id = a.judgment_id where {where} order by {order}"
                " limit %(limit)s offset %(offset)s"
            ).format(cols=sql.SQL(ACTION_COLUMNS), where=where, order=order),
            params,
        ).fetchall()
    total_row = conn.execute(
        sql.SQL("select count(*) from enforcement_actions a where {where}").format(where=where),
        params,
    ).fetchone()
    items = [
        replace(item, days_left=(item.due_on - today).days if item.due_on else None)
        for item in _present(conn, rows)
    ]
    return items, int(total_row[0]) if total_row else 0
