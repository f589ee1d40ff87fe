import os

from piccolo.conf.apps import AppConfig

from plugins.referral.tables import Binding, Commission, CommissionRule, Payout, Promoter

APP_CONFIG = AppConfig(
    app_name="referral",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[Promoter, Binding, CommissionRule, Commission, Payout],
)
