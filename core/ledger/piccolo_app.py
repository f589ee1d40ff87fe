import os

from piccolo.conf.apps import AppConfig

from core.ledger.tables import LedgerAccount, LedgerEntry, LedgerLot, LedgerPosting

APP_CONFIG = AppConfig(
    app_name="ledger",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[LedgerAccount, LedgerEntry, LedgerPosting, LedgerLot],
)
