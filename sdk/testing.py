"""pytest fixtures for Mendian and its plugins: a fresh database per test, an app, a client.

Use it from a ``conftest.py``::

    pytest_plugins = ["sdk.testing"]

    @pytest.fixture(scope="session")
    def mendian_enabled_plugins():
        return ["my_plugin"]          # enabled for the ``tenant`` fixture

A plugin installed with pip (its ``mendian.plugins`` entry point) is found like in production;
``mendian_extra_plugins`` installs plugin modules that are only importable (no entry point).

Factories make what a test needs through the kernel's own services, so the plugin's hooks run
as they would in a store: ``make_member``, ``make_item``, ``check_in``, ``make_paid_order``.

Every test gets its own database, copied from a migrated template: SQLite by default, or
PostgreSQL when ``MENDIAN_TEST_DATABASE_URL`` is set (a template database cloned per test).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import os
import shutil
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse, urlunparse

import httpx
import msgspec
import pytest

from core import db
from core.app import all_tables, create_app
from core.catalog.schemas import ItemOut
from core.clock import FrozenClock
from core.context import Context
from core.contexts import context_for
from core.extensions.manager import PluginManager
from core.members.schemas import Member
from core.migrate import kernel_apps, migrate
from core.orders.schemas import Order, TenderIn
from core.tenancy import schemas as ts
from core.tenancy import service as tenancy

os.environ.setdefault("MENDIAN_FAST_HASH", "1")  # argon2 with tiny costs: tests only
# A fixed key, so tests never write a generated one into the working folder.
os.environ.setdefault("MENDIAN_SECRET_KEY", "mendian-test-secret-key-not-for-production")

PG_URL_VAR = "MENDIAN_TEST_DATABASE_URL"
# Thursday 2026-01-15 10:00 in Shanghai: a plain weekday morning, away from any boundary.
DEFAULT_NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)
PASSWORD = "correct-horse-9"


def _with_database(url: str, name: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{name}"))


async def _pg_admin(url: str, *statements: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


class DatabaseFactory:
    """Makes a migrated template once, then a fresh copy of it for every test."""

    def __init__(self, manager: PluginManager, workdir: Path) -> None:
        self.manager = manager
        self.pg_url = os.environ.get(PG_URL_VAR)
        self.workdir = workdir
        self.template = f"mendian_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self._build_template()

    def _apps(self) -> list:
        return [*kernel_apps(), *self.manager.apps()]

    def _build_template(self) -> None:
        async def build(url: str) -> None:
            engine = db.create_engine(url)
            db.bind(engine, all_tables(self.manager))
            try:
                await migrate(self._apps())
            finally:
                await db.stop(engine)

        if self.pg_url:
            asyncio.run(_pg_admin(self.pg_url, f'DROP DATABASE IF EXISTS "{self.template}"', f'CREATE DATABASE "{self.template}"'))
            asyncio.run(build(_with_database(self.pg_url, self.template)))
        else:
            path = self.workdir / "template.sqlite3"
            url = f"sqlite:///{path}"
            db.prepare_sqlite_file(url)
            asyncio.run(build(url))
            with sqlite3.connect(path) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def new_url(self) -> str:
        name = f"mendian_t_{uuid.uuid4().hex[:12]}"
        if self.pg_url:
            return _with_database(self.pg_url, name)
        path = self.workdir / f"{name}.sqlite3"
        shutil.copyfile(self.workdir / "template.sqlite3", path)
        return f"sqlite:///{path}"

    async def create(self, url: str) -> None:
        if self.pg_url:
            await _pg_admin(self.pg_url, f'CREATE DATABASE "{urlparse(url).path[1:]}" TEMPLATE "{self.template}"')

    async def drop(self, url: str) -> None:
        if self.pg_url:
            await _pg_admin(self.pg_url, f'DROP DATABASE IF EXISTS "{urlparse(url).path[1:]}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(db.sqlite_path(url) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        if self.pg_url:
            asyncio.run(_pg_admin(self.pg_url, f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def mendian_extra_plugins() -> list[str]:
    """Override in your conftest to install plugin modules beside the built-ins."""
    return []


@pytest.fixture(scope="session")
def plugin_manager(mendian_extra_plugins: list[str]) -> PluginManager:
    manager = PluginManager()
    manager.discover()
    for module in mendian_extra_plugins:
        manager.load(module, source="local")
    manager.check_requirements()
    return manager


@pytest.fixture(scope="session")
def database_factory(plugin_manager: PluginManager, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(plugin_manager, tmp_path_factory.mktemp("db"))
    yield factory
    factory.close()


@pytest.fixture
async def database_url(database_factory: DatabaseFactory, plugin_manager: PluginManager) -> AsyncIterator[str]:
    """A fresh, migrated database for this test, bound to every table."""
    url = database_factory.new_url()
    await database_factory.create(url)
    engine = db.create_engine(url)
    db.bind(engine, all_tables(plugin_manager))
    await db.start(engine)
    try:
        yield url
    finally:
        await db.stop(engine)
        await database_factory.drop(url)


@pytest.fixture
def clock() -> FrozenClock:
    """A clock that stands still at ``DEFAULT_NOW`` until the test moves it."""
    return FrozenClock(DEFAULT_NOW)


@pytest.fixture
async def app(database_url: str, plugin_manager: PluginManager, clock: FrozenClock):
    """The Mendian app (every installed plugin's routes) on this test's database and clock."""
    return create_app(manager=plugin_manager, clock=clock, engine=db.engine())


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    """The app called in the test's own event loop.

    litestar's AsyncTestClient runs the app in a second event loop in another thread, and the
    asyncpg pool the database fixture opened belongs to the test's loop ("attached to a
    different loop"). The database fixture starts the engine, so the app's lifespan is not needed.
    """
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as test_client:
        yield test_client


@dataclass
class TenantHandle:
    """A tenant made for a test, with its owner signed in."""

    id: int
    slug: str
    owner_token: str
    manager: PluginManager
    clock: FrozenClock

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.owner_token}"}

    async def ctx(self, **kwargs: Any) -> Context:
        return await context_for(self.id, self.manager, self.clock, **kwargs)

    async def add_staff(self, username: str, role: ts.Role, password: str = PASSWORD, store_ids: list[int] | None = None) -> str:
        """Create a staff account with ``role`` (limited to ``store_ids`` if given) and return a
        signed-in bearer token."""
        ctx = await self.ctx()
        await tenancy.create_staff(ctx, ts.StaffCreate(username=username, name=username, role=role, password=password,
                                                       store_ids=store_ids or []))
        session = await tenancy.login(ts.LoginRequest(tenant=self.slug, username=username, password=password), self.clock)
        return session.token

    async def enable(self, *plugins: str) -> None:
        """Enable plugins for this tenant (with the plugins they require), as the merchant would."""
        from core.extensions.service import enable_plugin

        ctx = await self.ctx()
        for name in plugins:
            await enable_plugin(ctx, name)

    async def set_settings(self, plugin: str, settings: dict[str, Any]) -> None:
        """Save a plugin's settings for this tenant; refused like the API refuses bad values."""
        from core.extensions.service import replace_settings

        await replace_settings(await self.ctx(), plugin, settings)


async def make_tenant(manager: PluginManager, clock: FrozenClock, slug: str, name: str | None = None, **kwargs: Any) -> TenantHandle:
    tenant = await tenancy.create_tenant(ts.TenantCreate(slug=slug, name=name or slug, **kwargs), clock)
    handle = TenantHandle(id=tenant.id, slug=slug, owner_token="", manager=manager, clock=clock)
    handle.owner_token = await handle.add_staff("owner", "owner")
    return handle


@pytest.fixture(scope="session")
def mendian_enabled_plugins() -> list[str]:
    """Override in your conftest: plugins the ``tenant`` fixture enables (a plugin's own tests
    name the plugin here); ``other_tenant`` enables nothing."""
    return []


@pytest.fixture
async def tenant(
    database_url: str, plugin_manager: PluginManager, clock: FrozenClock, mendian_enabled_plugins: list[str],
) -> TenantHandle:
    """A gym tenant with its first store, a signed-in owner, and ``mendian_enabled_plugins`` enabled."""
    handle = await make_tenant(plugin_manager, clock, "gym", "活力健身", industry="gym")
    await handle.enable(*mendian_enabled_plugins)
    return handle


@pytest.fixture
async def other_tenant(database_url: str, plugin_manager: PluginManager, clock: FrozenClock) -> TenantHandle:
    """A second tenant, to prove the first one's data is out of its reach."""
    return await make_tenant(plugin_manager, clock, "shop", "邻里便利店", industry="convenience")


# --- factories: members, items, check-ins and paid orders, through the kernel's own services ---

_phones = itertools.count(1)


def _next_phone() -> str:
    return f"1390000{next(_phones) % 10_000:04d}"


async def make_member(tenant: TenantHandle, phone: str | None = None, name: str = "张三", **fields: Any) -> Member:
    """Register a member in ``tenant`` (``member_registered`` runs for its enabled plugins).

    ``phone`` defaults to a fresh mobile number; other fields are those of the registration
    request (``gender``, ``birthday``, ``tags``, ``referrer_member_id``...).
    """
    from core.members.schemas import MemberCreate
    from core.members.service import register_member

    data = msgspec.convert({"phone": phone or _next_phone(), "name": name, **fields}, MemberCreate)
    return await register_member(await tenant.ctx(), data)


async def make_item(tenant: TenantHandle, price_fen: int, name: str | None = None, kind: str = "goods",
                    sku: str | None = None, **fields: Any) -> ItemOut:
    """Add a catalog item to ``tenant`` (sold in every store) and return it."""
    from core.catalog.schemas import ItemCreate
    from core.catalog.service import create_item

    sku = sku or f"T{uuid.uuid4().hex[:10]}"
    data = msgspec.convert({"sku": sku, "name": name or sku, "kind": kind, "price_fen": price_fen, **fields}, ItemCreate)
    return await create_item(await tenant.ctx(), data)


async def check_in(tenant: TenantHandle, member: Member | int, method: Literal["desk", "code"] = "desk") -> Member:
    """Record a member's visit at the tenant's first store (``member_checked_in`` runs)."""
    from core.members.counters import record_visit

    ctx = await tenant.ctx()
    return await record_visit(ctx, _member_id(member), await _first_store_id(ctx), method)


async def make_paid_order(
    tenant: TenantHandle,
    lines: Sequence[int | tuple[int, int] | dict[str, Any]] = (1000,),
    member: Member | int | None = None,
    tenders: Sequence[TenderIn | dict[str, Any]] | None = None,
) -> Order:
    """Open an order at the tenant's first store and pay it, as the till would; return it paid.

    Each line is a price in fen (a new item, quantity 1), ``(price_fen, quantity)``, or a dict
    with ``item_id`` (an existing item) or ``price_fen`` (a new one) and ``quantity``.
    ``tenders`` default to cash for the whole total (after the plugins' adjustments); give your
    own to pay with stored value or a plugin's tender kind. ``order_priced`` and ``order_paid``
    run for the tenant's enabled plugins; a plugin refusing raises its ``DomainError``.
    """
    from core.orders import schemas as os_
    from core.orders.payment import pay_order
    from core.orders.service import create_order

    ctx = await tenant.ctx()
    wanted = []
    for line in lines:
        spec: dict[str, Any] = line if isinstance(line, dict) else {"price_fen": line[0], "quantity": line[1]} if isinstance(
            line, tuple) else {"price_fen": line}
        item_id = spec.get("item_id")
        if item_id is None:
            item_id = (await make_item(tenant, spec["price_fen"], kind=spec.get("kind", "goods"))).id
        wanted.append(os_.LineIn(item_id=item_id, quantity=spec.get("quantity", 1)))
    member_id = None if member is None else _member_id(member)
    order = await create_order(ctx, os_.OrderCreate(lines=wanted, member_id=member_id,
                                                    store_id=await _first_store_id(ctx)))
    paying = [t if isinstance(t, os_.TenderIn) else msgspec.convert(t, os_.TenderIn) for t in tenders or []]
    if not paying:
        paying = [os_.TenderIn(kind="cash", amount_fen=order.total_fen)]
    return await pay_order(ctx, order.id, os_.PayRequest(tenders=paying))


def statements() -> db.StatementLog:
    """``with statements() as log:`` the text of every statement run inside, in ``log.statements``:
    to show that a hook reads none of your plugin's tables on an order it does not own, or how
    many statements it adds to a checkout::

        with statements() as log:
            await make_paid_order(tenant, [3000], member)
        assert not [sql for sql in log.statements if "my_plugin_" in sql]
    """
    return db.StatementLog()


def _member_id(member: Member | int) -> int:
    return member if isinstance(member, int) else member.id


async def _first_store_id(ctx: Context) -> int:
    return (await tenancy.list_stores(ctx))[0].id


async def sign_in_member_pages(client: httpx.AsyncClient, tenant: TenantHandle, member: Member | int) -> str:
    """Sign ``member`` in on ``client``'s member pages (``/m/<tenant>``), as an SMS code would.

    Returns the CSRF token a test posts as ``_csrf`` in member page forms.
    """
    from core.member_auth.service import open_session
    from core.member_pages.session import COOKIE, cookie_path

    token, _ = await open_session(tenant.id, _member_id(member), tenant.clock.now())
    client.cookies.set(COOKIE, token, path=cookie_path(tenant.slug))
    await client.get(f"/m/{tenant.slug}/")  # the card home sets the CSRF cookie
    return client.cookies.get("mendian_csrf", path="/m") or ""
