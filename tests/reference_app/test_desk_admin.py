"""Administration, the best-practice check (JSON and CLI) and the first-login password."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reference_app import cli, store

PRACTICES = ["receptive-service", "single-agent", "password-set", "automatic-answer",
             "eight-positions"]


def _admin(client) -> None:
    reply = client.post("/interact_multiagent/login",
                        data={"login": "admin", "password": "Admin123*"},
                        headers={"Accept": "application/json"})
    assert reply.get_json() == {"ok": True, "desk_url": "/interact_multiagent/admin"}


def _verdicts(client) -> dict[str, bool]:
    report = client.get("/interact_multiagent/admin/check").get_json()
    return {practice["id"]: practice["ok"] for practice in report["practices"]}


def test_the_defaults_pass_every_practice(client) -> None:
    _admin(client)
    report = client.get("/interact_multiagent/admin/check").get_json()
    assert report["ok"] is True
    assert [p["id"] for p in report["practices"]] == PRACTICES
    assert all(p["ok"] and p["title"] and p["detail"] for p in report["practices"])


def test_check_is_for_admins_only(client, auth) -> None:
    assert client.get("/interact_multiagent/admin/check").status_code == 401
    auth.login()
    assert client.get("/interact_multiagent/admin/check").status_code == 403


@pytest.mark.parametrize("change, failing", [
    ({"service": {"classification": "on"}}, {"receptive-service"}),
    ({"service": {"post_service": "on"}}, {"receptive-service"}),
    ({"agent": {"auto_answer": "manual"}}, {"automatic-answer"}),
    ({"agent": {"positions": "6"}}, {"eight-positions"}),
    ({"new_agent": {"login": "maria", "services": ["1"]}}, {"single-agent", "password-set"}),
])
def test_each_practice_fails_on_its_own_misconfiguration(app, client, change, failing) -> None:
    _admin(client)
    with app.app_context():
        agent_id = store.agent_by_login("agente")["id"]
    if "service" in change:
        client.post("/interact_multiagent/admin/services/1", data=change["service"])
    if "agent" in change:
        client.post(f"/interact_multiagent/admin/agents/{agent_id}", data=change["agent"])
    if "new_agent" in change:
        client.post("/interact_multiagent/admin/agents",
                    data={**change["new_agent"], "services_submitted": "1"})
    verdicts = _verdicts(client)
    assert {key for key, ok in verdicts.items() if not ok} == failing


def test_admin_page_lists_practices_services_and_agents(client) -> None:
    _admin(client)
    html = client.get("/interact_multiagent/admin").get_data(as_text=True)
    for practice in PRACTICES:
        assert f'data-practice="{practice}" data-ok="true"' in html
    assert 'data-agent-login="agente"' in html and "Social media (receptive)" in html


def test_admin_form_errors_are_flashed(client) -> None:
    _admin(client)
    reply = client.post("/interact_multiagent/admin/agents", data={"login": "agente"},
                        follow_redirects=True, headers={"Accept": "text/html"})
    assert "already taken" in reply.get_data(as_text=True)


def test_first_login_of_a_pending_agent_forces_a_password(app, client) -> None:
    with app.app_context():
        store.create_agent("novo", "Novo Agente")
    answer = client.post("/interact_multiagent/login", data={"login": "novo", "password": ""},
                         headers={"Accept": "application/json"}).get_json()
    assert answer == {"ok": True, "desk_url": "/interact_multiagent/password"}
    desk = client.get("/interact_multiagent/desk", headers={"Accept": "text/html"})
    assert desk.status_code == 302 and desk.location.endswith("/interact_multiagent/password")
    short = client.post("/interact_multiagent/password",
                        json={"password": "abc", "confirmation": "abc"})
    assert short.status_code == 400 and "6 characters" in short.get_json()["error"]
    differ = client.post("/interact_multiagent/password",
                         json={"password": "Aa123*", "confirmation": "Aa123#"})
    assert differ.status_code == 400 and "differ" in differ.get_json()["error"]
    chosen = client.post("/interact_multiagent/password",
                         json={"password": "Aa123*", "confirmation": "Aa123*"})
    assert chosen.get_json() == {"ok": True, "desk_url": "/interact_multiagent/desk"}
    assert client.get("/interact_multiagent/desk").status_code == 200
    with app.app_context():
        agent = store.agent_by_login("novo")
    assert agent["password_set"] and agent["password_hash"].startswith(("scrypt:", "pbkdf2:"))


def test_a_pending_agent_cannot_log_in_twice_without_a_password(app, client) -> None:
    with app.app_context():
        store.create_agent("novo")
        store.set_password(store.agent_by_login("novo")["id"], "Aa123*")
    reply = client.post("/interact_multiagent/login", data={"login": "novo", "password": ""},
                        headers={"Accept": "application/json"})
    assert reply.status_code == 401


def test_cli_check_and_admin(app, capsys) -> None:
    database = app.config["DATABASE"]
    assert cli.main(["--database", database, "check"]) == 0
    out = capsys.readouterr().out
    assert out.count("PASS") == 5 and "FAIL" not in out
    assert cli.main(["--database", database, "admin", "set-agent", "agente",
                     "--positions", "4", "--auto-answer", "manual"]) == 0
    assert cli.main(["--database", database, "admin", "set-service",
                     "Social media (receptive)", "--classification", "on"]) == 0
    capsys.readouterr()
    assert cli.main(["--database", database, "check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    failing = [p["id"] for p in report["practices"] if not p["ok"]]
    assert failing == ["receptive-service", "automatic-answer", "eight-positions"]
    assert cli.main(["--database", database, "admin", "set-agent", "nobody"]) == 2
    assert "no agent with login 'nobody'" in capsys.readouterr().err


def test_python_m_reference_app_check_runs_without_secrets(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOMOLOGA_")}
    result = subprocess.run([sys.executable, "-m", "reference_app", "--database",
                             str(tmp_path / "d.sqlite"), "check"], capture_output=True,
                            text=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert [line.split()[1] for line in result.stdout.splitlines()] == PRACTICES


def test_admin_forms_need_the_csrf_token(make_app) -> None:
    import re
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"',
                      client.get("/interact_multiagent").get_data(as_text=True)).group(1)
    client.post("/interact_multiagent/login", headers={"X-CSRFToken": token},
                data={"login": "admin", "password": "Admin123*"})
    refused = client.post("/interact_multiagent/admin/services", data={"name": "Outro"})
    assert refused.status_code == 400
    accepted = client.post("/interact_multiagent/admin/services", data={"name": "Outro"},
                           headers={"X-CSRFToken": token, "Accept": "application/json"})
    assert accepted.get_json()["ok"] is True
