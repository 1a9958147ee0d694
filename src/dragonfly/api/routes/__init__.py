"""One router per resource; the app includes them in this order."""

from __future__ import annotations

from fastapi import APIRouter

from dragonfly.api.routes import (
    actions,
    auth,
    calculator,
    debtors,
    docs,
    health,
    imports,
    judgments,
    ledger,
    overview,
    papers,
    plaintiffs,
    releases,
    tokens,
    users,
    vocabulary,
)

ROUTERS: list[APIRouter] = [
    health.router,
    auth.router,
    docs.router,
    judgments.router,
    ledger.router,
    actions.router,
    papers.router,
    plaintiffs.router,
    imports.router,
    overview.router,
    releases.router,
    calculator.router,
    debtors.router,
    users.router,
    tokens.router,
    vocabulary.router,
]

# The only routes anyone may call without signing in.
PUBLIC_PATHS = frozenset({"/health", "/readyz", "/version", "/api/v1/auth/login", "/"})
