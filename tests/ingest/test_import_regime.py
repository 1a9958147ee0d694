"""Interest regime at import: a column a file may carry, a default for the import, and a regime
set by hand that an import never flips unless the file itself says so."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from ingest_support import rejects, run_import, table_count, write

from dragonfly.domain.vocabulary import InterestRegime
from dragonfly.errors import InputError
from dragonfly.ingest import import_file
from dragonfly.ingest.regimes import regime_of
from dragonfly.services.judgments.interest_regime import change_judgment_regime

HEAD = "Index Number,Plaintiff,Defendant,Judgment Amount,Date of Judgment,Court"
COURT = "Kings County Civil Court"


def _rows(*lines: str, regime_column: bool = False) -> str:
    head = HEAD + (",Interest Rate" if regime_column else "")
    return "\n".join([head, *lines]) + "\n"


@pytest.mark.parametrize(
    ("written", "regime"),
    [
        ("standard", "standard"), ("Standard (9%)", "standard"), ("9%", "standard"),
        ("9.00", "standard"), ("non-consumer", "standard"), ("N", "standard"),
        ("consumer", "consumer"), ("Consumer (2%)", "consumer"), ("2%", "consumer"),
        ("0.02", "consumer"), ("Consumer Debt", "consumer"), ("yes", "consumer"),
        ("12%", None), ("cons", None), ("5", None), ("", None),
    ],
)  # fmt: skip
def test_regimes_read_as_firms_write_them(written: str, regime: str | None) -> None:
    assert regime_of(written) == regime


def test_a_column_sets_the_regime_and_a_bad_value_rejects_the_row(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = _rows(
        f"1/24,Acme LLC,Ann Lee,1000,03/15/2024,{COURT},2%",
        f"2/24,Acme LLC,Bo Diaz,1000,03/15/2024,{COURT},9%",
        f"3/24,Acme LLC,Cy Poe,1000,03/15/2024,{COURT},",
        f"4/24,Acme LLC,Di Ray,1000,03/15/2024,{COURT},12%",
        regime_column=True,
    )
    result = run_import(db_url, write(tmp_path, "r.csv", text), max_reject_rate=0.5)
    assert (result.inserted, result.rejected) == (3, 1)
    assert rejects(db, result.batch_id or 0) == [(5, "bad_interest_regime")]
    detail = db.execute("select detail from rejected_rows").fetchone()
    assert detail == ("interest regime '12%' is not standard (9%) or consumer (2%)",)
    found = db.execute(
        "select index_number, interest_regime::text from judgments order by 1"
    ).fetchall()
    assert found == [("1/24", "consumer"), ("2/24", "standard"), ("3/24", "standard")]


def test_the_import_default_gives_new_judgments_their_regime_and_is_kept_on_the_batch(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = _rows(
        f"1/24,Acme LLC,Ann Lee,1000,03/15/2024,{COURT},",
        f"2/24,Acme LLC,Bo Diaz,1000,03/15/2024,{COURT},9%",
        regime_column=True,
    )
    result = run_import(db_url, write(tmp_path, "d.csv", text), interest_regime="consumer")
    assert "New judgments without a stated rate: consumer (2%)" in result.message
    found = db.execute("select interest_regime::text from judgments order by index_number")
    assert found.fetchall() == [("consumer",), ("standard",)]  # the file's 9% wins
    batch = db.execute("select interest_regime_default::text from import_batches").fetchone()
    assert batch == ("consumer",)
    # The consumer judgment's balance was valued at 2% from the start.
    values = db.execute(
        "select j.interest_regime::text, v.balance from judgments j"
        " join judgment_values v on v.judgment_id = j.id order by j.index_number"
    ).fetchall()
    assert values[0][1] < values[1][1]


def test_a_regime_set_by_hand_is_kept_unless_the_file_states_one(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    first = _rows(f"1/24,Acme LLC,Ann Lee,1000,03/15/2024,{COURT}")
    run_import(db_url, write(tmp_path, "a.csv", first))
    judgment = db.execute("select id from judgments").fetchone()
    assert judgment is not None
    change_judgment_regime(
        db, judgment[0], InterestRegime.CONSUMER, reason="card debt", actor="ops@firm.test"
    )
    db.commit()

    # A later file without the column, imported with a standard default: the judgment stays.
    again = _rows(f"1/24,Acme LLC,Ann Lee,1000.00,03/15/2024,{COURT},", regime_column=True)
    quiet = run_import(db_url, write(tmp_path, "b.csv", again), interest_regime="standard")
    assert (quiet.updated, quiet.unchanged) == (0, 1)
    assert _regime(db) == "consumer"

    # A file stating 9% for it changes it, and the change is audited as the import's.
    said = _rows(f"1/24,Acme LLC,Ann Lee,1000,03/15/2024,{COURT},9%", regime_column=True)
    loud = run_import(db_url, write(tmp_path, "c.csv", said))
    assert loud.updated == 1
    assert _regime(db) == "standard"
    audit = db.execute(
        "select before->>'interest_regime', after->>'interest_regime' from audit_events"
        " where action = 'import.update'"
    ).fetchall()
    assert audit == [("consumer", "standard")]


def _regime(db: psycopg.Connection) -> str:
    row = db.execute("select interest_regime::text from judgments").fetchone()
    assert row is not None
    return str(row[0])


def test_a_bad_default_is_refused_before_anything_is_read(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = write(tmp_path, "a.csv", _rows(f"1/24,Acme LLC,Ann Lee,1000,03/15/2024,{COURT}"))
    with pytest.raises(InputError, match="'7%' is not standard") as caught:
        import_file(db_url, path, interest_regime="7%")
    assert caught.value.details["errors"][0]["field"] == "interest_regime"  # type: ignore[index]
    assert table_count(db, "judgments") == table_count(db, "import_batches") == 0
