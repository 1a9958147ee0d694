"""What `apply` would do, and what stops it: pending files, drift, missing files, lint."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dragonfly.core.database import connect
from dragonfly.migrate.errors import driver_errors
from dragonfly.migrate.files import MigrationFile, default_migrations_dir, discover
from dragonfly.migrate.history import AppliedMigration, read_history
from dragonfly.migrate.lint import NO_TRANSACTION, LintFinding, lint_errors, lint_files


@dataclass(frozen=True)
class MigrationPlan:
    """Files on disk against the history. Only pending files are parsed and linted."""

    directory: Path
    files: list[MigrationFile]
    applied: list[AppliedMigration]
    pending: list[MigrationFile]
    drift: list[MigrationFile] = field(default_factory=list)
    missing: list[AppliedMigration] = field(default_factory=list)
    out_of_order: list[MigrationFile] = field(default_factory=list)
    unrecorded_checksums: list[MigrationFile] = field(default_factory=list)
    lint_findings: list[LintFinding] = field(default_factory=list)
    include_all: bool = False

    @property
    def lint_errors(self) -> list[LintFinding]:
        return lint_errors(self.lint_findings)

    @property
    def blocking_out_of_order(self) -> list[MigrationFile]:
        return [] if self.include_all else self.out_of_order

    @property
    def ok(self) -> bool:
        """True when `apply` would go ahead."""
        problems = (self.drift, self.missing, self.blocking_out_of_order, self.lint_errors)
        return not any(problems)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "directory": str(self.directory),
            "applied": len(self.applied),
            "pending": [_file_dict(f) for f in self.pending],
            "drift": [f.filename for f in self.drift],
            "missing": [m.version for m in self.missing],
            "out_of_order": [f.filename for f in self.out_of_order],
            "include_all": self.include_all,
            "unrecorded_checksums": [f.filename for f in self.unrecorded_checksums],
            "lint_findings": [vars(f) for f in self.lint_findings],
        }


def _file_dict(migration: MigrationFile) -> dict[str, Any]:
    return {
        "version": migration.version,
        "name": migration.name,
        "file": migration.filename,
        "statements": len(migration.parsed.statements),
        "no_transaction": migration.parsed.annotation(NO_TRANSACTION) is not None,
    }


def plan_from(
    directory: Path,
    files: list[MigrationFile],
    applied: list[AppliedMigration],
    *,
    include_all: bool = False,
) -> MigrationPlan:
    """Compare files with history rows; no I/O beyond reading the files."""
    recorded = {a.version: a for a in applied}
    on_disk = {f.version for f in files}
    pending = [f for f in files if f.version not in recorded]
    done = [f for f in files if f.version in recorded]
    newest_applied = max(recorded, default="")
    return MigrationPlan(
        directory=directory,
        files=files,
        applied=applied,
        pending=pending,
        drift=[f for f in done if recorded[f.version].checksum not in (None, f.checksum)],
        missing=[a for a in applied if a.version not in on_disk],
        out_of_order=[f for f in pending if f.version < newest_applied],
        unrecorded_checksums=[f for f in done if recorded[f.version].checksum is None],
        lint_findings=lint_files(pending),
        include_all=include_all,
    )


def build_plan(
    url: str, directory: Path | None = None, *, include_all: bool = False
) -> MigrationPlan:
    """Read the files once and the history once; lint only what is pending. Changes nothing."""
    folder = directory or default_migrations_dir()
    files = discover(folder)
    with connect(url, autocommit=True) as conn, driver_errors("reading the migration history"):
        applied = read_history(conn)
    return plan_from(folder, files, applied, include_all=include_all)
