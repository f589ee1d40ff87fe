"""Plugin pages in the console (the ``console_pages`` hook): mounted behind sign-in, the page's
permission and the plugin being enabled, with a navigation entry only where they may open."""

from __future__ import annotations

import httpx
from litestar import Request, Response, get, post

from core import db
from core.app import create_app
from core.console.pages import ConsolePage, render
from core.extensions import service as plugins
from core.extensions.manager import PluginManager
from sdk import Plugin, hookimpl
from sdk.console import console_context
from tests.console_helpers import post_form, sign_in


@get("/")
async def page(request: Request) -> Response:
    ctx = console_context(request)
    return render(request, "console/error.html", message=f"pagey for {ctx.tenant.name}", code="pagey")


@post("/save")
async def save(request: Request) -> Response:
    return Response("saved", media_type="text/plain")


class Pagey:
    plugin = Plugin(name="pagey", title="页面插件", title_en="Pagey", version="1")

    @staticmethod
    @hookimpl
    def console_pages():
        return [
            ConsolePage(path="/console/p/pagey", title="页面插件", title_en="Pagey", handlers=[page, save],
                        permission="plugins.manage"),
            ConsolePage(path="/console/elsewhere", title="越界", title_en="Out of bounds", handlers=[]),
        ]


async def test_a_plugin_page_opens_only_when_enabled_permitted_and_with_csrf(database_url, tenant, clock):
    manager = PluginManager()
    manager.register(Pagey, source="local")
    app = create_app(manager=manager, clock=clock, engine=db.engine())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local") as client:
        await sign_in(client, tenant.slug, "owner")
        closed = await client.get("/console/p/pagey")  # installed, not enabled: a page naming it by its title
        assert closed.status_code == 404 and closed.headers["content-type"].startswith("text/html")
        assert f"本店未启用「{Pagey.plugin.title}」" in closed.text and "pagey" not in closed.text.split("<main")[-1]
        nav = await client.get("/console/today")
        assert "/console/p/pagey" not in nav.text and "/console/elsewhere" not in nav.text

        from core.contexts import context_for

        await plugins.enable_plugin(await context_for(tenant.id, manager, clock), "pagey")
        opened = await client.get("/console/p/pagey")
        assert opened.status_code == 200 and "pagey for 活力健身" in opened.text
        assert 'href="/console/p/pagey"' in opened.text  # its nav entry, inside the console layout
        assert (await client.post("/console/p/pagey/save", data={})).status_code == 403  # no CSRF field
        assert (await post_form(client, "/console/p/pagey/save")).text == "saved"

        await tenant.add_staff("cashier1", "cashier")
        await post_form(client, "/console/logout")
        await sign_in(client, tenant.slug, "cashier1")
        assert (await client.get("/console/p/pagey")).status_code == 403
        assert "/console/p/pagey" not in (await client.get("/console/checkout")).text
