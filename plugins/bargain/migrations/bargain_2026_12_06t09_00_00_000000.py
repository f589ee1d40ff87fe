"""A bargain remembers the one-time key of the form that started it: a replayed form starts none."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "bargain start keys"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="bargain", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Bargain",
        tablename="bargain_bargain",
        column_name="start_key",
        db_column_name="start_key",
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
