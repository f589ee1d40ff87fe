"""Points keys: one record per order or top-up."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T07:32:19:000000"
VERSION = "1.38.0"
DESCRIPTION = "points keys"

STATEMENTS = [
    # Two hooks racing to record the same order make one row: the second insert fails and rolls back its event.
    "CREATE UNIQUE INDEX IF NOT EXISTS points_cause_key ON points_cause (tenant_id, cause_type, cause_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="points", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
