"""Pictures a customer sends: checked by content and size, kept, served back, sent as webhooks."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sim_actors import Customer, Receiver

import simulator
from simulator.client import Control


def tiny_png() -> bytes:
    """A valid 1x1 PNG built by hand (no imaging library)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


@pytest.fixture
def small_app() -> Flask:
    return simulator.create_app({"TESTING": True, "SEED": 2026, "UPLOAD_MAX_BYTES": 200})


def logged_in(app: Flask) -> tuple[FlaskClient, str]:
    world = app.extensions["homologa.world"]
    tester = next(a for a in world.describe()["test_accounts"] if a["role"] == "tester")
    client = app.test_client()
    client.post("/login", data={"email": tester["email"], "password": tester["password"],
                                "next": "/pagina_da_sua_empresa/"})
    return client, f"/messages/t/{world.page.id}/attachments"


def upload(client: FlaskClient, url: str, data: bytes, name: str = "foto.png"):
    return client.post(url, data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


@pytest.mark.parametrize(("data", "name", "status", "message"), [
    (b"", "vazio.png", 400, "The picture is empty: choose another file."),
    (b"%PDF-1.7 not a picture", "foto.png", 415,
     "Only pictures can be sent here: PNG, JPEG, GIF or WebP."),
    (b"<svg onload=alert(1)></svg>", "x.svg", 415,
     "Only pictures can be sent here: PNG, JPEG, GIF or WebP."),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 300, "big.png", 413,
     "The picture is too large: the limit is 200 bytes. Send a smaller one."),
])
def test_bad_uploads_are_refused_with_a_clear_error(small_app: Flask, data: bytes, name: str,
                                                    status: int, message: str) -> None:
    client, url = logged_in(small_app)
    reply = upload(client, url, data, name)
    assert (reply.status_code, reply.json["error"]["message"]) == (status, message)


def test_upload_without_a_file_is_refused(small_app: Flask) -> None:
    client, url = logged_in(small_app)
    reply = client.post(url, data={}, content_type="multipart/form-data")
    assert (reply.status_code, reply.json["error"]["message"]) == (
        400, "Choose a picture to send (field `file`).")


def test_upload_needs_login(small_app: Flask) -> None:
    world = small_app.extensions["homologa.world"]
    reply = upload(small_app.test_client(), f"/messages/t/{world.page.id}/attachments",
                   tiny_png())
    assert reply.status_code == 401


def test_picture_is_stored_served_and_shown(small_app: Flask) -> None:
    client, url = logged_in(small_app)
    answer = upload(client, url, tiny_png()).json
    picture_url = answer["attachment"]["payload"]["url"]
    assert answer["attachment"]["type"] == "image" and picture_url.startswith("http://localhost/")
    served = client.get(picture_url.removeprefix("http://localhost"))
    assert (served.status_code, served.mimetype, served.data) == (200, "image/png", tiny_png())
    html = client.get(url.removesuffix("/attachments")).text
    assert f'<img src="{picture_url}"' in html and 'data-testid="message-image"' in html


def test_reset_forgets_uploads(small_app: Flask) -> None:
    client, url = logged_in(small_app)
    picture_url = upload(client, url, tiny_png()).json["attachment"]["payload"]["url"]
    small_app.extensions["homologa.world"].reset()
    assert client.get(picture_url.removeprefix("http://localhost")).status_code == 404


def test_app_receives_an_attachment_webhook_it_can_fetch(control: Control, receiver: Receiver,
                                                         tester: Customer) -> None:
    control.subscribe_webhook(receiver.url)
    reply = tester.http.post(f"{tester.base_url}/messages/t/{tester.page_id}/attachments",
                             files={"file": ("foto.png", tiny_png(), "image/png")}, timeout=10)
    assert reply.status_code == 200, reply.text
    body = json.loads(receiver.wait_for_post().body)
    attachment = body["entry"][0]["messaging"][0]["message"]["attachments"][0]
    assert attachment["type"] == "image"
    fetched = requests.get(attachment["payload"]["url"], timeout=10)
    assert (fetched.status_code, fetched.content) == (200, tiny_png())
