"""Users: create, list, change role, disable, sign in. Every change is audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, cast

import psycopg

from dragonfly.errors import Conflict, InputError, NotFound, Unauthorized
from dragonfly.services.accounts.passwords import (
    check_password_strength,
    hash_password,
    random_password,
    verify_password,
)
from dragonfly.services.accounts.throttle import forgive_attempt, reserve_attempt
from dragonfly.services.audit import record_audit

Role = Literal["admin", "ops", "viewer"]
ROLES: tuple[Role, ...] = ("admin", "ops", "viewer")
DEMO_ADMIN_EMAIL = "admin@demo.local"
_COLUMNS = "id, email, display_name, role::text, disabled"


@dataclass(frozen=True)
class User:
    id: int
    email: str
    display_name: str
    role: Role
    disabled: bool

    @property
    def can_write(self) -> bool:
        return self.role in ("admin", "ops")

    def public(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "disabled"}


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    local, _, domain = cleaned.partition("@")
    if not local or "." not in domain or " " in cleaned:
        raise InputError(f"{email!r} is not an e-mail address.")
    return cleaned


def parse_role(role: str) -> Role:
    for known in ROLES:
        if role == known:
            return known
    raise InputError(f"Role must be one of {', '.join(ROLES)}; got {role!r}.")


def _user(row: tuple[Any, ...]) -> User:
    return User(int(row[0]), row[1], row[2], cast(Role, row[3]), bool(row[4]))


def create_user(
    conn: psycopg.Connection,
    *,
    email: str,
    password: str,
    role: str = "viewer",
    display_name: str = "",
    actor: str,
) -> User:
    """Add a user; the password is stored only as an argon2 hash."""
    email, role = normalise_email(email), parse_role(role)
    check_password_strength(password)
    with conn.transaction():
        try:
            row = conn.execute(
                f"insert into users (email, display_name, role, password_hash)"
                f" values (%s, %s, %s, %s) returning {_COLUMNS}",
                (email, display_name.strip(), role, hash_password(password)),
            ).fetchone()
        except psycopg.errors.UniqueViolation as exc:
            raise InputError(f"A user with e-mail {email} already exists.") from exc
        assert row is not None
        user = _user(row)
        record_audit(
            conn,
            actor=actor,
            action="user.create",
            entity="user",
            entity_id=user.id,
            after=user.public(),
        )
    return user


def list_users(conn: psycopg.Connection) -> list[User]:
    return [_user(r) for r in conn.execute(f"select {_COLUMNS} from users order by id")]


def get_user(conn: psycopg.Connection, ref: int | str) -> User:
    """A user by id or e-mail."""
    if isinstance(ref, int) or str(ref).isdigit():
        row = conn.execute(f"select {_COLUMNS} from users where id = %s", (int(ref),)).fetchone()
    else:
        row = conn.execute(
            f"select {_COLUMNS} from users where email = %s", (str(ref).strip().lower(),)
        ).fetchone()
    if row is None:
        raise NotFound(f"No user {ref}.")
    return _user(row)


def update_user(
    conn: psycopg.Connection,
    ref: int | str,
    *,
    actor: str,
    role: str | None = None,
    disabled: bool | None = None,
) -> User:
    """Change a user's role and/or disabled flag; disabling also ends their sessions."""
    new_role = parse_role(role) if role is not None else None
    with conn.transaction():
        # Lock the enabled admins, so two admins demoting each other cannot both succeed.
        conn.execute("select id from users where role = 'admin' and not disabled for update")
        before = get_user(conn, ref)
        row = conn.execute(
            f"update users set role = coalesce(%s::user_role, role),"
            f" disabled = coalesce(%s, disabled), updated_at = now()"
            f" where id = %s returning {_COLUMNS}",
            (new_role, disabled, before.id),
        ).fetchone()
        assert row is not None
        after = _user(row)
        _refuse_if_no_admin_left(conn, before)
        if after.disabled:
            conn.execute(
                "update sessions set revoked_at = now() where user_id = %s and revoked_at is null",
                (after.id,),
            )
        record_audit(
            conn,
            actor=actor,
            action="user.update",
            entity="user",
            entity_id=after.id,
            before=asdict(before),
            after=asdict(after),
        )
    return after


class LastAdmin(Conflict):
    """The change would leave nobody able to manage users."""

    exit_code = 2


def _refuse_if_no_admin_left(conn: psycopg.Connection, changed: User) -> None:
    left = conn.execute("select count(*) from users where role = 'admin' and not disabled")
    row = left.fetchone()
    if row is not None and row[0] == 0:
        raise LastAdmin(
            f"{changed.email} is the only enabled admin; make another user an admin first, "
            "so someone can still manage users."
        )


def authenticate(conn: psycopg.Connection, email: str, password: str, client: str) -> User:
    """The user for these credentials, or Unauthorized; repeated failures become Throttled."""
    key = email.strip().lower()
    reserved = reserve_attempt(conn, key, client)
    row = conn.execute(
        f"select {_COLUMNS}, password_hash from users where email = %s", (key,)
    ).fetchone()
    valid = verify_password(row[5] if row else None, password)
    if row is None or not valid or row[4]:
        raise Unauthorized("The e-mail or password is wrong, or the account is disabled.")
    forgive_attempt(conn, key, reserved)
    return _user(row[:5])


def ensure_demo_admin(conn: psycopg.Connection) -> str | None:
    """Create admin@demo.local with a random password and return it once; None if it exists."""
    exists = conn.execute("select 1 from users where email = %s", (DEMO_ADMIN_EMAIL,)).fetchone()
    if exists:
        return None
    password = random_password()
    create_user(
        conn,
        email=DEMO_ADMIN_EMAIL,
        password=password,
        role="admin",
        display_name="Demo admin",
        actor="demo",
    )
    return password
