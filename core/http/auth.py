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

from core.context import Actor
from core.errors import Forbidden, NotFound, Unauthenticated
from core.extensions.service import enabled_plugins, enabled_plugins_cached
from core.member_auth.errors import MembersOnly, StaffOnly
from core.member_auth.service import SESSION_PREFIX as MEMBER_SESSION_PREFIX
from core.member_auth.service import authenticate_member
from core.tenancy.service import authenticate

MEMBER = {"audience": "member"}
"""Route ``opt`` of the member-facing (H5) API: ``@get("/me", opt=MEMBER)``."""


@dataclass(frozen=True, slots=True)
class Caller:
    tenant_id: int
    actor: Actor
    token: str


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
        if token.startswith(MEMBER_SESSION_PREFIX):
            tenant_id, actor = await authenticate_member(token, connection.app.state.clock)
        else:
            tenant_id, actor = await authenticate(token, connection.app.state.clock)
        return AuthenticationResult(user=Caller(tenant_id=tenant_id, actor=actor, token=token), auth=token)


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
        read = enabled_plugins_cached if caller.actor.kind == "member" else enabled_plugins
        enabled = await read(caller.tenant_id, connection.app.state.plugins)
        connection.state.enabled_plugins = enabled
        if plugin not in enabled:
            raise NotFound(resource="plugin", zh=f"插件 {plugin} 未启用", en=f"Plugin {plugin} is not enabled")
    permission = handler.opt.get("permission")
    if permission and not caller.actor.can(permission):
        raise Forbidden(permission=permission)
