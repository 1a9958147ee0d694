"""Restraining notices, the CPLR 5222-a bank packet, the notice to judgment debtor, the third-party
information subpoena, the property execution and the demand letter: what each PDF says, and when
each is refused (with nothing written)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.config import get_settings
from dragonfly.domain.vocabulary import PaperKind
from dragonfly.papers import document_pdf, make_paper
from dragonfly.papers.facts import PaperRefused, money, spelled
from dragonfly.papers.statutory import needed_files
from dragonfly.valuation import judgment_valuation
from papers.conftest import BANK, PROFILE, add_fact, pdf_text, person_judgment

K = PaperKind
# A firm's folder as counsel would fill it: test stand-ins for the statutory passages (marked
# `installed = true`, not the statute's words) and for counsel's exempt-income notice.
FIRM_TEMPLATES = Path(__file__).parent / "firm_templates"
NEW_KINDS = [
    K.RESTRAINING_NOTICE_DEBTOR,
    K.RESTRAINING_NOTICE_THIRD_PARTY,
    K.RESTRAINING_NOTICE_BANK_PACKET,
    K.NOTICE_TO_JUDGMENT_DEBTOR,
    K.INFORMATION_SUBPOENA_THIRD_PARTY,
    K.PROPERTY_EXECUTION,
    K.DEMAND_LETTER,
]


def text_of(db: psycopg.Connection, document_id: int) -> str:
    return pdf_text(document_pdf(db, document_id)[1])


def counts(db: psycopg.Connection) -> tuple[int, int, int]:
    row = db.execute(
        "select (select count(*) from paper_documents), (select count(*) from enforcement_actions),"
        " (select count(*) from audit_events where action = 'paper.make')"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def make(db: psycopg.Connection, kind: PaperKind, judgment_id: int) -> str:
    """Make the paper (with the test firm's counsel-supplied text) and return its PDF text."""
    document = make_paper(db, kind, judgment_id, actor="ops@example.com", templates=FIRM_TEMPLATES)
    return text_of(db, document.id)


@pytest.fixture
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[date], None]]:
    """Move the business date for one test (the clock reads DRAGONFLY_TODAY)."""

    def pin(day: date) -> None:
        monkeypatch.setenv("DRAGONFLY_TODAY", day.isoformat())
        get_settings.cache_clear()

    yield pin
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.mark.parametrize("kind", NEW_KINDS, ids=lambda k: k.value)
def test_each_paper_states_the_judgment_the_parties_and_the_consumer_rate(
    db: psycopg.Connection, firm: None, kind: PaperKind
) -> None:
    judgment_id = person_judgment(db, regime="consumer", bank=True)
    text = make(db, kind, judgment_id)
    due = judgment_valuation(db, judgment_id).balance.balance
    for expected in (
        "Acme Funding",
        "Jordan P. Whitaker",
        "CIVIL COURT, KINGS COUNTY" if kind is not K.DEMAND_LETTER else "Civil Court, Kings County",
        "CV-004512-24/KI",
        "June 15, 2024",
        "$10,345.00",
        money(due),
        "Interest on it runs at 2% a year, applying from June 15, 2024",
        "L.2021 c.831",
        "SIGN HERE",
        PROFILE["firm_name"],
    ):
        assert expected in text, f"{kind.value}: {expected}"


def test_a_standard_judgment_has_no_consumer_statement(db: psycopg.Connection, firm: None) -> None:
    text = make(db, K.RESTRAINING_NOTICE_BANK_PACKET, person_judgment(db, bank=True))
    assert "Interest rate 9% a year" in text
    assert "consumer debt" not in text


def test_the_bank_packet_has_the_notice_its_copy_the_exemption_notice_and_two_claim_forms(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, bank=True)
    document = make_paper(
        db, K.RESTRAINING_NOTICE_BANK_PACKET, judgment_id, actor="ops", templates=FIRM_TEMPLATES
    )
    text = text_of(db, document.id)
    due = judgment_valuation(db, judgment_id).balance.balance
    bank = BANK[0]
    assert text.count(f"To: {bank} (bank)") == 2  # the notice and its copy
    assert "COPY" in text
    assert f"You may hold up to 2 times the amount due, {money(2 * due)}" in text
    assert "1 year after it is served on you" in text
    assert text.count("Disobeying this restraining notice is punishable as a contempt") == 2
    assert "Exemption claim form 1 of 2" in text and "Exemption claim form 2 of 2" in text
    assert text.count("Text of CPLR 5222(b):") == 2
    assert "Exemption notice: CPLR 5222-a(b)(4)" in text
    # ADDRESS A (the bank) and ADDRESS B (the attorney) filled in on both claim forms.
    address_a = f"ADDRESS A: {bank} 1200 Central Ave Albany, NY 12205"
    address_b = "ADDRESS B: Hudson & Reyes LLP Attn: Maria Reyes, Esq. 40 Wall Street, Suite 2100"
    assert text.count(address_a) == 2 and text.count(address_b) == 2
    assert document.pages >= 5
    assert "$4,080.00" in text and "$3,425.00" in text  # in force on 2026-11-23
    kind, third_party = db.execute(
        "select kind::text, third_party from enforcement_actions where id = %s",
        (document.action_id,),
    ).fetchone()  # type: ignore[misc]
    assert (kind, third_party) == ("restraining_notice", bank)


@pytest.mark.parametrize(
    ("day", "wage_exemption", "direct_deposit"),
    [
        (date(2025, 12, 31), "$3,960.00", "$3,425.00"),  # $16.50 x 240
        (date(2026, 1, 2), "$4,080.00", "$3,425.00"),  # $17.00 x 240
    ],
)
def test_the_exemption_figures_are_those_in_force_on_the_papers_date(
    db: psycopg.Connection,
    firm: None,
    pinned_day: Callable[[date], None],
    day: date,
    wage_exemption: str,
    direct_deposit: str,
) -> None:
    pinned_day(day)
    assert today_in_new_york() == day
    judgment_id = person_judgment(db, entry_date=date(2023, 5, 1))
    add_fact(db, judgment_id, "bank", *BANK, learned_on="2023-06-01")
    for kind in (K.RESTRAINING_NOTICE_BANK_PACKET, K.NOTICE_TO_JUDGMENT_DEBTOR):
        text = make(db, kind, judgment_id)
        assert f"as of {spelled(day)}" in text
        assert wage_exemption in text and direct_deposit in text, kind.value
        for other in {"$3,960.00", "$4,080.00"} - {wage_exemption}:
            assert other not in text


def test_a_third_party_restraining_notice_goes_to_the_employer_of_a_natural_person(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, bank=True)  # the bank is left to the 5222-a packet
    text = make(db, K.RESTRAINING_NOTICE_THIRD_PARTY, judgment_id)
    assert "To: Brightline Logistics Inc. (employer)" in text
    assert "300 Industrial Pkwy, Yonkers, NY 10701" in text
    assert "Exemption claim form" not in text


def test_a_business_debtors_bank_gets_a_plain_restraining_notice(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, employer=False, bank=True)
    db.execute("update debtors set kind = 'business'")
    text = make(db, K.RESTRAINING_NOTICE_THIRD_PARTY, judgment_id)
    assert f"To: {BANK[0]} (bank)" in text
    assert "Money this notice does not restrain" in text
    with pytest.raises(PaperRefused, match="is a business: the CPLR 5222-a packet"):
        make(db, K.RESTRAINING_NOTICE_BANK_PACKET, judgment_id)


def test_a_natural_persons_bank_is_pointed_to_the_packet(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, employer=False, bank=True)
    with pytest.raises(PaperRefused, match="restraining_notice_bank_packet"):
        make(db, K.RESTRAINING_NOTICE_THIRD_PARTY, judgment_id)
    assert counts(db) == (0, 0, 0)


def test_a_benefits_only_account_is_never_restrained(db: psycopg.Connection, firm: None) -> None:
    judgment_id = person_judgment(db, employer=False)
    add_fact(db, judgment_id, "bank", *BANK, benefits_only=True)
    for kind in (K.RESTRAINING_NOTICE_BANK_PACKET, K.RESTRAINING_NOTICE_THIRD_PARTY):
        with pytest.raises(PaperRefused, match="recorded as benefits-only"):
            make(db, kind, judgment_id)
    # Another account at the same bank is not restrained either: a notice reaches both.
    add_fact(db, judgment_id, "bank", BANK[0].upper(), BANK[1], learned_on="2026-11-01")
    with pytest.raises(PaperRefused, match="recorded as benefits-only"):
        make(db, K.RESTRAINING_NOTICE_BANK_PACKET, judgment_id)
    assert counts(db) == (0, 0, 0)
    # An account at another bank is.
    add_fact(db, judgment_id, "bank", "Tompkins Trust", "50 State St, Ithaca, NY 14850")
    assert "To: Tompkins Trust (bank)" in make(db, K.RESTRAINING_NOTICE_BANK_PACKET, judgment_id)


@pytest.mark.parametrize(
    ("setup", "kind", "words"),
    [
        ("no bank", K.RESTRAINING_NOTICE_BANK_PACKET, "a garnishee: the debtor's bank"),
        ("no third party", K.RESTRAINING_NOTICE_THIRD_PARTY, "a garnishee: a bank, employer"),
        ("no third party", K.INFORMATION_SUBPOENA_THIRD_PARTY, "a third party to question"),
        ("bank without address", K.RESTRAINING_NOTICE_BANK_PACKET, "the address of the garnishee"),
        ("no debtor address", K.RESTRAINING_NOTICE_DEBTOR, "the debtor's address"),
        ("no debtor address", K.NOTICE_TO_JUDGMENT_DEBTOR, "the debtor's address"),
        ("no debtor address", K.PROPERTY_EXECUTION, "the debtor's last known address"),
        ("no debtor address", K.DEMAND_LETTER, "the debtor's last known address"),
    ],
)
def test_a_missing_fact_is_named_and_nothing_is_written(
    db: psycopg.Connection, firm: None, setup: str, kind: PaperKind, words: str
) -> None:
    judgment_id = person_judgment(db, employer=setup not in ("no third party", "no bank"))
    if setup == "bank without address":
        add_fact(db, judgment_id, "bank", BANK[0], None)
    if setup == "no debtor address":
        db.execute("update debtors set street = null, city = null, state = null, zip = null")
    with pytest.raises(PaperRefused, match=words):
        make(db, kind, judgment_id)
    assert counts(db) == (0, 0, 0)


@pytest.mark.parametrize("kind", NEW_KINDS, ids=lambda k: k.value)
def test_without_a_firm_profile_no_paper_is_made(db: psycopg.Connection, kind: PaperKind) -> None:
    judgment_id = person_judgment(db, bank=True)
    with pytest.raises(PaperRefused, match="the firm profile's firm name"):
        make(db, kind, judgment_id)
    assert counts(db) == (0, 0, 0)


@pytest.mark.parametrize("status", ["satisfied", "vacated", "expired"])
@pytest.mark.parametrize("kind", NEW_KINDS, ids=lambda k: k.value)
def test_a_judgment_that_cannot_be_enforced_gets_none_of_these_papers(
    db: psycopg.Connection, firm: None, status: str, kind: PaperKind
) -> None:
    judgment_id = person_judgment(db, status=status, bank=True)
    with pytest.raises(PaperRefused, match=f"is {status}|has expired"):
        make(db, kind, judgment_id)
    assert counts(db) == (0, 0, 0)


def test_a_judgment_past_its_stored_enforceable_date_gets_no_bank_packet(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, bank=True)
    db.execute(
        "update judgment_values set enforceable_until = %s where judgment_id = %s",
        (today_in_new_york(), judgment_id),
    )
    with pytest.raises(PaperRefused, match=r"was enforceable until .* \(CPLR 211\(b\)\)"):
        make(db, K.RESTRAINING_NOTICE_BANK_PACKET, judgment_id)
    assert counts(db) == (0, 0, 0)


def test_the_restraining_notice_to_the_debtor(db: psycopg.Connection, firm: None) -> None:
    text = make(db, K.RESTRAINING_NOTICE_DEBTOR, person_judgment(db))
    assert "To: Jordan P. Whitaker (judgment debtor)" in text
    assert "until the judgment is satisfied or vacated" in text
    assert "Disobeying this restraining notice is punishable as a contempt" in text
    assert "officer of the court (CPLR 5222(a))" in text


def test_the_notice_to_judgment_debtor_follows_the_restraint_on_a_third_party(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, bank=True)
    packet = make_paper(
        db, K.RESTRAINING_NOTICE_BANK_PACKET, judgment_id, actor="ops", templates=FIRM_TEMPLATES
    )
    notice = make_paper(
        db, K.NOTICE_TO_JUDGMENT_DEBTOR, judgment_id, actor="ops", templates=FIRM_TEMPLATES
    )
    # Its own record on the judgment (confirming it mailed must not mark the bank served),
    # naming the restraint it follows.
    assert notice.action_id is None
    assert notice.facts["follows_restraint_action_id"] == packet.action_id
    text = text_of(db, notice.id)
    assert "To: Jordan P. Whitaker (judgment debtor) 123 Main St, Brooklyn, NY 11201" in text
    assert "within 4 days after a restraining notice or execution is served" in text
    assert "90% of wages earned in the last 60 days" in text
    assert "Notice to judgment debtor: CPLR 5222(e)" in text


def test_the_third_party_information_subpoena_has_certification_copy_and_return_sheet(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db)
    document = make_paper(
        db, K.INFORMATION_SUBPOENA_THIRD_PARTY, judgment_id, actor="ops", templates=FIRM_TEMPLATES
    )
    text = text_of(db, document.id)
    for expected in (
        "To: Brightline Logistics Inc. (employer)",
        "Certification of the attorney for the judgment creditor (CPLR 5224(a))",
        "certification of CPLR 5224(a), signed by Maria Reyes, Esq.",
        "within 7 days after you receive it",
        "WRITTEN QUESTIONS — ORIGINAL",
        "WRITTEN QUESTIONS — COPY",
        "RETURN ADDRESS",
        "Attn: Maria Reyes, Esq.",
        "Person answering for Brightline Logistics Inc.",
    ):
        assert expected in text, expected
    # The attorney signs the subpoena; the person answering and a notary sign each set.
    assert text.count("SIGN HERE") == 5
    kind, third_party = db.execute(
        "select kind::text, third_party from enforcement_actions where id = %s",
        (document.action_id,),
    ).fetchone()  # type: ignore[misc]
    assert (kind, third_party) == ("information_subpoena", "Brightline Logistics Inc.")


def test_the_property_execution_states_the_transcript_of_a_lower_court_judgment(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, bank=True)
    text = make(db, K.PROPERTY_EXECUTION, judgment_id)
    assert "Transcript filed with the county clerk None recorded" in text
    db.execute(
        "insert into judgment_transcripts (judgment_id, county_code, docketed_on, note,"
        " created_by) values (%s, 'KINGS', '2024-07-01', '', 'ops')",
        (judgment_id,),
    )
    text = make(db, K.PROPERTY_EXECUTION, judgment_id)
    assert "Transcript filed with the county clerk Kings County: July 1, 2024" in text
    for expected in (
        "Judgment debtor’s last known address 123 Main St, Brooklyn, NY 11201",
        "within 60 days after it is issued",
        "void after 90 days",
        "EXEMPTION NOTICES SERVED WITH THIS EXECUTION",
        "Exemption claim form 1 of 2",
        "Exemption claim form 2 of 2",
        BANK[0],
    ):
        assert expected in text, expected


def test_a_supreme_court_execution_has_no_transcript_line(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db)
    db.execute(
        "update judgments set court_code = 'SUP-KINGS', court_name = 'Supreme Court, Kings County'"
    )
    text = make(db, K.PROPERTY_EXECUTION, judgment_id)
    assert "SUPREME COURT, KINGS COUNTY" in text and "Transcript filed" not in text


def test_a_consumer_demand_letter_waits_for_the_exempt_income_notice_from_counsel(
    db: psycopg.Connection, firm: None
) -> None:
    judgment_id = person_judgment(db, regime="consumer")
    with pytest.raises(PaperRefused, match="text counsel must supply"):
        make_paper(db, K.DEMAND_LETTER, judgment_id, actor="ops")
    assert counts(db) == (0, 0, 0)
    text = make(db, K.DEMAND_LETTER, judgment_id)  # the firm's folder holds counsel's text
    assert "TEST ONLY: exempt-income notice supplied by counsel" in text
    standard = make_paper(  # no counsel text needed, and none is printed
        db, K.DEMAND_LETTER, person_judgment(db, index_number="CV-1/KI"), actor="ops"
    )
    assert "TEST ONLY" not in text_of(db, standard.id)


def test_statutory_passages_a_paper_needs_are_found_through_its_imports() -> None:
    files = {
        "packet.typ": b'#import "parts.typ": *\n#include "counsel/x.typ"',
        "parts.typ": b'#import "statutory/cplr_5222b_restraint.typ": cplr_5222b_restraint',
    }
    assert needed_files("packet.typ", files) == [
        "parts.typ",
        "counsel/x.typ",
        "statutory/cplr_5222b_restraint.typ",
    ]


def test_a_paper_whose_statutory_text_is_not_installed_is_refused(
    db: psycopg.Connection, firm: None, tmp_path: Path
) -> None:
    folder = tmp_path / "firm"
    folder.mkdir()
    (folder / "restraining_notice_debtor.typ").write_text(
        '#import "common.typ": *\n#import "statutory/cplr_5222z_not_there.typ": passage\n'
        "#show: paper\n#passage()\n",
        encoding="utf-8",
    )
    judgment_id = person_judgment(db)
    with pytest.raises(PaperRefused, match=r"statutory text not yet installed \(statutory/cplr_"):
        make_paper(db, K.RESTRAINING_NOTICE_DEBTOR, judgment_id, actor="ops", templates=folder)
    assert counts(db) == (0, 0, 0)


@pytest.mark.parametrize(
    ("kind", "passages"),
    [
        (K.RESTRAINING_NOTICE_DEBTOR, ["statutory/cplr_5222b_restraint.typ"]),
        (K.RESTRAINING_NOTICE_THIRD_PARTY, ["statutory/cplr_5222b_restraint.typ"]),
        (
            K.RESTRAINING_NOTICE_BANK_PACKET,
            [
                "statutory/cplr_5222b_restraint.typ",
                "statutory/cplr_5222a_exemption_notice.typ",
                "statutory/cplr_5222a_exemption_claim_form.typ",
            ],
        ),
        (K.NOTICE_TO_JUDGMENT_DEBTOR, ["statutory/cplr_5222e_notice_to_debtor.typ"]),
        (K.INFORMATION_SUBPOENA_THIRD_PARTY, ["statutory/cplr_5224_certification.typ"]),
        (
            K.PROPERTY_EXECUTION,
            [
                "statutory/cplr_5222e_notice_to_debtor.typ",
                "statutory/cplr_5222a_exemption_notice.typ",
                "statutory/cplr_5222a_exemption_claim_form.typ",
            ],
        ),
    ],
    ids=lambda v: v.value if isinstance(v, PaperKind) else "",
)
def test_with_the_shipped_passages_not_yet_installed_the_paper_is_refused(
    db: psycopg.Connection, firm: None, kind: PaperKind, passages: list[str]
) -> None:
    judgment_id = person_judgment(db, bank=True)
    with pytest.raises(PaperRefused, match="statutory text not yet installed") as refused:
        make_paper(db, kind, judgment_id, actor="ops")
    assert sorted(refused.value.details["missing"]) == sorted(passages)
    assert counts(db) == (0, 0, 0)
