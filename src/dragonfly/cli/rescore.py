"""`dragonfly rescore`: value every judgment now, as the daily job does."""

from __future__ import annotations

import time
from contextlib import nullcontext

import typer

from dragonfly.cli.balance import parse_date
from dragonfly.cli.output import console, emit_json
from dragonfly.core.clock import today_in_new_york
from dragonfly.core.database import connect, resolve_database_url
from dragonfly.ingest.batches import database_errors
from dragonfly.services.enforcement import refresh_action_deadlines
from dragonfly.valuation import refresh_judgments

TIERS_SQL = "select coalesce(tier, '-'), count(*) from valued_judgments group by 1 order by 1"


def register(app: typer.Typer) -> None:
    app.command("rescore")(rescore)


def rescore(
    as_of: str | None = typer.Option(
        None, "--as-of", help="Value as of this date (YYYY-MM-DD); default today in New York."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Recompute and store every judgment's balance and score, and every open action's
    deadlines, with the rules in force.

    The new values replace the old all at once; until then the dashboard shows the old ones.

    Exit codes: 0 done; 2 bad --as-of; 3 database error (the stored values are unchanged).
    """
    day = parse_date(as_of, "--as-of") if as_of else today_in_new_york()
    started = time.perf_counter()
    spinner = console.status("Valuing every judgment...")
    with connect(resolve_database_url()) as conn, database_errors("Rescoring"):
        with spinner if console.is_terminal and not as_json else nullcontext():
            valued = refresh_judgments(conn, as_of=day)
            refresh_action_deadlines(conn)
        tiers = {tier: int(count) for tier, count in conn.execute(TIERS_SQL)}
    seconds = round(time.perf_counter() - started, 2)
    if as_json:
        emit_json({"as_of": day, "judgments_valued": valued, "seconds": seconds, "tiers": tiers})
        return
    console.print(
        f"Valued {valued:,} judgments as of {day.isoformat()} in {seconds:.2f} s.", highlight=False
    )
    if tiers:
        console.print(
            "Tiers: " + ", ".join(f"{tier} {count:,}" for tier, count in tiers.items()),
            highlight=False,
        )
