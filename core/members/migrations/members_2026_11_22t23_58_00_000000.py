"""Member keys per tenant (a raw step: piccolo's composite Unique() breaks SQLite migrations)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-11-22T23:58:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "members unique keys and search indexes"

STATEMENTS = [
    # One living member per phone: a soft-deleted member frees the number for a new registration.
    "CREATE UNIQUE INDEX IF NOT EXISTS member_tenant_phone ON member (tenant_id, phone) WHERE deleted_at IS NULL",
    "CREATE INDEX IF NOT EXISTS member_tenant_name ON member (tenant_id, name)",
    "CREATE INDEX IF NOT EXISTS member_tenant_level ON member (tenant_id, level_code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS member_tag_tenant_member_tag ON member_tag (tenant_id, member_id, tag)",
    "CREATE INDEX IF NOT EXISTS member_tag_tenant_tag ON member_tag (tenant_id, tag)",
    "CREATE INDEX IF NOT EXISTS member_note_tenant_member ON member_note (tenant_id, member_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="members", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
