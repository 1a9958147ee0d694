"""`import_file`: read, detect, validate, stage and apply one file, all or nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.config import Settings, get_settings
from dragonfly.core.database import connect
from dragonfly.domain.vocabulary import ImportStatus
from dragonfly.errors import DatabaseError, DragonflyError, InputError, first_line
from dragonfly.ingest import batches, store
from dragonfly.ingest.detection import check_columns, detect_source
from dragonfly.ingest.files import file_sha256, read_file
from dragonfly.ingest.firm_sources import all_specs, record_regime_default, regime_note
from dragonfly.ingest.limits import InputLimits
from dragonfly.ingest.mapping import apply_mapping
from dragonfly.ingest.regimes import import_default
from dragonfly.ingest.specs import SourceSpec, get_spec
from dragonfly.ingest.tables import RawTable, read_table
from dragonfly.ingest.validation import Validated, validate
from dragonfly.valuation import refresh_judgments

log = logging.getLogger("dragonfly.ingest")
Progress = Callable[[int, int | None], None]
# One import applies at a time, so overlapping files never race on the same judgment.
IMPORT_LOCK = "select pg_advisory_xact_lock(hashtext('dragonfly.import'))"
# Joins and sorts over a million staged rows stay in memory instead of spilling to disk.
BULK_SETTINGS = "set local work_mem = '256MB'"


class ImportRefused(InputError):
    """Too many rows were rejected: the whole file is refused and nothing is written."""

    code = "import_refused"


class NotApplied(StrEnum):
    """How a run that writes no batch ended (a batch's own statuses are ImportStatus)."""

    DUPLICATE = "duplicate"
    DRY_RUN = "dry_run"


@dataclass(frozen=True)
class ImportResult:
    batch_id: int | None
    source: str
    status: ImportStatus | NotApplied
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    duplicate_of: int | None
    message: str
    filename: str = ""
    sha256: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _choose_spec(
    conn: psycopg.Connection,
    table: RawTable,
    source: str,
    settings: Settings,
    mapping: dict[str, str] | None,
) -> SourceSpec:
    """The spec for this file, bound to its header row; `mapping` ({field: header}, from --map)
    overrides the aliases of the named source (the generic one under auto)."""
    specs = all_specs(conn, settings)
    if source != "auto" and source not in specs:
        get_spec(source, settings)  # the error lists the names there are
    if mapping:
        base = specs[source] if source != "auto" else next(s for s in specs.values() if s.fallback)
        return apply_mapping(base, table.headers, mapping)
    spec = detect_source(table.headers, specs) if source == "auto" else specs[source]
    check_columns(spec, table.headers)
    return spec.bind(table.headers)


def import_file(
    url: str,
    path: Path | str,
    *,
    source: str = "auto",
    dry_run: bool = False,
    max_reject_rate: float = 0.10,
    actor: str = "cli",
    progress: Progress | None = None,
    settings: Settings | None = None,
    mapping: dict[str, str] | None = None,
    interest_regime: str | None = None,
) -> ImportResult:
    """Import one CSV/TSV/XLSX file (plain or gzip) into the database at `url`.

    Either the whole file is applied in one transaction (batch `completed`) or nothing is
    written: a file already imported (same SHA-256) is reported as a duplicate, a file whose
    reject rate exceeds `max_reject_rate` raises ImportRefused, and `dry_run` rolls back.
    `interest_regime` is the regime of new judgments whose row names none; it never changes an
    existing judgment (only a regime the file states does, audited).
    """
    settings = settings or get_settings()
    default_regime = import_default(interest_regime)
    if not 0 <= max_reject_rate <= 1:
        raise InputError(f"--max-reject-rate must be between 0 and 1, not {max_reject_rate}.")
    path = Path(path)
    report = progress or (lambda done, total: None)
    sha256 = file_sha256(path, settings.dragonfly_import_max_bytes)
    with connect(url, autocommit=True) as conn, batches.database_errors(f"Importing {path.name}"):
        earlier = batches.completed_batch_for(conn, sha256)
        if earlier is not None:
            return _duplicate(path, sha256, earlier)
        try:
            limits = InputLimits.from_settings(settings)
            table = read_table(read_file(path, limits, sha256), limits)
            report(0, table.frame.height)
            spec = _choose_spec(conn, table, source, settings, mapping)
            checked = validate(table, spec, today_in_new_york())
            report(checked.rows_read * 3 // 10, checked.rows_read)
            _refuse_if_too_many_rejects(path, checked, max_reject_rate)
            result = _apply(
                conn, path, sha256, table, spec, checked, actor, dry_run, report, default_regime
            )
        except Exception as exc:
            if not dry_run:
                _record_unfinished(conn, path, sha256, source, actor, exc)
            raise
        report(checked.rows_read, checked.rows_read)
    return result


def _record_unfinished(
    conn: psycopg.Connection, path: Path, sha256: str, source: str, actor: str, exc: Exception
) -> None:
    """Keep a refused or failed import in the history, with its reason; the error itself goes on
    to the caller. Refusals are the file's fault (refused); anything else failed."""
    refused = isinstance(exc, InputError)
    if isinstance(exc, DragonflyError):
        message = exc.message
    else:  # the detail may hold SQL or paths: it goes to the log, the history says what to do
        log.error("import of %s failed unexpectedly", path.name, exc_info=exc)
        message = "The import stopped on an unexpected error; the server log has the details."
    details = exc.details if isinstance(exc, DragonflyError) else {}
    with suppress(psycopg.Error):  # a database that just failed may refuse this too
        batch_id = batches.record_unfinished(
            conn,
            filename=path.name,
            sha256=sha256,
            source=None if source == "auto" else source,
            actor=actor,
            status=ImportStatus.REFUSED if refused else ImportStatus.FAILED,
            message=message,
            rows_read=int(str(details.get("rows_read", 0))),
            rejected=int(str(details.get("rejected", 0))),
        )
        if isinstance(exc, DragonflyError):
            exc.details["batch_id"] = batch_id


def _duplicate(path: Path, sha256: str, earlier: batches.BatchSummary) -> ImportResult:
    when = earlier.finished_at.date().isoformat() if earlier.finished_at else "earlier"
    return ImportResult(
        batch_id=None, source=earlier.source or "", status=NotApplied.DUPLICATE, rows_read=0,
        inserted=0, updated=0, unchanged=0, rejected=0, duplicate_of=earlier.id,
        filename=path.name, sha256=sha256,
        message=(
            f"{path.name} was already imported as batch {earlier.id} on {when} "
            f"({earlier.rows_read:,} rows); nothing changed."
        ),
    )  # fmt: skip


def _refuse_if_too_many_rejects(path: Path, checked: Validated, limit: float) -> None:
    rejected = checked.rejects.height
    rate = rejected / checked.rows_read if checked.rows_read else 0.0
    if rate > limit:
        reasons = checked.rejects["reason_code"].value_counts(sort=True).head(3).iter_rows()
        common = ", ".join(f"{code} ({count:,})" for code, count in reasons)
        raise ImportRefused(
            f"{path.name}: {rejected:,} of {checked.rows_read:,} rows would be rejected "
            f"({rate:.1%}, over the limit of {limit:.1%}); nothing was imported. "
            f"Most common reasons: {common}. Fix the file, or raise --max-reject-rate.",
            details={"rows_read": checked.rows_read, "rejected": rejected},
        )


def _apply(
    conn: psycopg.Connection,
    path: Path,
    sha256: str,
    table: RawTable,
    spec: SourceSpec,
    checked: Validated,
    actor: str,
    dry_run: bool,
    report: Progress,
    default_regime: str | None = None,
) -> ImportResult:
    rows = checked.rows_read
    try:
        with conn.transaction(force_rollback=dry_run):
            conn.execute(IMPORT_LOCK)
            conn.execute(BULK_SETTINGS)
            earlier = batches.completed_batch_for(conn, sha256)
            if earlier is not None:  # another run finished the same file while we validated
                return _duplicate(path, sha256, earlier)
            batch_id = batches.start_batch(conn, path.name, sha256, spec.name, actor)
            record_regime_default(conn, batch_id, default_regime)
            store.stage(conn, checked.clean, checked.extra_debtors)
            report(rows * 4 // 10, rows)
            outcome = store.apply_staged(conn, spec, batch_id, actor, default_regime)
            report(rows * 7 // 10, rows)
            batches.store_rejects(conn, batch_id, checked.rejects, table.headers)
            counts = {
                "rows_read": checked.rows_read,
                "inserted": outcome.inserted,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
                "rejected": checked.rejects.height,
            }
            message = _summary(path, spec, counts, dry_run) + regime_note(default_regime)
            message += table.note
            changed = store.changed_judgment_ids(conn)
            if changed and not dry_run:
                # New judgments were valued as they were inserted; changed ones are rescored
                # here (their debtor may have assets, their judgment ledger entries).
                refresh_judgments(conn, judgment_ids=changed)
            batches.finish_batch(conn, batch_id, counts, message)
    except psycopg.Error as exc:
        raise DatabaseError(
            f"Importing {path.name} failed in the database, so nothing was imported: "
            f"{first_line(exc)}"
        ) from exc
    return ImportResult(
        batch_id=None if dry_run else batch_id, source=spec.name,
        status=NotApplied.DRY_RUN if dry_run else ImportStatus.COMPLETED, duplicate_of=None,
        message=message, filename=path.name, sha256=sha256, **counts,
    )  # fmt: skip


def _summary(path: Path, spec: SourceSpec, counts: dict[str, int], dry_run: bool) -> str:
    verb = "would import" if dry_run else "imported"
    return (
        f"{path.name} ({spec.name}) {verb}: {counts['rows_read']:,} rows read = "
        f"{counts['inserted']:,} inserted + {counts['updated']:,} updated + "
        f"{counts['unchanged']:,} unchanged + {counts['rejected']:,} rejected."
    )
