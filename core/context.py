"""The Context every service takes first: who acts, for which tenant and store, at what time.

Built once per request (or CLI command, or job) and passed down; services never look these up
for themselves. ``ctx.hooks`` calls only the plugins the tenant has enabled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.errors import Forbidden, StoreOutOfScope
from core.extensions.dispatch import HookRelay

T = TypeVar("T")

ActorKind = Literal["staff", "member", "api_key", "system"]


class _AnyStore:
    """``Context.require``'s default: the permission alone, wherever it is used."""


ANY_STORE = _AnyStore()


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

    @property
    def brand_wide(self) -> bool:
        """Not limited to some stores: the owner, a brand-wide manager, an API key, the system."""
        return self.store_ids is None

    def in_store(self, store_id: int | None) -> bool:
        """Whether the actor may act in ``store_id``. A store-limited actor acts only in its own
        stores, and never on what belongs to no store (``None``: brand-wide)."""
        return self.store_ids is None or store_id in self.store_ids


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
    # The enabled plugins' stored settings (JSON), read with them; ``plugin_settings`` decodes each
    # once per context (``remembered``), so the hooks of one request do not read them again.
    plugin_settings_json: Mapping[str, str] = field(default_factory=dict)
    # Per-tenant facts read once per context (a request, a job run): see ``remembered``.
    memo: dict[Any, Any] = field(default_factory=dict)

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

    def require(self, permission: str, *, store_id: int | None | _AnyStore = ANY_STORE) -> None:
        """The one check of who may do what where (docs/permissions.md): the actor holds
        ``permission`` and, for something that belongs to a store, acts in ``store_id``.

        Every service of the kernel and of plugins calls it, so REST, the console, the CLI and
        plugins refuse alike. ``store_id=None`` means a brand-wide thing (no store): refused to a
        store-limited actor.
        """
        if not self.actor.can(permission):
            raise Forbidden(permission=permission)
        if not isinstance(store_id, _AnyStore):
            self.require_store(store_id)

    def require_store(self, store_id: int | None) -> None:
        """Refuse (403 ``store_out_of_scope``) unless the actor may act in ``store_id``."""
        if self.actor.in_store(store_id):
            return
        if store_id is None:
            raise StoreOutOfScope(zh="这是全品牌的数据，只有不限门店的账号可以操作",
                                  en="This belongs to the whole brand: only staff not limited to stores may act on it",
                                  store_id=None)
        raise StoreOutOfScope(store_id=store_id)

    def store_for(self, store_id: int | None) -> int | None:
        """The store an action happens in: the one named, else the request's, else the only store
        of a staff member limited to one; refused if it is not one of the actor's stores."""
        if store_id is None:
            store_id = self.store_id
        if store_id is None and self.actor.store_ids is not None and len(self.actor.store_ids) == 1:
            (store_id,) = self.actor.store_ids
        if store_id is not None:
            self.require_store(store_id)
        return store_id

    def store_scope(self, store_id: int | None = None) -> frozenset[int] | None:
        """The stores a list may show: ``store_id`` if one is asked for (checked), else the
        actor's stores; ``None`` means every store of the tenant."""
        if store_id is not None:
            self.require_store(store_id)
            return frozenset({store_id})
        return self.actor.store_ids


_changes: dict[Any, int] = {}  # key → how often it was changed in this process (see forget_remembered)


async def remembered(ctx: Context, key: Any, load: Callable[[], Awaitable[T]]) -> T:
    """``await load()`` once per context: what every hook of one request reads alike (a plugin's
    settings, its price ladder), read at the first hook and kept for the others. Whatever changes
    it calls ``forget_remembered(ctx, key)``; every context of this process then reads it afresh
    (a context held across the change included), and a new request always does."""
    changes = _changes.get(key, 0)
    hit = ctx.memo.get(key)
    if hit is not None and hit[0] == changes:
        return hit[1]
    value = await load()
    ctx.memo[key] = (changes, value)
    return value


def forget_remembered(ctx: Context, key: Any) -> None:
    """``key`` was just changed: no context of this process keeps what it remembered of it."""
    _changes[key] = _changes.get(key, 0) + 1
    ctx.memo.pop(key, None)


def remembered_changes(key: Any) -> int:
    """How often ``key`` changed in this process: a snapshot read at one count is stale at another."""
    return _changes.get(key, 0)
