"""`dragonfly balance`: the post-judgment balance calculator, with its per-period breakdown."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal, InvalidOperation

import typer
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.core.clock import today_in_new_york
from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.interest import BalanceBreakdown, LedgerItem, compute_balance
from dragonfly.domain.vocabulary import InterestRegime, LedgerKind
from dragonfly.errors import InputError

AMOUNT = re.compile(r"^\$?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


def register(app: typer.Typer) -> None:
    app.command("balance")(balance)


def balance(
    principal: str = typer.Option(
        ..., "--principal", help="Amount awarded, e.g. 10000 or 10,000.00."
    ),
    entered: str = typer.Option(..., "--entered", help="Entry date, YYYY-MM-DD."),
    consumer: bool = typer.Option(False, "--consumer", help="Consumer-debt judgment (2% regime)."),
    payment: list[str] = typer.Option(
        [], "--payment", metavar="DATE:AMOUNT", help="DATE:AMOUNT received; repeatable."
    ),
    cost: list[str] = typer.Option(
        [], "--cost", metavar="DATE:AMOUNT", help="DATE:AMOUNT of costs incurred; repeatable."
    ),
    costs: str = typer.Option("0", "--costs", help="Costs awarded in the judgment itself."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Date to value at (default: today, New York)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Post-judgment interest and balance under CPLR 5004, period by period.

    Exit codes: 0 computed; 2 bad input (the message names the option and the problem).
    """
    ledger = [ledger_entry(text, LedgerKind.PAYMENT, "--payment") for text in payment]
    ledger += [ledger_entry(text, LedgerKind.COST, "--cost") for text in cost]
    result = compute_balance(
        parse_amount(principal, "--principal"),
        parse_date(entered, "--entered"),
        InterestRegime.CONSUMER if consumer else InterestRegime.STANDARD,
        ledger,
        parse_date(as_of, "--as-of") if as_of else today_in_new_york(),
        rules_in_force(),
        costs=parse_amount(costs, "--costs"),
    )
    if as_json:
        emit_json(dataclasses.asdict(result))
    else:
        show(result, consumer)


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"{option} {text!r} is not a real date: use YYYY-MM-DD, e.g. 2021-02-28."
        ) from None


def parse_amount(text: str, option: str) -> Decimal:
    cleaned = text.strip()
    if cleaned.startswith("-"):
        raise InputError(f"{option} {text!r} is negative: amounts must be zero or more.")
    if not AMOUNT.match(cleaned):
        raise InputError(f"{option} {text!r} is not an amount: use digits, e.g. 2000 or 2,000.50.")
    try:
        return Decimal(cleaned.replace(",", "").lstrip("$"))
    except InvalidOperation:  # pragma: no cover - the pattern already refused it
        raise InputError(f"{option} {text!r} is not an amount.") from None


def ledger_entry(text: str, kind: LedgerKind, option: str) -> LedgerItem:
    day, sep, amount = text.partition(":")
    if not sep or not day.strip() or not amount.strip():
        raise InputError(f"{option} {text!r} is not DATE:AMOUNT, e.g. 2021-01-01:2000.")
    value = parse_amount(amount, option)
    if value == 0:
        raise InputError(f"{option} {text!r} has a zero amount.")
    return LedgerItem(kind, value, parse_date(day, option))


def show(result: BalanceBreakdown, consumer: bool) -> None:
    periods = Table(title="Interest by period (days from start up to, not including, end)")
    for column in ("From", "To", "Days", "Rate", "Base", "Interest"):
        periods.add_column(column, justify="left" if column in ("From", "To") else "right")
    for p in result.periods:
        periods.add_row(
            str(p.start),
            str(p.end),
            str(p.days),
            f"{p.rate}%",
            f"{p.base:,.2f}",
            f"{p.interest:,.2f}",
        )
    console.print(periods)
    summary = Table(
        title=f"Balance as of {result.as_of} ({'consumer' if consumer else 'standard'})"
    )
    summary.add_column("")
    summary.add_column("Total", justify="right")
    summary.add_column("Still due", justify="right")
    summary.add_row("Principal", f"{result.principal:,.2f}", f"{result.principal_due:,.2f}")
    summary.add_row("Interest", f"{result.interest:,.2f}", f"{result.interest_due:,.2f}")
    summary.add_row("Costs", f"{result.costs:,.2f}", f"{result.costs_due:,.2f}")
    summary.add_row("Paid", f"{result.paid:,.2f}", "")
    if result.overpaid:
        summary.add_row("Overpaid", f"{result.overpaid:,.2f}", "")
    summary.add_row("[bold]Balance[/]", "", f"[bold]{result.balance:,.2f}[/]")
    console.print(summary)
