"""Lots that lapse, found by date: the daily lapse and the points reminders scan them."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-11-23T07:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "ledger lot expiry index"

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS ledger_lot_expiry ON ledger_lot (tenant_id, expires_at) WHERE remaining > 0",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="ledger", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
