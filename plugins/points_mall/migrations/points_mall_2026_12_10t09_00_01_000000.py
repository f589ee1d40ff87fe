"""The exchange key is unique per member (a separate step: piccolo runs a migration's raw SQL
before its new columns)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-12-10T09:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "points mall exchange keys (unique)"

STATEMENTS = [
    # NULL keys (exchanges at the till, over REST) are distinct on both engines: only forms are keyed.
    "CREATE UNIQUE INDEX IF NOT EXISTS pm_exchange_key ON pm_exchange (tenant_id, member_id, exchange_key)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="points_mall", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
