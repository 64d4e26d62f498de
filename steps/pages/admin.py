"""The app's administration page: the homologation guide's best practices as the app checks them."""

from __future__ import annotations

from dataclasses import dataclass

from steps.pages.base import Page, testid

__all__ = ["AdminPage", "Practice"]


@dataclass(frozen=True)
class Practice:
    """One row of the app's best-practice check (guide section 1)."""

    id: str
    ok: bool
    text: str


class AdminPage(Page):
    URL_TEMPLATE = "/interact_multiagent/admin"
    _admin_locator = testid("admin")
    _practice_locator = testid("practice")

    @property
    def loaded(self) -> bool:
        return self.is_element_displayed(self._admin_locator)

    @property
    def practices(self) -> dict[str, Practice]:
        """The check's rows by id (`receptive-service`, `single-agent`, ...)."""
        rows = self.find_elements(self._practice_locator)
        return {row.get_attribute("data-practice"): Practice(
            row.get_attribute("data-practice"), row.get_attribute("data-ok") == "true",
            " ".join(row.text.split())) for row in rows}
