"""The court registry: every New York court that enters civil money judgments, and how a court
name written in a file becomes exactly one of them.

Courts (see `courts.csv` for the listed ones and its source):
- Supreme Court, one per county (62): `SUP-<COUNTY>`;
- County Court, one per county outside New York City (57): `CTY-<COUNTY>`;
- Civil Court of the City of New York, one division per borough (5): `CIV-<COUNTY>`; the Harlem
  and Red Hook Community Justice Centres are parts of the New York and Kings divisions;
- District Courts, one per district, since each keeps its own index numbers: `DIST-NASSAU-1`..4,
  `DIST-SUFFOLK-1`..6;
- City Courts (61): `CITY-<CITY>`;
- Town and Village Justice Courts: `TOWN-<COUNTY>-<TOWN>`, `VIL-<COUNTY>-<VILLAGE>`;
- `UNK-<COUNTY>` / `UNK` when a file names no court (or only "civil court" outside the city);
- legacy codes kept from before the registry (`DIST-NASSAU`: a District Court judgment whose
  district was never stated, which cannot be split without data).

Resolution is a small grammar over normalised words: abbreviations are expanded (`MT` Mount,
`DIST` District, `T.J.` Town Justice...), the kind of court is read from its key words, the
county from a county or borough name, the place (town, village, city) by matching the listed
place names against the words, and the district from an ordinal. It never guesses: a name that
fits two courts is refused as `ambiguous_court`, naming both.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise

from dragonfly.domain.counties import (
    COUNTIES,
    COUNTY_ALIASES,
    COUNTY_NAMES,
    NYC_COUNTY_CODES,
    county_code,
)

KINDS: dict[str, str] = {
    "SUP": "Supreme Court",
    "CTY": "County Court",
    "CIV": "Civil Court of the City of New York",
    "DIST": "District Court",
    "CITY": "City Court",
    "TOWN": "Town Justice Court",
    "VIL": "Village Justice Court",
    "UNK": "Court not stated",
}
DISTRICT_COUNTIES = ("NASSAU", "SUFFOLK")
# Parts of the NYC Civil Court that files name instead of the court: place -> county division.
CIVIL_COURT_PARTS: dict[str, str] = {"HARLEM": "NEW_YORK", "RED HOOK": "KINGS"}
# Courts that do not enter civil money judgments (refused with that reason, not guessed).
NOT_MONEY_COURTS = ("FAMILY", "SURROGATE", "SURROGATES", "CRIMINAL", "TRAFFIC", "CLAIMS")


@dataclass(frozen=True)
class Court:
    code: str
    name: str
    county_code: str | None
    kind: str = "UNK"
    district: int | None = None
    place: str | None = None
    legacy: bool = False
    listed_as: tuple[str, ...] = ()

    @property
    def county_name(self) -> str | None:
        return COUNTY_NAMES.get(self.county_code) if self.county_code else None

    @property
    def label(self) -> str:
        """The name with its county where the name alone repeats (towns, villages)."""
        if self.kind in ("TOWN", "VIL") and self.county_name:
            return f"{self.name}, {self.county_name} County"
        return self.name

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind]


@dataclass(frozen=True)
class Refusal:
    """Why a court name was not resolved: a reason code, a sentence, and the courts it could be."""

    reason: str
    detail: str
    candidates: tuple[Court, ...] = field(default=())


# ---- the registry ------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    return str(n) + {1: "st", 2: "nd", 3: "rd"}.get(n, "th")


def _county_courts() -> Iterable[Court]:
    for name in COUNTIES:
        code = county_code(name)
        yield Court(f"SUP-{code}", f"Supreme Court, {name} County", code, "SUP")
        if code in NYC_COUNTY_CODES:
            yield Court(
                f"CIV-{code}", f"Civil Court of the City of New York, {name} County", code, "CIV"
            )
        else:
            yield Court(f"CTY-{code}", f"County Court, {name} County", code, "CTY")
        yield Court(f"UNK-{code}", f"Court not stated, {name} County", code, "UNK")
        if code in DISTRICT_COUNTIES:
            name_ = f"District Court, {name} County (district not stated)"
            yield Court(f"DIST-{code}", name_, code, "DIST", legacy=True)


def _listed_name(kind: str, place: str, county: str, district: int | None) -> str:
    if kind == "DIST":
        return f"District Court, {COUNTY_NAMES[county]} County, {_ordinal(district or 0)} District"
    if kind == "CITY":
        return f"{place} City Court"
    if kind == "VIL" and place.lower().startswith("village of"):
        return f"{place} Justice Court"  # the Village of the Branch
    return f"{'Town' if kind == 'TOWN' else 'Village'} of {place} Justice Court"


def _listed_courts() -> Iterable[Court]:
    text = resources.files("dragonfly.domain").joinpath("courts.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines):
        district = int(row["district"]) if row["district"] else None
        place = row["place"] or None
        name = _listed_name(row["kind"], row["place"], row["county"], district)
        listed = tuple(row["listed_as"].split("|"))
        yield Court(row["code"], name, row["county"], row["kind"], district, place, False, listed)


@cache
def registry() -> dict[str, Court]:
    """Every court by code: the county courts first, then the listed ones."""
    courts = [*_county_courts(), Court("UNK", KINDS["UNK"], None, "UNK"), *_listed_courts()]
    return {c.code: c for c in courts}


def court(code: str) -> Court | None:
    """The court with this code; a code from before the registry is described as legacy."""
    found = registry().get(code.strip().upper())
    return found or _legacy(code.strip().upper())


def _legacy(code: str) -> Court | None:
    """Codes the importer wrote before the registry for courts that do not exist (County Court
    in New York City, District Court outside Nassau and Suffolk): kept, never produced now."""
    kind, _, county = code.partition("-")
    if county not in COUNTY_NAMES or kind not in ("CTY", "DIST", "CIV"):
        return None
    name = f"{KINDS[kind]}, {COUNTY_NAMES[county]} County (no such court; imported before checks)"
    return Court(code, name, county, kind, legacy=True)


def courts(kind: str | None = None, county: str | None = None) -> list[Court]:
    """The registry's courts (legacy codes included), optionally of one kind and/or county."""
    return [
        c
        for c in registry().values()
        if (kind is None or c.kind == kind) and (county is None or c.county_code == county)
    ]


def ambiguous_pairs() -> list[tuple[Court, Court]]:
    """Town and village courts sharing a name in one county: a bare name cannot tell them apart."""
    by_place: dict[tuple[str, str], list[Court]] = {}
    for c in registry().values():
        if c.kind in ("TOWN", "VIL") and c.place and c.county_code:
            by_place.setdefault((c.county_code, _squash(_tokens(c.place))), []).append(c)
    return [(group[0], group[1]) for group in by_place.values() if len(group) == 2]


# ---- the grammar -------------------------------------------------------------------------

# One word -> its full form. Vendors and clerks abbreviate freely.
ABBREVIATIONS: dict[str, str] = {
    "MT": "MOUNT", "MTN": "MOUNTAIN", "ST": "SAINT", "FT": "FORT", "PT": "PORT", "PTE": "POINTE",
    "HTS": "HEIGHTS", "HGTS": "HEIGHTS", "SPGS": "SPRINGS", "SPG": "SPRINGS", "HUDSN": "HUDSON",
    "VLY": "VALLEY", "LK": "LAKE", "PK": "PARK", "BCH": "BEACH", "HBR": "HARBOR",
    "HARBOUR": "HARBOR", "CTR": "CENTER", "CENTRE": "CENTER", "CNTR": "CENTER",
    "E": "EAST", "W": "WEST", "N": "NORTH", "S": "SOUTH", "NO": "NORTH", "SO": "SOUTH",
    "CT": "COURT", "CRT": "COURT", "CTS": "COURT", "COURTS": "COURT",
    "DIST": "DISTRICT", "DST": "DISTRICT", "DISTR": "DISTRICT", "DISTRICTS": "DISTRICT",
    "CIV": "CIVIL", "SUP": "SUPREME", "SUPR": "SUPREME", "SUPRM": "SUPREME",
    "CO": "COUNTY", "CNTY": "COUNTY", "CTY": "COUNTY",
    "TWN": "TOWN", "TN": "TOWN", "VLG": "VILLAGE", "VIL": "VILLAGE", "VILL": "VILLAGE",
    "VLGE": "VILLAGE", "JUST": "JUSTICE", "JUS": "JUSTICE", "JUSTICES": "JUSTICE",
    "TJ": "TOWN JUSTICE", "VJ": "VILLAGE JUSTICE", "TJC": "TOWN JUSTICE", "VJC": "VILLAGE JUSTICE",
    "SM": "SMALL", "CLMS": "CLAIMS", "COMM": "COMMUNITY",
    "REDHOOK": "RED HOOK", "BKLYN": "BROOKLYN", "BK": "BROOKLYN", "MANH": "MANHATTAN",
    "1ST": "1", "FIRST": "1", "2ND": "2", "SECOND": "2", "3RD": "3", "THIRD": "3",
    "4TH": "4", "FOURTH": "4", "5TH": "5", "FIFTH": "5", "6TH": "6", "SIXTH": "6",
}  # fmt: skip
# Two letters written apart (`T.J.` reads as `T J`).
_PAIRS: dict[tuple[str, str], str] = {
    ("T", "J"): "TJ", ("V", "J"): "VJ", ("N", "Y"): "NY", ("S", "I"): "STATEN ISLAND",
}  # fmt: skip
# Phrases naming the state or the city, not New York County.
_STATE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("CITY", "OF", "NEW", "YORK"), ("NEW", "YORK", "CITY"), ("STATE", "OF", "NEW", "YORK"),
    ("NEW", "YORK", "STATE"), ("NYC",), ("NYS",), ("NY",), ("UCS",),
)  # fmt: skip
# Words that carry no place: dropped before places and counties are matched.
_NOISE = frozenset(
    {"OF", "THE", "AT", "IN", "AND", "FOR", "COURT", "JUSTICE", "PART", "PARTS", "DIVISION"}
    | {"DIV", "VIOLATIONS"}
)


_ORDINAL = re.compile(r"0*([0-9]{1,2})(ST|ND|RD|TH)")


def _raw_tokens(text: str) -> list[str]:
    cleaned = text.upper().replace("&", " AND ").replace("'", "").replace("\u2019", "")
    return "".join(ch if ch.isalnum() else " " for ch in cleaned).split()


def _tokens(text: str) -> list[str]:
    """Normalised words: letter pairs joined, the state dropped, abbreviations expanded."""
    raw = _raw_tokens(text)
    joined: list[str] = []
    i = 0
    while i < len(raw):
        pair = (raw[i], raw[i + 1]) if i + 1 < len(raw) else None
        if pair in _PAIRS:
            joined.append(_PAIRS[pair])  # type: ignore[index]
            i += 2
            continue
        joined.append(raw[i])
        i += 1
    words = " ".join(joined).split()
    words = _new_york_county(words)
    words = _drop_phrases(words, _STATE_PHRASES)
    out: list[str] = []
    for word in words:
        ordinal = _ORDINAL.fullmatch(word)
        out.extend([ordinal.group(1)] if ordinal else ABBREVIATIONS.get(word, word).split())
    return out


def _new_york_county(words: list[str]) -> list[str]:
    """`NY Co.` / `N.Y. County` is New York County, not the state."""
    out: list[str] = []
    for i, word in enumerate(words):
        is_county = ABBREVIATIONS.get(words[i + 1], "") == "COUNTY" if i + 1 < len(words) else False
        is_county = is_county or words[i + 1 : i + 2] == ["COUNTY"]
        out.extend(["NEW", "YORK"] if word == "NY" and is_county else [word])
    return out


def _drop_phrases(words: list[str], phrases: Sequence[Sequence[str]]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase in phrases:
            if tuple(words[i : i + len(phrase)]) == tuple(phrase):
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _squash(words: Sequence[str]) -> str:
    """Spaces ignored, so `LA GRANGE` meets `LAGRANGE` and `RED HOOK` meets `REDHOOK`."""
    return "".join(w for w in words if w not in _NOISE)


def _windows(words: Sequence[str], longest: int = 6) -> Iterable[tuple[int, int, str]]:
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + longest) + 1):
            yield start, end, _squash(words[start:end])


@cache
def _county_keys() -> dict[str, str]:
    return {_squash(_tokens(alias)): code for alias, code in COUNTY_ALIASES.items()}


@cache
def _place_keys() -> dict[str, list[Court]]:
    keys: dict[str, list[Court]] = {}
    for c in registry().values():
        if c.place:
            keys.setdefault(_squash(_tokens(c.place)), []).append(c)
    return keys


def _kinds(words: list[str]) -> tuple[str, ...] | None:
    """The kinds of court the words name, most specific first; None when they name no kind."""
    present = set(words)
    if "SUPREME" in present:
        return ("SUP",)
    if "DISTRICT" in present:
        return ("DIST",)
    pairs = set(pairwise(words))
    if ("CIVIL", "COURT") in pairs or {"COMMUNITY", "JUSTICE"} <= present:
        return ("CIV",)
    if "TOWN" in present and "VILLAGE" in present:
        return ("TOWN", "VIL")
    if "TOWN" in present:
        return ("TOWN",)
    if "VILLAGE" in present:
        return ("VIL",)
    if "JUSTICE" in present:
        return ("TOWN", "VIL")
    if "CITY" in present:
        return ("CITY",)  # `Yonkers City Court Small Claims Part` is the City Court
    if (
        "CIVIL" in present
        or "HOUSING" in present
        or {"SMALL", "CLAIMS"} <= present
        or {"COMMERCIAL", "CLAIMS"} <= present
    ):
        return ("CIV",)
    if ("COUNTY", "COURT") in pairs:
        return ("CTY",)
    return None


def _explicit_counties(words: list[str]) -> tuple[set[str], set[int]]:
    """Counties written as `X County` (or, failing that, `County of X`), with their positions."""
    keys = _county_keys()
    for direction in ("before", "after"):
        found: set[str] = set()
        used: set[int] = set()
        for i, word in enumerate(words):
            if word != "COUNTY":
                continue
            first = i + 2 if words[i + 1 : i + 2] == ["OF"] else i + 1
            for size in range(4, 0, -1):
                span = range(i - size, i) if direction == "before" else range(first, first + size)
                if span.start < 0 or span.stop > len(words):
                    continue
                code = keys.get("".join(words[j] for j in span))
                if code:
                    found.add(code)
                    used.update([*span, *range(min(i, span.start), max(i, span.stop - 1) + 1)])
                    break
        if found:
            return found, used
    return set(), set()


def _bare_counties(words: list[str], county: str | None) -> set[str]:
    """Any county or borough named anywhere (`Queens Supreme Court`, `NASSAU DIST`). A bare
    `New York` beside another county (or the row's) is the state, not New York County."""
    keys = _county_keys()
    found: dict[str, str] = {}
    for start, end, key in _windows(words, 4):
        if key in keys:
            found.setdefault(keys[key], " ".join(words[start:end]))
    others = set(found) - {"NEW_YORK"} or ({county} - {"NEW_YORK", None})
    if others and found.get("NEW_YORK") == "NEW YORK":
        del found["NEW_YORK"]
    return set(found)


def _without_counties(words: list[str]) -> list[str]:
    keys = _county_keys()
    out: list[str] = []
    i = 0
    while i < len(words):
        size = next((n for n in range(4, 0, -1) if "".join(words[i : i + n]) in keys), 0)
        if size:
            i += size
        else:
            out.append(words[i])
            i += 1
    return out


def _names(items: Iterable[Court]) -> str:
    return "; ".join(f"{c.label} ({c.code})" for c in items)


def _refuse_county(court_: Court, county: str) -> Refusal:
    return Refusal(
        "court_county_mismatch",
        f"{court_.label} ({court_.code}) is in {court_.county_name} County,"
        f" not {COUNTY_NAMES[county]} County",
        (court_,),
    )


def resolve(text: str | None, county: str | None = None) -> Court | Refusal:
    """The one court `text` names, given the row's county code (if any), or why not.

    A blank name is the county's `UNK-<COUNTY>` (or `UNK`): the file did not say.
    """
    if not text or not text.strip():
        return registry()[f"UNK-{county}" if county else "UNK"]
    words = _tokens(text)
    for word in NOT_MONEY_COURTS:
        if word in words and not {"SMALL", "COMMERCIAL"} & set(words):
            return Refusal(
                "unknown_court",
                f"court '{text}' ({word.title()}) does not enter civil money judgments",
            )
    kinds = _kinds(words)
    explicit, used = _explicit_counties(words)
    rest = [w for i, w in enumerate(words) if i not in used and w != "COUNTY"]
    if kinds in (("SUP",), ("CTY",), ("CIV",), ("DIST",)) or kinds is None:
        named = explicit or _bare_counties(words, county)
    else:
        named = explicit
    if len(named) > 1:
        listed = " and ".join(COUNTY_NAMES[c] for c in sorted(named))
        return Refusal("court_county_mismatch", f"court '{text}' names two counties: {listed}")
    in_text = next(iter(named), None)
    if in_text and county and in_text != county:
        return Refusal(
            "court_county_mismatch",
            f"court '{text}' is in {COUNTY_NAMES[in_text]} County, not {COUNTY_NAMES[county]}"
            " County as the row says",
        )
    where = in_text or county
    if kinds is None:
        if where and all(w in _NOISE for w in _without_counties(rest)):
            return registry()[f"UNK-{where}"]  # a venue naming only a county: `Kings`
        return _by_place(text, rest, ("TOWN", "VIL", "CITY"), where, county)
    if kinds[0] in ("TOWN", "VIL", "CITY"):
        return _by_place(text, rest, kinds, where, county)
    if kinds == ("DIST",):
        return _district(text, words, where)
    return _county_court(text, kinds[0], words, where)


def _county_court(text: str, kind: str, words: list[str], where: str | None) -> Court | Refusal:
    keys = {key for _, _, key in _windows(words, 3)}
    for part, division in CIVIL_COURT_PARTS.items():
        if kind == "CIV" and _squash(part.split()) in keys:
            if where not in (None, division):
                return Refusal(
                    "court_county_mismatch",
                    f"the {part.title()} Community Justice Center is part of the Civil Court in"
                    f" {COUNTY_NAMES[division]} County, not {COUNTY_NAMES[str(where)]} County",
                )
            where = division
    if where is None:
        return Refusal("unknown_court", f"court '{text}' names no county and the row gives none")
    name = COUNTY_NAMES[where]
    if kind == "CTY" and where in NYC_COUNTY_CODES:
        return Refusal(
            "no_such_court",
            f"there is no County Court in {name} County: New York City has none"
            " (its courts are the Supreme Court and the Civil Court)",
        )
    if kind == "CIV" and where not in NYC_COUNTY_CODES:
        # "Civil court" outside the city describes a case, not a court: the court is not stated.
        return registry()[f"UNK-{where}"]
    return registry()[f"{kind}-{where}"]


def _district(text: str, words: list[str], where: str | None) -> Court | Refusal:
    numbers = {int(w) for w in words if w.isdigit() and 0 < int(w) < 10}
    if where is not None and where not in DISTRICT_COUNTIES:
        return Refusal(
            "no_such_court",
            f"there is no District Court in {COUNTY_NAMES[where]} County:"
            " District Courts sit only in Nassau and Suffolk",
        )
    if len(numbers) > 1:
        return Refusal("ambiguous_court", f"court '{text}' names more than one district")
    found = [
        c
        for c in courts("DIST")
        if not c.legacy
        and (where is None or c.county_code == where)
        and (not numbers or c.district in numbers)
    ]
    if len(found) == 1:
        return found[0]
    if not found:
        return Refusal(
            "no_such_court",
            f"there is no {_ordinal(next(iter(numbers)))} District Court"
            + (f" in {COUNTY_NAMES[where]} County" if where else ""),
        )
    return Refusal(
        "ambiguous_court",
        f"court '{text}' does not say which District Court: {_names(found)}",
        tuple(found),
    )


def _by_place(
    text: str, words: list[str], kinds: tuple[str, ...], where: str | None, county: str | None
) -> Court | Refusal:
    """Town, village and city courts: the longest listed place name found in the words."""
    keys = _place_keys()

    def matches(in_county: str | None) -> list[Court]:
        best: list[Court] = []
        best_len = 0
        for _, _, key in _windows(words):
            found = [
                c
                for c in keys.get(key, ())
                if c.kind in kinds and (in_county is None or c.county_code == in_county)
            ]
            if found and len(key) > best_len:
                best, best_len = found, len(key)
            elif found and len(key) == best_len:
                best += [c for c in found if c not in best]
        return best

    found = matches(where)
    if not found and where is not None:
        elsewhere = matches(None)
        if len(elsewhere) == 1:
            return _refuse_county(elsewhere[0], where)
        if elsewhere:
            return Refusal(
                "court_county_mismatch",
                f"court '{text}' is not in {COUNTY_NAMES[where]} County;"
                f" courts of that name: {_names(elsewhere)}",
                tuple(elsewhere),
            )
    if len(found) == 1:
        return found[0]
    if found:
        return Refusal(
            "ambiguous_court",
            f"court '{text}' fits {len(found)} courts: {_names(found)}",
            tuple(found),
        )
    return Refusal("unknown_court", f"court '{text}' is not a recognised New York court")


# ---- what a person types into a filter or a command --------------------------------------

_KIND_WORDS: dict[str, str] = {
    "SUPREME": "SUP", "COUNTY": "CTY", "CIVIL": "CIV", "DISTRICT": "DIST", "CITY": "CITY",
    "TOWN": "TOWN", "VILLAGE": "VIL", "UNKNOWN": "UNK", "UNSTATED": "UNK",
}  # fmt: skip


def kind_code(text: str) -> str | None:
    """`Supreme`, `supreme court`, `SUP`, `village` -> the kind's code; None if not a kind."""
    typed = text.strip().upper()
    if typed in KINDS:
        return typed
    words = [w for w in _tokens(text) if w not in _NOISE]
    if len(words) == 1 and words[0] in _KIND_WORDS:
        return _KIND_WORDS[words[0]]
    kinds = _kinds(_tokens(text))
    return kinds[0] if kinds and len(kinds) == 1 and not _without_kind_words(words) else None


def _without_kind_words(words: list[str]) -> list[str]:
    return [w for w in words if w not in _KIND_WORDS and w not in {"CLAIMS", "SMALL", "COUNTY"}]


def matching_codes(text: str) -> list[str] | None:
    """The court codes a typed court filter means, for finding judgments (not for importing):
    a kind (`Supreme`) is every court of that kind as `<KIND>-%`; `Kings Supreme` one court;
    a name fitting several courts all of them; a county alone every court in it. None when
    the text names no court the registry knows."""
    typed = text.strip().upper()
    if typed in registry() or _legacy(typed):
        return [typed]
    kind = kind_code(text)
    if kind:
        return [f"{kind}-%"]
    found = resolve(text)
    if isinstance(found, Court):
        if found.kind == "UNK" and found.county_code:
            return [c.code for c in courts(county=found.county_code)]
        return [found.code]
    if not found.candidates:
        return None
    codes = [c.code for c in found.candidates]
    # Districts not named: the judgments stored before districts were kept match too.
    legacy = {f"DIST-{c.county_code}" for c in found.candidates if c.district}
    return codes + sorted(legacy)
