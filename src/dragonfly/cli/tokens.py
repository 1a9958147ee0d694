"""`dragonfly tokens`: create, list and revoke bearer API tokens for scripts."""

from __future__ import annotations

import typer
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.core.database import connect
from dragonfly.services.accounts.tokens import (
    DEFAULT_DAYS,
    MAX_DAYS,
    ApiToken,
    create_token,
    list_tokens,
    revoke_token,
)

EXIT_CODES = "Exit codes: 0 ok; 1 no such user or token; 2 bad input; 3 database unreachable."
ACTOR = "cli"

tokens_app = typer.Typer(
    help="Bearer tokens for scripts (Authorization: Bearer <token>). A token acts with its "
    "user's role, is shown once, and is stored only as a hash.\n\n" + EXIT_CODES,
    no_args_is_help=True,
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts.")


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.add_typer(tokens_app, name="tokens")


def _row(token: ApiToken) -> dict[str, object]:
    return vars(token)


@tokens_app.command("create")
def create(
    user: str = typer.Option(..., "--user", help="E-mail of the user the token acts as."),
    name: str = typer.Option(..., "--name", help="What uses it, e.g. nightly-export."),
    days: int = typer.Option(
        DEFAULT_DAYS, "--days", help=f"How long it works, 1 to {MAX_DAYS} days."
    ),
    as_json: bool = AsJson,
) -> None:
    """Create a token and print it once; store it in your secret manager now."""
    with connect(autocommit=True) as conn:
        token, plain = create_token(conn, user, name, actor=ACTOR, days=days)
    if as_json:
        emit_json({**_row(token), "token": plain})
        return
    console.print(
        f"Token {token.id} for {token.user_email} ({token.name}),"
        f" valid until {token.expires_at:%Y-%m-%d %H:%M %Z}:"
    )
    console.print(plain, highlight=False, soft_wrap=True)
    console.print("[yellow]This is the only time it is shown.[/]")


@tokens_app.command("list")
def list_(as_json: bool = AsJson) -> None:
    """Tokens with their prefix, owner, last use and whether revoked (never the token)."""
    with connect(autocommit=True) as conn:
        tokens = list_tokens(conn)
    if as_json:
        emit_json([_row(t) for t in tokens])
        return
    table = Table("id", "user", "name", "prefix", "created", "last used", "expires", "revoked")
    for t in tokens:
        table.add_row(
            str(t.id),
            t.user_email,
            t.name,
            t.prefix + "…",
            f"{t.created_at:%Y-%m-%d %H:%M}",
            f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "",
            f"{t.expires_at:%Y-%m-%d %H:%M}",
            f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "",
        )
    console.print(table)


@tokens_app.command("revoke")
def revoke(
    token_id: int = typer.Argument(..., help="Token id (see `tokens list`)."),
    as_json: bool = AsJson,
) -> None:
    """Stop a token working, immediately, on every server."""
    with connect(autocommit=True) as conn:
        token = revoke_token(conn, token_id, actor=ACTOR)
    if as_json:
        emit_json(_row(token))
    else:
        console.print(f"Token {token.id} ({token.name}) revoked.")
