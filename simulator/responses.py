"""The simulator app's response class: Flask's, plus headers that join at the WSGI boundary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response

__all__ = ["SimulatorResponse"]


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
