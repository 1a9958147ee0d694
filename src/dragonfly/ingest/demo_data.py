"""Synthetic New York judgment files, written the way each source writes them.

Realistic enough to exercise everything downstream: NYC-heavy county mix, the courts of each
county, each court's index-number style, business and individual debtors, street addresses with
ZIPs, log-normal amounts (mostly $1k-$50k), entry dates over the last twenty years, and a
controlled share of defective rows that the importer must reject.
"""

from __future__ import annotations

import csv
import math
import random
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from dragonfly.core.clock import today_in_new_york
from dragonfly.ingest.places import CITIES, COUNTY_NAMES, NYC_COUNTIES

DemoFormat = Literal["simplicity", "court", "foil", "jbi", "canonical"]
FORMATS: tuple[str, ...] = ("simplicity", "court", "foil", "jbi", "canonical")

# County -> (weight, a town or borough name, ZIP prefix)
COUNTY_MIX: dict[str, tuple[int, str, str]] = {
    "KINGS": (18, "Brooklyn", "112"), "QUEENS": (15, "Jamaica", "114"),
    "BRONX": (14, "Bronx", "104"), "NEW_YORK": (10, "New York", "100"),
    "RICHMOND": (4, "Staten Island", "103"), "NASSAU": (8, "Hempstead", "115"),
    "SUFFOLK": (8, "Islip", "117"), "WESTCHESTER": (6, "Yonkers", "107"),
    "ERIE": (4, "Buffalo", "142"), "MONROE": (3, "Rochester", "146"),
    "ONONDAGA": (3, "Syracuse", "132"), "ALBANY": (2, "Albany", "122"),
    "ORANGE": (2, "Newburgh", "125"), "DUTCHESS": (1, "Poughkeepsie", "126"),
    "ROCKLAND": (1, "Nyack", "109"), "ONEIDA": (1, "Utica", "135"),
}  # fmt: skip
CREDITORS = [
    "Midland Funding LLC", "LVNV Funding LLC", "Cavalry SPV I LLC", "Discover Bank",
    "Portfolio Recovery Associates LLC", "Jefferson Capital Systems LLC",
    "Velocity Investments LLC",
    "Capital One Bank (USA) N.A.", "American Express National Bank", "Crown Asset Management LLC",
    "Hudson Valley Federal Credit Union", "Empire Medical Billing PC", "Metro Property Group LLC",
    "Bronx Auto Finance Inc", "Palisades Collection LLC", "Atlantic Credit & Finance Inc",
]  # fmt: skip
FIRST = ["James", "Maria", "Robert", "Jennifer", "Michael", "Linda", "David", "Patricia", "Jose",
         "Aisha", "Wei", "Fatima", "Dmitri", "Priya", "Kwame", "Sofia", "Luis", "Grace", "Omar",
         "Ana", "Peña", "Chen", "Tyrone", "Rachel", "Ibrahim", "Nicole", "Hyun",
         "Carmen"]  # fmt: skip
LAST = ["Smith", "Johnson", "Rodriguez", "Williams", "Brown", "Garcia", "Miller", "Davis", "Lee",
        "Martinez", "Nguyen", "Cohen", "O'Brien", "Patel", "Kim", "Rivera", "Jackson", "Müller",
        "Khan", "Goldberg", "Santos", "Thompson", "Wong", "Diaz", "Okafor", "Russo"]  # fmt: skip
BUSINESS = ["Deli", "Construction", "Auto Repair", "Trucking", "Realty", "Cleaning", "Bakery",
            "Plumbing", "Medical", "Logistics", "Beauty Salon", "Electric"]  # fmt: skip
SUFFIXES = ["LLC", "Inc", "Corp", "L.L.C.", "Co.", "LLP", "Ltd"]
STREETS = ["Main St", "Broadway", "Atlantic Ave", "Flatbush Ave", "Grand Concourse",
           "Jamaica Ave", "Court St", "Central Ave", "Park Pl", "Union St", "Elm St",
           "Hillside Ave", "Ocean Pkwy", "Lexington Ave", "Fulton St", "Delaware Ave"]  # fmt: skip


_SUFFIX = {1: "st", 2: "nd", 3: "rd", 4: "th", 5: "th", 6: "th"}


class _Faker:
    """Seeded row values: every draw comes from one random.Random, so a seed repeats a file."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.counties = list(COUNTY_MIX)
        self.weights = [COUNTY_MIX[c][0] for c in self.counties]

    def county(self) -> str:
        return self.rng.choices(self.counties, self.weights)[0]

    def court(self, county: str) -> tuple[str, str]:
        """(kind, court name as vendors write it)."""
        name = COUNTY_NAMES[county]
        roll = self.rng.random()
        if name in NYC_COUNTIES:
            if roll < 0.7:
                return "CIV", self.rng.choice(
                    [
                        f"{name} County Civil Court",
                        f"Civil Court of the City of New York, {name} County",
                    ]
                )
            return "SUP", f"Supreme Court, {name} County"
        cities = [city for city, c in CITIES.items() if c == county]
        if county in ("NASSAU", "SUFFOLK") and roll < 0.6:
            district = self.rng.randint(1, 4 if county == "NASSAU" else 6)
            return "DIST", f"{name} County District Court- {district}{_SUFFIX[district]} District"
        if cities and roll < 0.5:
            return "CITY", f"{self.rng.choice(cities)} City Court"
        if roll < 0.75:
            return "SUP", f"{name} County Supreme Court"
        return "CTY", f"{name} County Court"

    def entry_date(self) -> date:
        return self.today - timedelta(days=self.rng.randint(1, 20 * 365))

    def index_number(self, kind: str, year: int, serial: int) -> str:
        if kind == "CIV":
            prefix = "SC" if self.rng.random() < 0.2 else "CV"
            return f"{prefix}-{year}-{serial % 1_000_000:06d}"
        if kind == "DIST":
            return f"A{serial % 1_000_000:06d}-{year}"
        if kind == "CITY":
            return f"{serial}/{year % 100:02d}"
        return f"{serial % 1_000_000:06d}/{year}"

    def amount(self) -> float:
        # Log-normal around $6k: about 85% between $1k and $50k.
        return round(min(max(math.exp(self.rng.gauss(math.log(6000), 1.0)), 150.0), 750_000.0), 2)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def debtor(self) -> str:
        if self.rng.random() < 0.25:
            return (
                f"{self.rng.choice(LAST)} {self.rng.choice(BUSINESS)} {self.rng.choice(SUFFIXES)}"
            )
        return self.person()

    def address(self, county: str) -> str:
        _, town, prefix = COUNTY_MIX[county]
        number = self.rng.randint(1, 2999)
        return (
            f"{number} {self.rng.choice(STREETS)}, {town}, NY {prefix}{self.rng.randint(0, 99):02d}"
        )


def _money(value: float, rng: random.Random) -> str:
    return f"${value:,.2f}" if rng.random() < 0.5 else f"{value:.2f}"


Row = dict[str, str]
Defect = Callable[[Row, random.Random, "_Keys"], None]


class _Keys:
    """Column names of the fields defects touch, per format."""

    def __init__(self, date_key: str, amount_key: str, plaintiff_key: str, court_key: str) -> None:
        self.date, self.amount, self.plaintiff, self.court = (
            date_key,
            amount_key,
            plaintiff_key,
            court_key,
        )


def _defects() -> list[Defect]:
    def day_first(row: Row, rng: random.Random, k: _Keys) -> None:
        row[k.date] = f"{rng.randint(13, 28)}/{rng.randint(1, 12):02d}/2019"

    def bad_amount(row: Row, rng: random.Random, k: _Keys) -> None:
        row[k.amount] = "12,5OO.00"

    def negative(row: Row, rng: random.Random, k: _Keys) -> None:
        row[k.amount] = "(1,000.00)"

    def no_plaintiff(row: Row, rng: random.Random, k: _Keys) -> None:
        row[k.plaintiff] = ""

    def future(row: Row, rng: random.Random, k: _Keys) -> None:
        row[k.date] = "2099-01-01" if "-" in row[k.date] else "01/01/2099"

    def unknown_court(row: Row, rng: random.Random, k: _Keys) -> None:
        row[k.court] = "Gotham Municipal Court"

    return [day_first, bad_amount, negative, no_plaintiff, future, unknown_court]


def _judgment(f: _Faker, serial: int) -> dict[str, object]:
    county = f.county()
    kind, court = f.court(county)
    entered = f.entry_date()
    return {
        "county": county, "court": court, "entered": entered, "amount": f.amount(),
        "index": f.index_number(kind, entered.year, serial), "creditor": f.rng.choice(CREDITORS),
        "debtor": f.debtor(), "address": f.address(county),
    }  # fmt: skip


def _row(fmt: str, j: dict[str, object], f: _Faker, serial: int) -> list[Row]:
    entered = j["entered"]
    assert isinstance(entered, date)
    iso, us = entered.isoformat(), entered.strftime("%m/%d/%Y")
    amount = float(j["amount"])  # type: ignore[arg-type]
    county_name = COUNTY_NAMES[str(j["county"])]
    s = {k: str(v) for k, v in j.items()}
    if fmt == "simplicity":
        return [{
            "LeadID": f"SIMP-{serial:07d}", "LeadSource": "Vendor", "Court": s["court"],
            "IndexNumber": s["index"], "JudgmentDate": iso, "JudgmentAmount": f"{amount:.2f}",
            "County": county_name, "State": "NY", "PlaintiffName": s["creditor"],
            "PlaintiffAddress": "", "PlaintiffCity": "", "PlaintiffState": "", "PlaintiffZip": "",
            "Phone": "", "Email": "", "BestContactMethod": "Email",
            "CaseTitle": f"{s['creditor']} v. {s['debtor']}", "CaseType": "Consumer Credit",
            "Status": "Judgment", "CaseURL": "", "FilingDate": iso,
            "JudgmentNumber": f"J-{serial:07d}", "JudgmentType": "Money Judgment",
            "RenewalDate": "", "ExpirationDate": "", "DefendantName": s["debtor"],
        }]  # fmt: skip
    if fmt == "court":
        return [{
            "Case/Index Number": s["index"], "Plaintiff Name": s["creditor"],
            "Defendant Name": s["debtor"], "Judgment Amount": _money(amount, f.rng),
            "Date of Entry": us, "Court": s["court"],
        }]  # fmt: skip
    if fmt == "foil":
        venue = s["court"] if f.rng.random() < 0.5 else county_name
        return [{
            "Index No": s["index"], "Plf. Name": s["creditor"].upper(),
            "Def. Name": s["debtor"].upper(),
            "Amt": f"{amount:.2f}", "Jdgmt Date": us, "Venue": venue,
        }]  # fmt: skip
    if fmt == "jbi":
        return _jbi_rows(s, iso, amount, county_name, f)
    return [{
        "index_number": s["index"], "court": s["court"], "county": county_name, "state": "NY",
        "entry_date": iso, "principal": f"{amount:.2f}", "plaintiff_name": s["creditor"],
        "debtor_name": s["debtor"], "debtor_address": s["address"],
        "external_ref": f"DEMO-{serial:07d}",
    }]  # fmt: skip


def _jbi_rows(s: dict[str, str], iso: str, amount: float, county: str, f: _Faker) -> list[Row]:
    base = {
        "case_number": s["index"], "case_status": "Judgment Entered", "court_name": s["court"],
        "county": county, "state": "NY", "filing_date": iso, "judgment_date": iso,
        "judgment_amount": f"{amount:.2f}", "judgment_balance": f"{amount:.2f}",
    }  # fmt: skip
    parties = [("Creditor", "Business", s["creditor"]), ("Debtor", "", s["debtor"])]
    if f.rng.random() < 0.1:
        parties.append(("Debtor", "Individual", f.person()))
    f.rng.shuffle(parties)  # field files list parties in any order
    return [
        {**base, "party_role": role, "party_type": kind, "party_name": name, "party_phone": "",
         "contact_type": "", "party_email": ""}
        for role, kind, name in parties
    ]  # fmt: skip


_DEFECT_KEYS = {
    "simplicity": _Keys("JudgmentDate", "JudgmentAmount", "PlaintiffName", "Court"),
    "court": _Keys("Date of Entry", "Judgment Amount", "Plaintiff Name", "Court"),
    "foil": _Keys("Jdgmt Date", "Amt", "Plf. Name", "Venue"),
    "jbi": _Keys("judgment_date", "judgment_amount", "party_role", "court_name"),
    "canonical": _Keys("entry_date", "principal", "plaintiff_name", "court"),
}


def demo_rows(rows: int, fmt: str, seed: int, defect_rate: float, today: date) -> Iterator[Row]:
    """`rows` judgments (JBI: their party rows) with about `defect_rate` of them defective."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown demo format {fmt!r}")
    f = _Faker(seed, today)
    defects = _defects()
    recent: deque[Row] = deque(maxlen=1000)  # a repeated row copies one of these
    for serial in range(1, rows + 1):
        produced = _row(fmt, _judgment(f, serial), f, serial)
        if f.rng.random() < defect_rate:
            target = produced[0]
            if f.rng.random() < 0.15 and recent:
                target.update(recent[f.rng.randrange(len(recent))])
            else:
                f.rng.choice(defects)(target, f.rng, _DEFECT_KEYS[fmt])
        recent.extend(produced)
        yield from produced


def write_demo_file(
    path: Path, rows: int, fmt: str, seed: int = 7, defect_rate: float = 0.02,
    today: date | None = None,
) -> Path:  # fmt: skip
    """Write a demo file of `rows` judgments in format `fmt`; return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        for number, row in enumerate(
            demo_rows(rows, fmt, seed, defect_rate, today or today_in_new_york())
        ):
            if number == 0:
                writer.writerow(row.keys())
            writer.writerow(row.values())
    return path
