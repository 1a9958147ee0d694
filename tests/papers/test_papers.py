"""Papers made from a judgment's facts: what the PDF says, how it is kept, when it is refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from dragonfly.core.clock import today_in_new_york
from dragonfly.domain.exemptions import WageRegion, exemption_figures
from dragonfly.domain.rules import load_rules
from dragonfly.domain.vocabulary import LedgerKind, PaperKind
from dragonfly.papers import document_pdf, list_documents, make_paper
from dragonfly.papers.facts import PaperRefused, money, spelled
from dragonfly.services.ledger import record_entry
from dragonfly.valuation import judgment_valuation
from papers.conftest import PROFILE, pdf_text, person_judgment

IE = PaperKind.INCOME_EXECUTION
SP = PaperKind.SATISFACTION_PIECE


def text_of(db: psycopg.Connection, document_id: int) -> str:
    return pdf_text(document_pdf(db, document_id)[1])


def counts(db: psycopg.Connection) -> tuple[int, int, int]:
    row = db.execute(
        "select (select count(*) from paper_documents), (select count(*) from enforcement_actions),"
        " (select count(*) from audit_events where action = 'paper.make')"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def test_income_execution_states_the_judgment_the_employer_and_the_limits(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, regime="consumer")
    document = make_paper(db, IE, judgment_id, actor="ops@example.com")
    text = text_of(db, document.id)
    due = judgment_valuation(db, judgment_id).balance.balance
    figures = exemption_figures(load_rules(), today_in_new_york(), WageRegion.UNKNOWN)
    for expected in (
        "Acme Funding",
        "Jordan P. Whitaker",
        "CIVIL COURT, KINGS COUNTY",
        "CV-004512-24/KI",
        "June 15, 2024",
        "Original amount of the judgment $10,345.00",
        f"Amount due as of {spelled(today_in_new_york())} {money(due)}",
        "Brightline Logistics Inc. — 300 Industrial Pkwy, Yonkers, NY 10701",
        "123 Main St, Brooklyn, NY 11201",
        f"disposable earnings are {money(figures.weekly_floor)} or less",
        f"disposable earnings exceed {money(figures.weekly_floor)};",
        "(interest to date",
        f"minimum hourly wage that may apply, {money(figures.minimum_wage)}",
        "no more than 10% of gross income",
        "after 20 days, CPLR 5231(e)",
        "Interest on it runs at 2% a year, applying from June 15, 2024",
        "L.2021 c.831",
        "SIGN HERE",
        PROFILE["signature_block"],
        PROFILE["firm_name"],
    ):
        assert expected in text, expected
    assert document.action_id is not None and document.pages >= 1
    kind, third_party = db.execute(
        "select kind::text, third_party from enforcement_actions where id = %s",
        (document.action_id,),
    ).fetchone()  # type: ignore[misc]
    assert (kind, third_party) == ("income_execution", "Brightline Logistics Inc.")


def test_a_standard_judgment_carries_no_consumer_rate_statement(
    db: psycopg.Connection, firm: None
) -> None:
    document = make_paper(db, IE, person_judgment(db), actor="ops@example.com")
    text = text_of(db, document.id)
    assert "Interest rate 9% a year" in text
    assert "consumer debt" not in text


def test_satisfaction_piece_after_full_payment(db: psycopg.Connection, firm: None) -> None:
    judgment_id = person_judgment(db, index_number="CV-000777-23/KI")
    owed = judgment_valuation(db, judgment_id).balance.balance
    db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, created_by)"
        " values (%s, 'payment', %s, %s, 'ops')",
        (judgment_id, owed, today_in_new_york()),
    )
    db.execute(
        "update judgments set status = 'satisfied', status_on = %s where id = %s",
        (today_in_new_york(), judgment_id),
    )
    document = make_paper(db, SP, judgment_id, actor="ops@example.com")
    text = text_of(db, document.id)
    for expected in (
        "SATISFACTION PIECE",
        "CV-000777-23/KI",
        "Acme Funding",
        "Jordan P. Whitaker",
        "June 15, 2024",
        "$10,345.00",
        f"$0.00 — the judgment is satisfied ({spelled(today_in_new_york())}). Paid: {money(owed)}",
        "has been paid in full",
        "within 20 days",
        "Real Property Law § 309-a(1)",
        "personally known to me or proved to me on the basis of satisfactory evidence",
        "SIGN HERE",
    ):
        assert expected in text, expected
    assert document.action_id is None


def test_a_new_paper_is_a_new_version_and_the_first_is_kept(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db)
    first = make_paper(db, IE, judgment_id, actor="ops@example.com")
    second = make_paper(db, IE, judgment_id, actor="admin@example.com")
    assert (first.version, second.version) == (1, 2)
    assert second.action_id == first.action_id  # the same open action carries both
    kept = {d.id: d for d in list_documents(db, judgment_id)}
    assert kept[first.id].sha256 == first.sha256 and kept[first.id].created_by == "ops@example.com"
    assert document_pdf(db, first.id)[1].startswith(b"%PDF")
    audit = db.execute(
        "select after->>'version' from audit_events where action = 'paper.make'"
        " and entity_id = %s order by id",
        (str(judgment_id),),
    ).fetchall()
    assert [r[0] for r in audit] == ["1", "2"]


def test_without_a_firm_profile_the_paper_is_refused_naming_what_is_missing(
    db: psycopg.Connection,
) -> None:
    judgment_id = person_judgment(db)
    with pytest.raises(PaperRefused) as refused:
        make_paper(db, IE, judgment_id, actor="ops@example.com")
    message = refused.value.message
    assert "the firm profile's firm name" in message and "attorney" in message
    assert counts(db) == (0, 0, 0)


def test_without_an_employer_the_income_execution_is_refused(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, employer=False)
    with pytest.raises(PaperRefused, match="an employer or payor with a name and address"):
        make_paper(db, IE, judgment_id, actor="ops@example.com")
    assert counts(db) == (0, 0, 0)


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("satisfied", "is satisfied"),
        ("vacated", "is vacated"),
        ("expired", "has expired"),
        ("on_hold", "is on hold"),
    ],
)
def test_a_judgment_that_cannot_be_enforced_gets_no_paper(
    db: psycopg.Connection, firm: None, status: str, words: str
) -> None:
    judgment_id = person_judgment(db, status=status)
    with pytest.raises(PaperRefused, match=words):
        make_paper(db, IE, judgment_id, actor="ops@example.com")
    assert counts(db) == (0, 0, 0)


def test_a_judgment_past_twenty_years_gets_no_paper(db: psycopg.Connection, firm: None) -> None:
    today = today_in_new_york()
    entered = today.replace(year=today.year - 21)
    judgment_id = person_judgment(db, entry_date=entered)
    with pytest.raises(PaperRefused, match=r"was enforceable until .* \(CPLR 211\(b\)\)"):
        make_paper(db, IE, judgment_id, actor="ops@example.com")
    assert counts(db) == (0, 0, 0)


def test_a_payment_within_the_twenty_years_keeps_an_old_judgment_enforceable(
    db: psycopg.Connection, firm: None
) -> None:
    today = today_in_new_york()
    entered = today.replace(year=today.year - 21)
    judgment_id = person_judgment(db, entry_date=entered)
    record_entry(
        db, judgment_id, kind=LedgerKind.PAYMENT, amount=Decimal("50.00"),
        effective_on=entered.replace(year=entered.year + 15), memo="", reverses_id=None,
        actor="ops@example.com",
    )  # fmt: skip
    made = make_paper(db, IE, judgment_id, actor="ops@example.com")
    assert made.judgment_id == judgment_id


def test_an_active_judgment_gets_no_satisfaction_piece(db: psycopg.Connection, firm: None) -> None:
    with pytest.raises(PaperRefused, match="once the judgment is recorded as satisfied"):
        make_paper(db, SP, person_judgment(db), actor="ops@example.com")
    assert counts(db) == (0, 0, 0)


def test_a_business_debtor_gets_no_income_execution(db: psycopg.Connection, firm: None) -> None:
    judgment_id = person_judgment(db)
    db.execute("update debtors set kind = 'business'")
    with pytest.raises(PaperRefused, match="is a business"):
        make_paper(db, IE, judgment_id, actor="ops@example.com")
    assert counts(db) == (0, 0, 0)


def test_a_firm_template_replaces_the_shipped_one(
    db: psycopg.Connection, firm: None, tmp_path: Path
) -> None:
    judgment_id = person_judgment(db)
    shipped = make_paper(db, IE, judgment_id, actor="ops@example.com")
    folder = tmp_path / "firm-templates"
    folder.mkdir()
    (folder / "income_execution.typ").write_text(
        '#import "common.typ": *\n#show: paper\n#caption()\n'
        "Firm wording for index #data.index_number, due #data.amounts.due.\n",
        encoding="utf-8",
    )
    firm_made = make_paper(db, IE, judgment_id, actor="ops@example.com", templates=folder)
    text = text_of(db, firm_made.id)
    assert "Firm wording for index CV-004512-24/KI" in text
    assert "Firm wording" not in text_of(db, shipped.id)
    assert firm_made.template_version != shipped.template_version


def test_the_app_role_cannot_change_or_delete_a_paper(
    app_db_url: str, db: psycopg.Connection, firm: None
) -> None:
    document = make_paper(db, IE, person_judgment(db), actor="ops@example.com")
    with psycopg.connect(app_db_url, autocommit=True) as app:
        for statement in (
            "update paper_documents set pdf = 'x'::bytea where id = %s",
            "delete from paper_documents where id = %s",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement, (document.id,))
    assert document_pdf(db, document.id)[0].sha256 == document.sha256


def test_information_subpoena_to_the_debtor_carries_questions_copy_and_return_address(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, regime="consumer", employer=False)
    document = make_paper(db, PaperKind.INFORMATION_SUBPOENA_DEBTOR, judgment_id, actor="ops")
    text = text_of(db, document.id)
    due = judgment_valuation(db, judgment_id).balance.balance
    for expected in (
        "INFORMATION SUBPOENA",
        "To: Jordan P. Whitaker, 123 Main St, Brooklyn, NY 11201",
        "CV-004512-24/KI",
        "June 15, 2024",
        "$10,345.00",
        money(due),
        "Interest on it runs at 2% a year",
        "within 7 days after you receive it (CPLR 5224(a)(3))",
        "WRITTEN QUESTIONS — ORIGINAL",
        "WRITTEN QUESTIONS — COPY",
        "RETURN ADDRESS",
        "Attn: Maria Reyes, Esq.",
        "40 Wall Street, Suite 2100",
    ):
        assert expected in text, expected
    # The attorney signs the subpoena; the debtor and a notary sign each set of answers.
    assert text.count("SIGN HERE") == 5
    kind, third_party = db.execute(
        "select kind::text, third_party from enforcement_actions where id = %s",
        (document.action_id,),
    ).fetchone()  # type: ignore[misc]
    assert (kind, third_party) == ("information_subpoena", None)


def test_an_information_subpoena_needs_the_debtors_address(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db)
    db.execute("update debtors set street = null, city = null, state = null, zip = null")
    with pytest.raises(PaperRefused, match="the debtor's address"):
        make_paper(db, PaperKind.INFORMATION_SUBPOENA_DEBTOR, judgment_id, actor="ops")
    assert counts(db) == (0, 0, 0)


def test_typst_markup_in_the_facts_is_printed_as_written(db: psycopg.Connection) -> None:
    from dragonfly.papers import save_firm_profile
    from papers.conftest import PROFILE

    odd = '#set page(width: 1pt) $x$ *bold* _u_ <lbl> @ref \\ #import "/etc/passwd"'
    save_firm_profile(db, {**PROFILE, "signature_block": odd}, actor="admin")
    document = make_paper(db, IE, person_judgment(db), actor="ops")
    assert odd in text_of(db, document.id)
