"""`dragonfly users` and `dragonfly tokens`: whole outputs, no password or token echoed twice."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from core.dragonfly_subprocess import dragonfly
from dragonfly.cli.main import app
from dragonfly.core.config import get_settings
from dragonfly.services.accounts.users import LastAdmin

runner = CliRunner()
SECRET = "a very long test password"


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DRAGONFLY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


def test_users_add_list_set_role_disable(cli_env: None) -> None:
    added = invoke(
        "users",
        "add",
        "Boss@Example.com",
        "--role",
        "admin",
        "--name",
        "Boss",
        "--password-stdin",
        "--json",
        stdin=SECRET + "\n",
    )
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout) == {
        "id": 1,
        "email": "boss@example.com",
        "display_name": "Boss",
        "role": "admin",
        "disabled": False,
    }
    assert SECRET not in added.output
    listed = invoke("users", "list")
    assert "boss@example.com" in listed.stdout and "admin" in listed.stdout
    # The only admin can neither step down nor be disabled: nobody could manage users after.
    refused = invoke("users", "set-role", "boss@example.com", "ops")
    assert isinstance(refused.exception, LastAdmin)  # `dragonfly` prints it and exits 2
    assert refused.exception.exit_code == 2
    assert "only enabled admin" in refused.exception.message
    second = invoke("users", "add", "deputy@example.com", "--role", "admin", "--password-stdin",
                    stdin=SECRET + "\n")  # fmt: skip
    assert second.exit_code == 0, second.output
    changed = json.loads(invoke("users", "set-role", "boss@example.com", "ops", "--json").stdout)
    assert changed[0]["role"] == "ops"
    disabled = json.loads(invoke("users", "disable", "boss@example.com", "--json").stdout)
    assert disabled[0]["disabled"] is True
    assert isinstance(invoke("users", "disable", "deputy@example.com").exception, LastAdmin)


def test_users_add_prompts_without_echo(cli_env: None) -> None:
    result = invoke(
        "users", "add", "ops@example.com", "--role", "ops", stdin=f"{SECRET}\n{SECRET}\n"
    )
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert "Added ops@example.com (ops)." in result.output


def command(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The real console entry point, for exit codes and the one error line."""
    return dragonfly(*args, env=dict(os.environ), input=stdin, timeout=60)


def test_bad_input_exits_with_documented_codes_and_one_line(cli_env: None) -> None:
    short = command("users", "add", "x@example.com", "--password-stdin", stdin="short\n")
    assert (short.returncode, short.stderr.strip()) == (
        2,
        "Error: The password must be at least 12 characters long.",
    )
    role = command(
        "users", "add", "x@example.com", "--role", "owner", "--password-stdin", stdin=SECRET + "\n"
    )
    assert role.returncode == 2 and "Role must be one of admin, ops, viewer" in role.stderr
    missing = command("tokens", "revoke", "999", "--json")
    assert missing.returncode == 1
    assert json.loads(missing.stdout)["error"]["code"] == "not_found"
    assert "Traceback" not in short.stderr + role.stderr + missing.stderr


def test_tokens_create_use_list_revoke(cli_env: None, client: TestClient) -> None:
    invoke("users", "add", "bot@example.com", "--password-stdin", stdin=SECRET + "\n")
    created = invoke("tokens", "create", "--user", "bot@example.com", "--name", "export", "--json")
    assert created.exit_code == 0, created.output
    token = json.loads(created.stdout)["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/auth/me", headers=headers).json()["email"] == "bot@example.com"
    listed = invoke("tokens", "list", "--json")
    assert token not in listed.stdout
    row = json.loads(listed.stdout)[0]
    assert token.startswith(row["prefix"]) and row["last_used_at"] is not None
    revoked = invoke("tokens", "revoke", str(row["id"]))
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
    too_long = invoke(
        "tokens", "create", "--user", "bot@example.com", "--name", "x", "--days", "999"
    )
    assert "1 to 366 days" in str(too_long.exception)  # printed as one line, exit 2


def test_serve_without_a_database_exits_3_with_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://nobody:pw@127.0.0.1:1/none",
        "DRAGONFLY_HOME": str(tmp_path),
    }
    result = dragonfly("serve", "--port", "1", env=env, timeout=60)
    assert result.returncode == 3
    assert result.stderr.startswith("Error: Could not connect to the database")
    assert "Traceback" not in result.stderr and ":pw@" not in result.stderr


def test_serve_in_production_without_a_secret_key_exits_2(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "DRAGONFLY_HOME": str(tmp_path),
        "DRAGONFLY_ENV": "production",
    }
    env.pop("DRAGONFLY_SECRET_KEY", None)
    result = dragonfly("serve", env=env, timeout=60)
    assert result.returncode == 2 and "DRAGONFLY_SECRET_KEY is not set" in result.stderr
