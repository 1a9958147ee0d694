"""An audit event as one sentence a clerk can read: who did what, and what it changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

Event = Mapping[str, Any]


def _money(value: object) -> str:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def _words(value: object) -> str:
    return str(value or "").replace("_", " ")


def _part(mapping: object, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, Mapping) else None


def _balance_change(before: object, after: object) -> str:
    old, new = _part(before, "balance"), _part(after, "balance")
    if old is None or new is None or old == new:
        return ""
    return f"; balance {_money(old)} → {_money(new)}"


def _overpaid_change(before: object, after: object) -> str:
    old, new = _part(before, "overpaid"), _part(after, "overpaid")
    if new is None or Decimal(str(new)) == Decimal(str(old or 0)):
        return ""
    return f"; overpaid {_money(old or 0)} → {_money(new)}"


def _ledger(event: Event) -> str:
    entry = _part(event["after"], "entry") or {}
    kind = _words(entry.get("kind") or event["action"].split(".", 1)[1])
    dated = f" dated {entry['effective_on']}" if entry.get("effective_on") else ""
    memo_text = str(entry.get("memo") or "")
    if entry.get("reverses_id"):
        what = f"Reversal of entry {entry['reverses_id']} ({_money(entry.get('amount'))})"
        # The dashboard writes a reversal's memo as "Reversal of entry 7: <reason>".
        memo_text = memo_text.removeprefix(f"Reversal of entry {entry['reverses_id']}: ")
    else:
        what = f"{kind.capitalize()} of {_money(entry.get('amount'))}{dated}"
    memo = f" ({memo_text})" if memo_text else ""
    change = _balance_change(event["before"], event["after"])
    change += _overpaid_change(event["before"], event["after"])
    return f"{what}{memo} recorded by {event['actor']}{change}."


def _action_created(event: Event) -> str:
    after = event["after"] or {}
    on = f" on {after['third_party']}" if after.get("third_party") else ""
    return f"{_words(after.get('kind')).capitalize()}{on} started as a draft by {event['actor']}."


def _action_moved(event: Event) -> str:
    before, after = event["before"] or {}, event["after"] or {}
    kind = _words(after.get("kind") or before.get("kind")).capitalize()
    return (
        f"{kind} moved from {_words(before.get('state'))} to {_words(after.get('state'))} "
        f"by {event['actor']}."
    )


def _status_changed(event: Event) -> str:
    before, after = event["before"] or {}, event["after"] or {}
    reason = f": “{after['status_reason']}”" if after.get("status_reason") else ""
    change = _balance_change(before, after)
    return (
        f"Status changed from {_words(before.get('status'))} to {_words(after.get('status'))} "
        f"by {event['actor']}{reason}{change}."
    )


def _rate_changed(event: Event) -> str:
    before, after = event["before"] or {}, event["after"] or {}
    reason = f": “{after['reason']}”" if after.get("reason") else ""
    return (
        f"Interest rate changed from {_words(before.get('interest_regime'))} to "
        f"{_words(after.get('interest_regime'))} by {event['actor']}{reason}"
        f"{_balance_change(before, after)}."
    )


def _expired(event: Event) -> str:
    reason = _part(event["after"], "reason") or "its enforceability period ended"
    return f"Judgment marked expired by {event['actor']}: {reason}."


def _acknowledged(event: Event) -> str:
    before, after = event["before"] or {}, event["after"] or {}
    made = _part(after, "acknowledgment") or {}
    note = f" (“{made['note']}”)" if made.get("note") else ""
    old, new = before.get("enforceable_until"), after.get("enforceable_until")
    change = f"; enforceable until {old} → {new}" if old and new and old != new else ""
    return (
        f"Written acknowledgment of the debt dated {made.get('acknowledged_on')}{note} "
        f"recorded by {event['actor']}{change}."
    )


def _transcript(event: Event) -> str:
    before, after = event["before"] or {}, event["after"] or {}
    made = _part(after, "transcript") or {}
    note = f" (“{made['note']}”)" if made.get("note") else ""
    old, new = before.get("lien_lapses_on"), after.get("lien_lapses_on")
    if new and old != new:
        change = f"; lien lapses {old} → {new}" if old else f"; lien lapses {new}"
    else:
        change = ""
    return (
        f"Transcript of judgment docketed in {made.get('county')} County on "
        f"{made.get('docketed_on')}{note} recorded by {event['actor']}{change}."
    )


def _desk(event: Event) -> str:
    after = event["after"] or {}
    what = _words(str(after.get("deadline", "deadline")))
    until = after.get("snoozed_until")
    done = f"snoozed until {until}" if until else "acknowledged"
    return (
        f"Deadline {what} due {after.get('due_on')} {done} by {event['actor']}: "
        f"{after.get('reason')}."
    )


def _satisfaction_filed(event: Event) -> str:
    after = event["after"] or {}
    return (
        f"Satisfaction piece filed on {after.get('satisfaction_filed_on')} recorded by "
        f"{event['actor']} (satisfied {after.get('satisfied_on')})."
    )


def _owner(event: Event) -> str:
    before, after = event["before"] or {}, event["after"] or {}
    what = f"Action {after['action_id']}" if after.get("action_id") else "Judgment"
    new = after.get("owner")
    done = f"assigned to {new}" if new else "unassigned"
    old = before.get("owner")
    was = f" (was {old})" if old and old != new else ""
    return f"{what} {done}{was} by {event['actor']}."


def _imported(event: Event) -> str:
    after, before = event["after"] or {}, event["before"] or {}
    changed = sorted(k for k in after if k != "batch_id" and after.get(k) != before.get(k))
    fields = ", ".join(_words(k) for k in changed) or "its details"
    return f"Import batch {after.get('batch_id')} updated {fields} (by {event['actor']})."


def _source_saved(event: Event) -> str:
    after = event["after"] or {}
    fields = len(after.get("columns") or {})
    return (
        f"Import source '{event.get('entity_id', '')}' ({after.get('title', '')}) saved with "
        f"{fields} mapped columns by {event['actor']}."
    )


def _court_changed(event: Event) -> str:
    before, after = event["before"] or {}, event["after"] or {}
    old, new = before.get("court_name"), after.get("court_name")
    what = f"Court changed from {old} to {new}" if old != new else f"Court is {new}"
    reason = f": {after['reason']}" if after.get("reason") else ""
    return f"{what} by {event['actor']}{reason}."


def _rejects_accepted(event: Event) -> str:
    after = event["after"] or {}
    return (
        f"{after['filename']} imported as batch {after['batch_id']} by {event['actor']} although "
        f"{after['rejected']:,} rejected rows are over its limit: {after['reason']}"
    )


def _rejects_accept_asked(event: Event) -> str:
    after = event["after"] or {}
    return (
        f"{event['actor']} asked to import the good rows of {after['filename']} anyway: "
        f"{after['reason']}"
    )


def _paper_made(event: Event) -> str:
    after = event["after"]
    kind = _words(after["kind"]).capitalize()
    return (
        f"{kind} made by {event['actor']} (version {after['version']}, as of {after['as_of']},"
        f" amount due {_money(after['amount_due'])})."
    )


def _paper_served(event: Event) -> str:
    after = event["after"]
    kind = _words(after["kind"]).capitalize()
    return (
        f"{kind} (version {after['version']}) {after['how']} on {after['on']},"
        f" confirmed by {event['actor']}."
    )


def _learned(fact: Mapping[str, Any]) -> str:
    source = f" from {_words(fact['source'])}" if fact.get("source") else ""
    when = f" learned {fact['learned_on']}" if fact.get("learned_on") else ""
    return f"{source}{when}" if source or when else ""


def _asset_added(event: Event) -> str:
    after = event["after"] or {}
    name = f" ({after['name']})" if after.get("name") else ""
    what = f"{_words(after.get('kind')).capitalize()}{name}"
    return f"{what}{_learned(after)} recorded by {event['actor']}."


def _asset_retired(event: Event) -> str:
    before, after = event["before"] or {}, event["after"] or {}
    name = f" ({before['name']})" if before.get("name") else ""
    reason = f": “{after['retired_reason']}”" if after.get("retired_reason") else ""
    return f"{_words(before.get('kind')).capitalize()}{name} retired by {event['actor']}{reason}."


def _contact_added(event: Event) -> str:
    after = event["after"] or {}
    what = f"{_words(after.get('kind')).capitalize()} {after['value']}"
    return f"{what}{_learned(after)} recorded by {event['actor']}."


def _contact_corrected(event: Event) -> str:
    before, after = event["before"] or {}, event["after"] or {}
    reason = f": “{after['reason']}”" if after.get("reason") else ""
    return (
        f"{_words(before.get('kind')).capitalize()} corrected from {before['value']} to "
        f"{after['value']} by {event['actor']}{reason}."
    )


def _contact_retired(event: Event) -> str:
    before, after = event["before"] or {}, event["after"] or {}
    reason = f": “{after['retired_reason']}”" if after.get("retired_reason") else ""
    what = f"{_words(before.get('kind')).capitalize()} {before['value']}"
    return f"{what} retired by {event['actor']}{reason}."


SENTENCES: dict[str, Callable[[Event], str]] = {
    "ledger.payment": _ledger,
    "ledger.cost": _ledger,
    "ledger.adjustment": _ledger,
    "action.create": _action_created,
    "action.transition": _action_moved,
    "judgment.status": _status_changed,
    "judgment.interest_regime": _rate_changed,
    "judgment.expire": _expired,
    "judgment.acknowledgment": _acknowledged,
    "judgment.transcript": _transcript,
    "desk.acknowledge": _desk,
    "desk.snooze": _desk,
    "judgment.owner": _owner,
    "judgment.satisfaction_filed": _satisfaction_filed,
    "import.update": _imported,
    "import_source.create": _source_saved,
    "judgment.court": _court_changed,
    "import.accept_rejects": _rejects_accepted,
    "import.accept_rejects_requested": _rejects_accept_asked,
    "paper.make": _paper_made,
    "paper.served": _paper_served,
    "debtor.asset_add": _asset_added,
    "debtor.asset_retire": _asset_retired,
    "debtor.contact_add": _contact_added,
    "debtor.contact_correct": _contact_corrected,
    "debtor.contact_retire": _contact_retired,
}


def audit_sentence(event: Event) -> str:
    """One sentence for an audit event (keys: action, actor, before, after)."""
    plain = f"{_words(event['action'].replace('.', ' ')).capitalize()} by {event['actor']}."
    wording = SENTENCES.get(event["action"])
    if wording is None:
        return plain
    try:
        return wording(event)
    except (KeyError, TypeError, AttributeError):
        return plain  # an event whose shape is not the usual one: still say who did what
