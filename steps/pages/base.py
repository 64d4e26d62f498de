"""The page-object contract (PyPOM's shape on Selenium 4): Page, Region, loaded, waits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Self, TypeVar

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from homologa.profiles import Profile

__all__ = ["Locator", "Page", "Region", "testid"]

T = TypeVar("T")
POLL_SECONDS = 0.05  # Selenium's default 0.5 s poll would dominate every wait


class Locator(tuple):
    """A `data-testid` locator; a page resolves it through the profile's [selectors]."""

    testid: str

    def __new__(cls, testid: str) -> Self:
        locator = super().__new__(cls, ("css selector", f'[data-testid="{testid}"]'))
        locator.testid = testid
        return locator


def testid(name: str) -> Locator:
    """A locator for `data-testid`, the only attribute page objects depend on."""
    return Locator(name)


class Waits:
    """WebDriverWait with a short poll and a message that says what was awaited."""

    def __init__(self, driver: WebDriver, timeout: float) -> None:
        self._wait = WebDriverWait(
            driver, timeout, poll_frequency=POLL_SECONDS,
            ignored_exceptions=(NoSuchElementException, StaleElementReferenceException),
        )

    def until(self, condition: Callable[[WebDriver], T], message: str) -> T:
        return self._wait.until(condition, message)


class Page:
    """A screen of an app; `open()` navigates and waits until `loaded`."""

    URL_TEMPLATE = "/"

    def __init__(self, driver: WebDriver, base_url: str, profile: Profile, **url_kwargs: str):
        self.driver = driver
        self.base_url = base_url.rstrip("/")
        self.profile = profile
        self.url_kwargs = url_kwargs
        self.wait = Waits(driver, profile.wait_seconds)

    @property
    def url(self) -> str:
        return self.base_url + self.URL_TEMPLATE.format(**self.url_kwargs)

    @property
    def loaded(self) -> bool:
        return True

    def open(self) -> Self:
        self.navigate(lambda: self.driver.get(self.url))
        return self.wait_for_page_to_load()

    def wait_for_page_to_load(self) -> Self:
        self.wait.until(lambda _: self.loaded, f"{type(self).__name__} did not load")
        return self

    def navigate(self, action: Callable[[], object]) -> None:
        """Run an action that loads a new document and wait for that document to be complete.

        A marker on the old document vanishes when the new one replaces it (EC.staleness_of is
        unreliable with this chromedriver); a screenshot taken before that can hang ~10 s.
        """
        self.driver.execute_script("window.__homologa_old_document = true;")
        action()
        self.wait.until(
            lambda d: d.execute_script(
                "return !window.__homologa_old_document && document.readyState === 'complete';"
            ),
            f"the page did not finish loading after leaving {self.driver.current_url}",
        )

    def resolve(self, locator: tuple[str, str]) -> tuple[str, str]:
        """The locator the target app needs: the profile may replace a data-testid selector."""
        if isinstance(locator, Locator):
            return ("css selector", self.profile.selector(locator.testid))
        return locator

    def find_element(self, locator: tuple[str, str]) -> WebElement:
        return self.driver.find_element(*self.resolve(locator))

    def find_elements(self, locator: tuple[str, str]) -> list[WebElement]:
        return self.driver.find_elements(*self.resolve(locator))

    def is_element_displayed(self, locator: tuple[str, str]) -> bool:
        elements = self.find_elements(locator)
        return bool(elements) and elements[0].is_displayed()

    def text_of(self, locator: tuple[str, str]) -> str:
        return self.find_element(locator).text.strip()


class Region:
    """A part of a page found again from its root on each use, so it never goes stale."""

    _root_locator: tuple[str, str] | None = None

    def __init__(self, page: Page, root: WebElement | None = None) -> None:
        self.page = page
        self._root = root

    @property
    def root(self) -> WebElement:
        if self._root is not None:
            return self._root
        return self.page.find_element(self._root_locator)

    def find_element(self, locator: tuple[str, str]) -> WebElement:
        return self.root.find_element(*self.page.resolve(locator))

    def find_elements(self, locator: tuple[str, str]) -> list[WebElement]:
        return self.root.find_elements(*self.page.resolve(locator))
