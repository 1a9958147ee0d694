"""Users: create, list, change role, disable, sign in. Every change is audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import psycopg
from psycopg.rows import class_row, dict_row

from dragonfly.domain.vocabulary import UserRole
from dragonfly.errors import Conflict, InputError, NotFound, Unauthorized
from dragonfly.services.accounts.passwords import (
    check_password_strength,
    hash_password,
    random_password,
    verify_password,
)
from dragonfly.services.accounts.throttle import (
    clear_account_failures,
    lock_account_attempts,
    record_failure,
    refuse_if_throttled,
)
from dragonfly.services.audit import record_audit

DEMO_ADMIN_EMAIL = "admin@demo.local"
# Roles that may change data; viewers only read.
WRITERS = frozenset({UserRole.ADMIN, UserRole.OPS})
# Qualified by the alias `u`, so the same list serves joins with sessions and tokens.
USER_COLUMNS = "u.id, u.email, u.display_name, u.role::text as role, u.disabled"


@dataclass(frozen=True)
class User:
    id: int
    email: str
    display_name: str
    role: UserRole
    disabled: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", UserRole(self.role))

    @property
    def can_write(self) -> bool:
        return self.role in WRITERS

    def public(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "disabled"}


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    local, _, domain = cleaned.partition("@")
    if not local or "." not in domain or " " in cleaned:
        raise InputError(f"{email!r} is not an e-mail address.")
    return cleaned


def parse_role(role: str) -> UserRole:
    try:
        return UserRole(role)
    except ValueError:
        raise InputError(f"Role must be one of {', '.join(UserRole)}; got {role!r}.") from None


def create_user(
    conn: psycopg.Connection,
    *,
    email: str,
    password: str,
    role: str = UserRole.VIEWER,
    display_name: str = "",
    actor: str,
) -> User:
    """Add a user; the password is stored only as an argon2 hash."""
    email, role = normalise_email(email), parse_role(role)
    check_password_strength(password)
    with conn.transaction():
        try:
            with conn.cursor(row_factory=class_row(User)) as cur:
                user = cur.execute(
                    f"insert into users as u (email, display_name, role, password_hash)"
                    f" values (%s, %s, %s, %s) returning {USER_COLUMNS}",
                    (email, display_name.strip(), role, hash_password(password)),
                ).fetchone()
        except psycopg.errors.UniqueViolation as exc:
            raise InputError(f"A user with e-mail {email} already exists.") from exc
        assert user is not None
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
    with conn.cursor(row_factory=class_row(User)) as cur:
        return cur.execute(f"select {USER_COLUMNS} from users u order by u.id").fetchall()


def get_user(conn: psycopg.Connection, ref: int | str) -> User:
    """A user by id or e-mail."""
    by_id = isinstance(ref, int) or str(ref).isdigit()
    with conn.cursor(row_factory=class_row(User)) as cur:
        user = cur.execute(
            f"select {USER_COLUMNS} from users u where u.{'id' if by_id else 'email'} = %s",
            (int(ref) if by_id else str(ref).strip().lower(),),
        ).fetchone()
    if user is None:
        raise NotFound(f"No user {ref}.")
    return user


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
        conn.execute(
            "select id from users where role = %s and not disabled for update", (UserRole.ADMIN,)
        )
        before = get_user(conn, ref)
        with conn.cursor(row_factory=class_row(User)) as cur:
            after = cur.execute(
                f"update users u set role = coalesce(%s::user_role, u.role),"
                f" disabled = coalesce(%s, u.disabled), updated_at = now()"
                f" where u.id = %s returning {USER_COLUMNS}",
                (new_role, disabled, before.id),
            ).fetchone()
        assert after is not None
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
    left = conn.execute(
        "select count(*) from users where role = %s and not disabled", (UserRole.ADMIN,)
    )
    row = left.fetchone()
    if row is not None and row[0] == 0:
        raise LastAdmin(
            f"{changed.email} is the only enabled admin; make another user an admin first, "
            "so someone can still manage users."
        )


def authenticate(conn: psycopg.Connection, email: str, password: str, client: str) -> User:
    """The user for these credentials, or Unauthorized; repeated failures become Throttled."""
    key = email.strip().lower()
    with conn.transaction():
        lock_account_attempts(conn, key)
        refuse_if_throttled(conn, key, client)
        with conn.cursor(row_factory=dict_row) as cur:
            row = cur.execute(
                f"select {USER_COLUMNS}, u.password_hash from users u where u.email = %s", (key,)
            ).fetchone()
        password_hash = row.pop("password_hash") if row else None
        failed = row is None or not verify_password(password_hash, password) or row["disabled"]
        if failed:
            record_failure(conn, key, client)
        else:
            clear_account_failures(conn, key)
    # Raised only now, so the failure above is committed with the transaction, not rolled back.
    if failed or row is None:
        raise Unauthorized("The e-mail or password is wrong, or the account is disabled.")
    return User(**row)


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
        role=UserRole.ADMIN,
        display_name="Demo admin",
        actor="demo",
    )
    return password
