"""`dragonfly import` on a file over its reject limit, as a user runs it: what was refused and
why, each rejected line, the good rows imported anyway with a reason, and the fixed rejects."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import psycopg
from ingest_support import recorded_batches, table_count

from core.dragonfly_subprocess import clean_env
from core.dragonfly_subprocess import dragonfly as run_dragonfly
from refusal_files import HEADER, vendor_file


def dragonfly(*args: str, db_url: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = clean_env(DATABASE_URL=db_url, DRAGONFLY_HOME=str(home), COLUMNS="220")
    return run_dragonfly(*args, env=env, timeout=120)


def test_refusal_names_the_lines_and_the_way_forward(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = vendor_file(tmp_path)
    run = dragonfly("import", str(path), db_url=db_url, home=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    said = " ".join(run.stderr.split())
    assert "3 of 10 rows would be rejected (30.0%), over the foil limit of 10.0%" in said
    assert "dragonfly import rejects 1" in said
    assert f'dragonfly import {path} --accept-rejects --reason "WHY"' in said
    assert table_count(db, "judgments") == 0

    shown = dragonfly("import", "rejects", "1", db_url=db_url, home=tmp_path)
    assert shown.returncode == 0, shown.stderr
    lines = [" ".join(line.split("│")[1:-1]).split() for line in shown.stdout.splitlines()]
    assert next(cells[:4] for cells in lines if "3" in cells) == ["3", "bad_amount", "Amt", "abc"]
    assert "Gotham" in shown.stdout and "Jdgmt Date" in shown.stdout

    history = dragonfly("imports", db_url=db_url, home=tmp_path)
    assert history.returncode == 0, history.stderr
    assert "refused" in history.stdout and "would be rejected" in history.stdout


def test_accept_rejects_needs_a_reason_and_a_reason_needs_the_flag(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = vendor_file(tmp_path)
    for args, said in (
        (["--accept-rejects"], "--accept-rejects needs --reason"),
        (["--accept-rejects", "--reason", "  "], "--accept-rejects needs --reason"),
        (["--reason", "because"], "--reason goes with --accept-rejects"),
    ):
        run = dragonfly("import", str(path), *args, db_url=db_url, home=tmp_path)
        assert run.returncode == 2, args
        assert said in run.stderr and "Traceback" not in run.stderr
    assert recorded_batches(db) == []  # nothing was tried, so nothing is in the history
    assert table_count(db, "judgments") == 0


def test_good_rows_imported_anyway_then_fixed_rejects_import_cleanly(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = vendor_file(tmp_path)
    why = "vendor resends the bad lines"
    run = dragonfly(
        "import", str(path), "--accept-rejects", "--reason", why, "--json",
        db_url=db_url, home=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert (result["status"], result["inserted"], result["rejected"]) == ("completed", 7, 3)
    listed = json.loads(dragonfly("imports", "--json", db_url=db_url, home=tmp_path).stdout)
    assert [(b["status"], b["accepted_reason"]) for b in listed] == [("completed", why)]

    out = tmp_path / "rejects.csv"
    export = dragonfly(
        "import", "rejects", str(result["batch_id"]), "--csv", str(out),
        db_url=db_url, home=tmp_path,
    )  # fmt: skip
    assert export.returncode == 0 and "Wrote 3 rejected rows" in export.stdout
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [*HEADER.strip().split(","), "line", "reason", "detail"]
    rows[0]["Amt"], rows[1]["Jdgmt Date"], rows[2]["Venue"] = "900", "04/01/2024", "Brooklyn"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    fixed = dragonfly("import", str(out), "--json", db_url=db_url, home=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    counts = json.loads(fixed.stdout)
    assert (counts["rows_read"], counts["inserted"], counts["rejected"]) == (3, 3, 0)
    again = dragonfly("import", str(out), db_url=db_url, home=tmp_path)
    assert again.returncode == 0 and "already imported as batch" in again.stdout
    assert table_count(db, "judgments") == 10


def test_the_history_says_why_an_import_failed(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    from dragonfly.domain.vocabulary import ImportStatus
    from dragonfly.ingest.batches import record_unfinished

    record_unfinished(
        db, filename="night.csv", sha256="a" * 64, source="court", actor="ops@firm.test",
        status=ImportStatus.FAILED, message="Importing night.csv failed in the database.",
    )  # fmt: skip
    db.commit()
    history = dragonfly("imports", db_url=db_url, home=tmp_path)
    assert history.returncode == 0, history.stderr
    flat = " ".join(history.stdout.split())
    assert "night.csv" in flat and "failed" in flat and "failed in the database" in flat
