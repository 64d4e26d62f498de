"""Independent clients: a real Messenger library from PyPI (fbmessenger 6.0.0, pinned in the
`independent` optional dependencies) pointed at the simulator's base URL sends, reads profiles,
uploads attachments and parses our webhooks; and a Node receiver written from Meta's published
algorithm (HMAC over the raw body, as the quick-start app.js does) verifies our signatures."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fbmessenger import (  # pinned in the dev extra of pyproject.toml
    BaseMessenger,
    MessengerClient,
    attachments,
    elements,
    quick_replies,
    sender_actions,
)
from meta_helpers import account, wait_webhook
from sim_actors import Receiver

from simulator.client import Control


@pytest.fixture
def client(base_url: str, world: dict, control: Control) -> MessengerClient:
    """The library's own client; only its Graph base URL is changed (the documented attribute)."""
    control.configure_app(require_appsecret_proof=True)  # the library sends appsecret_proof
    messenger = MessengerClient(world["page"]["access_token"], api_version="25.0",
                                app_secret=world["app"]["secret"])
    messenger.graph_url = f"{base_url}/v25.0"
    return messenger


@pytest.fixture
def tester(control: Control, world: dict) -> dict:
    tester = account(world, "tester")
    control.customer_send(tester["id"], "Oi")
    return tester


def test_library_sends_text_with_quick_replies(client: MessengerClient, tester: dict,
                                               control: Control) -> None:
    replies = quick_replies.QuickReplies([quick_replies.QuickReply(title="Sim", payload="YES"),
                                          quick_replies.QuickReply(title="Não", payload="NO")])
    answer = client.send(elements.Text("Podemos ajudar?", quick_replies=replies).to_dict(),
                         tester["psid"])
    assert answer["recipient_id"] == tester["psid"] and answer["message_id"].startswith("m_")
    entry = control.journal(kind="graph", path="/v25.0/me/messages")[-1]
    assert (entry["status"], entry["psid"]) == (200, tester["psid"])


def test_library_sender_action(client: MessengerClient, tester: dict) -> None:
    action = sender_actions.SenderAction("typing_on").to_dict()
    assert client.send_action(action, tester["psid"]) == {"recipient_id": tester["psid"]}


def test_library_reads_the_whole_error(client: MessengerClient, world: dict) -> None:
    outsider = account(world, None)
    answer = client.send(elements.Text("Olá").to_dict(), outsider["psid"])
    assert (answer["error"]["code"], answer["error"]["error_subcode"]) == (10, 2018028)


def test_library_default_profile_fields_fail_as_a_whole(client: MessengerClient,
                                                        tester: dict) -> None:
    """Its default fields include locale/timezone/gender: one ungranted field fails them all."""
    answer = client.get_user_data(tester["psid"])
    assert (answer["error"]["code"], answer["error"]["message"]) == (
        2018247, "Insufficient permission to access user profile.")
    named = client.get_user_data(tester["psid"], fields=["first_name", "last_name"])
    assert (named["first_name"], named["last_name"]) == (tester["first_name"],
                                                        tester["last_name"])


def test_library_uploads_and_reuses_an_attachment(client: MessengerClient, base_url: str,
                                                  tester: dict) -> None:
    image = attachments.Image(url=f"{base_url}/_sim/avatar/{tester['psid']}.svg",
                              is_reusable=True)
    uploaded = client.upload_attachment(image)
    reused = client.send(attachments.Image(attachment_id=uploaded["attachment_id"]).to_dict(),
                         tester["psid"])
    assert reused["message_id"].startswith("m_")


class Recorder(BaseMessenger):
    """The library's webhook dispatcher, recording which handler each event reached."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def account_linking(self, message: dict) -> None:
        self.calls.append(("account_linking", message))

    def message(self, message: dict) -> None:
        self.calls.append(("message", message))

    def delivery(self, message: dict) -> None:
        self.calls.append(("delivery", message))

    def optin(self, message: dict) -> None:
        self.calls.append(("optin", message))

    def postback(self, message: dict) -> None:
        self.calls.append(("postback", message))

    def read(self, message: dict) -> None:
        self.calls.append(("read", message))


def test_library_dispatches_our_webhooks(control: Control, receiver: Receiver,
                                         world: dict) -> None:
    control.subscribe_webhook(receiver.url)
    user = account(world, "tester")["id"]
    sent = control.customer_send(user, "Olá")
    wait_webhook(control, mid=sent["mid"], outcome="delivered")
    postback = control.customer_postback(user, "Começar", "GET_STARTED")
    wait_webhook(control, mid=postback["mid"], outcome="delivered")
    control.customer_read(user)
    wait_webhook(control, event="message_reads", outcome="delivered")
    recorder = Recorder()
    for request in receiver.requests:
        if request.method == "POST":
            recorder.handle(json.loads(request.body))
    assert [name for name, _ in recorder.calls] == ["message", "postback", "read"]
    assert recorder.calls[0][1]["message"]["text"] == "Olá"


# --- a Node receiver written from Meta's algorithm -------------------------------------------
NODE_RECEIVER = Path(__file__).with_name("node_receiver.js")


@pytest.fixture
def node_receiver(world: dict) -> Iterator[tuple[str, subprocess.Popen]]:
    node = shutil.which("node")
    assert node, "node is not installed (make setup installs nodejs)"
    process = subprocess.Popen([node, str(NODE_RECEIVER), world["app"]["secret"],
                                world["app"]["verify_token"]],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port_line = process.stdout.readline()  # the receiver prints its port once listening
    assert port_line.startswith("listening "), process.stderr.read()
    yield f"http://127.0.0.1:{port_line.split()[1]}/webhook", process
    process.terminate()
    process.wait(timeout=10)


def test_node_receiver_accepts_handshake_and_signatures(control: Control, world: dict,
                                                        node_receiver: tuple) -> None:
    url, process = node_receiver
    control.subscribe_webhook(url)  # the handshake: the Node app echoes hub.challenge
    user = account(world, "tester")["id"]
    texts = ["Olá, ação!", "emoji \U0001f600 fora do BMP", "aspas \" e \\ barra"]
    mids = [control.customer_send(user, text)["mid"] for text in texts]
    for mid in mids:
        assert wait_webhook(control, mid=mid)["outcome"] == "delivered"  # Node answered 200
    process.terminate()
    verdicts = [json.loads(line) for line in process.stdout.read().splitlines()]
    assert [v["text"] for v in verdicts] == texts
    assert all(v["sha256"] == "valid" and v["sha1"] == "valid" for v in verdicts)


def test_node_receiver_rejects_a_wrong_secret(control: Control, world: dict,
                                              node_receiver: tuple) -> None:
    url, _ = node_receiver
    control.seed({"seed": 99})  # another world: another app secret signs
    control.subscribe_webhook(url, verify_token=world["app"]["verify_token"])
    new_world = control.world()
    sent = control.customer_send(account(new_world, "tester")["id"], "Oi")
    entry = wait_webhook(control, mid=sent["mid"])
    assert (entry["outcome"], entry["status"]) == ("failed", 403)
