"""Submission packs: the step-by-step written from the Gherkin, the texts, checklist and video."""

from pathlib import Path

import pytest

from homologa import lint, pack, profiles, readiness, stepbystep
from homologa.packtexts import CHECKLISTS, PERMISSIONS, READINESS_PERMISSIONS, usage_text

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
JOURNEYS = {
    "pages_messaging": ROOT / "features" / "pages_messaging.feature",
    "business_asset_user_profile_access":
        ROOT / "features" / "business_asset_user_profile_access.feature",
    "platform_desktop": ROOT / "features" / "platform_desktop.feature",
    "instagram": ROOT / "features" / "instagram.feature",
    "human_agent": ROOT / "features" / "human_agent.feature",
    "pages_show_list": ROOT / "features" / "connect_page.feature",
    "pages_manage_metadata": ROOT / "features" / "connect_page.feature",
}


@pytest.fixture(scope="module")
def values() -> stepbystep.GuideValues:
    return pack.values_from_profile(profiles.load(DATA / "guide.toml"))


def test_the_journey_is_the_background_then_the_first_scenario_in_guide_steps() -> None:
    _, steps = stepbystep.journey(JOURNEYS["pages_messaging"])
    assert [s.number for s in steps] == list(range(1, 10))
    assert steps[2].gherkin == ('the reviewer clicks on the "ENTER" button',
                                ("a new browser window opens with the application and the agent "
                                "is logged in"))


@pytest.mark.parametrize("permission", JOURNEYS)
def test_every_journey_step_has_a_sentence_in_the_guides_form(permission, values) -> None:
    _, steps = stepbystep.journey(JOURNEYS[permission])
    unknown = [g for s in steps for g in s.gherkin
               if stepbystep.sentence(g, values) == g[0].upper() + g[1:] + "."]
    assert unknown == []


def test_the_step_by_step_reads_like_the_guide_with_real_values(values) -> None:
    _, steps = stepbystep.journey(JOURNEYS["business_asset_user_profile_access"])
    text = stepbystep.render(steps, values)
    assert text.startswith(
        "Step 1: In the browser (Chrome, Firefox, Edge, etc), access the application test page:"
        "\nhttps://seu_dominio.com.br/interact_multiagent\n\n"
        "Step 2: Fill in the access credentials:\n\n- Login: LOGIN_DO_ATENDENTE\n"
        "- Password: PASSWORD_DO_ATENDENTE\n\nStep 3: Click on the “ENTER” button. A new")
    assert ("Step 5: In the menu located on the right, at the top of the page, in the “STATUS” "
            "option, select the “Operating” item.") in text
    assert ("Step 6: After having the “Operating” status selected in the previous step, in "
            "another browser window, access the company's Facebook page, at the following URL:\n"
            "https://www.facebook.com/pagina_da_sua_empresa/\n\nA screen with the title will "
            "appear: “Connect with SUA_EMPRESA on Facebook”.") in text
    assert "user's identification (name)" in text.split("Step 9:")[1]


@pytest.mark.parametrize("permission", JOURNEYS)
def test_the_generated_step_by_step_passes_the_lint(permission, values) -> None:
    _, steps = stepbystep.journey(JOURNEYS[permission])
    assert lint.lint(stepbystep.render(steps, values), profiles.load(DATA / "guide.toml")) == []


def test_the_connect_labels_come_from_the_profile_quoted(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text((DATA / "guide.toml").read_text() + '[labels]\nfacebook_page = "Channels"\n'
                    'continue_with_facebook = "Log in with Facebook"\n'
                    'connect_page = "Use this Page"\n')
    profile = profiles.load(path)
    _, steps = stepbystep.journey(JOURNEYS["pages_show_list"])
    text = stepbystep.render(steps, pack.values_from_profile(profile))
    assert "In the administration, open “Channels”." in text
    assert "Click on the “Log in with Facebook” button: Facebook Login opens." in text
    assert "Click on the “Use this Page” button next to it." in text
    assert "Continue with Facebook" not in text and "Connect this Page" not in text
    assert lint.lint(text, profile) == []
    rehearsal = pack.Rehearsal(JOURNEYS["pages_show_list"], "journey", True, None,
                               pack.values_from_profile(profile), None)
    pack.write_pack(tmp_path / "pack", "pages_show_list", rehearsal)
    checklist = (tmp_path / "pack" / "checklist.md").read_text()
    assert "Facebook Login button is (“Log in with Facebook” in the administration)" in checklist


def test_labels_and_side_come_from_the_profile(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PW", "x")
    path = tmp_path / "p.toml"
    path.write_text('target = "external"\napp_url = "https://d.example"\n'
                    'webhook_url = "https://d.example/wh"\n[simulator]\nport = 8000\n'
                    '[agent]\nlogin = "a"\npassword = "${PW}"\n[labels]\nenter = "ENTRAR"\n'
                    'operating = "Em atendimento"\n[layout]\nstatus_menu = "left"\n')
    values = pack.values_from_profile(profiles.load(path))
    _, steps = stepbystep.journey(JOURNEYS["pages_messaging"])
    text = stepbystep.render(steps, values)
    assert "Click on the “ENTRAR” button." in text
    assert "menu located on the left" in text and "select the “Em atendimento” item" in text
    assert "<facebook.page_url of the profile>" in text


def test_usage_text_is_the_guides_with_the_product_name() -> None:
    text = usage_text("business_asset_user_profile_access", "Acme Desk", "https://d/x")
    assert text.startswith("Acme Desk is a contact center application")
    assert text.rstrip().endswith("display the identification of the user (name) who sent the "
                                  "messages from Facebook.")


@pytest.mark.parametrize("permission", PERMISSIONS)
def test_every_checklist_item_cites_app_review(permission) -> None:
    assert all(source.startswith("app-review.md §") for _, source in CHECKLISTS[permission])


def test_a_pack_holds_the_texts_the_checklist_and_the_video(tmp_path: Path, values) -> None:
    video = tmp_path / "scenario.mp4"
    video.write_bytes(b"mp4")
    video.with_suffix(".vtt").write_text("WEBVTT\n")
    rehearsal = pack.Rehearsal(JOURNEYS["pages_messaging"], "journey", True, video, values)
    pack.write_pack(tmp_path / "pack", "pages_messaging", rehearsal)
    assert sorted(p.name for p in (tmp_path / "pack").iterdir()) == [
        "README.md", "checklist.md", "how-we-use-this-permission.txt", "readiness.md",
        "rehearsal-SIMULATED.mp4", "rehearsal-SIMULATED.vtt", "step-by-step.txt"]
    steps = (tmp_path / "pack" / "step-by-step.txt").read_text()
    assert "added it as a tester of the app (step 6)" in steps
    assert "- [ ] A person messages the Page" in (tmp_path / "pack" / "checklist.md").read_text()
    assert "does not replace the recording on real Facebook" in (
        tmp_path / "pack" / "README.md").read_text()


EXAMPLE = ROOT / "docs" / "readiness.example.toml"
REAL_DASHBOARD = "python -m homologa readiness READINESS.toml"


def _world_facts(**calls: str) -> dict:
    """Readiness facts as the world gives them (the example file, on a fixed clock)."""
    facts = readiness.load_facts(EXAMPLE)
    facts["checked_at"] = "2026-11-25T00:00:00+00:00"
    facts["permissions"]["last_successful_call"] = dict(calls)
    facts["permissions"]["used"] = []
    facts["permissions"]["oauth_scopes"] = []  # the journey opened no Login dialog
    return facts


def _readiness_of(tmp_path: Path, permission: str, facts: dict | None, values) -> str:
    rehearsal = pack.Rehearsal(JOURNEYS[permission], "journey", True, None, values, facts)
    pack.write_pack(tmp_path / permission, permission, rehearsal)
    return (tmp_path / permission / "readiness.md").read_text()


def test_the_readiness_section_lists_each_finding_with_rule_and_source(tmp_path, values) -> None:
    text = _readiness_of(tmp_path, "pages_messaging",
                         _world_facts(pages_messaging="2026-11-24T10:00:00+00:00"), values)
    assert text.startswith("# Readiness: pages_messaging (simulated world of this rehearsal)")
    assert ("| PASS | api-call-in-30-days | pages_messaging: last successful call today "
            "(limit 30 days) | app-review.md §1 'Before you submit' [S18] |") in text
    assert "| PASS | app-is-thread-owner |" in text and "All " in text and "FAIL" not in text
    assert REAL_DASHBOARD in text and "not your App Dashboard" in text
    for finding in readiness.check(_world_facts(pages_messaging="2026-11-24T10:00:00+00:00")):
        assert f"| {finding.rule} |" in text and finding.source in text


def test_a_failing_world_shows_fail_rows_and_the_count(tmp_path, values) -> None:
    facts = _world_facts()
    del facts["app"]["privacy_policy_url"]
    text = _readiness_of(tmp_path, "pages_messaging", facts, values)
    assert ("| **FAIL** | api-call-in-30-days | pages_messaging: no successful API call "
            "recorded |") in text
    assert "| **FAIL** | privacy-policy | no privacy policy URL set | app-review.md §3 #17" in text
    assert "3 of " in text and "checks FAILED." in text  # the unused pages_messaging too
    readme = (tmp_path / "pages_messaging" / "README.md").read_text()
    assert "readiness.md" in readme and "3 of " in readme and REAL_DASHBOARD in readme


@pytest.mark.parametrize("permission", PERMISSIONS)
def test_each_pack_checks_the_api_calls_of_its_own_permissions(tmp_path, values,
                                                               permission) -> None:
    text = _readiness_of(tmp_path, permission, _world_facts(), values)
    checked = [line.split(" | ")[2].split(":")[0] for line in text.splitlines()
               if "| api-call-in-30-days |" in line]
    assert checked == list(READINESS_PERMISSIONS[permission])


def test_a_world_that_was_not_read_says_so(tmp_path, values) -> None:
    for facts, why in ((None, "the rehearsal did not finish"),
                       ({"unreadable": "ConnectionError: refused"}, "ConnectionError: refused")):
        text = _readiness_of(tmp_path, "human_agent", facts, values)
        assert f"NOT CHECKED: {why}" in text and REAL_DASHBOARD in text
    assert "not checked" in (tmp_path / "human_agent" / "README.md").read_text()


def test_a_failed_journey_still_gets_its_readiness_section(tmp_path) -> None:
    rehearsal = pack.Rehearsal(JOURNEYS["pages_messaging"], "journey", False, None, None, None)
    pack.write_pack(tmp_path / "p", "pages_messaging", rehearsal)
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["README.md", "readiness.md"]


def test_the_pack_comes_from_the_permissions_own_feature_not_a_negative_one() -> None:
    def rehearsal(name: str) -> pack.Rehearsal:
        return pack.Rehearsal(ROOT / "features" / f"{name}.feature", name, True, None, None)

    journey = rehearsal("pages_messaging")
    negatives = [rehearsal("thread_control"), rehearsal("unpublished_page")]
    for order in ([journey, *negatives], [*negatives, journey], [negatives[0], journey,
                                                                   negatives[1]]):
        chosen = None
        for candidate in order:
            chosen = pack.preferred(chosen, candidate, "pages_messaging")
        assert chosen is journey
    assert pack.preferred(None, negatives[0], "pages_messaging") is negatives[0]
    assert pack.preferred(negatives[0], negatives[1], "pages_messaging") is negatives[0]


def test_a_scope_another_rehearsal_of_the_run_used_counts_as_used(tmp_path, values) -> None:
    """The connect journey asks pages_messaging but sends nothing; the run's Messenger journey
    did send: the pack's only-used-scopes finding passes."""
    facts = _world_facts(pages_show_list="2026-11-24T10:00:00+00:00")
    facts["permissions"]["oauth_scopes"] = ["pages_show_list", "pages_messaging"]
    facts["permissions"]["used"] = ["pages_show_list"]
    alone = _readiness_of(tmp_path / "alone", "pages_show_list", facts, values)
    assert ("| **FAIL** | only-used-scopes | the login dialog asks for pages_messaging, which "
            "the app never uses |") in alone
    rehearsal = pack.Rehearsal(JOURNEYS["pages_show_list"], "journey", True, None, values, facts)
    pack.write_pack(tmp_path / "run", "pages_show_list", rehearsal, ["pages_messaging"])
    assert "FAIL" not in (tmp_path / "run" / "readiness.md").read_text()


def test_the_connect_journey_writes_the_pages_show_list_and_metadata_packs(tmp_path,
                                                                           values) -> None:
    for permission in ("pages_show_list", "pages_manage_metadata"):
        rehearsal = pack.Rehearsal(JOURNEYS[permission], "journey", True, None, values, None)
        pack.write_pack(tmp_path / permission, permission, rehearsal)
        steps = (tmp_path / permission / "step-by-step.txt").read_text()
        assert "Click on the “Continue with Facebook” button: Facebook Login opens." in steps
        assert "In the administration, open “Facebook Page”." in steps
        assert "Keep every permission on and click on “Continue”." in steps
        assert "Click on the “Connect this Page” button next to it." in steps
        assert "Facebook shows the Page selection" in steps
        assert "- Administrator login: " in steps
        usage = (tmp_path / permission / "how-we-use-this-permission.txt").read_text()
        assert f"requesting the {permission} permission" in usage
