import os

from piccolo.conf.apps import AppConfig

from plugins.levels.tables import LevelEvent, LevelHistory, LevelProgress, LevelTier

APP_CONFIG = AppConfig(
    app_name="levels",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[LevelTier, LevelProgress, LevelEvent, LevelHistory],
)
