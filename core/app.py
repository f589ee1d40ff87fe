"""The litestar app factory: kernel routes, every installed plugin's routes, one database."""

from __future__ import annotations

import asyncio
import logging

from litestar import Litestar, Router, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware.base import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.response import Redirect
from piccolo.engine.base import Engine

import core
from core import db, logs
from core.clock import Clock
from core.console.app import CONSOLE_PREFIX, build_console
from core.console.error_pages import problem_page
from core.extensions.manager import PluginManager
from core.http.auth import BearerAuthMiddleware, permission_guard
from core.http.context import provide_context
from core.http.inputs import check_inputs
from core.http.observe import observed
from core.http.openapi import ContractJsonRenderPlugin, ContractSwaggerRenderPlugin
from core.http.probes import ROUTES as probes
from core.http.probes import PendingCheck
from core.http.problems import EXCEPTION_HANDLERS, answering_pages
from core.invalidations import Listener
from core.member_pages.app import build_member_pages
from core.member_pages.app import problem_page as member_problem_page
from core.migrate import kernel_apps
from core.ratelimit import RateLimits
from core.redis import redis_url
from core.scheduler.service import Scheduler
from core.settings import Settings, get_settings

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000  # JSON bodies; the CSV import route allows more
SUBSCRIBE_WAIT_S = 5.0  # how long a start waits for the invalidation channel


def build_plugin_manager() -> PluginManager:
    manager = PluginManager()
    manager.discover()
    return manager


def all_tables(manager: PluginManager) -> list:
    return [t for app in (*kernel_apps(), *manager.apps()) for t in app.table_classes]


def kernel_routes() -> list:
    from core.catalog.api import ROUTES as catalog
    from core.extensions.api import ROUTES as extensions
    from core.ledger.api import ROUTES as ledger
    from core.member_auth.api import ROUTES as member_auth
    from core.members.api import ROUTES as members
    from core.messages.api import ROUTES as messages
    from core.orders.api import ROUTES as orders
    from core.reports.api import ROUTES as reports
    from core.tenancy.api import ROUTES as tenancy

    return [*tenancy, *extensions, *members, *catalog, *orders, *ledger, *reports, *messages, *member_auth]


def plugin_routers(manager: PluginManager) -> list[Router]:
    """Each plugin's routes in a router that marks them as the plugin's (the guard checks it is enabled)."""
    return [
        Router(path="/", route_handlers=list(routes), opt={"plugin": name})
        for name, routes in manager.wiring("api_routes")
        if routes
    ]


@get("/", include_in_schema=False)
async def to_console() -> Redirect:
    """The site's root opens the merchant console (members come in through /m/<tenant>)."""
    return Redirect(path="/console/", status_code=302)


def create_app(
    *,
    settings: Settings | None = None,
    manager: PluginManager | None = None,
    clock: Clock | None = None,
    engine: Engine | None = None,
    scheduler: bool = False,
) -> Litestar:
    """The app. ``scheduler=True`` (``mendian serve``) also runs the daily tick and plugin jobs."""
    settings = settings or get_settings()
    manager = manager or build_plugin_manager()
    engine = engine or db.create_engine(settings.database_url)
    db.bind(engine, all_tables(manager))

    api = Router(
        path="/api/v1",
        route_handlers=[*kernel_routes(), *plugin_routers(manager)],
        guards=[permission_guard],
        dependencies={"ctx": Provide(provide_context)},
    )

    clock = clock or Clock()
    background: list[asyncio.Task] = []
    console = build_console(manager)  # the merchant console at /console
    member_pages = build_member_pages(manager, console.environments)  # the member pages at /m/<tenant>

    async def start() -> None:
        await db.start(engine, pool_size=settings.db_pool_size)
        await warn_about_database()
        if (url := redis_url()) is not None:
            await listen_for_invalidations(app, url, background)
        if scheduler:
            background.append(asyncio.create_task(Scheduler.for_plugins(manager, clock).loop()))

    async def stop() -> None:
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)  # let a listener close its connection
        await db.stop(engine)

    logs.install()  # request ids on every log record
    app = Litestar(
        route_handlers=[api, *probes, console.router, console.static, member_pages.router, member_pages.static,
                        to_console],
        # The console signs staff in with its own cookie session (core/console/session.py).
        # So do the member pages, with theirs (core/member_pages/session.py).
        # OPTIONS too: litestar skips it by default, and the permission guard then finds no caller (a 500).
        middleware=[DefineMiddleware(BearerAuthMiddleware,
                                     exclude=["^/schema", "^/health$", "^/ready$", "^/metrics$", "^/console", "^/m/", "^/m-static/", "^/$"],
                                     exclude_http_methods=[])],
        exception_handlers=answering_pages(EXCEPTION_HANDLERS, {CONSOLE_PREFIX: problem_page, "/m": member_problem_page}),  # type: ignore[arg-type]
        before_request=check_inputs,  # out-of-range ids and numbers, deep or loosely typed JSON
        on_startup=[start],
        on_shutdown=[stop],
        state=State({"settings": settings, "plugins": manager, "clock": clock, "engine": engine, "console": console,
                     "member_pages": member_pages, "rate_limits": RateLimits(redis_url()),
                     "pending_check": PendingCheck(), "invalidations": None}),
        request_max_body_size=MAX_BODY_BYTES,
        openapi_config=OpenAPIConfig(
            title="Mendian 门店 API",
            version=core.__version__,
            description="REST API of Mendian, the plugin-based store system. Errors are RFC 9457 problem+json.",
            path="/schema",
            use_handler_docstrings=True,
            render_plugins=[ContractSwaggerRenderPlugin(), ContractJsonRenderPlugin()],
        ),
    )
    app.asgi_handler = observed(app.asgi_handler)
    return app


async def warn_about_database() -> None:
    """Say at start what will slow the server down as its tables grow."""
    if await db.autovacuum_is_off():
        log.warning("PostgreSQL 未开启 autovacuum：统计信息不会随数据更新，订单越多查询越慢，请开启"
                    " / autovacuum is off on this PostgreSQL server: the planner's statistics go stale"
                    " and lookups slow down as orders pile up; turn it on")


async def listen_for_invalidations(app: Litestar, url: str, background: list[asyncio.Task]) -> None:
    """Subscribe to the other processes' changes (core/invalidations.py) before taking traffic; a
    Redis that does not answer in time does not stop the start: the listener keeps trying, and
    ``/ready`` says it is not subscribed yet."""
    listener = app.state.invalidations = Listener(url)
    background.append(asyncio.create_task(listener.run()))
    try:
        await asyncio.wait_for(listener.subscribed.wait(), SUBSCRIBE_WAIT_S)
    except TimeoutError:
        log.warning("not subscribed to other processes' changes yet (Redis did not answer): trying on")


def serve_app() -> Litestar:
    """The factory ``mendian serve`` runs: the app with its scheduler."""
    return create_app(scheduler=True)
