"""Send API contents: quick replies, templates validated for shape, attachments by URL and by
`attachment_id` (Attachment Upload API), metadata, and sender actions pushed live."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
import requests
from meta_helpers import account, graph_post, whole_error
from sim_actors import Customer

from simulator.client import Control


@pytest.fixture
def psid(control: Control, world: dict) -> str:
    tester = account(world, "tester")
    control.customer_send(tester["id"], "Oi")
    return tester["psid"]


def send(base_url: str, token: str, psid: str, message: dict) -> requests.Response:
    return graph_post(base_url, "/me/messages", token,
                      {"recipient": {"id": psid}, "messaging_type": "RESPONSE",
                       "message": message})


QUICK = {"content_type": "text", "title": "Vermelho", "payload": "RED"}
BUTTON = {"type": "postback", "title": "Falar com agente", "payload": "AGENT"}


@pytest.mark.parametrize("message", [
    {"text": "Escolha:", "quick_replies": [QUICK, {**QUICK, "content_type": "user_email"}]},
    {"attachment": {"type": "template", "payload": {
        "template_type": "button", "text": "Como podemos ajudar?", "buttons": [BUTTON]}}},
    {"attachment": {"type": "template", "payload": {"template_type": "generic", "elements": [
        {"title": "Plano A", "subtitle": "R$ 10", "buttons": [
            {"type": "web_url", "url": "https://example.com", "title": "Ver"}]}]}}},
    {"text": "com metadados", "metadata": "ticket=42"},
], ids=["quick-replies", "button-template", "generic-template", "metadata"])
def test_well_formed_contents_are_sent(base_url: str, page_token: str, psid: str,
                                       message: dict) -> None:
    reply = send(base_url, page_token, psid, message)
    assert reply.status_code == 200, reply.text
    assert re.fullmatch(r"m_[A-Za-z0-9_-]{86}", reply.json()["message_id"])


@pytest.mark.parametrize(("message", "detail"), [
    ({"text": "x", "quick_replies": [QUICK] * 14},
     "(#100) param message[quick_replies] must have at most 13 items"),
    ({"text": "x", "quick_replies": [{"content_type": "text", "title": "A"}]},
     "(#100) The parameter message[quick_replies][0][payload] is required"),
    ({"text": "x", "quick_replies": [QUICK, {**QUICK, "payload": "p" * 1001}]},
     ("(#100) Length of param message[quick_replies][1][payload] must be less than or equal "
      "to 1000")),
    ({"text": "x", "quick_replies": [{**QUICK, "title": 5}]},
     "(#100) Param message[quick_replies][0][title] must be a string"),
    ({"attachment": {"type": "template", "payload": {
        "template_type": "button", "text": "x", "buttons": [BUTTON] * 4}}},
     "(#100) param message[attachment][payload][buttons] must have 1 to 3 items"),
    ({"attachment": {"type": "template", "payload": {"template_type": "generic",
                                                     "elements": []}}},
     "(#100) param message[attachment][payload][elements] must have 1 to 10 items"),
    ({"attachment": {"type": "template", "payload": {"template_type": "receipt"}}},
     ('(#100) param message[attachment][payload][template_type] must be one of {button, '
     'generic, media} - got "receipt"')),
    ({"attachment": {"type": "sticker", "payload": {"url": "https://example.com/a.png"}}},
     ('(#100) Param message[attachment][type] must be one of {image, audio, video, file, '
     'template} - got "sticker"')),
    ({"text": "x", "attachment": {"type": "image", "payload": {"url": "https://e.com/a"}}},
     "(#100) Only one of message[text] and message[attachment] may be set"),
    ({"text": "x", "metadata": "m" * 1001},
     "(#100) Length of param message[metadata] must be less than or equal to 1000"),
], ids=["14-quick-replies", "quick-reply-without-payload", "quick-reply-payload-1001",
        "quick-reply-title-not-a-string", "4-buttons", "no-elements",
        "unknown-template", "unknown-attachment-type", "text-and-attachment", "metadata-1001"])
def test_malformed_contents_are_code_100(base_url: str, page_token: str, psid: str,
                                         message: dict, detail: str) -> None:
    assert whole_error(send(base_url, page_token, psid, message)) == (
        400, 100, None, "OAuthException", detail)


def test_a_quick_reply_payload_of_1000_characters_and_a_long_title_are_sent(
        base_url: str, page_token: str, psid: str) -> None:
    """1000 characters is the limit, not over it; a title over 20 characters is truncated
    when shown, not refused (meta-api.md 3.2)."""
    reply = send(base_url, page_token, psid, {"text": "x", "quick_replies": [
        {**QUICK, "title": "Falar com um atendente agora", "payload": "p" * 1000}]})
    assert reply.status_code == 200, reply.text


def test_the_title_limit_is_one_fact() -> None:
    from simulator import customers
    from simulator.graph import sendspec

    assert sendspec.QUICK_REPLY_TITLE == customers.QUICK_REPLY_TITLE_CHARS == 20


def avatar_url(base_url: str, psid: str) -> str:
    return f"{base_url}/_sim/avatar/{psid}.svg"  # a URL the simulator itself serves (200)


def test_attachment_by_url_is_fetched(base_url: str, page_token: str, psid: str) -> None:
    reply = send(base_url, page_token, psid,
                 {"attachment": {"type": "image", "payload": {"url": avatar_url(base_url, psid)}}})
    assert reply.status_code == 200 and set(reply.json()) == {"recipient_id", "message_id"}


def test_unreachable_attachment_url_is_2018008(base_url: str, page_token: str,
                                               psid: str) -> None:
    url = f"{base_url}/_sim/avatar/0.svg"  # 404
    reply = send(base_url, page_token, psid, {"attachment": {"type": "image",
                                                             "payload": {"url": url}}})
    assert whole_error(reply) == (400, 100, 2018008, "OAuthException",
                                  "(#100) Failed to fetch the file from the url")


def test_uploaded_attachment_is_sent_by_id(base_url: str, page_token: str, psid: str) -> None:
    upload = graph_post(base_url, "/me/message_attachments", page_token, {"message": {
        "attachment": {"type": "image", "payload": {"url": avatar_url(base_url, psid),
                                                     "is_reusable": True}}}})
    assert upload.status_code == 200 and list(upload.json()) == ["attachment_id"]
    assert re.fullmatch(r"\d{16}", upload.json()["attachment_id"])
    reply = send(base_url, page_token, psid, {"attachment": {
        "type": "image", "payload": {"attachment_id": upload.json()["attachment_id"]}}})
    assert reply.status_code == 200


def test_unknown_attachment_id_is_2018074(base_url: str, page_token: str, psid: str) -> None:
    reply = send(base_url, page_token, psid, {"attachment": {
        "type": "image", "payload": {"attachment_id": "1234567890123456"}}})
    assert whole_error(reply) == (400, 100, 2018074, "OAuthException",
                                  "(#100) Possible invalid ID or you do not own the attachment.")


def test_upload_without_url_is_2018047(base_url: str, page_token: str) -> None:
    reply = graph_post(base_url, "/me/message_attachments", page_token, {"message": {
        "attachment": {"type": "image", "payload": {"is_reusable": True}}}})
    assert whole_error(reply) == (400, 100, 2018047, "OAuthException",
                                  "(#100) Upload attachment failure.")


@pytest.fixture
def stream(tester: Customer) -> Iterator[Iterator[str]]:
    reply = requests.get(f"{tester.base_url}/messages/t/{tester.page_id}/events",
                         cookies=tester.http.cookies, stream=True, timeout=(5, 20))
    lines = reply.iter_lines(decode_unicode=True)
    next(lines)  # subscribed once the first comment arrives
    yield lines
    reply.close()


def next_event(lines: Iterator[str]) -> tuple[str, dict]:
    name = None
    for line in lines:
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: "):
            return str(name), json.loads(line[len("data: "):])
    raise AssertionError("stream ended")


@pytest.mark.parametrize("action", ["typing_on", "typing_off", "mark_seen"])
def test_sender_action_reaches_the_customer_live(base_url: str, page_token: str,
                                                 tester: Customer, stream: Iterator[str],
                                                 action: str) -> None:
    tester.send("Oi")
    assert next_event(stream)[0] == "message"
    reply = graph_post(base_url, "/me/messages", page_token,
                       {"recipient": {"id": tester.account["psid"]}, "sender_action": action})
    assert (reply.status_code, reply.json()) == (200, {"recipient_id": tester.account["psid"]})
    assert next_event(stream) == ("sender_action", {"sender_action": action})


def test_react_sender_action_names_the_message(base_url: str, page_token: str,
                                               tester: Customer, stream: Iterator[str]) -> None:
    mid = tester.send("Oi")
    next_event(stream)
    reply = graph_post(base_url, "/me/messages", page_token, {
        "recipient": {"id": tester.account["psid"]}, "sender_action": "react",
        "payload": {"message_id": mid, "reaction": "\U0001f60a"}})
    assert reply.status_code == 200
    assert next_event(stream) == ("sender_action", {
        "sender_action": "react", "payload": {"message_id": mid, "reaction": "\U0001f60a"}})


def test_multipart_upload_is_served_and_sendable(base_url: str, page_token: str,
                                                 psid: str) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    upload = requests.post(
        f"{base_url}/v25.0/me/message_attachments", params={"access_token": page_token},
        data={"message": json.dumps({"attachment": {"type": "image",
                                                    "payload": {"is_reusable": True}}})},
        files={"filedata": ("pic.png", png, "image/png")}, timeout=10)
    attachment_id = upload.json()["attachment_id"]
    served = requests.get(f"{base_url}/_sim/attachments/{attachment_id}", timeout=10)
    assert (served.status_code, served.content, served.headers["Content-Type"]) == (
        200, png, "image/png")
    reply = send(base_url, page_token, psid, {"attachment": {
        "type": "image", "payload": {"attachment_id": attachment_id}}})
    assert reply.status_code == 200
