"""Pictures customers upload in a chat: validated, kept for the world's lifetime, served back.

The app under test receives an attachment webhook whose `payload.url` points here, as Meta's
points at its CDN, so the app can fetch the bytes. A world reset forgets every upload.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app
from werkzeug.datastructures import FileStorage

from simulator.errors import SimulatorError
from simulator.extension import current_world

__all__ = ["IMAGE_TYPES", "Upload", "UploadStore", "bp", "store_upload"]

bp = Blueprint("uploads", __name__)
EXTENSION_KEY = "homologa.uploads"
DEFAULT_MAX_BYTES = 25 * 1024 * 1024  # Messenger's attachment limit
# content type -> (file name extension, the bytes such a file starts with)
IMAGE_TYPES = {"image/png": ("png", (b"\x89PNG\r\n\x1a\n",)),
               "image/jpeg": ("jpg", (b"\xff\xd8\xff",)),
               "image/gif": ("gif", (b"GIF87a", b"GIF89a")),
               "image/webp": ("webp", (b"RIFF",))}


@dataclass(frozen=True)
class Upload:
    id: str
    name: str
    content_type: str
    data: bytes


class UploadStore:
    """Uploads of one world generation; a new generation (reset) starts empty."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = -1
        self._uploads: dict[str, Upload] = {}

    def add(self, generation: int, name: str, content_type: str, data: bytes,
            new_id: str) -> Upload:
        with self._lock:
            self._forget_if_stale(generation)
            upload = Upload(new_id, name, content_type, data)
            self._uploads[new_id] = upload
            return upload

    def get(self, generation: int, upload_id: str) -> Upload | None:
        with self._lock:
            self._forget_if_stale(generation)
            return self._uploads.get(upload_id)

    def _forget_if_stale(self, generation: int) -> None:
        if generation != self._generation:
            self._generation, self._uploads = generation, {}


def _store() -> UploadStore:
    return current_app.extensions[EXTENSION_KEY]


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n} bytes"


def sniff_image(data: bytes) -> str | None:
    """The image type `data` really is (by its first bytes), or None."""
    for content_type, (_, signatures) in IMAGE_TYPES.items():
        if data.startswith(signatures) and (content_type != "image/webp" or data[8:12] == b"WEBP"):
            return content_type
    return None


def store_upload(file: FileStorage | None) -> Upload:
    """Check an uploaded picture (type by content, size limit) and keep it; clear errors."""
    limit = int(current_app.config.get("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    if file is None or not file.filename:
        raise SimulatorError("Choose a picture to send (field `file`).")
    data = file.read(limit + 1)
    if not data:
        raise SimulatorError("The picture is empty: choose another file.")
    if len(data) > limit:
        raise SimulatorError(f"The picture is too large: the limit is {_size(limit)}. "
                             "Send a smaller one.", 413)
    content_type = sniff_image(data)
    if content_type is None:
        raise SimulatorError("Only pictures can be sent here: PNG, JPEG, GIF or WebP.", 415)
    world = current_world()
    with world.lock:
        new_id = world.digits(16)
    name = f"{new_id}.{IMAGE_TYPES[content_type][0]}"
    return _store().add(world.generation, name, content_type, data, new_id)


@bp.get("/_sim/uploads/<upload_id>/<name>")
def serve(upload_id: str, name: str) -> Response:
    upload = _store().get(current_world().generation, upload_id)
    if upload is None or upload.name != name:
        abort(404)
    return Response(upload.data, mimetype=upload.content_type,
                    headers={"Cache-Control": "private, max-age=3600",
                             "X-Content-Type-Options": "nosniff"})
