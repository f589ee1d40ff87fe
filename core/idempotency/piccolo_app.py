import os

from piccolo.conf.apps import AppConfig

from core.idempotency.tables import IdempotencyRecord

APP_CONFIG = AppConfig(
    app_name="idempotency",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[IdempotencyRecord],
)
