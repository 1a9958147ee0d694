"""`dragonfly import`, `sources` and `demo` as a user runs them: a real process and database."""

from __future__ import annotations

import csv
import json
import os
import pty
import shlex
import subprocess
from pathlib import Path

import psycopg
import pytest
from ingest_support import recorded_batches, table_count, write

from core.dragonfly_subprocess import COMMAND, clean_env
from core.dragonfly_subprocess import dragonfly as run_dragonfly
from dragonfly.ingest.mapping import MAPPABLE

FOIL = (
    "Index No,Plf. Name,Def. Name,Amt,Jdgmt Date,Venue\n"
    "1/24,Acme LLC,Ann Lee,1500,03/15/2024,Kings\n"
    '2/24,Acme LLC,=HYPERLINK("http://x"),1500,03/15/2024,Kings\n'
    "3/24,Acme LLC,Cy Poe,-1500,03/15/2024,Kings\n"
    "4/24,Acme LLC,@SUM(A1),1500,03/15/2024,Gotham\n"
)


def dragonfly(*args: str, db_url: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = clean_env(DATABASE_URL=db_url, DRAGONFLY_HOME=str(home), COLUMNS="200")
    return run_dragonfly(*args, env=env, timeout=120)


def test_import_paths_list_and_export_rejects_safely(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = write(tmp_path, "foil.csv", FOIL)
    run = dragonfly(
        "import", str(path), "--max-reject-rate", "0.5", "--json", db_url=db_url, home=tmp_path
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert (result["rows_read"], result["inserted"], result["rejected"]) == (4, 2, 2)
    batch = result["batch_id"]

    listed = json.loads(dragonfly("import", "list", "--json", db_url=db_url, home=tmp_path).stdout)
    assert [(b["id"], b["status"], b["rows_read"]) for b in listed] == [(batch, "completed", 4)]

    out = tmp_path / "rejects.csv"
    export = dragonfly(
        "import", "rejects", str(batch), "--csv", str(out), db_url=db_url, home=tmp_path
    )
    assert export.returncode == 0, export.stderr
    assert "Wrote 2 rejected rows" in export.stdout
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == [*FOIL.splitlines()[0].split(","), "line", "reason", "detail"]
    assert [(r["line"], r["reason"], r["Index No"]) for r in rows] == [
        ("4", "amount_out_of_range", "3/24"), ("5", "unknown_court", "4/24"),
    ]  # fmt: skip
    assert rows[0]["Amt"] == "'-1500"  # would be a formula in a spreadsheet otherwise
    assert rows[1]["Def. Name"] == "'@SUM(A1)"


def test_human_output_shows_counts_and_reimport_says_which_batch(
    tmp_path: Path, db_url: str
) -> None:
    path = write(
        tmp_path, "foil.csv", FOIL.splitlines(keepends=True)[0] + FOIL.splitlines(keepends=True)[1]
    )
    dry = dragonfly("import", str(path), "--dry-run", db_url=db_url, home=tmp_path)
    assert dry.returncode == 0 and "[dry run: nothing written]" in dry.stdout, dry.stdout
    first = dragonfly("import", str(path), db_url=db_url, home=tmp_path)
    assert first.returncode == 0, first.stderr
    batch = first.stdout.rpartition("Batch ")[2].split(".")[0]  # the dry run used a number
    assert "rows read" in first.stdout and batch.isdigit()
    again = dragonfly("import", str(path), db_url=db_url, home=tmp_path)
    assert again.returncode == 0
    assert f"already imported as batch {batch}" in again.stdout


def test_refused_and_unreadable_files_exit_2_with_one_message(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    bad = write(tmp_path, "bad.csv", FOIL)
    run = dragonfly("import", str(bad), str(tmp_path / "missing.csv"), db_url=db_url, home=tmp_path)
    assert run.returncode == 2
    assert "2 of 4 rows would be rejected" in run.stderr
    assert "--max-reject-rate" not in run.stderr  # it names what a user can do instead:
    assert "dragonfly import rejects 1" in run.stderr and "--accept-rejects" in run.stderr
    assert "missing.csv does not exist" in run.stderr
    assert "Traceback" not in run.stderr
    assert recorded_batches(db) == [("bad.csv", "refused")]


def test_sources_list_and_show(tmp_path: Path, db_url: str) -> None:
    listed = json.loads(dragonfly("sources", "list", "--json", db_url=db_url, home=tmp_path).stdout)
    assert {s["name"] for s in listed} >= {
        "canonical", "simplicity13", "simplicity26", "judgment_list", "jbi", "court", "foil",
    }  # fmt: skip
    shown = dragonfly("sources", "show", "jbi", db_url=db_url, home=tmp_path)
    assert "party_role" in shown.stdout and "case_number" in shown.stdout
    missing = dragonfly("sources", "show", "nope", db_url=db_url, home=tmp_path)
    assert missing.returncode == 2 and "No source called 'nope'" in missing.stderr


def test_demo_generate_writes_a_file_that_imports(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    out = tmp_path / "jbi.csv"
    options = ["--rows", "40", "--format", "jbi", "--seed", "3", "--defect-rate", "0"]
    made = dragonfly("demo", "generate", *options, "--out", str(out), db_url=db_url, home=tmp_path)
    assert made.returncode == 0, made.stderr
    run = json.loads(dragonfly("import", str(out), "--json", db_url=db_url, home=tmp_path).stdout)
    assert (run["source"], run["rejected"]) == ("jbi", 0)
    assert table_count(db, "judgments") == 40
    bad = dragonfly("demo", "generate", "--rows", "0", db_url=db_url, home=tmp_path)
    assert bad.returncode == 2 and "--rows must be at least 1" in bad.stderr


@pytest.mark.slow
def test_demo_builds_the_portfolio_once(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    first = dragonfly("demo", "--json", db_url=db_url, home=tmp_path)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["import"]["status"] == "completed"
    assert report["import"]["rows_read"] == 2000
    assert report["status"]["judgments"] == report["import"]["inserted"] > 1800
    again = json.loads(dragonfly("demo", "--json", db_url=db_url, home=tmp_path).stdout)
    assert again["import"]["status"] == "duplicate"
    assert table_count(db, "import_batches") == 1


ODD = (
    "Matter Key,Who Is Owed,Who Owes,Sum,When,Where\n"
    "K-1,Acme LLC,Ann Lee,100,15.03.2024,Kings County Civil Court\n"
)
ODD_DMY = ODD.replace("15.03.2024", "03/15/2024")


def test_import_with_map_and_default_regime(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = write(tmp_path, "odd.csv", ODD_DMY)
    refused = dragonfly("import", str(path), db_url=db_url, home=tmp_path)
    assert refused.returncode == 2 and "--map FIELD=HEADER" in refused.stderr
    maps = ["--map", "index_number=Matter Key", "--map", "plaintiff_name=Who Is Owed",
            "--map", "debtor_name=Who Owes", "--map", "principal=Sum", "--map", "entry_date=When",
            "--map", "court=Where"]  # fmt: skip
    run = dragonfly(
        "import", str(path), *maps, "--interest-regime", "consumer", "--json",
        db_url=db_url, home=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["inserted"] == 1
    regime = db.execute("select interest_regime::text from judgments").fetchone()
    assert regime == ("consumer",)


def test_a_refusal_suggests_the_same_mapping_and_regime_for_the_good_rows(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = write(tmp_path, "odd.csv", ODD_DMY + "Z-9,Acme LLC,Bo Li,100,03/15/2024,Gotham\n")
    maps = ["--map", "index_number=Matter Key", "--map", "plaintiff_name=Who Is Owed",
            "--map", "debtor_name=Who Owes", "--map", "principal=Sum", "--map", "entry_date=When",
            "--map", "court=Where"]  # fmt: skip
    refused = dragonfly(
        "import", str(path), *maps, "--interest-regime", "consumer", db_url=db_url, home=tmp_path
    )
    assert refused.returncode == 2, refused.stdout
    suggested = " ".join(refused.stderr.split()).partition("Import the good rows anyway: ")[2]
    assert "--map 'index_number=Matter Key'" in suggested, suggested
    assert "--interest-regime consumer --accept-rejects" in suggested, suggested
    # The command as suggested, with a reason, imports the good rows.
    argv = shlex.split(suggested.replace('"WHY"', '"the vendor resends it"'))[2:]
    done = dragonfly("import", *argv, "--json", db_url=db_url, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (json.loads(done.stdout)["inserted"], json.loads(done.stdout)["rejected"]) == (1, 1)
    assert db.execute("select interest_regime::text from judgments").fetchall() == [("consumer",)]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--map", "court"], "is not FIELD=HEADER"),
        (["--map", "court=Venue"], "which the file does not have"),
        (["--map", "court=Sum", "--map", "principal=Sum"], "both mapped to the column 'Sum'"),
        (["--interest-regime", "sometimes"], "not standard (9%) or consumer (2%)"),
    ],
)
def test_bad_map_or_regime_options_exit_2_and_write_nothing(
    options: list[str], words: str, tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = write(tmp_path, "odd.csv", ODD_DMY)
    run = dragonfly("import", str(path), *options, db_url=db_url, home=tmp_path)
    assert run.returncode == 2, run.stdout
    assert words in run.stderr and "Traceback" not in run.stderr
    assert table_count(db, "judgments") == 0


def test_sources_new_from_a_sample_with_flags_then_detects_it(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    sample = write(tmp_path, "odd.csv", ODD_DMY)
    maps = ["--map", "index_number=Matter Key", "--map", "plaintiff_name=Who Is Owed",
            "--map", "principal=Sum", "--map", "entry_date=When",
            "--map", "court=Where"]  # fmt: skip
    missing = dragonfly(
        "sources", "new", "acme", "--from", str(sample), *maps[:-2], db_url=db_url, home=tmp_path
    )
    assert missing.returncode == 2 and "needs a column for court or county" in missing.stderr
    made = dragonfly(
        "sources", "new", "acme", "--from", str(sample), *maps, "--date-format", "%m/%d/%Y",
        "--json", db_url=db_url, home=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    spec = json.loads(made.stdout)["source"]
    assert spec["columns"]["court"] == ["Where"] and spec["date_formats"] == ["%m/%d/%Y"]
    assert "Who Owes" in spec["ignored_columns"]
    listed = dragonfly("sources", "list", "--json", db_url=db_url, home=tmp_path)
    assert "acme" in {s["name"] for s in json.loads(listed.stdout)}
    run = dragonfly("import", str(sample), "--json", db_url=db_url, home=tmp_path)
    assert (json.loads(run.stdout)["source"], json.loads(run.stdout)["inserted"]) == ("acme", 1)
    twice = dragonfly("sources", "new", "acme", "--from", str(sample), *maps,
                      db_url=db_url, home=tmp_path)  # fmt: skip
    assert twice.returncode != 0 and "already exists" in twice.stderr
    # The same headers saved again under another name would leave the file fitting two sources.
    again = dragonfly("sources", "new", "acme_again", "--from", str(sample), *maps,
                      db_url=db_url, home=tmp_path)  # fmt: skip
    assert again.returncode == 1 and "already read as 'acme'" in again.stderr, again.stderr
    assert table_count(db, "import_sources") == 1
    run = dragonfly("import", str(sample), "--json", db_url=db_url, home=tmp_path)
    assert run.returncode == 0 and json.loads(run.stdout)["source"] == "acme"


def test_sources_new_refuses_bad_names_formats_and_files(tmp_path: Path, db_url: str) -> None:
    sample = write(tmp_path, "odd.csv", ODD)
    for args, words in [
        (["Bad Name", "--from", str(sample)], "is not usable"),
        (["ok", "--from", str(sample), "--date-format", "%d.%m.%Y"], "is not one offered"),
        (["ok", "--from", str(tmp_path / "none.csv")], "does not exist"),
        (["ok", "--from", str(sample), "--map", "court=Sum", "--map", "principal=Sum"],
         "both mapped"),
    ]:  # fmt: skip
        run = dragonfly("sources", "new", *args, db_url=db_url, home=tmp_path)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
        assert words in run.stderr and "Traceback" not in run.stderr


def test_sources_new_asks_for_each_field_in_a_terminal(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    sample = write(tmp_path, "odd.csv", ODD_DMY)
    # Columns by number or name; Enter keeps a suggestion; a wrong column is asked again.
    answers = {"index_number": "1", "court": "Nowhere\nWhere", "entry_date": "When",
               "principal": "Sum", "plaintiff_name": "2", "debtor_name": "Who Owes"}  # fmt: skip
    typed = "".join(answers.get(field, "") + "\n" for field in MAPPABLE) + "1\n"
    leader, follower = pty.openpty()
    env = clean_env(DATABASE_URL=db_url, DRAGONFLY_HOME=str(tmp_path), COLUMNS="200")
    process = subprocess.Popen(
        [*COMMAND, "sources", "new", "asked", "--from", str(sample)],
        stdin=follower, stdout=follower, stderr=follower, env=env,
    )  # fmt: skip
    os.close(follower)
    os.write(leader, typed.encode())
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0, output.decode(errors="replace")
    text = output.decode(errors="replace")
    assert "which the file does not have" in text  # "Nowhere" was refused, then asked again
    assert "Saved." in text
    spec = db.execute("select spec from import_sources where name = 'asked'").fetchone()
    assert spec is not None
    assert spec[0]["columns"]["index_number"] == ["Matter Key"]
    assert spec[0]["columns"]["plaintiff_name"] == ["Who Is Owed"]
    assert spec[0]["date_formats"] == ["%m/%d/%Y"]


def test_text_from_files_and_users_prints_as_written_never_as_rich_markup(
    tmp_path: Path, db_url: str
) -> None:
    # Square brackets in a stated reason, a file name or a cell are text: Rich would read them
    # as styles (dropping them, or stopping with a traceback on a stray closing tag).
    path = write(tmp_path, "vendor[1].csv", FOIL.replace("Gotham", "[/x] Gotham"))
    why = "[/boss] said [red]now[/]"
    run = dragonfly(
        "import", str(path), "--accept-rejects", "--reason", why, db_url=db_url, home=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert "vendor[1].csv (foil)" in run.stdout
    history = dragonfly("imports", db_url=db_url, home=tmp_path)
    assert history.returncode == 0, history.stderr
    assert why in " ".join(history.stdout.split())
    batch = run.stdout.rpartition("Batch ")[2].split(".")[0]
    rejects = dragonfly("import", "rejects", batch, db_url=db_url, home=tmp_path)
    assert rejects.returncode == 0, rejects.stderr
    assert "[/x] Gotham" in rejects.stdout
