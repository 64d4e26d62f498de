"""An unpublished Page on the customer's side: unavailable to customers on Facebook and on the
linked Instagram account, visible to the people who manage it (policy.manages_page)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

UNAVAILABLE = "This content isn't available right now"
IG_UNAVAILABLE = "Sorry, this page isn't available."


@pytest.fixture
def world(client: FlaskClient) -> dict[str, Any]:
    client.post("/_sim/pages/default", json={"published": False})
    return client.get("/_sim/world").get_json()


def _log_in(client: FlaskClient, who: dict[str, Any], next_path: str) -> Any:
    return client.post("/login", data={"email": who["email"], "password": who["password"],
                                       "next": next_path}, follow_redirects=True)


def test_logged_out_visitors_get_facebooks_answer_and_a_login_form(client, world) -> None:
    answer = client.get(f"/{world['page']['username']}/")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 404 and UNAVAILABLE in html
    assert 'data-testid="login-card"' in html and 'data-testid="message-button"' not in html
    assert world["page"]["name"] not in html.split("<main", 1)[1]


def test_a_customer_cannot_see_or_message_an_unpublished_page(client, world) -> None:
    tester = world["test_accounts"][0]
    answer = _log_in(client, tester, f"/{world['page']['username']}/")
    assert answer.status_code == 404 and UNAVAILABLE in answer.get_data(as_text=True)
    assert client.get(f"/messages/t/{world['page']['id']}").status_code == 404


def test_a_failed_login_on_an_unpublished_page_does_not_show_it(client, world) -> None:
    answer = client.post("/login", data={"email": world["test_accounts"][0]["email"],
                                         "password": "wrong",
                                         "next": f"/{world['page']['username']}/"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 404 and UNAVAILABLE in html and "does not match" in html


def test_the_developer_logs_in_and_sees_the_unpublished_page(client, world) -> None:
    answer = _log_in(client, world["developer"], f"/{world['page']['username']}/")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'data-testid="page-unpublished"' in html
    assert world["developer"]["name"] in html and 'data-testid="message-button"' not in html
    assert 'data-testid="page-manager-note"' in html


def test_the_developer_cannot_message_the_page_as_a_customer(client, world) -> None:
    _log_in(client, world["developer"], f"/{world['page']['username']}/")
    answer = client.post(f"/messages/t/{world['page']['id']}", json={"text": "oi"})
    assert answer.status_code == 403
    assert "log in with a test account" in answer.get_json()["error"]["message"]


def test_the_instagram_account_of_an_unpublished_page_is_unavailable(client, world) -> None:
    profile = f"/instagram/{world['instagram']['username']}/"
    answer = client.get(profile)
    assert answer.status_code == 404 and IG_UNAVAILABLE in answer.get_data(as_text=True)
    answer = _log_in(client, world["test_accounts"][0], profile)
    assert answer.status_code == 404 and 'data-testid="ig-message-button"' not in (
        answer.get_data(as_text=True))
    client.post("/_sim/pages/default", json={"published": True})
    published = client.get(profile).get_data(as_text=True)
    assert 'data-testid="ig-message-button"' in published


def test_the_developer_sees_the_instagram_account_of_an_unpublished_page(client, world) -> None:
    answer = _log_in(client, world["developer"], f"/instagram/{world['instagram']['username']}/")
    assert answer.status_code == 200
    assert world["instagram"]["username"] in answer.get_data(as_text=True)


@pytest.mark.parametrize(("role", "manages"), [
    ("administrator", True), ("admin", True), ("developer", False), ("tester", False)])
def test_one_definition_of_who_manages_the_page(client, world, role, manages) -> None:
    """Seeing the unpublished Page and being offered it in Facebook Login's Page picker."""
    tester = world["test_accounts"][0]
    client.post(f"/_sim/users/{tester['id']}", json={"role": role})
    seen = _log_in(client, tester, f"/{world['page']['username']}/")
    assert (seen.status_code == 200) is manages
    client.post("/_sim/app", json={"redirect_uris": ["https://desk.example.com/cb"]})
    dialog = client.get("/v25.0/dialog/oauth", query_string={
        "client_id": world["app"]["id"], "redirect_uri": "https://desk.example.com/cb",
        "scope": "pages_show_list"}).get_data(as_text=True)
    action = re.search(r'action="(/v25\.0/dialog/oauth/\w+)/consent"', dialog).group(1)
    client.post(f"{action}/consent", data={"permission": ["pages_show_list"]})
    pages = client.get(action).get_data(as_text=True)
    assert (f'value="{world["page"]["id"]}"' in pages) is manages
