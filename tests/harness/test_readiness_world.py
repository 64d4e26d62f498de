"""Readiness facts from a simulated world: app settings from `GET /_sim/world`, the successful
calls per permission and the webhook's 200 latency from the journal, on the simulator's clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from flask import Flask, request

import simulator
from homologa import readiness, servers
from simulator.client import Control

DAY_MS = 24 * 60 * 60 * 1000


def _receiver() -> Flask:
    """A bare webhook endpoint: the handshake's challenge back, 200 for every event."""
    app = Flask("receiver")
    app.add_url_rule("/webhook", "verify", lambda: request.args.get("hub.challenge", ""))
    app.add_url_rule("/webhook", "receive", lambda: "EVENT_RECEIVED", methods=["POST"])
    return app


@pytest.fixture(scope="module")
def sim_url() -> Iterator[tuple[str, str]]:
    server = servers.start(simulator.create_app({"SEED": 8}))
    receiver = servers.start(_receiver())
    yield server.url, receiver.url
    receiver.stop()
    server.stop()


@pytest.fixture
def control(sim_url) -> Iterator[Control]:
    with Control(sim_url[0]) as sim:
        sim.reset()
        yield sim


def _rehearse(control: Control, receiver_url: str) -> None:
    """What a rehearsal does on the Meta side: webhook subscription, a customer message, the
    reply (pages_messaging), the Page list (pages_show_list), the subscription (metadata)."""
    world = control.world()
    control.subscribe_webhook(f"{receiver_url}/webhook", world["app"]["verify_token"])
    tester = next(a for a in world["test_accounts"] if a["role"] == "tester")
    mid = control.customer_send(tester["id"], "oi")["mid"]
    control.wait_for_journal(lambda e: mid in (e["mids"] or []) and e["status"] == 200,
                             kind="webhook")
    graph, page = f"{control.base_url}/{world['graph_version']}", world["page"]
    page_token = {"access_token": page["access_token"]}
    for method, path, params, body in (
            ("POST", "/me/messages", page_token,
             {"recipient": {"id": tester["psid"]}, "message": {"text": "Olá!"}}),
            ("GET", "/me/accounts", {"access_token": world["developer"]["user_token"]}, None),
            ("POST", f"/{page['id']}/subscribed_apps",
             {**page_token, "subscribed_fields": "messages"}, None)):
        answer = requests.request(method, graph + path, params=params, json=body, timeout=10)
        assert answer.status_code == 200, answer.text


def _failures(facts: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in readiness.check(facts):
        if not finding.passed:
            found.setdefault(finding.rule, []).append(finding.message)
    return found


def test_default_world_after_a_rehearsal_is_ready(control, sim_url) -> None:
    _rehearse(control, sim_url[1])
    facts = readiness.facts_from_world(control)
    assert _failures(facts) == {}
    assert set(facts["permissions"]["last_successful_call"]) == set(readiness.DEFAULT_REQUESTED)


def test_no_privacy_policy_and_no_pages_messaging_call_fail(control) -> None:
    control.configure_app(privacy_policy_url=None)
    failures = _failures(readiness.facts_from_world(control))
    assert failures["privacy-policy"] == ["no privacy policy URL set"]
    assert "pages_messaging: no successful API call recorded" in failures["api-call-in-30-days"]
    assert "webhook-answers" in failures


def test_calls_older_than_30_days_on_the_simulator_clock_fail(control, sim_url) -> None:
    _rehearse(control, sim_url[1])
    control.advance_clock(31 * DAY_MS)
    failures = _failures(readiness.facts_from_world(control))
    assert failures["api-call-in-30-days"] == [
        f"{p}: last successful call 31 days ago (limit 30 days)" for p in readiness.DEFAULT_REQUESTED]


def test_world_settings_reach_the_findings(control) -> None:
    control.configure_app(icon_size=[512, 512], platforms=[
        {"type": "Website", "url": "http://localhost:5000/interact_multiagent"}],
        business_verified=False)
    control.configure_page(published=False)
    failures = _failures(readiness.facts_from_world(control))
    assert failures["app-icon"] == ["app icon is 512x512 (needs 1024x1024)"]
    assert failures["platform-url"] == [
        "Website platform URL 'http://localhost:5000/interact_multiagent' is not HTTPS"]
    assert "business-verification" in failures
    assert failures["page-published"] == ["Page is not published"]


def test_command_checks_a_running_simulator(control, capsys) -> None:
    assert readiness.main(["--world", control.base_url]) == 1  # no calls yet: not ready
    out = capsys.readouterr().out
    assert "FAIL  api-call-in-30-days: pages_messaging: no successful API call recorded" in out
    assert "PASS  privacy-policy" in out


def test_a_scope_the_app_never_uses_fails(control, sim_url) -> None:
    _rehearse(control, sim_url[1])
    world = control.configure_app(redirect_uris=["https://desk.example.com/cb"])
    requests.get(f"{control.base_url}/v25.0/dialog/oauth", timeout=10, params={
        "client_id": world["id"], "redirect_uri": "https://desk.example.com/cb",
        "scope": "pages_show_list,pages_messaging,pages_read_engagement"})
    failures = _failures(readiness.facts_from_world(control))
    assert failures == {"only-used-scopes": [
        "the login dialog asks for pages_read_engagement, which the app never uses"]}


def test_approved_permissions_need_a_live_app(control, sim_url) -> None:
    _rehearse(control, sim_url[1])
    control.configure_app(mode="development", access={"pages_messaging": "advanced"})
    assert _failures(readiness.facts_from_world(control)) == {"live-after-approval": [
        ("app mode is development with Advanced Access to pages_messaging: switch to Live, or"
        " the public gets (#10)")]}
    control.configure_app(mode="live")
    assert _failures(readiness.facts_from_world(control)) == {}


def test_another_app_holding_a_conversation_is_a_readiness_fact(control, sim_url) -> None:
    _rehearse(control, sim_url[1])
    tester = next(a for a in control.world()["test_accounts"] if a["role"] == "tester")
    control.set_thread_owner(tester["id"])  # the Page Inbox takes the conversation
    findings = [f for f in readiness.check(readiness.facts_from_world(control))
                if f.rule == "app-is-thread-owner"]
    assert [(f.passed, f.message, f.source) for f in findings] == [(
        False, ("another app holds thread control of 1 conversation(s) with the Page: "
        "263902037430900 (Page Inbox); the app only gets standby events and its replies fail "
        "(2018300)"), "app-review.md §3 #9, §4 handover trap [S26,S46]")]


IG_SCOPES = ["instagram_basic", "instagram_manage_messages", "pages_read_engagement"]


def test_instagram_scopes_a_serving_desk_asks_are_used_after_an_instagram_rehearsal(
        control, sim_url) -> None:
    """The desk serving Instagram asks its scopes in the dialog; the Direct reply and the
    customer's name read with the Page token are the calls that use them."""
    _rehearse(control, sim_url[1])
    world = control.configure_app(redirect_uris=["https://desk.example.com/cb"])
    requests.get(f"{control.base_url}/v25.0/dialog/oauth", timeout=10, params={
        "client_id": world["id"], "redirect_uri": "https://desk.example.com/cb",
        "scope": ",".join([*readiness.DEFAULT_REQUESTED, *IG_SCOPES])})
    assert _failures(readiness.facts_from_world(control)) == {"only-used-scopes": [
        f"the login dialog asks for {s}, which the app never uses" for s in IG_SCOPES]}
    state = control.world()
    tester = next(a for a in state["test_accounts"] if a["role"] == "tester")
    control.customer_send(tester["id"], "oi", channel="instagram")
    graph, token = f"{control.base_url}/v25.0", state["page"]["access_token"]
    assert requests.get(f"{graph}/{tester['igsid']}", timeout=10, params={
        "fields": "name", "access_token": token}).status_code == 200
    assert requests.post(f"{graph}/me/messages", params={"access_token": token}, timeout=10,
                         json={"recipient": {"id": tester["igsid"]},
                               "message": {"text": "Olá"}}).status_code == 200
    facts = readiness.facts_from_world(control, [*readiness.DEFAULT_REQUESTED,
                                                 "instagram_manage_messages"])
    assert _failures(facts) == {}
    assert set(IG_SCOPES) <= set(facts["permissions"]["last_successful_call"])


def test_a_profile_read_counts_for_business_asset_user_profile_access(control) -> None:
    state = control.world()
    tester = next(a for a in state["test_accounts"] if a["role"] == "tester")
    control.customer_send(tester["id"], "oi")
    assert requests.get(f"{control.base_url}/v25.0/{tester['psid']}", timeout=10, params={
        "fields": "name", "access_token": state["page"]["access_token"]}).status_code == 200
    calls = readiness.facts_from_world(control)["permissions"]["last_successful_call"]
    assert list(calls) == [readiness.BAUPA]


def test_a_pack_reports_readiness_against_the_world_of_its_rehearsal(control, sim_url,
                                                                       tmp_path) -> None:
    from pathlib import Path

    from homologa import pack

    feature = Path(__file__).resolve().parents[2] / "features" / "pages_messaging.feature"
    _rehearse(control, sim_url[1])
    ready = pack.Rehearsal(feature, "journey", True, None, None,
                           readiness.facts_from_world(control))
    pack.write_pack(tmp_path / "ready", "pages_messaging", ready)
    text = (tmp_path / "ready" / "readiness.md").read_text()
    assert "FAIL" not in text and "| PASS | api-call-in-30-days | pages_messaging:" in text
    control.configure_app(privacy_policy_url=None)
    tester = next(a for a in control.world()["test_accounts"] if a["role"] == "tester")
    control.set_thread_owner(tester["id"])
    broken = pack.Rehearsal(feature, "journey", True, None, None,
                            readiness.facts_from_world(control))
    pack.write_pack(tmp_path / "broken", "pages_messaging", broken)
    text = (tmp_path / "broken" / "readiness.md").read_text()
    assert "| **FAIL** | privacy-policy | no privacy policy URL set |" in text
    assert "| **FAIL** | app-is-thread-owner | another app holds thread control" in text
    assert "python -m homologa readiness READINESS.toml" in text
