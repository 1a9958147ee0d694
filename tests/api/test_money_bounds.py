"""Money is bounded ($100M a principal, an entry, a judgment's total of a kind) and valuation
never overflows numeric(14,2) within those bounds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import psycopg
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from api.support import add_judgment, error_of
from dragonfly.domain.money import MAX_AMOUNT
from dragonfly.valuation import refresh_judgments

Headers = dict[str, dict[str, str]]
NUMERIC_14_2_MAX = Decimal("999999999999.99")


def post_cost(client: TestClient, tokens: Headers, judgment: int, amount: str) -> object:
    return client.post(
        f"/api/v1/judgments/{judgment}/ledger",
        json={"kind": "cost", "amount": amount, "effective_on": "2026-11-20"},
        headers=tokens["ops"],
    )


def test_an_entry_over_the_bound_is_refused_naming_the_field(
    client: TestClient, tokens: Headers, db: psycopg.Connection
) -> None:
    judgment = add_judgment(db, index_number="900/2024")
    for amount in ("999999999999.99", "100000000.01"):
        response = post_cost(client, tokens, judgment, amount)
        assert response.status_code == 422, response.text  # type: ignore[attr-defined]
        assert "amount" in error_of(response)["message"]
        assert "100000000" in error_of(response)["message"]
    assert post_cost(client, tokens, judgment, "100000000.00").status_code == 201  # type: ignore[attr-defined]
    # a second cost would take the judgment's costs past the bound
    over = post_cost(client, tokens, judgment, "1.00")
    assert over.status_code == 422  # type: ignore[attr-defined]
    assert "cost total" in error_of(over)["message"]
    # and the whole portfolio still revalues
    refresh_judgments(db)


def test_the_calculator_refuses_a_principal_over_the_bound(
    client: TestClient, tokens: Headers
) -> None:
    response = client.post(
        "/api/v1/balance",
        json={"principal": "999999999999.99", "entered": "2020-01-02", "as_of": "2026-11-20"},
        headers=tokens["viewer"],
    )
    assert response.status_code == 422
    assert "principal" in error_of(response)["message"]


amounts = st.decimals(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, places=2)


@pytest.mark.slow
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    principal=amounts,
    cost=amounts,
    adjustment=st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=2).filter(bool),
    entered=st.dates(min_value=date(1900, 1, 1), max_value=date(2006, 11, 23)),
)
@example(principal=MAX_AMOUNT, cost=MAX_AMOUNT, adjustment=MAX_AMOUNT, entered=date(1900, 1, 1))
def test_valuation_fits_numeric_14_2_within_the_bounds(
    db: psycopg.Connection, principal: Decimal, cost: Decimal, adjustment: Decimal, entered: date
) -> None:
    # Interest runs for at least 20 years (entered by 2006, valued on 2026-11-23).
    judgment = add_judgment(
        db,
        index_number=f"P-{db.execute('select nextval(%s)', ('judgments_id_seq',)).fetchone()}",
        principal=str(principal),
        entry_date=entered,
    )
    db.execute(
        "insert into ledger_entries (judgment_id, kind, amount, effective_on, memo, created_by)"
        " values (%s, 'cost', %s, %s, '', 'test'), (%s, 'adjustment', %s, %s, '', 'test')",
        (judgment, cost, entered, judgment, adjustment, entered),
    )
    refresh_judgments(db, judgment_ids=[judgment])
    row = db.execute(
        "select balance from judgment_values where judgment_id = %s", (judgment,)
    ).fetchone()
    assert row is not None and row[0] is not None
    assert abs(row[0]) <= NUMERIC_14_2_MAX
