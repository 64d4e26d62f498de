"""Target profiles: the default loads, values come from the environment, bad ones fail in one line."""

from pathlib import Path

import pytest

from homologa import profiles


def test_default_profile_is_the_bundled_reference_app() -> None:
    profile = profiles.load()
    assert profile.is_bundled
    assert profile.login_path == "/interact_multiagent"
    assert (profile.label("enter"), profile.label("operating")) == ("ENTER", "Operating")


def test_credentials_come_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DESK_PASSWORD", "s3cret*")
    path = tmp_path / "mine.toml"
    path.write_text('target = "external"\napp_url = "https://desk.example.com"\n'
                    '[agent]\nlogin = "maria"\npassword = "${DESK_PASSWORD}"\n')
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
])
def test_invalid_profile_names_its_cause(tmp_path: Path, text: str, cause: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
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
