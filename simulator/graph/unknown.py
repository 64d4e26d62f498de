"""Every versioned path we do not implement: Graph's error, never a plausible 200."""

from __future__ import annotations

from flask import Blueprint, request

from simulator import errors, policy
from simulator.errors import GraphError
from simulator.extension import current_world
from simulator.graph import params

bp = Blueprint("unknown", __name__)

ALL_METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH"]


@bp.route("/<version:version>/", methods=ALL_METHODS, defaults={"rest": ""},
          strict_slashes=False)  # `/v25.0` too: Graph's error, not a redirect to a web page
@bp.route("/<version:version>/<path:rest>", methods=ALL_METHODS)
@bp.route("/<graph_node:node>/<path:rest>", methods=ALL_METHODS,
          defaults={"version": None})
def unknown_path(version: str | None, rest: str, node: str | None = None) -> None:
    """Graph checks a token before the path, so a bad token still answers 190."""
    raw = params.access_token_of(request)
    if raw:
        policy.resolve_token(current_world(), raw)
    raise GraphError(errors.UNKNOWN_PATH, path=f"/{node}/{rest}" if node else f"/{rest}")
