"""One check-in per card and day, keyed with the tenant: a unique index without tenant_id could not
be enforced on one shard when tables are distributed by tenant (docs/scaling.md). A card belongs
to one tenant, so the new key refuses exactly what the old one did."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-12-22T09:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "cards use key with tenant"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS cards_use_tenant_card_day ON cards_use (tenant_id, card_id, day_key)",
    "DROP INDEX IF EXISTS cards_use_card_day",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="cards", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
