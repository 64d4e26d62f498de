"""Lint a hand-written step-by-step (text or Markdown) against the target profile and the app.

Each rule names the slip it catches and its source in shared/reference/app-review.md, so a
stale rule can be found and switched off. The homologation guide itself makes the slips: its
sections 2.2 and 2.3 give /neo and /interact_multiagente instead of the direct URL, step 6
names "Ready" after step 5 selects "Operating", and 2.3 puts the STATUS menu on the left.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from homologa.packtexts import PERMISSIONS
from homologa.profiles import Profile

__all__ = ["RULES", "Finding", "Text", "check_app", "lint", "lint_file"]

_URL = re.compile(r"https?://[^\s)>\]\"“”]+")
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|`")
_SELECTED = re.compile(r"select(?:s|ed)?\s+(?:the\s+)?“([^”]+)”\s+item", re.IGNORECASE)
_STATUS_NAMED = (re.compile(r"“([^”]+)”\s+status\b", re.IGNORECASE),
                 re.compile(r"\bstatus\s+(?:becomes|is|to)\s+“([^”]+)”", re.IGNORECASE))
_MENU_SIDE = re.compile(r"\bmenu\s+(?:located\s+|placed\s+)?on\s+the\s+(left|right)\b",
                        re.IGNORECASE)
_STEP = re.compile(r"^\s*Step\s+(\d+)\s*:", re.IGNORECASE)
_STEP_REF = re.compile(r"\bstep\s+(\d+)\b(?!\s*:)", re.IGNORECASE)
_CREDENTIAL = re.compile(r"^\s*[-*]?\s*(Login|Password|Account)\s*:\s*(\S+)", re.IGNORECASE)
_ROLE = re.compile(r"\bas\s+an?\s+(developer|administrator|admin)\b", re.IGNORECASE)
_PLACEHOLDER = re.compile(
    r"\b(?:LOGIN_DO_ATENDENTE|PASSWORD_DO_ATENDENTE|CONTA_DE_TESTE\w*|PASSWORD_DA_CONTA\w*"
    r"|SUA_EMPRESA|seu_dominio[\w.]*|pagina_da_sua_empresa)\b|\[(?:LOGIN|PASSWORD|USER\w*)\]")
_PORTUGUESE = frozenset((  # words no English step-by-step contains
    "de", "da", "das", "dos", "para", "com", "não", "você", "nós", "como", "está", "essa",
    "esse", "isso", "ou", "uma", "em", "ao", "pela", "pelo", "seu", "sua", "clique",
    "acesse", "selecione", "passo", "senha", "usuário", "atendente", "página", "botão",
    "então", "após", "também", "é", "são", "deve", "deverá", "conte", "permissão", "recurso"
))

SOURCES = {
    "direct-url": "app-review.md §3 row 2 [S3,S31]; guide §1",
    "unknown-url": "app-review.md §3 row 2 [S3]",
    "page-url": "app-review.md §0.1, §3 row 1 [S1,S2]",
    "unknown-label": "app-review.md §0.1, §3 row 1 [S1,S2]",
    "status-mismatch": "app-review.md §3 row 1 [S1]; §4 Dígitro",
    "menu-position": "app-review.md §3 row 1 [S1]; §4 Dígitro",
    "english-only": "app-review.md §1 step-by-step [S7]; guide §1",
    "placeholder": "app-review.md §3 row 3 [S21b,S28]",
    "credentials": "app-review.md §3 row 3 [S27]",
    "step-numbering": "app-review.md §3 row 1 [S1]",
    "tester-role": "guide §1; app-review.md §4 Dígitro [S31]",
    "app-unreachable": "app-review.md §3 row 2 [S3]",
}


@dataclass(frozen=True)
class Finding:
    line: int
    rule: str
    message: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: [{self.rule}] {self.message} ({SOURCES[self.rule]})"


@dataclass(frozen=True)
class Text:
    """The step-by-step as (line number, plain text) pairs: Markdown links and emphasis gone."""

    lines: tuple[tuple[int, str], ...]

    @classmethod
    def parse(cls, source: str) -> Text:
        plain = (_EMPHASIS.sub("", _MD_LINK.sub(r"\1", line)).replace('\\"', '"')
                 for line in source.splitlines())
        return cls(tuple((n, line) for n, line in enumerate(plain, start=1) if line.strip()))


Rule = Callable[[Text, Profile], Iterator[Finding]]


def _known_labels(profile: Profile) -> set[str]:
    page = profile.facebook.page_name or "SUA_EMPRESA"
    instagram = profile.facebook.instagram_username or "suaempresa_oficial"
    return {*profile.labels.values(), *PERMISSIONS.values(), *PERMISSIONS, profile.product,
            f"Connect with {page} on Facebook", f"Log in to message {instagram}"}


def _urls(text: Text, profile: Profile) -> Iterator[Finding]:
    app = urlsplit(profile.app_url or "")
    direct = f"{app.scheme}://{app.netloc}{profile.login_path}"
    page = urlsplit(profile.facebook.page_url or "")
    for number, line in text.lines:
        for url in (u.rstrip(".,;:") for u in _URL.findall(line)):
            parts = urlsplit(url)
            if parts.netloc == app.netloc:
                path = parts.path.rstrip("/")
                if path == profile.login_path.rstrip("/"):
                    continue
                what = "the portal root" if not path else f"the path {parts.path}"
                yield Finding(number, "direct-url",
                              f"{url} is {what}, not the app's direct login URL {direct}")
            elif parts.netloc.endswith("facebook.com"):
                if profile.facebook.page_url and url.rstrip("/") != page.geturl().rstrip("/"):
                    yield Finding(number, "page-url",
                                  f"{url} is not the Page URL {profile.facebook.page_url}")
            else:
                yield Finding(number, "unknown-url",
                              f"{url} is neither the app ({direct}) nor the Facebook Page")


def _labels(text: Text, profile: Profile) -> Iterator[Finding]:
    known = _known_labels(profile)
    by_case = {label.casefold(): label for label in known}
    for number, line in text.lines:
        for quoted in _QUOTED.findall(line):
            label = quoted.strip()
            if label in known or _URL.fullmatch(label):
                continue
            if label.casefold() in by_case:
                yield Finding(number, "unknown-label", f"“{label}” is written "
                              f"“{by_case[label.casefold()]}” in the app")
            else:
                yield Finding(number, "unknown-label",
                              f"“{label}” is not a label of the app or the profile")


def _statuses(text: Text, profile: Profile) -> Iterator[Finding]:
    selected = [(n, m) for n, line in text.lines for m in _SELECTED.findall(line)]
    if not selected:
        return
    chosen = {status for _, status in selected}
    first_line, first = selected[0]
    for number, line in text.lines:
        for pattern in _STATUS_NAMED:
            for named in pattern.findall(line):
                if named not in chosen:
                    yield Finding(number, "status-mismatch", f"the status “{named}” is named "
                                  f"here, but line {first_line} selects “{first}”")


def _menu_side(text: Text, profile: Profile) -> Iterator[Finding]:
    for number, line in text.lines:
        for side in _MENU_SIDE.findall(line):
            if side.lower() != profile.status_menu_side:
                yield Finding(number, "menu-position", f"the menu is said to be on the {side}; "
                              f"the app has it on the {profile.status_menu_side}")


def _english(text: Text, profile: Profile) -> Iterator[Finding]:
    for number, line in text.lines:
        prose = re.sub(r"\S*_\S*", " ", _QUOTED.sub(" ", _URL.sub(" ", line))).lower()
        words = re.findall(r"[a-zà-ÿ]+", prose)
        portuguese = [w for w in words if w in _PORTUGUESE]
        if len(portuguese) >= 2:
            yield Finding(number, "english-only", "this line is not in English "
                          f"({', '.join(portuguese[:4])}); Meta wants every step in English")


def _placeholders(text: Text, profile: Profile) -> Iterator[Finding]:
    values = [v for v in (profile.agent_login, profile.agent_password, profile.app_url,
                          *vars(profile.facebook).values()) if isinstance(v, str)]
    for number, line in text.lines:
        for match in _PLACEHOLDER.finditer(line):
            if not any(match.group(0) in value for value in values):
                yield Finding(number, "placeholder", f"{match.group(0)} is a placeholder; "
                              "give the real value the reviewer must use")


def _credentials(text: Text, profile: Profile) -> Iterator[Finding]:
    expected = {"login": ("agent.login", profile.agent_login),
                "account": ("facebook.test_account", profile.facebook.test_account)}
    password_of = {"login": ("agent.password", profile.agent_password),
                   "account": ("facebook.test_password", profile.facebook.test_password)}
    last = None
    for number, line in text.lines:
        match = _CREDENTIAL.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == "password":
            key_name, wanted = password_of.get(last, (None, None))
        else:
            (key_name, wanted), last = expected[key], key
        if wanted and value != wanted and not _PLACEHOLDER.fullmatch(value):
            yield Finding(number, "credentials", f"this {key} is not the profile's {key_name}")


def _numbering(text: Text, profile: Profile) -> Iterator[Finding]:
    steps = [(n, int(m.group(1))) for n, line in text.lines if (m := _STEP.match(line))]
    for index, (number, step) in enumerate(steps, start=1):
        if step != index:
            yield Finding(number, "step-numbering", f"Step {step} where Step {index} is expected")
    existing = {step for _, step in steps}
    for number, line in text.lines:
        for ref in _STEP_REF.findall(line):
            if existing and int(ref) not in existing:
                yield Finding(number, "step-numbering", f"step {ref} is referred to but the "
                              f"steps are {min(existing)}-{max(existing)}")


def _role(text: Text, profile: Profile) -> Iterator[Finding]:
    wanted = profile.facebook.test_account_role
    for number, line in text.lines:
        for role in _ROLE.findall(line):
            if role.lower() != wanted:
                yield Finding(number, "tester-role", f"the test account is said to be added as "
                              f"{role}; the app adds it as a {wanted}")


RULES: dict[str, Rule] = {
    "urls": _urls, "labels": _labels, "statuses": _statuses, "menu": _menu_side,
    "english": _english, "placeholders": _placeholders, "credentials": _credentials,
    "numbering": _numbering, "role": _role,
}


def lint(source: str, profile: Profile) -> list[Finding]:
    """Every finding of every rule, in line order."""
    text = Text.parse(source)
    findings = [f for rule in RULES.values() for f in rule(text, profile)]
    return sorted(findings, key=lambda f: (f.line, f.rule))


def lint_file(path: Path, profile: Profile) -> list[Finding]:
    return lint(path.read_text(encoding="utf-8"), profile)


def check_app(profile: Profile, timeout: float = 10.0) -> list[Finding]:
    """Ask the app itself: the direct URL answers 200 with the login and its ENTER label."""
    url = (profile.app_url or "").rstrip("/") + profile.login_path
    try:
        reply = requests.get(url, timeout=timeout)
    except requests.RequestException as exc:
        return [Finding(0, "app-unreachable", f"{url}: {type(exc).__name__}")]
    if reply.status_code != 200:
        return [Finding(0, "app-unreachable", f"{url} answered HTTP {reply.status_code}")]
    if profile.label("enter") not in reply.text:
        return [Finding(0, "unknown-label", f"{url} does not show “{profile.label('enter')}”")]
    return []
