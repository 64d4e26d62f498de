"""The /_sim control API: reset and seed the world, read it, read and clear the journal."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from simulator.errors import SimulatorError
from simulator.extension import current_world

bp = Blueprint("control", __name__, url_prefix="/_sim")

JOURNAL_KINDS = ("graph", "webhook")


@bp.post("/reset")
def reset() -> dict[str, Any]:
    world = current_world()
    world.reset(_seed_of(request.get_json(silent=True) if request.get_data() else {}))
    return world.describe()


@bp.get("/world")
def world_state() -> dict[str, Any]:
    return current_world().describe()


@bp.get("/journal")
def journal() -> dict[str, Any]:
    kind = request.args.get("kind") or None
    if kind is not None and kind not in JOURNAL_KINDS:
        raise SimulatorError(f"kind must be one of {', '.join(JOURNAL_KINDS)}, not {kind!r}")
    return {"entries": current_world().journal.entries(kind)}


@bp.delete("/journal")
def clear_journal() -> dict[str, Any]:
    current_world().journal.clear()
    return {"entries": []}


def _seed_of(body: Any) -> int | None:
    if not isinstance(body, dict):
        raise SimulatorError('the reset body must be a JSON object such as {"seed": 7}')
    seed = body.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise SimulatorError(f"seed must be an integer, not {seed!r}")
    return seed
