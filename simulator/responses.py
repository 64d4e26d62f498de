"""The simulator app's responses: Flask's class with headers that join at the WSGI boundary,
and Flask's JSON provider with its compact encoder built once."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from flask import Response
from flask.json.provider import DefaultJSONProvider

__all__ = ["SimulatorJSONProvider", "SimulatorResponse"]


class SimulatorResponse(Response):
    """`wire_headers` are sent after Werkzeug's own headers, as they are.

    When Werkzeug sends a response it copies `headers` into a new `Headers` and checks every
    value again (a regex and a generator step per header). The Graph hook builds its seven
    headers from parts already checked (constants, the served version) or made without
    newlines (trace ids, `json.dumps` text); they wait here and join the header list that
    leaves the app, in the order `Headers.extend` would have given them. Werkzeug's header
    rules (Location, Content-Length, 204/304) concern none of them.
    """

    wire_headers: Sequence[tuple[str, str]] = ()

    def get_wsgi_response(self, environ: dict[str, Any]) -> tuple[Iterable[bytes], str,
                                                                   list[tuple[str, str]]]:
        app_iter, status, headers = super().get_wsgi_response(environ)
        if self.wire_headers:
            headers.extend(self.wire_headers)  # a new list per call (Headers.to_wsgi_list)
        return app_iter, status, headers


class SimulatorJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider; compact answers reuse one encoder.

    Given options, `json.dumps` builds a new `JSONEncoder` per call, and Flask's `response`
    always gives some (separators, default, ensure_ascii, sort_keys): about 2 µs of every JSON
    answer. The encoder with those very options is kept (and built again if one of them is
    changed), so the text is the one Flask would send; indented answers take Flask's path.
    """

    _encoder: json.JSONEncoder | None = None
    _encoder_options: tuple[Callable[[Any], Any], bool, bool] | None = None

    def response(self, *args: Any, **kwargs: Any) -> Response:
        if (self.compact is None and self._app.debug) or self.compact is False:
            return super().response(*args, **kwargs)
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(f"{self._compact_encoder().encode(obj)}\n",
                                        mimetype=self.mimetype)

    def _compact_encoder(self) -> json.JSONEncoder:
        options = (self.default, self.ensure_ascii, self.sort_keys)
        encoder = self._encoder
        if encoder is None or self._encoder_options != options:
            encoder = json.JSONEncoder(default=self.default, ensure_ascii=self.ensure_ascii,
                                       sort_keys=self.sort_keys, separators=(",", ":"))
            self._encoder, self._encoder_options = encoder, options
        return encoder
