"""The lint of a hand-written step-by-step: the guide's own slips, each with its line and rule."""

from pathlib import Path

import pytest

from homologa import lint, profiles
from homologa.__main__ import main

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def guide_profile() -> profiles.Profile:
    return profiles.load(DATA / "guide.toml")


def findings_of(name: str, profile: profiles.Profile) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in lint.lint_file(DATA / name, profile)]


def test_guide_section_2_1_names_ready_and_a_developer(guide_profile) -> None:
    assert findings_of("guide-2.1-desktop.md", guide_profile) == [
        (12, "tester-role"), (38, "status-mismatch"), (38, "unknown-label")]


def test_guide_section_2_2_gives_neo_as_the_url(guide_profile) -> None:
    assert findings_of("guide-2.2-pages-messaging.md", guide_profile) == [
        (15, "direct-url"), (28, "status-mismatch"), (28, "unknown-label"),
        (36, "unknown-label")]


def test_guide_section_2_3_misspells_the_url_and_puts_the_menu_on_the_left(guide_profile) -> None:
    assert findings_of("guide-2.3-baupa.md", guide_profile) == [
        (15, "direct-url"), (26, "menu-position"), (28, "status-mismatch"),
        (28, "unknown-label"), (37, "unknown-label")]


def test_findings_say_what_is_wrong_and_cite_app_review(guide_profile) -> None:
    by_rule = {f.rule: f for f in lint.lint_file(DATA / "guide-2.3-baupa.md", guide_profile)}
    assert "/interact_multiagente" in by_rule["direct-url"].message
    assert "https://seu_dominio.com.br/interact_multiagent" in by_rule["direct-url"].message
    assert by_rule["status-mismatch"].message == (
        "the status “Ready” is named here, but line 26 selects “Operating”")
    assert by_rule["menu-position"].format("s.md").endswith(
        "(app-review.md §3 row 1 [S1]; §4 Dígitro)")


@pytest.mark.parametrize(("text", "rule"), [
    ("Step 1: Open https://seu_dominio.com.br/", "direct-url"),
    ("Step 1: Open https://other.example.com/interact_multiagent", "unknown-url"),
    ("Step 1: Open https://www.facebook.com/another_page/", "page-url"),
    ("Step 1: Clique no botão “ENTER” para acessar a aplicação.", "english-only"),
    ("Step 1: Click on “ENTRAR”.", "unknown-label"),
    ("Step 1: Log in.\nStep 3: Select “Operating”.", "step-numbering"),
    ("Step 1: Log in, then go to step 4.", "step-numbering"),
    ("- Login: maria", "credentials"),
])
def test_each_rule_catches_its_slip(guide_profile, text: str, rule: str) -> None:
    assert rule in {f.rule for f in lint.lint(text, guide_profile)}


def test_placeholders_are_findings_unless_they_are_the_profiles_values(guide_profile) -> None:
    reference = profiles.load()
    text = "- Login: LOGIN_DO_ATENDENTE\n- Password: PASSWORD_DO_ATENDENTE"
    assert {f.rule for f in lint.lint(text, reference)} == {"placeholder"}
    assert lint.lint(text, guide_profile) == []


def test_a_clean_step_by_step_has_no_findings(guide_profile) -> None:
    text = ("Step 1: In the browser, access the application test page:\n"
            "https://seu_dominio.com.br/interact_multiagent\n\n"
            "Step 2: In the menu located on the right, in the “STATUS” option, select the "
            "“Operating” item. The chat user's status becomes “Operating”.\n\n"
            "Step 3: After having the “Operating” status selected in step 2, access "
            "https://www.facebook.com/pagina_da_sua_empresa/ and click on “Message”.")
    assert lint.lint(text, guide_profile) == []


def test_the_command_prints_file_line_rule_and_exits_1(capsys) -> None:
    status = main(["lint", str(DATA / "guide-2.2-pages-messaging.md"),
                   "--profile", str(DATA / "guide.toml")])
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    assert out[0].startswith(f"{DATA / 'guide-2.2-pages-messaging.md'}:15: [direct-url] ")
    assert out[-1].startswith("4 finding(s)")


def test_the_command_exits_0_without_findings(tmp_path: Path, capsys) -> None:
    steps = tmp_path / "steps.md"
    steps.write_text("Step 1: Access https://seu_dominio.com.br/interact_multiagent\n")
    assert main(["lint", str(steps), "--profile", str(DATA / "guide.toml")]) == 0


@pytest.mark.parametrize(("args", "cause"), [
    (["missing.md", "--profile", str(DATA / "guide.toml")], "lint: missing.md: No such file"),
    ([str(DATA / "guide-2.1-desktop.md"), "--profile", "nowhere.toml"],
     "lint: profile nowhere.toml: file not found"),
    ([str(DATA / "guide-2.1-desktop.md")], "has no app_url; pass --app-url"),
])
def test_the_command_fails_in_one_line(capsys, args: list[str], cause: str) -> None:
    assert main(["lint", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert cause in err and "\n" not in err


def test_check_app_opens_the_direct_url_of_the_running_app(tmp_path: Path) -> None:
    import dataclasses

    import reference_app
    from homologa import servers

    app = servers.start(reference_app.create_app({
        "DATABASE": str(tmp_path / "desk.sqlite"), "APP_SECRET": "s", "VERIFY_TOKEN": "v",
        "PAGE_TOKEN": "p"}))
    try:
        profile = dataclasses.replace(profiles.load(), app_url=app.url)
        assert lint.check_app(profile) == []
        wrong = dataclasses.replace(profile, login_path="/neo")
        assert [(f.rule, f.message) for f in lint.check_app(wrong)] == [
            ("app-unreachable", f"{app.url}/neo answered HTTP 404")]
    finally:
        app.stop()


@pytest.mark.parametrize(("line", "message"), [
    ("Step 1: In the administration, open “Facebook page”.",
     "“Facebook page” is written “Facebook Page” in the app"),
    ("Step 1: Click on the “Login with Facebook” button.",
     "“Login with Facebook” is not a label of the app or the profile"),
    ("Step 1: Click on the “Connect Page” button next to it.",
     "“Connect Page” is not a label of the app or the profile"),
])
def test_the_connection_labels_are_checked_like_the_others(guide_profile, line: str,
                                                           message: str) -> None:
    assert [f.message for f in lint.lint(line, guide_profile)] == [message]


def test_the_connection_labels_of_the_profile_pass(guide_profile) -> None:
    text = ("Step 1: In the administration, open “Facebook Page”.\n"
            "Step 2: Click on the “Continue with Facebook” button: Facebook Login opens.\n"
            "Step 3: Keep every permission on and click on “Continue”.\n"
            "Step 4: Click on the “Connect this Page” button next to it.")
    assert lint.lint(text, guide_profile) == []
