"""One join per member and form key: two copies of one 开团 or 团购 form racing place one join
(joins placed by the REST API have no key: NULLs differ)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-12-12T10:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "group-buy request key index"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS gb_join_request ON gb_join (tenant_id, member_id, request_key)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="group_buy", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
