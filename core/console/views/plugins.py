"""应用中心 Plugins: every installed plugin, enable/disable per tenant, its settings form."""

from __future__ import annotations

import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath

from core.console import settings_form
from core.console.forms import error_text, form_of, redirect
from core.console.i18n import _, locale_of
from core.console.session import console_context
from core.console.templating import render_page
from core.console.validation import invalid_texts
from core.errors import DomainError, UnknownPlugin
from core.extensions import service

MANAGE = {"permission": "plugins.manage"}


@get("/plugins", opt=MANAGE)
async def plugin_list(request: Request) -> Response:
    ctx = console_context(request)
    plugins = await service.list_plugins(ctx)
    return render_page(request, "console/plugins/list.html", plugins=plugins, error=request.query_params.get("error"))


async def _settings_page(request: Request, name: str, values: dict | None = None, errors: dict | None = None,
                         status_code: int = 200, saved: bool = False) -> Response:
    ctx = console_context(request)
    plugin = await service.get_plugin(ctx, name)
    item = ctx.hooks.manager.installed[name]
    fields = settings_form.describe(item.plugin.settings)
    shown = values if values is not None else settings_form.display_values(fields, plugin.settings)
    return render_page(request, "console/plugins/settings.html", status_code=status_code, plugin=plugin,
                       fields=fields, values=shown, errors=errors or {}, saved=saved)


@get("/plugins/{name:str}", opt=MANAGE)
async def plugin_page(request: Request, name: FromPath[str]) -> Response:
    return await _settings_page(request, name, saved=request.query_params.get("saved") == "1")


@post("/plugins/{name:str}/settings", opt=MANAGE)
async def save_settings(request: Request, name: FromPath[str]) -> Response:
    ctx = console_context(request)
    item = ctx.hooks.manager.installed.get(name)
    if item is None:
        raise UnknownPlugin(plugin=name)
    fields = settings_form.describe(item.plugin.settings)
    form = await form_of(request)
    data, unreadable = settings_form.parse(fields, form)
    if unreadable:
        return await _settings_page(request, name, form, {k: _("Not valid JSON.", request) for k in unreadable}, 422)
    try:
        # Form fields are text: convert loosely ("10" → 10), with the Struct's own constraints.
        settings = msgspec.convert(data, item.plugin.settings, strict=False)
        await service.replace_settings(ctx, name, msgspec.to_builtins(settings))
    except msgspec.ValidationError as exc:
        field = str(exc).rsplit("- at `$.", 1)[1].rstrip("`").split(".")[0].split("[")[0] if "- at `$." in str(exc) else "_form"
        zh, en = invalid_texts(exc, placed=True)
        return await _settings_page(request, name, form, {field: zh if locale_of(request) == "zh_CN" else en}, 422)
    except DomainError as exc:
        return await _settings_page(request, name, form, {exc.extra.get("field") or "_form": error_text(exc, locale_of(request))}, exc.status)
    return redirect(f"/console/plugins/{name}?saved=1")


@post("/plugins/{name:str}/enable", opt=MANAGE)
async def enable(request: Request, name: FromPath[str]) -> Response:
    try:
        await service.enable_plugin(console_context(request), name)
    except DomainError as exc:
        return render_page(request, "console/error.html", status_code=exc.status,
                           message=error_text(exc, locale_of(request)), code=exc.code)
    return redirect("/console/plugins")


@post("/plugins/{name:str}/disable", opt=MANAGE)
async def disable(request: Request, name: FromPath[str]) -> Response:
    try:
        await service.disable_plugin(console_context(request), name)
    except DomainError as exc:
        return render_page(request, "console/error.html", status_code=exc.status,
                           message=error_text(exc, locale_of(request)), code=exc.code)
    return redirect("/console/plugins")


ROUTES = [plugin_list, plugin_page, save_settings, enable, disable]
