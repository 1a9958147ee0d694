"""Python enums mirroring every Postgres enum in schema v1 (tests/data/test_vocabularies.py)."""

from __future__ import annotations

from enum import StrEnum


class PlaintiffStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    SIGNED = "signed"
    DECLINED = "declined"
    DO_NOT_CONTACT = "do_not_contact"


class PartyKind(StrEnum):
    INDIVIDUAL = "individual"
    BUSINESS = "business"
    UNKNOWN = "unknown"


class AssetKind(StrEnum):
    EMPLOYER = "employer"
    BANK = "bank"
    REAL_PROPERTY = "real_property"
    VEHICLE = "vehicle"
    OTHER_INCOME = "other_income"


class ContactKind(StrEnum):
    ADDRESS = "address"
    PHONE = "phone"


class JudgmentStatus(StrEnum):
    ACTIVE = "active"
    SATISFIED = "satisfied"
    VACATED = "vacated"
    EXPIRED = "expired"
    ON_HOLD = "on_hold"


class InterestRegime(StrEnum):
    STANDARD = "standard"
    CONSUMER = "consumer"


class LedgerKind(StrEnum):
    PAYMENT = "payment"
    COST = "cost"
    ADJUSTMENT = "adjustment"


class ActionKind(StrEnum):
    INFORMATION_SUBPOENA = "information_subpoena"
    RESTRAINING_NOTICE = "restraining_notice"
    PROPERTY_EXECUTION = "property_execution"
    INCOME_EXECUTION = "income_execution"
    REAL_PROPERTY_LIEN = "real_property_lien"
    DEMAND_LETTER = "demand_letter"
    SETTLEMENT = "settlement"


class ActionState(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    SERVED = "served"
    ANSWERED = "answered"
    LEVIED = "levied"
    WITHHOLDING = "withholding"
    COMPLETED = "completed"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class UserRole(StrEnum):
    ADMIN = "admin"
    OPS = "ops"
    VIEWER = "viewer"


class ImportStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    REFUSED = "refused"
    FAILED = "failed"


class ReleaseOutcome(StrEnum):
    RUNNING = "running"
    SUCCESS = "success"
    WARNINGS = "warnings"
    FAILED = "failed"
    CANCELLED = "cancelled"  # SIGINT or SIGTERM stopped it; shown red


class StepStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCESS = "success"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"


class PaperKind(StrEnum):
    """The enforcement papers Dragonfly can make (docs/PAPERS.md)."""

    SATISFACTION_PIECE = "satisfaction_piece"
    INCOME_EXECUTION = "income_execution"
    INFORMATION_SUBPOENA_DEBTOR = "information_subpoena_debtor"
    RESTRAINING_NOTICE_DEBTOR = "restraining_notice_debtor"
    RESTRAINING_NOTICE_THIRD_PARTY = "restraining_notice_third_party"
    RESTRAINING_NOTICE_BANK_PACKET = "restraining_notice_bank_packet"
    NOTICE_TO_JUDGMENT_DEBTOR = "notice_to_judgment_debtor"
    INFORMATION_SUBPOENA_THIRD_PARTY = "information_subpoena_third_party"
    PROPERTY_EXECUTION = "property_execution"
    DEMAND_LETTER = "demand_letter"


# What staff call each paper, on screens and in messages.
PAPER_NAMES: dict[PaperKind, str] = {
    PaperKind.SATISFACTION_PIECE: "Satisfaction piece",
    PaperKind.INCOME_EXECUTION: "Income execution",
    PaperKind.INFORMATION_SUBPOENA_DEBTOR: "Information subpoena to the debtor",
    PaperKind.RESTRAINING_NOTICE_DEBTOR: "Restraining notice to the debtor",
    PaperKind.RESTRAINING_NOTICE_THIRD_PARTY: "Restraining notice to a third party",
    PaperKind.RESTRAINING_NOTICE_BANK_PACKET: "Restraining notice to a bank (5222-a packet)",
    PaperKind.NOTICE_TO_JUDGMENT_DEBTOR: "Notice to judgment debtor",
    PaperKind.INFORMATION_SUBPOENA_THIRD_PARTY: "Information subpoena to a third party",
    PaperKind.PROPERTY_EXECUTION: "Property execution",
    PaperKind.DEMAND_LETTER: "Demand letter",
}


class CostHandling(StrEnum):
    """Who bears the costs the firm advances on a client's judgments (docs/CLIENT_MONEY.md)."""

    RECOVERED_FIRST = "recovered_first"  # repaid to the firm from collections before the fee
    BILLED = "billed"  # invoiced to the client
    ABSORBED = "absorbed"  # the firm's own expense


class RemittanceBasis(StrEnum):
    NET = "net"  # the client receives its share; the fee goes to the firm from escrow
    GROSS = "gross"  # the client receives share and fee; the fee is invoiced


class RemittanceCadence(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class FeeBandBasis(StrEnum):
    """What a banded fee is banded by: the judgment's age in days at the payment, or its amount."""

    AGE_DAYS = "age_days"
    AMOUNT = "amount"


class TrustParty(StrEnum):
    """Whose money a trust-ledger line holds or pays out."""

    CLIENT = "client"
    FIRM = "firm"
    DEBTOR = "debtor"  # an overpayment, owed back to the debtor


class TrustEntryKind(StrEnum):
    RECEIPT = "receipt"
    DISBURSEMENT = "disbursement"


# Postgres type name -> Python enum, for the agreement test and for anyone mapping rows.
POSTGRES_ENUMS: dict[str, type[StrEnum]] = {
    "plaintiff_status": PlaintiffStatus,
    "party_kind": PartyKind,
    "asset_kind": AssetKind,
    "contact_kind": ContactKind,
    "judgment_status": JudgmentStatus,
    "interest_regime": InterestRegime,
    "ledger_kind": LedgerKind,
    "action_kind": ActionKind,
    "action_state": ActionState,
    "user_role": UserRole,
    "import_status": ImportStatus,
    "release_outcome": ReleaseOutcome,
    "step_status": StepStatus,
    "paper_kind": PaperKind,
    "cost_handling": CostHandling,
    "remittance_basis": RemittanceBasis,
    "remittance_cadence": RemittanceCadence,
    "fee_band_basis": FeeBandBasis,
    "trust_party": TrustParty,
    "trust_entry_kind": TrustEntryKind,
}
