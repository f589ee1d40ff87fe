"""Who held an order and when (挂单人, 挂单时间): what the till's held-orders drawer shows. Orders held
before have neither; the drawer shows their opening time and no name."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt, Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-22T09:18:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "held orders: who held them and when"

_PARAMS = {"default": None, "null": True, "primary_key": False, "unique": False, "index": False,
           "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="orders", description=DESCRIPTION)
    for name, column_class in (("held_by", BigInt), ("held_at", Timestamptz)):
        manager.add_column(table_class_name="Order", tablename="sales_order", column_name=name, db_column_name=name,
                           column_class_name=column_class.__name__, column_class=column_class, params=_PARAMS,
                           schema=None)
    return manager
