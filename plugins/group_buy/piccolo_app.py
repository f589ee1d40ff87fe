import os

from piccolo.conf.apps import AppConfig

from plugins.group_buy.tables import Group, GroupDeal, Join, MemberCount

APP_CONFIG = AppConfig(
    app_name="group_buy",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[GroupDeal, Group, Join, MemberCount],
)
