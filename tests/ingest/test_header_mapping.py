"""Headers mapped once: shared aliases, the previous system's export, files nobody described,
`--map` for the rest, and sources saved in the database that are detected next time."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from ingest_support import recorded_batches, run_import, table_count, write

from app_role_login import as_app
from dragonfly.errors import Conflict, InputError
from dragonfly.ingest import SourceNotDetected, import_file, load_specs
from dragonfly.ingest.firm_sources import all_specs, save_source
from dragonfly.ingest.mapping import mapped_spec, parse_map_options
from dragonfly.ingest.specs import SHARED_ALIASES, header_key

LEGACY = (
    "CaseNumber,DefendantName,PlaintiffName,JudgmentDate,JudgmentAmount,Court,County\n"
    'CV-001234-24/KI,Tyrone Jackson,Acme Funding LLC,03/15/2024,"$4,250.00",'
    "Kings County Civil Court,Kings\n"
    "CV-001235-24/QU,Ann Lee,Acme Funding LLC,2024-04-02,1800,Queens County Civil Court,Queens\n"
)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Index No.", "INDEX_NUMBER"),
        ("IndexNumber", "index number"),
        ("Case #", "Case No"),
        ("Judgment Amt", "judgment_amount"),
        ("Jdgmt. Date", "JudgmentDate"),
        ("Def. Name", "Defendant Name"),
        ("Plf Name", "PLAINTIFF-NAME"),
        ("Date of Entry", " date  of  entry "),
        ("\ufeffCaseNumber", "case_number"),
        ("Défendant", "Defendant"),
    ],
)
def test_headers_compare_without_case_spacing_punctuation_or_abbreviation(
    one: str, other: str
) -> None:
    assert header_key(one) == header_key(other)


def test_a_shared_alias_names_one_field_only() -> None:
    owners: dict[str, set[str]] = {}
    for field, names in SHARED_ALIASES.items():
        for name in names:
            owners.setdefault(header_key(name), set()).add(field)
    assert {key: fields for key, fields in owners.items() if len(fields) > 1} == {}


def test_the_previous_systems_export_imports_with_no_mapping(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    result = run_import(db_url, write(tmp_path, "export.csv", LEGACY))
    assert (result.source, result.inserted, result.rejected) == ("legacy_export", 2, 0)
    rows = db.execute(
        "select j.index_number, j.court_code, j.entry_date::text, j.principal::text, d.name"
        " from judgments j join debtors d on d.id = j.debtor_id order by j.index_number"
    ).fetchall()
    assert rows[0][2:] == ("2024-03-15", "4250.00", "Tyrone Jackson")
    assert rows[1][2:] == ("2024-04-02", "1800.00", "Ann Lee")


# Files no source describes, with headers as firms and clerks write them.
FIELD_FILES = {
    "clerk.csv": (
        "Index No.,Debtor Name,Creditor,Judgment Amt,Date of Judgment,Court\n"
        "501/2024,Ann Lee,Acme LLC,1200.50,03/15/2024,Kings County Civil Court\n"
    ),
    "firm.csv": (
        "Docket #,Judgment Creditor,Judgment Debtor,Amount Awarded,Date Entered,County,"
        "Costs & Disbursements,Consumer Debt\n"
        'CV-77-24,Beta Capital Inc,Cy Poe,"2,000",2024-01-09,Brooklyn,125.00,Y\n'
    ),
    "upper.tsv": (
        "CASE_NO\tPLAINTIFF\tDEFENDANT(S)\tJUDGMENT_AMOUNT\tENTRY_DATE\tVENUE\tINTEREST RATE\n"
        "SC-9/24\tGamma LLC\tDee Roe\t950\t1/5/2024\tQueens County Civil Court\t9%\n"
    ),
    "camel.csv": (
        "IndexNo,CreditorName,DebtorName,Principal,JudgmentEntered,CourtName,CountyName\n"
        "A571470-2024,Delta Corp,Eve Moss,3100,02/29/2024,Bronx County Civil Court,Bronx\n"
    ),
    "boro.csv": (  # a New York City file that names only the borough
        "Case No.,Judgement Amt,Date Entered,Creditor,Debtor,Boro\n"
        'CV-5-24,"$1,000",1/5/2024,Acme LLC,Jo Doe,Bklyn\n'
    ),
}


@pytest.mark.parametrize("name", sorted(FIELD_FILES))
def test_files_nobody_described_import_through_the_shared_aliases(
    name: str, tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    result = run_import(db_url, write(tmp_path, name, FIELD_FILES[name]))
    assert (result.source, result.inserted, result.rejected) == ("generic", 1, 0), result.message
    row = db.execute(
        "select p.name is not null, d.name is not null, j.principal > 0 from judgments j"
        " join plaintiffs p on p.id = j.plaintiff_id join debtors d on d.id = j.debtor_id"
    ).fetchone()
    assert row == (True, True, True)


def test_the_firm_file_reads_costs_and_a_yes_no_consumer_column(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    run_import(db_url, write(tmp_path, "firm.csv", FIELD_FILES["firm.csv"]))
    row = db.execute("select costs::text, interest_regime::text, county_code from judgments")
    assert row.fetchone() == ("125.00", "consumer", "KINGS")


def test_shipped_formats_are_still_told_apart() -> None:
    from dragonfly.ingest.detection import detect_source

    specs = load_specs()
    cases = {
        "Index No,Plf. Name,Def. Name,Amt,Jdgmt Date,Venue": "foil",
        "Case/Index Number,Plaintiff Name,Defendant Name,Judgment Amount,Date of Entry": "court",
        "Case Number,Plaintiff,Defendant,Judgment Amount,Filing Date,County": "judgment_list",
        "LeadID,LeadSource,Court,IndexNumber,JudgmentDate,JudgmentAmount,County,State,"
        "PlaintiffName,PlaintiffAddress,Phone,Email,BestContactMethod": "simplicity13",
        "index_number,court,entry_date,principal,plaintiff_name": "canonical",
        "CaseNumber,DefendantName,PlaintiffName,JudgmentDate,JudgmentAmount,Court,County": (
            "legacy_export"
        ),
    }
    found = {headers: detect_source(headers.split(","), specs).name for headers in cases}
    assert found == cases


ODD = (
    "Matter Key,Who Is Owed,Who Owes,Sum,When,Where\n"
    "K-1,Acme LLC,Ann Lee,100,03/15/2024,Kings County Civil Court\n"
    "K-2,Acme LLC,Bo Diaz,200,03/16/2024,Kings County Civil Court\n"
)
ODD_MAP = {
    "index_number": "Matter Key",
    "plaintiff_name": "who is owed",  # headers compare as everywhere: case does not matter
    "debtor_name": "Who Owes",
    "principal": "Sum",
    "entry_date": "When",
    "court": "Where",
}


def test_a_file_no_source_fits_is_refused_until_mapped(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    path = write(tmp_path, "odd.csv", ODD)
    with pytest.raises(SourceNotDetected, match="--map FIELD=HEADER"):
        import_file(as_app(db_url), path)
    result = run_import(db_url, path, mapping=ODD_MAP)
    assert (result.source, result.inserted, result.rejected) == ("generic", 2, 0)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"court": "Venue"}, "court", "the column 'Venue', which the file does not have"),
        ({"debtor_name": "Sum"}, "principal", "debtor_name and principal are both mapped to"),
        ({"nonsense": "Sum"}, "nonsense", "'nonsense' is not a field"),
        ({"index_number": None}, "index_number", "leaves no column for index_number"),
    ],
)
def test_a_bad_mapping_is_refused_by_field_and_writes_no_judgment(
    change: dict[str, str | None],
    field: str,
    words: str,
    tmp_path: Path,
    db_url: str,
    db: psycopg.Connection,
) -> None:
    mapping = {k: v for k, v in {**ODD_MAP, **change}.items() if v is not None}
    if field == "index_number":  # the Matter Key column then maps to nothing at all
        mapping["external_ref"] = "Matter Key"
    with pytest.raises(InputError) as caught:
        import_file(as_app(db_url), write(tmp_path, "odd.csv", ODD), mapping=mapping)
    assert words in caught.value.message
    assert caught.value.details["errors"][0]["field"] == field  # type: ignore[index]
    assert table_count(db, "judgments") == 0
    assert recorded_batches(db) == [("odd.csv", "refused")]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["index_number"], "is not FIELD=HEADER"),
        (["=Sum"], "is not FIELD=HEADER"),
        (["court=A", "court=B"], "names the field court twice"),
    ],
)
def test_map_options_that_are_not_field_equals_header(options: list[str], words: str) -> None:
    with pytest.raises(InputError, match=words):
        parse_map_options(options)


def test_a_saved_source_is_detected_next_time_and_audited(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    headers = ODD.splitlines()[0].split(",")
    spec = mapped_spec("acme_matters", "Acme matters", headers, ODD_MAP, "%m/%d/%Y")
    with psycopg.connect(as_app(db_url), autocommit=True) as conn:
        save_source(conn, spec, "ops@firm.test")
        with pytest.raises(Conflict, match="already exists"):
            save_source(conn, spec, "ops@firm.test")
        assert all_specs(conn)["acme_matters"].origin == "firm (database)"
    result = run_import(db_url, write(tmp_path, "odd.csv", ODD))
    assert (result.source, result.inserted) == ("acme_matters", 2)
    audit = db.execute(
        "select actor, entity_id from audit_events where action = 'import_source.create'"
    ).fetchall()
    assert audit == [("ops@firm.test", "acme_matters")]


def test_a_saved_mapping_needs_the_required_fields(db: psycopg.Connection) -> None:
    headers = ODD.splitlines()[0].split(",")
    partial = {k: v for k, v in ODD_MAP.items() if k not in ("court", "principal")}
    with pytest.raises(InputError, match="principal, court or county") as caught:
        mapped_spec("acme", "Acme", headers, partial, "%m/%d/%Y")
    assert caught.value.details["errors"][0]["field"] == "principal"  # type: ignore[index]
    assert table_count(db, "import_sources") == 0


def test_a_file_without_court_or_county_is_refused_saying_so(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    # Without a court or a county, index numbers from different courts would be one judgment.
    text = "Index No.,Debtor Name,Judgment Amt,Date of Judgment,Creditor\n1/24,Ann,5,03/15/2024,A\n"
    with pytest.raises(SourceNotDetected, match="finds no column for: court or county"):
        import_file(as_app(db_url), write(tmp_path, "noplace.csv", text))
    assert table_count(db, "judgments") == 0
