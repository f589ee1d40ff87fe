"""What every command needs: settings, the database, the plugins, a Context, one-line errors."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

import typer

from core import db
from core.app import all_tables, build_plugin_manager
from core.clock import Clock
from core.context import Context
from core.contexts import context_for
from core.extensions.manager import PluginManager
from core.migrate import kernel_apps, migrate
from core.settings import get_settings
from core.tenancy.service import find_tenant

T = TypeVar("T")


@dataclass
class Runtime:
    manager: PluginManager
    clock: Clock

    async def tenant(self, slug: str) -> Context:
        tenant = await find_tenant(slug)
        return await context_for(tenant.id, self.manager, self.clock)


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def run(work: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(work())


@contextlib.asynccontextmanager
async def opened(apply_migrations: bool = False) -> AsyncIterator[Runtime]:
    """The database bound and started; with ``apply_migrations`` the schema is brought up to date."""
    settings = get_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    if settings.is_sqlite:
        db.prepare_sqlite_file(settings.database_url)
    manager = build_plugin_manager()
    engine = db.create_engine(settings.database_url)
    db.bind(engine, all_tables(manager))
    await db.start(engine)
    try:
        if apply_migrations:
            await migrate([*kernel_apps(), *manager.apps()])
        yield Runtime(manager=manager, clock=Clock())
    finally:
        await db.stop(engine)


def print_json(data: Any) -> None:
    import msgspec

    typer.echo(msgspec.json.format(msgspec.json.encode(data), indent=2).decode())
