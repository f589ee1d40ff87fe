"""An exchange remembers the one-time key of the member page form that made it, unique per member,
so a form posted twice (a double tap, a reload) exchanges once."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-10T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "points mall exchange keys (column)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="points_mall", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Exchange",
        tablename="pm_exchange",
        column_name="exchange_key",
        db_column_name="exchange_key",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )
    return manager
