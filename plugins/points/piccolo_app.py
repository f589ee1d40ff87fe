import os

from piccolo.conf.apps import AppConfig

from plugins.points.tables import PointsCause

APP_CONFIG = AppConfig(
    app_name="points",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[PointsCause],
)
