"""`dragonfly demo`: a ready-to-explore database, and synthetic judgment files on demand."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.core.database import connect
from dragonfly.core.secrets import redact_url
from dragonfly.errors import InputError
from dragonfly.ingest import demo_portfolio
from dragonfly.ingest.demo_data import FORMATS, write_demo_file

demo_app = typer.Typer(
    help="Demo data. With no subcommand: start the database, apply migrations, import a seeded "
    "2,000-judgment portfolio (once), create the demo admin (its password is printed once), "
    "then serve the dashboard with a job worker until Ctrl+C.\n\n"
    "Exit codes: 0 ok; 2 bad input; 3 database unreachable; 4 a migration failed.",
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts.")


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.add_typer(demo_app, name="demo")


@demo_app.callback(invoke_without_command=True)
def demo(
    ctx: typer.Context,
    as_json: bool = AsJson,
    no_serve: bool = typer.Option(False, "--no-serve", help="Load the demo, then stop."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address the dashboard listens on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Dashboard port."),
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from dragonfly.cli.serve import serve
    from dragonfly.services.accounts.users import DEMO_ADMIN_EMAIL

    load_demo(as_json=as_json)
    if not no_serve and not as_json:
        console.print(f"Open http://{host}:{port} and sign in as {DEMO_ADMIN_EMAIL}.")
        serve(host=host, port=port, workers=1, with_worker=True)


def load_demo(*, as_json: bool) -> None:
    """Database, migrations, demo portfolio and demo admin; prints what was done."""
    from dragonfly.services.accounts.users import DEMO_ADMIN_EMAIL, ensure_demo_admin

    url, applied = demo_portfolio.prepare_database()
    path = demo_portfolio.demo_portfolio_file()
    result = demo_portfolio.import_demo_portfolio(url, path)
    payments = demo_portfolio.seed_client_money(url)
    status = demo_portfolio.portfolio_status(url)
    with connect(url) as conn:
        password = ensure_demo_admin(conn)
    if as_json:
        emit_json({"database": redact_url(url), "migrations_applied": applied, "file": path,
                   "import": result.as_dict(), "status": vars(status),
                   "client_money_payments": payments,
                   "admin": {"email": DEMO_ADMIN_EMAIL, "password": password}})  # fmt: skip
        return
    console.print(f"Database: {redact_url(url)} ({len(applied)} migrations applied now)")
    console.print(result.message, highlight=False)
    if payments:
        console.print(
            f"Client money: agreements and {payments} payments recorded (Clients screen)."
        )
    table = Table("judgments", "active balance", "tiers A/B/C/D/F", "batches", title="Portfolio")
    tiers = "/".join(str(status.tiers.get(t, 0)) for t in "ABCDF")
    table.add_row(
        f"{status.judgments:,}", f"${status.active_balance:,.2f}", tiers, str(status.batches)
    )
    console.print(table)
    if password:
        console.print(
            f"Demo admin created: {DEMO_ADMIN_EMAIL} / [bold]{password}[/] "
            "(shown only this once; `dragonfly users` manages accounts)."
        )
    else:
        console.print(f"Demo admin {DEMO_ADMIN_EMAIL} already exists (password shown when made).")


@demo_app.command("generate", help="Write a synthetic NY judgment file in a field format.")
def generate(
    rows: int = typer.Option(1000, "--rows", help="Judgments to write."),
    fmt: str = typer.Option(
        "simplicity", "--format", help="simplicity | court | foil | jbi | canonical"
    ),
    seed: int = typer.Option(7, "--seed", help="Same seed, same file."),
    defect_rate: float = typer.Option(0.02, "--defect-rate", help="Share of rows with a defect."),
    out: Path | None = typer.Option(None, "--out", help="Output file (default demo_<format>.csv)."),
    as_json: bool = AsJson,
) -> None:
    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}, not '{fmt}'.")
    if rows < 1:
        raise InputError(f"--rows must be at least 1, not {rows}.")
    if not 0 <= defect_rate <= 1:
        raise InputError(f"--defect-rate must be between 0 and 1, not {defect_rate}.")
    path = write_demo_file(out or Path(f"demo_{fmt}.csv"), rows, fmt, seed, defect_rate)
    if as_json:
        emit_json({"file": path, "rows": rows, "format": fmt, "seed": seed})
        return
    console.print(f"Wrote {rows:,} {fmt} judgments to {path}.", highlight=False)
