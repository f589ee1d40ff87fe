import os

from piccolo.conf.apps import AppConfig

from plugins.cards.tables import Card, CardUse

APP_CONFIG = AppConfig(
    app_name="cards",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[Card, CardUse],
)
