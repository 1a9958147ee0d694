"""release.toml: what the pipeline tests, migrates, deploys, verifies and notifies.

The file names environment variables, never secret values; `environment.py` reads them.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dragonfly.release.errors import ReleaseConfigError

DEFAULT_CONFIG = Path("release.toml")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _env_name(value: str | None) -> str | None:
    if value is not None and not _ENV_NAME.match(value):
        raise ValueError(f"{value!r} is not an environment variable name")
    return value


class DatabasesConfig(_Strict):
    dev_url_env: str = "SUPABASE_DB_URL_DEV"
    prod_url_env: str = "SUPABASE_DB_URL_PROD"

    _names = field_validator("dev_url_env", "prod_url_env")(_env_name)


def _env_names(values: list[str]) -> list[str]:
    for value in values:
        _env_name(value)
    return values


class TestsConfig(_Strict):
    command: str = Field(min_length=1)
    timeout_seconds: float = Field(default=1800, gt=0)
    database_env: str = "DATABASE_URL"
    # The only variables the command gets besides BASIC_TEST_ENV and `database_env`.
    pass_env: list[str] = Field(default_factory=list)

    _names = field_validator("database_env")(_env_name)
    _passed = field_validator("pass_env")(_env_names)


class MigrationsConfig(_Strict):
    directory: Path = Path("supabase/migrations")
    lock_wait_seconds: float = Field(default=60, ge=0)


class LockConfig(_Strict):
    wait_seconds: float = Field(default=300, ge=0)


class VerifyConfig(_Strict):
    url: str | None = None
    url_env: str | None = None
    timeout_seconds: float = Field(default=300, gt=0)
    interval_seconds: float = Field(default=5, gt=0)
    request_timeout_seconds: float = Field(default=5, gt=0)

    _names = field_validator("url_env")(_env_name)

    @model_validator(mode="after")
    def _one_source(self) -> VerifyConfig:
        if (self.url is None) == (self.url_env is None):
            raise ValueError("give exactly one of url or url_env")
        return self


class TargetConfig(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    label: str | None = None
    kind: Literal["webhook", "command"]
    url_env: str | None = None
    method: Literal["POST", "GET", "PUT"] = "POST"
    expected_status: list[int] = Field(default_factory=lambda: [200, 201, 202, 204], min_length=1)
    command: str | None = None
    timeout_seconds: float = Field(default=30, gt=0)
    retries: int = Field(default=2, ge=0, le=10)
    verify: VerifyConfig | None = None

    _names = field_validator("url_env")(_env_name)

    @field_validator("expected_status", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, int) else value

    @model_validator(mode="after")
    def _kind_needs(self) -> TargetConfig:
        if self.kind == "webhook" and not self.url_env:
            raise ValueError("a webhook target needs url_env (the variable holding its URL)")
        if self.kind == "command" and not self.command:
            raise ValueError("a command target needs command")
        return self

    @property
    def title(self) -> str:
        return self.label or self.name


class NotifierConfig(_Strict):
    kind: Literal["discord", "webhook"]
    url_env: str
    timeout_seconds: float = Field(default=10, gt=0)
    retries: int = Field(default=3, ge=0, le=10)
    max_retry_wait_seconds: float = Field(default=30, ge=0)

    _names = field_validator("url_env")(_env_name)


class SecretsConfig(_Strict):
    """More variables whose values are masked everywhere (the `*_env` ones above always are)."""

    env: list[str] = Field(default_factory=list)

    _names = field_validator("env")(_env_names)


class ReleaseConfig(_Strict):
    project: str = "Dragonfly"
    databases: DatabasesConfig = DatabasesConfig()
    secrets: SecretsConfig = SecretsConfig()
    tests: TestsConfig
    migrations: MigrationsConfig = MigrationsConfig()
    lock: LockConfig = LockConfig()
    deploy: list[TargetConfig] = Field(default_factory=list)
    notify: list[NotifierConfig] = Field(default_factory=list)
    base_dir: Path = Path(".")

    @model_validator(mode="after")
    def _unique_targets(self) -> ReleaseConfig:
        names = [t.name for t in self.deploy]
        if len(names) != len(set(names)):
            raise ValueError("deploy target names must be unique")
        return self

    def secret_variables(self) -> list[str]:
        """Every variable whose value is masked: each one the file names as holding a URL or
        a secret, plus [secrets] env. Values passed to the tests (pass_env) only when listed."""
        names = [self.databases.dev_url_env, self.databases.prod_url_env, self.tests.database_env]
        for target in self.deploy:
            names.append(target.url_env or "")
            if target.verify is not None:
                names.append(target.verify.url_env or "")
        names += [n.url_env for n in self.notify]
        names += self.secrets.env
        return list(dict.fromkeys(n for n in names if n))

    def migrations_dir(self) -> Path:
        directory = self.migrations.directory
        return directory if directory.is_absolute() else self.base_dir / directory


def _field_path(location: tuple[int | str, ...]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def parse_release_config(text: str, *, source: str, base_dir: Path) -> ReleaseConfig:
    """Validate release.toml text; errors name the file and the field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ReleaseConfigError(f"{source} is not valid TOML: {exc}.") from exc
    if "base_dir" in data:
        raise ReleaseConfigError(f"{source}: base_dir: not a setting (it is where the file is).")
    try:
        return ReleaseConfig.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        problems = "; ".join(
            f"{_field_path(err['loc'])}: {err['msg']}" for err in exc.errors(include_url=False)
        )
        raise ReleaseConfigError(f"{source} is malformed: {problems}.") from exc


def load_release_config(path: Path | None = None) -> ReleaseConfig:
    """Read and validate release.toml (by default the one in the current folder)."""
    path = path or DEFAULT_CONFIG
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ReleaseConfigError(
            f"{path} not found. Run from the project root or pass --config PATH."
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ReleaseConfigError(f"{path} could not be read: {exc}.") from exc
    return parse_release_config(text, source=str(path), base_dir=path.resolve().parent)
