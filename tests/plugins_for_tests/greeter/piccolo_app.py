import os

from piccolo.conf.apps import AppConfig

from tests.plugins_for_tests.greeter.tables import Greeting

APP_CONFIG = AppConfig(
    app_name="greeter",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[Greeting],
)
