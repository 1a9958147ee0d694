"""The third party a paper is served on (a bank, an employer, another payor), chosen from the
debtor's recorded facts, or a refusal naming what to record first.

The newest live fact with a name is chosen; retire a fact (Debtor facts) to serve another. A bank
at which any live account is recorded as benefits-only is never restrained: a restraint reaches
every account the debtor has there, and an account holding only exempt deposits (Social Security,
SSI, public assistance, pensions...; CPLR 5205(l), 5222(h)) must not be frozen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from dragonfly.domain.action_guards import same_garnishee
from dragonfly.domain.vocabulary import AssetKind
from dragonfly.papers.facts import JudgmentRow, PaperRefused, refuse_missing
from dragonfly.services.debtor_facts import DebtorAsset, debtor_assets

THIRD_PARTIES = (AssetKind.BANK, AssetKind.EMPLOYER, AssetKind.OTHER_INCOME)
KIND_WORDS = {
    AssetKind.BANK: "bank",
    AssetKind.EMPLOYER: "employer",
    AssetKind.OTHER_INCOME: "payor",
}


@dataclass(frozen=True)
class Garnishee:
    asset_id: int
    kind: AssetKind
    name: str
    address: str
    detail: str

    def facts(self) -> dict[str, Any]:
        street, _, place = self.address.partition(",")
        lines = [street.strip(), place.strip()] if place.strip() else [self.address]
        return {
            "asset_id": self.asset_id,
            "kind": self.kind.value,
            "kind_words": KIND_WORDS.get(self.kind, "third party"),
            "name": self.name,
            "address": self.address,
            "address_lines": lines,
            "detail": self.detail,
        }


def natural_person(j: JudgmentRow) -> bool:
    """A debtor not recorded as a business is treated as a natural person, so the exemption
    protections of CPLR 5222-a are never left out by a missing fact."""
    return (j.debtor_kind or "unknown") != "business"


def _live(
    conn: psycopg.Connection, j: JudgmentRow, kinds: tuple[AssetKind, ...]
) -> list[DebtorAsset]:
    if j.debtor_id is None:
        return []
    return [
        a
        for a in debtor_assets(conn, j.debtor_id)
        if a.kind in kinds and a.retired_on is None and (a.name or "").strip()
    ]


def _garnishee(asset: DebtorAsset, j: JudgmentRow) -> Garnishee:
    name, address = (asset.name or "").strip(), (asset.address or "").strip()
    if not address:
        refuse_missing(
            [f"the address of the garnishee {name} (add it to its Debtor facts entry)"], j
        )
    return Garnishee(asset.id, AssetKind(asset.kind), name, address, asset.detail.strip())


def _benefits_only_banks(assets: list[DebtorAsset]) -> list[str]:
    return [a.name or "" for a in assets if a.kind == AssetKind.BANK and a.benefits_only]


def _not_benefits_only(assets: list[DebtorAsset]) -> list[DebtorAsset]:
    protected = _benefits_only_banks(assets)
    return [
        a
        for a in assets
        if not (a.kind == AssetKind.BANK and any(same_garnishee(a.name, p) for p in protected))
    ]


def _refuse_benefits_only(j: JudgmentRow, banks: list[str]) -> None:
    raise PaperRefused(
        f"The debtor's account at {', '.join(sorted(set(banks)))} is recorded as benefits-only "
        "(exempt deposits only: CPLR 5205(l), 5222(h)), so no restraining notice is made "
        f"against it on judgment {j.index_number}. Retire that fact if it no longer holds."
    )


def bank_to_restrain(conn: psycopg.Connection, j: JudgmentRow) -> Garnishee:
    """The bank a CPLR 5222-a packet is served on."""
    banks = _live(conn, j, (AssetKind.BANK,))
    if not banks:
        refuse_missing(
            ["a garnishee: the debtor's bank with its name and address (Debtor facts)"], j
        )
    open_banks = _not_benefits_only(banks)
    if not open_banks:
        _refuse_benefits_only(j, _benefits_only_banks(banks))
    return _garnishee(open_banks[0], j)


def third_party_to_restrain(conn: psycopg.Connection, j: JudgmentRow) -> Garnishee:
    """The third party a plain restraining notice is served on. A natural person's bank account
    is restrained only with the CPLR 5222-a packet (without its exemption notice and claim forms
    the restraint is void), so banks are left out for such a debtor."""
    parties = _live(conn, j, THIRD_PARTIES)
    person = natural_person(j)
    usable = [a for a in _not_benefits_only(parties) if not (person and a.kind == AssetKind.BANK)]
    if not usable:
        if person and any(a.kind == AssetKind.BANK for a in parties):
            if not _not_benefits_only([a for a in parties if a.kind == AssetKind.BANK]):
                _refuse_benefits_only(j, _benefits_only_banks(parties))
            raise PaperRefused(
                f"The debtor on judgment {j.index_number} is not recorded as a business, so a "
                "bank is restrained with the CPLR 5222-a bank packet (the notice, its copy, the "
                "exemption notice and two claim forms): make 'restraining_notice_bank_packet'."
            )
        if _benefits_only_banks(parties):
            _refuse_benefits_only(j, _benefits_only_banks(parties))
        refuse_missing(
            ["a garnishee: a bank, employer or other payor with a name and address (Debtor facts)"],
            j,
        )
    return _garnishee(usable[0], j)


def third_party_to_question(conn: psycopg.Connection, j: JudgmentRow) -> Garnishee:
    """The third party an information subpoena goes to (any bank, employer or payor on record)."""
    parties = _live(conn, j, THIRD_PARTIES)
    if not parties:
        refuse_missing(
            ["a third party to question: a bank, employer or other payor with a name and "
             "address (Debtor facts)"],
            j,
        )  # fmt: skip
    return _garnishee(parties[0], j)


def bank_on_record(conn: psycopg.Connection, j: JudgmentRow) -> Garnishee | None:
    """A bank with an address that may be levied on, for Address A of a claim form; else None."""
    banks = _not_benefits_only(_live(conn, j, (AssetKind.BANK,)))
    for bank in banks:
        if (bank.address or "").strip():
            return _garnishee(bank, j)
    return None
