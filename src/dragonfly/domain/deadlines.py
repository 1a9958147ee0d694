"""Deadlines from the rules table. Two kinds of day, treated differently:

- the last day to *do* something (answer a subpoena, return an execution, serve the employer)
  moves off Saturdays, Sundays and New York public holidays (General Construction Law 25-a);
- the day an *effect ends* (a restraining notice's year, a lien's ten years, a judgment's twenty)
  does not move: the law extends the time to act, not the life of a lien or a restraint.

The pages, the API and the nightly sweep all take their dates from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dragonfly.domain.actions import CLOSED
from dragonfly.domain.business_days import add_years, next_business_day
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import ActionKind, ActionState


@dataclass(frozen=True)
class Deadline:
    """A named date with the rule that sets it: a business day for an act, the exact day an effect
    ends otherwise."""

    name: str
    due_on: date
    citation: str


def _due(day: date, rules: Rules) -> date:
    if rules.choice("deadline_rolls_to_business_day") == "yes":
        return next_business_day(day)
    return day


def judgment_expiry(entry_date: date, rules: Rules) -> date:
    """The 20th anniversary of entry: from this day on the judgment is treated as expired."""
    return add_years(entry_date, rules.whole("judgment_enforceable_years"))


@dataclass(frozen=True)
class Enforceability:
    """How long a judgment stays enforceable, and why: `basis` is "entry", "payment" or
    "acknowledgment" (in writing), and `basis_on` the day of that event."""

    until: date
    basis: str
    basis_on: date


def enforceability(
    entry_date: date,
    payments: Iterable[date],
    acknowledgments: Iterable[date],
    rules: Rules,
) -> Enforceability:
    """The day from which a judgment is treated as expired, under CPLR 211(b) and the policy.

    Twenty years from entry, unless (policy `latest_payment_or_acknowledgment`) the debtor paid
    part or acknowledged the debt in writing while it was still enforceable: then twenty years
    from the latest such event. An event on or after the day the judgment expired revives
    nothing, and an event before entry counts for nothing, so the date is never later than the
    law allows on the conservative reading. Policy `entry_only`: entry + 20 years, always.
    """
    result = Enforceability(judgment_expiry(entry_date, rules), "entry", entry_date)
    if rules.choice("judgment_enforceability_extension") != "latest_payment_or_acknowledgment":
        return result
    years = rules.whole("judgment_years_after_payment_or_acknowledgment")
    events = [(day, "acknowledgment") for day in acknowledgments]
    events = sorted(events + [(day, "payment") for day in payments])
    for day, kind in events:
        if entry_date <= day < result.until and add_years(day, years) > result.until:
            result = Enforceability(add_years(day, years), kind, day)
    return result


def restraint_lapse(served_on: date, rules: Rules) -> date:
    """The anniversary of service: from this day on a restraining notice no longer binds."""
    return add_years(served_on, rules.whole("restraining_notice_effective_years"))


def last_start_ended_by(as_of: date, years: int) -> date:
    """The latest start date whose `years`-long effect has ended on `as_of`.

    An effect ending on `add_years(start, years)` never ends earlier for a later start, so
    "ended" is exactly "started on or before this date"; SQL compares against it.
    """
    candidate = add_years(as_of, -years) - timedelta(days=2)
    while add_years(candidate + timedelta(days=1), years) <= as_of:
        candidate += timedelta(days=1)
    return candidate


@dataclass(frozen=True)
class LienDates:
    """A real-property lien's dates (CPLR 5203(a), 5014): the renewal window opens in its ninth
    year and the lien lapses on its tenth anniversary (an effect ending: the day does not move)."""

    renewal_window_opens: date
    lapses: date


def lien_dates(docketed_on: date, rules: Rules) -> LienDates:
    """The lien dates of a judgment docketed on `docketed_on` (for now its entry date)."""
    return LienDates(
        add_years(docketed_on, rules.whole("lien_renewal_window_opens_year")),
        add_years(docketed_on, rules.whole("lien_years")),
    )


def satisfaction_piece_due(satisfied_on: date, rules: Rules) -> date:
    """The last day to file the satisfaction piece of a judgment satisfied on `satisfied_on`
    (CPLR 5020(c): within twenty days), moved off weekends and holidays as an act's day is."""
    return _due(satisfied_on + timedelta(days=rules.whole("satisfaction_piece_days")), rules)


# Courts whose judgments bind real property only once a transcript is docketed with a county
# clerk (CPLR 5018(a)): the Civil Court of the City of New York, District, City, Town and Village
# Courts (court registry kinds, the first part of a court code).
LOWER_COURT_KINDS: tuple[str, ...] = ("CIV", "DIST", "CITY", "TOWN", "VIL")


def needs_transcript_for_lien(court_code: str) -> bool:
    """True for a lower court's judgment: no lien on real property until a transcript is
    docketed with a county clerk (CPLR 5018(a)). A court not stated is read from entry, as a
    Supreme or County Court judgment is docketed in its county when entered."""
    return court_code.strip().upper().split("-")[0] in LOWER_COURT_KINDS


def lien_docketing(
    entry_date: date,
    court_code: str,
    transcripts: Iterable[date],
    as_of: date,
    rules: Rules,
) -> date | None:
    """The docketing the judgment's lien dates count from: of the docketings (entry for a
    Supreme or County Court judgment, then each transcript docketed in a county), the one whose
    lien lapses next on `as_of`; when all have lapsed, the latest. None: no lien yet.

    The stored values compute the same choice in SQL (valuation/sql/judgment_inputs.sql).
    """
    docketings = list(transcripts)
    if not needs_transcript_for_lien(court_code):
        docketings.append(entry_date)
    if not docketings:
        return None
    live = [day for day in docketings if lien_dates(day, rules).lapses > as_of]
    return min(live) if live else max(docketings)


def judgment_deadlines(
    entry_date: date,
    rules: Rules,
    enforceable_until: date | None = None,
    lien_docketed_on: date | None = None,
    *,
    has_lien: bool = True,
) -> list[Deadline]:
    """Enforceability (`enforceable_until` when known, see `enforceability`, else entry + 20
    years) and real-property lien dates, counted from `lien_docketed_on` (see `lien_docketing`;
    entry when not given). `has_lien` False (a lower court's judgment with no transcript
    docketed): no lien dates."""
    enforceable = rules.rule("judgment_enforceable_years")
    expires = Deadline(
        "judgment_expires",
        enforceable_until or judgment_expiry(entry_date, rules),
        enforceable.citation,
    )
    if not has_lien:
        return [expires]
    lien = lien_dates(lien_docketed_on or entry_date, rules)
    return [
        expires,
        Deadline(
            "lien_renewal_window_opens",
            lien.renewal_window_opens,
            rules.rule("lien_renewal_window_opens_year").citation,
        ),
        Deadline("lien_expires", lien.lapses, rules.rule("lien_years").citation),
    ]


def lien_renewal_window(entry_date: date, rules: Rules, as_of: date) -> bool:
    """True while a renewal may be started: from year 9 until the lien lapses at year 10."""
    opens = add_years(entry_date, rules.whole("lien_renewal_window_opens_year"))
    lapses = add_years(entry_date, rules.whole("lien_years"))
    return opens <= as_of < lapses


def action_deadlines(
    kind: ActionKind,
    issued_on: date | None,
    served_on: date | None,
    rules: Rules,
    *,
    third_party: str | None = None,
) -> list[Deadline]:
    """The deadlines an action of this kind carries; none until the date it counts from is known.

    Days are calendar days counted from the day after the step (General Construction Law 20); a
    last day to act on a weekend or NY public holiday moves to the next business day (25-a). A
    restraining notice served on a third party (`third_party` named) also starts the four days to
    serve the notice to judgment debtor (CPLR 5222(d)); an execution served on a garnishee starts
    the levy's ninety days (CPLR 5232(a)), an effect ending, so its day does not move.
    """
    if kind is ActionKind.INFORMATION_SUBPOENA and served_on:
        return [_days_after("answer_due", served_on, "information_subpoena_answer_days", rules)]
    if kind is ActionKind.RESTRAINING_NOTICE and served_on:
        rule = rules.rule("restraining_notice_effective_years")
        found = [Deadline("restraint_lapses", restraint_lapse(served_on, rules), rule.citation)]
        if third_party and third_party.strip():
            found.insert(
                0, _days_after("debtor_notice_due", served_on, "debtor_notice_days", rules)
            )
        return found
    if kind is ActionKind.PROPERTY_EXECUTION:
        found = []
        if issued_on:
            found.append(
                _days_after("return_due", issued_on, "property_execution_return_days", rules)
            )
        if served_on:
            void = rules.rule("levy_void_after_days")
            day = served_on + timedelta(days=rules.whole("levy_void_after_days"))
            found.append(Deadline("levy_void", day, void.citation))
        return found
    if kind is ActionKind.INCOME_EXECUTION and served_on:
        return [
            _days_after(
                "serve_employer_from", served_on, "income_execution_employer_after_days", rules
            )
        ]
    return []


# Steps after which a deadline is met: an answered subpoena is not overdue, nor an income
# execution the employer already withholds on.
MET_BY_STATE: dict[ActionState, frozenset[str]] = {
    ActionState.ANSWERED: frozenset({"answer_due"}),
    ActionState.WITHHOLDING: frozenset({"serve_employer_from"}),
}


def open_action_deadlines(
    kind: ActionKind,
    state: ActionState,
    issued_on: date | None,
    served_on: date | None,
    rules: Rules,
    *,
    third_party: str | None = None,
) -> list[Deadline]:
    """The deadlines still running on an action in `state`: none once it is closed, and without
    those its state shows were met. The desk, the judgment page and the calendar feed read these
    (stored per action in action_deadlines at each step)."""
    if state in CLOSED:
        return []
    met = MET_BY_STATE.get(state, frozenset())
    found = action_deadlines(kind, issued_on, served_on, rules, third_party=third_party)
    return [d for d in found if d.name not in met]


def satisfaction_deadlines(satisfied_on: date, rules: Rules) -> list[Deadline]:
    """A satisfied judgment's satisfaction-piece must be filed within 20 days (CPLR 5020(c))."""
    rule = rules.rule("satisfaction_piece_days")
    return [
        Deadline(
            "satisfaction_piece_due", satisfaction_piece_due(satisfied_on, rules), rule.citation
        )
    ]


def _days_after(name: str, start: date, rule_name: str, rules: Rules) -> Deadline:
    rule = rules.rule(rule_name)
    day = start + timedelta(days=rules.whole(rule_name))
    return Deadline(name, _due(day, rules), rule.citation)


def last_expired_entry_date(as_of: date, rules: Rules) -> date:
    """The latest entry date whose judgment is already expired on `as_of`."""
    return last_start_ended_by(as_of, rules.whole("judgment_enforceable_years"))


def last_lapsed_service_date(as_of: date, rules: Rules) -> date:
    """The latest service date whose restraining notice has lapsed on `as_of`."""
    return last_start_ended_by(as_of, rules.whole("restraining_notice_effective_years"))
