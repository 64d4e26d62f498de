"""Target profiles: the default loads, values come from the environment, bad ones fail in one line."""

from pathlib import Path

import pytest

from homologa import profiles


def test_default_profile_is_the_bundled_reference_app() -> None:
    profile = profiles.load()
    assert profile.is_bundled
    assert profile.login_path == "/interact_multiagent"
    assert (profile.label("enter"), profile.label("operating")) == ("ENTER", "Operating")


EXTERNAL = ('target = "external"\napp_url = "https://desk.example.com"\n'
            'webhook_url = "https://desk.example.com/webhook"\n[simulator]\nport = 8000\n')


def test_credentials_come_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DESK_PASSWORD", "s3cret*")
    path = tmp_path / "mine.toml"
    path.write_text(EXTERNAL + '[agent]\nlogin = "maria"\npassword = "${DESK_PASSWORD}"\n')
    profile = profiles.load(path)
    assert (profile.agent_login, profile.agent_password) == ("maria", "s3cret*")
    assert profile.app_url == "https://desk.example.com"


@pytest.mark.parametrize(("text", "cause"), [
    ("target = 'external'\n[agent]\nlogin='a'\npassword='b'\n", "an external target needs app_url"),
    ("target = 'cloud'\n", "target must be 'bundled' or 'external', not 'cloud'"),
    ("[agent]\nlogin = 'a'\n", "agent.password is missing"),
    ("[agent]\nlogin='a'\npassword='${NOT_SET_ANYWHERE}'\n",
     "agent.password refers to ${NOT_SET_ANYWHERE}, which is not set"),
    ("target = \n", "invalid TOML"),
    ("target = 'external'\napp_url = 'https://d.example'\n", "an external target needs webhook_url"),
    ("target = 'external'\napp_url = 'https://d.example'\nwebhook_url = 'https://d.example/w'\n",
     "an external target needs simulator.port"),
    ("app_url = 'desk.example.com'\n", "app_url must be an http(s) URL, not 'desk.example.com'"),
    ("login_path = 'interact'\n", "login_path must start with '/'"),
    ("colour = 'blue'\n", "unknown key 'colour'"),
    ("[labels]\nready = 'Ready'\n", "labels.ready is not a known label"),
    ("[labels]\nenter = ''\n", "labels.enter must be a non-empty string"),
    ("[selectors]\nbutton = '#b'\n", "selectors.button is not a known selector"),
    ("[layout]\nstatus_menu = 'top'\n", "layout.status_menu must be 'left' or 'right'"),
    ("[simulator]\nport = 'eighty'\n", "simulator.port must be a port number"),
    ("[facebook]\ntest_account_role = 'fan'\n", "facebook.test_account_role must be tester"),
    ("[facebook]\ntest_password = '${NOT_SET_ANYWHERE}'\n",
     "facebook.test_password refers to ${NOT_SET_ANYWHERE}"),
    ("labels = 'ENTER'\n", "[labels] must be a table"),
])
def test_invalid_profile_names_its_cause(tmp_path: Path, text: str, cause: str) -> None:
    path = tmp_path / "bad.toml"
    agent = "" if "[agent]" in text else "[agent]\nlogin = 'a'\npassword = 'b'\n"
    path.write_text(text + agent)  # a valid agent, so the case's own cause is the first one
    with pytest.raises(profiles.ProfileError) as error:
        profiles.load(path)
    assert str(error.value).startswith(f"profile {path}: ")
    assert cause in str(error.value)


def test_missing_profile_stops_the_run_with_one_line(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["homologa.plugin"]')
    pytester.makepyfile("def test_nothing():\n    pass\n")
    result = pytester.runpytest("--profile", "nowhere.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: profile nowhere.toml: file not found"])


def test_the_template_documents_every_key_and_loads_with_its_environment(monkeypatch) -> None:
    for name in ("TARGET_AGENT_LOGIN", "TARGET_AGENT_PASSWORD", "TARGET_FB_TEST_ACCOUNT",
                 "TARGET_FB_TEST_PASSWORD", "TARGET_ADMIN_LOGIN", "TARGET_ADMIN_PASSWORD"):
        monkeypatch.setenv(name, f"value of {name}")
    profile = profiles.load(profiles.DEFAULT_PROFILE.parent / "template.toml")
    assert (profile.target, profile.simulator_port) == ("external", 8000)
    assert profile.webhook_url == "https://desk.example.com/webhook"
    assert profile.agent_password == "value of TARGET_AGENT_PASSWORD"
    assert profile.facebook.test_account == "value of TARGET_FB_TEST_ACCOUNT"


def test_labels_the_guide_quotes_map_to_the_apps_own(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[agent]\nlogin = 'a'\npassword = 'b'\n[labels]\nenter = 'ENTRAR'\n")
    profile = profiles.load(path)
    assert (profile.label_for("ENTER"), profile.label_for("Operating")) == ("ENTRAR", "Operating")
    assert profile.label_for("Something else") == "Something else"


def test_selectors_default_to_testids_and_can_be_replaced(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[agent]\nlogin = 'a'\npassword = 'b'\n[selectors]\n"
                    "enter-button = 'form button.primary'\n")
    profile = profiles.load(path)
    assert profile.selector("enter-button") == "form button.primary"
    assert profile.selector("desk") == '[data-testid="desk"]'
