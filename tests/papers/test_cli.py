"""`dragonfly papers`: make a paper to a file, list it, set the profile; refusals exit 2."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from core.dragonfly_subprocess import dragonfly
from dragonfly.core.config import get_settings
from papers.conftest import PROFILE, pdf_text, person_judgment


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DRAGONFLY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


class Ran:
    def __init__(self, done: subprocess.CompletedProcess[str]) -> None:
        self.exit_code = done.returncode
        self.output = done.stdout + done.stderr
        self.stdout = done.stdout


def invoke(*args: str) -> Ran:
    """The real console entry point, for exit codes and the one error line."""
    return Ran(dragonfly(*args, env=dict(os.environ), timeout=120))


def test_profile_then_make_to_a_file_then_list(
    cli_env: None, db: psycopg.Connection, tmp_path: Path
) -> None:
    judgment_id = person_judgment(db)
    refused = invoke("papers", "make", "income_execution", "--judgment", str(judgment_id))
    assert refused.exit_code == 2
    assert "missing the firm profile's firm name" in refused.output
    sets = [f"--set={k}={v}" for k, v in PROFILE.items()]
    shown = invoke("papers", "profile", *sets, "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["missing"] == []
    out = tmp_path / "ie.pdf"
    made = invoke(
        "papers",
        "make",
        "income_execution",
        "--judgment",
        str(judgment_id),
        "--out",
        str(out),
        "--as",
        "clerk@example.com",
        "--json",
    )
    assert made.exit_code == 0, made.output
    record = json.loads(made.stdout)
    assert record["version"] == 1 and record["created_by"] == "clerk@example.com"
    assert "Brightline Logistics Inc." in pdf_text(out.read_bytes())
    listed = invoke("papers", "list", "--judgment", str(judgment_id), "--json")
    assert [d["id"] for d in json.loads(listed.stdout)] == [record["id"]]


def test_bad_input_exits_with_the_documented_codes(cli_env: None, db: psycopg.Connection) -> None:
    unknown = invoke("papers", "make", "writ_of_mandamus", "--judgment", "1")
    assert unknown.exit_code == 2 and "Unknown paper 'writ_of_mandamus'" in unknown.output
    missing = invoke("papers", "make", "satisfaction_piece", "--judgment", "424242")
    assert missing.exit_code == 1 and "No judgment with id 424242" in missing.output
    bad_set = invoke("papers", "profile", "--set", "colour=blue")
    assert bad_set.exit_code == 2 and "use FIELD=VALUE" in bad_set.output
    zero = invoke("papers", "make", "satisfaction_piece", "--judgment", "0")
    assert zero.exit_code == 2
    assert "Traceback" not in unknown.output + missing.output + bad_set.output
    huge = "99999999999999999999"  # past bigint
    many = invoke("papers", "make", "satisfaction_piece", "--judgments", f"1,{huge}")
    assert many.exit_code == 2 and "give ids separated by commas" in many.output
    one = invoke("papers", "make", "satisfaction_piece", "--judgment", huge)
    assert one.exit_code == 2 and "Traceback" not in many.output + one.output


def test_an_unwritable_out_file_is_named_not_a_traceback(
    cli_env: None, db: psycopg.Connection, tmp_path: Path
) -> None:
    judgment_id = person_judgment(db)
    sets = [f"--set={k}={v}" for k, v in PROFILE.items()]
    assert invoke("papers", "profile", *sets).exit_code == 0
    nowhere = tmp_path / "no-such-folder" / "paper.pdf"
    ran = invoke("papers", "make", "income_execution", "--judgment", str(judgment_id),
                 "--out", str(nowhere))  # fmt: skip
    assert ran.exit_code == 2, ran.output
    assert f"Cannot use the file {nowhere}" in ran.output and "Traceback" not in ran.output


def test_many_judgments_merged_and_zipped_with_refusals_listed(
    cli_env: None, db: psycopg.Connection, tmp_path: Path
) -> None:
    from dragonfly.papers import save_firm_profile

    save_firm_profile(db, PROFILE, actor="admin")
    good = [person_judgment(db, index_number=f"BULK-{n}/2024") for n in range(3)]
    refused = person_judgment(db, index_number="BULK-X/2024", employer=False)
    merged, archive = tmp_path / "all.pdf", tmp_path / "all.zip"
    ids = ",".join(str(i) for i in [good[0], refused, good[1], good[2]])
    ran = invoke(
        "papers",
        "make",
        "income_execution",
        "--judgments",
        ids,
        "--out",
        str(merged),
        "--zip",
        str(archive),
        "--json",
    )
    assert ran.exit_code == 2, ran.output
    report = json.loads(ran.stdout)
    assert [d["judgment_id"] for d in report["made"]] == good
    assert [r["judgment_id"] for r in report["refused"]] == [refused]
    assert "an employer or payor" in report["refused"][0]["message"]
    text = pdf_text(merged.read_bytes())
    assert all(f"BULK-{n}/2024" in text for n in range(3)) and "BULK-X/2024" not in text
    assert report["pages"] == sum(d["pages"] for d in report["made"])
    import zipfile

    with zipfile.ZipFile(archive) as bundle:
        assert sorted(bundle.namelist()) == sorted(d["filename"] for d in report["made"])
    bad = invoke("papers", "make", "income_execution", "--judgments", "4,x")
    assert bad.exit_code == 2 and "give ids separated by commas" in bad.output
    both = invoke("papers", "make", "income_execution", "--judgment", "1", "--judgments", "2")
    assert both.exit_code == 2 and "either --judgment ID or --judgments" in both.output
