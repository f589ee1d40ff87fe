"""A tenant's plugins: enable (with what they require), disable (keeping data), settings."""

from __future__ import annotations

import functools
import logging
from typing import Any

import msgspec

from core import db, scoped
from core.cache import MEMBER_READS_SECONDS, forget, ttl_cache
from core.context import Context, forget_remembered, remembered, remembered_changes
from core.errors import InvalidPluginSettings, NotFound, PluginRefusedAtStart, PluginRequired, UnknownPlugin
from core.extensions.manager import InstalledPlugin, PluginManager
from core.extensions.schemas import PluginOut
from core.tenancy.tables import TenantPlugin

log = logging.getLogger(__name__)


_enabled_for_members = ttl_cache("plugins-enabled", maxsize=4096, seconds=MEMBER_READS_SECONDS)


SETTINGS = "plugin_settings"  # remembered key: a change of any plugin's settings or state


class StoredSettings(dict[str, str]):
    """The enabled plugins' stored settings (name → JSON), with the count of changes they were
    read at: a context created before a change reads the database instead."""

    __slots__ = ("changes",)

    def __init__(self, stored: dict[str, str], changes: int) -> None:
        super().__init__(stored)
        self.changes = changes


async def enabled_plugins_cached(tenant_id: int, manager: PluginManager) -> StoredSettings:
    """``enabled_plugins`` as member requests read it: kept a few seconds (core/cache.py)."""
    enabled = _enabled_for_members.get(tenant_id)
    if enabled is None:
        enabled = _enabled_for_members[tenant_id] = await enabled_plugins(tenant_id, manager)
    return enabled


async def enabled_plugins(tenant_id: int, manager: PluginManager) -> StoredSettings:
    """The plugins the tenant's hooks, routes and pages reach — enabled, installed, and usable —
    each with its stored settings (JSON), read in the same statement so that a request reads a
    plugin's settings once, with its context (``plugin_settings``), not once per hook.

    A plugin whose stored settings no longer validate (the Struct changed in an upgrade) is
    left out and logged, rather than failing every event of the tenant; so is a plugin whose
    requirement is left out. ``list_plugins`` says why.
    """
    changes = remembered_changes(SETTINGS)
    # Hand-written: every request and job runs it (see core/ledger/statements.py).
    rows = await db.fetch(
        "SELECT plugin, settings_json FROM tenant_plugin WHERE tenant_id = {} AND enabled = {}", tenant_id, True,
    )
    return usable_settings(tenant_id, manager, {r["plugin"]: r["settings_json"] for r in rows}, changes)


def require_enabled(manager: PluginManager, plugin: str, enabled: Any) -> None:
    """A plugin's route (REST or console) for staff: 404 naming the plugin by its title when the
    tenant has not enabled it. (Members' pages say only that it is not available.)"""
    if plugin not in enabled:
        declared = manager.installed[plugin].plugin if plugin in manager.installed else None
        title, title_en = (declared.title, declared.title_en) if declared else (plugin, plugin)
        raise NotFound(resource="plugin", zh=f"本店未启用「{title}」", en=f"{title_en} is not enabled here")


def usable_settings(tenant_id: int, manager: PluginManager, enabled: dict[str, str], changes: int) -> StoredSettings:
    """``enabled_plugins`` of rows read elsewhere (with the caller, core/tenancy/service.py):
    ``enabled`` maps plugin → stored settings JSON; ``changes`` is ``remembered_changes(SETTINGS)``
    taken before they were read."""
    stored = {name: raw for name, raw in enabled.items() if name in manager.installed}
    return StoredSettings({name: stored[name] for name in _usable(tenant_id, manager, stored)}, changes)


def _usable(tenant_id: int, manager: PluginManager, stored: dict[str, str]) -> dict[str, str | None]:
    """Enabled plugin → None, for those that can run; the ones left out are not in the result."""
    usable: dict[str, str | None] = {}
    for name, raw in stored.items():
        problem = settings_problem(manager.installed[name].plugin.settings, raw)
        if problem is None:
            usable[name] = None
        elif (tenant_id, name, raw) not in _reported:
            _reported.add((tenant_id, name, raw))
            log.warning("plugin %s stays off for tenant %s: its stored settings are invalid: %s", name, tenant_id, problem)
    return _with_requirements(manager, usable)


def _with_requirements(manager: PluginManager, usable: dict[str, str | None]) -> dict[str, str | None]:
    changed = True
    while changed:  # a plugin whose requirement is out is out too, through chains of requirements
        changed = False
        for name in list(usable):
            if any(req not in usable for req in manager.installed[name].plugin.requires):
                del usable[name]
                changed = True
    return usable


_reported: set[tuple[int, str, str]] = set()


@functools.lru_cache(maxsize=4096)
def settings_problem(settings_type: type[msgspec.Struct], raw: str) -> str | None:
    """Why stored settings (JSON text) do not fit ``settings_type``, or None when they do.

    Cached: contexts are built on every request, and a tenant's settings rarely change.
    """
    try:
        msgspec.json.decode(raw or "{}", type=settings_type)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        return str(exc)
    return None


def _installed(ctx: Context, name: str) -> InstalledPlugin:
    manager = ctx.hooks.manager
    item = manager.installed.get(name)
    if item is None:
        refused = manager.refusal(name)
        if refused is not None:  # found but refused: say why, not "not installed"
            raise PluginRefusedAtStart(plugin=name, reason=refused.reason, reason_zh=refused.reason_zh or refused.reason)
        raise UnknownPlugin(plugin=name)
    return item


def validate_settings(item: InstalledPlugin, data: Any) -> msgspec.Struct:
    try:
        return msgspec.convert(data, item.plugin.settings)
    except msgspec.ValidationError as exc:
        # msgspec says "... - at `$.field`": the field path is what the form marks.
        raise InvalidPluginSettings(plugin=item.plugin.name, reason=str(exc), field=_field_of(exc)) from None


def _field_of(exc: msgspec.ValidationError) -> str | None:
    text = str(exc)
    if "- at `$." in text:
        return text.rsplit("- at `$.", 1)[1].rstrip("`")
    return None


async def _rows(ctx: Context) -> dict[str, dict[str, Any]]:
    return {r["plugin"]: r for r in await scoped.select(ctx, TenantPlugin)}


def _settings_of(item: InstalledPlugin, row: dict[str, Any] | None) -> msgspec.Struct:
    raw = msgspec.json.decode(row["settings_json"]) if row else {}
    return validate_settings(item, raw)


async def list_plugins(ctx: Context) -> list[PluginOut]:
    """Every installed plugin with its state for this tenant; an enabled plugin that cannot run
    (invalid stored settings, or a requirement that cannot) shows as off, with the reason."""
    rows = await _rows(ctx)
    manager = ctx.hooks.manager
    stored = {n: r["settings_json"] for n, r in rows.items() if r["enabled"] and n in manager.installed}
    usable = _with_requirements(manager, {
        n: None for n, raw in stored.items() if settings_problem(manager.installed[n].plugin.settings, raw) is None
    })
    return [_plugin_out(manager.installed[name], rows.get(name), stored, usable) for name in manager.ordered_names()]


def _plugin_out(item: InstalledPlugin, row: dict[str, Any] | None, stored: dict[str, str],
                usable: dict[str, str | None]) -> PluginOut:
    p = item.plugin
    raw = row["settings_json"] if row else "{}"
    problem = settings_problem(p.settings, raw)
    settings = _as_stored(raw) if problem else msgspec.to_builtins(_settings_of(item, row))
    reason = None
    if p.name in stored and p.name not in usable:
        if problem:
            reason = f"设置无效，请重新保存 / invalid settings, save them again: {problem}"
        else:
            reason = f"依赖的插件未运行 / a required plugin is not running: {', '.join(p.requires)}"
    return PluginOut(
        name=p.name, title=p.title, title_en=p.title_en, description=p.description,
        description_en=p.description_en, version=p.version, industries=list(p.industries),
        requires=list(p.requires), source=item.source, enabled=p.name in usable, settings=settings,
        disabled_reason=reason,
    )


def _as_stored(raw: str) -> dict[str, Any]:
    """Invalid settings shown as stored, so the merchant sees what to fix ({} if not even JSON)."""
    try:
        value = msgspec.json.decode(raw or "{}")
    except msgspec.DecodeError:
        return {}
    return value if isinstance(value, dict) else {}


async def get_plugin(ctx: Context, name: str) -> PluginOut:
    _installed(ctx, name)
    return next(p for p in await list_plugins(ctx) if p.name == name)


async def _upsert(ctx: Context, name: str, **values: Any) -> None:
    updated = await scoped.update(ctx, TenantPlugin, {**values, "updated_at": ctx.now()}).where(
        TenantPlugin.plugin == name
    ).returning(TenantPlugin.id)
    if not updated:
        await scoped.insert(ctx, TenantPlugin, plugin=name, updated_at=ctx.now(), **values)


async def enable_plugin(ctx: Context, name: str) -> list[str]:
    """Enable a plugin and, first, every plugin it requires. Returns the names newly enabled."""
    ctx.require("plugins.manage")
    _installed(ctx, name)
    manager = ctx.hooks.manager
    async with db.transaction():
        rows = await _rows(ctx)
        order: list[str] = []

        def visit(n: str) -> None:
            for req in manager.installed[n].plugin.requires:
                visit(req)
            if n not in order:
                order.append(n)

        visit(name)
        newly = []
        for n in order:
            row = rows.get(n)
            # Stored settings must still be valid, also for a plugin left off because they are not.
            _settings_of(manager.installed[n], row)
            if row and row["enabled"]:
                continue
            await _upsert(ctx, n, enabled=True)
            newly.append(n)
        if newly:
            from core.contexts import context_for  # contexts imports this module

            now_on = await context_for(ctx.tenant_id, manager, ctx.clock, actor=ctx.actor, store_id=ctx.store_id)
            for n in newly:
                await now_on.hooks.plugin_enabled(ctx=now_on, plugin=n)
    await forget(_enabled_for_members, ctx.tenant_id)
    return newly


async def disable_plugin(ctx: Context, name: str) -> None:
    """Disable a plugin; its tables and settings stay, so enabling it again restores everything."""
    ctx.require("plugins.manage")
    _installed(ctx, name)
    manager = ctx.hooks.manager
    async with db.transaction():
        rows = await _rows(ctx)
        dependants = sorted(
            n for n, row in rows.items()
            if row["enabled"] and n in manager.installed and name in manager.installed[n].plugin.requires
        )
        if dependants:
            titled = [manager.installed[n].plugin for n in dependants]
            raise PluginRequired(plugin=name, required_by=", ".join(dependants), title=manager.installed[name].plugin.title,
                                 title_en=manager.installed[name].plugin.title_en,
                                 required_by_titles="」「".join(p.title for p in titled),
                                 required_by_titles_en=", ".join(f"{p.title_en} ({p.name})" for p in titled))
        if name in rows:
            await _upsert(ctx, name, enabled=False)
    await forget(_enabled_for_members, ctx.tenant_id)


async def replace_settings(ctx: Context, name: str, data: Any) -> PluginOut:
    ctx.require("plugins.manage")
    item = _installed(ctx, name)
    settings = validate_settings(item, data)
    await _upsert(ctx, name, settings_json=msgspec.json.encode(settings).decode())
    await forget(_enabled_for_members, ctx.tenant_id)  # settings decide whether a plugin is usable
    forget_remembered(ctx, SETTINGS)  # every context reads them afresh
    return await get_plugin(ctx, name)


async def plugin_settings(ctx: Context, name: str) -> msgspec.Struct:
    """A plugin's settings for the context's tenant (its defaults until the merchant changes them).

    Read once per context: an enabled plugin's came with the context (``enabled_plugins``), a
    disabled one's are read from the database the first time.
    """
    item = _installed(ctx, name)
    decoded: dict[str, msgspec.Struct] = await remembered(ctx, SETTINGS, _nothing_decoded)
    if name not in decoded:
        read_with_context = ctx.plugin_settings_json
        if name in read_with_context and getattr(read_with_context, "changes", None) == remembered_changes(SETTINGS):
            decoded[name] = _settings_of(item, {"settings_json": read_with_context[name]})
        else:  # not enabled, or changed since the context was made
            decoded[name] = _settings_of(
                item, await scoped.select(ctx, TenantPlugin).where(TenantPlugin.plugin == name).first())
    return decoded[name]


async def _nothing_decoded() -> dict[str, msgspec.Struct]:
    return {}
