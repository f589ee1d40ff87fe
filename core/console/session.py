"""Console sign-in state: the staff session token in a cookie, and the guard that checks it.

The cookie carries the same staff session token the REST API issues (``tenancy.login``), so
revoking a session, changing a password or deactivating a staff member ends console sessions
too. The guard turns the cookie into a ``Context`` for the page, with the store the staff
member works in, then checks the page's permission with ``Actor.can`` (the roles of
``core/tenancy/permissions.py``), and that a plugin's page belongs to an enabled plugin.
"""

from __future__ import annotations

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from core.context import Context, remembered_changes
from core.errors import Forbidden, Unauthenticated
from core.extensions.service import SETTINGS, require_enabled, usable_settings
from core.tenancy.schemas import StoreOut
from core.tenancy.service import SESSION_TTL, authenticate, list_stores

COOKIE = "mendian_session"
STORE_COOKIE = "mendian_store"
COOKIE_PATH = "/console"


class SignInRequired(Exception):
    """No valid session: the console answers with a redirect to its sign-in page."""


def console_context(request: Request) -> Context:
    """The signed-in staff member's Context (tenant, actor, store, clock, enabled plugins)."""
    ctx = getattr(request.state, "ctx", None)
    if ctx is None:
        raise SignInRequired()
    return ctx


def stores_of(request: Request) -> list[StoreOut]:
    """The active stores the signed-in staff member may work in."""
    return getattr(request.state, "stores", [])


def is_https(request: ASGIConnection) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        COOKIE, token, max_age=int(SESSION_TTL.total_seconds()), path=COOKIE_PATH,
        httponly=True, samesite="lax", secure=is_https(request),
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH)


def _chosen_store(raw: str | None, stores: list[StoreOut]) -> int | None:
    ids = [s.id for s in stores]
    if raw and raw.isdigit() and int(raw) in ids:
        return int(raw)
    return ids[0] if ids else None


async def session_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    if handler.opt.get("public"):
        return
    token = connection.cookies.get(COOKIE)
    if not token:
        raise SignInRequired()
    state = connection.app.state
    changes = remembered_changes(SETTINGS)  # before the read: a change during it makes it stale
    try:
        who = await authenticate(token, state.clock)
    except Unauthenticated:
        raise SignInRequired() from None
    actor = who.actor
    if actor.kind != "staff":
        raise SignInRequired()
    enabled = usable_settings(who.tenant_id, state.plugins, who.plugin_settings, changes)
    ctx = Context(tenant=who.tenant, actor=actor, clock=state.clock,
                  hooks=state.plugins.relay(frozenset(enabled)), plugin_settings_json=enabled)
    stores = [s for s in await list_stores(ctx) if s.active and (actor.store_ids is None or s.id in actor.store_ids)]
    ctx.store_id = _chosen_store(connection.cookies.get(STORE_COOKIE), stores)
    connection.state.ctx = ctx
    connection.state.stores = stores
    connection.state.session_token = token
    plugin = handler.opt.get("plugin")
    if plugin:
        require_enabled(state.plugins, plugin, enabled)
    permission = handler.opt.get("permission")
    if permission and not actor.can(permission):
        raise Forbidden(permission=permission)
