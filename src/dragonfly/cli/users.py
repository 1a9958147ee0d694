"""`dragonfly users`: add, list, disable, enable and set-role of the people who sign in."""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.core.database import connect
from dragonfly.domain.vocabulary import UserRole
from dragonfly.errors import InputError
from dragonfly.services.accounts.users import User, create_user, list_users, update_user

ROLES_HELP = " | ".join(UserRole) + "."
EXIT_CODES = (
    "Exit codes: 0 ok; 1 no such user; 2 bad input, or a change that would leave no enabled admin;"
    " 3 database unreachable."
)
ACTOR = "cli"

users_app = typer.Typer(
    help="Manage who can sign in, and their role.\n\n" + EXIT_CODES, no_args_is_help=True
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts.")


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.add_typer(users_app, name="users")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InputError("--password-stdin was given but standard input was empty.")
        return password
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _show(users: list[User], as_json: bool) -> None:
    if as_json:
        emit_json([vars(u) for u in users])
        return
    table = Table("id", "email", "name", "role", "disabled")
    for u in users:
        table.add_row(str(u.id), u.email, u.display_name, u.role, "yes" if u.disabled else "")
    console.print(table)


@users_app.command("add")
def add(
    email: str = typer.Argument(..., help="Sign-in e-mail."),
    role: str = typer.Option(UserRole.VIEWER.value, "--role", help=ROLES_HELP),
    name: str = typer.Option("", "--name", help="Display name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (no prompt)."
    ),
    as_json: bool = AsJson,
) -> None:
    """Add a user. The password is prompted for (hidden) or read from stdin; never echoed."""
    password = _read_password(password_stdin)
    with connect(autocommit=True) as conn:
        user = create_user(
            conn, email=email, password=password, role=role, display_name=name, actor=ACTOR
        )
    if as_json:
        emit_json(vars(user))
    else:
        console.print(f"Added {user.email} ({user.role}).")


@users_app.command("list")
def list_(as_json: bool = AsJson) -> None:
    """Every user, with role and whether they are disabled."""
    with connect(autocommit=True) as conn:
        _show(list_users(conn), as_json)


@users_app.command("disable")
def disable(email: str = typer.Argument(...), as_json: bool = AsJson) -> None:
    """Stop a user signing in; their open sessions end at once."""
    with connect(autocommit=True) as conn:
        _show([update_user(conn, email, actor=ACTOR, disabled=True)], as_json)


@users_app.command("enable")
def enable(email: str = typer.Argument(...), as_json: bool = AsJson) -> None:
    """Let a disabled user sign in again."""
    with connect(autocommit=True) as conn:
        _show([update_user(conn, email, actor=ACTOR, disabled=False)], as_json)


@users_app.command("set-role")
def set_role(
    email: str = typer.Argument(...),
    role: str = typer.Argument(..., help=ROLES_HELP),
    as_json: bool = AsJson,
) -> None:
    """Change what a user may do: viewers read, ops write, admins also manage users."""
    with connect(autocommit=True) as conn:
        _show([update_user(conn, email, actor=ACTOR, role=role)], as_json)
