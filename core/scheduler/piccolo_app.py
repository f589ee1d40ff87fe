import os

from piccolo.conf.apps import AppConfig

from core.scheduler.tables import DailyRun, JobRun

APP_CONFIG = AppConfig(
    app_name="scheduler",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[DailyRun, JobRun],
)
