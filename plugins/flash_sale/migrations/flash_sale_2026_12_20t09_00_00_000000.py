"""Orders opened before orders carried their origin: the orders of the holds (秒杀) become ``flash_sale``'s,
so the order hooks, which now look only at orders of that origin, still find them.

``mendian db migrate`` runs every kernel migration (``orders`` adds the column) before any plugin's."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-12-20T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "flash-sale orders' origin"

STATEMENTS = [
    # idempotent: a second run finds nothing of origin "" left to mark
    "UPDATE sales_order SET origin = 'flash_sale'"
    " WHERE origin = '' AND id IN (SELECT order_id FROM fs_reservation WHERE order_id IS NOT NULL)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="flash_sale", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
