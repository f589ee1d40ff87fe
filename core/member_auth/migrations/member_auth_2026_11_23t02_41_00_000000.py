"""Sign-in code keys (a raw step: piccolo's composite Unique() breaks SQLite migrations)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-11-23T02:41:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one sign-in code per phone and send interval"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS member_auth_code_slot ON member_auth_code (tenant_id, phone, send_slot)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="member_auth", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
