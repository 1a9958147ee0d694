"""The bulk import path (secondary indexes and foreign keys dropped and restored in the
import's transaction): the same stored rows as the incremental path, nothing half-done after a
kill, readers and other writers unharmed."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
from ingest_support import run_import, table_count, write
from psycopg import sql

from app_role_login import as_app
from dragonfly.domain.vocabulary import LedgerKind
from dragonfly.errors import DatabaseError
from dragonfly.ingest import LoadPath, store
from dragonfly.ingest.bulk import chooses_bulk
from dragonfly.ingest.demo_data import write_demo_file
from dragonfly.services.ledger import record_entry

# Every column but the clock's (created_at, updated_at, started_at...), in id order.
CONTENTS = """
select coalesce(jsonb_agg(r order by r ->> 'id', r ->> 'judgment_id', r ->> 'line_number'), '[]')
from (
  select (select jsonb_object_agg(key, value) from jsonb_each(to_jsonb(t)) where key !~ '(^|_)at$')
    as r
  from {} t
) rows
"""
COMPARED = [
    "judgments", "debtors", "plaintiffs", "judgment_debtors", "judgment_values",
    "import_batches", "rejected_rows", "audit_events",
]  # fmt: skip
INDEXES = """
select tablename, indexname, indexdef from pg_indexes
where tablename in ('judgments', 'debtors', 'judgment_values', 'judgment_values_live')
order by 1, 2
"""
# Every constraint of the tables the bulk path loads, as defined (the keys it adds again).
CONSTRAINTS = """
select conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint
where conrelid in ('judgments'::regclass, 'debtors'::regclass, 'judgment_values'::regclass,
                   'judgment_debtors'::regclass, 'plaintiffs'::regclass)
order by 1, 2
"""
HOLDS_TABLES = """
select count(*) from pg_locks
where relation = 'judgments'::regclass and mode = 'AccessExclusiveLock' and granted
"""


@pytest.fixture
def other_db_url(server_admin_url: str, template_db: str) -> Iterator[str]:
    """A second fresh database, to run the other path on."""
    name = f"df_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("create database {} template {}").format(
                sql.Identifier(name), sql.Identifier(template_db)
            )
        )
    info = psycopg.conninfo.conninfo_to_dict(server_admin_url)
    yield psycopg.conninfo.make_conninfo(**{**info, "dbname": name})
    with psycopg.connect(server_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Court rows enough for the bulk path to take a moment (and for auto to choose it)."""
    return write_demo_file(
        tmp_path_factory.mktemp("bulk") / "court_big.csv", 30_000, "court", seed=5
    )


def _contents(url: str) -> dict[str, Any]:
    with psycopg.connect(url) as conn:
        found = {
            t: conn.execute(sql.SQL(CONTENTS).format(sql.Identifier(t))).fetchone()
            for t in COMPARED
        }
        found["indexes"] = conn.execute(INDEXES).fetchall()
        found["constraints"] = conn.execute(CONSTRAINTS).fetchall()
    return found


def _earlier_and_later(folder: Path, fmt: str) -> tuple[Path, Path]:
    """A later file of 2,000 rows and an earlier one: its first 300 rows, every tenth with
    another debtor name and amount (so the later file updates them)."""
    later = write_demo_file(folder / f"{fmt}_later.csv", 2_000, fmt, seed=3)
    with later.open(newline="", encoding="utf-8") as source:
        rows = list(csv.reader(source))
    header = rows[0]
    debtor = next(i for i, h in enumerate(header) if "Defendant" in h or "Debtor" in h)
    amount = next(i for i, h in enumerate(header) if "Amount" in h or "Principal" in h)
    for number, row in enumerate(rows[1:301]):
        if number % 10 == 0:
            row[debtor], row[amount] = row[debtor] + " Jr", "123.45"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows[:301])
    return write(folder, f"{fmt}_earlier.csv", out.getvalue()), later


@pytest.mark.parametrize("fmt", ["court", "simplicity"])
def test_bulk_and_incremental_paths_store_the_same_rows(
    tmp_path: Path, db_url: str, other_db_url: str, fmt: str
) -> None:
    earlier, later = _earlier_and_later(tmp_path, fmt)
    results = []
    for url, load in ((db_url, LoadPath.BULK), (other_db_url, LoadPath.INCREMENTAL)):
        run_import(url, earlier, load=LoadPath.INCREMENTAL, actor="ops@example.com")
        results.append(run_import(url, later, load=load, actor="ops@example.com"))
    bulk, incremental = results
    assert bulk.inserted > 1_000 and bulk.updated > 0  # both new and changed judgments
    assert bulk == incremental
    bulk_rows, incremental_rows = _contents(db_url), _contents(other_db_url)
    for table in [*COMPARED, "indexes", "constraints"]:  # indexes and keys restored, same names
        assert bulk_rows[table] == incremental_rows[table], table
    assert any("FOREIGN KEY" in c[2] for c in bulk_rows["constraints"])
    with psycopg.connect(db_url) as conn:  # analyzed as loaded, before any reader plans on it
        analyzed = conn.execute(
            "select count(*) from pg_stats where tablename = 'judgments'"
            " and attname = 'index_number_norm'"
        ).fetchone()
    assert analyzed == (1,)


def test_auto_chooses_bulk_for_many_new_rows_and_incremental_for_a_few() -> None:
    assert chooses_bulk(1_000_000, 0)
    assert chooses_bulk(500_000, 1_000_000)
    assert not chooses_bulk(300_000, 1_000_000)  # under half: upkeep is cheaper than rebuilds
    assert not chooses_bulk(10_000, 1_000_000)  # a small file into a large portfolio
    assert not chooses_bulk(500, 0)  # too small for readers to wait on it


def _wait_for(condition: Any, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _holds_tables(url: str) -> bool:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(HOLDS_TABLES).fetchone()
    return bool(row and row[0])


KILLED_IMPORT = """
import sys
from dragonfly.ingest import import_file
import_file(sys.argv[1], sys.argv[2], load="bulk")
"""


def test_kill_9_during_the_bulk_path_leaves_the_earlier_state_and_a_rerun_succeeds(
    tmp_path: Path, db_url: str, db: psycopg.Connection, big_file: Path
) -> None:
    earlier = write_demo_file(tmp_path / "earlier.csv", 200, "court", seed=9)
    run_import(db_url, earlier)
    before = _contents(db_url)
    child = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, as_app(db_url), str(big_file)])
    try:
        _wait_for(lambda: _holds_tables(db_url) or child.poll() is not None)
        assert child.poll() is None, "the import ended before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    # The server rolls the orphaned transaction back once it notices its client is gone.
    _wait_for(lambda: not _holds_tables(db_url))
    assert _contents(db_url) == before  # rows, batches, audit and every index as they were
    again = run_import(db_url, big_file, load=LoadPath.BULK)
    assert again.status == "completed" and again.inserted > 25_000
    assert _contents(db_url)["indexes"] == before["indexes"]


def test_a_reader_sees_the_old_rows_or_the_new_during_a_bulk_import(
    tmp_path: Path, db_url: str, big_file: Path
) -> None:
    run_import(db_url, write_demo_file(tmp_path / "earlier.csv", 200, "court", seed=9))
    seen: list[int] = []
    waits: list[float] = []
    done = threading.Event()

    def read() -> None:
        with psycopg.connect(as_app(db_url), autocommit=True) as conn:
            while not done.is_set():
                started = time.monotonic()
                row = conn.execute(
                    "select count(*) from judgments j"
                    " join judgment_values v on v.judgment_id = j.id where v.balance is not null"
                ).fetchone()
                waits.append(time.monotonic() - started)
                assert row is not None
                seen.append(int(row[0]))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        result = run_import(db_url, big_file, load=LoadPath.BULK)
    finally:
        done.set()
        reader.join()
    old, new = seen[0], seen[-1]
    assert new == old + result.inserted
    assert set(seen) <= {old, new}  # never a part of the file
    assert len(seen) > 2


def test_a_payment_and_an_upload_during_a_bulk_import_are_neither_lost_nor_doubled(
    tmp_path: Path, db_url: str, db: psycopg.Connection, big_file: Path
) -> None:
    earlier = run_import(db_url, write_demo_file(tmp_path / "earlier.csv", 200, "court", seed=9))
    paid = db.execute("select min(id) from judgments").fetchone()
    assert paid is not None
    lines = big_file.read_text("utf-8").splitlines(keepends=True)
    # A dashboard upload naming one judgment of the big file and one of its own.
    own = lines[1].replace(lines[1].split(",")[0], "CV-2099-777777", 1)
    upload = write(tmp_path, "upload.csv", lines[0] + lines[1] + own)
    outcomes: dict[str, Any] = {}

    def pay() -> None:
        with psycopg.connect(as_app(db_url), autocommit=True) as conn:
            outcomes["payment"] = record_entry(
                conn, paid[0], kind=LedgerKind.PAYMENT, amount=Decimal("10.00"),
                effective_on=date(2026, 11, 2), memo="during import",
                reverses_id=None, actor="ops@example.com",
            )  # fmt: skip

    def upload_file() -> None:
        outcomes["upload"] = run_import(db_url, upload, actor="ops@example.com")

    importer = threading.Thread(
        target=lambda: outcomes.setdefault("big", run_import(db_url, big_file, load="bulk"))
    )
    importer.start()
    _wait_for(lambda: _holds_tables(db_url) or not importer.is_alive())
    others = [threading.Thread(target=pay), threading.Thread(target=upload_file)]
    for thread in others:
        thread.start()
    for thread in [importer, *others]:
        thread.join()
    big, small = outcomes["big"], outcomes["upload"]
    assert big.status == small.status == "completed"
    total = earlier.inserted + big.inserted + small.inserted
    assert table_count(db, "judgments") == total
    duplicated = db.execute(
        "select count(*) from (select 1 from judgments"
        " group by state, court_code, index_number_norm having count(*) > 1) d"
    ).fetchone()
    assert duplicated == (0,)
    assert db.execute(
        "select count(*) from judgments where index_number_norm = 'CV-2099-777777'"
    ).fetchone() == (1,)
    assert db.execute(
        "select count(*) from ledger_entries where memo = 'during import'"
    ).fetchone() == (1,)


@pytest.mark.parametrize("load", [LoadPath.BULK, LoadPath.INCREMENTAL])
def test_progress_moves_by_rows_as_judgments_are_stored(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch, load: LoadPath
) -> None:
    monkeypatch.setattr(store, "CHUNK_ROWS", 100)  # chunks small enough to see on 1,000 rows
    path = write_demo_file(tmp_path / "court.csv", 1_000, "court", seed=4)
    calls: list[tuple[int, int | None]] = []
    result = run_import(db_url, path, load=load, progress=lambda *call: calls.append(call))
    done = [d for d, _ in calls]
    assert calls[0] == (0, 1_000) and calls[-1] == (1_000, 1_000)
    assert done == sorted(done)
    assert done[1] == result.rejected  # rejected rows are settled first
    assert len([d for d in done if 0 < d < 1_000]) >= 8  # then every chunk of judgments stored


@pytest.mark.parametrize(
    ("version", "table", "refusal"),
    [
        ("v1", "import_dropped_indexes", "no indexes were dropped"),
        ("v2", "import_dropped_definitions", "nothing was dropped"),
    ],
)
def test_the_app_cannot_have_the_index_builder_run_sql_of_its_own(
    app_db_url: str, version: str, table: str, refusal: str
) -> None:
    with psycopg.connect(app_db_url) as conn:
        conn.execute(f"create temp table {table} (kind text, name text, definition text)")
        conn.execute(f"insert into {table} values ('index', 'x', 'drop table import_batches')")
        with pytest.raises(psycopg.errors.RaiseException, match=refusal):
            conn.execute(f"select df_import_indexes_build_{version}()")
    with psycopg.connect(app_db_url) as conn, pytest.raises(psycopg.errors.DuplicateTable):
        conn.execute(f"create temp table {table} (name text)")
        conn.execute(f"select df_import_indexes_drop_{version}()")  # it will not adopt the app's


def test_a_broken_key_loaded_on_the_bulk_path_fails_the_import_and_keeps_the_keys(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the foreign keys dropped for the load, a row naming a debtor that does not exist
    is still caught when the keys are added again: the import fails whole."""
    broken = store.INSERT_JUDGMENTS.replace(
        "s.debtor_id, s.case_title", "-s.judgment_id, s.case_title"
    )
    monkeypatch.setattr(store, "INSERT_JUDGMENTS", broken)
    path = write_demo_file(tmp_path / "court.csv", 500, "court", seed=6)
    with pytest.raises(DatabaseError, match="judgments_debtor_id_fkey"):
        run_import(db_url, path, load=LoadPath.BULK)
    with psycopg.connect(db_url) as conn:
        assert table_count(conn, "judgments") == 0
        keys = conn.execute(
            "select count(*) from pg_constraint where conrelid = 'judgments'::regclass"
            " and contype = 'f'"
        ).fetchone()
    assert keys == (4,)  # plaintiff, debtor, batch, owner


def test_sign_in_and_an_uploads_progress_do_not_wait_for_a_bulk_import(
    db_url: str, db: psycopg.Connection, big_file: Path
) -> None:
    """The bulk path locks the portfolio's tables, not the users table nor the upload rows the
    Intake screen polls: they answer at once while the import holds its locks."""
    upload = db.execute(
        "insert into import_uploads (filename, created_by) values ('big.csv', 'ops@example.com')"
        " returning id"
    ).fetchone()
    db.commit()
    assert upload is not None
    importer = threading.Thread(target=lambda: run_import(db_url, big_file, load=LoadPath.BULK))
    importer.start()
    answered = []
    try:
        _wait_for(lambda: _holds_tables(db_url) or not importer.is_alive())
        assert importer.is_alive(), "the import ended before it could be watched"
        with psycopg.connect(as_app(db_url), autocommit=True) as conn:
            conn.execute("set lock_timeout = '1s'")  # waiting would raise LockNotAvailable
            answered.append(conn.execute("select count(*) from users").fetchone())
            conn.execute("update import_uploads set rows_done = 5 where id = %s", upload)
            answered.append(
                conn.execute(
                    "select rows_done from import_uploads where id = %s", upload
                ).fetchone()
            )
        assert _holds_tables(db_url)  # still loading: the answers did not wait for the commit
    finally:
        importer.join()
    assert answered[1] == (5,)


def test_the_app_cannot_commit_with_the_keys_dropped(
    app_db_url: str, db: psycopg.Connection
) -> None:
    """Dropping the keys without adding them back would leave judgments unchecked for good: the
    commit is refused and the keys stay."""
    with psycopg.connect(app_db_url) as conn:
        conn.execute("select df_import_indexes_drop_v2()")
        with pytest.raises(psycopg.errors.RaiseException, match="never restored"):
            conn.commit()
    keys = db.execute(
        "select count(*) from pg_constraint where contype = 'f'"
        " and conrelid in ('judgments'::regclass, 'judgment_debtors'::regclass)"
    ).fetchone()
    assert keys == (6,)  # judgments: plaintiff, debtor, batch, owner; judgment_debtors: two


def test_a_reader_holding_plaintiffs_is_never_made_a_deadlock_victim(
    tmp_path: Path, db_url: str, big_file: Path
) -> None:
    """The import waits for judgments behind an export; meanwhile a reader takes plaintiffs and
    then asks for judgments (the Clients screen reads them in that order). Once the export ends,
    the import must not hold judgments while waiting for plaintiffs: it takes the other tables
    at once or lets go and retries, so the reader gets its answer instead of a deadlock."""
    earlier = run_import(db_url, write_demo_file(tmp_path / "earlier.csv", 200, "court", seed=9))
    waiting = (
        "select count(*) from pg_locks where relation = 'judgments'::regclass"
        " and mode = 'AccessExclusiveLock' and not granted"
    )
    outcome: dict[str, Any] = {}
    with (
        psycopg.connect(as_app(db_url)) as exporter,
        psycopg.connect(as_app(db_url)) as reader,
        psycopg.connect(db_url, autocommit=True) as watcher,
    ):
        exporter.execute("select count(*) from judgments").fetchone()  # a long read, still open
        importer = threading.Thread(
            target=lambda: outcome.setdefault("big", run_import(db_url, big_file, load="bulk"))
        )
        importer.start()
        _wait_for(lambda: watcher.execute(waiting).fetchone() == (1,) or not importer.is_alive())
        reader.execute("select count(*) from plaintiffs").fetchone()

        def read_judgments() -> None:
            try:
                outcome["read"] = reader.execute("select count(*) from judgments").fetchone()
            except psycopg.Error as exc:
                outcome["read"] = exc

        second = threading.Thread(target=read_judgments)
        second.start()
        time.sleep(0.3)  # the reader queues behind the import's request
        exporter.commit()
        second.join()
        reader.commit()
    importer.join()
    assert outcome["read"] == (earlier.inserted,)  # answered, not a deadlock victim
    assert outcome["big"].status == "completed"
