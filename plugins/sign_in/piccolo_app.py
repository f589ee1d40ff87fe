import os

from piccolo.conf.apps import AppConfig

from plugins.sign_in.tables import SignInDay, SignInGift, SignInMember, SignInPlan

APP_CONFIG = AppConfig(
    app_name="sign_in",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[SignInPlan, SignInMember, SignInDay, SignInGift],
)
