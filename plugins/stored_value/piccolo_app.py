import os

from piccolo.conf.apps import AppConfig

from plugins.stored_value.tables import BonusGrant, BonusRule, BonusUsage

APP_CONFIG = AppConfig(
    app_name="stored_value",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[BonusRule, BonusGrant, BonusUsage],
)
