"""The seeded world: determinism per seed and the shapes of its ids, tokens and accounts."""

from __future__ import annotations

import re
from typing import Any

import simulator
from simulator.client import Control


def world_of(seed: int) -> dict[str, Any]:
    return simulator.create_app({"SEED": seed}).extensions["homologa.world"].describe()


def test_same_seed_gives_the_same_world() -> None:
    assert world_of(7) == world_of(7)


def test_another_seed_gives_another_world() -> None:
    assert world_of(7)["page"]["access_token"] != world_of(8)["page"]["access_token"]


def test_world_reports_the_configured_page_and_version() -> None:
    world = world_of(2026)
    assert world["graph_version"] == "v25.0"
    assert (world["page"]["name"], world["page"]["username"], world["page"]["url"]) == (
        "SUA_EMPRESA", "pagina_da_sua_empresa", "/pagina_da_sua_empresa/")


def test_app_credentials_have_meta_shapes() -> None:
    app = world_of(2026)["app"]
    assert re.fullmatch(r"[1-9]\d{14}", app["id"])
    assert re.fullmatch(r"[0-9a-f]{32}", app["secret"])
    assert app["app_token"] == f"{app['id']}|{app['secret']}"
    assert (app["mode"], app["callback_url"]) == ("development", None)
    assert app["verify_token"]


def test_page_has_long_eaa_token_and_15_digit_id() -> None:
    page = world_of(2026)["page"]
    assert re.fullmatch(r"[1-9]\d{14}", page["id"])
    assert re.fullmatch(r"EAA[A-Za-z0-9]{100,}", page["access_token"])


def test_tester_account_shape() -> None:
    tester = world_of(2026)["test_accounts"][0]
    assert tester["role"] == "tester"
    assert tester["password"] == "Test123*"
    assert tester["name"] == f"{tester['first_name']} {tester['last_name']}"
    assert re.fullmatch(r"[a-z0-9]+\.[a-z0-9]+@example\.com", tester["email"])
    assert re.fullmatch(r"[1-9]\d{15,16}", tester["psid"])


def test_seeded_names_are_pt_br_with_accents() -> None:
    names = [a["name"] for a in world_of(2026)["test_accounts"]]
    assert any(not name.isascii() for name in names), names


def test_password_and_names_follow_config() -> None:
    app = simulator.create_app({"TEST_ACCOUNT_PASSWORD": "Other1!", "PAGE_NAME": "ACME"})
    world = app.extensions["homologa.world"].describe()
    assert world["page"]["name"] == "ACME"
    assert {a["password"] for a in world["test_accounts"]} == {"Other1!"}


def test_environment_configures_the_seed(monkeypatch) -> None:
    monkeypatch.setenv("HOMOLOGA_SEED", "7")
    assert simulator.create_app().extensions["homologa.world"].describe() == world_of(7)


def test_reset_over_http_rebuilds_the_same_world(control: Control) -> None:
    before = control.world()
    assert control.reset() == before


def test_reset_with_a_seed_switches_worlds(control: Control) -> None:
    assert control.reset(seed=7)["page"]["id"] == world_of(7)["page"]["id"]
