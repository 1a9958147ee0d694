"""The cookie-signing key and the signer of session cookies."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from itsdangerous import BadSignature, URLSafeSerializer

from dragonfly.core.config import Settings
from dragonfly.errors import ConfigError


def resolve_secret_key(settings: Settings) -> str:
    """The configured key; in production none is an error; otherwise one kept in DRAGONFLY_HOME.

    The file is shared by every serve process using the same home, so a cookie signed by one
    process is accepted by the others.
    """
    if settings.dragonfly_secret_key is not None:
        key = settings.dragonfly_secret_key.get_secret_value()
        if len(key) < 32:
            raise ConfigError("DRAGONFLY_SECRET_KEY must be at least 32 characters long.")
        return key
    if settings.dragonfly_env == "production":
        raise ConfigError(
            "DRAGONFLY_SECRET_KEY is not set. In production the server refuses to start without "
            "it: set it to a long random value (for example `openssl rand -hex 32`)."
        )
    return _home_secret_key(settings.dragonfly_home)


def _home_secret_key(home: Path) -> str:
    path = home / "secret_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        # Written whole under a private name, then linked into place: a process starting at the
        # same moment sees either no key or the complete one, never an empty file.
        draft = home / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process placed its key first; everyone uses that one
        finally:
            draft.unlink()
    key = path.read_text().strip()
    if not key:
        raise ConfigError(f"{path} is empty; delete it so a new key is generated.")
    return key


class CookieSigner:
    """Signs session ids for the cookie, so a forged or altered cookie is rejected early."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt="dragonfly-session")

    def sign(self, session_id: str) -> str:
        return str(self._serializer.dumps(session_id))

    def unsign(self, cookie: str) -> str | None:
        try:
            value = self._serializer.loads(cookie)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None
