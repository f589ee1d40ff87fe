"""Orders opened before orders carried their origin: the orders of the bargains (砍价) become ``bargain``'s,
so the order hooks, which now look only at orders of that origin, still find them.

``mendian db migrate`` runs every kernel migration (``orders`` adds the column) before any plugin's."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-12-20T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "bargain orders' origin"

STATEMENTS = [
    # idempotent: a second run finds nothing of origin "" left to mark
    "UPDATE sales_order SET origin = 'bargain'"
    " WHERE origin = '' AND id IN (SELECT order_id FROM bargain_bargain WHERE order_id IS NOT NULL)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="bargain", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
