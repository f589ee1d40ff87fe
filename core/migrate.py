"""``mendian db migrate``: the kernel's migrations, then every installed plugin's, once each.

Uses piccolo's migration modules and its ``migration`` bookkeeping table, driven with the app
list in code (kernel apps in dependency order, then plugins in ``requires`` order) rather than
through ``piccolo_conf``'s registry.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from piccolo.apps.migrations.commands.base import BaseMigrationManager
from piccolo.apps.migrations.commands.forwards import ForwardsMigrationManager
from piccolo.apps.migrations.tables import Migration
from piccolo.conf.apps import AppConfig

from core import db


def kernel_apps() -> list[AppConfig]:
    from core.catalog.piccolo_app import APP_CONFIG as catalog
    from core.idempotency.piccolo_app import APP_CONFIG as idempotency
    from core.ledger.piccolo_app import APP_CONFIG as ledger
    from core.member_auth.piccolo_app import APP_CONFIG as member_auth
    from core.members.piccolo_app import APP_CONFIG as members
    from core.messages.piccolo_app import APP_CONFIG as messages
    from core.orders.piccolo_app import APP_CONFIG as orders
    from core.scheduler.piccolo_app import APP_CONFIG as scheduler
    from core.tenancy.piccolo_app import APP_CONFIG as tenancy

    return [tenancy, members, catalog, ledger, orders, idempotency, scheduler, messages, member_auth]


def run_sql(statements: Iterable[str]) -> Callable[[], Awaitable[None]]:
    """A raw migration step; statements must be idempotent (``IF NOT EXISTS``) because piccolo
    records a migration only after it has committed."""
    statements = list(statements)

    async def step() -> None:
        for statement in statements:
            await db.engine().run_ddl(statement)

    return step


@dataclass(frozen=True, slots=True)
class AppMigrations:
    app: str
    applied: list[str]


async def migrate(apps: Iterable[AppConfig]) -> list[AppMigrations]:
    """Apply every migration not yet applied; return what ran, per app."""
    await Migration.create_table(if_not_exists=True)
    report = []
    for app in apps:
        before = set(await Migration.get_migrations_which_ran(app_name=app.app_name))
        manager = ForwardsMigrationManager(app_name=app.app_name)
        # piccolo prints progress with emoji; Mendian reports in its own words instead.
        with contextlib.redirect_stdout(io.StringIO()):
            result = await manager.run_migrations(app)
        if not result.success:
            raise RuntimeError(f"migrations of {app.app_name} failed: {result.message}")
        after = await Migration.get_migrations_which_ran(app_name=app.app_name)
        report.append(AppMigrations(app=app.app_name, applied=sorted(set(after) - before)))
    if any(r.applied for r in report):
        await _forget_statement_plans()
    return report


async def _forget_statement_plans() -> None:
    """The schema changed: pooled PostgreSQL connections are replaced as they are next taken, so no
    statement prepared against the old tables runs (asyncpg cannot re-prepare one inside a
    transaction: ``cached plan must not change result type``)."""
    pool = getattr(Migration._meta.db, "pool", None)
    if pool is not None:
        await pool.expire_connections()


_known: dict[str, list[str]] = {}  # each migrations folder's ids: the files do not change under a running process


def migration_ids(app: AppConfig) -> list[str]:
    """The ids of ``app``'s migrations, read from its folder once per process."""
    folder = app.resolved_migrations_folder_path
    if folder not in _known:
        finder = BaseMigrationManager()
        _known[folder] = finder.get_migration_ids(finder.get_migration_modules(folder))
    return _known[folder]


async def pending_migrations(apps: Iterable[AppConfig]) -> list[str]:
    """``app: migration`` for every migration not yet applied (one query, plus one for the table)."""
    ran: set[tuple[str, str]] = set()
    if await Migration.table_exists():
        ran = {(r["app_name"], r["name"]) for r in await Migration.select(Migration.app_name, Migration.name)}
    return [f"{app.app_name}: {i}" for app in apps for i in migration_ids(app) if (app.app_name, i) not in ran]
