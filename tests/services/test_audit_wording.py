"""Audit events read as sentences on the judgment page."""

from __future__ import annotations

from dragonfly.services.audit_wording import audit_sentence


def test_a_payment_says_how_much_by_whom_and_what_it_did_to_the_balance() -> None:
    event = {
        "action": "ledger.payment",
        "actor": "ops@firm.com",
        "before": {"balance": "421.27", "score": 40, "tier": "C"},
        "after": {
            "entry": {"kind": "payment", "amount": "421.27", "effective_on": "2026-11-20",
                      "memo": "check 1042", "reverses_id": None},
            "balance": "0.00",
        },
    }  # fmt: skip
    assert audit_sentence(event) == (
        "Payment of $421.27 dated 2026-11-20 (check 1042) recorded by ops@firm.com; "
        "balance $421.27 → $0.00."
    )


def test_a_reversal_names_the_entry_it_reverses() -> None:
    event = {
        "action": "ledger.payment",
        "actor": "ops@firm.com",
        "before": {"balance": "0.00"},
        "after": {"entry": {"kind": "payment", "amount": "-421.27", "reverses_id": 7},
                  "balance": "421.27"},
    }  # fmt: skip
    assert audit_sentence(event) == (
        "Reversal of entry 7 (-$421.27) recorded by ops@firm.com; balance $0.00 → $421.27."
    )
    # The reason the dashboard puts in the memo is said once, not after the entry again.
    event["after"]["entry"]["memo"] = "Reversal of entry 7: check bounced"  # type: ignore[index]
    assert audit_sentence(event) == (
        "Reversal of entry 7 (-$421.27) (check bounced) recorded by ops@firm.com; "
        "balance $0.00 → $421.27."
    )


def test_status_moves_and_sweeps_read_plainly() -> None:
    status = {
        "action": "judgment.status",
        "actor": "ops@firm.com",
        "before": {"status": "active", "balance": "0.00"},
        "after": {"status": "satisfied", "status_reason": "paid in full", "balance": "0.00"},
    }
    assert audit_sentence(status) == (
        "Status changed from active to satisfied by ops@firm.com: “paid in full”."
    )
    moved = {
        "action": "action.transition",
        "actor": "job:deadline_sweep",
        "before": {"kind": "restraining_notice", "state": "served"},
        "after": {"kind": "restraining_notice", "state": "expired"},
    }
    assert audit_sentence(moved) == (
        "Restraining notice moved from served to expired by job:deadline_sweep."
    )


def test_an_unknown_or_malformed_event_still_says_who_did_what() -> None:
    unknown = {"action": "user.create", "actor": "a", "before": None, "after": None}
    assert audit_sentence(unknown) == "User create by a."
    broken = {"action": "action.transition", "actor": "b", "before": "x", "after": 3}
    assert audit_sentence(broken) == "Action transition by b."


def test_a_rate_change_gives_its_reason_and_its_effect() -> None:
    event = {
        "action": "judgment.interest_regime",
        "actor": "ops@firm.com",
        "before": {"interest_regime": "standard", "balance": "5900.00"},
        "after": {"interest_regime": "consumer", "balance": "5200.00", "reason": "card debt"},
    }
    assert audit_sentence(event) == (
        "Interest rate changed from standard to consumer by ops@firm.com: “card debt”; "
        "balance $5,900.00 → $5,200.00."
    )


def test_importing_the_good_rows_anyway_reads_with_its_reason() -> None:
    done = {
        "action": "import.accept_rejects",
        "actor": "ops@firm.com",
        "before": {"limit": 0.1, "rows_read": 10},
        "after": {"batch_id": 4, "filename": "vendor.csv", "reason": "resent Friday",
                  "rejected": 3},
    }  # fmt: skip
    assert audit_sentence(done) == (
        "vendor.csv imported as batch 4 by ops@firm.com although 3 rejected rows are over its "
        "limit: resent Friday"
    )
    asked = {
        "action": "import.accept_rejects_requested",
        "actor": "ops@firm.com",
        "before": None,
        "after": {"filename": "vendor.csv", "reason": "resent Friday", "job_id": 9},
    }
    assert audit_sentence(asked) == (
        "ops@firm.com asked to import the good rows of vendor.csv anyway: resent Friday"
    )


def test_an_overpayment_and_its_reversal_say_what_is_owed_back() -> None:
    paid = {
        "action": "ledger.payment",
        "actor": "ops@firm.com",
        "before": {"balance": "462.53", "overpaid": "0.00"},
        "after": {"entry": {"kind": "payment", "amount": "600.00", "effective_on": "2026-11-23"},
                  "balance": "0.00", "overpaid": "137.47"},
    }  # fmt: skip
    assert audit_sentence(paid) == (
        "Payment of $600.00 dated 2026-11-23 recorded by ops@firm.com; "
        "balance $462.53 → $0.00; overpaid $0.00 → $137.47."
    )
    undone = {
        "action": "ledger.payment",
        "actor": "ops@firm.com",
        "before": {"balance": "0.00", "overpaid": "137.47"},
        "after": {"entry": {"kind": "payment", "amount": "-600.00", "reverses_id": 9},
                  "balance": "462.53", "overpaid": "0.00"},
    }  # fmt: skip
    assert audit_sentence(undone) == (
        "Reversal of entry 9 (-$600.00) recorded by ops@firm.com; "
        "balance $0.00 → $462.53; overpaid $137.47 → $0.00."
    )


def test_a_written_acknowledgment_says_how_far_it_moved_enforceability() -> None:
    event = {
        "action": "judgment.acknowledgment",
        "actor": "ops@firm.com",
        "before": {"enforceable_until": "2025-01-10"},
        "after": {"acknowledgment": {"acknowledged_on": "2019-08-20", "note": ""},
                  "enforceable_until": "2039-08-20"},
    }  # fmt: skip
    assert audit_sentence(event) == (
        "Written acknowledgment of the debt dated 2019-08-20 recorded by ops@firm.com; "
        "enforceable until 2025-01-10 → 2039-08-20."
    )


def test_debtor_facts_read_as_sentences() -> None:
    phone = {"kind": "phone", "value": "(212) 555-0100", "source": "subpoena_answer",
             "learned_on": "2026-11-20"}  # fmt: skip
    added = {"action": "debtor.contact_add", "actor": "ops@firm.com", "before": None,
             "after": phone}  # fmt: skip
    assert audit_sentence(added) == (
        "Phone (212) 555-0100 from subpoena answer learned 2026-11-20 recorded by ops@firm.com."
    )
    fixed = {**phone, "value": "(212) 555-0101", "reason": "digits swapped"}
    corrected = {"action": "debtor.contact_correct", "actor": "ops@firm.com", "before": phone,
                 "after": fixed}  # fmt: skip
    assert audit_sentence(corrected) == (
        "Phone corrected from (212) 555-0100 to (212) 555-0101 by ops@firm.com: “digits swapped”."
    )
    retired = {"action": "debtor.contact_retire", "actor": "ops@firm.com", "before": phone,
               "after": {**phone, "retired_reason": "disconnected"}}  # fmt: skip
    assert audit_sentence(retired) == (
        "Phone (212) 555-0100 retired by ops@firm.com: “disconnected”."
    )
    bank = {"kind": "bank", "name": "Chase Bank", "source": "debtor", "learned_on": "2026-11-01"}
    assert audit_sentence({"action": "debtor.asset_add", "actor": "a@firm.com", "before": None,
                           "after": bank}) == (
        "Bank (Chase Bank) from debtor learned 2026-11-01 recorded by a@firm.com."
    )  # fmt: skip
    assert audit_sentence({"action": "debtor.asset_retire", "actor": "a@firm.com", "before": bank,
                           "after": {**bank, "retired_reason": "account closed"}}) == (
        "Bank (Chase Bank) retired by a@firm.com: “account closed”."
    )  # fmt: skip


def test_a_paper_confirmed_mailed_says_which_paper_how_and_when() -> None:
    event = {
        "action": "paper.served",
        "actor": "ops@firm.com",
        "before": None,
        "after": {"document_id": 7, "kind": "information_subpoena_debtor", "version": 2,
                  "how": "mailed", "on": "2026-11-23", "action_id": 3},
    }  # fmt: skip
    assert audit_sentence(event) == (
        "Information subpoena debtor (version 2) mailed on 2026-11-23, confirmed by ops@firm.com."
    )
