"""One daily run per tenant and local day."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-11-23T00:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "daily run key"

STATEMENTS = ["CREATE UNIQUE INDEX IF NOT EXISTS daily_run_tenant_day ON daily_run (tenant_id, day)"]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduler", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
