"""Card keys: one time-card check-in per card and store-local day; a member's cards and uses."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T02:41:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "card keys"

STATEMENTS = [
    # NULL day keys (session uses, undone check-ins) never collide: NULLs are distinct on both engines.
    "CREATE UNIQUE INDEX IF NOT EXISTS cards_use_card_day ON cards_use (card_id, day_key)",
    "CREATE INDEX IF NOT EXISTS cards_card_member ON cards_card (tenant_id, member_id)",
    "CREATE INDEX IF NOT EXISTS cards_card_order ON cards_card (tenant_id, order_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="cards", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
