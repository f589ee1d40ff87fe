"""Open and held orders take their member's level, as orders opened from now on do."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-21T09:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "order facts: the member level of open orders"


async def _backfill() -> None:
    from core.orders.tables import Order

    await Order.raw(
        "UPDATE sales_order SET member_level = (SELECT level_code FROM member"
        " WHERE member.tenant_id = sales_order.tenant_id AND member.id = sales_order.member_id)"
        " WHERE member_id IS NOT NULL AND status IN ('open', 'held')"
    ).run()


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="orders", description=DESCRIPTION)
    manager.add_raw(_backfill)
    return manager
