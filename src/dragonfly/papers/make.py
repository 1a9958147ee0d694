"""make_paper: check the facts, fill the template, compile, and record the paper with its audit."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from pypdf import PdfReader

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import ActionKind, JudgmentStatus, PaperKind
from dragonfly.papers.actions import open_action as _open_action
from dragonfly.papers.documents import PaperDocument, store_document
from dragonfly.papers.executions import property_execution
from dragonfly.papers.facts import (
    JudgmentRow,
    PaperRefused,
    balance_due,
    common_facts,
    employer_of,
    load_judgment,
    refuse_if_nothing_due,
    refuse_missing,
    refuse_unless_enforceable,
    refuse_without_debtor_address,
    spelled,
)
from dragonfly.papers.letters import demand_letter
from dragonfly.papers.prepared import Prepared
from dragonfly.papers.profile import firm_profile
from dragonfly.papers.render import compile_paper
from dragonfly.papers.restraints import (
    notice_to_judgment_debtor,
    restraining_notice_bank_packet,
    restraining_notice_debtor,
    restraining_notice_third_party,
)
from dragonfly.papers.statutory import refuse_without_prescribed_text
from dragonfly.papers.subpoenas import information_subpoena_third_party
from dragonfly.services.audit import record_audit

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
    refuse_if_nothing_due(data, j)
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
    refuse_without_debtor_address(data, j, "the debtor's address (where the subpoena is mailed)")
    data["answer_days"] = rules.whole("information_subpoena_answer_days")
    action = _open_action(conn, j, ActionKind.INFORMATION_SUBPOENA, None, actor)
    return Prepared(data, action)


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
    PaperKind.RESTRAINING_NOTICE_DEBTOR: (
        "restraining_notice_debtor.typ",
        "Restraining notice",
        restraining_notice_debtor,
    ),
    PaperKind.RESTRAINING_NOTICE_THIRD_PARTY: (
        "restraining_notice_third_party.typ",
        "Restraining notice",
        restraining_notice_third_party,
    ),
    PaperKind.RESTRAINING_NOTICE_BANK_PACKET: (
        "restraining_notice_bank_packet.typ",
        "Restraining notice",
        restraining_notice_bank_packet,
    ),
    PaperKind.NOTICE_TO_JUDGMENT_DEBTOR: (
        "notice_to_judgment_debtor.typ",
        "Notice to judgment debtor",
        notice_to_judgment_debtor,
    ),
    PaperKind.INFORMATION_SUBPOENA_THIRD_PARTY: (
        "information_subpoena_third_party.typ",
        "Information subpoena",
        information_subpoena_third_party,
    ),
    PaperKind.PROPERTY_EXECUTION: (
        "property_execution.typ",
        "Execution against property",
        property_execution,
    ),
    PaperKind.DEMAND_LETTER: ("demand_letter.typ", "Demand for payment", demand_letter),
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
        refuse_without_prescribed_text(template, list(prepared.prescribed), templates, j)
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
