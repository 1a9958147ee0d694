"""Log lines carry the request id and never a secret."""

from __future__ import annotations

import logging

from dragonfly.api.request_context import RequestIdFilter
from dragonfly.core.config import Settings
from dragonfly.core.secrets import RedactingFilter

LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def _known_secrets(settings: Settings) -> list[str]:
    values = [
        settings.dragonfly_secret_key,
        settings.database_url,
        settings.dragonfly_migration_database_url,
    ]
    return [v.get_secret_value() for v in values if v is not None]


def install_log_filters(settings: Settings) -> None:
    """One handler for Dragonfly's logs, with request ids and redaction; idempotent."""
    logger = logging.getLogger("dragonfly")
    if any(getattr(h, "_dragonfly", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler._dragonfly = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactingFilter(_known_secrets(settings)))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
