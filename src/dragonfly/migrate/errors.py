"""What can stop a migration run. Exit codes: 1 problems found, 4 a file failed, 5 lock busy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from dragonfly.errors import DatabaseError, DragonflyError, first_line


class LintFailed(DragonflyError):
    """A pending file failed lint; nothing was applied."""

    exit_code = 1
    code = "lint_failed"


class ChecksumDrift(DragonflyError):
    """Applied files were edited afterwards; `files` names them."""

    exit_code = 1
    code = "checksum_drift"

    def __init__(self, files: list[str]) -> None:
        super().__init__(
            f"Applied migration files were edited after they ran: {', '.join(files)}. "
            "Restore them (git checkout) and put the change in a new file "
            "(`dragonfly migrate new NAME`).",
            details={"files": files},
        )
        self.files = files


class MissingFiles(DragonflyError):
    """The history records versions whose files are gone."""

    exit_code = 1
    code = "missing_files"

    def __init__(self, versions: list[str]) -> None:
        super().__init__(
            f"The database has applied migrations with no file here: {', '.join(versions)}. "
            "This build is older than the database, or the files were deleted: restore them.",
            details={"versions": versions},
        )
        self.versions = versions


class OutOfOrder(DragonflyError):
    """Pending files are older than the newest applied one."""

    exit_code = 1
    code = "out_of_order"

    def __init__(self, files: list[str], newest_applied: str) -> None:
        super().__init__(
            f"Pending files are older than the newest applied migration ({newest_applied}): "
            f"{', '.join(files)}. Rename them to a later version (`dragonfly migrate new`), "
            "or pass --include-all to apply them anyway.",
            details={"files": files},
        )
        self.files = files


class MigrationFailed(DragonflyError):
    """A file failed; its transaction was rolled back. Earlier files stay applied."""

    exit_code = 4
    code = "migration_failed"

    def __init__(
        self, file: str, line: int | None, pg_message: str, *, partial: bool = False
    ) -> None:
        where = f"line {line}" if line else "an unknown line"
        aftermath = (
            "Statements before it in this no-transaction file stay applied; make the file "
            "safe to rerun (IF NOT EXISTS) before retrying."
            if partial
            else "Nothing from this file was applied; files before it stay applied."
        )
        super().__init__(
            f"Migration {file} failed at {where}: {pg_message} {aftermath} "
            "Fix the file and run `dragonfly migrate apply` again.",
            details={"file": file, "line": line, "pg_message": pg_message},
        )
        self.file = file
        self.line = line
        self.pg_message = pg_message


class MigrationLocked(DragonflyError):
    """Another run held the migration lock for longer than we were willing to wait."""

    exit_code = 5
    code = "migration_locked"


@contextmanager
def driver_errors(doing: str) -> Iterator[None]:
    """Turn a psycopg error into a DatabaseError that says what we were doing."""
    try:
        yield
    except psycopg.Error as exc:
        raise DatabaseError(f"Database error while {doing}: {first_line(exc)}") from exc
