"""Every source format imports from a file written the way the field writes it."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from ingest_support import (
    FIXTURES,
    batch_row,
    recorded_batches,
    rejects,
    run_import,
    table_count,
    write,
)

from dragonfly.core.config import Settings
from dragonfly.ingest import SourceNotDetected, import_file

SIMPLICITY_13 = (
    "LeadID,LeadSource,Court,IndexNumber,JudgmentDate,JudgmentAmount,County,State,PlaintiffName,"
    "PlaintiffAddress,Phone,Email,BestContactMethod\n"
    'L-1,Web,Kings County Civil Court,CV-2023-001234,03/15/2024,"$12,500.00",Kings,NY,'
    '"Acme Funding, LLC","123 Main St, Brooklyn, NY 11201",(718)555-1212,a@acme.test,Phone\n'
    "L-2,Web,Queens Supreme Court,943786/2023,2023-11-02,12500,Queens,NY,Beta Capital Inc,"
    ",,,Email\n"
)


def test_demo_intake_sample_imports_all_eight_rows(db_url: str, db: psycopg.Connection) -> None:
    result = run_import(db_url, FIXTURES / "demo_intake_batch.csv")
    assert (result.source, result.status, result.rows_read, result.inserted) == (
        "simplicity26",
        "completed",
        8,
        8,
    )
    row = db.execute(
        "select j.court_code, j.county_code, j.principal, d.name, d.kind::text, p.name"
        " from judgments j join debtors d on d.id = j.debtor_id"
        " join plaintiffs p on p.id = j.plaintiff_id where j.index_number_norm = '2024-CV-1001'"
    ).fetchone()
    assert row == ("CIV-KINGS", "KINGS", Decimal("45000.00"), "John Smith", "individual",
                   "Acme Collections LLC")  # fmt: skip
    assert batch_row(db, result.batch_id or 0)["status"] == "completed"


def test_simplicity_26_sample_imports_both_rows(db_url: str, db: psycopg.Connection) -> None:
    result = run_import(db_url, FIXTURES / "simplicity_sample.csv")
    assert (result.source, result.rows_read, result.inserted, result.rejected) == (
        "simplicity26",
        2,
        2,
        0,
    )
    courts = db.execute("select court_code from judgments order by court_code").fetchall()
    assert [c[0] for c in courts] == ["SUP-KINGS", "SUP-QUEENS"]
    plaintiff = db.execute(
        "select street, city, state, zip from plaintiffs where name = 'Pytest Funding LLC'"
    ).fetchone()
    assert plaintiff == ("123 Main St", "Queens", "NY", "11101")


def test_simplicity_13_parses_amounts_dates_and_one_line_addresses(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    result = run_import(db_url, write(tmp_path, "s13.csv", SIMPLICITY_13))
    assert (result.source, result.inserted) == ("simplicity13", 2)
    rows = db.execute(
        "select index_number_norm, entry_date::text, principal from judgments order by 1"
    ).fetchall()
    assert rows == [
        ("943786/2023", "2023-11-02", Decimal("12500.00")),
        ("CV-2023-001234", "2024-03-15", Decimal("12500.00")),
    ]
    acme = db.execute(
        "select name, kind::text, street, city, state, zip from plaintiffs where name like 'Acme%'"
    ).fetchone()
    assert acme == ("Acme Funding, LLC", "business", "123 Main St", "Brooklyn", "NY", "11201")


def test_judgment_list_uses_the_county_and_filing_date(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = (
        "Case Number,Plaintiff,Defendant,Judgment Amount,Filing Date,County\n"
        'SC-2020-836679,Midland Funding LLC,MARY  o\'brien ,"$2,500.00",06/01/2020,Brooklyn\n'
        "A571470-2024,Cavalry SPV I LLC,Quick Fix Auto Co.,900.50,01/09/2024,St. Lawrence\n"
    )
    result = run_import(db_url, write(tmp_path, "list.csv", text))
    assert (result.source, result.inserted, result.rejected) == ("judgment_list", 2, 0)
    rows = db.execute(
        "select j.court_code, j.county_code, d.name, d.kind::text from judgments j"
        " join debtors d on d.id = j.debtor_id order by j.index_number_norm"
    ).fetchall()
    assert rows == [
        ("UNK-ST_LAWRENCE", "ST_LAWRENCE", "Quick Fix Auto Co.", "business"),
        ("UNK-KINGS", "KINGS", "MARY o'brien", "individual"),
    ]


def test_court_file_without_court_column_gets_unknown_court(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = (
        "Case/Index Number,Plaintiff Name,Defendant Name,Judgment Amount,Date of Entry\n"
        "CV-2019-000077,LVNV Funding LLC,Pat Lee,1500,07/04/2019\n"
    )
    result = run_import(db_url, write(tmp_path, "court.csv", text, crlf=True))
    assert (result.source, result.inserted) == ("court", 1)
    assert db.execute("select court_code, court_name from judgments").fetchone() == (
        "UNK",
        "Court not stated",
    )


def test_foil_venue_may_be_a_court_or_a_borough(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = (
        "Index No,Plf. Name,Def. Name,Amt,Jdgmt Date,Venue\n"
        "1001/25,Acme LLC,Bo Diaz,1200,03/15/2025,"
        "Civil Court of the City of New York Bronx County\n"
        "1002/25,Acme LLC,Al Roy,1300,03/16/2025,Staten Island\n"
        "1003/25,Acme LLC,Al Roy,1300,03/16/2025,Yonkers City Court\n"
    )
    result = run_import(db_url, write(tmp_path, "foil.csv", text))
    assert (result.source, result.inserted) == ("foil", 3)
    codes = db.execute("select court_code, county_code from judgments order by 1").fetchall()
    assert codes == [("CITY-YONKERS", "WESTCHESTER"), ("CIV-BRONX", "BRONX"),
                     ("UNK-RICHMOND", "RICHMOND")]  # fmt: skip
    assert table_count(db, "plaintiffs") == 1


def test_jbi_party_role_decides_and_debtors_never_become_plaintiffs(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    text = (
        "case_number,case_status,court_name,county,state,filing_date,judgment_date,"
        "judgment_amount,judgment_balance,party_role,party_type,party_name,party_phone,"
        "contact_type,party_email\n"
        # debtor listed before creditor: order must not matter
        "CV-2022-5,Open,Kings Civil Court,Kings,NY,2022-01-01,2022-03-01,5000,5000,Debtor,"
        "Individual,Sam Poe,555-0101,phone,\n"
        "CV-2022-5,Open,Kings Civil Court,Kings,NY,2022-01-01,2022-03-01,5000,5000,Creditor,"
        "Business,Big Bank NA,555-0102,email,ops@bank.test\n"
        "CV-2022-5,Open,Kings Civil Court,Kings,NY,2022-01-01,2022-03-01,5000,5000,Debtor,"
        "Business,Poe Plumbing,555-0103,phone,\n"
        "CV-2022-6,Open,Kings Civil Court,Kings,NY,2022-01-01,2022-03-01,700,700,Debtor,"
        "Individual,Only Debtor,,phone,\n"
        "CV-2022-7,Open,Kings Civil Court,Kings,NY,2022-01-01,2022-03-01,700,700,Garnishee,"
        "Business,Who Knows,,phone,\n"
    )
    result = run_import(db_url, write(tmp_path, "jbi.csv", text), max_reject_rate=0.5)
    assert (result.source, result.rows_read, result.inserted, result.rejected) == ("jbi", 5, 3, 2)
    assert rejects(db, result.batch_id or 0) == [(5, "missing_creditor"), (6, "unknown_party_role")]
    plaintiffs = db.execute("select name from plaintiffs").fetchall()
    assert plaintiffs == [("Big Bank NA",)]
    first = db.execute(
        "select d.name, d.kind::text from judgments j join debtors d on d.id = j.debtor_id"
        " where j.index_number_norm = 'CV-2022-5'"
    ).fetchone()
    assert first == ("Sam Poe", "individual")
    co_debtors = db.execute(
        "select d.name, d.kind::text from judgment_debtors jd join debtors d on d.id = jd.debtor_id"
    ).fetchall()
    assert co_debtors == [("Poe Plumbing", "business")]


def test_ambiguous_header_lists_the_candidates(tmp_path: Path, db_url: str) -> None:
    firm = tmp_path / "specs"
    firm.mkdir()
    shipped = Path(__file__).parents[2] / "src" / "dragonfly" / "ingest" / "sources"
    copy = (shipped / "foil.toml").read_text().replace('name = "foil"', 'name = "foil_copy"')
    (firm / "foil_copy.toml").write_text(copy)
    path = write(
        tmp_path,
        "f.csv",
        "Index No,Plf. Name,Def. Name,Amt,Jdgmt Date,Venue\n1/25,A,B,1,01/02/2024,Kings\n",
    )
    with pytest.raises(SourceNotDetected, match="foil, foil_copy"):
        import_file(db_url, path, settings=Settings(dragonfly_sources_dir=firm))


def test_unknown_header_names_missing_columns_and_closest_headers(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = write(
        tmp_path,
        "x.csv",
        "Index Numbr,Plf. Name,Def. Name,Amount,Jdgmt Date,Venue\n1,A,B,1,01/02/2024,Kings\n",
    )
    with pytest.raises(SourceNotDetected) as caught:
        import_file(db_url, path)
    message = caught.value.message
    # "Amount" is a shared alias of the judgment amount now; only the index number is missing.
    assert "index number, e.g. 'Index Number' (closest header seen: 'Index Numbr')" in message
    assert "amount" not in message.split("finds no column for:")[1].split("Map the")[0]
    assert "--map FIELD=HEADER" in message
    assert recorded_batches(db) == [("x.csv", "refused")]


def test_a_firm_adds_its_own_source_without_code(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    firm = tmp_path / "specs"
    firm.mkdir()
    (firm / "acme_vendor.toml").write_text(
        'name = "acme_vendor"\ntitle = "Acme vendor"\ndate_formats = ["%d.%m.%Y"]\n'
        'required = ["index_number", "entry_date", "principal", "plaintiff_name", "court"]\n'
        "[columns]\nindex_number = ['Docket']\nentry_date = ['Entered']\nprincipal = ['Award']\n"
        "plaintiff_name = ['Creditor']\ncourt = ['Forum']\n"
    )
    path = write(
        tmp_path,
        "acme.csv",
        "Docket,Entered,Award,Creditor,Forum\nD-1,31.01.2024,10,X LLC,Bronx Supreme Court\n",
    )
    result = import_file(db_url, path, settings=Settings(dragonfly_sources_dir=firm))
    assert (result.source, result.inserted) == ("acme_vendor", 1)
    assert db.execute("select entry_date::text, court_code from judgments").fetchone() == (
        "2024-01-31",
        "SUP-BRONX",
    )


def test_forced_source_must_have_its_required_columns(tmp_path: Path, db_url: str) -> None:
    # Headers are shared across sources, so a judgment-per-row file lacks only what it lacks:
    # forced to the party-per-row JBI format, it has no party role or party name.
    path = shutil.copy(FIXTURES / "demo_intake_batch.csv", tmp_path / "intake.csv")
    with pytest.raises(SourceNotDetected, match=r"Source 'jbi'.*party role"):
        import_file(db_url, path, source="jbi")
