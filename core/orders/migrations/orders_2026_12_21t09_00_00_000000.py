"""An order's facts, so a plugin knows from the order alone whether it cares: ``member_level``,
the member's level when the order was opened (filled for open orders from their member), and
``marked_by``, the plugins that put something on it (coupons attached to open orders). The next
migration fills ``member_level`` for open orders (piccolo runs a migration's raw steps before its
column changes)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-21T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "order facts: member level, marked by"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="orders", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Order",
        tablename="sales_order",
        column_name="member_level",
        db_column_name="member_level",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 40,
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
    manager.add_column(
        table_class_name="Order",
        tablename="sales_order",
        column_name="marked_by",
        db_column_name="marked_by",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 400,
            "default": "",
            "null": False,
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
