"""Runs of scheduled jobs, one per job and due slot (and tenant when run for one)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigSerial, Integer, Text, Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-22T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "job runs"

COMMON = {"primary_key": False, "unique": False, "index": False, "index_method": IndexMethod.btree,
          "choices": None, "db_column_name": None, "secret": False}

COLUMNS = [
    ("id", BigSerial, {"null": False, "primary_key": True}),
    ("tenant_id", Integer, {"default": 0, "null": False}),
    ("job", Varchar, {"length": 100, "default": "", "null": False}),
    ("slot", Varchar, {"length": 40, "default": "", "null": False}),
    ("status", Varchar, {"length": 10, "default": "running", "null": False}),
    ("started_at", Timestamptz, {"default": None, "null": False}),
    ("finished_at", Timestamptz, {"default": None, "null": True}),
    ("done", Integer, {"default": None, "null": True}),
    ("error", Text, {"default": "", "null": False}),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduler", description=DESCRIPTION)
    manager.add_table(class_name="JobRun", tablename="job_run", schema=None, columns=None)
    for name, column_class, params in COLUMNS:
        manager.add_column(table_class_name="JobRun", tablename="job_run", column_name=name, db_column_name=name,
                           column_class_name=column_class.__name__, column_class=column_class,
                           params={**COMMON, **params}, schema=None)
    return manager
