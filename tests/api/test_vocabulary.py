"""The vocabulary route: the dashboard's only source of states, kinds, roles, rates and today."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from dragonfly.core.clock import today_in_new_york
from dragonfly.core.config import get_settings

Headers = dict[str, dict[str, str]]


def test_the_business_date_and_closed_states_come_from_the_server(
    client: TestClient, tokens: Headers
) -> None:
    vocab = client.get("/api/v1/vocabulary", headers=tokens["viewer"]).json()
    assert vocab["today"] == today_in_new_york().isoformat()  # the server's date, not the viewer's
    assert vocab["closed_action_states"] == ["completed", "failed", "expired", "cancelled"]
    assert "withholding" in vocab["open_action_states"]
    assert vocab["roles"] == ["admin", "ops", "viewer"]
    assert vocab["interest_rates_percent"] == {"standard": "9", "consumer": "2"}


def test_every_paper_has_the_name_staff_call_it(client: TestClient, tokens: Headers) -> None:
    vocab = client.get("/api/v1/vocabulary", headers=tokens["viewer"]).json()
    assert set(vocab["paper_names"]) == set(vocab["paper_kinds"])
    names = vocab["paper_names"]
    assert names["restraining_notice_bank_packet"] == "Restraining notice to a bank (5222-a packet)"
    assert names["information_subpoena_third_party"] == "Information subpoena to a third party"


def test_a_pinned_date_moves_today(
    client: TestClient, tokens: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAGONFLY_TODAY", "2027-02-01")
    get_settings.cache_clear()
    try:
        vocab = client.get("/api/v1/vocabulary", headers=tokens["viewer"]).json()
    finally:
        get_settings.cache_clear()
    assert date.fromisoformat(vocab["today"]) == date(2027, 2, 1)


def test_the_vocabulary_needs_a_signed_in_user(client: TestClient) -> None:
    assert client.get("/api/v1/vocabulary").status_code == 401
