"""Unique keys per tenant (a raw step: piccolo's composite Unique() breaks SQLite migrations)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-11-22T23:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenancy unique keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS store_tenant_code ON store (tenant_id, code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS staff_tenant_username ON staff (tenant_id, username)",
    "CREATE UNIQUE INDEX IF NOT EXISTS tenant_plugin_tenant_plugin ON tenant_plugin (tenant_id, plugin)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tenancy", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
