"""Stored deadlines (lien dates, satisfaction piece due) on a real database: the scoped refresh
and the full rebuild store the same dates, equal to the domain's, across weekends, holidays and
29 February; and the desk query reads them, largest balance first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest

from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.business_days import is_business_day
from dragonfly.domain.deadlines import lien_dates, lien_docketing, satisfaction_piece_due
from dragonfly.services.desk import deadlines_between
from dragonfly.valuation import refresh_judgments
from valuation.seeding import add_debtor, add_judgment

AS_OF = date(2026, 11, 23)

STORED = """
select judgment_id, enforceable_until, lien_renewal_opens_on, lien_lapses_on,
       satisfaction_due_on, lien_docketed_on, balance, score
from judgment_values where judgment_id = any(%s) order by judgment_id
"""


@pytest.fixture
def db(app_db_url: str) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(app_db_url, autocommit=True) as conn:
        yield conn


def in_court(db: psycopg.Connection[Any], judgment_id: int, code: str) -> None:
    db.execute("update judgments set court_code = %s where id = %s", (code, judgment_id))


def docket(db: psycopg.Connection[Any], judgment_id: int, county: str, on: date) -> None:
    db.execute(
        "insert into judgment_transcripts (judgment_id, county_code, docketed_on, created_by)"
        " values (%s, %s, %s, 'test')",
        (judgment_id, county, on),
    )


def satisfy(db: psycopg.Connection[Any], judgment_id: int, on: date) -> None:
    db.execute(
        "update judgments set status = 'satisfied', status_on = %s where id = %s",
        (on, judgment_id),
    )


@pytest.fixture
def cases(db: psycopg.Connection[Any]) -> dict[str, int]:
    debtor = add_debtor(db, "Pat Doe", raw_address="1 Main St, Brooklyn, NY 11201")
    made = {
        "plain": add_judgment(db, "5000.00", date(2017, 3, 14), debtor_id=debtor),
        "leap_day": add_judgment(db, "900.00", date(2016, 2, 29), debtor_id=debtor),
        # Satisfied on 2026-11-01: twenty days is Saturday 2026-11-21, so Monday the 23rd.
        "weekend": add_judgment(db, "700.00", date(2020, 5, 5), debtor_id=debtor),
        # Satisfied on 2026-11-06: twenty days is Thanksgiving, Thursday 2026-11-26.
        "holiday": add_judgment(db, "800.00", date(2020, 5, 5), debtor_id=debtor),
    }
    # A Supreme Court judgment is a lien where entered, from entry.
    in_court(db, made["plain"], "SUP-KINGS")
    in_court(db, made["leap_day"], "SUP-ALBANY")
    # Lower courts (CPLR 5018(a)): no lien without a transcript; with transcripts, the lien that
    # lapses next (Kings, docketed 2017) counts; the Queens one (2015) lapsed in 2025.
    made["town_none"] = add_judgment(db, "300.00", date(2019, 4, 2), debtor_id=debtor)
    in_court(db, made["town_none"], "TOWN-ALBANY-COLONIE")
    made["civil_two"] = add_judgment(db, "400.00", date(2014, 6, 2), debtor_id=debtor)
    docket(db, made["civil_two"], "QUEENS", date(2015, 1, 5))
    docket(db, made["civil_two"], "KINGS", date(2017, 8, 9))
    made["civil_lapsed"] = add_judgment(db, "500.00", date(2010, 6, 2), debtor_id=debtor)
    docket(db, made["civil_lapsed"], "KINGS", date(2010, 7, 1))
    docket(db, made["civil_lapsed"], "BRONX", date(2011, 2, 3))
    satisfy(db, made["weekend"], date(2026, 11, 1))
    satisfy(db, made["holiday"], date(2026, 11, 6))
    return made


def stored(db: psycopg.Connection[Any], ids: list[int]) -> dict[int, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in db.execute(STORED, (ids,))}


def test_the_scoped_refresh_and_the_rebuild_store_the_same_deadlines(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    ids = sorted(cases.values())
    refresh_judgments(db, judgment_ids=ids, as_of=AS_OF)
    scoped = stored(db, ids)
    refresh_judgments(db, as_of=AS_OF)  # the full rebuild, swapped in
    assert stored(db, ids) == scoped
    rules = rules_in_force()
    for judgment in ids:  # and both equal the domain's dates
        entry, court = db.execute(
            "select entry_date, court_code from judgments where id = %s", (judgment,)
        ).fetchone()  # type: ignore[misc]
        found = db.execute(
            "select docketed_on from judgment_transcripts where judgment_id = %s", (judgment,)
        )
        docketings = [row[0] for row in found]
        docketed = lien_docketing(entry, court, docketings, AS_OF, rules)
        assert scoped[judgment][4] == docketed
        if docketed is None:
            assert scoped[judgment][1:3] == (None, None)
        else:
            lien = lien_dates(docketed, rules)
            assert scoped[judgment][1:3] == (lien.renewal_window_opens, lien.lapses)
    assert sum(1 for values in scoped.values() if values[4] is None) == 3  # the lower courts


def test_lien_dates_count_ten_years_from_docketing_and_29_february_ends_on_the_28th(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    refresh_judgments(db, as_of=AS_OF)
    values = stored(db, sorted(cases.values()))
    assert values[cases["plain"]][1:3] == (date(2026, 3, 14), date(2027, 3, 14))
    assert values[cases["leap_day"]][1:3] == (date(2025, 2, 28), date(2026, 2, 28))
    # Active judgments have no satisfaction piece to file.
    assert values[cases["plain"]][3] is None


def test_a_lower_courts_lien_runs_from_the_transcript_that_lapses_next(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    refresh_judgments(db, as_of=AS_OF)
    values = stored(db, sorted(cases.values()))
    assert values[cases["town_none"]][1:3] == (None, None)  # no transcript: no lien
    assert values[cases["town_none"]][4] is None
    assert values[cases["civil_two"]][1:5] == (
        date(2026, 8, 9), date(2027, 8, 9), None, date(2017, 8, 9)
    )  # fmt: skip
    # Both lapsed: the latest lien is shown, already lapsed (and off the desk's future).
    assert values[cases["civil_lapsed"]][2] == date(2021, 2, 3)
    # The weekend/holiday judgments are in the seeded 'CIV' court with no transcript.
    assert values[cases["weekend"]][2] is None


def test_the_satisfaction_piece_is_due_on_the_next_business_day_after_twenty_days(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    refresh_judgments(db, judgment_ids=sorted(cases.values()), as_of=AS_OF)
    values = stored(db, sorted(cases.values()))
    assert values[cases["weekend"]][3] == date(2026, 11, 23)
    holiday_due = values[cases["holiday"]][3]
    assert not is_business_day(date(2026, 11, 26))
    assert holiday_due == date(2026, 11, 27)
    rules = rules_in_force()
    assert holiday_due == satisfaction_piece_due(date(2026, 11, 6), rules)


def test_a_judgment_expiring_in_seven_days_is_on_the_desk_first_by_balance(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    debtor = add_debtor(db, "Lee Roe", raw_address="2 Main St, Albany, NY 12207")
    # Entered twenty years before 2026-11-30: expires in seven days.
    expiring = add_judgment(db, "46468.93", date(2006, 11, 30), debtor_id=debtor)
    smaller = add_judgment(db, "1200.00", date(2006, 11, 25), debtor_id=debtor)
    later = add_judgment(db, "90000.00", date(2007, 1, 15), debtor_id=debtor)
    refresh_judgments(db, as_of=AS_OF)
    week = deadlines_between(db, AS_OF, AS_OF + timedelta(days=7), today=AS_OF)
    expiring_rows = [item for item in week if item.name == "judgment_expires"]
    assert [item.judgment_id for item in expiring_rows] == [expiring, smaller]
    first = expiring_rows[0]
    assert (first.due_on, first.days_left) == (date(2026, 11, 30), 7)
    assert "211(b)" in first.citation
    assert later not in {item.judgment_id for item in week}
    balances = [item.balance for item in week if item.balance is not None]
    assert balances == sorted(balances, reverse=True)
    # The weekend-satisfied judgment's piece is due today, the holiday one's on the 27th.
    pieces = {i.judgment_id: i.due_on for i in week if i.name == "satisfaction_piece_due"}
    assert pieces == {cases["weekend"]: date(2026, 11, 23), cases["holiday"]: date(2026, 11, 27)}
    # A filter by kind keeps only that kind.
    only = deadlines_between(
        db, AS_OF, AS_OF + timedelta(days=7), kinds=["satisfaction_piece_due"], today=AS_OF
    )
    assert {item.name for item in only} == {"satisfaction_piece_due"}


def test_an_open_actions_due_day_is_on_the_desk_and_a_closed_ones_is_not(
    db: psycopg.Connection[Any], cases: dict[str, int]
) -> None:
    refresh_judgments(db, as_of=AS_OF)
    rows = db.execute(
        "insert into enforcement_actions (judgment_id, kind, state, served_on, due_on, created_by)"
        " values (%s, 'information_subpoena', 'served', '2026-10-20', '2026-11-27', 'test'),"
        " (%s, 'information_subpoena', 'completed', '2026-10-20', '2026-11-27', 'test')"
        " returning id",
        (cases["plain"], cases["plain"]),
    ).fetchall()
    # The stored deadlines, as the enforcement service writes them at each step (a closed
    # action's row would be gone; the desk leaves it out in any case).
    for (action_id,) in rows:
        db.execute(
            "insert into action_deadlines (action_id, name, due_on)"
            " values (%s, 'answer_due', '2026-11-27')",
            (action_id,),
        )
    found = deadlines_between(db, AS_OF, AS_OF + timedelta(days=7), today=AS_OF)
    actions = [item for item in found if item.action_id is not None]
    assert [(item.action_id, item.name) for item in actions] == [(rows[0][0], "answer_due")]
    assert "5224" in actions[0].citation
