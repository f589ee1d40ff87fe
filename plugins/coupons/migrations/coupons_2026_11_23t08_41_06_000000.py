"""Coupon keys: unguessable codes are unique, an issue key issues once, a member's counter is one row."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T08:41:06:000000"
VERSION = "1.38.0"
DESCRIPTION = "coupon keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS cp_coupon_code ON cp_coupon (tenant_id, code)",
    # A welcome, birthday or SDK issue repeated (a retried job, a replayed event) finds the first.
    "CREATE UNIQUE INDEX IF NOT EXISTS cp_coupon_issue_key ON cp_coupon (tenant_id, issue_key)",
    "CREATE INDEX IF NOT EXISTS cp_coupon_member ON cp_coupon (tenant_id, member_id)",
    "CREATE INDEX IF NOT EXISTS cp_coupon_expiry ON cp_coupon (tenant_id, status, expires_at)",
    "CREATE UNIQUE INDEX IF NOT EXISTS cp_attachment_key ON cp_attachment (tenant_id, order_id, coupon_id)",
    # _take_allowance inserts the counter with ON CONFLICT DO NOTHING: two first claims make one row.
    "CREATE UNIQUE INDEX IF NOT EXISTS cp_member_count_key ON cp_member_count (tenant_id, template_id, member_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coupons", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
