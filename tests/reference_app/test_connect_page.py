"""Connecting a Facebook Page through the simulator's Facebook Login, over real HTTP: the desk
starts without a Page token and works with the one it obtained."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from desk_helpers import settle

from homologa import servers
from reference_app import store

CALLBACK_PATH = "/interact_multiagent/admin/facebook/callback"
ALL_SCOPES = ["pages_show_list", "pages_manage_metadata", "pages_messaging"]
INSTAGRAM_SCOPES = ["instagram_basic", "instagram_manage_messages", "pages_read_engagement"]


class Admin:
    """The administrator's browser: one cookie jar for the desk and the simulated Facebook."""

    def __init__(self, url: str, world: dict[str, Any]) -> None:
        self.url, self.world = url, world
        self.browser = requests.Session()
        self.browser.headers["Accept"] = "text/html"

    def log_in(self) -> None:
        answer = self.browser.post(f"{self.url}/interact_multiagent/login", timeout=10,
                                   json={"login": "admin", "password": "Admin123*"},
                                   headers={"Accept": "application/json"})
        assert answer.json()["ok"], answer.text

    def continue_with_facebook(self) -> requests.Response:
        return self.browser.post(f"{self.url}/interact_multiagent/admin/facebook/connect",
                                 timeout=10)

    def facebook_login(self, permissions: list[str], pages: list[str]) -> requests.Response:
        """Through the dialog as the app's developer; the desk's page it comes back to."""
        dialog = self.continue_with_facebook()
        action = re.search(r'action="(/v[\d.]+/dialog/oauth/\w+)/login"', dialog.text).group(1)
        base = dialog.url.split("/v", 1)[0]
        developer = self.world["developer"]
        self.browser.post(f"{base}{action}/login", timeout=10,
                          data={"email": developer["email"], "password": developer["password"]})
        self.browser.post(f"{base}{action}/consent", data={"permission": permissions}, timeout=10)
        return self.browser.post(f"{base}{action}/pages", data={"page_id": pages}, timeout=30)

    def connect(self, page_id: str) -> requests.Response:
        return self.browser.post(f"{self.url}/interact_multiagent/admin/facebook/pages/{page_id}",
                                 timeout=30)


def _connectable(sim, make_app, **config: Any) -> Iterator[tuple[Any, Admin]]:
    """A desk with APP_ID and no PAGE_TOKEN; its callback is a valid OAuth redirect URI."""
    world = sim.seed({"users": [{"role": "tester"}], "app": {"mode": "live"}})
    app = make_app(GRAPH_URL=sim.base_url, GRAPH_VERSION=world["graph_version"],
                   APP_SECRET=world["app"]["secret"], VERIFY_TOKEN=world["app"]["verify_token"],
                   PAGE_TOKEN=None, APP_ID=world["app"]["id"], FACEBOOK_URL=sim.base_url,
                   **config)
    server = servers.start(app)
    sim.subscribe_webhook(f"{server.url}/webhook")
    sim.subscribe_webhook(f"{server.url}/webhook", object="instagram",
                          fields="messages,messaging_seen")
    sim.configure_app(redirect_uris=[server.url + CALLBACK_PATH])
    admin = Admin(server.url, sim.world())
    admin.log_in()
    yield app, admin
    admin.browser.close()
    server.stop()


@pytest.fixture
def connectable(sim, make_app) -> Iterator[tuple[Any, Admin]]:
    yield from _connectable(sim, make_app)


@pytest.fixture
def instagram_desk(sim, make_app) -> Iterator[tuple[Any, Admin]]:
    """The same desk serving the Instagram account linked to the Page."""
    yield from _connectable(sim, make_app, SERVE_INSTAGRAM=True)


def test_page_token_is_optional_when_facebook_login_can_connect(make_app) -> None:
    app = make_app(PAGE_TOKEN=None, APP_ID="123")
    assert app.extensions["reference_app.graph"].page_token == ""
    with pytest.raises(ValueError, match="PAGE_TOKEN is required"):
        make_app(PAGE_TOKEN=None)


def test_continue_with_facebook_requests_only_the_scopes_the_desk_uses(connectable) -> None:
    _, admin = connectable
    answer = admin.continue_with_facebook()
    assert "/dialog/oauth/" not in answer.url and "client_id=" in answer.history[0].headers[
        "Location"]
    location = answer.history[0].headers["Location"]
    assert "scope=pages_show_list%2Cpages_manage_metadata%2Cpages_messaging" in location
    assert 'data-step="login"' in answer.text


def test_connecting_a_page_subscribes_the_app_and_messages_flow_with_its_token(
        connectable, sim) -> None:
    app, admin = connectable
    page = admin.world["page"]
    listed = admin.facebook_login(ALL_SCOPES, [page["id"]])
    assert listed.url.endswith("/interact_multiagent/admin/facebook"), listed.url
    assert f'data-page-id="{page["id"]}"' in listed.text
    connected = admin.connect(page["id"])
    assert 'data-connected="true"' in connected.text and page["name"] in connected.text
    token = app.extensions["reference_app.graph"].page_token
    assert token and token != page["access_token"]
    (subscribe,) = sim.journal(kind="graph", path=f"/{admin.world['graph_version']}/{page['id']}/subscribed_apps")
    assert subscribe["status"] == 200
    tester = admin.world["test_accounts"][0]
    sim.customer_send(tester["id"], "Olá!")
    profile = sim.wait_for_journal(lambda e: e["path"].endswith(f"/{tester['psid']}"),
                                   kind="graph")
    assert profile["status"] == 200, profile
    settle(app)
    with app.app_context():
        assert store.count_rows("chats") == 1


def test_declined_permission_is_explained(connectable) -> None:
    _, admin = connectable
    back = admin.facebook_login(["pages_show_list", "pages_messaging"], [admin.world["page"]["id"]])
    assert "You declined pages_manage_metadata" in back.text
    assert 'data-connected="false"' in back.text


def test_cancel_is_explained(connectable) -> None:
    _, admin = connectable
    dialog = admin.continue_with_facebook()
    action = re.search(r'action="(/v[\d.]+/dialog/oauth/\w+)/login"', dialog.text).group(1)
    base = dialog.url.split("/v", 1)[0]
    back = admin.browser.post(f"{base}{action}/consent", data={"action": "cancel"}, timeout=10)
    assert "Facebook Login was cancelled" in back.text


def test_disconnect_forgets_the_page(connectable) -> None:
    app, admin = connectable
    page_id = admin.world["page"]["id"]
    admin.facebook_login(ALL_SCOPES, [page_id])
    admin.connect(page_id)
    gone = admin.browser.post(f"{admin.url}/interact_multiagent/admin/facebook/disconnect",
                              timeout=30)
    assert 'data-connected="false"' in gone.text
    assert app.extensions["reference_app.graph"].page_token == ""


def test_a_callback_nobody_started_is_refused(connectable, sim) -> None:
    """An attacker's code sent to a logged-in admin's callback, without the session's state."""
    app, admin = connectable
    for query in ("?code=ATTACKER_CODE", "?code=ATTACKER_CODE&state="):
        back = admin.browser.get(f"{admin.url}{CALLBACK_PATH}{query}", timeout=10)
        assert "does not match the one started here" in back.text
    assert not [e for e in sim.journal(kind="graph") if "oauth/access_token" in e["path"]]
    assert app.extensions["reference_app.graph"].page_token == ""


def _instagram_dm(sim, admin: Admin, app: Any) -> dict[str, Any]:
    """A tester writes to the Page's Instagram account; the desk's profile call for them."""
    tester = admin.world["test_accounts"][0]
    sim.customer_send(tester["id"], "Oi pelo Instagram", channel="instagram")
    profile = sim.wait_for_journal(lambda e: e["path"].endswith(f"/{tester['igsid']}"),
                                   kind="graph")
    settle(app)
    return profile


def test_serving_instagram_asks_for_its_messaging_scopes(instagram_desk) -> None:
    _, admin = instagram_desk
    location = admin.continue_with_facebook().history[0].headers["Location"]
    assert ("scope=pages_show_list%2Cpages_manage_metadata%2Cpages_messaging%2Cinstagram_basic"
            "%2Cinstagram_manage_messages%2Cpages_read_engagement&") in location
    assert "business_management" not in location


def test_a_messenger_only_desk_asks_no_instagram_scope(connectable) -> None:
    _, admin = connectable
    location = admin.continue_with_facebook().history[0].headers["Location"]
    assert "instagram" not in location and "business_management" not in location


def test_a_page_connected_with_instagram_scopes_receives_instagram_messages(
        instagram_desk, sim) -> None:
    app, admin = instagram_desk
    page = admin.world["page"]
    listed = admin.facebook_login(ALL_SCOPES + INSTAGRAM_SCOPES, [page["id"]])
    assert f'data-page-id="{page["id"]}"' in listed.text
    admin.connect(page["id"])
    token = app.extensions["reference_app.graph"].page_token
    debug = requests.get(f"{sim.base_url}/v25.0/debug_token", timeout=10, params={
        "input_token": token, "access_token": admin.world["app"]["app_token"]}).json()["data"]
    assert set(INSTAGRAM_SCOPES) <= set(debug["scopes"]) and token != page["access_token"]
    assert _instagram_dm(sim, admin, app)["status"] == 200  # the name, with the obtained token
    with app.app_context():
        assert store.count_rows("chats") == 1
        chat = store.chat_by_id(1)
    tester = admin.world["test_accounts"][0]
    assert (chat["channel"], chat["psid"], chat["customer_name"]) == (
        "instagram", tester["igsid"], tester["name"])


def test_without_the_instagram_scopes_the_desk_cannot_read_instagram_customers(
        connectable, sim) -> None:
    app, admin = connectable
    admin.facebook_login(ALL_SCOPES, [admin.world["page"]["id"]])
    admin.connect(admin.world["page"]["id"])
    profile = _instagram_dm(sim, admin, app)
    assert (profile["status"], profile["error_code"]) == (400, 2018247)


def test_a_declined_instagram_scope_is_explained(instagram_desk) -> None:
    _, admin = instagram_desk
    back = admin.facebook_login(ALL_SCOPES + ["instagram_basic"], [admin.world["page"]["id"]])
    assert "You declined instagram_manage_messages, pages_read_engagement" in back.text
    assert "Direct messages of the Instagram account" in back.text


def test_the_connection_shows_the_instagram_account_linked_to_the_page(instagram_desk) -> None:
    app, admin = instagram_desk
    page = admin.world["page"]
    listed = admin.facebook_login(ALL_SCOPES + INSTAGRAM_SCOPES, [page["id"]])
    assert (f'data-testid="facebook-page-instagram"\n          data-instagram-id='
            f'"{page["instagram_id"]}"') in listed.text
    connected = admin.connect(page["id"])
    assert f'data-instagram-id="{page["instagram_id"]}">Instagram' in connected.text
    with app.app_context():
        assert store.connected_page()["instagram_id"] == page["instagram_id"]


def test_without_instagram_basic_no_instagram_account_is_stored(connectable) -> None:
    app, admin = connectable
    page = admin.world["page"]
    admin.facebook_login(ALL_SCOPES, [page["id"]])
    connected = admin.connect(page["id"])
    assert 'data-testid="facebook-connected-instagram" data-instagram-id=""' in connected.text
    assert "it names one only when instagram_basic is granted" in connected.text
    with app.app_context():
        assert store.connected_page()["instagram_id"] is None


def test_a_version_2_database_gains_the_instagram_column_and_keeps_its_chats(make_app,
                                                                               tmp_path) -> None:
    import sqlite3

    make_app()
    with sqlite3.connect(tmp_path / "desk.sqlite") as db:
        db.execute("ALTER TABLE facebook_pages DROP COLUMN instagram_id")
        db.execute("PRAGMA user_version = 2")
    app = make_app()
    with app.app_context():
        assert store.connected_page() is None and store.list_agents()
    with sqlite3.connect(tmp_path / "desk.sqlite") as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(facebook_pages)")]
        assert "instagram_id" in columns
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3
