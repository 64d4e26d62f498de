"""Steps of the reviewer acting as the customer on the simulated Facebook and Instagram
(guide steps 6-8, and the same journey over Instagram Direct)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import requests
from pytest_bdd import given, parsers, then, when
from selenium.webdriver.remote.webdriver import WebDriver

from homologa.browsers import grant_notifications
from homologa.fixtures import AppUnderTest, SimulatedMeta, TestAccount
from homologa.profiles import Profile
from steps.pages.desk import AgentDesk, ChatCard
from steps.pages.facebook_page import FacebookPage
from steps.pages.instagram import InstagramDirect, InstagramProfile
from steps.pages.messenger import MessengerChat

CUSTOMER_MESSAGE = "Olá! Gostaria de falar com um atendente, por favor."
DIRECT_MESSAGE = "Oi! Vi o perfil de vocês no Instagram e tenho uma dúvida."
INSTAGRAM_FIELDS = "messages,messaging_seen,message_reactions,messaging_postbacks"
AGENT_DIRECT_REPLY = "Hello! This is Interact on Instagram. How can I help you?"


@when("the customer accesses the company's Facebook page in another browser window",
      target_fixture="facebook_page")
def open_facebook_page(customer_browser: WebDriver, meta: SimulatedMeta,
                       homologa_profile: Profile) -> FacebookPage:
    return FacebookPage(customer_browser, meta.url, homologa_profile,
                        username=meta.page["username"]).open()


@then(parsers.parse('a screen with the title "{title}" appears'))
def connect_title_appears(facebook_page: FacebookPage, title: str) -> None:
    assert facebook_page.is_marked_simulated
    assert facebook_page.login_prompt.title == title


@when("the customer logs in with the Facebook test account")
def log_in_to_facebook(facebook_page: FacebookPage, customer: TestAccount) -> None:
    facebook_page.log_in(customer.email, customer.password)
    assert facebook_page.is_logged_in, facebook_page.login_prompt.error


@when("the customer allows the Facebook screen to display notifications")
def allow_facebook_notifications(facebook_page: FacebookPage, meta: SimulatedMeta) -> None:
    grant_notifications(facebook_page.driver, meta.url)
    assert facebook_page.notification_permission == "granted"
    facebook_page.notifications.wait_for("granted")


@when(parsers.parse('the customer clicks on the "{label}" button to open "{app}"'),
      target_fixture="messenger")
def open_messenger(facebook_page: FacebookPage, label: str, app: str) -> MessengerChat:
    assert facebook_page.message_button_label == label
    messenger = facebook_page.open_messenger()
    assert app == facebook_page.profile.label("messenger")
    return messenger


@when("the customer sends a text message via Messenger", target_fixture="sent_text")
def send_text_message(messenger: MessengerChat) -> str:
    messenger.send(CUSTOMER_MESSAGE)
    return CUSTOMER_MESSAGE


# --- Instagram Direct ----------------------------------------------------------------------
@given("the app is Live and receives the webhooks of the company's Instagram account")
def app_receives_instagram_webhooks(meta: SimulatedMeta, app_under_test: AppUnderTest) -> None:
    meta.control.configure_app(mode="live")
    meta.control.subscribe_webhook(f"{app_under_test.url}/webhook", object="instagram",
                                   fields=INSTAGRAM_FIELDS)


@when("the customer accesses the company's Instagram profile in another browser window",
      target_fixture="instagram_profile")
def open_instagram_profile(customer_browser: WebDriver, meta: SimulatedMeta,
                           homologa_profile: Profile) -> InstagramProfile:
    return InstagramProfile(customer_browser, meta.url, homologa_profile,
                            username=meta.world["instagram"]["username"]).open()


@then(parsers.parse('the Instagram profile asks to "{title}"'))
def instagram_login_title(instagram_profile: InstagramProfile, title: str) -> None:
    assert instagram_profile.is_marked_simulated
    assert instagram_profile.login_prompt.title == title


@when("the customer logs in to Instagram with the test account")
def log_in_to_instagram(instagram_profile: InstagramProfile, customer: TestAccount) -> None:
    instagram_profile.log_in(customer.email, customer.password)
    assert instagram_profile.is_logged_in, instagram_profile.login_prompt.error


@when("the customer allows the Instagram screen to display notifications")
def allow_instagram_notifications(instagram_profile: InstagramProfile,
                                  meta: SimulatedMeta) -> None:
    grant_notifications(instagram_profile.driver, meta.url)
    instagram_profile.notifications.wait_for("granted")


@when(parsers.parse('the customer clicks on the "{label}" button to open the Direct thread'),
      target_fixture="direct")
def open_direct(instagram_profile: InstagramProfile, label: str) -> InstagramDirect:
    assert instagram_profile.message_button_label == label
    return instagram_profile.open_direct()


@when("the customer sends a Direct message", target_fixture="sent_text")
def send_direct_message(direct: InstagramDirect) -> str:
    direct.send_with_enter(DIRECT_MESSAGE)
    return DIRECT_MESSAGE


@then("Meta delivers the signed Instagram webhook of the message to the app")
def instagram_webhook_delivered(meta: SimulatedMeta, customer: TestAccount) -> None:
    igsid = next(a["igsid"] for a in meta.control.world()["test_accounts"]
                 if a["email"] == customer.email)
    entry = meta.control.wait_for_journal(
        lambda e: e["psid"] == igsid and e["event"] == "messages" and e["outcome"] != "retry",
        kind="webhook")
    assert (entry["outcome"], entry["status"]) == ("delivered", 200), entry
    assert entry["body"].startswith('{"object":"instagram"'), entry["body"][:80]


@then("the Direct message appears on the Interact screen as a new chat conversation",
      target_fixture="chat_card")
def direct_message_arrives_as_new_chat(desk: AgentDesk, sent_text: str) -> ChatCard:
    card = desk.wait_for_chat_with_message(sent_text)
    assert len(desk.chats) == 1, f"expected one new chat, the desk shows {len(desk.chats)}"
    return card


@then("the agent's reply reaches the customer's Direct thread")
def reply_reaches_direct(desk: AgentDesk, chat_card: ChatCard, direct: InstagramDirect,
                         sent_text: str) -> None:
    panel = desk.wait_for_open_chat(chat_card.chat_id)
    assert panel.messages("in") == [sent_text]
    panel.reply(AGENT_DIRECT_REPLY)
    assert not panel.reply_error, panel.reply_error
    direct.wait_for_reply(AGENT_DIRECT_REPLY)


# --- the thread behaves like the real one ---------------------------------------------------
def _scoped_id(meta: SimulatedMeta, customer: TestAccount) -> str:
    """The customer's IGSID (the id the app sees for an Instagram customer)."""
    return next(a["igsid"] for a in meta.control.world()["test_accounts"]
                if a["email"] == customer.email)


def _send_as_company(meta: SimulatedMeta, customer: TestAccount, body: dict) -> dict:
    """What the app under test does through the Send API, with the Page token."""
    reply = requests.post(f"{meta.url}/{meta.world['graph_version']}/me/messages",
                          params={"access_token": meta.page["access_token"]}, timeout=10,
                          json={"recipient": {"id": _scoped_id(meta, customer)}, **body})
    assert reply.status_code == 200, reply.text
    return reply.json()


def _sample_picture(path: Path) -> Path:
    """A 160x120 PNG of coloured stripes, written by hand (no imaging library)."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((90 + (x // 20) * 20, 70, 150 + y // 2)) for x in range(160))
        for y in range(120))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 160, 120, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


@given("the customer is logged in to Instagram with the Direct thread of the company open",
       target_fixture="direct")
def direct_thread_open(customer_browser: WebDriver, meta: SimulatedMeta, customer: TestAccount,
                       homologa_profile: Profile) -> InstagramDirect:
    profile = InstagramProfile(customer_browser, meta.url, homologa_profile,
                               username=meta.world["instagram"]["username"]).open()
    return profile.log_in(customer.email, customer.password).open_direct()


@given("the customer allows the Direct thread to display notifications")
def allow_direct_notifications(direct: InstagramDirect, meta: SimulatedMeta) -> None:
    grant_notifications(direct.driver, meta.url)
    direct.notifications.wait_for("granted")


@when(parsers.parse('the customer sends the script-like text "{text}"'), target_fixture="sent_text")
def send_script_like_text(direct: InstagramDirect, text: str) -> str:
    direct.send(text)
    return text


@then("the Direct thread shows that text as it was typed")
def text_shown_as_text(direct: InstagramDirect, sent_text: str) -> None:
    assert direct.messages("customer") == [sent_text]
    assert direct.driver.execute_script("return window.__xss === undefined;")


@when(parsers.parse('the company reacts with "{emoji}" to the customer\'s message'),
      target_fixture="reacted_mid")
def company_reacts(direct: InstagramDirect, meta: SimulatedMeta, customer: TestAccount,
                   sent_text: str, emoji: str) -> str:
    mid = next(b.mid for b in direct.bubbles if b.sender == "customer" and b.text == sent_text)
    _send_as_company(meta, customer, {"sender_action": "react",
                                      "payload": {"message_id": mid, "reaction": emoji}})
    return mid


@then(parsers.parse('the Direct thread shows the reaction "{emoji}" on the customer\'s message'))
def company_reaction_shown(direct: InstagramDirect, reacted_mid: str, emoji: str) -> None:
    assert direct.wait_for_reaction(reacted_mid, emoji).sender == "customer"


@when("the company starts typing")
def company_starts_typing(meta: SimulatedMeta, customer: TestAccount) -> None:
    _send_as_company(meta, customer, {"sender_action": "typing_on"})


@then("the Direct thread shows that the company is typing")
def typing_shown(direct: InstagramDirect) -> None:
    direct.wait_for_typing(shown=True)


@when(parsers.parse('the company replies "{text}" while the customer\'s tab is hidden'),
      target_fixture="reply_mid")
def company_replies_while_hidden(direct: InstagramDirect, meta: SimulatedMeta,
                                 customer: TestAccount, text: str) -> str:
    direct.hide_tab()
    mid = _send_as_company(meta, customer, {"message": {"text": text}})["message_id"]
    direct.bubble(mid)
    direct.show_tab()
    return mid


@then("the reply appears in the Direct thread and the typing indicator is gone")
def reply_shown_typing_gone(direct: InstagramDirect, reply_mid: str) -> None:
    assert direct.bubble(reply_mid).sender == "page"
    assert not direct.is_typing_shown


@then("the customer was notified of the reply")
def customer_notified(direct: InstagramDirect) -> None:
    assert direct.notifications_raised == 1


@when(parsers.parse('the customer reacts with "{reaction}" to the reply'))
def react_to_reply(direct: InstagramDirect, reply_mid: str, reaction: str) -> None:
    direct.bubble(reply_mid).react(reaction)


@then(parsers.parse('Meta delivers the "{field}" webhook to the app'))
def webhook_delivered(meta: SimulatedMeta, customer: TestAccount, field: str) -> None:
    igsid = _scoped_id(meta, customer)
    entry = meta.control.wait_for_journal(
        lambda e: e["psid"] == igsid and field in (e["event"] or "").split(",")
        and e["outcome"] != "retry", kind="webhook")
    assert (entry["outcome"], entry["status"]) == ("delivered", 200), entry


@when("the customer sends a picture", target_fixture="picture_url")
def send_picture(direct: InstagramDirect, tmp_path: Path) -> str:
    return direct.attach_picture(_sample_picture(tmp_path / "foto.png")).image_url


@then("Meta delivers the picture's webhook with a URL the app can fetch")
def picture_webhook_fetchable(meta: SimulatedMeta, customer: TestAccount,
                              picture_url: str) -> None:
    entry = meta.control.wait_for_journal(
        lambda e: e["outcome"] == "delivered" and picture_url in (e["body"] or "").replace("\\/", "/"),
        kind="webhook")
    fetched = requests.get(picture_url, timeout=10)
    assert (entry["status"], fetched.status_code, fetched.headers["Content-Type"]) == (
        200, 200, "image/png")


@when("the company marks the thread as seen")
def company_marks_seen(meta: SimulatedMeta, customer: TestAccount) -> None:
    _send_as_company(meta, customer, {"sender_action": "mark_seen"})


@then(parsers.parse('the Direct thread shows "{receipt}"'))
def receipt_shown(direct: InstagramDirect, receipt: str) -> None:
    direct.wait_for_receipt(receipt)
