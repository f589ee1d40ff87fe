"""One record per key and tenant."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-11-23T00:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "idempotency key"

STATEMENTS = ["CREATE UNIQUE INDEX IF NOT EXISTS idempotency_record_tenant_key ON idempotency_record (tenant_id, key)"]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="idempotency", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
