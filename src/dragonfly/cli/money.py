"""`dragonfly remittances`, `agreements` and `trust`: client money (docs/CLIENT_MONEY.md)."""

from __future__ import annotations

import dataclasses
import os
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

import typer
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.core.clock import today_in_new_york
from dragonfly.core.config import get_settings
from dragonfly.core.database import connect
from dragonfly.domain.client_money import FeeBand, Terms
from dragonfly.domain.money import MAX_AMOUNT
from dragonfly.domain.vocabulary import (
    CostHandling,
    FeeBandBasis,
    RemittanceBasis,
    RemittanceCadence,
    TrustParty,
)
from dragonfly.errors import InputError
from dragonfly.papers.profile import firm_profile
from dragonfly.papers.statements import render_statement_pdfs, statement_pdf
from dragonfly.services.money.agreements import list_agreements, set_agreement
from dragonfly.services.money.backfill import split_unsplit_payments
from dragonfly.services.money.closing import close_period, parse_period
from dragonfly.services.money.reconciliation import reconcile
from dragonfly.services.money.statements import period_statements, statement, statement_csv
from dragonfly.services.money.trust import disburse, reverse_disbursement

EXIT_CODES = (
    "Exit codes: 0 done; 1 no such client, or refused by the records (a closed period); 2 bad "
    "input or an overdrawn ledger; 3 database unreachable; 4 the reconciliation found "
    "differences."
)
remittances_app = typer.Typer(help="Close a month and make statements.\n\n" + EXIT_CODES)
agreements_app = typer.Typer(help="Client agreements (fees, costs, remittance).\n\n" + EXIT_CODES)
trust_app = typer.Typer(help="The escrow account: pay out, reconcile.\n\n" + EXIT_CODES)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts.")
# Ids are bigint: a larger one is refused here, in words, not by the database.
MAX_ID = 2**62
Actor = typer.Option("cli", "--as", help="Who is doing it, for the record.")
DIFFERENCES_EXIT = 4


def register(app: typer.Typer) -> None:
    app.add_typer(remittances_app, name="remittances", no_args_is_help=True)
    app.add_typer(agreements_app, name="agreements", no_args_is_help=True)
    app.add_typer(trust_app, name="trust", no_args_is_help=True)


def _amount(text: str, option: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("$", "").strip())
    except InvalidOperation:
        raise InputError.in_field(
            option, f"{option} {text!r} is not an amount, e.g. 25.50."
        ) from None
    if not value.is_finite() or abs(value) > MAX_AMOUNT:
        # Also keeps quantize below within the decimal context (1e30 would raise, not refuse).
        raise InputError.in_field(
            option, f"{option} {text!r} is not an amount up to ${MAX_AMOUNT:,.2f}."
        )
    if value != value.quantize(Decimal("0.01")):
        raise InputError.in_field(option, f"{option} {text!r} is not an amount in cents.")
    return value


def _day(text: str | None, option: str) -> date:
    if text is None:
        return today_in_new_york()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError.in_field(
            option, f"{option} {text!r} is not a date (YYYY-MM-DD)."
        ) from None


E = TypeVar("E", CostHandling, RemittanceBasis, RemittanceCadence, FeeBandBasis, TrustParty)


def _choice(kind: type[E], text: str, option: str) -> E:
    try:
        return kind(text)
    except ValueError:
        names = " | ".join(k.value for k in kind)
        raise InputError.in_field(option, f"{option} {text!r}: choose one of {names}.") from None


@remittances_app.command("close")
def close(
    period: str = typer.Option(..., "--period", help="The month to close, YYYY-MM."),
    actor: str = Actor,
    as_json: bool = AsJson,
) -> None:
    """Close a month: remit to each client and the firm what escrow holds for them, fix each
    client's statement. A month closes once; later corrections land in the next month."""
    month = parse_period(period)
    with connect(autocommit=True) as conn:
        statements = close_period(conn, month, actor)
    if as_json:
        emit_json({"period": period, "statements": [dataclasses.asdict(s) for s in statements]})
        return
    table = Table(title=f"Closed {month:%Y-%m}")
    for column in ("client", "payments", "fees", "remitted", "to firm", "billed", "carried"):
        table.add_column(column, justify="left" if column == "client" else "right")
    for s in statements:
        table.add_row(
            str(s.plaintiff_id or "-"), f"{s.payments:,.2f}", f"{s.fees:,.2f}",
            f"{s.remitted:,.2f}", f"{s.paid_to_firm:,.2f}", f"{s.billed:,.2f}",
            f"{s.carried_forward:,.2f}",
        )  # fmt: skip
    console.print(table)


@remittances_app.command("split-missing")
def split_missing(actor: str = Actor, as_json: bool = AsJson) -> None:
    """Split every payment that has no split yet (payments recorded before client money
    existed, or loaded straight into the ledger), as of each payment's date."""
    with connect(autocommit=True) as conn:
        count = split_unsplit_payments(conn, actor)
    if as_json:
        emit_json({"split": count})
    else:
        console.print(f"Split {count:,} payment(s).")


@remittances_app.command("statement")
def statement_command(
    client: int = typer.Option(
        ..., "--client", min=1, max=MAX_ID, help="The client's (plaintiff's) id."
    ),
    period: str = typer.Option(..., "--period", help="The month, YYYY-MM."),
    csv_to: Path | None = typer.Option(None, "--csv", help="Write the CSV here."),
    pdf_to: Path | None = typer.Option(None, "--pdf", help="Write the PDF here."),
) -> None:
    """One client's statement for one month (a preview while the month is open)."""
    month = parse_period(period)
    with connect(autocommit=True) as conn:
        stmt = statement(conn, client, month)
        text = statement_csv(stmt)
        if pdf_to is not None:
            pdf_to.write_bytes(statement_pdf(conn, client, month, get_settings()))
    if csv_to is not None:
        csv_to.write_text(text)
    if csv_to is None and pdf_to is None:
        typer.echo(text, nl=False)


@remittances_app.command("statements")
def statements_command(
    period: str = typer.Option(..., "--period", help="The month, YYYY-MM."),
    out: Path = typer.Option(..., "--out", help="Folder to write every client's CSV and PDF."),
    as_json: bool = AsJson,
) -> None:
    """Every client's statement for one month, as CSV and PDF files in one folder."""
    month = parse_period(period)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError.in_field(
            "--out", f"--out {out}: cannot make that folder ({exc.strerror})."
        ) from None
    with connect(autocommit=True) as conn:
        statements = period_statements(conn, month)
        profile = firm_profile(conn)
    written = []
    pdfs = render_statement_pdfs(statements, profile, get_settings(), os.cpu_count() or 1)
    for stmt, pdf in zip(statements, pdfs, strict=True):
        stem = out / f"statement-{stmt.plaintiff_id}-{month:%Y-%m}"
        stem.with_suffix(".csv").write_text(statement_csv(stmt))
        stem.with_suffix(".pdf").write_bytes(pdf)
        written.append(str(stem))
    if as_json:
        emit_json({"period": period, "written": written})
    else:
        console.print(f"Wrote {len(written)} statements (CSV and PDF) to {out}.")


@agreements_app.command("set")
def set_command(
    client: int = typer.Option(
        ..., "--client", min=1, max=MAX_ID, help="The client's (plaintiff's) id."
    ),
    fee: str = typer.Option(..., "--fee", help="Contingency fee in percent, 0-100, e.g. 33.33."),
    effective: str | None = typer.Option(None, "--from", help="Applies from, YYYY-MM-DD."),
    costs: str = typer.Option("absorbed", "--costs", help="recovered_first | billed | absorbed"),
    remittance: str = typer.Option("net", "--remittance", help="net | gross"),
    cadence: str = typer.Option("monthly", "--cadence", help="monthly | quarterly"),
    band_basis: str | None = typer.Option(None, "--band-basis", help="age_days | amount"),
    band: list[str] = typer.Option(
        [], "--band", metavar="UP_TO:PERCENT", help="A fee band; UP_TO '-' for no limit."
    ),
    actor: str = Actor,
    as_json: bool = AsJson,
) -> None:
    """Record a client's terms from a date (an admin's decision; history is kept)."""
    terms = Terms(
        fee_percent=_amount(fee, "--fee"),
        cost_handling=_choice(CostHandling, costs, "--costs"),
        remittance=_choice(RemittanceBasis, remittance, "--remittance"),
        cadence=_choice(RemittanceCadence, cadence, "--cadence"),
        band_basis=_choice(FeeBandBasis, band_basis, "--band-basis") if band_basis else None,
        bands=tuple(_band(text) for text in band),
    )
    with connect(autocommit=True) as conn:
        agreement = set_agreement(conn, client, terms, _day(effective, "--from"), actor)
    if as_json:
        emit_json(dataclasses.asdict(agreement))
        return
    console.print(
        f"{agreement.plaintiff}: {agreement.fee_percent}% from {agreement.effective_on}, "
        f"costs {agreement.cost_handling}, {agreement.remittance} remittance, {agreement.cadence}."
    )


def _band(text: str) -> FeeBand:
    up_to, _, percent = text.partition(":")
    if not percent:
        raise InputError.in_field("--band", f"--band {text!r}: write UP_TO:PERCENT, e.g. 365:25.")
    limit = None if up_to.strip() == "-" else _amount(up_to, "--band")
    return FeeBand(up_to=limit, percent=_amount(percent, "--band"))


@agreements_app.command("list")
def list_command(
    client: int | None = typer.Option(
        None, "--client", min=1, max=MAX_ID, help="Only this client."
    ),
    as_json: bool = AsJson,
) -> None:
    """Every agreement, oldest first per client."""
    with connect(autocommit=True) as conn:
        rows = list_agreements(conn, client)
    if as_json:
        emit_json([dataclasses.asdict(row) for row in rows])
        return
    table = Table()
    for column in ("client", "from", "fee %", "bands", "costs", "remittance", "cadence", "by"):
        table.add_column(column)
    for a in rows:
        bands = ", ".join(f"{b['up_to'] or '∞'}:{b['percent']}" for b in a.fee_bands)
        table.add_row(
            f"{a.plaintiff} ({a.plaintiff_id})", str(a.effective_on), str(a.fee_percent),
            f"{a.band_basis} {bands}" if bands else "-", a.cost_handling, a.remittance,
            a.cadence, a.created_by,
        )  # fmt: skip
    console.print(table)


@trust_app.command("disburse")
def disburse_command(
    client: int = typer.Option(
        ..., "--client", min=1, max=MAX_ID, help="The client's (plaintiff's) id."
    ),
    to: str = typer.Option(..., "--to", help="client | firm | debtor (an overpayment refund)."),
    amount: str = typer.Option(..., "--amount", help="The amount, e.g. 250.00."),
    on: str | None = typer.Option(None, "--on", help="Date paid, YYYY-MM-DD (default today)."),
    memo: str = typer.Option("", "--memo", help="Cheque or wire reference."),
    judgment: int | None = typer.Option(
        None,
        "--judgment",
        min=1,
        max=MAX_ID,
        help="A refund (--to debtor): the id of the judgment the debtor overpaid.",
    ),
    actor: str = Actor,
    as_json: bool = AsJson,
) -> None:
    """Pay money out of escrow; never more than it holds for that client and party (and for a
    refund, for that judgment's debtor)."""
    party = _choice(TrustParty, to, "--to")
    with connect(autocommit=True) as conn:
        entry = disburse(
            conn, client, party, _amount(amount, "--amount"), _day(on, "--on"), memo, actor,
            judgment_id=judgment,
        )  # fmt: skip
    if as_json:
        emit_json(dataclasses.asdict(entry))
        return
    console.print(f"Paid {-entry.amount:,.2f} to the {party} (trust entry {entry.id}).")


@trust_app.command("reverse")
def reverse_command(
    entry: int = typer.Option(..., "--entry", min=1, max=MAX_ID, help="The disbursement's id."),
    on: str | None = typer.Option(None, "--on", help="Date undone, YYYY-MM-DD (default today)."),
    memo: str = typer.Option("", "--memo", help="Why, e.g. cheque 1042 returned."),
    actor: str = Actor,
    as_json: bool = AsJson,
) -> None:
    """Undo a disbursement made in error (a returned cheque): a new entry; the old one stays."""
    with connect(autocommit=True) as conn:
        undone = reverse_disbursement(conn, entry, _day(on, "--on"), memo, actor)
    if as_json:
        emit_json(dataclasses.asdict(undone))
        return
    console.print(
        f"Reversed disbursement {entry}: {undone.amount:,.2f} back in escrow for the "
        f"{undone.party} (trust entry {undone.id})."
    )


@trust_app.command("reconcile")
def reconcile_command(
    bank: str = typer.Option(..., "--bank", help="The bank statement's closing balance."),
    as_of: str | None = typer.Option(None, "--as-of", help="Statement date (default today)."),
    actor: str = Actor,
    as_json: bool = AsJson,
) -> None:
    """Three-way reconciliation: bank statement, book balance, sum of client ledgers. Kept on
    record; exits 4 when they differ, listing each difference."""
    with connect(autocommit=True) as conn:
        result = reconcile(conn, _amount(bank, "--bank"), _day(as_of, "--as-of"), actor)
    if as_json:
        emit_json(
            {
                "as_of": result.as_of,
                "bank_balance": result.bank_balance,
                "book_balance": result.book_balance,
                "client_ledgers": result.client_ledgers,
                "balanced": result.balanced,
                "differences": result.differences,
            }
        )
    else:
        console.print(
            f"Bank {result.bank_balance:,.2f} · book {result.book_balance:,.2f} · client "
            f"ledgers {result.client_ledgers:,.2f}: "
            + ("balanced." if result.balanced else "DIFFERENCES:")
        )
        for line in result.differences:
            console.print("  " + ", ".join(f"{k} {v}" for k, v in line.items()))
    if not result.balanced:
        raise typer.Exit(DIFFERENCES_EXIT)
