"""CSRF protection for the console's forms: a double-submit token.

A random token lives in an HttpOnly, SameSite=Lax cookie; every form repeats it in a hidden
``_csrf`` field (or our JavaScript in the ``X-CSRF-Token`` header). A POST whose field does not
match the cookie is refused before its handler runs. Only ``/console`` routes have this guard:
the REST API authenticates with bearer tokens, which a browser never sends on its own.
"""

from __future__ import annotations

import hmac
import secrets

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from core.errors import DomainError

COOKIE = "mendian_csrf"
FIELD = "_csrf"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfFailed(DomainError):
    code = "csrf_failed"
    status = 403
    zh = "页面已过期，请刷新后重试"
    en = "The page has expired: reload it and try again"


def token_for(request: Request) -> str:
    """The visitor's token: the cookie's, or a new one that the response will set."""
    token = request.cookies.get(COOKIE) or getattr(request.state, "csrf_new", None)
    if not token:
        token = request.state.csrf_new = secrets.token_urlsafe(32)
    return token


async def csrf_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    if not isinstance(connection, Request) or connection.method in SAFE_METHODS:
        return
    expected = connection.cookies.get(COOKIE, "")
    sent = connection.headers.get(HEADER)
    if sent is None:
        form = await connection.form()
        sent = form.get(FIELD, "")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(expected, sent):
        raise CsrfFailed()
