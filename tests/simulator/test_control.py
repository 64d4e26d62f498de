"""The /_sim control API and its client: journal filters, clearing, bad input."""

from __future__ import annotations

import pytest
import requests

from simulator.client import Control, SimulatorControlError


def test_journal_filters_by_kind(base_url: str, control: Control) -> None:
    requests.get(f"{base_url}/v25.0/me", timeout=10)
    assert [e["kind"] for e in control.journal("graph")] == ["graph"]
    assert control.journal("webhook") == []


def test_journal_entries_are_ordered(base_url: str, control: Control) -> None:
    for _ in range(3):
        requests.get(f"{base_url}/v25.0/me", timeout=10)
    seqs = [e["seq"] for e in control.journal()]
    assert seqs == sorted(seqs) and len(seqs) == 3


def test_clear_journal(base_url: str, control: Control) -> None:
    requests.get(f"{base_url}/v25.0/me", timeout=10)
    control.clear_journal()
    assert control.journal() == []


def test_bad_kind_is_refused(control: Control) -> None:
    with pytest.raises(SimulatorControlError, match="kind must be one of graph, webhook"):
        control.journal("email")


def test_bad_seed_is_refused(base_url: str, control: Control) -> None:
    reply = requests.post(f"{base_url}/_sim/reset", json={"seed": "seven"}, timeout=10)
    assert (reply.status_code, reply.json()["error"]["message"]) == (
        400, "seed must be an integer, not 'seven'")


def test_wait_for_journal_lists_entries_on_timeout(base_url: str, control: Control) -> None:
    requests.get(f"{base_url}/v25.0/me", timeout=10)
    with pytest.raises(AssertionError, match="'path': '/v25.0/me'"):
        control.wait_for_journal(lambda e: e["kind"] == "webhook", timeout=0.2)
