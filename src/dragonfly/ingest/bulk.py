"""The bulk import path: load without the secondary indexes and foreign keys, then restore them.

Inserting a row into judgments, debtors and judgment_values updates some twenty secondary
indexes (two of them trigram GIN indexes) one entry at a time, and each judgment's foreign keys
look up its plaintiff, debtor and batch one row at a time; loading the tables bare, then building
each index with one sort and checking each key with one join, is several times cheaper. But a
build reads the whole table, stored rows included, so it pays only when an import adds many
judgments relative to those already stored: `chooses_bulk` decides (the threshold is measured,
see docs/IMPORTS.md).

Everything happens in the import's own transaction: the drop takes ACCESS EXCLUSIVE locks on
judgments, debtors, judgment_values, judgment_debtors, plaintiffs and import_batches, which
readers then wait on until the import commits; a failure or a kill rolls the drop back with the
rows, so the indexes and keys are never missing. Primary keys, unique indexes (judgment identity)
and check constraints are never dropped, and the keys are checked for every row before commit.
"""

from __future__ import annotations

import time
from typing import Any

import psycopg

from dragonfly.valuation.values_lock import lock_values_for_writing

# Bulk when an import adds at least this many judgments, and at least BULK_RATIO times as many
# as are stored. Below BULK_MIN_ROWS the index upkeep costs a second or two at most, and readers
# should not wait on a lock for a small file. Rebuilding the indexes reads every stored row, so
# the bulk path pays only once the new rows are a large share of those stored. Measured with
# benchmarks/import_bench.py --threshold on the 2-core machine, incremental against bulk: into
# 99,011 stored judgments, 25,000 new rows 1.45 s and 2.21 s, 50,000 rows 2.68 s and 2.78 s; into
# 197,954, 60,000 rows 3.21 s and 3.80 s, 100,000 rows 5.43 s and 4.83 s. The two cost about
# the same at half the stored count (at 99,011 incremental is still 0.1 s ahead there, at 197,954
# bulk is 0.6 s ahead), so the threshold sits at half; not lower, since readers wait while the
# bulk path runs.
BULK_MIN_ROWS = 20_000
BULK_RATIO = 0.5
# How long the import waits for readers to let go of the tables before loading: a lock request
# that waits blocks every later reader, so it waits briefly, lets them through, and tries again.
LOCK_TIMEOUT = "2s"
LOCK_ATTEMPTS = 5
LOCK_RETRY_PAUSE = 0.5

STORED_JUDGMENTS = "select count(*) from judgments"
# The advisory lock every import holds while it applies (pipeline.IMPORT_LOCK), as its bigint key.
IMPORT_LOCK_KEY = "hashtext('dragonfly.import')::bigint"
# A session holding the import lock (a bigint advisory key: classid high, objid low) and judgments
# exclusively: an import on the bulk path, which readers of judgments wait for.
BULK_IMPORT_RUNNING = f"""
select exists (
  select 1 from pg_locks j join pg_locks a on a.pid = j.pid
  where j.relation = 'public.judgments'::regclass and j.mode = 'AccessExclusiveLock' and j.granted
    and a.locktype = 'advisory' and a.granted and a.objsubid = 1
    and ((a.classid::bigint << 32) | a.objid::bigint) = {IMPORT_LOCK_KEY})
"""
DROP_INDEXES = "select df_import_indexes_drop_v2()"
BUILD_INDEXES = "select df_import_indexes_build_v2()"


def chooses_bulk(new_rows: int, stored: int) -> bool:
    """Whether adding `new_rows` judgments to `stored` ones is cheaper without the indexes."""
    return new_rows >= BULK_MIN_ROWS and new_rows >= BULK_RATIO * stored


def bulk_import_running(conn: psycopg.Connection[Any]) -> bool:
    """Whether an import is loading on the bulk path now (from any session)."""
    row = conn.execute(BULK_IMPORT_RUNNING).fetchone()
    return bool(row and row[0])


def stored_judgments(conn: psycopg.Connection[Any]) -> int:
    """How many judgments are stored, for `chooses_bulk`."""
    row = conn.execute(STORED_JUDGMENTS).fetchone()
    assert row is not None
    return int(row[0])


def drop_indexes(conn: psycopg.Connection[Any]) -> bool:
    """Drop the secondary indexes (in the caller's transaction); False when readers kept the
    tables busy through every attempt, so the import goes on the incremental path instead."""
    lock_values_for_writing(conn)  # before touching judgment_values, as every value writer does
    row = conn.execute("select current_setting('lock_timeout')").fetchone()
    assert row is not None
    for attempt in range(1, LOCK_ATTEMPTS + 1):
        try:
            with conn.transaction():  # a savepoint: a timed-out attempt leaves nothing
                conn.execute(f"set local lock_timeout = '{LOCK_TIMEOUT}'")
                conn.execute(DROP_INDEXES)
                conn.execute("select set_config('lock_timeout', %s, true)", (row[0],))
            return True
        except (psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected):
            if attempt < LOCK_ATTEMPTS:
                time.sleep(LOCK_RETRY_PAUSE)
    return False


def build_indexes(conn: psycopg.Connection[Any]) -> int:
    """Build every index `drop_indexes` dropped; returns how many."""
    row = conn.execute(BUILD_INDEXES).fetchone()
    assert row is not None
    return int(row[0])
