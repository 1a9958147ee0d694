"""`dragonfly demo` as service calls: a database, its schema, a seeded portfolio, imported once."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.config import Settings, get_settings
from dragonfly.core.database import connect, resolve_database_url, resolve_migration_url
from dragonfly.domain.client_money import FeeBand, Terms, month_of, next_month
from dragonfly.domain.vocabulary import (
    CostHandling,
    FeeBandBasis,
    ImportStatus,
    JudgmentStatus,
    LedgerKind,
    RemittanceBasis,
    RemittanceCadence,
)
from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.ingest.pipeline import ImportResult, import_file
from dragonfly.migrate import apply_migrations
from dragonfly.services.ledger import record_entry
from dragonfly.services.money.agreements import set_agreement
from dragonfly.services.money.closing import close_period

DEMO_ROWS = 2000
DEMO_SEED = 2026
DEMO_FORMAT = "canonical"  # carries debtor addresses, so every score component shows up


@dataclass(frozen=True)
class PortfolioStatus:
    judgments: int
    active_balance: Decimal
    tiers: dict[str, int]
    batches: int


def prepare_database(settings: Settings | None = None) -> tuple[str, list[str]]:
    """The app's database URL (starting the embedded server if needed) and the migrations
    applied now, as the schema's owner."""
    settings = settings or get_settings()
    applied = apply_migrations(resolve_migration_url(settings))
    return resolve_database_url(settings), applied


def demo_portfolio_file(settings: Settings | None = None) -> Path:
    """The seeded demo file under DRAGONFLY_HOME/demo/, written once and then reused."""
    home = (settings or get_settings()).dragonfly_home
    path = home / "demo" / f"demo_portfolio_{DEMO_FORMAT}_{DEMO_ROWS}_seed{DEMO_SEED}.csv"
    if not path.exists():
        write_demo_file(path, DEMO_ROWS, DEMO_FORMAT, seed=DEMO_SEED, defect_rate=0.03)
    return path


def import_demo_portfolio(url: str, path: Path) -> ImportResult:
    """Import the demo file; a second run reports the earlier batch and changes nothing."""
    return import_file(url, path, actor="demo")


def portfolio_status(url: str) -> PortfolioStatus:
    """What is in the database now: judgments, money under management, tiers, batches."""
    with connect(url) as conn:
        row = conn.execute(
            "select count(*), coalesce(sum(balance) filter (where status = %s), 0),"
            " (select count(*) from import_batches where status = %s)"
            " from valued_judgments",
            (JudgmentStatus.ACTIVE, ImportStatus.COMPLETED),
        ).fetchone()
        tiers = conn.execute(
            "select coalesce(tier, '-'), count(*) from valued_judgments group by 1 order by 1"
        ).fetchall()
    assert row is not None
    return PortfolioStatus(int(row[0]), Decimal(row[1]), {t: int(n) for t, n in tiers}, int(row[2]))


# Demo client money: terms for the largest clients, three months of payments (a cost, a payment
# made directly to a client, a bounced cheque among them), the months before this one closed.
DEMO_TERMS = [
    Terms(fee_percent=Decimal("33.33"), cost_handling=CostHandling.RECOVERED_FIRST),
    Terms(fee_percent=Decimal("25.00"), remittance=RemittanceBasis.GROSS),
    Terms(
        fee_percent=Decimal("30.00"),
        band_basis=FeeBandBasis.AGE_DAYS,
        bands=(FeeBand(Decimal("1825"), Decimal("30.00")), FeeBand(None, Decimal("40.00"))),
    ),
    Terms(fee_percent=Decimal("20.00"), cadence=RemittanceCadence.QUARTERLY),
    Terms(fee_percent=Decimal("35.00"), cost_handling=CostHandling.BILLED),
]
DEMO_PAYMENTS = 90


def _demo_judgments(conn: psycopg.Connection) -> list[tuple[int, int, date, Decimal]]:
    """Active judgments of the five clients with the most, as (judgment, client, entered, face)."""
    return [
        (row[0], row[1], row[2], row[3])
        for row in conn.execute(
            "with top as (select plaintiff_id from judgments where plaintiff_id is not null"
            " and status = 'active' group by 1 order by count(*) desc, 1 limit %s)"
            " select j.id, j.plaintiff_id, j.entry_date, j.principal from judgments j"
            " join top using (plaintiff_id) where j.status = 'active' order by j.id",
            (len(DEMO_TERMS),),
        ).fetchall()
    ]


def _pay(
    conn: psycopg.Connection,
    judgment: int,
    kind: LedgerKind,
    amount: Decimal,
    on: date,
    memo: str,
    direct: bool = False,
    reverses: int | None = None,
) -> int:
    entry = record_entry(
        conn, judgment, kind=kind, amount=amount, effective_on=on, memo=memo,
        reverses_id=reverses, actor="demo", confirm_duplicate=True, direct=direct,
    )  # fmt: skip
    return entry.id


def seed_client_money(url: str) -> int:
    """Agreements and payments for the demo, once; returns the payments recorded now."""
    with connect(url, autocommit=True) as conn:
        if conn.execute("select exists(select 1 from client_agreements)").fetchone() == (True,):
            return 0
        rng = random.Random(DEMO_SEED)
        today = today_in_new_york()
        judgments = _demo_judgments(conn)
        clients = sorted({client for _, client, _, _ in judgments})
        for client, terms in zip(clients, DEMO_TERMS, strict=False):
            set_agreement(conn, client, terms, date(2000, 1, 1), "demo")
        start = month_of(today - timedelta(days=75))
        picked = rng.sample(judgments, min(DEMO_PAYMENTS, len(judgments)))
        paid: list[tuple[int, int]] = []
        for number, (judgment, _, entered, face) in enumerate(picked):
            on = max(entered, start + timedelta(days=rng.randrange((today - start).days)))
            if number % 15 == 0:  # a marshal's fee advanced before the payment
                _pay(conn, judgment, LedgerKind.COST, Decimal("45.00"), on, "marshal fee")
            amount = (face * Decimal(rng.uniform(0.02, 0.25))).quantize(Decimal("0.01"))
            direct = number % 23 == 5
            memo = "paid to the client directly" if direct else f"check {1000 + number}"
            paid.append((judgment, _pay(conn, judgment, LedgerKind.PAYMENT, amount, on, memo,
                                        direct=direct)))  # fmt: skip
        bounced_judgment, bounced = paid[-1]
        row = conn.execute("select amount from ledger_entries where id = %s", (bounced,))
        _pay(conn, bounced_judgment, LedgerKind.PAYMENT, -row.fetchone()[0], today,  # type: ignore[index]
             "cheque returned unpaid", reverses=bounced)  # fmt: skip
        period = start
        while period < month_of(today):
            close_period(conn, period, "demo")
            period = next_month(period)
        return len(paid)
