"""A full refresh rebuilds judgment_values beside the live partition and swaps it in."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import psycopg
import pytest

from dragonfly.errors import DatabaseError
from dragonfly.services.ledger import record_entry
from dragonfly.valuation import judgment_valuation, rebuild, refresh_judgments
from dragonfly.valuation.values_lock import lock_values_for_writing
from valuation.seeding import add_debtor, add_judgment, add_ledger

AS_OF = date(2026, 11, 23)


@pytest.fixture
def db(app_db_url: str) -> Iterator[psycopg.Connection[Any]]:
    """The rescore runs as the app role, which owns none of the tables it swaps."""
    with psycopg.connect(app_db_url, autocommit=True) as conn:
        yield conn


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rebuild, "PART_ROWS", 3)


def _stored(db: psycopg.Connection[Any]) -> dict[int, tuple[Any, ...]]:
    rows = db.execute("select id, balance, score, tier, balance_as_of from valued_judgments")
    return {row[0]: row[1:] for row in rows}


def _partitions(db: psycopg.Connection[Any]) -> list[str]:
    rows = db.execute(
        "select inhrelid::regclass::text from pg_inherits"
        " where inhparent = 'judgment_values'::regclass"
    )
    return [row[0] for row in rows]


def _partition_indexes(db: psycopg.Connection[Any]) -> set[str]:
    rows = db.execute(
        "select indexrelid::regclass::text from pg_index"
        " where indrelid = 'judgment_values_live'::regclass"
    )
    return {row[0] for row in rows}


def test_every_part_is_stored_and_equals_python(
    db: psycopg.Connection[Any], small_parts: None
) -> None:
    debtor = add_debtor(db, "Smith Holdings LLC", raw_address="123 Main St, Brooklyn, NY 11201",
                        assets=[("bank", False)])  # fmt: skip
    ids = [add_judgment(db, str(1000 * n), date(2020 + n % 5, 1, 1), debtor_id=debtor)
           for n in range(1, 11)]  # fmt: skip
    add_ledger(db, ids[4], "payment", "500", date(2024, 6, 1))
    add_ledger(db, ids[9], "payment", "700", date(2024, 6, 1))
    assert refresh_judgments(db, as_of=AS_OF) == 10
    stored = _stored(db)
    for judgment in ids:
        python = judgment_valuation(db, judgment, AS_OF)
        assert stored[judgment] == (
            python.balance.balance, python.score.total, python.score.tier, AS_OF
        )  # fmt: skip
    assert refresh_judgments(db, as_of=AS_OF) == 10
    assert _stored(db) == stored


def test_the_swap_keeps_one_partition_with_the_same_index_names(
    db: psycopg.Connection[Any],
) -> None:
    add_judgment(db, "1000", date(2025, 1, 1))
    indexes = _partition_indexes(db)
    assert "judgment_values_balance_live" in indexes and "judgment_values_pkey_live" in indexes
    for _ in range(2):
        refresh_judgments(db, as_of=AS_OF)
        assert _partitions(db) == ["judgment_values_live"]
        assert _partition_indexes(db) == indexes
    primary = db.execute(
        "select conname from pg_constraint"
        " where conrelid = 'judgment_values_live'::regclass and contype = 'p'"
    ).fetchone()
    assert primary == ("judgment_values_pkey_live",)


def test_parts_leave_gaps_in_ids_alone(db: psycopg.Connection[Any], small_parts: None) -> None:
    ids = [add_judgment(db, "1000", date(2025, 1, 1)) for _ in range(7)]
    # A judgment with an id far from the others: the ranges still cover it.
    far = db.execute(
        "insert into judgments (id, court_code, court_name, index_number, index_number_norm,"
        " entry_date, principal) overriding system value"
        " values (1000000, 'NYC', 'Civil', 'X1', 'X1', '2025-01-01', 500) returning id"
    ).fetchone()
    assert far is not None
    assert refresh_judgments(db, as_of=AS_OF) == 8
    assert all(value[1] is not None for value in _stored(db).values())
    assert set(_stored(db)) == {*ids, far[0]}


def test_a_new_judgment_shows_unvalued_until_it_is_valued(db: psycopg.Connection[Any]) -> None:
    judgment = add_judgment(db, "1000", date(2025, 1, 1))
    assert _stored(db) == {judgment: (None, None, None, None)}
    refresh_judgments(db, judgment_ids=[judgment], as_of=AS_OF)
    assert _stored(db)[judgment][1] is not None


def test_a_failed_swap_leaves_the_live_values_and_no_half_built_table(
    db: psycopg.Connection[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    judgment = add_judgment(db, "1000", date(2025, 1, 1))
    refresh_judgments(db, as_of=AS_OF)
    before = _stored(db)
    monkeypatch.setattr(rebuild, "SWAP", "select 1 / 0")
    with pytest.raises(psycopg.errors.DivisionByZero):
        refresh_judgments(db, as_of=date(2027, 1, 1))
    assert _stored(db) == before
    assert db.execute("select to_regclass('judgment_values_next')").fetchone() == (None,)
    monkeypatch.undo()
    refresh_judgments(db, as_of=date(2027, 1, 1))  # the lock was released
    assert _stored(db)[judgment][3] == date(2027, 1, 1)


@pytest.fixture
def quick_swap_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rebuild, "SWAP_LOCK_TIMEOUT", "100ms")
    monkeypatch.setattr(rebuild, "SWAP_ATTEMPTS", 3)
    monkeypatch.setattr(rebuild, "SWAP_RETRY_PAUSE", 0.1)


def test_a_swap_blocked_by_a_long_read_gives_up_and_keeps_the_live_values(
    db: psycopg.Connection[Any], db_url: str, quick_swap_retries: None
) -> None:
    add_judgment(db, "1000", date(2025, 1, 1))
    refresh_judgments(db, as_of=AS_OF)
    before = _stored(db)
    with psycopg.connect(db_url) as reader:
        reader.execute("select count(*) from judgment_values")  # an export still reading
        with pytest.raises(DatabaseError, match="run `dragonfly rescore` again"):
            refresh_judgments(db, as_of=date(2027, 1, 1))
        reader.rollback()
    assert _stored(db) == before
    assert db.execute("select to_regclass('judgment_values_next')").fetchone() == (None,)


def test_a_swap_goes_through_once_the_long_read_ends(
    db: psycopg.Connection[Any],
    db_url: str,
    quick_swap_retries: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    judgment = add_judgment(db, "1000", date(2025, 1, 1))
    with psycopg.connect(db_url) as reader:
        reader.execute("select count(*) from judgment_values")
        pauses: list[float] = []

        def read_ends_during_the_pause(seconds: float) -> None:
            pauses.append(seconds)
            reader.rollback()

        monkeypatch.setattr(
            rebuild,
            "time",
            SimpleNamespace(sleep=read_ends_during_the_pause, monotonic=time.monotonic),
        )
        refresh_judgments(db, as_of=AS_OF)
    assert len(pauses) == 1  # the first attempt waited for the reader, the second went through
    assert _stored(db)[judgment][3] == AS_OF


def test_a_table_left_by_a_killed_rebuild_is_replaced(
    db: psycopg.Connection[Any], db_url: str
) -> None:
    add_judgment(db, "1000", date(2025, 1, 1))
    with psycopg.connect(db_url, autocommit=True) as owner:
        owner.execute("create table judgment_values_next (leftover int)")
    assert refresh_judgments(db, as_of=AS_OF) == 1
    assert _partitions(db) == ["judgment_values_live"]


class InThread:
    """Run `target` in a thread, keeping its result or its exception for the test to check."""

    def __init__(self, target: Callable[[], Any]) -> None:
        self.result: Any = None
        self.error: BaseException | None = None

        def run() -> None:
            try:
                self.result = target()
            except BaseException as exc:
                self.error = exc

        self.thread = threading.Thread(target=run)
        self.thread.start()

    def finish(self, seconds: float = 30) -> Any:
        self.thread.join(timeout=seconds)
        assert not self.thread.is_alive(), "still running"
        if self.error is not None:
            raise self.error
        return self.result


def _writer_waiting_on_the_values_lock(watcher: psycopg.Connection[Any]) -> bool:
    row = watcher.execute(
        "select count(*) from pg_locks where locktype = 'advisory' and not granted"
        " and database = (select oid from pg_database where datname = current_database())"
    ).fetchone()
    return bool(row and row[0])


def _wait_until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def lock_attempts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each of the rebuild's tries at the exclusive lock, polled quickly."""
    attempts: list[bool] = []
    real_try = rebuild.try_lock_values_for_rebuild

    def counted(conn: psycopg.Connection[Any]) -> bool:
        attempts.append(real_try(conn))
        return attempts[-1]

    monkeypatch.setattr(rebuild, "try_lock_values_for_rebuild", counted)
    monkeypatch.setattr(rebuild, "LOCK_POLL_SECONDS", 0.02)
    return attempts


def test_a_rebuild_waits_for_a_payment_in_flight_and_includes_it(
    db: psycopg.Connection[Any], db_url: str, lock_attempts: list[bool]
) -> None:
    judgment = add_judgment(db, "10000", date(2020, 1, 1))
    refresh_judgments(db, as_of=AS_OF)
    lock_attempts.clear()
    with psycopg.connect(db_url) as writer:
        lock_values_for_writing(writer)  # a payment being recorded, not yet committed
        add_ledger(writer, judgment, "payment", "2000", date(2021, 1, 1))
        rebuilding = InThread(lambda: refresh_judgments(db, as_of=AS_OF))
        _wait_until(lambda: len(lock_attempts) >= 3)
        assert not any(lock_attempts)  # refused while the payment holds the shared side
        writer.commit()
    assert rebuilding.finish() == 1
    expected = judgment_valuation(db, judgment, AS_OF).balance.balance
    assert _stored(db)[judgment][0] == expected


def test_a_rebuild_waiting_for_a_long_import_does_not_hold_up_payments(
    db: psycopg.Connection[Any], db_url: str, lock_attempts: list[bool]
) -> None:
    add_judgment(db, "10000", date(2020, 1, 1))
    with psycopg.connect(db_url) as importing:
        lock_values_for_writing(importing)  # a long import holds the shared side
        rebuilding = InThread(lambda: refresh_judgments(db, as_of=AS_OF))
        _wait_until(lambda: len(lock_attempts) >= 3)
        with psycopg.connect(db_url) as paying:
            paying.execute("set lock_timeout = '1s'")
            lock_values_for_writing(paying)  # would time out behind a queued exclusive request
            paying.rollback()
        importing.commit()
    assert rebuilding.finish() == 1


def test_a_rebuild_kept_waiting_too_long_gives_up_and_changes_nothing(
    db: psycopg.Connection[Any], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_judgment(db, "10000", date(2020, 1, 1))
    before = _stored(db)
    monkeypatch.setattr(rebuild, "LOCK_WAIT_SECONDS", 0)
    with psycopg.connect(db_url) as importing:
        lock_values_for_writing(importing)
        with pytest.raises(DatabaseError, match="The rescore did not start"):
            refresh_judgments(db, as_of=AS_OF)
    assert _stored(db) == before


def test_a_payment_during_a_rebuild_waits_and_lands_in_the_swapped_values(
    db: psycopg.Connection[Any], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    judgment = add_judgment(db, "10000", date(2020, 1, 1))
    refresh_judgments(db, as_of=AS_OF)
    valued = threading.Event()
    release = threading.Event()
    real_swap = rebuild._swap_in

    def swap_when_released(conn: psycopg.Connection[Any]) -> None:
        valued.set()  # every judgment is valued; the new table waits to be swapped in
        assert release.wait(30)
        real_swap(conn)

    monkeypatch.setattr(rebuild, "_swap_in", swap_when_released)
    rebuilding = InThread(lambda: refresh_judgments(db, as_of=AS_OF))
    assert valued.wait(30)
    with psycopg.connect(db_url) as writer:
        # The production path: the entry and its refresh in one transaction.
        paying = InThread(
            lambda: record_entry(
                writer,
                judgment,
                kind="payment",
                amount=Decimal("2000"),
                effective_on=date(2021, 1, 1),
                memo="",
                reverses_id=None,
                actor="test",
            )
        )
        with psycopg.connect(db_url, autocommit=True) as watcher:
            _wait_until(lambda: _writer_waiting_on_the_values_lock(watcher))
        release.set()
        rebuilding.finish()
        paying.finish()
        writer.commit()
    # Had the payment not waited, its new balance would have gone into the dropped partition.
    expected = judgment_valuation(db, judgment, AS_OF).balance.balance
    assert _stored(db)[judgment][0] == expected


def test_inside_a_transaction_the_refresh_stays_one_transaction(db_url: str) -> None:
    with psycopg.connect(db_url) as conn:
        for _ in range(7):
            add_judgment(conn, "1000", date(2025, 1, 1))
        assert refresh_judgments(conn, as_of=AS_OF) == 7  # sees its own uncommitted rows
        conn.rollback()
        assert conn.execute("select count(*) from judgments").fetchone() == (0,)
