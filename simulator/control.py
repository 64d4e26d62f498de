"""The /_sim control API: reset and seed the world, read it, move the clock, change app and user
settings, arm faults, act as a customer, read and clear the journal. JSON both ways; mirrored
one to one by `simulator.client.Control` (docs/contracts.md)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from simulator import customer_actions, handover, scenario, seeding
from simulator.errors import SimulatorError
from simulator.extension import current_world
from simulator.journal import KINDS
from simulator.web.uploads import IMAGE_TYPES

bp = Blueprint("control", __name__, url_prefix="/_sim", template_folder="templates")

# the media types an uploaded attachment is served as, by its `type`; any other is a download
ATTACHMENT_MEDIA_TYPES = {
    "image": frozenset(IMAGE_TYPES),
    "audio": frozenset({"audio/mpeg", "audio/mp4", "audio/aac", "audio/ogg", "audio/wav",
                        "audio/x-wav", "audio/webm", "audio/amr"}),
    "video": frozenset({"video/mp4", "video/quicktime", "video/webm", "video/3gpp",
                        "video/ogg"}),
    "file": frozenset({"application/pdf", "text/plain", "text/csv", "application/zip",
                       "application/msword", "application/vnd.ms-excel",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
}


@bp.errorhandler(ValueError)
@bp.errorhandler(TypeError)
def refuse_bad_value(error: Exception) -> tuple[dict[str, Any], int]:
    """A value of the wrong type deep in a control call (a null count, a date that is not one)
    is the caller's mistake: answer the JSON error, never an HTML 500."""
    return SimulatorError(f"invalid value in {request.path}: {error}").envelope(), 400


def _body() -> dict[str, Any]:
    if not request.get_data():
        return {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise SimulatorError("the body must be a JSON object")
    return body


@bp.post("/reset")
def reset() -> dict[str, Any]:
    world = current_world()
    world.reset(_seed_of(_body()))
    return world.describe()


@bp.post("/seed")
def seed() -> dict[str, Any]:
    world = current_world()
    spec = seeding.parse(request.get_data(as_text=True), request.mimetype)
    world.reset(_seed_of({"seed": spec.get("seed")}), spec)
    return world.describe()


@bp.get("/world")
def world_state() -> dict[str, Any]:
    return current_world().describe()


@bp.get("/clock")
def clock() -> dict[str, Any]:
    clock = current_world().clock
    return {"now_ms": clock.now_ms(), "frozen": clock.is_frozen}


@bp.post("/clock")
def move_clock() -> dict[str, Any]:
    clock, body = current_world().clock, _body()
    customer_actions.move_clock(clock, body)
    return {"now_ms": clock.now_ms(), "frozen": clock.is_frozen}


@bp.post("/app")
def configure_app() -> dict[str, Any]:
    world = current_world()
    scenario.configure_app(world, _body())
    return world.describe()["app"]


@bp.post("/users/<user_id>")
def configure_user(user_id: str) -> dict[str, Any]:
    world = current_world()
    account = scenario.configure_user(world, user_id, _body())
    return next(a for a in world.describe()["test_accounts"] if a["id"] == account.id)


@bp.post("/pages/<page_ref>")
def configure_page(page_ref: str) -> dict[str, Any]:
    world = current_world()
    page = scenario.configure_page(world, page_ref, _body())
    return next(p for p in world.describe()["pages"] if p["id"] == page.id)


@bp.post("/tokens")
def configure_token() -> dict[str, Any]:
    return scenario.configure_token(current_world(), _body())


@bp.post("/instagram")
def configure_instagram() -> dict[str, Any]:
    world = current_world()
    customer_actions.configure_instagram(world, _body())
    return world.describe()["instagram"] or {}


@bp.get("/faults")
def faults() -> dict[str, Any]:
    return {"faults": current_world().faults.armed()}


@bp.post("/faults")
def arm_fault() -> dict[str, Any]:
    fault = current_world().faults.arm(_body())
    return fault.describe()


@bp.delete("/faults")
def clear_faults() -> dict[str, Any]:
    current_world().faults.clear()
    return {"faults": []}


@bp.get("/journal")
def journal() -> dict[str, Any]:
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise SimulatorError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    journal = current_world().journal
    after, wait = _number(request.args.get("after"), int), _number(request.args.get("wait"), float)
    if after is not None and wait:
        journal.wait_after(after, min(wait, 60.0))
    entries = journal.entries(kind, request.args.get("path") or None,
                              request.args.get("psid") or None)
    return {"entries": entries, "last_seq": journal.last_seq}


@bp.delete("/journal")
def clear_journal() -> dict[str, Any]:
    current_world().journal.clear()
    return {"entries": []}


@bp.get("/webhooks")
def webhook_state() -> dict[str, Any]:
    sender = current_world().webhooks
    return {"idle": sender.is_idle(), "failing_since": sender.failing_since()}


@bp.post("/customers/<user_id>/<any(messages, reactions, postbacks, reads, referrals):action>")
def customer_action(user_id: str, action: str) -> dict[str, Any]:
    return customer_actions.perform(current_world(), user_id, action, _body())


@bp.post("/conversations")
def seed_conversation() -> dict[str, Any]:
    return {"messages": scenario.seed_conversation(current_world(), _body())}


@bp.post("/threads/<user_id>/owner")
def set_thread_owner(user_id: str) -> dict[str, Any]:
    """Another app (the Page Inbox by default) takes the thread: `take_thread_control` sent."""
    return scenario.take_thread(current_world(), user_id, _body())


@bp.get("/threads")
def threads() -> dict[str, Any]:
    return {"threads": handover.threads(current_world())}


@bp.get("/attachments/<attachment_id>")
def attachment(attachment_id: str) -> Response:
    """The bytes of a file uploaded to /message_attachments (Meta's CDN, simulated), under the
    type the uploader declared only when it is a media type of the attachment's kind (a
    declared text/html or image/svg+xml would run as a page of this origin); never sniffed."""
    stored = current_world().attachments.get(attachment_id)
    if stored is None or stored.get("data") is None:
        abort(404)
    return Response(stored["data"], mimetype=served_type(stored["type"], stored["content_type"]),
                    headers={"X-Content-Type-Options": "nosniff",
                             "Content-Security-Policy": "default-src 'none'; sandbox"})


def served_type(kind: str, declared: str | None) -> str:
    """The Content-Type an uploaded attachment of `kind` is served with."""
    declared = (declared or "").split(";")[0].strip().lower()
    return declared if declared in ATTACHMENT_MEDIA_TYPES.get(kind, ()) else "application/octet-stream"


@bp.get("/inspector")
def inspector() -> str:
    world = current_world()
    kind = request.args.get("kind") or None
    entries = world.journal.entries(kind if kind in KINDS else None)
    return render_template("sim/inspector.html", entries=entries, kinds=KINDS, kind=kind,
                           world=world.describe())


def _number(raw: str | None, kind: type) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return kind(raw)
    except ValueError:
        raise SimulatorError(f"not a number: {raw!r}") from None


def _seed_of(body: Any) -> int | None:
    seed = body.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise SimulatorError(f"seed must be an integer, not {seed!r}")
    return seed
