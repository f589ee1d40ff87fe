"""Contexts for work that no HTTP request carries: the CLI, jobs, imports and tests."""

from __future__ import annotations

from core.clock import Clock
from core.context import Actor, Context
from core.extensions.manager import PluginManager
from core.extensions.service import enabled_plugins
from core.tenancy.permissions import ALL
from core.tenancy.service import load_tenant

SYSTEM = Actor(kind="system", id=None, name="system", permissions=ALL)


async def context_for(
    tenant_id: int,
    manager: PluginManager,
    clock: Clock,
    actor: Actor = SYSTEM,
    store_id: int | None = None,
) -> Context:
    enabled = await enabled_plugins(tenant_id, manager)
    return Context(
        tenant=await load_tenant(tenant_id), actor=actor, clock=clock,
        hooks=manager.relay(frozenset(enabled)), store_id=store_id, plugin_settings_json=enabled,
    )
