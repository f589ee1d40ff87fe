"""What every command shares: run async work against the database and plugins, a tenant's
Context, JSON output, and one-line failures. The kernel's commands (cli/) and plugins' commands
(through sdk.cli) both use it, so it lives below both, in the kernel.

The kernel (litestar, piccolo) is imported inside the functions, so ``mendian --help`` and the
help of every command stay quick.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar
from urllib.parse import urlparse

import typer
from rich.console import Console

if TYPE_CHECKING:
    from core.clock import Clock
    from core.context import Context
    from core.extensions.manager import PluginManager
    from core.migrate import AppMigrations
    from core.settings import Settings

T = TypeVar("T")

# Progress bars and notes go to stderr; stdout carries only results (a key, JSON), so it can be piped.
stderr = Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr and a non-zero exit: 1 for a refusal, 2 for bad usage."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


@functools.cache
def plugin_manager() -> PluginManager:
    """The installed plugins, discovered once per process.

    A refused plugin is not logged on every command: ``plugin list`` shows the refusals with
    their reasons, and ``db migrate`` names the plugins it could not migrate.
    """
    from core.app import build_plugin_manager

    log = logging.getLogger("core.extensions.manager")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        return build_plugin_manager()
    finally:
        log.setLevel(level)


@dataclass
class Runtime:
    settings: Settings
    manager: PluginManager
    clock: Clock
    migrations: list[AppMigrations] = field(default_factory=list)  # applied while opening

    async def tenant(self, slug: str) -> Context:
        """A system Context (every permission) for the tenant with this code."""
        from core.contexts import context_for
        from core.tenancy.service import find_tenant

        tenant = await find_tenant(slug)
        return await context_for(tenant.id, self.manager, self.clock)


def shown_url(database_url: str) -> str:
    """The database URL without its password, fit to print."""
    parts = urlparse(database_url)
    if parts.password:
        return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()
    return database_url


def _connection_errors() -> tuple[type[BaseException], ...]:
    import sqlite3

    errors: tuple[type[BaseException], ...] = (OSError, sqlite3.Error)
    with contextlib.suppress(ImportError):
        import asyncpg

        errors += (asyncpg.PostgresError, asyncpg.InterfaceError)
    return errors


@contextlib.asynccontextmanager
async def opened(apply_migrations: bool = False) -> AsyncIterator[Runtime]:
    """The database bound to every table, with its schema up to date.

    SQLite (the local default) is migrated on the spot, so a fresh data folder just works.
    PostgreSQL is migrated only by ``mendian db migrate`` (``apply_migrations``): production
    schema changes are the operator's step, taken once, not by whichever process starts first.
    """
    from core import db
    from core.app import all_tables
    from core.clock import Clock
    from core.migrate import kernel_apps, migrate, pending_migrations
    from core.settings import get_settings

    # piccolo warns in colour when PostgreSQL is unreachable; the one-line failure below says it.
    warnings.filterwarnings("ignore", message=r".*Unable to (connect to database|fetch server version)")
    try:
        settings = get_settings()
        manager = plugin_manager()
        engine = db.create_engine(settings.database_url)
    except (ValueError, OSError) as exc:
        fail(f"配置有误 / bad configuration: {exc}")
    rt = Runtime(settings=settings, manager=manager, clock=Clock())
    apps = [*kernel_apps(), *manager.apps()]
    try:
        if settings.is_sqlite:
            settings.home.mkdir(parents=True, exist_ok=True)
            db.prepare_sqlite_file(settings.database_url)
        db.bind(engine, all_tables(manager))
        await db.start(engine, pool_size=settings.db_pool_size)
    except _connection_errors() as exc:
        fail(f"无法打开数据库 / cannot open the database {shown_url(settings.database_url)}: {exc}")
    try:
        if apply_migrations or settings.is_sqlite:
            rt.migrations = await migrate(apps)
        elif pending := await pending_migrations(apps):
            fail(f"数据库有 {len(pending)} 个迁移未应用，请先运行 mendian db migrate / "
                 f"{len(pending)} migration(s) pending: run `mendian db migrate` first")
        yield rt
    finally:
        await db.stop(engine)


def with_runtime(work: Callable[[Runtime], Awaitable[T]], apply_migrations: bool = False) -> T:
    """Run ``work`` with the database and plugins open, and return its result."""

    async def main() -> T:
        async with opened(apply_migrations) as rt:
            return await work(rt)

    return asyncio.run(main())


def in_tenant(slug: str, work: Callable[[Context], Awaitable[T]]) -> T:
    """Run ``work`` with a system Context of the tenant ``slug`` (NotFound if there is none)."""

    async def for_tenant(rt: Runtime) -> T:
        return await work(await rt.tenant(slug))

    return with_runtime(for_tenant)


def convert(data: dict[str, Any], into: type[T]) -> T:
    """Command-line input into a request Struct; a value the Struct refuses is a usage error."""
    import msgspec

    try:
        return msgspec.convert(data, into)
    except msgspec.ValidationError as exc:
        fail(f"输入有误 / invalid input: {exc}", 2)


def print_json(data: Any) -> None:
    import msgspec

    typer.echo(msgspec.json.format(msgspec.json.encode(data), indent=2).decode())
