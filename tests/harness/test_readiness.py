"""Readiness check: each rule fails on the fact reviewers reject and passes on a ready app."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from homologa import readiness

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "readiness.example.toml"
NOW = datetime(2026, 11, 25, tzinfo=UTC)


def failures(facts: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in readiness.check(facts, NOW):
        if not finding.passed:
            found.setdefault(finding.rule, []).append(finding.message)
    return found


@pytest.fixture
def ready() -> dict:
    return readiness.load_facts(EXAMPLE)


def test_the_example_file_describes_a_ready_app(ready: dict) -> None:
    assert failures(ready) == {}


def test_a_missing_privacy_policy_fails(ready: dict) -> None:
    del ready["app"]["privacy_policy_url"]
    assert failures(ready) == {"privacy-policy": ["no privacy policy URL set"]}


def test_a_permission_without_a_recent_call_fails(ready: dict) -> None:
    ready["permissions"]["last_successful_call"]["pages_messaging"] = datetime(2026, 10, 1, tzinfo=UTC)
    del ready["permissions"]["last_successful_call"]["business_asset_user_profile_access"]
    assert failures(ready)["api-call-in-30-days"] == [
        "pages_messaging: last successful call 55 days ago (limit 30 days)",
        "business_asset_user_profile_access: no successful API call recorded"]


def test_an_unused_scope_is_reported(ready: dict) -> None:
    ready["permissions"]["oauth_scopes"].append("instagram_manage_messages")
    assert failures(ready) == {"only-used-scopes": [
        "the login dialog asks for instagram_manage_messages, which the app never uses"]}


@pytest.mark.parametrize(("url", "problem"), [
    ("http://www.example.com/app", "is not HTTPS"),
    ("https://localhost:8001/interact_multiagent", "points at a local host"),
    ("https://192.168.0.10/interact_multiagent", "points at a private address"),
])
def test_a_platform_url_must_be_public_https(ready: dict, url: str, problem: str) -> None:
    ready["app"]["platforms"][0]["url"] = url
    assert failures(ready) == {"platform-url": [f"desktop platform URL {url!r} {problem}"]}


def test_page_webhook_icon_name_and_verification(ready: dict) -> None:
    ready["page"]["published"] = False
    ready["page"]["app_subscribed"] = False
    ready["webhook"]["ack_seconds"] = 7.5
    ready["app"]["icon_size"] = [512, 512]
    ready["app"]["name"] = "Messenger Desk"
    ready["app"]["business_verified"] = False
    assert failures(ready) == {
        "app-icon": ["app icon is 512x512 (needs 1024x1024)"],
        "business-verification": ["business is not verified (Advanced Access needs it)"],
        "page-published": ["Page is not published"],
        "app-subscribed-to-page": ["the app is not subscribed to the Page"],
        "webhook-answers": ["webhook answered 200 in 7.500 s (limit 5 s)"],
        "brand-free-name": ["app name 'Messenger Desk' uses Meta brand words: messenger"],
    }


def test_every_finding_cites_app_review(ready: dict) -> None:
    assert all(f.source.startswith("app-review.md") for f in readiness.check(ready, NOW))


def test_command_exits_non_zero_with_one_line_per_finding(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "r.toml"
    bad.write_text(EXAMPLE.read_text().replace('category = "Business and pages"\n', ""))
    assert readiness.main([str(bad)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  app-category: no app category set  [app-review.md §1 [S6,S9]]" in out
    assert readiness.main([str(tmp_path / "missing.toml")]) == 2


def test_an_unreachable_simulator_is_one_line_and_exit_2(capsys) -> None:
    assert readiness.main(["--world", "http://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("readiness: cannot read the simulator at http://127.0.0.1:9: ")
    assert err.count("\n") == 1


def test_the_harness_command_line_runs_it(capsys) -> None:
    from homologa.__main__ import main

    assert main(["readiness", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("checks passed")


def test_another_app_holding_thread_control_fails(ready: dict) -> None:
    ready["page"]["thread_control_held_by"] = ["263902037430900", {"app_id": "777"}]
    assert failures(ready) == {"app-is-thread-owner": [
        ("another app holds thread control of 2 conversation(s) with the Page: "
        "263902037430900 (Page Inbox), 777; the app only gets standby events and its replies "
        "fail (2018300)")]}


def test_thread_control_not_checked_fails(ready: dict) -> None:
    del ready["page"]["thread_control_held_by"]
    assert list(failures(ready)) == ["app-is-thread-owner"]
