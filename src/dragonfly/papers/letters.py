"""Demand letter: our own words, to the debtor at the last known address.

Initial written communications on a consumer debt must carry the New York exempt-income notice
(23 NYCRR 1.2(a)). Dragonfly does not write regulatory wording: counsel supplies that passage as
`counsel/ny_exempt_income_notice.typ` in the firm's templates folder, and until then a demand
letter on a consumer-debt judgment is refused.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg

from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import ActionKind
from dragonfly.papers.actions import open_action
from dragonfly.papers.facts import (
    JudgmentRow,
    refuse_unless_collectable,
    refuse_without_debtor_address,
)
from dragonfly.papers.prepared import Prepared

EXEMPT_INCOME_NOTICE = "counsel/ny_exempt_income_notice.typ"


def demand_letter(
    conn: psycopg.Connection,
    j: JudgmentRow,
    data: dict[str, Any],
    rules: Rules,
    as_of: date,
    actor: str,
) -> Prepared:
    refuse_unless_collectable(j, data, rules, as_of)
    refuse_without_debtor_address(
        data, j, "the debtor's last known address (where the letter is mailed)"
    )
    prescribed = (EXEMPT_INCOME_NOTICE,) if data["rate"]["consumer"] else ()
    action = open_action(conn, j, ActionKind.DEMAND_LETTER, None, actor)
    return Prepared(data, action, prescribed)
