"""Points-mall keys: a pickup code is unique while it waits, an order has one exchange, a member's
counter per reward is one row."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T10:29:11:000000"
VERSION = "1.38.0"
DESCRIPTION = "points mall keys"

STATEMENTS = [
    # Unique only while pending: codes of collected or refunded exchanges may come round again.
    "CREATE UNIQUE INDEX IF NOT EXISTS pm_exchange_pickup_code ON pm_exchange (tenant_id, pickup_code)"
    " WHERE status = 'pending'",
    "CREATE UNIQUE INDEX IF NOT EXISTS pm_exchange_order ON pm_exchange (tenant_id, order_id)",
    "CREATE INDEX IF NOT EXISTS pm_exchange_status ON pm_exchange (tenant_id, status, method)",
    # The limit's counter is inserted with ON CONFLICT DO NOTHING: two first exchanges make one row.
    "CREATE UNIQUE INDEX IF NOT EXISTS pm_member_count_key ON pm_member_count (tenant_id, reward_id, member_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="points_mall", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
