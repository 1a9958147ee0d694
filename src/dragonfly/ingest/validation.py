"""From raw strings to clean judgment rows plus rejected rows, each with a reason code.

Reason codes (checked in this order; a row gets the first that applies):
wrong_field_count, value_too_long, missing_required, unsupported_state, bad_index_number, bad_date,
future_date, bad_amount, amount_out_of_range, unknown_county, unknown_court, ambiguous_court,
no_such_court, court_county_mismatch, bad_interest_regime, unknown_party_role, missing_creditor,
extra_creditor, duplicate_in_file. The court reasons and their sentences come from the court
registry (`dragonfly.domain.courts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from dragonfly.ingest import normalise as norm
from dragonfly.ingest.addresses import split_addresses
from dragonfly.ingest.places import Court, resolve, resolve_county
from dragonfly.ingest.plain_values import amount_series, clean_text_columns, index_number_series
from dragonfly.ingest.regimes import regime_expr
from dragonfly.ingest.specs import AMOUNT_FIELDS, CANONICAL_FIELDS, SourceSpec, header_key
from dragonfly.ingest.tables import RawTable

IDENTITY = ["state", "court_code", "index_number_norm"]
MAX_TEXT = 1000
TEXT_FIELDS = [f for f in CANONICAL_FIELDS if f not in ("entry_date", *AMOUNT_FIELDS)]


@dataclass(frozen=True)
class Validated:
    clean: pl.DataFrame  # one row per judgment; `rows` = physical rows folded into it
    rejects: pl.DataFrame  # line_number, reason_code, detail, plus raw c0..cN
    extra_debtors: pl.DataFrame  # party-per-row files: debtors after the first, by identity
    rows_read: int


def _canonical_frame(table: RawTable, spec: SourceSpec) -> pl.DataFrame:
    aliases = spec.aliases()
    position: dict[str, str] = {}
    for i, header in enumerate(table.headers):
        field = aliases.get(header_key(header))
        if field and field not in position:
            position[field] = f"c{i}"
    present = [f for f in CANONICAL_FIELDS if f in position]
    cleaned = clean_text_columns(table.frame.select(pl.col(position[f]).alias(f) for f in present))
    return table.frame.select("line_number", "extra_fields").with_columns(
        cleaned[f] if f in position else pl.lit(None, pl.String).alias(f) for f in CANONICAL_FIELDS
    )


def by_distinct(frame: pl.DataFrame, column: str, **exprs: pl.Expr) -> pl.DataFrame:
    """Compute `exprs` once per distinct value of `column` (names and dates repeat a lot)."""
    lookup = frame.select(column).unique().with_columns(**exprs)
    return join_lookup(frame, lookup, [column])


def join_lookup(frame: pl.DataFrame, lookup: pl.DataFrame, on: list[str]) -> pl.DataFrame:
    """`frame` left-joined to `lookup`, a table of its distinct `on` values (nulls match).

    A key column that is null throughout (a field the file lacks) is left out of the join, and
    a lookup of one row is broadcast: a join hashes every row of a large file.
    """
    if frame.is_empty():
        return frame.join(lookup, on=on, how="left", nulls_equal=True)
    keys = [c for c in on if frame[c].null_count() < frame.height]
    lookup = lookup.drop(c for c in on if c not in keys)
    if not keys:
        return frame.with_columns(pl.lit(lookup[c]).first() for c in lookup.columns)
    return frame.join(lookup, on=keys, how="left", nulls_equal=True)


def _typed_values(
    frame: pl.DataFrame, spec: SourceSpec, today: date, typed_dates: bool
) -> pl.DataFrame:
    formats = spec.date_formats + (["%Y-%m-%d"] if typed_dates else [])
    principal, principal_negative = amount_series(
        frame["principal"], spec.thousands_separator, spec.currency_symbols
    )
    costs, costs_negative = amount_series(
        frame["costs"], spec.thousands_separator, spec.currency_symbols
    )
    index_number = index_number_series(frame["index_number"])
    frame = by_distinct(
        frame, "entry_date", entry_date_value=norm.parse_date(pl.col("entry_date"), formats)
    )
    frame = by_distinct(frame, "interest_regime", regime_value=regime_expr("interest_regime"))
    return frame.with_columns(
        principal_value=principal,
        principal_negative=principal_negative,
        costs_value=costs,
        costs_negative=costs_negative,
        index_number_norm=index_number,
        state=norm.state_code(pl.col("state")),
        interest_regime_raw=pl.col("interest_regime"),
        interest_regime=pl.col("regime_value"),
    ).with_columns(_today=pl.lit(today))


def _places(frame: pl.DataFrame) -> pl.DataFrame:
    """County and court codes, resolved once per distinct (court, county) text pair.

    A court the registry cannot name exactly is left null with the registry's reason
    (unknown_court, ambiguous_court, no_such_court, court_county_mismatch) and sentence.
    """
    pairs = frame.select("court", "county").unique()
    rows = []
    for court_text, county_text in pairs.iter_rows():
        county = resolve_county(county_text)
        found = resolve(court_text, county)
        court = found if isinstance(found, Court) else None
        rows.append(
            {
                "court": court_text,
                "county": county_text,
                "county_known": county_text is None or county is not None,
                "court_code": court.code if court else None,
                "court_name": court.name if court else None,
                "county_code": (court.county_code if court else None) or county,
                "court_reason": None if court else found.reason,  # type: ignore[union-attr]
                "court_detail": None if court else found.detail,  # type: ignore[union-attr]
            }
        )
    schema = {
        "court": pl.String, "county": pl.String, "county_known": pl.Boolean,
        "court_code": pl.String, "court_name": pl.String, "county_code": pl.String,
        "court_reason": pl.String, "court_detail": pl.String,
    }  # fmt: skip
    return join_lookup(frame, pl.DataFrame(rows, schema=schema), ["court", "county"])


def _missing_required(spec: SourceSpec) -> pl.Expr:
    missing = [pl.when(pl.col(f).is_null()).then(pl.lit(f)) for f in spec.required]
    return pl.concat_str(missing, separator=", ", ignore_nulls=True)


def _too_long(spec: SourceSpec) -> pl.Expr:
    # Names and numbers are indexed; a btree entry cannot hold a megabyte.
    fields = [f for f in spec.columns if f in TEXT_FIELDS]
    over = [pl.when(pl.col(f).str.len_chars() > MAX_TEXT).then(pl.lit(f)) for f in fields]
    return pl.concat_str(over, separator=", ", ignore_nulls=True)


def _checks(spec: SourceSpec) -> list[tuple[pl.Expr, str, pl.Expr]]:
    """(condition, reason_code, detail) of every check, in the order they apply."""
    fmt = ", ".join(spec.date_formats)
    return [
        (pl.col("extra_fields"), "wrong_field_count", pl.lit("more fields than the header row")),
        (
            pl.any_horizontal(
                pl.col(f).str.len_chars() > MAX_TEXT for f in spec.columns if f in TEXT_FIELDS
            ),
            "value_too_long",
            pl.concat_str(pl.lit("over 1,000 characters: "), _too_long(spec)),
        ),
        (
            pl.any_horizontal(pl.col(f).is_null() for f in spec.required),
            "missing_required",
            pl.concat_str(pl.lit("empty: "), _missing_required(spec)),
        ),
        (
            pl.col("state") != "NY",
            "unsupported_state",
            pl.format("state '{}': only New York judgments are imported", "state"),
        ),
        (
            pl.col("index_number_norm").is_null(),
            "bad_index_number",
            pl.format("index number '{}' has no letters or digits", "index_number"),
        ),
        (
            pl.col("entry_date").is_not_null() & pl.col("entry_date_value").is_null(),
            "bad_date",
            pl.format("entry date '{}' is not a date in the format(s) " + fmt, "entry_date"),
        ),
        (
            pl.col("entry_date_value") > pl.col("_today"),
            "future_date",
            pl.format("entry date {} is after today", "entry_date_value"),
        ),
        (
            pl.col("entry_date_value") < pl.lit(norm.EARLIEST_ENTRY),
            "bad_date",
            pl.format("entry date {} is before 1900", "entry_date_value"),
        ),
        *_amount_checks("principal", allow_zero=False),
        *_amount_checks("costs", allow_zero=True),
        (
            ~pl.col("county_known"),
            "unknown_county",
            pl.format("county '{}' is not a New York county or borough", "county"),
        ),
        (
            pl.col("court_code").is_null(),
            "unknown_court",
            pl.col("court_detail"),
        ),
        (
            pl.col("interest_regime_raw").is_not_null() & pl.col("interest_regime").is_null(),
            "bad_interest_regime",
            pl.format(
                "interest regime '{}' is not standard (9%) or consumer (2%)", "interest_regime_raw"
            ),
        ),
    ]


def _row_reason(checks: list[tuple[pl.Expr, str, pl.Expr]]) -> tuple[pl.Expr, pl.Expr]:
    """(reason_code, detail) for the first problem in a row; null when the row is good."""
    reason: pl.Expr = pl.lit(None, pl.String)
    detail: pl.Expr = pl.lit(None, pl.String)
    for condition, code, text in reversed(checks):
        if code == "unknown_court":  # the registry says which of its reasons applies
            reason = pl.when(condition.fill_null(False)).then("court_reason").otherwise(reason)
            detail = pl.when(condition.fill_null(False)).then(text).otherwise(detail)
            continue
        reason = pl.when(condition.fill_null(False)).then(pl.lit(code)).otherwise(reason)
        detail = pl.when(condition.fill_null(False)).then(text).otherwise(detail)
    return reason, detail


def _with_reasons(frame: pl.DataFrame, spec: SourceSpec) -> pl.DataFrame:
    """reason_code and its sentence (detail) for every row, null when the row is good.

    Rejected rows are few: one pass of plain true/false checks over every row finds them, and
    which check comes first, and its sentence, are worked out for those rows alone.
    """
    checks = _checks(spec)
    failing = pl.any_horizontal(condition.fill_null(False) for condition, _, _ in checks)
    rows = frame.select(failing).to_series().arg_true()
    reason, detail = _row_reason(checks)
    found = (
        frame[rows]
        .select(reason_code=reason, detail=detail)
        .with_columns(detail=pl.when(pl.col("reason_code").is_not_null()).then("detail"))
    )
    return frame.with_columns(
        _nulls_except("reason_code", frame.height, rows, found["reason_code"]),
        _nulls_except("detail", frame.height, rows, found["detail"]),
    )


def _nulls_except(name: str, height: int, rows: pl.Series, values: pl.Series) -> pl.Series:
    """A text column of `height` nulls holding `values` at `rows`."""
    nulls = pl.Series(name, [None], pl.String).new_from_index(0, height)
    return nulls.scatter(rows, values) if rows.len() else nulls


def _amount_checks(field: str, *, allow_zero: bool) -> list[tuple[pl.Expr, str, pl.Expr]]:
    value = pl.col(f"{field}_value")
    present = pl.col(field).is_not_null()
    label = field.replace("_", " ")
    in_range = norm.amount_in_range(value, allow_zero=allow_zero)
    return [
        (
            present & value.is_null(),
            "bad_amount",
            pl.format(label + " '{}' is not an amount like 12,500.00", field),
        ),
        (
            present & (pl.col(f"{field}_negative") | ~in_range),
            "amount_out_of_range",
            pl.format(
                label + " '{}' is " + ("negative" if allow_zero else "zero, negative")
                + " or over $" + f"{int(norm.MAX_AMOUNT):,}",
                field,
            ),
        ),
    ]  # fmt: skip


def _parties(frame: pl.DataFrame) -> pl.DataFrame:
    """Name keys, party kinds and split addresses for both parties."""
    frame = by_distinct(
        frame,
        "plaintiff_name",
        plaintiff_key=norm.name_key(pl.col("plaintiff_name")),
        plaintiff_kind=norm.party_kind(pl.col("plaintiff_name"), otherwise="unknown"),
    )
    frame = by_distinct(
        frame,
        "debtor_name",
        debtor_key=norm.name_key(pl.col("debtor_name")),
        inferred_kind=norm.party_kind(pl.col("debtor_name")),
    )
    declared = pl.col("debtor_declared_kind") if "debtor_declared_kind" in frame.columns else None
    kind = pl.coalesce(declared, pl.col("inferred_kind")) if declared is not None else None
    frame = frame.with_columns(debtor_kind=kind if kind is not None else pl.col("inferred_kind"))
    return split_addresses(split_addresses(frame, "plaintiff"), "debtor")


def validate(table: RawTable, spec: SourceSpec, today: date) -> Validated:
    """Clean judgment rows and rejected rows; every physical row ends up in exactly one."""
    frame = _canonical_frame(table, spec)
    frame = _places(_typed_values(frame, spec, today, table.typed_dates))
    frame = _with_reasons(frame, spec)
    if spec.layout == "party_per_row":
        from dragonfly.ingest.parties import fold_parties

        frame, extra = fold_parties(frame, spec)
    else:
        frame, extra = _mark_duplicates(frame), _no_extra_debtors()
    good = frame.filter(pl.col("reason_code").is_null())
    bad = frame.filter(pl.col("reason_code").is_not_null()).select(
        "line_number", "reason_code", "detail"
    )
    raw_cols = [c for c in table.frame.columns if c.startswith("c")]
    # The raw text of the rejected lines alone: joining all of them would hash every line.
    raw = table.frame.filter(pl.col("line_number").is_in(bad["line_number"].implode()))
    rejects = bad.join(raw.select("line_number", *raw_cols), on="line_number", how="left")
    return Validated(_parties(good), rejects.sort("line_number"), extra, table.frame.height)


def _mark_duplicates(frame: pl.DataFrame) -> pl.DataFrame:
    """A judgment repeated in one file: the first row counts, later ones are rejected."""
    good = pl.col("reason_code").is_null()
    # Repeats are few. The good rows whose index number's hash repeats are the candidates (a
    # repeat in another court, or a hash collision, is sorted out below); sorting the hashes
    # finds them faster than a hash table of every row would.
    hashes = frame.select(pl.when(good).then(pl.col("index_number_norm").hash())).to_series()
    ordered = hashes.drop_nulls().sort()
    repeated = ordered.filter(ordered == ordered.shift(1))
    rows = hashes.is_in(repeated.implode()).fill_null(False).arg_true()
    # Only the candidates are grouped by identity, to name each judgment's first line.
    repeats = (
        frame[rows]
        .select("line_number", *IDENTITY, _row=rows)
        .with_columns(_first=pl.col("line_number").min().over(IDENTITY))
        .filter(pl.col("line_number") != pl.col("_first"))
    )
    later = repeats["_row"]
    reason_code, detail = frame["reason_code"], frame["detail"]
    if later.len():
        reason_code = reason_code.clone().scatter(later, "duplicate_in_file")
        detail = detail.clone().scatter(
            later, repeats.select(pl.format("same judgment as line {}", "_first")).to_series()
        )
    return frame.with_columns(rows=pl.lit(1, pl.Int64), reason_code=reason_code, detail=detail)


def _no_extra_debtors() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "state": pl.String, "court_code": pl.String, "index_number_norm": pl.String,
            "debtor_name": pl.String, "debtor_key": pl.String, "debtor_kind": pl.String,
            "debtor_phone": pl.String,
        }
    )  # fmt: skip
