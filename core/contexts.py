"""Contexts for work that no HTTP request carries: the CLI, jobs, imports and tests."""

from __future__ import annotations

from core.clock import Clock
from core.context import Actor, Context
from core.extensions.manager import PluginManager
from core.extensions.service import enabled_plugin_names
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
    enabled = await enabled_plugin_names(tenant_id, manager)
    return Context(
        tenant=await load_tenant(tenant_id), actor=actor, clock=clock,
        hooks=manager.relay(enabled), store_id=store_id,
    )
