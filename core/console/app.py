"""The merchant console at ``/console``: its router, templates and plugin pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import jinja2
from litestar import Request, Response, Router
from litestar.response import Redirect
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from core.console.csrf import csrf_guard
from core.console.error_pages import error_page
from core.console.forms import here
from core.console.pages import ConsolePage
from core.console.session import SignInRequired, session_guard
from core.console.templating import build_environments
from core.errors import DomainError
from core.extensions.manager import PluginManager
from core.extensions.pages import collect_pages

STATIC = Path(__file__).parent / "static"
CONSOLE_PREFIX = "/console"


@dataclass
class Console:
    router: Router
    static: Router
    environments: dict[str, jinja2.Environment]
    plugin_pages: list[tuple[str, ConsolePage]] = field(default_factory=list)


def _sign_in_redirect(request: Request, _: SignInRequired) -> Response:
    return Redirect(path=f"/console/login?next={quote(here(request))}", status_code=303)


def collect_plugin_pages(manager: PluginManager) -> list[tuple[str, ConsolePage]]:
    """Every installed plugin's console pages; a page outside ``/console/p/<plugin>`` is skipped."""
    return collect_pages(manager, "console_pages", ConsolePage, CONSOLE_PREFIX + "/p/{plugin}")


def _plugin_routers(pages: list[tuple[str, ConsolePage]]) -> list[Router]:
    return [
        Router(path=page.path.removeprefix(CONSOLE_PREFIX), route_handlers=list(page.handlers),
               opt={"plugin": name, "permission": page.permission}, include_in_schema=False)
        for name, page in pages if page.handlers
    ]


def build_console(manager: PluginManager) -> Console:
    from core.console.views import (
        admin,
        auth,
        checkout,
        member_batch,
        members,
        messages,
        orders,
        pickers,
        plugins,
        search,
        settings,
        today,
        top_up,
    )

    pages = collect_plugin_pages(manager)
    handlers: list[ControllerRouterHandler] = [*auth.ROUTES, *today.ROUTES, *members.ROUTES, *member_batch.ROUTES, *checkout.ROUTES, *orders.ROUTES,
                *top_up.ROUTES, *plugins.ROUTES, *admin.ROUTES, *messages.ROUTES, *settings.ROUTES, *search.ROUTES, *pickers.ROUTES,
                *_plugin_routers(pages)]
    router = Router(
        path=CONSOLE_PREFIX, route_handlers=handlers, guards=[csrf_guard, session_guard],
        exception_handlers={SignInRequired: _sign_in_redirect, DomainError: error_page},
        include_in_schema=False,
    )
    static = create_static_files_router(path=f"{CONSOLE_PREFIX}/static", directories=[STATIC],
                                        include_in_schema=False, opt={"public": True})
    return Console(router=router, static=static, environments=build_environments(manager), plugin_pages=pages)
