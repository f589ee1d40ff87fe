"""`mendian db migrate` applies the kernel's migrations, then each installed plugin's, once."""

import os
import uuid

import pytest
from piccolo.apps.migrations.commands.base import BaseMigrationManager

from core import db
from core.app import all_tables
from core.migrate import kernel_apps, migrate
from sdk.testing import PG_URL_VAR, _pg_admin, _with_database
from tests.plugins_for_tests.greeter.piccolo_app import APP_CONFIG as GREETER
from tests.plugins_for_tests.greeter.tables import Greeting


@pytest.fixture
async def empty_database(tmp_path, plugin_manager):
    """A database with nothing in it (not the migrated template the other tests copy)."""
    admin_url = os.environ.get(PG_URL_VAR)
    name = f"mendian_m_{uuid.uuid4().hex[:12]}"
    if admin_url:
        url = _with_database(admin_url, name)
        await _pg_admin(admin_url, f'CREATE DATABASE "{name}"')
    else:
        url = f"sqlite:///{tmp_path / name}.sqlite3"
        db.prepare_sqlite_file(url)
    engine = db.create_engine(url)
    db.bind(engine, all_tables(plugin_manager))
    await db.start(engine)
    try:
        yield url
    finally:
        await db.stop(engine)
        if admin_url:
            await _pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_migrate_applies_the_plugins_migration_after_the_kernels(empty_database, plugin_manager):
    greeter_ids = sorted(BaseMigrationManager().get_migration_modules(GREETER.migrations_folder_path))

    report = await migrate([*kernel_apps(), *plugin_manager.apps()])

    applied = {r.app: r.applied for r in report}
    assert applied["greeter"] == greeter_ids
    order = [r.app for r in report]
    assert order.index("tenancy") < order.index("greeter")
    assert await Greeting.table_exists()


async def test_migrate_twice_applies_nothing_the_second_time(empty_database, plugin_manager):
    apps = [*kernel_apps(), *plugin_manager.apps()]
    await migrate(apps)

    again = await migrate(apps)

    assert {r.app: r.applied for r in again} == {app.app_name: [] for app in apps}
