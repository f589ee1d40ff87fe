"""Levels keys: one progress row per member, one code per level; the log read by member and time."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T08:35:46:000000"
VERSION = "1.38.0"
DESCRIPTION = "levels keys"

STATEMENTS = [
    # Two first events of one member (ON CONFLICT DO NOTHING) make one progress row.
    "CREATE UNIQUE INDEX IF NOT EXISTS lv_progress_member ON lv_progress (tenant_id, member_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS lv_tier_code ON lv_tier (tenant_id, code)",
    "CREATE INDEX IF NOT EXISTS lv_event_member_at ON lv_event (tenant_id, member_id, at)",
    "CREATE INDEX IF NOT EXISTS lv_history_member ON lv_history (tenant_id, member_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="levels", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
