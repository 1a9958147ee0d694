"""make_paper: check the facts, fill the template, compile, and record the paper with its audit."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from pypdf import PdfReader

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.actions import CLOSED
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import ActionKind, JudgmentStatus, PaperKind
from dragonfly.papers.documents import PaperDocument, store_document
from dragonfly.papers.facts import (
    JudgmentRow,
    PaperRefused,
    balance_due,
    common_facts,
    employer_of,
    load_judgment,
    refuse_missing,
    refuse_unless_enforceable,
    spelled,
)
from dragonfly.papers.profile import firm_profile
from dragonfly.papers.render import compile_paper
from dragonfly.services.audit import record_audit
from dragonfly.services.enforcement import actions_for_judgment, create_action


@dataclass(frozen=True)
class Prepared:
    data: dict[str, Any]
    action_id: int | None


Builder = Callable[[psycopg.Connection, JudgmentRow, dict[str, Any], Rules, date, str], Prepared]


def _satisfaction_piece(
    conn: psycopg.Connection,
    j: JudgmentRow,
    data: dict[str, Any],
    rules: Rules,
    as_of: date,
    actor: str,
) -> Prepared:
    if j.status is not JudgmentStatus.SATISFIED:
        raise PaperRefused(
            f"Judgment {j.index_number} is {j.status.value.replace('_', ' ')}: a satisfaction "
            "piece is made once the judgment is recorded as satisfied."
        )
    data["satisfied_on"] = spelled(j.status_on) if j.status_on else ""
    data["file_within_days"] = rules.whole("satisfaction_piece_days")
    return Prepared(data, None)


def _income_execution(
    conn: psycopg.Connection,
    j: JudgmentRow,
    data: dict[str, Any],
    rules: Rules,
    as_of: date,
    actor: str,
) -> Prepared:
    refuse_unless_enforceable(j, rules, as_of)
    if data["debtor"]["kind"] == "business":
        raise PaperRefused(
            f"The debtor on judgment {j.index_number} is a business: an income execution reaches "
            "a natural person's wages or other income."
        )
    employer = employer_of(conn, j.debtor_id)
    missing = []
    if not data["debtor"]["address_lines"]:
        missing.append("the debtor's last known address")
    if employer is None:
        missing.append("an employer or payor with a name and address (add it to Debtor facts)")
    refuse_missing(missing, j)
    if balance_due(data) <= 0:
        raise PaperRefused(f"Judgment {j.index_number} has nothing left to collect.")
    assert employer is not None
    data["employer"] = employer
    data["employer_after_days"] = rules.whole("income_execution_employer_after_days")
    action = _open_action(conn, j, ActionKind.INCOME_EXECUTION, employer["name"], actor)
    return Prepared(data, action)


def _information_subpoena_debtor(
    conn: psycopg.Connection,
    j: JudgmentRow,
    data: dict[str, Any],
    rules: Rules,
    as_of: date,
    actor: str,
) -> Prepared:
    refuse_unless_enforceable(j, rules, as_of)
    if not data["debtor"]["address_lines"]:
        refuse_missing(["the debtor's address (where the subpoena is mailed)"], j)
    data["answer_days"] = rules.whole("information_subpoena_answer_days")
    action = _open_action(conn, j, ActionKind.INFORMATION_SUBPOENA, None, actor)
    return Prepared(data, action)


def _open_action(
    conn: psycopg.Connection, j: JudgmentRow, kind: ActionKind, party: str | None, actor: str
) -> int:
    """The judgment's open action of this kind (to the same party), or a new draft one."""
    for action in actions_for_judgment(conn, j.id):
        if action.kind is kind and action.state not in CLOSED and action.third_party == party:
            return action.id
    note = "Created when its paper was made."
    return create_action(conn, j.id, kind, third_party=party, notes=note, actor=actor).id


# Kind -> (template file, title on the paper, the check-and-fill step).
PAPERS: dict[PaperKind, tuple[str, str, Builder]] = {
    PaperKind.SATISFACTION_PIECE: (
        "satisfaction_piece.typ",
        "Satisfaction piece",
        _satisfaction_piece,
    ),
    PaperKind.INCOME_EXECUTION: ("income_execution.typ", "Income execution", _income_execution),
    PaperKind.INFORMATION_SUBPOENA_DEBTOR: (
        "information_subpoena_debtor.typ",
        "Information subpoena",
        _information_subpoena_debtor,
    ),
}


def make_paper(
    conn: psycopg.Connection,
    kind: PaperKind,
    judgment_id: int,
    *,
    actor: str,
    templates: Path | None = None,
    rules: Rules | None = None,
) -> PaperDocument:
    """Make one paper as of today and record it; PaperRefused, with nothing written, if not."""
    rules = rules or rules_in_force()
    as_of = today_in_new_york()
    template, title, build = PAPERS[kind]
    with conn.transaction():
        j = load_judgment(conn, judgment_id)
        profile = firm_profile(conn)
        refuse_missing([f"the firm profile's {m}" for m in profile.missing()], j)
        data = common_facts(conn, j, profile, rules, as_of)
        data["title"] = title
        prepared = build(conn, j, data, rules, as_of, actor)
        compiled = compile_paper(template, prepared.data, override=templates)
        pages = len(PdfReader(io.BytesIO(compiled.pdf)).pages)
        document = store_document(
            conn,
            judgment_id=j.id,
            action_id=prepared.action_id,
            kind=kind,
            template_version=compiled.template_version,
            as_of=as_of,
            facts=prepared.data,
            pdf=compiled.pdf,
            pages=pages,
            actor=actor,
        )
        record_audit(
            conn,
            actor=actor,
            action="paper.make",
            entity="judgment",
            entity_id=j.id,
            after={
                "document_id": document.id,
                "kind": kind.value,
                "version": document.version,
                "as_of": as_of,
                "amount_due": balance_due(prepared.data),
                "action_id": prepared.action_id,
                "sha256": document.sha256,
                "template_version": document.template_version,
            },
        )
    return document
