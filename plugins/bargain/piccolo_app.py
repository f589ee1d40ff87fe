import os

from piccolo.conf.apps import AppConfig

from plugins.bargain.tables import Bargain, BargainCampaign, BargainCut, BargainMemberCount

APP_CONFIG = AppConfig(
    app_name="bargain",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[BargainCampaign, BargainMemberCount, Bargain, BargainCut],
)
