"""The Send API's shortcuts answer as the long ways do: query parsing, PSID lookup."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

import simulator
from simulator.graph.params import _query_pairs
from simulator.world import World


@pytest.mark.parametrize("query", [
    "access_token=EAAabc123", "a=1&b=2&a=3", "a&b=", "=x", "a=b=c", "&&a=1&", "a=1;b=2",
    "x=%41+b", "k", "a=&=&", "t=%E2%9C%93", "bad=%zz", "plus=a+b&x=1"])
def test_query_pairs_are_parse_qsl(query: str) -> None:
    assert _query_pairs(query) == parse_qsl(query, keep_blank_values=True,
                                            errors="werkzeug.url_quote")


def _world() -> World:
    return simulator.create_app({"SEED": 2026}).extensions["homologa.world"]


def test_psid_lookup_finds_each_listed_account_twice() -> None:
    world = _world()
    page = world.page
    for account in world.accounts.values():
        psid = account.psids[page.id]
        assert world.account_by_psid(page.id, psid) is account
        assert world.account_by_psid(page.id, psid) is account  # the remembered answer
    assert world.account_by_psid(page.id, "0000000000000000") is None


def test_psid_lookup_follows_a_changed_psid_and_a_removed_account() -> None:
    world = _world()
    page = world.page
    account = next(iter(world.accounts.values()))
    old = account.psids[page.id]
    assert world.account_by_psid(page.id, old) is account
    account.psids[page.id] = "1234567890123456"
    assert world.account_by_psid(page.id, old) is None
    assert world.account_by_psid(page.id, "1234567890123456") is account
    del world.accounts[account.id]
    assert world.account_by_psid(page.id, "1234567890123456") is None


def test_psid_lookup_forgets_the_old_world_at_reset() -> None:
    world = _world()
    page_id = world.page.id
    before = {a.psids[page_id]: a for a in world.accounts.values()}
    for psid in before:
        world.account_by_psid(page_id, psid)
    world.reset()
    for psid, old in before.items():
        found = world.account_by_psid(page_id, psid)
        assert found is not old and (found is None or found in world.accounts.values())
