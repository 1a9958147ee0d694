"""Admin-only user management."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dragonfly.api.deps import Admin, Conn
from dragonfly.domain.vocabulary import UserRole
from dragonfly.services.accounts.users import create_user, get_user, list_users, update_user

router = APIRouter(prefix="/api/v1/users", tags=["users"])


class UserAdminOut(BaseModel):
    id: int
    email: str
    display_name: str
    role: str
    disabled: bool


class UserList(BaseModel):
    items: list[UserAdminOut]
    total: int


class NewUser(BaseModel):
    email: Annotated[str, Field(min_length=3, max_length=320)]
    display_name: Annotated[str, Field(max_length=200)] = ""
    role: UserRole = UserRole.VIEWER
    password: Annotated[str, Field(min_length=12, max_length=1024)]


class UserChange(BaseModel):
    role: UserRole | None = None
    disabled: bool | None = None


@router.get("", response_model=UserList)
def users_index(admin: Admin, conn: Conn) -> dict[str, Any]:
    users = list_users(conn)
    return {"items": [vars(u) for u in users], "total": len(users)}


@router.post("", response_model=UserAdminOut, status_code=201)
def users_create(body: NewUser, admin: Admin, conn: Conn) -> dict[str, Any]:
    user = create_user(
        conn,
        email=body.email,
        password=body.password,
        role=body.role,
        display_name=body.display_name,
        actor=admin.email,
    )
    return vars(user)


@router.patch("/{user_id}", response_model=UserAdminOut)
def users_update(user_id: int, body: UserChange, admin: Admin, conn: Conn) -> dict[str, Any]:
    get_user(conn, user_id)
    user = update_user(conn, user_id, actor=admin.email, role=body.role, disabled=body.disabled)
    return vars(user)
