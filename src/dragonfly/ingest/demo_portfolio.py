"""`dragonfly demo` as service calls: a database, its schema, a seeded portfolio, imported once."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from dragonfly.core.config import Settings, get_settings
from dragonfly.core.database import connect, resolve_database_url, resolve_migration_url
from dragonfly.domain.vocabulary import ImportStatus, JudgmentStatus
from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.ingest.pipeline import ImportResult, import_file
from dragonfly.migrate import apply_migrations

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
