"""One logo per tenant (a raw step: see tenancy_2026_11_22t23_30_00_000000)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-12-05T01:19:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one logo per tenant"

STATEMENTS = ["CREATE UNIQUE INDEX IF NOT EXISTS tenant_logo_tenant ON tenant_logo (tenant_id)"]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tenancy", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
