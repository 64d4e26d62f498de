"""Page objects find elements through the profile: a [selectors] entry replaces a data-testid."""

from pathlib import Path

from homologa import profiles
from steps.pages.desk import AgentDesk
from steps.pages.portal import PortalLogin


class RecordingDriver:
    """Just enough of a WebDriver to see which locators a page object uses."""

    def __init__(self) -> None:
        self.located: list[tuple[str, str]] = []

    def find_elements(self, by: str, value: str) -> list:
        self.located.append((by, value))
        return []

    def execute_script(self, script: str, selectors: list[str] | str, *args: object) -> list:
        """A page's one-command question about CSS selectors: none of them is on the page
        (a list of selectors, or one selector whose every element is read: none)."""
        if isinstance(selectors, str):
            self.located.append(("css selector", selectors))
            return [[], []]
        self.located.extend(("css selector", selector) for selector in selectors)
        return [None] * len(selectors)


def profile_with(tmp_path: Path, selectors: str = "") -> profiles.Profile:
    path = tmp_path / "p.toml"
    path.write_text(f"[agent]\nlogin = 'a'\npassword = 'b'\n[selectors]\n{selectors}")
    return profiles.load(path)


def test_page_objects_use_data_testids_by_default(tmp_path: Path) -> None:
    driver = RecordingDriver()
    assert not PortalLogin(driver, "http://app", profile_with(tmp_path)).loaded
    assert driver.located == [("css selector", '[data-testid="enter-button"]')]


def test_a_profile_selector_replaces_the_testid(tmp_path: Path) -> None:
    driver = RecordingDriver()
    profile = profile_with(tmp_path, "enter-button = 'form .primary'\ndesk = '#agent-desktop'\n")
    assert not PortalLogin(driver, "http://app", profile).loaded
    assert AgentDesk(driver, "http://app", profile).chats == []
    assert driver.located == [("css selector", "form .primary"),
                              ("css selector", '[data-testid="chat-card"]')]
    assert not AgentDesk(driver, "http://app", profile).loaded
    assert driver.located[-1] == ("css selector", "#agent-desktop")
