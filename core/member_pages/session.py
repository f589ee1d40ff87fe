"""Member sign-in state: the member session token in a cookie, and the guard that reads it.

The cookie holds the same member session token the REST API issues (``member_auth.sign_in``),
scoped to ``/m/<tenant>``: a phone signed in at two stores holds two sessions. The guard finds
the tenant from the address (an unknown one is a 404 page), builds the page's Context, and
refuses a plugin's page while the plugin is not enabled for that tenant.
"""

from __future__ import annotations

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from core.context import Context
from core.errors import DomainError, Unauthenticated
from core.extensions.service import enabled_plugins
from core.member_auth.service import H5, SESSION_TTL, authenticate_member
from core.tenancy.service import find_tenant

COOKIE = "mendian_member"


class SignInRequired(Exception):
    """No member is signed in: the page answers with the sign-in page, coming back afterwards."""


class PluginUnavailable(DomainError):
    code = "plugin_unavailable"
    status = 404
    zh = "该功能暂未开放"
    en = "This is not available at this store"


def cookie_path(tenant_slug: str) -> str:
    return f"/m/{tenant_slug}"


def set_session_cookie(response: Response, request: Request, tenant_slug: str, token: str) -> None:
    response.set_cookie(COOKIE, token, max_age=int(SESSION_TTL.total_seconds()), path=cookie_path(tenant_slug),
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")


def clear_session_cookie(response: Response, tenant_slug: str) -> None:
    response.delete_cookie(COOKIE, path=cookie_path(tenant_slug))


async def _member(connection: ASGIConnection, tenant_id: int):
    """The signed-in member's actor, or None (no cookie, expired, revoked, another tenant's)."""
    token = connection.cookies.get(COOKIE)
    if not token:
        return None
    try:
        session_tenant, actor = await authenticate_member(token, connection.app.state.clock)
    except Unauthenticated:
        return None
    return actor if session_tenant == tenant_id else None


async def member_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    state = connection.app.state
    tenant = await find_tenant(str(connection.path_params.get("tenant_slug", "")))
    connection.state.tenant = tenant
    enabled = await enabled_plugins(tenant.id, state.plugins)
    plugin = handler.opt.get("plugin")
    if plugin and plugin not in enabled:
        raise PluginUnavailable(plugin=plugin)
    actor = await _member(connection, tenant.id)
    ctx = Context(tenant=tenant, actor=actor or H5, clock=state.clock, hooks=state.plugins.relay(frozenset(enabled)),
                  plugin_settings_json=enabled)
    connection.state.ctx = ctx
    connection.state.member_ctx = ctx if actor else None
    # Sign-in routes take anonymous POSTs; a plugin's public page only shows itself.
    anonymous_ok = handler.opt.get("sign_in_route") or (handler.opt.get("public") and connection.scope.get("method") == "GET")
    if actor is None and not anonymous_ok:
        raise SignInRequired()
