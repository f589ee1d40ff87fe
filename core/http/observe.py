"""Around every HTTP request: its id (``X-Request-ID``, on its log records and its response) and its
latency, by route template, method and status class.

It wraps the app's own ASGI handler rather than sitting in litestar's middleware list: that list
runs per route, so an unknown path's 404 would pass it by, unnumbered and uncounted.
"""

from __future__ import annotations

import time

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from core import logs
from core.metrics import HTTP_DURATION, status_class

UNMATCHED = "<unmatched>"  # no route: one label for every unknown path, so scanners cannot grow the series
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observed(app: ASGIApp) -> ASGIApp:
    async def observe(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        header = next((v for k, v in scope["headers"] if k == b"x-request-id"), None)
        request_id = logs.request_id_from(header.decode("latin-1") if header is not None else None)
        status = 500  # what a request that never answered counts as

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        token = logs.begin(request_id)
        started = time.perf_counter()
        try:
            await app(scope, receive, send_with_id)
        finally:
            route = scope.get("path_template") or UNMATCHED  # the router sets it on the scope we share
            method = scope.get("method", "")
            method = method if method in METHODS else "OTHER"
            HTTP_DURATION.labels(route=route, method=method, status=status_class(status)).observe(
                time.perf_counter() - started)
            logs.end(token)

    return observe
