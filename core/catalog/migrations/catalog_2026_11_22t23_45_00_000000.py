"""Catalog keys per tenant (a raw step: piccolo's composite Unique() breaks SQLite migrations)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-11-22T23:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "catalog unique keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS category_tenant_code ON category (tenant_id, code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS item_tenant_sku ON item (tenant_id, sku)",
    # Many items carry no barcode (services, cards): only real barcodes must be unique.
    "CREATE UNIQUE INDEX IF NOT EXISTS item_tenant_barcode ON item (tenant_id, barcode) WHERE barcode IS NOT NULL",
    "CREATE UNIQUE INDEX IF NOT EXISTS item_store_tenant_item_store ON item_store (tenant_id, item_id, store_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="catalog", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
