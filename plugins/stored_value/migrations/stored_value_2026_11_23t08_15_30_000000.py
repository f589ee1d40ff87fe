"""Stored-value bonus keys: one use counter per member and rule; grants found by their top-up."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T08:15:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "stored value bonus keys"

STATEMENTS = [
    # record_grant inserts the counter with ON CONFLICT DO NOTHING: two first top-ups make one row.
    "CREATE UNIQUE INDEX IF NOT EXISTS sv_bonus_usage_key ON sv_bonus_usage (tenant_id, rule_id, member_id)",
    "CREATE INDEX IF NOT EXISTS sv_bonus_grant_top_up ON sv_bonus_grant (tenant_id, top_up_entry_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="stored_value", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
