"""The ``ctx`` dependency: a Context for the authenticated caller of this request."""

from __future__ import annotations

import msgspec
from litestar import Request

from core import logs
from core.context import Context
from core.errors import InvalidInput
from core.extensions.service import enabled_plugins_cached
from core.http.auth import Caller
from core.tenancy.service import load_tenant_cached

STORE_HEADER = "x-store-id"


async def provide_context(request: Request) -> Context:
    caller: Caller = request.user
    state = request.app.state
    # Staff and API keys bring their tenant and plugins (read with the caller); members' reads are
    # cached a few seconds (core/cache.py).
    enabled = caller.enabled if caller.enabled is not None else getattr(request.state, "enabled_plugins", None)
    if enabled is None:
        enabled = await enabled_plugins_cached(caller.tenant_id, state.plugins)
    ctx = Context(
        tenant=caller.tenant if caller.tenant is not None else await load_tenant_cached(caller.tenant_id),
        actor=caller.actor,
        clock=state.clock,
        hooks=state.plugins.relay(frozenset(enabled)),
        plugin_settings_json=enabled,
    )
    logs.note_tenant(ctx.tenant.slug)
    store = request.headers.get(STORE_HEADER)
    if store is None and caller.actor.store_ids is not None and len(caller.actor.store_ids) == 1:
        (ctx.store_id,) = caller.actor.store_ids  # staff of one store work there without saying so
    if store is not None:
        try:
            ctx.store_id = msgspec.convert(store, int, strict=False)
        except msgspec.ValidationError:
            raise InvalidInput(field=STORE_HEADER) from None
        ctx.require_store(ctx.store_id)
    return ctx
