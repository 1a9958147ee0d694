"""One router per resource; the app includes them in this order."""

from __future__ import annotations

from fastapi import APIRouter

from dragonfly.api.routes import (
    acknowledgments,
    actions,
    alerts,
    auth,
    calculator,
    calendar,
    client_money,
    courts,
    debtors,
    desk,
    docs,
    health,
    import_refusals,
    import_sources,
    imports,
    judgments,
    ledger,
    overview,
    paper_runs,
    papers,
    plaintiffs,
    releases,
    tokens,
    transcripts,
    users,
    vocabulary,
)

ROUTERS: list[APIRouter] = [
    health.router,
    auth.router,
    docs.router,
    judgments.router,
    ledger.router,
    acknowledgments.router,
    transcripts.router,
    actions.router,
    desk.router,
    desk.owners,
    papers.router,
    paper_runs.router,
    plaintiffs.router,
    client_money.router,
    imports.router,
    import_sources.router,
    import_refusals.router,
    overview.router,
    releases.router,
    calculator.router,
    courts.router,
    debtors.router,
    users.router,
    alerts.router,
    tokens.router,
    calendar.router,
    calendar.feed,
    vocabulary.router,
]

# The only routes anyone may call without signing in (a calendar feed's token is its own key).
PUBLIC_PATHS = frozenset(
    {"/health", "/readyz", "/version", "/api/v1/auth/login", "/", calendar.FEED_PATH}
)
