"""One-party-per-row files (JBI): rows sharing a case become one judgment.

`party_role` alone decides whether a row is the creditor or a debtor; a value the spec does not
list is rejected (unknown_party_role), never guessed. A case needs one creditor row
(missing_creditor otherwise); a second, different creditor is rejected (extra_creditor), since a
judgment has one plaintiff here. The first debtor row is the judgment's debtor; later debtor rows
become further debtors of the same judgment. Case fields (court, date, amount) come from the
case's first good row.
"""

from __future__ import annotations

import polars as pl

from dragonfly.ingest.normalise import name_key, party_kind
from dragonfly.ingest.specs import SourceSpec

IDENTITY = ["state", "court_code", "index_number_norm"]
CASE_FIELDS = [
    "line_number", "state", "court_code", "court_name", "county_code", "index_number",
    "index_number_norm", "entry_date_value", "principal_value", "costs_value", "interest_regime",
    "case_title", "external_ref",
]  # fmt: skip


def declared_kind(party_type: pl.Expr) -> pl.Expr:
    """individual / business when the file says so; null to infer from the name."""
    text = party_type.str.to_lowercase()
    return (
        pl.when(text.str.contains("business|company|corporat|organi[sz]ation|entity|llc"))
        .then(pl.lit("business"))
        .when(text.str.contains("individual|person|natural"))
        .then(pl.lit("individual"))
        .otherwise(None)
    )


def _roles(frame: pl.DataFrame, spec: SourceSpec) -> pl.DataFrame:
    role = pl.col("party_role").str.to_lowercase().str.strip_chars()
    creditor = [r.lower() for r in spec.party_roles.creditor]
    debtor = [r.lower() for r in spec.party_roles.debtor]
    mapped = (
        pl.when(role.is_in(creditor))
        .then(pl.lit("creditor"))
        .when(role.is_in(debtor))
        .then(pl.lit("debtor"))
        .otherwise(None)
    )
    unknown = pl.col("reason_code").is_null() & mapped.is_null()
    listed = ", ".join(creditor + debtor)
    return frame.with_columns(
        role=mapped,
        party_key=name_key(pl.col("party_name")),
        reason_code=pl.when(unknown).then(pl.lit("unknown_party_role")).otherwise("reason_code"),
        detail=pl.when(unknown)
        .then(pl.format("party_role '{}' is none of: " + listed, "party_role"))
        .otherwise("detail"),
    )


def _case_checks(frame: pl.DataFrame) -> pl.DataFrame:
    good = pl.col("reason_code").is_null()
    case = [*IDENTITY, good]
    first_of_party = pl.col("line_number").min().over([*case, "role", "party_key"])
    repeated = good & (pl.col("line_number") != first_of_party)
    frame = _reject(
        frame, repeated, "duplicate_in_file", pl.format("same party as line {}", first_of_party)
    )
    good = pl.col("reason_code").is_null()
    case = [*IDENTITY, good]
    is_creditor = pl.col("role") == "creditor"
    no_creditor = good & ~is_creditor.any().over(case)
    frame = _reject(frame, no_creditor, "missing_creditor", pl.lit("the case has no creditor row"))
    good = pl.col("reason_code").is_null()
    first_creditor = pl.col("line_number").filter(is_creditor).min().over([*IDENTITY, good])
    extra = good & is_creditor & (pl.col("line_number") != first_creditor)
    text = pl.format("a second creditor; the creditor is on line {}", first_creditor)
    return _reject(frame, extra, "extra_creditor", text)


def _reject(frame: pl.DataFrame, condition: pl.Expr, code: str, detail: pl.Expr) -> pl.DataFrame:
    return frame.with_columns(
        reason_code=pl.when(condition).then(pl.lit(code)).otherwise("reason_code"),
        detail=pl.when(condition).then(detail).otherwise("detail"),
    )


def fold_parties(frame: pl.DataFrame, spec: SourceSpec) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rejected party rows + one good row per judgment, further debtors by identity)."""
    frame = _case_checks(_roles(frame, spec)).with_columns(
        party_kind=declared_kind(pl.col("party_type"))
    )
    rejected = frame.filter(pl.col("reason_code").is_not_null())
    good = frame.filter(pl.col("reason_code").is_null()).sort("line_number")
    cases = good.group_by(IDENTITY, maintain_order=True).agg(
        pl.len().alias("rows"), *[pl.col(c).first() for c in CASE_FIELDS if c not in IDENTITY]
    )
    creditors = good.filter(pl.col("role") == "creditor").select(
        *IDENTITY,
        plaintiff_name=pl.col("party_name"),
        plaintiff_phone=pl.col("party_phone"),
        plaintiff_email=pl.col("party_email"),
    )
    debtors = good.filter(pl.col("role") == "debtor").with_columns(
        debtor_rank=pl.col("line_number").rank("ordinal").over(IDENTITY)
    )
    first_debtors = debtors.filter(pl.col("debtor_rank") == 1).select(
        *IDENTITY,
        debtor_name=pl.col("party_name"),
        debtor_phone=pl.col("party_phone"),
        debtor_declared_kind=pl.col("party_kind"),
    )
    judgments = cases.join(creditors, on=IDENTITY, how="left").join(
        first_debtors, on=IDENTITY, how="left"
    )
    extra = debtors.filter(pl.col("debtor_rank") > 1).select(
        *IDENTITY,
        debtor_name=pl.col("party_name"),
        debtor_key=pl.col("party_key"),
        debtor_kind=pl.coalesce(pl.col("party_kind"), party_kind(pl.col("party_name"))),
        debtor_phone=pl.col("party_phone"),
    )
    return pl.concat([rejected, judgments], how="diagonal_relaxed"), extra
