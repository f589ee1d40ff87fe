"""Ledger keys: one account per code and one entry per idempotency key, per tenant."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-11-22T23:31:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "ledger unique keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS ledger_account_tenant_code ON ledger_account (tenant_id, code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS ledger_entry_tenant_idempotency ON ledger_entry (tenant_id, idempotency_key)"
    " WHERE idempotency_key IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS ledger_account_owner ON ledger_account (tenant_id, owner_type, owner_id)",
    "CREATE INDEX IF NOT EXISTS ledger_lot_live ON ledger_lot (account_id, remaining)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="ledger", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
