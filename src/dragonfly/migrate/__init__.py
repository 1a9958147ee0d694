"""The migration engine: Supabase-named SQL files, one history table, checksums, a lock, lint."""

from dragonfly.migrate.errors import (
    ChecksumDrift,
    LintFailed,
    MigrationFailed,
    MigrationLocked,
    MissingFiles,
    OutOfOrder,
)
from dragonfly.migrate.files import (
    MigrationFile,
    default_migrations_dir,
    discover,
    new_migration_file,
    newest_file_version,
)
from dragonfly.migrate.history import AppliedMigration, applied_schema_version
from dragonfly.migrate.lint import LintFinding, lint_files
from dragonfly.migrate.plan import MigrationPlan, build_plan
from dragonfly.migrate.runner import apply_migrations

__all__ = [
    "AppliedMigration",
    "ChecksumDrift",
    "LintFailed",
    "LintFinding",
    "MigrationFailed",
    "MigrationFile",
    "MigrationLocked",
    "MigrationPlan",
    "MissingFiles",
    "OutOfOrder",
    "applied_schema_version",
    "apply_migrations",
    "build_plan",
    "default_migrations_dir",
    "discover",
    "lint_files",
    "new_migration_file",
    "newest_file_version",
]
