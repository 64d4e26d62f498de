"""The Graph API surface: one blueprint per area under `graph`, plus the shared request rules
(armed faults before, Graph headers and the journal entry after, the one error writer)."""

from __future__ import annotations

import json
from functools import lru_cache

from flask import Blueprint, Flask, Response, g, jsonify, request
from werkzeug.datastructures import Headers
from werkzeug.routing import BaseConverter

from simulator import errors, policy
from simulator.errors import GraphError, new_trace_id
from simulator.extension import current_world
from simulator.graph import (
    apps,
    attachments,
    handover,
    messages,
    oauth,
    pages,
    params,
    profile,
    routes,
    tokens,
    unknown,
)
from simulator.models import Page
from simulator.responses import SimulatorResponse
from simulator.world import World

__all__ = ["GRAPH_BLUEPRINT", "VersionConverter", "finish_graph_response", "graph_error_response",
           "init_app"]

GRAPH_BLUEPRINT = routes.GRAPH_BLUEPRINT
_GRAPH_PREFIX = GRAPH_BLUEPRINT + "."


class VersionConverter(BaseConverter):
    """`v25.0`, `v2.6`: the version segment every versioned Graph path starts with."""

    regex = r"v\d+\.\d+"


def init_app(app: Flask) -> None:
    """Register the converter, the Graph blueprints and the shared error/response hooks."""
    app.url_map.converters["version"] = VersionConverter
    app.url_map.converters["graph_node"] = routes.GraphNodeConverter
    graph = Blueprint(GRAPH_BLUEPRINT, __name__)
    for child in (messages.bp, attachments.bp, handover.bp, pages.bp, tokens.bp, apps.bp,
                  profile.bp, oauth.bp, unknown.bp):
        graph.register_blueprint(child)
    graph.before_request(apply_graph_fault)
    app.register_blueprint(graph)
    app.register_error_handler(GraphError, graph_error_response)
    app.after_request(finish_graph_response)


def apply_graph_fault() -> None:
    """The next armed Graph fault matching this call: a catalogue error, or latency first."""
    world = current_world()
    if not world.faults.any_armed:  # the usual call: no request attribute read, no matcher
        return
    fault = world.faults.take_graph(request.method, request.path)
    if fault is None:
        return
    if fault.action == "latency":
        world.clock.wait_until(world.clock.now_ms() + fault.latency_ms)
        return
    raise errors.armed_error(errors.lookup(fault.error))


def graph_error_response(error: GraphError) -> Response:
    """The one writer of Graph's error envelope."""
    g.graph_error = error
    response = jsonify(error.envelope(new_trace_id(current_world().trace_rng)))
    response.status_code = error.spec.status
    response.headers.update(error.headers())
    return response


def _checked_header(name: str, value: str) -> tuple[str, str]:
    """(name, value) once Werkzeug's `Headers.add` admitted it (its newline check)."""
    headers = Headers()
    headers.add(name, value)
    return next(iter(headers))


# Headers every Graph answer carries unchanged: built (and checked) once.
_CONSTANT_HEADERS = (_checked_header("Cache-Control", "private, no-cache, no-store, must-revalidate"),
                     _checked_header("Access-Control-Allow-Origin", "*"))
_JSON_UTF8 = "application/json; charset=UTF-8"
_JSON_CONTENT_TYPE = ("Content-Type", "application/json")  # what jsonify puts first
_JSON_UTF8_HEADER = ("Content-Type", _JSON_UTF8)


@lru_cache(maxsize=64)
def _version_header(requested: str | None, default: str) -> tuple[str, str]:
    """`facebook-api-version`: `policy.served_version` is a pure function of its two strings
    (the version converter admits only `v<digits>.<digits>`, so the cache stays small), and
    the header is checked by Werkzeug once per version, not once per request."""
    return _checked_header("facebook-api-version", policy.served_version(requested, default))


def _usage_header(world: World, page: Page) -> str:
    """`x-business-use-case-usage` as JSON. Without an armed rate limit the usage is the
    constant "1 %" of `policy.business_usage`, a function of the Page id alone: that text is
    kept per world and Page id (the world's generation ends it at reset)."""
    app = world.apps.get(page.app_id)
    if app is None or app.rate_limit:
        return json.dumps(policy.business_usage(world, page))
    key = (world.generation, page.id)
    text = _IDLE_USAGE.get(key)
    if text is None:
        if len(_IDLE_USAGE) >= 256:
            _IDLE_USAGE.clear()
        text = _IDLE_USAGE[key] = json.dumps(policy.business_usage(world, page))
    return text


_IDLE_USAGE: dict[tuple[int, str], str] = {}


def finish_graph_response(response: Response) -> Response:
    """Graph's headers on every Graph answer, and one journal entry per Graph request."""
    req = request._get_current_object()  # one context lookup instead of one per attribute
    if not (req.endpoint or "").startswith(_GRAPH_PREFIX):
        return response
    world = current_world()
    facts = params.request_facts()
    _add_graph_headers(response, world, req.view_args, facts.get("usage_page"))
    error: GraphError | None = facts.get("graph_error")
    world.journal.record_graph(method=req.method, path=req.path,
                               status=response.status_code,
                               error_code=error.spec.code if error else None,
                               error_subcode=error.spec.subcode if error else None,
                               psid=facts.get("journal_psid"), app_id=facts.get("journal_app_id"),
                               messaging_type=facts.get("journal_messaging_type"),
                               tag=facts.get("journal_tag"))
    return response


def _add_graph_headers(response: Response, world: World, view_args: dict | None,
                       usage_page: Page | None) -> None:
    """Graph's JSON type, then version, trace ids, cache and CORS headers, and the usage when
    a Page sent.

    The appended headers are built from parts already checked (the constants and the version
    at first use) or made without newlines (url-safe base64 trace ids, `json.dumps` text): on
    the simulator's own response class they skip Werkzeug's checks and join at the WSGI
    boundary (simulator/responses.py); any other response gets them through `Headers`.
    """
    _use_utf8_json_type(response)
    version = view_args.get("version") if view_args else None
    # Both ids from one draw of the trace generator ("A" and 33 url-safe characters): the
    # trace id (11 characters) is its head, the request id "A" and the next 22.
    ids = new_trace_id(world.trace_rng, 34)
    graph_headers = [_version_header(version, world.graph_version),
                     ("x-fb-trace-id", ids[:11]), ("x-fb-request-id", "A" + ids[11:33]),
                     *_CONSTANT_HEADERS]
    if usage_page is not None:
        graph_headers.append(("x-business-use-case-usage", _usage_header(world, usage_page)))
    if isinstance(response, SimulatorResponse):
        response.wire_headers = graph_headers
    else:
        response.headers.extend(graph_headers)


def _use_utf8_json_type(response: Response) -> None:
    """Graph answers JSON as `application/json; charset=UTF-8`. jsonify puts exactly
    `application/json` first in Werkzeug's header list (`Headers._list`): swapped in place
    there, without `Headers.__setitem__`'s check and scan; other JSON goes through Werkzeug."""
    pairs = response.headers._list
    if pairs and pairs[0] == _JSON_CONTENT_TYPE:
        pairs[0] = _JSON_UTF8_HEADER
    elif response.mimetype == "application/json":
        response.headers["Content-Type"] = _JSON_UTF8
