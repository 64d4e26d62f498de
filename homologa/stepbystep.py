"""The English step-by-step a team pastes into App Review, written from a feature's Gherkin.

A feature marks the guide's numbered steps with `# Step N` comments (without them, each Gherkin
step is a step of its own); each Gherkin step has a
sentence in the guide's own form, filled with real values (URLs, credentials, labels). The
steps of the Background come first, then those of the feature's first scenario: the journey
the guide describes (later scenarios are the negative rehearsals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pytest_bdd.parser import FeatureParser

from homologa.profiles import translate_label

__all__ = ["GuideValues", "NumberedStep", "journey", "render", "sentence"]

_STEP_COMMENT = re.compile(r"^\s*#\s*Step\s+(\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class GuideValues:
    """The real values a step-by-step names: what the reviewer opens, types and clicks."""

    product: str
    login_url: str
    agent_login: str
    agent_password: str
    page_url: str
    page_name: str
    test_account: str
    test_password: str
    status_menu_side: str
    labels: dict[str, str]
    simulated_page_name: str = "SUA_EMPRESA"
    admin_login: str = "<admin.login of the profile>"  # who connects the Page (Facebook Login)
    admin_password: str = "<admin.password of the profile>"

    def label(self, guide_label: str) -> str:
        """The app's text for a label the Gherkin quotes (as Profile.label_for)."""
        return translate_label(self.labels, guide_label)


@dataclass(frozen=True)
class NumberedStep:
    number: int
    gherkin: tuple[str, ...]


def journey(feature_path: Path) -> tuple[str, list[NumberedStep]]:
    """The feature's name and its guide steps (Background + first scenario), numbered."""
    feature = FeatureParser(str(feature_path.parent), feature_path.name).parse()
    lines = feature_path.read_text(encoding="utf-8").splitlines()
    first = next(iter(feature.scenarios.values()))
    steps = [*(feature.background.steps if feature.background else []), *first._steps]
    numbered: list[NumberedStep] = []
    marked = any(_STEP_COMMENT.match(line) for line in lines)
    if not marked:  # a step of its own per Gherkin step, but the reviewer never arranges state
        steps = [step for step in steps if not is_silent(step.name)]
    for index, step in enumerate(steps, start=1):
        number = _guide_number(lines, step.line_number) if marked else index
        if numbered and numbered[-1].number == number:
            numbered[-1] = NumberedStep(number, (*numbered[-1].gherkin, step.name))
        else:
            numbered.append(NumberedStep(number, (step.name,)))
    return feature.name, numbered


def _guide_number(lines: list[str], line_number: int) -> int:
    for line in reversed(lines[: line_number - 1]):
        match = _STEP_COMMENT.match(line)
        if match:
            return int(match.group(1))
    raise ValueError(f"line {line_number}: no '# Step N' comment above this step")


def render(steps: list[NumberedStep], values: GuideValues) -> str:
    """The numbered steps in the guide's form: "Step 1: In the browser ..."."""
    out, selected = [], None
    for step in steps:
        sentences = []
        for gherkin in step.gherkin:
            sentences.append(sentence(gherkin, values, selected))
            chosen = re.match(r'the reviewer selects the "([^"]+)" item', gherkin)  # for step 6
            selected = values.label(chosen.group(1)) if chosen else selected
        out.append(f"Step {step.number}: " + _join(sentences))
    return "\n\n".join(out) + "\n"


def _join(sentences: list[str]) -> str:
    """Sentences of one step: on one line, but a block (a URL, a list) ends its paragraph."""
    text = ""
    for part in filter(None, sentences):  # arrangements and journal checks have no sentence
        separator = "\n\n" if "\n" in text else " "
        text = f"{text}{separator}{part.strip()}" if text else part.strip()
    return text


def _q(text: str) -> str:
    return f"\u201c{text}\u201d"


def is_silent(gherkin: str) -> bool:
    """A step the reviewer does not perform: state armed through the control API, a journal check."""
    return any(re.fullmatch(pattern, gherkin) for pattern in _SILENT)


def sentence(gherkin: str, v: GuideValues, selected_status: str | None = None) -> str:
    """The guide-form sentence of one Gherkin step (the Gherkin itself if none is known)."""
    if is_silent(gherkin):
        return ""
    for pattern, write in _SENTENCES:
        match = re.fullmatch(pattern, gherkin)
        if match:
            return write(v, selected_status, *match.groups())
    return gherkin[0].upper() + gherkin[1:] + "."


def _facebook_page(v: GuideValues, selected: str | None) -> str:
    after = (f"After having the {_q(selected)} status selected in the previous step, in another "
             if selected else "In another ")
    return f"{after}browser window, access the company's Facebook page, at the following URL:\n{v.page_url}"


_SILENT = (
    r"the app is Live and receives the webhooks of the company's Instagram account",
    r"Interact has no Page token and (?:connects its Page with Facebook Login|requests .*)",
    r"the app was granted the Human Agent feature",
    r"Meta .*",  # what Meta did, read in the simulator's journal
)
_SENTENCES = [
    (r"the reviewer accesses the application test page in the browser",
     lambda v, s: "In the browser (Chrome, Firefox, Edge, etc), access the application test "
                  f"page:\n{v.login_url}"),
    (r"the application's login screen appears, not the portal of solutions",
     lambda v, s: f"The {v.product} login screen appears."),
    (r"the reviewer fills in the agent's access credentials",
     lambda v, s: f"Fill in the access credentials:\n\n- Login: {v.agent_login}\n"
                  f"- Password: {v.agent_password}"),
    (r'the reviewer clicks on the "([^"]+)" button',
     lambda v, s, label: f"Click on the {_q(v.label(label))} button."),
    (r"a new browser window opens with the application and the agent is logged in",
     lambda v, s: "A new browser window will open with the application. Now the test user is "
                  "logged into the application."),
    (r"the reviewer allows the new window to display notifications",
     lambda v, s: "The new window perhaps will ask for permission to display notifications. "
                  f"Select {_q(v.label('Allow'))}."),
    ((r'the reviewer selects the "([^"]+)" item of the "([^"]+)" menu at the top (?:\w+ )?of the '
     r"page"),
     lambda v, s, item, menu: f"In the menu located on the {v.status_menu_side}, at the top of "
                              f"the page, in the {_q(v.label(menu))} option, select the "
                              f"{_q(v.label(item))} item."),
    (r'the agent\'s status is "([^"]+)", able to receive new chats',
     lambda v, s, status: f"At this moment, the chat user's status becomes {_q(v.label(status))},"
                          " indicating that he or she is able to receive new chats."),
    (r"the customer accesses the company's Facebook page in another browser window",
     _facebook_page),
    (r'a screen with the title "([^"]+)" appears',
     lambda v, s, title: "A screen with the title will appear: "
                         f"{_q(title.replace(v.simulated_page_name, v.page_name))}."),
    (r"the customer logs in with the Facebook test account",
     lambda v, s: f"Login with the Facebook account:\n\n- Account: {v.test_account}\n"
                  f"- Password: {v.test_password}"),
    (r"the customer allows the Facebook screen to display notifications",
     lambda v, s: "On the Facebook screen, the browser will ask for permission to display "
                  f"notifications. Select {_q(v.label('Allow'))}."),
    (r'the customer clicks on the "([^"]+)" button to open "([^"]+)"',
     lambda v, s, label, app: f"On this page, click on the {_q(v.label(label))} button to open "
                              f"{_q(v.label(app))}."),
    (r"the customer sends a text message via Messenger",
     lambda v, s: "Send a text message via Messenger so that it is received by the chat user."),
    (r"the message sent by Facebook appears on the Interact screen as a new chat conversation",
     lambda v, s: f"Go back to the {v.product} screen and check that the message sent by "
                  "Facebook appears as a new chat conversation."),
    (r"the new chat shows the user's identification \(name\)",
     lambda v, s: "The new chat conversation shows the user's identification (name), on the "
                  "chat card and in the header of the open chat."),
    # the same journey over Instagram Direct (instagram.feature)
    (r"the customer accesses the company's Instagram profile in another browser window",
     lambda v, s: "In another browser window, access the company's Instagram profile."),
    (r'the Instagram profile asks to "([^"]+)"',
     lambda v, s, prompt: f"The profile asks to {_q(prompt)}."),
    (r"the customer logs in to Instagram with the test account",
     lambda v, s: f"Log in to Instagram with the test account:\n\n- Account: {v.test_account}\n"
                  f"- Password: {v.test_password}"),
    (r"the customer allows the Instagram screen to display notifications",
     lambda v, s: "On the Instagram screen, the browser will ask for permission to display "
                  f"notifications. Select {_q(v.label('Allow'))}."),
    (r'the customer clicks on the "([^"]+)" button to open the Direct thread',
     lambda v, s, label: f"Click on the {_q(v.label(label))} button to open the Direct thread."),
    (r"the customer sends a Direct message",
     lambda v, s: "Send a Direct message so that it is received by the chat user."),
    (r"the Direct message appears on the Interact screen as a new chat conversation",
     lambda v, s: f"Go back to the {v.product} screen and check that the Direct message appears "
                  "as a new chat conversation."),
    (r"the agent's reply reaches the customer's Direct thread",
     lambda v, s: "Reply from there: the reply appears in the customer's Direct thread."),
    # a conversation older than 24 hours (human_agent.feature)
    (r"the customer wrote to the Page (\d+) hours ago",
     lambda v, s, hours: f"A conversation that a customer started {hours} hours ago is waiting "
                         "for you (prepared for this review)."),
    (r"the conversation appears on the Interact screen with the date and time of the message",
     lambda v, s: f"The conversation appears on the {v.product} screen with the date and time of "
                  "the customer's message, more than 24 hours ago."),
    (r"the agent replies in the chat",
     lambda v, s: "Type a reply in the chat and send it."),
    (r"the agent's reply arrives in the customer's Messenger",
     lambda v, s: "The reply appears in the customer's Messenger."),
    (r"the chat conversation can be continued from there",
     lambda v, s: "From there, the chat conversation can be continued: type a reply and send "
                  "it; the reply appears in the customer's Messenger."),
    # connecting the Page with Facebook Login (connect_page.feature); the administration's and
    # Facebook Login's buttons are the profile's labels (facebook_page, continue_with_facebook,
    # connect_page, facebook_continue), quoted like the others
    (r"the administrator logs in to the application from the login page",
     lambda v, s: "In the browser (Chrome, Firefox, Edge, etc), access the application test "
                  f"page:\n{v.login_url}\n\nLog in as the administrator:\n\n"
                  f"- Administrator login: {v.admin_login}\n"
                  f"- Administrator password: {v.admin_password}"),
    (r'the administrator opens "([^"]+)" in the administration',
     lambda v, s, item: f"In the administration, open {_q(v.label(item))}."),
    (r'the administrator clicks on "([^"]+)"',
     lambda v, s, label: f"Click on the {_q(v.label(label))} button: Facebook Login opens."),
    (r"the simulated Facebook asks the administrator to log in",
     lambda v, s: "Facebook asks you to log in."),
    (r"the administrator logs in to Facebook with the account that manages the Page",
     lambda v, s: "Log in to Facebook with the account that manages the company's Facebook "
                  f"Page, {v.page_name}."),
    (r'Facebook lists each permission Interact requests: "([^"]+)"',
     lambda v, s, scopes: f"Facebook lists each permission {v.product} requests: {scopes}."),
    (r"the administrator continues with every permission on",
     lambda v, s: f"Keep every permission on and click on {_q(v.label('Continue'))}."),
    (r"Facebook asks which Pages Interact may access",
     lambda v, s: f"Facebook shows the Page selection: which Pages {v.product} may access."),
    (r"the administrator picks the company's Page and continues",
     lambda v, s: f"Select the company's Page, {v.page_name}, and click on "
                  f"{_q(v.label('Continue'))}."),
    (r"Interact lists the company's Page",
     lambda v, s: f"Back in {v.product}, the company's Page is listed."),
    (r"the administrator connects the company's Page",
     lambda v, s: f"Click on the {_q(v.label('Connect this Page'))} button next to it."),
    (r"Interact shows that it is connected to the company's Page",
     lambda v, s: f"{v.product} shows that it is connected to {v.page_name}: it subscribed "
                  "itself to the Page's messages, which now reach it."),
    (r"a customer sends a message to the Page",
     lambda v, s: "In another browser window, with another Facebook account, send a message to "
                  f"the company's Facebook page:\n{v.page_url}"),
    (r"the message reaches Interact, which reads the customer's name with the token it obtained",
     lambda v, s: f"Go back to the {v.product} screen: the message appears as a new chat "
                  "conversation, with the customer's name."),
]
