"""Orders opened before orders carried their origin: the orders of the exchanges (积分兑换) become ``points_mall``'s,
so the order hooks, which now look only at orders of that origin, still find them.

``mendian db migrate`` runs every kernel migration (``orders`` adds the column) before any plugin's."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-12-20T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "points-mall orders' origin"

STATEMENTS = [
    # idempotent: a second run finds nothing of origin "" left to mark
    "UPDATE sales_order SET origin = 'points_mall'"
    " WHERE origin = '' AND id IN (SELECT order_id FROM pm_exchange WHERE order_id IS NOT NULL)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="points_mall", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
