"""Outgoing HTTP for hooks, verification and notifications: one TLS context for the whole run
(building one per request costs more than a local hook call), bounded timeouts, our user agent."""

from __future__ import annotations

import ssl
from functools import lru_cache

import httpx

USER_AGENT = "dragonfly-release"


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


def http_client(timeout: float) -> httpx.Client:
    """A client that verifies certificates with the system's trust store."""
    return httpx.Client(timeout=timeout, verify=_tls_context(), headers={"User-Agent": USER_AGENT})
