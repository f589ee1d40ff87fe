"""Bargain keys: one count row per member and campaign, one cut per helper and per place in the
sequence, unique share codes, one bargain per order, the sweep's index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T11:10:59:000000"
VERSION = "1.38.0"
DESCRIPTION = "bargain keys"

STATEMENTS = [
    # start inserts the member's counter with ON CONFLICT DO NOTHING: two first starts make one row.
    "CREATE UNIQUE INDEX IF NOT EXISTS bargain_member_count_key ON bargain_member_count (tenant_id, campaign_id, member_id)",
    # one cut per helper: a second cut (even at the same moment) breaks this and rolls back whole.
    "CREATE UNIQUE INDEX IF NOT EXISTS bargain_cut_helper ON bargain_cut (tenant_id, bargain_id, helper_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS bargain_cut_seq ON bargain_cut (tenant_id, bargain_id, seq)",
    "CREATE UNIQUE INDEX IF NOT EXISTS bargain_share_code ON bargain_bargain (tenant_id, share_code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS bargain_order ON bargain_bargain (tenant_id, order_id)",
    "CREATE INDEX IF NOT EXISTS bargain_due ON bargain_bargain (tenant_id, status, expires_at)",
    "CREATE INDEX IF NOT EXISTS bargain_member ON bargain_bargain (tenant_id, member_id)",
    "CREATE INDEX IF NOT EXISTS bargain_bargain_campaign ON bargain_bargain (tenant_id, campaign_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="bargain", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
