"""A tenant's plugins: enable (with what they require), disable (keeping data), settings."""

from __future__ import annotations

from typing import Any

import msgspec

from core import db, scoped
from core.context import Context
from core.errors import InvalidPluginSettings, PluginRequired, UnknownPlugin
from core.extensions.manager import InstalledPlugin, PluginManager
from core.extensions.schemas import PluginOut
from core.tenancy.tables import TenantPlugin


async def enabled_plugin_names(tenant_id: int, manager: PluginManager) -> frozenset[str]:
    rows = await TenantPlugin.select(TenantPlugin.plugin).where(
        (TenantPlugin.tenant_id == tenant_id) & (TenantPlugin.enabled == True)  # noqa: E712
    )
    return frozenset(r["plugin"] for r in rows if r["plugin"] in manager.installed)


def _installed(ctx: Context, name: str) -> InstalledPlugin:
    item = ctx.hooks.manager.installed.get(name)
    if item is None:
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
    rows = await _rows(ctx)
    out = []
    for name in ctx.hooks.manager.ordered_names():
        item = ctx.hooks.manager.installed[name]
        row = rows.get(name)
        try:
            settings = msgspec.to_builtins(_settings_of(item, row))
        except InvalidPluginSettings:
            settings = msgspec.json.decode(row["settings_json"]) if row else {}
        out.append(_plugin_out(item, enabled=bool(row and row["enabled"]), settings=settings))
    return out


def _plugin_out(item: InstalledPlugin, enabled: bool, settings: dict[str, Any]) -> PluginOut:
    p = item.plugin
    return PluginOut(
        name=p.name, title=p.title, title_en=p.title_en, description=p.description,
        description_en=p.description_en, version=p.version, industries=list(p.industries),
        requires=list(p.requires), source=item.source, enabled=enabled, settings=settings,
    )


async def get_plugin(ctx: Context, name: str) -> PluginOut:
    item = _installed(ctx, name)
    row = (await _rows(ctx)).get(name)
    return _plugin_out(item, enabled=bool(row and row["enabled"]), settings=msgspec.to_builtins(_settings_of(item, row)))


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
            if row and row["enabled"]:
                continue
            _settings_of(manager.installed[n], row)  # stored settings must still be valid
            await _upsert(ctx, n, enabled=True)
            newly.append(n)
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
            raise PluginRequired(plugin=name, required_by=", ".join(dependants))
        if name in rows:
            await _upsert(ctx, name, enabled=False)


async def replace_settings(ctx: Context, name: str, data: Any) -> PluginOut:
    ctx.require("plugins.manage")
    item = _installed(ctx, name)
    settings = validate_settings(item, data)
    await _upsert(ctx, name, settings_json=msgspec.json.encode(settings).decode())
    return await get_plugin(ctx, name)


async def plugin_settings(ctx: Context, name: str) -> msgspec.Struct:
    """A plugin's settings for the context's tenant (its defaults until the merchant changes them)."""
    item = _installed(ctx, name)
    row = await scoped.select(ctx, TenantPlugin).where(TenantPlugin.plugin == name).first()
    return _settings_of(item, row)
