"""Who is calling: bearer staff sessions and API keys, then one permission guard.

Every route needs authentication unless its handler says ``opt={"exclude_from_auth": True}``.
Every route that acts declares ``opt={"permission": "..."}``; the guard checks it against the
actor's role or the key's scopes, and — for a plugin's routes — that the plugin is enabled.

Members (H5) sign in with their own tokens. A route for them says ``opt=MEMBER`` (that is
``{"audience": "member"}``): it takes only member tokens, and every other route refuses them.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from core.context import Actor, TenantInfo, remembered_changes
from core.errors import Forbidden, Unauthenticated
from core.extensions.service import SETTINGS, StoredSettings, enabled_plugins_cached, require_enabled, usable_settings
from core.member_auth.errors import MembersOnly, StaffOnly
from core.member_auth.service import SESSION_PREFIX as MEMBER_SESSION_PREFIX
from core.member_auth.service import authenticate_member
from core.tenancy.service import authenticate

MEMBER = {"audience": "member"}
"""Route ``opt`` of the member-facing (H5) API: ``@get("/me", opt=MEMBER)``."""


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated caller; a staff session or API key brings its tenant and the tenant's
    usable plugins, read with it (members' are read by the context, a few seconds cached)."""

    tenant_id: int
    actor: Actor
    token: str
    tenant: TenantInfo | None = None
    enabled: StoredSettings | None = None


def bearer_token(connection: ASGIConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        token = bearer_token(connection)
        if token is None:
            raise Unauthenticated()
        state = connection.app.state
        if token.startswith(MEMBER_SESSION_PREFIX):
            tenant_id, actor = await authenticate_member(token, state.clock)
            return AuthenticationResult(user=Caller(tenant_id=tenant_id, actor=actor, token=token), auth=token)
        changes = remembered_changes(SETTINGS)  # before the read: a change during it makes it stale
        who = await authenticate(token, state.clock)
        enabled = usable_settings(who.tenant_id, state.plugins, who.plugin_settings, changes)
        caller = Caller(tenant_id=who.tenant_id, actor=who.actor, token=token, tenant=who.tenant, enabled=enabled)
        return AuthenticationResult(user=caller, auth=token)


async def permission_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    if handler.opt.get("exclude_from_auth"):
        return
    caller: Caller = connection.user
    # Member tokens reach member routes only, and staff tokens and API keys never reach them.
    for_members = handler.opt.get("audience") == "member"
    if for_members and caller.actor.kind != "member":
        raise MembersOnly()
    if not for_members and caller.actor.kind == "member":
        raise StaffOnly()
    plugin = handler.opt.get("plugin")
    if plugin:
        enabled = caller.enabled
        if enabled is None:
            enabled = await enabled_plugins_cached(caller.tenant_id, connection.app.state.plugins)
        connection.state.enabled_plugins = enabled
        require_enabled(connection.app.state.plugins, plugin, enabled)
    permission = handler.opt.get("permission")
    if permission and not caller.actor.can(permission):
        raise Forbidden(permission=permission)
