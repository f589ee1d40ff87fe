"""One bargain per member and start key (a column of the migration before: piccolo runs raw SQL
before its column changes, so the index is a migration of its own)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-12-06T09:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "bargain start key index"

STATEMENTS = [
    # two starts with the same form key at once: the second breaks this and rolls back whole.
    "CREATE UNIQUE INDEX IF NOT EXISTS bargain_start_key ON bargain_bargain (tenant_id, member_id, start_key)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="bargain", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
