"""The enforcement action a paper belongs to: the judgment's open one of its kind, or a new one."""

from __future__ import annotations

import psycopg

from dragonfly.domain.action_guards import same_garnishee
from dragonfly.domain.actions import CLOSED
from dragonfly.domain.vocabulary import ActionKind
from dragonfly.papers.facts import JudgmentRow
from dragonfly.services.enforcement import actions_for_judgment, create_action


def open_action(
    conn: psycopg.Connection, j: JudgmentRow, kind: ActionKind, party: str | None, actor: str
) -> int:
    """The judgment's open action of this kind (to the same party), or a new draft one."""
    for action in actions_for_judgment(conn, j.id):
        if action.kind is kind and action.state not in CLOSED and action.third_party == party:
            return action.id
    note = "Created when its paper was made."
    return create_action(conn, j.id, kind, third_party=party, notes=note, actor=actor).id


def open_restraint_on_third_party(conn: psycopg.Connection, j: JudgmentRow) -> int | None:
    """The newest open restraining notice to a third party, if any: the notice to judgment debtor
    follows it (CPLR 5222(d)), and its facts name it."""
    found = [
        a
        for a in actions_for_judgment(conn, j.id)
        if a.kind is ActionKind.RESTRAINING_NOTICE
        and a.state not in CLOSED
        and not same_garnishee(a.third_party, None)
    ]
    return max(found, key=lambda a: a.id).id if found else None
