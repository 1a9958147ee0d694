"""Admin-only: who receives the daily digest by email (a user, or every user of a role)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, model_validator

from dragonfly.api.deps import Admin, Conn
from dragonfly.api.models import EntityId
from dragonfly.domain.vocabulary import UserRole
from dragonfly.services.alerts.subscriptions import (
    Subscription,
    list_subscriptions,
    subscribe,
    unsubscribe,
)

router = APIRouter(prefix="/api/v1/alerts", tags=["alerts"])


class SubscriptionOut(BaseModel):
    id: int
    user_email: str | None
    role: str | None
    created_by: str


class SubscriptionList(BaseModel):
    items: list[SubscriptionOut]


class SubscriptionIn(BaseModel):
    user: Annotated[str, Field(min_length=3, max_length=320)] | None = Field(
        default=None, description="A user's sign-in email."
    )
    role: UserRole | None = Field(default=None, description="Every enabled user of this role.")

    @model_validator(mode="after")
    def _one_of(self) -> SubscriptionIn:
        if (self.user is None) == (self.role is None):
            raise ValueError("give either user or role")
        return self


@router.get("/subscriptions", response_model=SubscriptionList)
def subscriptions_index(admin: Admin, conn: Conn) -> dict[str, list[Subscription]]:
    return {"items": list_subscriptions(conn)}


@router.post("/subscriptions", response_model=SubscriptionOut, status_code=201)
def subscriptions_create(body: SubscriptionIn, admin: Admin, conn: Conn) -> Subscription:
    """Subscribe a user or a role to the emailed digest; audited."""
    role = body.role.value if body.role else None
    return subscribe(conn, user=body.user, role=role, actor=admin.email)


@router.delete("/subscriptions/{subscription_id}", status_code=204, response_class=Response)
def subscriptions_delete(subscription_id: EntityId, admin: Admin, conn: Conn) -> Response:
    unsubscribe(conn, subscription_id, actor=admin.email)
    return Response(status_code=204)
