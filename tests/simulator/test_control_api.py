"""The /_sim control API: seeding from JSON and TOML, the clock, app/user settings, customer
actions, past conversations, journal filters, and the read-only inspector."""

from __future__ import annotations

import pytest
import requests
from meta_helpers import account, send_text

from simulator.client import Control, SimulatorControlError

TOML_SEED = """
seed = 5
[app]
name = "Acme Desk"
mode = "live"
access = {pages_messaging = "advanced"}
features = {human_agent = true}
[[pages]]
name = "ACME"
username = "acme"
instagram = "acme_ig"
[[users]]
first_name = "Ana"
last_name = "Lima"
role = "tester"
[[users]]
first_name = "João"
last_name = "Públio"
[[conversations]]
user = "joao.publio@example.com"
messages = [{from = "customer", text = "Preciso de ajuda", ago_ms = 100000000},
            {from = "page", text = "Olá!", ago_ms = 90000000}]
"""


def test_seed_from_toml(control: Control) -> None:
    world = control.seed(TOML_SEED)
    assert (world["seed"], world["app"]["name"], world["app"]["mode"]) == (5, "Acme Desk", "live")
    assert world["app"]["access"] == {"pages_messaging": "advanced"}
    assert (world["page"]["name"], world["instagram"]["username"]) == ("ACME", "acme_ig")
    assert [(a["name"], a["role"]) for a in world["test_accounts"]] == [
        ("Ana Lima", "tester"), ("João Públio", None)]


def test_seeded_past_conversation_needs_human_agent(base_url: str, control: Control) -> None:
    world = control.seed(TOML_SEED)
    public = world["test_accounts"][1]
    token = world["page"]["access_token"]
    assert send_text(base_url, token, public["psid"]).json()["error"]["error_subcode"] == 2018278
    reply = send_text(base_url, token, public["psid"], messaging_type="MESSAGE_TAG",
                      tag="HUMAN_AGENT")
    assert reply.status_code == 200


def test_seed_from_json_is_the_same_as_toml(control: Control) -> None:
    spec = {"seed": 5, "pages": [{"name": "ACME", "username": "acme"}],
            "users": [{"first_name": "Ana", "last_name": "Lima", "role": "tester"}]}
    assert control.seed(spec)["page"]["id"] == control.seed(spec)["page"]["id"]


@pytest.mark.parametrize(("body", "message"), [
    ("seed = ", "the seed file does not parse"),
    ("colour = 1", "unknown seed keys: colour"),
])
def test_bad_seed_files_are_refused(base_url: str, control: Control, body: str,
                                    message: str) -> None:
    reply = requests.post(f"{base_url}/_sim/seed", data=body.encode(), timeout=10)
    assert reply.status_code == 400 and reply.json()["error"]["message"].startswith(message)


def test_clock_freeze_advance_set(control: Control) -> None:
    frozen = control.freeze_clock(at_ms=1_800_000_000_000)
    assert frozen == {"now_ms": 1_800_000_000_000, "frozen": True}
    assert control.advance_clock(1500)["now_ms"] == 1_800_000_001_500
    assert control.set_clock(1_900_000_000_000) == {"now_ms": 1_900_000_000_000, "frozen": True}
    assert control.clock()["now_ms"] == 1_900_000_000_000
    assert control.unfreeze_clock()["frozen"] is False


def test_clock_refuses_going_back(control: Control) -> None:
    with pytest.raises(SimulatorControlError, match="advance_ms must not be negative"):
        control.advance_clock(-1)


def test_reset_forgets_control_settings(control: Control) -> None:
    control.configure_app(mode="live", ack_deadline_s=0.5)
    assert control.reset()["app"]["mode"] == "development"


@pytest.mark.parametrize(("settings", "message"), [
    ({"mode": "production"}, "mode must be one of development, live, not 'production'"),
    ({"access": {"pages_messaging": "full"}},
     "access of pages_messaging must be one of standard, advanced, not 'full'"),
    ({"features": {"teleport": True}}, ("feature must be one of business_asset_user_profile_"
                                       "access, human_agent, not 'teleport'")),
    ({"colour": "blue"}, "unknown app setting: colour"),
    ({"webhook_batch_ms": "soon"}, "webhook_batch_ms must be a number of at least 0, not 'soon'"),
    ({"ack_deadline_s": -1}, "ack_deadline_s must be a number of at least 0, not -1"),
    ({"webhook_max_batch": 0}, "webhook_max_batch must be a whole number of at least 1, not 0"),
    ({"webhook_max_batch": 2.5},
     "webhook_max_batch must be a whole number of at least 1, not 2.5"),
    ({"fetch_attachments": "yes"}, "fetch_attachments must be true or false, not 'yes'"),
    ({"icon_size": ["big", 1024]}, "icon_size must be a number of at least 0, not 'big'"),
])
def test_bad_app_settings_are_refused(base_url: str, control: Control, settings: dict,
                                      message: str) -> None:
    reply = requests.post(f"{base_url}/_sim/app", json=settings, timeout=10)
    assert reply.status_code == 400
    assert reply.json()["error"]["message"].startswith(message)


def test_configure_user_by_psid(control: Control, world: dict) -> None:
    outsider = account(world, None)
    changed = control.configure_user(outsider["psid"], role="tester", blocked_page=True)
    assert (changed["id"], changed["role"], changed["blocked_page"]) == (
        outsider["id"], "tester", True)


def test_unknown_user_is_404(base_url: str, control: Control) -> None:
    reply = requests.post(f"{base_url}/_sim/users/42", json={"role": "tester"}, timeout=10)
    assert (reply.status_code, reply.json()["error"]["message"]) == (
        404, "no test account with id, PSID or IGSID '42'")


@pytest.mark.parametrize(("action", "body", "message"), [
    ("messages", {"text": ""}, "Type a message of 1 to 20000 characters."),
    ("messages", {"text": "oi", "channel": "whatsapp"},
     "channel must be one of messenger, instagram, not 'whatsapp'"),
    ("messages", {"attachment": {"type": "image", "url": "ftp://x"}},
     "attachment url must be an http(s) URL, not 'ftp://x'"),
    ("reactions", {"mid": "m_nope", "reaction": "love"}, ("no message 'm_nope' in this "
                                                         "conversation")),
    ("reactions", {"mid": "m_x", "reaction": "meh"},
     "reaction must be one of smile, angry, sad, wow, love, like, dislike, other, not 'meh'"),
])
def test_bad_customer_actions_are_refused(base_url: str, control: Control, world: dict,
                                          action: str, body: dict, message: str) -> None:
    user = account(world, "tester")["id"]
    reply = requests.post(f"{base_url}/_sim/customers/{user}/{action}", json=body, timeout=10)
    assert (reply.status_code, reply.json()["error"]["message"]) == (400, message)


def test_customer_attachment_reaches_the_thread(control: Control, world: dict,
                                                base_url: str) -> None:
    tester = account(world, "tester")
    sent = control.customer_send_attachment(tester["id"], "image",
                                            f"{base_url}/_sim/avatar/{tester['psid']}.svg")
    assert sent["mid"].startswith("m_") and sent["channel"] == "messenger"


def test_journal_filters_by_path_and_psid(base_url: str, page_token: str, control: Control,
                                          world: dict) -> None:
    tester, outsider = account(world, "tester"), account(world, None)
    control.customer_send(tester["id"], "Oi")
    send_text(base_url, page_token, tester["psid"])
    send_text(base_url, page_token, outsider["psid"])
    requests.get(f"{base_url}/v25.0/me", params={"access_token": page_token}, timeout=10)
    by_path = control.journal(kind="graph", path="/v25.0/me/messages")
    assert [e["psid"] for e in by_path] == [tester["psid"], outsider["psid"]]
    by_psid = control.journal(kind="graph", psid=outsider["psid"])
    assert [(e["path"], e["error_subcode"]) for e in by_psid] == [
        ("/v25.0/me/messages", 2018028)]


def test_inspector_lists_the_journal_escaped(base_url: str, page_token: str,
                                             control: Control) -> None:
    requests.get(f"{base_url}/v25.0/<script>alert(1)</script>", timeout=10)
    page = requests.get(f"{base_url}/_sim/inspector", timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text
    assert page.text.count('data-testid="journal-entry"') == len(control.journal())


def test_inspector_is_read_only(base_url: str) -> None:
    assert requests.post(f"{base_url}/_sim/inspector", timeout=10).status_code == 405


@pytest.mark.parametrize(("path", "body"), [
    ("/_sim/clock", {"advance_ms": None}),
    ("/_sim/tokens", {"expires_at": "tomorrow"}),
])
def test_a_value_of_the_wrong_type_is_a_json_400(base_url: str, path: str, body: dict) -> None:
    reply = requests.post(f"{base_url}{path}", json=body, timeout=10)
    assert reply.status_code == 400
    assert reply.json()["error"]["type"] == "SimulatorError"
