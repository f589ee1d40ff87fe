import os

from piccolo.conf.apps import AppConfig

from plugins.points_mall.tables import Exchange, MemberCount, Reward

APP_CONFIG = AppConfig(
    app_name="points_mall",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[Reward, Exchange, MemberCount],
)
