"""Migration files on disk: `<14-digit UTC timestamp>_<snake_name>.sql`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from dragonfly.errors import ConfigError

FILE_NAME = re.compile(r"^(?P<version>\d{14})_(?P<name>[a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class MigrationFile:
    version: str
    name: str
    path: Path

    @cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def checksum(self) -> str:
        """SHA-256 of the text with line endings normalised, so CRLF checkouts are not drift."""
        normalised = self.text.replace("\r\n", "\n").replace("\r", "\n")
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def default_migrations_dir() -> Path:
    """supabase/migrations in a checkout; the copy packed into the wheel otherwise."""
    here = Path(__file__).resolve()
    checkout = here.parents[3] / "supabase" / "migrations"
    if checkout.is_dir():
        return checkout
    return here.parents[1] / "_migrations"


def discover(directory: Path) -> list[MigrationFile]:
    """The migration files in `directory`, in version order. Misnamed .sql files are an error."""
    if not directory.is_dir():
        raise ConfigError(f"Migrations folder {directory} does not exist.")
    found: list[MigrationFile] = []
    for path in sorted(directory.glob("*.sql")):
        match = FILE_NAME.match(path.name)
        if not match:
            raise ConfigError(
                f"{path.name} is not named <14-digit UTC timestamp>_<snake_name>.sql; "
                "rename it (see `dragonfly migrate new`)."
            )
        found.append(MigrationFile(match["version"], match["name"], path))
    versions = [m.version for m in found]
    duplicates = sorted({v for v in versions if versions.count(v) > 1})
    if duplicates:
        raise ConfigError(f"Two migration files share version {', '.join(duplicates)}.")
    return found
