"""Python vs SQL: 10,000 generated judgments valued both ways must agree to the cent and point.

The generator (seeded, so failures reproduce) aims at every band edge, both regimes and the
consumer-rate date, expired and satisfied judgments, business/individual/unnamed debtors,
full/partial/no addresses and every asset mix including benefits-only banks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any

import psycopg
import pytest

from dragonfly.domain.deadlines import enforceability, last_expired_entry_date
from dragonfly.domain.interest import LedgerItem, compute_balance
from dragonfly.domain.rules import Rules, load_rules, parse_rules
from dragonfly.domain.score_spec import shipped_score_spec
from dragonfly.domain.scoring import AssetSignal, ScoreInputs, score_judgment
from dragonfly.domain.vocabulary import (
    AssetKind,
    InterestRegime,
    JudgmentStatus,
    LedgerKind,
    PartyKind,
)
from dragonfly.valuation import refresh_judgments

AS_OF = date(2026, 11, 23)
SPEC = shipped_score_spec()
NAMES = [
    None, "", "  ", "Smith Holdings LLC", "Acme L.L.C.", "acme inc.", "Big Corp",
    "Widget Corporation",
    "Smith & Co.", "Jones LP", "Law LLP", "Doe PC", "Roe PLLC", "Brit Ltd", "Costco Wholesale",
    "Coco Chanel", "Jane Doe", "INCA Trading", "Pcs Unlimited", "Ltd. Editions Inc",
]  # fmt: skip
ADDRESSES: list[dict[str, str | None]] = [
    {}, {"raw_address": "123 Main St, Brooklyn, NY 11201"}, {"raw_address": "Brooklyn, NY"},
    {"raw_address": "PO Box 7, Albany NY 12201"}, {"street": "45-10 Court Sq", "zip": "11101"},
    {"street": "7B Elm Ave", "zip": "10001-1234"}, {"street": "Main St", "zip": "11201"},
    {"street": "123 Main St", "zip": "1120"}, {"city": "Queens"}, {"state": "NY"},
    {"street": " ", "city": ""}, {"street": "12 Oak Rd", "city": "Bronx", "state": "NY"},
]  # fmt: skip
ASSET_MIXES: list[list[tuple[AssetKind, bool]]] = [
    [], [(AssetKind.BANK, True)], [(AssetKind.BANK, False)],
    [(AssetKind.BANK, True), (AssetKind.BANK, False)], [(AssetKind.EMPLOYER, False)],
    [(AssetKind.REAL_PROPERTY, False), (AssetKind.VEHICLE, False)],
    [(k, False) for k in AssetKind], [(AssetKind.EMPLOYER, False), (AssetKind.BANK, True)],
]  # fmt: skip
AMOUNT_EDGES = ["999.99", "1000.00", "2499.99", "2500.00", "4999.99", "5000.00", "9999.99",
                "10000.00", "24999.99", "25000.00", "0.00"]  # fmt: skip
AGE_EDGES = [0, 365, 366, 730, 731, 1095, 1096, 1826, 1827, 3652, 3653]


@dataclass
class Case:
    principal: Decimal
    costs: Decimal
    entered: date
    regime: InterestRegime
    status: JudgmentStatus
    name: str | None
    address: dict[str, str | None]
    assets: list[tuple[AssetKind, bool]]
    ledger: list[LedgerItem] = field(default_factory=list)
    judgment_id: int = 0


def generate(count: int, seed: int, rules: Rules) -> list[Case]:
    rng = random.Random(seed)
    cutoff = last_expired_entry_date(AS_OF, rules)
    act = rules.consumer_act_date
    special_dates = [cutoff, cutoff + timedelta(1), cutoff - timedelta(1), act, act - timedelta(1),
                     date(2008, 2, 29), date(2012, 2, 29), date(2006, 2, 28), AS_OF]  # fmt: skip
    cases = []
    for i in range(count):
        pick = i % 4
        if pick == 0:  # amount edges: entered today, so the balance is exactly the principal
            entered, principal = AS_OF, Decimal(rng.choice(AMOUNT_EDGES))
        elif pick == 1:
            entered = AS_OF - timedelta(days=rng.choice(AGE_EDGES))
            principal = Decimal(rng.randint(0, 6_000_000)) / 100
        elif pick == 2:
            entered, principal = rng.choice(special_dates), Decimal(rng.randint(0, 4_000_000)) / 100
        else:
            entered = AS_OF - timedelta(days=rng.randint(0, 8000))
            principal = Decimal(rng.randint(0, 9_000_000)) / 100
        case = Case(
            principal=principal,
            costs=Decimal(rng.choice([0, 0, 0, 15_000, 3_333])) / 100,
            entered=entered,
            regime=rng.choice(list(InterestRegime)),
            status=rng.choices(list(JudgmentStatus), weights=[20, 2, 1, 1, 1])[0],
            name=rng.choice(NAMES),
            address=rng.choice(ADDRESSES),
            assets=rng.choice(ASSET_MIXES),
        )
        if rng.random() < 0.05 and entered < AS_OF:
            case.ledger = random_ledger(rng, entered)
        cases.append(case)
    return cases


def random_ledger(rng: random.Random, entered: date) -> list[LedgerItem]:
    span = (AS_OF - entered).days
    items = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice([LedgerKind.PAYMENT, LedgerKind.PAYMENT, LedgerKind.COST])
        amount = Decimal(rng.randint(1, 500_000)) / 100
        items.append(LedgerItem(kind, amount, entered + timedelta(days=rng.randint(0, span))))
    return items


def load(db: psycopg.Connection[Any], cases: list[Case]) -> None:
    with db.cursor() as cur:
        cur.execute("select nextval(pg_get_serial_sequence('debtors', 'id'))")
        with cur.copy(
            "copy debtors (name, kind, street, city, state, zip, raw_address) from stdin"
        ) as copy:
            for case in cases:
                a = case.address
                copy.write_row((case.name, "unknown", a.get("street"), a.get("city"),
                                a.get("state"), a.get("zip"), a.get("raw_address")))  # fmt: skip
        debtor_ids = [r[0] for r in cur.execute("select id from debtors order by id").fetchall()]
        with cur.copy(
            "copy debtor_assets (debtor_id, kind, benefits_only, source, learned_on) from stdin"
        ) as copy:
            for case, debtor_id in zip(cases, debtor_ids, strict=True):
                for kind, benefits_only in case.assets:
                    copy.write_row((debtor_id, kind.value, benefits_only, "t", date(2025, 1, 1)))
        with cur.copy(
            "copy judgments (court_code, court_name, index_number, index_number_norm, entry_date,"
            " principal, costs, interest_regime, status, debtor_id) from stdin"
        ) as copy:
            for n, (case, debtor_id) in enumerate(zip(cases, debtor_ids, strict=True)):
                copy.write_row(("CIV", "Civil", str(n), str(n), case.entered, case.principal,
                                case.costs, case.regime.value, case.status.value,
                                debtor_id if n % 17 else None))  # fmt: skip
        ids = [r[0] for r in cur.execute("select id from judgments order by id").fetchall()]
        with cur.copy(
            "copy ledger_entries (judgment_id, kind, amount, effective_on, created_by) from stdin"
        ) as copy:
            for case, judgment_id in zip(cases, ids, strict=True):
                case.judgment_id = judgment_id
                for item in case.ledger:
                    copy.write_row((judgment_id, item.kind.value, item.amount, item.on, "t"))
    for n, case in enumerate(cases):
        if n % 17 == 0:
            case.name, case.address, case.assets = None, {}, []


def python_values(case: Case, rules: Rules) -> tuple[Decimal, int, str, dict[str, int]]:
    balance = compute_balance(
        case.principal, case.entered, case.regime, case.ledger, AS_OF, rules, costs=case.costs
    ).balance
    inputs = ScoreInputs(
        balance=balance,
        entry_date=case.entered,
        status=case.status,
        debtor_name=case.name,
        debtor_kind=PartyKind.UNKNOWN,
        street=case.address.get("street"),
        city=case.address.get("city"),
        state=case.address.get("state"),
        zip=case.address.get("zip"),
        raw_address=case.address.get("raw_address"),
        assets=[AssetSignal(kind, benefits_only) for kind, benefits_only in case.assets],
        enforceable_until=enforceability(
            case.entered, [i.on for i in case.ledger if i.kind is LedgerKind.PAYMENT], [], rules
        ).until,
    )
    score = score_judgment(inputs, AS_OF, SPEC, rules)
    components = score.points_by_name()
    if score.zeroed_because:
        components["zeroed"] = score.zeroed_because  # type: ignore[assignment]
    return balance, score.total, score.tier, components


def assert_parity(db: psycopg.Connection[Any], cases: list[Case], rules: Rules) -> None:
    refresh_judgments(db, as_of=AS_OF, rules=rules)
    rows = db.execute(
        "select id, balance, score, tier, score_components from valued_judgments"
    ).fetchall()
    in_sql = {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}
    expected = {case.judgment_id: python_values(case, rules) for case in cases}
    mismatches = [
        (case, expected[case.judgment_id], in_sql[case.judgment_id])
        for case in cases
        if expected[case.judgment_id] != in_sql[case.judgment_id]
    ]
    assert not mismatches, f"{len(mismatches)} differ; first: {mismatches[0]}"


@pytest.mark.slow
def test_python_and_sql_agree_on_10000_judgments(db: psycopg.Connection[Any]) -> None:
    rules = load_rules()
    cases = generate(10_000, seed=20261123, rules=rules)
    load(db, cases)
    assert_parity(db, cases, rules)
    zeroed = sum(1 for c in cases if python_values(c, rules)[3].get("zeroed"))
    assert zeroed > 100  # the generator really reached expired and closed judgments


def test_parity_with_the_nine_then_two_setting(db: psycopg.Connection[Any]) -> None:
    text = resources.files("dragonfly.domain").joinpath("rules.toml").read_text("utf-8")
    rules = parse_rules(
        text.replace('value = "two_percent_on_unpaid_from_entry"', 'value = "nine_then_two"'),
        source="firm.toml",
    )
    cases = generate(1_500, seed=7, rules=rules)
    load(db, cases)
    assert_parity(db, cases, rules)
