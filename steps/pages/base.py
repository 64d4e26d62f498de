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

# Every WebDriver command costs ~30 ms here, so a question about the page is one script:
# the first element a CSS selector finds, its visibility (what WebDriver's isDisplayed
# checks: rendered, not hidden, not transparent, has a box) and its visible text.
_VISIBLE_TEXTS = """
return arguments[0].map(selector => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const shown = el.checkVisibility({visibilityProperty: true, opacityProperty: true})
      && el.getClientRects().length > 0;
  return shown ? el.innerText.trim() : (arguments[1] ? null : '');
});
"""
_CLEARED_FIELDS = """
return arguments[0].map(selector => {
  const el = document.querySelector(selector);
  if (el) { el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true})); }
  return el;
});
"""
_READ_FACTS = """
const shown = el => el.checkVisibility({visibilityProperty: true, opacityProperty: true})
    && el.getClientRects().length > 0;
const read = (rows, spec) => rows.map(row => {
  const facts = {};
  for (const [name, [selector, what]] of Object.entries(spec)) {
    const el = selector ? row.querySelector(selector) : row;
    if (!el) facts[name] = null;
    else if (what === 'shown') facts[name] = shown(el);
    else if (what === 'text') facts[name] = shown(el) ? el.innerText.trim() : null;
    else facts[name] = el.getAttribute(what.slice(1));  // "@name": an attribute
  }
  return facts;
});
"""
_READ_ELEMENTS = _READ_FACTS + "return read(arguments[0], arguments[1]);"
_READ_ALL = _READ_FACTS + """
const scope = arguments[2] ? document.querySelector(arguments[2]) : document;
const rows = scope ? Array.from(scope.querySelectorAll(arguments[0])) : [];
return [rows, read(rows, arguments[1])];
"""


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

    @property
    def loaded_and_complete(self) -> bool:
        """`loaded`, and the document done loading (a window that just opened)."""
        return self.driver.execute_script("return document.readyState") == "complete" and self.loaded

    def wait_for_page_to_load(self) -> Self:
        self.wait.until(lambda _: self.loaded, f"{type(self).__name__} did not load")
        return self

    def navigate(self, action: Callable[[], object]) -> None:
        """Run an action that loads a new document and wait for that document to be complete.

        A marker on the old document vanishes when the new one replaces it (EC.staleness_of is
        unreliable with this chromedriver); a screenshot taken before that can hang ~10 s.
        """
        left = self.driver.execute_script("window.__homologa_old_document = true;"
                                          "return location.href;")
        action()
        self.wait.until(
            lambda d: d.execute_script(
                "return !window.__homologa_old_document && document.readyState === 'complete';"
            ),
            f"the page did not finish loading after leaving {left}",
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
        return self.visible_text(locator) is not None

    def visible_text(self, locator: tuple[str, str]) -> str | None:
        """The text of the first element found, or None when there is none or it is hidden."""
        return self.visible_texts(locator)[0]

    def visible_texts(self, *locators: tuple[str, str]) -> list[str | None]:
        """`visible_text` of several locators in one command."""
        resolved = [self.resolve(locator) for locator in locators]
        if any(by != "css selector" for by, _ in resolved):  # a profile's other strategy
            return [self._visible_text_by_elements(by, value) for by, value in resolved]
        return self.driver.execute_script(_VISIBLE_TEXTS, [value for _, value in resolved], True)

    def _visible_text_by_elements(self, by: str, value: str) -> str | None:
        elements = self.driver.find_elements(by, value)
        return elements[0].text.strip() if elements and elements[0].is_displayed() else None

    def read_elements(self, elements: list[WebElement],
                      fields: dict[str, tuple[tuple[str, str] | None, str]]) -> list[dict]:
        """Read many elements in one command. `fields` maps a name to (locator, what): the
        element itself (None) or its first child matching the locator, and "text" (visible
        text, None when hidden), "shown" (displayed?) or "@attribute" (None without a child)."""
        if not elements:
            return []
        spec = {name: (self.resolve(locator)[1] if locator else None, what)
                for name, (locator, what) in fields.items()}
        return self.driver.execute_script(_READ_ELEMENTS, elements, spec)

    def read_all(self, locator: tuple[str, str],
                 fields: dict[str, tuple[tuple[str, str] | None, str]],
                 within: tuple[str, str] | None = None) -> list[tuple[WebElement, dict]]:
        """Every element `locator` finds (inside the first `within` element, if given), each
        with its `fields` read as `read_elements` reads them, in one command: a wait that
        polls a list costs one command a poll, not two."""
        (by, value), (scope_by, scope) = self.resolve(locator), self.resolve(within or locator)
        if by != "css selector" or scope_by != "css selector":  # a profile's other strategy
            root = self.driver.find_elements(scope_by, scope)[:1] if within else [self.driver]
            elements = root[0].find_elements(by, value) if root else []
            return list(zip(elements, self.read_elements(elements, fields), strict=True))
        spec = {name: (self.resolve(child)[1] if child else None, what)
                for name, (child, what) in fields.items()}
        elements, facts = self.driver.execute_script(_READ_ALL, value, spec,
                                                     scope if within else None)
        return list(zip(elements, facts, strict=True))

    def cleared_fields(self, *locators: tuple[str, str]) -> list[WebElement]:
        """Form fields, emptied, found in one command (what is typed in them is real keystrokes)."""
        resolved = [self.resolve(locator) for locator in locators]
        if any(by != "css selector" for by, _ in resolved):
            fields = [self.driver.find_element(by, value) for by, value in resolved]
            for field in fields:
                field.clear()
            return fields
        fields = self.driver.execute_script(_CLEARED_FIELDS, [value for _, value in resolved])
        missing = [value for (_, value), field in zip(resolved, fields, strict=True) if field is None]
        if missing:
            raise NoSuchElementException(f"no element matches {missing[0]!r}")
        return fields

    def text_of(self, locator: tuple[str, str]) -> str:
        """The element's visible text ("" when hidden); NoSuchElementException when absent."""
        by, value = self.resolve(locator)
        text = (self.driver.execute_script(_VISIBLE_TEXTS, [value], False)[0]
                if by == "css selector" else self.find_element(locator).text.strip())
        if text is None:
            raise NoSuchElementException(f"no element matches {value!r}")
        return text


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
