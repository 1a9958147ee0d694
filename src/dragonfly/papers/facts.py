"""What a paper says, gathered from the database as of the paper's date, or refused.

Every refusal names what is missing or why the judgment cannot carry the paper, so the clerk knows
what to record first; nothing is written before all facts are present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import class_row

from dragonfly.domain.deadlines import judgment_expiry
from dragonfly.domain.exemptions import WageRegion, exemption_figures
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import AssetKind, InterestRegime, JudgmentStatus, PaperKind
from dragonfly.errors import Conflict, NotFound
from dragonfly.papers.profile import FirmProfile
from dragonfly.services.debtor_facts import debtor_assets
from dragonfly.valuation import judgment_valuation


class PaperRefused(Conflict):
    """A paper cannot be made for this judgment now; the message says why and what to do."""

    code = "paper_refused"
    exit_code = 2


@dataclass(frozen=True)
class JudgmentRow:
    id: int
    court_name: str
    county_code: str | None
    index_number: str
    entry_date: date
    principal: Decimal
    costs: Decimal
    interest_regime: InterestRegime
    status: JudgmentStatus
    status_on: date | None
    case_title: str | None
    debtor_id: int | None
    plaintiff_name: str | None
    plaintiff_street: str | None
    plaintiff_city: str | None
    plaintiff_state: str | None
    plaintiff_zip: str | None
    debtor_name: str | None
    debtor_kind: str | None
    debtor_street: str | None
    debtor_city: str | None
    debtor_state: str | None
    debtor_zip: str | None
    # The stored CPLR 211(b) date (later payments and acknowledgments extend it); None until valued.
    enforceable_until: date | None = None
    court_code: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", JudgmentStatus(self.status))
        object.__setattr__(self, "interest_regime", InterestRegime(self.interest_regime))


JUDGMENT_SQL = """
select j.id, j.court_name, j.county_code, j.index_number, j.entry_date, j.principal, j.costs,
       j.interest_regime, j.status, j.status_on, j.case_title, j.debtor_id,
       p.name as plaintiff_name, p.street as plaintiff_street, p.city as plaintiff_city,
       p.state as plaintiff_state, p.zip as plaintiff_zip,
       d.name as debtor_name, d.kind::text as debtor_kind, d.street as debtor_street,
       d.city as debtor_city, d.state as debtor_state, d.zip as debtor_zip,
       v.enforceable_until, j.court_code
from judgments j
left join plaintiffs p on p.id = j.plaintiff_id
left join debtors d on d.id = j.debtor_id
left join judgment_values v on v.judgment_id = j.id
where j.id = %s
for update of j
"""

NOT_ENFORCEABLE = {
    JudgmentStatus.SATISFIED: "is satisfied",
    JudgmentStatus.VACATED: "is vacated",
    JudgmentStatus.EXPIRED: "has expired",
    JudgmentStatus.ON_HOLD: "is on hold",
}


@dataclass
class PaperFacts:
    """Everything a template reads, already worded (money as $1,234.56, dates spelled out)."""

    kind: PaperKind
    judgment_id: int
    as_of: date
    amount_due: Decimal
    data: dict[str, Any] = field(default_factory=dict)


def money(amount: Decimal) -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def spelled(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _lines(street: str | None, city: str | None, state: str | None, zip_: str | None) -> list[str]:
    place = " ".join(p for p in (f"{city}," if city else None, state, zip_) if p).strip(", ")
    return [line for line in (street or "", place) if line]


def load_judgment(conn: psycopg.Connection, judgment_id: int) -> JudgmentRow:
    with conn.cursor(row_factory=class_row(JudgmentRow)) as cur:
        row = cur.execute(JUDGMENT_SQL, (judgment_id,)).fetchone()
    if row is None:
        raise NotFound(f"No judgment with id {judgment_id}.")
    return row


def refuse_unless_enforceable(j: JudgmentRow, rules: Rules, as_of: date) -> None:
    if j.status in NOT_ENFORCEABLE:
        raise PaperRefused(
            f"Judgment {j.index_number} {NOT_ENFORCEABLE[j.status]}, so no enforcement paper "
            "can be made for it."
        )
    until = j.enforceable_until or judgment_expiry(j.entry_date, rules)
    if as_of >= until:
        raise PaperRefused(
            f"Judgment {j.index_number} was enforceable until {until.isoformat()} (CPLR 211(b)), "
            "so no enforcement paper can be made for it."
        )


def refuse_missing(what: list[str], j: JudgmentRow) -> None:
    if what:
        raise PaperRefused(
            f"The paper for judgment {j.index_number} cannot be made: missing "
            + "; ".join(what)
            + ".",
            details={"missing": what},
        )


def refuse_without_debtor_address(data: dict[str, Any], j: JudgmentRow, what: str) -> None:
    """Refuse, naming `what` (e.g. "the debtor's address (where the notice is served)")."""
    if not data["debtor"]["address_lines"]:
        refuse_missing([what], j)


def refuse_if_nothing_due(data: dict[str, Any], j: JudgmentRow) -> None:
    if balance_due(data) <= 0:
        raise PaperRefused(f"Judgment {j.index_number} has nothing left to collect.")


def refuse_unless_collectable(
    j: JudgmentRow, data: dict[str, Any], rules: Rules, as_of: date
) -> None:
    refuse_unless_enforceable(j, rules, as_of)
    refuse_if_nothing_due(data, j)


def rate_statement(j: JudgmentRow, rules: Rules) -> dict[str, Any]:
    """The rate in force and, for a consumer-debt judgment, the date it applies (CPLR 5004(a))."""
    if j.interest_regime is not InterestRegime.CONSUMER:
        rate = rules.standard_rate
        return {"consumer": False, "percent": f"{rate:g}", "statement": ""}
    rate = rules.consumer_rate
    applies = j.entry_date
    if rules.pre_act_nine_then_two:
        applies = max(j.entry_date, rules.consumer_act_date)
    return {
        "consumer": True,
        "percent": f"{rate:g}",
        "applies_from": spelled(applies),
        "statement": (
            f"This judgment arises from a consumer debt. Interest on it runs at {rate:g}% a year, "
            f"applying from {spelled(applies)} (CPLR 5004(a), as amended by the Fair Consumer "
            "Judgment Interest Act, L.2021 c.831)."
        ),
    }


def common_facts(
    conn: psycopg.Connection,
    j: JudgmentRow,
    profile: FirmProfile,
    rules: Rules,
    as_of: date,
) -> dict[str, Any]:
    balance = judgment_valuation(conn, j.id, as_of, rules=rules).balance
    figures = exemption_figures(rules, as_of, WageRegion.UNKNOWN)
    plaintiff_lines = _lines(
        j.plaintiff_street, j.plaintiff_city, j.plaintiff_state, j.plaintiff_zip
    )
    return {
        "as_of": spelled(as_of),
        "as_of_iso": as_of.isoformat(),
        "court": j.court_name,
        "county": (j.county_code or "").replace("_", " ").title(),
        "index_number": j.index_number,
        "entry_date": spelled(j.entry_date),
        "plaintiff": {"name": j.plaintiff_name or "", "address_lines": plaintiff_lines},
        "debtor": {
            "name": j.debtor_name or "",
            "kind": j.debtor_kind or "unknown",
            "address_lines": _lines(j.debtor_street, j.debtor_city, j.debtor_state, j.debtor_zip),
        },
        "amounts": {
            "original": money(j.principal + j.costs),
            "principal": money(j.principal),
            "costs": money(j.costs),
            "interest": money(balance.interest),
            "paid": money(balance.paid),
            "due": money(balance.balance),
            "due_number": str(balance.balance),
        },
        "rate": rate_statement(j, rules),
        "figures": {
            "minimum_wage": money(figures.minimum_wage),
            "bank_wage_exemption": money(figures.bank_wage_exemption),
            "direct_deposit_exemption": money(figures.direct_deposit_exemption),
            "income_execution_percent": f"{figures.income_execution_percent:g}",
            "disposable_percent": f"{figures.disposable_percent:g}",
            "weekly_floor": money(figures.weekly_floor),
            "wages_exempt_percent": f"{figures.wages_exempt_percent:g}",
            "bank_wage_hours": f"{rules.number_on('bank_wage_exemption_hours', as_of):g}",
            "deposit_days": rules.whole("exempt_deposit_lookback_days"),
            "wages_days": rules.whole("exempt_wages_lookback_days"),
        },
        "firm": {
            "name": profile.firm_name,
            "attorney": profile.attorney_name,
            "address_lines": profile.address_lines,
            "phone": profile.phone,
            "email": profile.email,
            "signature_block": profile.signature_block or profile.attorney_name,
        },
    }


def balance_due(data: dict[str, Any]) -> Decimal:
    return Decimal(data["amounts"]["due_number"])


def employer_of(conn: psycopg.Connection, debtor_id: int | None) -> dict[str, str] | None:
    """The newest live employer fact with a name and an address, or None."""
    if debtor_id is None:
        return None
    for asset in debtor_assets(conn, debtor_id):
        name, address = (asset.name or "").strip(), (asset.address or "").strip()
        if asset.kind == AssetKind.EMPLOYER and asset.retired_on is None and name and address:
            return {"name": name, "address": address}
    return None
