"""Order keys: one number per tenant; lookups by store, member and status."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-11-22T23:59:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "order keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS sales_order_tenant_number ON sales_order (tenant_id, number)"
    " WHERE number <> ''",
    "CREATE INDEX IF NOT EXISTS sales_order_store_status ON sales_order (tenant_id, store_id, status)",
    "CREATE INDEX IF NOT EXISTS sales_order_member ON sales_order (tenant_id, member_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="orders", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
