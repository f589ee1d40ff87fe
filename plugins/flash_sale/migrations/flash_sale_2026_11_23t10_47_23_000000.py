"""Flash-sale keys: one counter row per member and item, one reservation per order, the release sweep's index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T10:47:23:000000"
VERSION = "1.38.0"
DESCRIPTION = "flash-sale keys"

STATEMENTS = [
    # record_take inserts the member's counter with ON CONFLICT DO NOTHING: two first takes make one row.
    "CREATE UNIQUE INDEX IF NOT EXISTS fs_member_count_key ON fs_member_count (tenant_id, flash_item_id, member_id)",
    "CREATE INDEX IF NOT EXISTS fs_item_session ON fs_item (tenant_id, session_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS fs_reservation_order ON fs_reservation (tenant_id, order_id)",
    "CREATE INDEX IF NOT EXISTS fs_reservation_due ON fs_reservation (tenant_id, status, expires_at)",
    "CREATE INDEX IF NOT EXISTS fs_reservation_member ON fs_reservation (tenant_id, member_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="flash_sale", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
