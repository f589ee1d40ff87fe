"""REST: the plugins installed, and which of them the caller's tenant has enabled."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post, put

from core.extensions import service
from core.extensions.schemas import PluginOut, RefusedPluginOut
from core.http.pagination import DEFAULT_LIMIT, Page, page_of
from core.http.params import Ctx, Cursor, FromPath, JSONBody, PageLimit


class PluginController(Controller):
    path = "/plugins"
    tags = ["plugins"]

    @get("/", opt={"permission": "plugins.read"}, operation_id="listPlugins")
    async def list_plugins(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[PluginOut]:
        """应用中心: every installed plugin (应用中心) with whether this tenant enabled it and its settings."""
        return page_of(await service.list_plugins(ctx), cursor, limit)

    @get("/refused", opt={"permission": "plugins.read"}, operation_id="listRefusedPlugins")
    async def list_refused(self, request: Request,
                           cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[RefusedPluginOut]:
        """未加载的插件: plugins found but refused at start-up, each with the reason."""
        refused = [RefusedPluginOut(name=r.name, reason=r.reason) for r in request.app.state.plugins.refused]
        return page_of(refused, cursor, limit)

    @get("/{name:str}", opt={"permission": "plugins.read"}, operation_id="getPlugin")
    async def get_plugin(self, ctx: Ctx, name: FromPath[str]) -> PluginOut:
        """插件详情: one plugin for this tenant."""
        return await service.get_plugin(ctx, name)

    @post("/{name:str}/enable", opt={"permission": "plugins.manage"}, operation_id="enablePlugin", status_code=200)
    async def enable_plugin(self, ctx: Ctx, name: FromPath[str]) -> PluginOut:
        """启用插件: enable a plugin for this tenant, and the plugins it requires with it."""
        await service.enable_plugin(ctx, name)
        return await service.get_plugin(ctx, name)

    @post("/{name:str}/disable", opt={"permission": "plugins.manage"}, operation_id="disablePlugin", status_code=200)
    async def disable_plugin(self, ctx: Ctx, name: FromPath[str]) -> PluginOut:
        """停用插件: disable a plugin; refused while an enabled plugin requires it. Its data is kept."""
        await service.disable_plugin(ctx, name)
        return await service.get_plugin(ctx, name)

    @put("/{name:str}/settings", opt={"permission": "plugins.manage"}, operation_id="replacePluginSettings")
    async def replace_settings(self, ctx: Ctx, name: FromPath[str], data: JSONBody[dict[str, Any]]) -> PluginOut:
        """插件设置: replace a plugin's settings; a bad value is a 422 that names the field."""
        return await service.replace_settings(ctx, name, data)


ROUTES = [PluginController]
