"""Redaction at the point of output: URL passwords, Dragonfly's own tokens and any value named
like a secret."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import urlsplit, urlunsplit

MASK = "***"
SECRET_NAME = re.compile(
    r"(PASSWORD|PASSWD|SECRET|TOKEN|KEY|WEBHOOK|DATABASE_URL|DB_URL|DSN|CREDENTIAL|AUTH)", re.I
)
_URL_PASSWORD = re.compile(
    r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]*):(?P<pw>[^@/\s]+)@", re.I
)

# Dragonfly's own bearer secrets by their prefix: API tokens (dft_) and calendar-feed tokens
# (dfc_, which travel in the feed's URL path and so reach the access log). A shown prefix of a
# few characters (dft_ab12cd) stays readable.
_OUR_TOKENS = re.compile(r"\b(df[ct]_)[A-Za-z0-9_-]{16,}")


def redact_url(url: str) -> str:
    """The URL with its password (and any query token) masked, safe to print."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    netloc = parts.netloc
    if parts.password:
        netloc = netloc.replace(f":{parts.password}@", f":{MASK}@", 1)
    query = re.sub(r"(?i)(password|token|key|secret)=[^&]*", rf"\1={MASK}", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def secret_values(environ: Mapping[str, str]) -> list[str]:
    """Values of variables whose names look like secrets, longest first, skipping trivial ones."""
    values = {v for k, v in environ.items() if SECRET_NAME.search(k) and len(v) >= 4}
    return sorted(values, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every known secret value and every URL password masked."""
    for value in secrets:
        if value:
            text = text.replace(value, MASK)
    text = _OUR_TOKENS.sub(lambda m: f"{m[1]}{MASK}", text)
    return _URL_PASSWORD.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)


class RedactingFilter(logging.Filter):
    """A logging filter that masks secrets in every record it passes."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = list(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self.secrets)
        record.args = ()
        return True


@contextlib.contextmanager
def masked_logs(secrets: list[str], logger_names: Iterable[str]) -> Iterator[None]:
    """While active, every record the named loggers write has the secrets masked."""
    mask = RedactingFilter(secrets)
    loggers = [logging.getLogger(name) for name in logger_names]
    for logger in loggers:
        logger.addFilter(mask)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(mask)
