import os

from piccolo.conf.apps import AppConfig

from core.catalog.tables import Category, Item, ItemStore

APP_CONFIG = AppConfig(
    app_name="catalog",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[Category, Item, ItemStore],
)
