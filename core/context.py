"""The Context every service takes first: who acts, for which tenant and store, at what time.

Built once per request (or CLI command, or job) and passed down; services never look these up
for themselves. ``ctx.hooks`` calls only the plugins the tenant has enabled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.errors import Forbidden
from core.extensions.dispatch import HookRelay

ActorKind = Literal["staff", "member", "api_key", "system"]


@dataclass(frozen=True, slots=True)
class TenantInfo:
    """The tenant (商户) an event belongs to: its code (``slug``), name, industry, timezone,
    currency, locale and tenant-wide settings."""

    id: int
    slug: str
    name: str
    industry: str
    timezone: str
    currency: str
    locale: str
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a staff member, a member, an API key or the system (jobs, the CLI), with the
    permissions they hold."""

    kind: ActorKind
    id: int | None
    name: str
    permissions: frozenset[str]
    role: str | None = None
    # Stores a staff member may act in; None means every store of the tenant.
    store_ids: frozenset[int] | None = None

    def can(self, permission: str) -> bool:
        return permission in self.permissions


@dataclass(slots=True)
class Context:
    """Everything a service needs about the event: the tenant, the actor, the clock, the store
    (if the request names one) and ``hooks``, which calls only the tenant's enabled plugins.

    Every service and every domain hook takes it first; read time through ``ctx.now()`` (UTC)
    or ``ctx.local_today()`` (the tenant's calendar day), never the system clock.
    """

    tenant: TenantInfo
    actor: Actor
    clock: Clock
    hooks: HookRelay
    store_id: int | None = None

    @property
    def tenant_id(self) -> int:
        return self.tenant.id

    @property
    def enabled_plugins(self) -> frozenset[str]:
        return self.hooks.enabled

    def now(self) -> dt.datetime:
        return self.clock.now()

    def local_now(self) -> dt.datetime:
        return self.clock.now().astimezone(self.tenant.zone)

    def local_today(self) -> dt.date:
        return self.local_now().date()

    def require(self, permission: str) -> None:
        if not self.actor.can(permission):
            raise Forbidden(permission=permission)
