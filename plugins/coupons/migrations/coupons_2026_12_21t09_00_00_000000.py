"""Orders that carry a coupon, or used one, are marked by this plugin (``sdk.mark_order``), as
``attach`` marks them from now on: its order hooks (pricing, using, restoring on a refund) are
called only for those."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-12-21T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "coupon orders marked"

STATEMENTS = [
    "UPDATE sales_order SET marked_by = CASE WHEN marked_by = '' THEN 'coupons' ELSE marked_by || ',coupons' END"
    " WHERE ',' || marked_by || ',' NOT LIKE '%,coupons,%'"
    " AND (EXISTS (SELECT 1 FROM cp_attachment a WHERE a.tenant_id = sales_order.tenant_id AND a.order_id = sales_order.id)"
    " OR EXISTS (SELECT 1 FROM cp_coupon c WHERE c.tenant_id = sales_order.tenant_id AND c.order_id = sales_order.id))",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coupons", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
