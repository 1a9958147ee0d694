"""Migration files on disk: `<14-digit UTC timestamp>_<snake_name>.sql`."""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from dragonfly.core.config import get_settings
from dragonfly.errors import ConfigError, InputError

if TYPE_CHECKING:
    from dragonfly.migrate.statements import ParsedFile

FILE_NAME = re.compile(r"^(?P<version>\d{14})_(?P<name>[a-z0-9_]+)\.sql$")
SNAKE_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
VERSION_FORMAT = "%Y%m%d%H%M%S"


@dataclass(frozen=True)
class MigrationFile:
    version: str
    name: str
    path: Path

    @property
    def filename(self) -> str:
        return self.path.name

    @cached_property
    def text(self) -> str:
        """The file's SQL with line endings normalised to LF (what runs and what is hashed)."""
        try:
            raw = self.path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{self.filename} is not UTF-8 text: {exc.reason}.") from exc
        return raw.replace("\r\n", "\n").replace("\r", "\n")

    @cached_property
    def checksum(self) -> str:
        """SHA-256 of the normalised text, so a CRLF checkout or a BOM is not drift."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def parsed(self) -> ParsedFile:
        """Statements, their lines and the file's annotations (parsed once, on demand)."""
        from dragonfly.migrate.statements import parse_file

        return parse_file(self.text)


def default_migrations_dir() -> Path:
    """DRAGONFLY_MIGRATIONS_DIR if set; else supabase/migrations in a checkout, or the wheel's."""
    configured = get_settings().dragonfly_migrations_dir
    if configured is not None:
        return configured
    here = Path(__file__).resolve()
    checkout = here.parents[3] / "supabase" / "migrations"
    if checkout.is_dir():
        return checkout
    return here.parents[1] / "_migrations"


def discover(directory: Path) -> list[MigrationFile]:
    """The migration files in `directory`, in version order. Misnamed .sql files are an error."""
    if not directory.is_dir():
        raise ConfigError(
            f"Migrations folder {directory} does not exist. Pass --dir or set "
            "DRAGONFLY_MIGRATIONS_DIR."
        )
    found = [migration_file(path) for path in sorted(directory.glob("*.sql"))]
    versions = [m.version for m in found]
    duplicates = sorted({v for v, nxt in itertools.pairwise(versions) if v == nxt})
    if duplicates:
        raise ConfigError(f"Two migration files share version {', '.join(duplicates)}.")
    return found


def migration_file(path: Path) -> MigrationFile:
    """The migration at `path`; a name that does not follow the convention is refused."""
    match = FILE_NAME.match(path.name)
    if not match:
        raise ConfigError(
            f"{path.name} is not named <14-digit UTC timestamp>_<snake_name>.sql; "
            "rename it (see `dragonfly migrate new`)."
        )
    return MigrationFile(match["version"], match["name"], path)


def newest_file_version(directory: Path | None = None) -> str:
    """The newest migration version on disk: the schema version this build expects."""
    files = discover(directory or default_migrations_dir())
    if not files:
        raise ConfigError(f"No migration files in {directory or default_migrations_dir()}.")
    return files[-1].version


def new_migration_file(directory: Path, name: str, now: datetime | None = None) -> Path:
    """Create `<UTC now>_<name>.sql` with a header; later than every existing file."""
    if not SNAKE_NAME.match(name):
        raise InputError(
            f"{name!r} is not a snake_case name: use lower-case letters, digits and single "
            "underscores, starting with a letter (e.g. add_payment_index)."
        )
    existing = discover(directory)
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    if existing:
        newest = datetime.strptime(existing[-1].version, VERSION_FORMAT).replace(tzinfo=UTC)
        # a clock behind the newest file (or two files in one second) must still sort last
        moment = max(moment, newest + timedelta(seconds=1))
    path = directory / f"{moment.strftime(VERSION_FORMAT)}_{name}.sql"
    path.write_text(_header(name), encoding="utf-8")
    return path


def _header(name: str) -> str:
    return (
        f"-- {name.replace('_', ' ')}: say why this change is needed.\n"
        "-- Runs in one transaction; a failure leaves nothing behind. Annotations, when needed:\n"
        "--   -- dragonfly:allow-destructive <reason>   (drops, truncates, renames, type changes)\n"
        "--   -- dragonfly:no-transaction               (CREATE INDEX CONCURRENTLY and the like)\n"
        "\n"
    )
