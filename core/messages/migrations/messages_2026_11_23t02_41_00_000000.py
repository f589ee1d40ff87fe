"""Outbox keys and the delivery index (a raw step: piccolo's composite Unique() breaks SQLite migrations)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-11-23T02:41:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "outbox unique keys and delivery index"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS message_template_tenant_code ON message_template (tenant_id, code, channel)",
    # A retried event writes its message once (NULL keys never collide).
    "CREATE UNIQUE INDEX IF NOT EXISTS message_tenant_dedupe ON message (tenant_id, dedupe_key)",
    "CREATE INDEX IF NOT EXISTS message_due ON message (status, next_attempt_at)",
    "CREATE INDEX IF NOT EXISTS message_tenant_recipient ON message (tenant_id, recipient, created_at)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="messages", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
