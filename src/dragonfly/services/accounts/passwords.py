"""Password and secret hashing: argon2 for passwords, SHA-256 for high-entropy tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dragonfly.errors import InputError

_hasher = PasswordHasher()
# Verifying against this keeps the time of "no such user" close to "wrong password".
_DUMMY_HASH = _hasher.hash("not a real password")
MIN_PASSWORD_LENGTH = 12
TOKEN_PREFIX = "dft_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")


def random_password() -> str:
    return secrets.token_urlsafe(18)


def digest(value: str) -> str:
    """SHA-256 hex of a high-entropy secret (session id, API token): enough to store it safely."""
    return hashlib.sha256(value.encode()).hexdigest()


def new_api_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_session_id() -> str:
    return secrets.token_urlsafe(32)
