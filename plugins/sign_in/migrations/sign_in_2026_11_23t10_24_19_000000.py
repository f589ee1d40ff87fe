"""Sign-in keys: one row per member (the lock), one sign-in per member and day, one plan per tenant."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T10:24:19:000000"
VERSION = "1.38.0"
DESCRIPTION = "sign-in keys"

STATEMENTS = [
    # _take_turn inserts the member's row with ON CONFLICT DO NOTHING: two first sign-ins make one row.
    "CREATE UNIQUE INDEX IF NOT EXISTS sg_member_key ON sg_member (tenant_id, member_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS sg_day_key ON sg_day (tenant_id, member_id, day)",
    "CREATE INDEX IF NOT EXISTS sg_day_by_day ON sg_day (tenant_id, day)",
    "CREATE UNIQUE INDEX IF NOT EXISTS sg_plan_key ON sg_plan (tenant_id)",
    "CREATE INDEX IF NOT EXISTS sg_gift_member ON sg_gift (tenant_id, member_id)",
    "CREATE INDEX IF NOT EXISTS sg_gift_status ON sg_gift (tenant_id, status)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sign_in", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
