"""The court registry: every listed court resolves to exactly one court, in the court system's
own spelling and in the long form a clerk writes; ambiguous, nonexistent and wrong-county courts
are refused with their reason; and an import carries those reasons."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import psycopg
import pytest
from ingest_support import FIXTURES, run_import, write

from core.dragonfly_subprocess import clean_env, dragonfly
from dragonfly.domain.counties import county_name, resolve_county
from dragonfly.domain.courts import (
    Court,
    Refusal,
    ambiguous_pairs,
    court,
    courts,
    matching_codes,
    resolve,
)

LISTINGS = FIXTURES / "ny_courts"


def _rows(name: str) -> list[dict[str, str]]:
    with (LISTINGS / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _code(text: str | None, county: str | None = None) -> str:
    found = resolve(text, county)
    return found.code if isinstance(found, Court) else found.reason


def _long_form(found: Court) -> str:
    place = str(found.place)
    if place.startswith("Village of"):
        return f"{place} Justice Court"
    return f"{'Town' if found.kind == 'TOWN' else 'Village'} of {place} Justice Court"


def test_every_town_and_village_listing_row_resolves_to_one_court_in_its_county() -> None:
    rows = _rows("town_village_courts.csv")
    assert len(rows) == 1292  # 1,291 Town and Village courts and one Supreme Court line
    codes = set()
    for row in rows:
        county = resolve_county(row["county"])
        found = resolve(row["court_name"], county)
        assert isinstance(found, Court), (row, found)
        assert found.county_code == county, row
        codes.add(found.code)
        if found.kind in ("TOWN", "VIL"):
            # The long form, with the county in the text instead of the row.
            long = _long_form(found)
            assert _code(long, county) == found.code, long
            assert _code(f"{long}, {county_name(county)} County") == found.code, long
            assert _code(f"{long} ({row['county']} county)") == found.code, long
    # Four courts are listed twice (`HUNTINGTON BAY V.J.` and `HUNTINGTON BAY V.J`).
    kinds = [c.kind for c in map(court, codes) if c]
    assert (kinds.count("TOWN"), kinds.count("VIL"), kinds.count("SUP")) == (923, 364, 1)
    assert {c.code for c in courts("TOWN") + courts("VIL")} <= codes


def test_every_city_civil_and_district_listing_row_resolves_to_one_court() -> None:
    rows = _rows("city_courts.csv")
    found = {}
    for row in rows:
        county = resolve_county(row["county"])
        result = resolve(row["court_name"], county)
        assert isinstance(result, Court), (row, result)
        assert result.county_code == county
        found[row["court_name"]] = result.code
        assert _code(row["court_name"]) == result.code  # the name alone says which court
    assert found["Harlem Community Justice Center"] == "CIV-NEW_YORK"
    assert found["Redhook Community Justice Center"] == "CIV-KINGS"
    assert found["Mt. Vernon City Court"] == "CITY-MOUNT_VERNON"
    assert found["Suffolk County District Court- 6th District"] == "DIST-SUFFOLK-6"
    assert found["Buffalo City Court Violations"] == found["Buffalo City Court"]
    assert len(courts("CITY")) == 61
    assert {c.code for c in courts("CITY")} <= set(found.values())
    assert [c.district for c in courts("DIST") if not c.legacy] == [1, 2, 3, 4, 1, 2, 3, 4, 5, 6]


def test_the_registry_holds_one_supreme_court_per_county_and_county_courts_outside_the_city():
    assert len(courts("SUP")) == 62
    assert len(courts("CTY")) == 57
    assert [c.county_code for c in courts("CIV")] == [
        "BRONX", "KINGS", "NEW_YORK", "QUEENS", "RICHMOND"
    ]  # fmt: skip
    shipped = Path(__file__).parents[2] / "src/dragonfly/domain/courts.csv"
    assert shipped.stat().st_size < 1_000_000


@pytest.mark.parametrize(
    ("text", "county", "code"),
    [
        # the court system's listing and its variants
        ("BERNE T.J.", "ALBANY", "TOWN-ALBANY-BERNE"),
        ("berne tj", "ALBANY", "TOWN-ALBANY-BERNE"),
        ("ALTAMONT V.J.", None, "VIL-ALBANY-ALTAMONT"),
        ("AMITY TOWN CT", "ALLEGANY", "TOWN-ALLEGANY-AMITY"),
        ("WESTHAMPTON BEACH VILLAGE CT", None, "VIL-SUFFOLK-WESTHAMPTON_BEACH"),
        ("GRAND VIEW-ON-HUDSN VJ", "ROCKLAND", "VIL-ROCKLAND-GRAND_VIEW_ON_HUDSON"),
        # long forms a clerk writes
        ("Town of Berne Justice Court", None, "TOWN-ALBANY-BERNE"),
        ("Justice Court of the Town of Berne, Albany County", None, "TOWN-ALBANY-BERNE"),
        ("Village of Hastings-on-Hudson Justice Court", None,
         "VIL-WESTCHESTER-HASTINGS_ON_HUDSON"),
        ("Nassau County District Court- 2nd District", None, "DIST-NASSAU-2"),
        ("District Court of Suffolk County, Third District", None, "DIST-SUFFOLK-3"),
        ("Kings County Civil Court", None, "CIV-KINGS"),
        ("Civil Court of the City of New York, County of Queens", None, "CIV-QUEENS"),
        ("Mt. Vernon City Court", None, "CITY-MOUNT_VERNON"),
        ("City Court of the City of Yonkers", None, "CITY-YONKERS"),
        ("Supreme Court of the State of New York, County of Kings", None, "SUP-KINGS"),
        ("New York Supreme Court", "KINGS", "SUP-KINGS"),  # the state's Supreme Court
        ("St. Lawrence County Court", None, "CTY-ST_LAWRENCE"),
        ("Harlem Community Justice Centre", None, "CIV-NEW_YORK"),
        ("Red Hook Community Justice Center", "KINGS", "CIV-KINGS"),
        ("Yonkers City Court - Small Claims Part", None, "CITY-YONKERS"),
        ("Civil Part, Buffalo City Court", "ERIE", "CITY-BUFFALO"),
        ("Bronx Housing Court", None, "CIV-BRONX"),
        ("Queens Small Claims", None, "CIV-QUEENS"),
        ("Kings Civil", None, "CIV-KINGS"),
        ("S.I. Civil Ct.", None, "CIV-RICHMOND"),
        ("Dist Ct Suffolk Cty 6th Dist", None, "DIST-SUFFOLK-6"),
        # vendor short forms
        ("NASSAU DIST 1", None, "DIST-NASSAU-1"),
        ("DIST CT 4TH DIST", "NASSAU", "DIST-NASSAU-4"),
        ("CIV CT", "BRONX", "CIV-BRONX"),
        ("SUP CT", "ERIE", "SUP-ERIE"),
        ("KINGS SUP", None, "SUP-KINGS"),
        ("Sup Ct NY Co", None, "SUP-NEW_YORK"),
        ("N.Y. County Supreme Court", None, "SUP-NEW_YORK"),
        ("N.Y. Sup. Ct., Kings Co.", None, "SUP-KINGS"),
        ("Tonawanda Town Court", None, "TOWN-ERIE-TONAWANDA"),
        ("No. Tonawanda City Court", None, "CITY-NORTH_TONAWANDA"),
        ("Wappinger's Falls V.J.", None, "VIL-DUTCHESS-WAPPINGERS_FALLS"),
        ("De Witt Town Court", None, "TOWN-ONONDAGA-DEWITT"),
        ("MT KISCO TJ", "WESTCHESTER", "TOWN-WESTCHESTER-MOUNT_KISCO"),
        ("St Armand Town Ct", "ESSEX", "TOWN-ESSEX-ST_ARMAND"),
        ("Saint Johnsville Town Court", None, "TOWN-MONTGOMERY-ST_JOHNSVILLE"),
        ("La Grange Town Court", "DUTCHESS", "TOWN-DUTCHESS-LAGRANGE"),
        ("E. Hampton Town Justice", None, "TOWN-SUFFOLK-EAST_HAMPTON"),
        ("Brooklyn", None, "UNK-KINGS"),
        ("", "QUEENS", "UNK-QUEENS"),
        # "civil court" outside the city names a case, not a court: court not stated
        ("Nassau County Civil Court", "NASSAU", "UNK-NASSAU"),
    ],
)  # fmt: skip
def test_spellings_from_the_field_resolve(text: str, county: str | None, code: str) -> None:
    assert _code(text, county) == code


@pytest.mark.parametrize(
    ("text", "county", "reason", "named"),
    [
        ("Alfred Justice Court", "ALLEGANY", "ambiguous_court",
         ["TOWN-ALLEGANY-ALFRED", "VIL-ALLEGANY-ALFRED"]),
        ("ALFRED", "ALLEGANY", "ambiguous_court", ["TOWN-ALLEGANY-ALFRED", "VIL-ALLEGANY-ALFRED"]),
        ("ASHLAND T.J.", None, "ambiguous_court", ["TOWN-CHEMUNG-ASHLAND", "TOWN-GREENE-ASHLAND"]),
        ("Rye Court", "WESTCHESTER", "ambiguous_court", ["TOWN-WESTCHESTER-RYE", "CITY-RYE"]),
        ("NASSAU DIST", None, "ambiguous_court", [f"DIST-NASSAU-{n}" for n in range(1, 5)]),
        ("Nassau County District Court", "NASSAU", "ambiguous_court",
         [f"DIST-NASSAU-{n}" for n in range(1, 5)]),
        ("County Court, Bronx", None, "no_such_court", []),
        ("Kings County Court", "KINGS", "no_such_court", []),
        ("District Court", "QUEENS", "no_such_court", []),
        ("Nassau District Court 5th District", None, "no_such_court", []),
        ("BERNE T.J.", "GREENE", "court_county_mismatch", ["TOWN-ALBANY-BERNE"]),
        ("Kings County Supreme Court", "QUEENS", "court_county_mismatch", []),
        ("Yonkers City Court", "NASSAU", "court_county_mismatch", ["CITY-YONKERS"]),
        ("Harlem Community Justice Center", "BRONX", "court_county_mismatch", []),
        ("Gotham Municipal Court", None, "unknown_court", []),
        ("Supreme Court", None, "unknown_court", []),
        ("Family Court, Monroe County", None, "unknown_court", []),
    ],
)  # fmt: skip
def test_courts_that_are_ambiguous_missing_or_elsewhere_are_refused(
    text: str, county: str | None, reason: str, named: list[str]
) -> None:
    found = resolve(text, county)
    assert isinstance(found, Refusal)
    assert found.reason == reason
    assert sorted(c.code for c in found.candidates) == sorted(named)
    for code in named:
        assert code in found.detail  # the refusal names every court it could be


def test_town_and_village_pairs_are_all_refused_without_the_kind() -> None:
    pairs = ambiguous_pairs()
    assert len(pairs) == 120
    for town, village in pairs:
        assert {town.kind, village.kind} == {"TOWN", "VIL"}
        bare = f"{town.place} Justice Court"
        refused = resolve(bare, town.county_code)
        assert isinstance(refused, Refusal) and refused.reason == "ambiguous_court", bare
        assert _code(f"{town.place} Town Court", town.county_code) == town.code
        assert _code(f"{town.place} Village Court", town.county_code) == village.code


def test_legacy_codes_are_described_but_never_produced() -> None:
    lumped = court("DIST-NASSAU")
    assert lumped is not None and lumped.legacy
    assert "district not stated" in lumped.name
    never = court("CTY-BRONX")
    assert never is not None and never.legacy
    assert court("NOPE") is None


def test_typed_filters_mean_courts() -> None:
    assert matching_codes("Supreme") == ["SUP-%"]
    assert matching_codes("kings supreme") == ["SUP-KINGS"]
    assert matching_codes("Alfred") == ["TOWN-ALLEGANY-ALFRED", "VIL-ALLEGANY-ALFRED"]
    assert "DIST-NASSAU" in (matching_codes("Nassau District") or [])
    assert matching_codes("Gotham") is None


def test_an_import_refuses_rows_with_bad_courts_and_still_balances(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    lines = [
        "index_number,court,county,entry_date,principal,plaintiff_name,debtor_name",
        "A-1,BERNE T.J.,Albany,2024-01-02,1000,Acme LLC,Jo Doe",
        "A-2,Village of Alfred Justice Court,Allegany,2024-01-02,1000,Acme LLC,Jo Doe",
        "A-3,Nassau County District Court- 2nd District,Nassau,2024-01-02,1000,Acme LLC,Jo Doe",
        "A-4,Suffolk District Court 3rd Dist,Suffolk,2024-01-02,1000,Acme LLC,Jo Doe",
        "A-5,Mt. Vernon City Court,Westchester,2024-01-02,1000,Acme LLC,Jo Doe",
        "A-6,Harlem Community Justice Center,New York,2024-01-02,1000,Acme LLC,Jo Doe",
        "A-7,ALFRED,Allegany,2024-01-02,1000,Acme LLC,Jo Doe",
        "A-8,County Court,Bronx,2024-01-02,1000,Acme LLC,Jo Doe",
        "A-9,BERNE T.J.,Greene,2024-01-02,1000,Acme LLC,Jo Doe",
    ]
    path = write(tmp_path, "courts.csv", "\n".join(lines) + "\n")
    result = run_import(db_url, path, max_reject_rate=0.5)
    assert result.rows_read == 9
    assert (result.inserted, result.rejected) == (6, 3)
    assert result.rows_read == result.inserted + result.updated + result.unchanged + result.rejected
    stored = dict(db.execute("select index_number, court_code from judgments"))
    assert stored == {
        "A-1": "TOWN-ALBANY-BERNE", "A-2": "VIL-ALLEGANY-ALFRED", "A-3": "DIST-NASSAU-2",
        "A-4": "DIST-SUFFOLK-3", "A-5": "CITY-MOUNT_VERNON", "A-6": "CIV-NEW_YORK",
    }  # fmt: skip
    refused = {
        line: (reason, detail)
        for line, reason, detail, _ in db.execute(
            "select line_number, reason_code, detail, field from rejected_rows where batch_id = %s",
            (result.batch_id,),
        )
    }
    # Every court refusal names the file's court column, so Intake and `import rejects` show
    # the value that was refused.
    columns = db.execute(
        "select distinct field from rejected_rows where batch_id = %s", (result.batch_id,)
    ).fetchall()
    assert columns == [("court",)]
    assert refused[8][0] == "ambiguous_court"
    assert "TOWN-ALLEGANY-ALFRED" in refused[8][1] and "VIL-ALLEGANY-ALFRED" in refused[8][1]
    assert refused[9][0] == "no_such_court" and "no County Court in Bronx" in refused[9][1]
    assert refused[10][0] == "court_county_mismatch" and "Albany County" in refused[10][1]


def test_the_same_index_number_in_two_districts_is_two_judgments(
    tmp_path: Path, db_url: str, db: psycopg.Connection
) -> None:
    lines = [
        "index_number,court,county,entry_date,principal,plaintiff_name,debtor_name",
        "CEF-100-24,Nassau County District Court- 1st District,Nassau,2024-01-02,900,A LLC,B C",
        "CEF-100-24,Nassau County District Court- 2nd District,Nassau,2024-01-02,700,A LLC,D E",
    ]
    result = run_import(db_url, write(tmp_path, "two.csv", "\n".join(lines) + "\n"))
    assert (result.inserted, result.rejected) == (2, 0)
    assert db.execute("select count(distinct court_code) from judgments").fetchone() == (2,)


def test_both_shared_samples_still_import(db_url: str, db: psycopg.Connection) -> None:
    for name, count in (("demo_intake_batch.csv", 8), ("simplicity_sample.csv", 2)):
        result = run_import(db_url, FIXTURES / name)
        assert (result.inserted, result.rejected) == (count, 0), name
    codes = {c for (c,) in db.execute("select distinct court_code from judgments")}
    assert codes == {
        "CIV-KINGS", "CIV-QUEENS", "CIV-NEW_YORK", "UNK-NASSAU", "UNK-WESTCHESTER",
        "SUP-KINGS", "SUP-QUEENS",
    }  # fmt: skip
    assert all(court(c) for c in codes)


# ---- the command ----------------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str, str]:
    done = dragonfly("courts", *args, env=clean_env(), timeout=60)
    return done.returncode, done.stdout, done.stderr


def test_courts_resolve_show_and_list_from_the_command_line() -> None:
    code, out, _ = _cli("resolve", "BERNE T.J.", "--county", "albany", "--json")
    assert code == 0 and json.loads(out)["code"] == "TOWN-ALBANY-BERNE"
    code, out, _ = _cli("show", "dist-nassau-2", "--json")
    assert code == 0 and json.loads(out)["district"] == 2
    code, out, _ = _cli("list", "--kind", "village", "--county", "St. Lawrence", "--json")
    listed = json.loads(out)
    assert code == 0 and {c["kind"] for c in listed} == {"VIL"} and len(listed) == 4
    assert {c["county"] for c in listed} == {"St. Lawrence"}
    code, out, _ = _cli("list", "--kind", "Supreme")
    assert code == 0 and "SUP-NEW_YORK" in out and "62 courts" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("resolve", "ALFRED", "--county", "Allegany"), "ambiguous_court"),
        (("resolve", "Gotham Municipal Court"), "unknown_court"),
        (("resolve", "County Court", "--county", "Kings"), "no_such_court"),
        (("resolve", "BERNE T.J.", "--county", "Gotham"), "not a New York county"),
        (("resolve", "  "), "give the court's name"),
        (("show", "NOPE-1"), "No court has the code 'NOPE-1'"),
        (("list", "--kind", "bogus"), "'bogus' is not a kind of court"),
        (("list", "--county", "Atlantis"), "'Atlantis' is not a New York county"),
    ],
)
def test_courts_command_refuses_bad_input_plainly(args: tuple[str, ...], message: str) -> None:
    code, out, err = _cli(*args)
    assert code != 0
    assert message in " ".join((out + err).split())
    assert "Traceback" not in err


def test_courts_resolve_json_names_the_candidates() -> None:
    code, out, _ = _cli("resolve", "Alfred", "--county", "Allegany", "--json")
    payload = json.loads(out)
    assert code == 2 and payload["error"]["code"] == "ambiguous_court"
    assert [c["code"] for c in payload["candidates"]] == [
        "TOWN-ALLEGANY-ALFRED",
        "VIL-ALLEGANY-ALFRED",
    ]
