"""pytest fixtures for Mendian and its plugins: a fresh database per test, an app, a client.

Use it from a ``conftest.py``::

    pytest_plugins = ["sdk.testing"]

    @pytest.fixture(scope="session")
    def mendian_extra_plugins():
        return ["my_plugin"]          # modules to install beside the built-ins

Every test gets its own database, copied from a migrated template: SQLite by default, or
PostgreSQL when ``MENDIAN_TEST_DATABASE_URL`` is set (a template database cloned per test).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import httpx
import pytest

from core import db
from core.app import all_tables, create_app
from core.clock import FrozenClock
from core.context import Context
from core.contexts import context_for
from core.extensions.manager import PluginManager
from core.migrate import kernel_apps, migrate
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

    async def add_staff(self, username: str, role: str, password: str = PASSWORD) -> str:
        """Create a staff account with ``role`` and return a signed-in bearer token."""
        ctx = await self.ctx()
        await tenancy.create_staff(ctx, ts.StaffCreate(username=username, name=username, role=role, password=password))
        session = await tenancy.login(ts.LoginRequest(tenant=self.slug, username=username, password=password), self.clock)
        return session.token


async def make_tenant(manager: PluginManager, clock: FrozenClock, slug: str, name: str | None = None, **kwargs: Any) -> TenantHandle:
    tenant = await tenancy.create_tenant(ts.TenantCreate(slug=slug, name=name or slug, **kwargs), clock)
    handle = TenantHandle(id=tenant.id, slug=slug, owner_token="", manager=manager, clock=clock)
    handle.owner_token = await handle.add_staff("owner", "owner")
    return handle


@pytest.fixture
async def tenant(database_url: str, plugin_manager: PluginManager, clock: FrozenClock) -> TenantHandle:
    """A gym tenant with its first store and a signed-in owner."""
    return await make_tenant(plugin_manager, clock, "gym", "活力健身", industry="gym")


@pytest.fixture
async def other_tenant(database_url: str, plugin_manager: PluginManager, clock: FrozenClock) -> TenantHandle:
    """A second tenant, to prove the first one's data is out of its reach."""
    return await make_tenant(plugin_manager, clock, "shop", "邻里便利店", industry="convenience")
