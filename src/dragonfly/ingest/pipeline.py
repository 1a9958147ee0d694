"""`import_file`: read, detect, validate, stage and apply one file, all or nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from pathlib import Path

import psycopg

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.config import Settings, get_settings
from dragonfly.core.database import connect
from dragonfly.domain.vocabulary import ImportStatus
from dragonfly.errors import DatabaseError, DragonflyError, InputError, first_line
from dragonfly.ingest import batches, bulk, store
from dragonfly.ingest.detection import check_columns, detect_source
from dragonfly.ingest.files import file_sha256, read_file
from dragonfly.ingest.firm_sources import all_specs
from dragonfly.ingest.limits import InputLimits, RejectLimit, reject_limit
from dragonfly.ingest.mapping import apply_mapping
from dragonfly.ingest.regimes import import_default, regime_note
from dragonfly.ingest.specs import SourceSpec, get_spec
from dragonfly.ingest.tables import RawTable, read_table
from dragonfly.ingest.validation import Validated, validate
from dragonfly.services.audit import record_audit
from dragonfly.valuation import refresh_judgments

log = logging.getLogger("dragonfly.ingest")
Progress = Callable[[int, int | None], None]
# One import applies at a time, so overlapping files never race on the same judgment.
IMPORT_LOCK = f"select pg_advisory_xact_lock({bulk.IMPORT_LOCK_KEY})"
# Joins and sorts over a million staged rows stay in memory instead of spilling to disk.
BULK_SETTINGS = "set local work_mem = '256MB'"
# A few thousand staged rows against a large portfolio: looking each one up by its identity
# (an index that is in memory) beats reading every stored judgment, but PostgreSQL's default
# cost of a random read (4, for spinning disks) made it read them all: 10,000 rows into 990,080
# took 3.2-3.8 s, and 2.2 s at the cost SSD-backed servers use.
INDEX_LOOKUP_COST = "set local random_page_cost = 1.1"


class ImportRefused(InputError):
    """Too many rows were rejected: the whole file is refused and nothing is written."""

    code = "import_refused"


MAX_REASON_CHARS = 500


def accept_reason(reason: str | None) -> str:
    """The stated reason for importing the good rows of a file over its reject limit."""
    text = " ".join((reason or "").split())
    if not text:
        raise InputError.in_field(
            "reason",
            "Say why the good rows should be imported although the file is over its reject "
            "limit (for example: the vendor will resend the rejected rows).",
            "A reason is required.",
        )
    if len(text) > MAX_REASON_CHARS:
        raise InputError.in_field(
            "reason", f"The reason is longer than {MAX_REASON_CHARS} characters; shorten it."
        )
    return text


class LoadPath(StrEnum):
    """How the rows are loaded: chosen by size (auto), or forced (tests and the benchmark)."""

    AUTO = "auto"
    BULK = "bulk"
    INCREMENTAL = "incremental"


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
    max_reject_rate: float | None = None,
    accept_rejects: str | None = None,
    actor: str = "cli",
    progress: Progress | None = None,
    settings: Settings | None = None,
    mapping: dict[str, str] | None = None,
    interest_regime: str | None = None,
    load: LoadPath = LoadPath.AUTO,
) -> ImportResult:
    """Import one CSV/TSV/XLSX file (plain or gzip) into the database at `url`.

    Either the whole file is applied in one transaction (batch `completed`) or nothing is
    written: a file already imported (same SHA-256) is reported as a duplicate, a file whose
    reject rate exceeds its limit (`max_reject_rate`, else the source's setting) raises
    ImportRefused, and `dry_run` rolls back. The refusal is kept as a `refused` batch with its
    rejected rows, so they can be read before anything is imported. `accept_rejects`, a stated
    reason, imports the good rows of a file over its limit anyway; the batch and the audit trail
    keep the reason. `interest_regime` is the regime of new judgments whose row names none; it
    never changes an existing judgment (only a regime the file states does, audited).
    `load` forces the bulk or the incremental path (ingest.bulk); both store the same rows.
    """
    settings = settings or get_settings()
    load = LoadPath(load)
    default_regime = import_default(interest_regime)
    reason = None if accept_rejects is None else accept_reason(accept_rejects)
    if max_reject_rate is not None:
        reject_limit("", settings, max_reject_rate)  # refuses a rate outside 0..1 up front
    path = Path(path)
    report = progress or (lambda done, total: None)
    sha256 = file_sha256(path, settings.dragonfly_import_max_bytes)
    with connect(url, autocommit=True) as conn, batches.database_errors(f"Importing {path.name}"):
        earlier = batches.completed_batch_for(conn, sha256)
        if earlier is not None:
            return _duplicate(path, sha256, earlier)
        table: RawTable | None = None
        refused: Refusal | None = None
        try:
            limits = InputLimits.from_settings(settings)
            table = read_table(read_file(path, limits, sha256), limits)
            table = replace(table, frame=batches.without_spreadsheet_guard(table.frame))
            report(0, table.frame.height)
            spec = _choose_spec(conn, table, source, settings, mapping)
            checked = validate(table, spec, today_in_new_york())
            report(checked.rejects.height, checked.rows_read)  # rejected rows are settled
            limit = reject_limit(spec.name, settings, max_reject_rate)
            over = _over_limit(checked, limit)
            if over and reason is None:
                refused = Refusal(spec, checked)
                raise _refusal(path, spec, checked, limit)
            accepted = Accepted(reason, limit) if over and reason else None
            result = _apply(
                conn,
                path,
                sha256,
                table,
                spec,
                checked,
                actor,
                dry_run,
                report,
                accepted,
                default_regime,
                load,
            )
        except Exception as exc:
            if not dry_run:
                _record_unfinished(conn, path, sha256, source, actor, exc, table, refused)
            raise
        report(checked.rows_read, checked.rows_read)
    return result


@dataclass(frozen=True)
class Refusal:
    """A file refused for too many rejects: its rejected rows are kept on the refused batch."""

    spec: SourceSpec
    checked: Validated


@dataclass(frozen=True)
class Accepted:
    """The good rows of a file over its reject limit, imported anyway for a stated reason."""

    reason: str
    limit: RejectLimit


def _record_unfinished(
    conn: psycopg.Connection,
    path: Path,
    sha256: str,
    source: str,
    actor: str,
    exc: Exception,
    table: RawTable | None = None,
    refused: Refusal | None = None,
) -> None:
    """Keep a refused or failed import in the history, with its reason (and, refused for too
    many rejects, its rejected rows); the error itself goes on to the caller. Refusals are the
    file's fault (refused); anything else failed. No judgment is written either way."""
    if isinstance(exc, DragonflyError):
        message = exc.message
    else:  # the detail may hold SQL or paths: it goes to the log, the history says what to do
        log.error("import of %s failed unexpectedly", path.name, exc_info=exc)
        message = "The import stopped on an unexpected error; the server log has the details."
    details = exc.details if isinstance(exc, DragonflyError) else {}
    known_source = refused.spec.name if refused else None if source == "auto" else source
    with suppress(psycopg.Error), conn.transaction():  # a failed database may refuse this too
        batch_id = batches.record_unfinished(
            conn,
            filename=path.name,
            sha256=sha256,
            source=known_source,
            actor=actor,
            status=ImportStatus.REFUSED if isinstance(exc, InputError) else ImportStatus.FAILED,
            message=message,
            rows_read=int(str(details.get("rows_read", 0))),
            rejected=int(str(details.get("rejected", 0))),
            headers=table.headers if table is not None else None,
        )
        if refused is not None and table is not None:
            batches.store_rejects(
                conn, batch_id, refused.checked.rejects, table.headers,
                field_columns(refused.spec, table.headers),
            )  # fmt: skip
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


def _over_limit(checked: Validated, limit: RejectLimit) -> bool:
    rows = checked.rows_read
    return rows > 0 and checked.rejects.height / rows > limit.rate


def _refusal(path: Path, spec: SourceSpec, checked: Validated, limit: RejectLimit) -> ImportRefused:
    """Refused for too many rejects: how many, the limit and where it is set, the commonest
    reasons, and what a user can do (the CLI and the dashboard each say how)."""
    rejected, rows = checked.rejects.height, checked.rows_read
    reasons = checked.rejects["reason_code"].value_counts(sort=True).head(3).iter_rows()
    common = ", ".join(f"{code} ({count:,})" for code, count in reasons)
    return ImportRefused(
        f"{path.name}: {rejected:,} of {rows:,} rows would be rejected ({rejected / rows:.1%}), "
        f"over {limit.describe(spec.name)}; nothing was imported. Most common reasons: "
        f"{common}. Fix those rows and import the file again, or have an ops or admin user "
        "import the good rows anyway, giving a reason.",
        details={
            "rows_read": rows, "rejected": rejected, "limit": limit.rate,
            "limit_setting": limit.setting, "source": spec.name,
        },
    )  # fmt: skip


def field_columns(spec: SourceSpec, headers: list[str]) -> dict[str, str]:
    """Canonical field -> the file's own header name it is read from, as rejected rows keep it."""
    names = dict(zip(headers, batches.column_names(headers), strict=True))
    return {field: names[header] for field, header in spec.field_columns(headers).items()}


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
    accepted: Accepted | None = None,
    default_regime: str | None = None,
    load: LoadPath = LoadPath.AUTO,
) -> ImportResult:
    rows = checked.rows_read
    try:
        with conn.transaction(force_rollback=dry_run):
            conn.execute(IMPORT_LOCK)
            conn.execute(BULK_SETTINGS)
            conn.execute(INDEX_LOOKUP_COST)
            earlier = batches.completed_batch_for(conn, sha256)
            if earlier is not None:  # another run finished the same file while we validated
                return _duplicate(path, sha256, earlier)
            batch_id = batches.start_batch(
                conn, path.name, sha256, spec.name, actor, headers=table.headers,
                accepted_reason=accepted.reason if accepted else None,
            )  # fmt: skip
            batches.record_regime_default(conn, batch_id, default_regime)
            store.stage(conn, checked.clean, checked.extra_debtors)
            new_rows = store.find_new(conn)
            on_bulk = _bulk_load(conn, path, load, new_rows)
            settled = checked.rejects.height

            def stored(judgments: int) -> None:  # progress by rows, as each chunk is stored
                nonlocal settled
                settled += judgments
                report(min(settled, rows), rows)

            outcome = store.apply_staged(
                conn, spec, batch_id, actor, new_rows, default_regime, stored
            )
            batches.store_rejects(
                conn, batch_id, checked.rejects, table.headers, field_columns(spec, table.headers)
            )
            counts = {
                "rows_read": checked.rows_read,
                "inserted": outcome.inserted,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
                "rejected": checked.rejects.height,
            }
            message = _summary(path, spec, counts, dry_run) + regime_note(default_regime)
            message += table.note
            if accepted is not None:
                message += (
                    f" Imported although {counts['rejected']:,} rejected rows are over "
                    f"{accepted.limit.describe(spec.name)}, by {actor}: {accepted.reason}"
                )
                record_audit(
                    conn, actor=actor, action="import.accept_rejects", entity="import_batch",
                    entity_id=batch_id,
                    before={"limit": accepted.limit.rate, "rows_read": rows},
                    after={
                        "batch_id": batch_id, "filename": path.name, "reason": accepted.reason,
                        "rejected": counts["rejected"],
                    },
                )  # fmt: skip
            changed = store.changed_judgment_ids(conn)
            if changed and not dry_run:
                # New judgments were valued as they were inserted; changed ones are rescored
                # here (their debtor may have assets, their judgment ledger entries).
                refresh_judgments(conn, judgment_ids=changed)
            if on_bulk:
                bulk.build_indexes(conn)
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


def _bulk_load(conn: psycopg.Connection, path: Path, load: LoadPath, new_rows: int) -> bool:
    """Whether this import, adding `new_rows` judgments, loads on the bulk path (its secondary
    indexes and keys dropped until commit)."""
    if load is LoadPath.INCREMENTAL:
        return False
    stored = bulk.stored_judgments(conn)
    if load is LoadPath.AUTO and not bulk.chooses_bulk(new_rows, stored):
        return False
    if bulk.drop_indexes(conn):
        log.info("%s: %d new judgments beside %d stored, bulk path", path.name, new_rows, stored)
        return True
    log.warning("%s: readers kept the tables busy, incremental path instead", path.name)
    return False


def _summary(path: Path, spec: SourceSpec, counts: dict[str, int], dry_run: bool) -> str:
    verb = "would import" if dry_run else "imported"
    return (
        f"{path.name} ({spec.name}) {verb}: {counts['rows_read']:,} rows read = "
        f"{counts['inserted']:,} inserted + {counts['updated']:,} updated + "
        f"{counts['unchanged']:,} unchanged + {counts['rejected']:,} rejected."
    )
