"""Group-buy keys: one share code per tenant, one join per order and per member in a group, one
counter row per member and deal, the deadline sweep's index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T11:13:25:000000"
VERSION = "1.38.0"
DESCRIPTION = "group-buy keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS gb_group_code ON gb_group (tenant_id, code)",
    "CREATE INDEX IF NOT EXISTS gb_group_due ON gb_group (tenant_id, status, deadline_at)",
    "CREATE INDEX IF NOT EXISTS gb_group_deal ON gb_group (tenant_id, deal_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS gb_join_order ON gb_join (tenant_id, order_id)",
    # two joins of one member racing into one group: one row (regular deals have no group: NULLs differ)
    "CREATE UNIQUE INDEX IF NOT EXISTS gb_join_member ON gb_join (tenant_id, group_id, member_id)",
    "CREATE INDEX IF NOT EXISTS gb_join_status ON gb_join (tenant_id, status)",
    # seats.py inserts the member's counter with ON CONFLICT DO NOTHING: two first payments make one row
    "CREATE UNIQUE INDEX IF NOT EXISTS gb_member_count_key ON gb_member_count (tenant_id, deal_id, member_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="group_buy", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
